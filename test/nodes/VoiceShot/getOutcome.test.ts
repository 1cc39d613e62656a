/**
 * Call → Get Outcome on the real engine against the simulator: every outcome, the two traps
 * (voicemail, a call still ringing), waiting inside the node, the Final and Pending outputs,
 * pairing, bad input, On Error, the request strategy, and a user stopping the execution.
 */
import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeParameters,
} from 'n8n-workflow';

import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShot } from '../../../nodes/VoiceShot/VoiceShot.node';
import {
	LISTING_FROM,
	operation as getOutcomeOperation,
} from '../../../nodes/VoiceShot/actions/call/getOutcome.operation';
import type { CallQueryRequest } from '../../../nodes/shared/xml';
import { decodeRequest } from '../../../simulator/codec';
import { cleanupEngine, connect, runWorkflow, type CredentialStore } from '../../helpers/engine';
import { ItemsSource } from '../../helpers/test-nodes';
import { CREDENTIAL, receivedBodies, startHarness, type Harness } from './fixture';

let harness: Harness;

const ANSWERS = {
	'8185550101': { answer: 'human' as const, keypresses: { '1': '1' }, durationSeconds: 21 },
	'8185550102': { answer: 'machine' as const },
	'8185550103': { answer: 'busy' as const },
	'8185550104': { answer: 'noanswer' as const },
	'8185550105': { answer: 'failed' as const },
	'8185550106': { answer: 'human' as const, status: 'Escalated', comment: 'Operator' },
	'8185550107': { answer: 'human' as const },
};

beforeAll(async () => {
	harness = await startHarness({ outcomes: { byNumber: ANSWERS } });
});
afterEach(async () => {
	await harness.sim.reset();
	await harness.sim.configure({ callDelayMs: null, queryListsPending: true });
});
afterAll(async () => {
	await harness.sim.close();
	cleanupEngine();
});

const getOutcome = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'call',
	operation: 'getOutcome',
	callId: '={{ $json.callid }}',
	phoneNumber: '={{ $json.phonenumber }}',
	...extra,
});

/** Sends one call per number (each its own Call ID); returns Send's output items. */
async function send(numbers: string[]): Promise<IDataObject[]> {
	const result = await harness.run({
		items: numbers.map((phone) => ({ phone })),
		parameters: {
			resource: 'call',
			operation: 'send',
			phoneNumbers: '={{ $json.phone }}',
			prompts: {
				prompt: [{ promptId: '1', type: 'tts', content: 'Web server 1 is down. Press 1.' }],
			},
		},
	});
	expect(result.error).toBeUndefined();
	return result.json('VoiceShot');
}

/** Whether the simulator has received a call query. */
const queried = (sim: Harness['sim']) =>
	sim.snapshot({ calls: false }).requests.some((entry) => entry.kind === 'callQuery');

function queries(): CallQueryRequest[] {
	return receivedBodies(harness.sim)
		.map((body) => decodeRequest(body))
		.filter((request): request is CallQueryRequest => request.kind === 'callQuery');
}

describe('Call → Get Outcome: outcomes', () => {
	it('tells every outcome apart, keeps the item and pairs it', async () => {
		const sent = await send(Object.keys(ANSWERS));
		await harness.sim.complete({});
		const rows = sent.map((item, index) => ({ ...item, row: index }));
		const result = await harness.run({ items: rows, parameters: getOutcome() });
		expect(result.error).toBeUndefined();
		const items = result.items('VoiceShot');
		expect(items.map((item) => item.pairedItem)).toEqual(sent.map((_, item) => ({ item })));
		expect(
			items.map((item) => [item.json.phonenumber, item.json.outcome, item.json.final]),
		).toEqual([
			['8185550101', 'answered', true],
			['8185550102', 'voicemail', true],
			['8185550103', 'busy', true],
			['8185550104', 'noAnswer', true],
			['8185550105', 'failed', true],
			['8185550106', 'other', true],
			['8185550107', 'answered', true],
		]);
		expect(items[0].json).toMatchObject({
			callid: sent[0].callid,
			status: 'Successful',
			comment: 'Human Answer',
			duration: 21,
			keypressByPrompt: { '1': '1' },
		});
		expect(items[0].json.dateandtimeIso).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect(items[0].json).not.toHaveProperty('keypresses');
		// the voicemail trap: VoiceShot says Successful, the comment says a machine took it
		expect(items[1].json).toMatchObject({ status: 'Successful', comment: 'Answering Machine' });
		// an unknown status is kept as sent
		expect(items[5].json).toMatchObject({ status: 'Escalated', comment: 'Operator' });
		// the item's own fields flow on
		expect(items.map((item) => item.json.row)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(items[2].json.menuid).toBe('1-1234');
	});

	it('reads a call not yet placed, or still ringing, as pending, not as unanswered', async () => {
		const [queued, ringing] = await send(['8185550101', '8185550107']);
		harness.sim.dial({ callid: ringing.callid as string });
		const result = await harness.run({ items: [queued, ringing], parameters: getOutcome() });
		const items = result.json('VoiceShot');
		expect(items.map((item) => [item.status, item.outcome, item.final])).toEqual([
			['Pending', 'pending', false],
			['Dialing', 'pending', false],
		]);
		expect(items[0].keypressByPrompt).toEqual({});
	});

	it('reads a call the query does not list yet as pending', async () => {
		await harness.sim.configure({ queryListsPending: false });
		const [queued] = await send(['8185550101']);
		const result = await harness.run({ items: [queued], parameters: getOutcome() });
		expect(result.json('VoiceShot')).toEqual([
			expect.objectContaining({
				callid: queued.callid,
				outcome: 'pending',
				final: false,
				status: '',
			}),
		]);
	});

	it('gives every call of a call group when the item names no number; the raw fields without Simplify', async () => {
		await send(['8185550101']);
		const group = await harness.run({
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '8185550102, 8185550103',
				prompts: { prompt: [{ promptId: '1', type: 'tts', content: 'Hello' }] },
				options: { callId: 'group-1' },
			},
		});
		expect(group.error).toBeUndefined();
		await harness.sim.complete({});
		const result = await harness.run({
			items: [{ callid: 'group-1' }],
			parameters: getOutcome({ simplify: false }),
		});
		const items = result.items('VoiceShot');
		expect(items.map((item) => [item.json.phonenumber, item.json.outcome])).toEqual([
			['8185550102', 'voicemail'],
			['8185550103', 'busy'],
		]);
		expect(
			items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
		expect(items[0].json.keypresses).toEqual([{ promptid: '1', keypress: '' }]);
		expect(items[0].json).toHaveProperty('dateandtime');
	});
});

describe('Call → Get Outcome: requests', () => {
	it('queries each Call ID below the threshold, and lists the campaign once from it on', async () => {
		const sent = await send(
			Array.from({ length: LISTING_FROM }, (_, index) => String(8185550200 + index)),
		);
		await harness.sim.complete({});
		const before = queries().length;
		await harness.run({ items: sent.slice(0, LISTING_FROM - 1), parameters: getOutcome() });
		const few = queries().slice(before);
		expect(few.map((query) => query.callids)).toEqual(
			sent.slice(0, LISTING_FROM - 1).map((item) => [item.callid]),
		);
		const middle = queries().length;
		const result = await harness.run({ items: sent, parameters: getOutcome() });
		expect(
			queries()
				.slice(middle)
				.map((query) => query.callids),
		).toEqual([['']]);
		expect(result.json('VoiceShot').map((item) => item.callid)).toEqual(
			sent.map((item) => item.callid),
		);
	});
});

describe('Call → Get Outcome: waiting inside the node', () => {
	it('checks again until the call is final', async () => {
		const [call] = await send(['8185550101']);
		const started = Date.now();
		const running = harness.run({
			items: [call],
			parameters: getOutcome({ waitUntilFinal: true, maxWaitSeconds: 20, checkIntervalSeconds: 1 }),
		});
		await harness.sim.waitFor(queried);
		await harness.sim.complete({ callid: call.callid as string });
		const result = await running;
		expect(result.json('VoiceShot')).toEqual([
			expect.objectContaining({ outcome: 'answered', final: true, keypressByPrompt: { '1': '1' } }),
		]);
		expect(queries().length).toBeGreaterThanOrEqual(2);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('outputs the calls still pending with final false when Max Wait has passed', async () => {
		const [done, waiting] = await send(['8185550103', '8185550107']);
		await harness.sim.complete({ callid: done.callid as string });
		const started = Date.now();
		const result = await harness.run({
			items: [done, waiting],
			parameters: getOutcome({ waitUntilFinal: true, maxWaitSeconds: 2, checkIntervalSeconds: 1 }),
		});
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.json('VoiceShot').map((item) => [item.outcome, item.final])).toEqual([
			['busy', true],
			['pending', false],
		]);
		expect(elapsed).toBeGreaterThanOrEqual(2000);
		// the final call is not asked for again: only the pending one, about once a second
		const asked = queries().map((query) => query.callids[0]);
		expect(asked.filter((callid) => callid === done.callid)).toHaveLength(1);
		expect(asked.filter((callid) => callid === waiting.callid).length).toBeGreaterThanOrEqual(3);
	});

	it('stops waiting at once when the execution is stopped', async () => {
		const [call] = await send(['8185550107']);
		let cancel: () => void = () => undefined;
		const started = Date.now();
		const running = runWorkflow({
			nodeTypes: [ItemsSource, VoiceShot],
			credentialTypes: [VoiceShotApi],
			credentials: harness.credentials() as CredentialStore,
			nodes: [
				{ name: 'Source', type: 'testItemsSource', parameters: { items: JSON.stringify([call]) } },
				{
					name: 'VoiceShot',
					type: 'n8n-nodes-voiceshot.voiceShot',
					parameters: getOutcome({
						waitUntilFinal: true,
						maxWaitSeconds: 300,
						checkIntervalSeconds: 60,
					}),
					credentials: CREDENTIAL,
				},
			],
			connections: connect('Source', 'VoiceShot'),
			onStarted: (stop) => (cancel = stop),
		});
		await harness.sim.waitFor(queried);
		cancel();
		const result = await running;
		expect(result.status).toBe('canceled');
		expect(Date.now() - started).toBeLessThan(5000);
		const count = queries().length;
		await sleep(300);
		expect(queries()).toHaveLength(count);
	});
});

describe('Call → Get Outcome: Final and Pending outputs', () => {
	it('routes final calls to Final and the others to Pending, each paired with its item', async () => {
		const [done, waiting] = await send(['8185550102', '8185550107']);
		await harness.sim.complete({ callid: done.callid as string });
		const result = await harness.run({
			items: [done, waiting],
			parameters: getOutcome({ pendingOutput: true }),
		});
		expect(
			result.items('VoiceShot', 0).map((item) => [item.json.outcome, item.pairedItem]),
		).toEqual([['voicemail', { item: 0 }]]);
		expect(
			result.items('VoiceShot', 1).map((item) => [item.json.outcome, item.pairedItem]),
		).toEqual([['pending', { item: 1 }]]);
	});

	it('puts failed items on the error output after Final and Pending (On Error: error output)', async () => {
		const [done, waiting] = await send(['8185550102', '8185550107']);
		await harness.sim.complete({ callid: done.callid as string });
		const result = await harness.run({
			items: [done, { note: 'no call id' }, waiting],
			parameters: getOutcome({ pendingOutput: true }),
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.json('VoiceShot', 0).map((item) => item.outcome)).toEqual(['voicemail']);
		expect(result.json('VoiceShot', 1).map((item) => item.outcome)).toEqual(['pending']);
		const [failed] = result.items('VoiceShot', 2);
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json.error).toMatch(/Call ID is empty.*\[item 1\]/);
	});

	it('keeps a failed item beside the others with Continue (regular output)', async () => {
		const [done] = await send(['8185550103']);
		await harness.sim.complete({});
		const result = await harness.run({
			items: [{ callid: 'x'.repeat(51) }, done],
			parameters: getOutcome(),
			continueOnFail: true,
		});
		const items = result.json('VoiceShot');
		expect(items[0].error).toMatch(/Call ID is longer than VoiceShot's 50 characters \[item 0\]/);
		expect(items[1]).toMatchObject({ outcome: 'busy', final: true });
	});
});

describe('Call → Get Outcome as an AI agent tool', () => {
	// n8n hands an agent only a tool's first output: as a tool the node keeps one output
	// (running the tool needs an agent and a model; the node's own routing is what is checked)
	const items = [{ json: { final: true } }, { json: { final: false } }];
	const contextOf = (type: string) =>
		({
			getNode: () => ({ type }),
			getNodeParameter: (name: string) => name === 'pendingOutput',
		}) as unknown as IExecuteFunctions;
	it('splits Final and Pending as a node, not as a tool', () => {
		expect(
			getOutcomeOperation.outputs?.(contextOf('n8n-nodes-voiceshot.voiceShot'), items),
		).toEqual([[items[0]], [items[1]]]);
		expect(
			getOutcomeOperation.outputs?.(contextOf('n8n-nodes-voiceshot.voiceShotTool'), items),
		).toEqual([items]);
	});
});

describe('Call → Get Outcome: Retry On Fail', () => {
	it('a failed check is tried again; the Send before it is not', async () => {
		await harness.sim.setFault({ type: 'status', status: 503, action: '3', times: 1 });
		const result = await runWorkflow({
			nodeTypes: [ItemsSource, VoiceShot],
			credentialTypes: [VoiceShotApi],
			credentials: harness.credentials() as CredentialStore,
			nodes: [
				{ name: 'Source', type: 'testItemsSource', parameters: { items: '[{}]' } },
				{
					name: 'Send',
					type: 'n8n-nodes-voiceshot.voiceShot',
					parameters: {
						resource: 'call',
						operation: 'send',
						phoneNumbers: '8185550103',
						prompts: { prompt: [{ promptId: '1', type: 'tts', content: 'Hello' }] },
					},
					credentials: CREDENTIAL,
				},
				{
					name: 'Outcome',
					type: 'n8n-nodes-voiceshot.voiceShot',
					parameters: getOutcome(),
					credentials: CREDENTIAL,
					retryOnFail: true,
					maxTries: 3,
					waitBetweenTries: 10,
				},
			],
			connections: connect('Source', 'Send', 'Outcome'),
		});
		expect(result.error).toBeUndefined();
		expect(result.json('Outcome')).toEqual([
			expect.objectContaining({ outcome: 'pending', final: false }),
		]);
		// the send once; the check refused with a 503 (the fault), then the check again
		const requests = harness.sim.snapshot({ calls: false }).requests;
		expect(requests.map((entry) => [entry.action, entry.httpStatus])).toEqual([
			['0', 200],
			[undefined, 503],
			['3', 200],
		]);
		expect(harness.sim.calls()).toHaveLength(1);
	});
});

describe('Call → Get Outcome: bad input', () => {
	it.each([
		[{ callid: '' }, {}, /Call ID is empty.*\[item 0\]/],
		[{ callid: 'y'.repeat(51) }, {}, /Call ID is longer than VoiceShot's 50 characters \[item 0\]/],
		[{ callid: 'bell\u0007' }, {}, /^Call ID .* \[item 0\]$/],
		[
			{ callid: 'a', phonenumber: 'call me' },
			{},
			/Phone Number holds "call me", which has "c" in it: only digits.* \[item 0\]/,
		],
		[
			{ callid: 'a' },
			{ waitUntilFinal: true, maxWaitSeconds: 301 },
			/Max Wait \(Seconds\) must be between 1 and 300 \[item 0\]/,
		],
		[
			{ callid: 'a' },
			{ waitUntilFinal: true, maxWaitSeconds: 0 },
			/Max Wait \(Seconds\) must be between 1 and 300 \[item 0\]/,
		],
		[
			{ callid: 'a' },
			{ waitUntilFinal: true, checkIntervalSeconds: 0 },
			/Check Interval \(Seconds\) must be between 1 and 60 \[item 0\]/,
		],
	])('refuses %j %j before anything is sent', async (item, extra, message) => {
		const result = await harness.run({ items: [item], parameters: getOutcome(extra) });
		expect(result.error?.message).toMatch(message);
		expect(receivedBodies(harness.sim)).toEqual([]);
	});
});
