import type { Simulator } from '../../../simulator';
import {
	liveCallsPerNumber,
	requestKinds,
	RETRY_3,
	runSend,
	simulatorForTests,
} from './retry-fixture';

const simulator = simulatorForTests();
let sim: Simulator;
beforeEach(() => {
	sim = simulator();
});

const callSend = { resource: 'call', operation: 'send', phoneNumbers: '8185550100' };
const three = [{ phone: '8185550100' }, { phone: '8185550117' }, { phone: '8185550152' }];
const perPhone = {
	resource: 'call',
	operation: 'send',
	phoneNumbers: '={{ $json.phone }}',
	options: { batchSize: 2 },
};

describe('Retry On Fail after a send whose outcome is unknown', () => {
	it('queues the number once when the first try was processed and its reply lost (the measured case)', async () => {
		await sim.setFault({ type: 'dropAfterRead', times: 1 });
		const result = await runSend(sim, { parameters: callSend, settings: RETRY_3 });
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({ '8185550100': 1 });
		const [item] = result.json('VoiceShot');
		expect(item).toMatchObject({
			phonenumber: '8185550100',
			alreadyQueued: true,
			status: 'Pending',
		});
		expect(item.callid).toBe(sim.calls()[0].callid);
		expect(requestKinds(sim)).toEqual(['send', 'callQuery']);
	});

	it('keeps a call that starts dialing between the query and the delete, and does not send it again', async () => {
		sim.configure({ queryListsPending: false });
		await sim.setFault({ type: 'dropAfterRead', times: 1 });
		// Right after the first query is answered, VoiceShot starts dialing every pending call.
		const dialed = sim.waitFor(
			'request',
			(event) => {
				if (event.type !== 'request' || event.entry.kind !== 'callQuery') return false;
				sim.dial();
				return true;
			},
			10_000,
		);
		const result = await runSend(sim, { parameters: callSend, settings: RETRY_3 });
		await dialed;
		expect(result.status).toBe('success');
		expect(sim.calls().map((call) => call.status)).toEqual(['dialing']);
		expect(requestKinds(sim)).toEqual(['send', 'callQuery', 'deletePending', 'callQuery']);
		expect(result.json('VoiceShot')[0]).toMatchObject({ alreadyQueued: true, status: 'Dialing' });
	});

	it('does not send again a batch an earlier try had queued, and settles only the unknown one', async () => {
		// The first send passes (a 0 ms delay), the second is processed and its reply lost.
		await sim.setFault({ type: 'delay', ms: 0, action: '0', times: 1 });
		await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 });
		const result = await runSend(sim, {
			items: three,
			parameters: perPhone,
			settings: RETRY_3,
		});
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({
			'8185550100': 1,
			'8185550117': 1,
			'8185550152': 1,
		});
		expect(requestKinds(sim)).toEqual(['send', 'send', 'callQuery']);
		expect(result.json('VoiceShot').map((json) => [json.phonenumber, json.alreadyQueued])).toEqual([
			['8185550100', true],
			['8185550117', true],
			['8185550152', true],
		]);
	});

	it('does not send again a batch an earlier try had queued when a later one was refused', async () => {
		await sim.setFault({ type: 'delay', ms: 0, action: '0', times: 1 });
		await sim.setFault({ type: 'errorid', errorid: 2, action: '0', times: 1 });
		const result = await runSend(sim, {
			items: three,
			parameters: perPhone,
			settings: RETRY_3,
		});
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({
			'8185550100': 1,
			'8185550117': 1,
			'8185550152': 1,
		});
		// Nothing was unknown: nothing to ask VoiceShot.
		expect(requestKinds(sim)).toEqual(['send', 'send', 'send']);
		expect(result.json('VoiceShot').map((json) => json.alreadyQueued)).toEqual([
			true,
			true,
			undefined,
		]);
	});

	it('tries the recovery again when its own query fails, and sends nothing meanwhile', async () => {
		sim.configure({ queryListsPending: false });
		await sim.setFault({
			type: 'status',
			status: 500,
			process: true,
			action: '0',
			times: 1,
		});
		await sim.setFault({ type: 'status', status: 503, action: '3', times: 1 });
		const result = await runSend(sim, {
			items: three,
			parameters: perPhone,
			settings: RETRY_3,
		});
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({
			'8185550100': 1,
			'8185550117': 1,
			'8185550152': 1,
		});
		expect(requestKinds(sim)).toEqual([
			'send',
			'callQuery',
			'callQuery',
			'deletePending',
			'callQuery',
			'send',
			'send',
		]);
	});

	it('with Continue On Fail too: n8n retries on the error item, and the retry settles it', async () => {
		await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 });
		const result = await runSend(sim, {
			items: three,
			parameters: { ...perPhone, options: { sendMode: 'perItem' } },
			settings: { ...RETRY_3, onError: 'continueRegularOutput' },
		});
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({
			'8185550100': 1,
			'8185550117': 1,
			'8185550152': 1,
		});
		const json = result.json('VoiceShot');
		expect(json.map((item) => item.error)).toEqual([undefined, undefined, undefined]);
		expect(json[0].alreadyQueued).toBe(true);
	});

	it('with Continue (using error output): the retry settles it and the error output stays empty', async () => {
		await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 });
		const result = await runSend(sim, {
			items: three,
			parameters: { ...perPhone, options: { sendMode: 'perItem' } },
			settings: { ...RETRY_3, onError: 'continueErrorOutput' },
		});
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({
			'8185550100': 1,
			'8185550117': 1,
			'8185550152': 1,
		});
		expect(result.json('VoiceShot', 0).map((json) => json.phonenumber)).toEqual([
			'8185550100',
			'8185550117',
			'8185550152',
		]);
		expect(result.json('VoiceShot', 1)).toEqual([]);
	});

	it('with Continue On Fail, a recovery that cannot ask VoiceShot gives error items with the Call IDs and sends nothing again', async () => {
		await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 });
		await sim.setFault({ type: 'status', status: 503, action: '3' });
		const result = await runSend(sim, {
			items: three,
			parameters: perPhone,
			settings: {
				retryOnFail: true,
				maxTries: 2,
				waitBetweenTries: 1,
				onError: 'continueRegularOutput',
			},
		});
		expect(liveCallsPerNumber(sim)).toEqual({
			'8185550100': 1,
			'8185550117': 1,
			'8185550152': 1,
		});
		expect(requestKinds(sim)).toEqual(['send', 'send', 'callQuery']);
		const json = result.json('VoiceShot');
		const calls = sim.calls();
		// Item 2 (the second batch) was sent in the first try: queued, not asked about again.
		expect(json.map((item) => [item.error !== undefined, item.alreadyQueued])).toEqual([
			[true, undefined],
			[true, undefined],
			[false, true],
		]);
		expect(json[0].callids).toEqual([calls[0].callid]);
		expect(json[1].callids).toEqual([calls[1].callid]);
		expect(json[0].errorDescription).toMatch(/looking them up in VoiceShot failed/);
	});

	it('calls at most once when every try fails, and the error lists the Call IDs', async () => {
		sim.configure({ queryListsPending: false });
		await sim.setFault({ type: 'dropAfterRead', action: '0' });
		const result = await runSend(sim, { parameters: callSend, settings: RETRY_3 });
		expect(result.status).toBe('error');
		expect(liveCallsPerNumber(sim)).toEqual({ '8185550100': 1 });
		// Each later try deleted the pending call it could not see before sending it again.
		expect(sim.calls().map((call) => call.status)).toEqual(['deleted', 'deleted', 'pending']);
		expect(new Set(sim.calls().map((call) => call.callid)).size).toBe(1);
		expect(result.error?.description).toContain(sim.calls()[0].callid);
	});

	it('Call IDs the node makes are the same in every try and differ between executions', async () => {
		await sim.setFault({ type: 'status', status: 500, action: '0', times: 1 });
		await runSend(sim, { parameters: callSend, settings: RETRY_3 });
		await runSend(sim, { parameters: callSend, settings: RETRY_3 });
		const sends = sim
			.snapshot()
			.requests.filter((entry) => entry.body.includes('action="0"'))
			.map((entry) => /callid="([^"]+)"/.exec(entry.body)?.[1]);
		expect(sends).toHaveLength(3);
		expect(sends[0]).toBe(sends[1]);
		expect(sends[2]).not.toBe(sends[0]);
		expect(sends[0]).toMatch(/^n8n-[0-9a-f]{32}$/);
	});
});

describe('without Retry On Fail nothing changes', () => {
	it('fails, sends nothing again, asks nothing, and lists the Call IDs', async () => {
		await sim.setFault({ type: 'dropAfterRead', times: 1 });
		const result = await runSend(sim, { items: three, parameters: perPhone });
		expect(result.status).toBe('error');
		expect(requestKinds(sim)).toEqual(['send']);
		expect(result.error?.description).toContain('NOT repeated');
		for (const call of sim.calls()) expect(result.error?.description).toContain(call.callid);
	});

	it('an HTTP 5xx is an unknown outcome too: not repeated, Call IDs listed', async () => {
		await sim.setFault({ type: 'status', status: 502, times: 1 });
		const result = await runSend(sim, { parameters: callSend });
		expect(result.status).toBe('error');
		expect(result.error?.description).toContain('NOT repeated');
		expect(result.error?.description).toMatch(/n8n-[0-9a-f]{32}/);
	});
});

describe('the request timeout (credentials: Timeout (Seconds))', () => {
	it('gives up after the timeout set', async () => {
		await sim.setFault({ type: 'slowReply', ms: 800, times: 1 });
		const result = await runSend(sim, {
			parameters: callSend,
			credentials: { timeoutSeconds: 0.2 },
		});
		expect(result.error?.message).toMatch(/failed after the request was sent \(timed out\)/);
		expect(sim.calls()).toHaveLength(1);
	});

	it('refuses a timeout that is not a positive number, naming the field', async () => {
		const result = await runSend(sim, {
			parameters: callSend,
			credentials: { timeoutSeconds: 0 },
		});
		expect(result.error?.message).toMatch(/Timeout \(Seconds\)/);
		expect(sim.snapshot().requests).toHaveLength(0);
	});
});
