/** The faults and the query reading the exactly-once tests use, over real HTTP. */
import { startSimulator, type Simulator } from '../../simulator';
import { control, errorid, postXml, query, sendXml } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ callDelayMs: null });
});
afterEach(async () => await sim.reset());
afterAll(async () => await sim.close());

const send = sendXml([{ number: '8185550100', callid: 'a' }]);

async function timedOut(url: string, body: string, timeoutMs: number): Promise<boolean> {
	return await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) }).then(
		() => false,
		(error: Error) => error.name === 'TimeoutError',
	);
}

it('slowReply: the request is applied at once, the reply comes after ms', async () => {
	await sim.setFault({ type: 'slowReply', ms: 400, times: 1 });
	expect(await timedOut(sim.url, send, 100)).toBe(true);
	// Applied before the client gave up: the call is there while the reply is still on its way.
	expect(sim.calls()).toHaveLength(1);
	expect(sim.state.requests[0]).toMatchObject({ fault: 'slowReply', errorid: 0, kind: 'send' });
	await sim.waitFor((s) => s.state.requests[0].durationMs !== undefined);
	expect(sim.state.requests[0].httpStatus).toBeUndefined();
});

it('delay, by contrast, applies the request only after the wait', async () => {
	await sim.setFault({ type: 'delay', ms: 300, times: 1 });
	expect(await timedOut(sim.url, send, 100)).toBe(true);
	expect(sim.calls()).toHaveLength(0);
	await sim.waitFor((s) => s.calls().length === 1);
});

it('status with process: the request is applied, then answered HTTP 500', async () => {
	await sim.setFault({ type: 'status', status: 500, process: true, times: 1 });
	expect((await postXml(sim.url, send)).status).toBe(500);
	expect(sim.calls()).toHaveLength(1);
	await sim.setFault({ type: 'status', status: 500, times: 1 });
	expect((await postXml(sim.url, send)).status).toBe(500);
	expect(sim.calls()).toHaveLength(1);
});

it('action: a fault waits for a request with that action', async () => {
	await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 });
	expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(0);
	expect(await query(sim.url)).toEqual([]);
	expect(await postXml(sim.url, send).catch(() => 'dropped')).toBe('dropped');
	expect(sim.calls()).toHaveLength(1);
	expect(sim.state.requests.map((entry) => entry.fault)).toEqual([
		undefined,
		undefined,
		'dropAfterRead',
	]);
	await sim.setFault({ type: 'dropBeforeRead', action: '3', times: 1 });
	expect(await query(sim.url).catch(() => 'dropped')).toBe('dropped');
	expect(await query(sim.url)).toHaveLength(1);
});

it('refuses a bad action filter', async () => {
	expect(
		(await control(sim.baseUrl, 'POST', '/_sim/faults', { type: 'delay', ms: 1, action: 3 }))
			.status,
	).toBe(400);
	expect((await control(sim.baseUrl, 'POST', '/_sim/faults', { type: 'slowReply' })).status).toBe(
		400,
	);
});

describe('queryListsPending', () => {
	it('true (default): the query lists pending, paused, dialing and finished calls', async () => {
		expect(
			await errorid(
				sim.url,
				sendXml([
					{ number: '8185550100', callid: 'a' },
					{ number: '8185550117', callid: 'b' },
				]),
			),
		).toBe(0);
		expect((await query(sim.url)).map((call) => call.status)).toEqual(['Pending', 'Pending']);
		sim.dial({ callid: 'b' });
		expect((await query(sim.url, '1-1234', 'b')).map((call) => call.status)).toEqual(['Dialing']);
	});

	it('false: only calls dialing or finished are listed; delete pending still finds the others', async () => {
		expect(
			(await control(sim.baseUrl, 'PUT', '/_sim/config', { queryListsPending: false })).status,
		).toBe(200);
		expect(
			await errorid(
				sim.url,
				sendXml([
					{ number: '8185550100', callid: 'a' },
					{ number: '8185550117', callid: 'b' },
					{ number: '8185550152', callid: 'c' },
				]),
			),
		).toBe(0);
		expect(await query(sim.url)).toEqual([]);
		sim.dial({ callid: 'b' });
		await sim.complete({ callid: 'c' }, true);
		expect((await query(sim.url)).map((call) => [call.callid, call.status])).toEqual([
			['b', 'Dialing'],
			['c', 'Successful'],
		]);
		expect(
			await errorid(
				sim.url,
				'<campaign action="2" menuid="1-1234"><phonenumbers><phonenumber callid="a"/><phonenumber callid="b"/></phonenumbers></campaign>',
			),
		).toBe(0);
		expect(sim.calls().map((call) => [call.callid, call.status])).toEqual([
			['a', 'deleted'],
			['b', 'dialing'],
			['c', 'completed'],
		]);
		expect(
			(await control(sim.baseUrl, 'PUT', '/_sim/config', { queryListsPending: 'no' })).status,
		).toBe(400);
	});

	it('is an option of startSimulator, back to it on reset', async () => {
		const hiding = await startSimulator({ callDelayMs: null, queryListsPending: false });
		try {
			expect(await errorid(hiding.url, send)).toBe(0);
			expect(await query(hiding.url)).toEqual([]);
			hiding.configure({ queryListsPending: true });
			expect(await query(hiding.url)).toHaveLength(1);
			await hiding.reset();
			expect(hiding.config().queryListsPending).toBe(false);
		} finally {
			await hiding.close();
		}
	});
});
