/** Each injected fault, over real HTTP, and the server intact after it. */
import { decodeReply } from '../../nodes/shared/xml';
import { startSimulator, type Simulator } from '../../simulator';
import { control, errorid, postXml, sendXml } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ callDelayMs: null });
});

afterEach(async () => {
	await sim.reset();
});

afterAll(async () => {
	await sim.close();
});

/** The error fetch rejects with, and its cause's code. */
async function failure(
	url: string,
	body: string,
	timeoutMs?: number,
): Promise<{ message: string; code?: string }> {
	const outcome = await fetch(url, {
		method: 'POST',
		body,
		signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
	}).then(
		(response) => ({ message: `answered HTTP ${response.status}` }),
		(error: Error & { cause?: { code?: string } }) => ({
			message: error.message,
			code: error.cause?.code ?? error.name,
		}),
	);
	return outcome;
}

const send = sendXml([{ number: '8185550100', callid: 'f' }]);

it('delay: answers late, once per `times`', async () => {
	await sim.setFault({ type: 'delay', ms: 300, times: 1 });
	const started = Date.now();
	expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(0);
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	const again = Date.now();
	expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(0);
	expect(Date.now() - again).toBeLessThan(250);
});

it('delay: a client that gives up first times out, and the request still takes effect', async () => {
	await sim.setFault({ type: 'delay', ms: 400, times: 1 });
	const outcome = await failure(sim.url, send, 100);
	expect(outcome.code).toBe('TimeoutError');
	await sim.waitFor((s) => s.state.requests[0]?.errorid === 0);
	expect(sim.calls()).toHaveLength(1);
});

it('status: an HTTP 5xx, the request not applied', async () => {
	await sim.setFault({ type: 'status', status: 502, times: 1 });
	const { status, text } = await postXml(sim.url, send);
	expect(status).toBe(502);
	expect(text).toContain('502');
	expect(sim.calls()).toHaveLength(0);
	expect(sim.state.requests[0]).toMatchObject({ fault: 'status', httpStatus: 502 });
	await sim.setFault({ type: 'status', times: 1 });
	expect((await postXml(sim.url, send)).status).toBe(503);
});

it('dropBeforeRead: the connection closes before the request is read; nothing applied', async () => {
	await sim.setFault({ type: 'dropBeforeRead', times: 1 });
	const outcome = await failure(sim.url, send);
	expect(outcome.message).toBe('fetch failed');
	expect(sim.calls()).toHaveLength(0);
	expect(sim.state.requests[0]).toMatchObject({ fault: 'dropBeforeRead', httpStatus: undefined });
	expect(await errorid(sim.url, send)).toBe(0);
});

it('dropAfterRead: the request is applied, the reply lost', async () => {
	await sim.setFault({ type: 'dropAfterRead', times: 1 });
	expect((await failure(sim.url, send)).message).toBe('fetch failed');
	expect(sim.calls()).toHaveLength(1);
	expect(sim.state.requests[0]).toMatchObject({ fault: 'dropAfterRead', errorid: 0, kind: 'send' });
});

it('dropAfterRead with process false: read, not applied, dropped', async () => {
	await sim.setFault({ type: 'dropAfterRead', process: false, times: 1 });
	expect((await failure(sim.url, send)).message).toBe('fetch failed');
	expect(sim.calls()).toHaveLength(0);
	expect(sim.state.requests[0].bytes).toBe(Buffer.byteLength(send));
});

it('malformed: a 200 reply the codec cannot read', async () => {
	await sim.setFault({ type: 'malformed', times: 1 });
	const { status, text } = await postXml(sim.url, send);
	expect(status).toBe(200);
	expect(() => decodeReply(text)).toThrow();
	expect(sim.calls()).toHaveLength(1);
	await sim.setFault({ type: 'malformed', body: '<html>oops</html>', process: false, times: 1 });
	expect((await postXml(sim.url, send)).text).toBe('<html>oops</html>');
	expect(sim.calls()).toHaveLength(1);
});

it('refuse: the primary listener refuses connections until the fault is cleared; the main one serves', async () => {
	const primary = sim.primaryUrl as string;
	expect(await errorid(primary, '<campaign action="6"/>')).toBe(0);
	await sim.setFault({ type: 'refuse' });
	expect((await failure(primary, send)).code).toBe('ECONNREFUSED');
	expect(await errorid(sim.url, send)).toBe(0);
	expect(sim.state.requests.map((entry) => entry.listener)).toEqual(['primary', 'main']);
	await sim.clearFaults();
	expect(await errorid(primary, '<campaign action="6"/>')).toBe(0);
});

it('a fault can target one listener, and lasts until cleared without `times`', async () => {
	await sim.setFault({ type: 'status', status: 500, target: 'primary' });
	expect((await postXml(sim.primaryUrl as string, send)).status).toBe(500);
	expect((await postXml(sim.primaryUrl as string, send)).status).toBe(500);
	expect((await postXml(sim.url, send)).status).toBe(200);
	await sim.clearFaults();
	expect((await postXml(sim.primaryUrl as string, send)).status).toBe(200);
});

it('faults over the control API: add, list, remove one, refuse bad ones', async () => {
	const added = await control(sim.baseUrl, 'POST', '/_sim/faults', { type: 'status', status: 504 });
	expect(added.status).toBe(200);
	const id = (added.json as { id: number }).id;
	expect((await control(sim.baseUrl, 'GET', '/_sim/faults')).json).toHaveLength(1);
	expect((await postXml(sim.url, send)).status).toBe(504);
	expect((await control(sim.baseUrl, 'DELETE', `/_sim/faults/${id}`)).status).toBe(200);
	expect((await postXml(sim.url, send)).status).toBe(200);
	expect((await control(sim.baseUrl, 'POST', '/_sim/faults', { type: 'explode' })).status).toBe(
		400,
	);
	expect((await control(sim.baseUrl, 'POST', '/_sim/faults', { type: 'delay' })).status).toBe(400);
	expect((await control(sim.baseUrl, 'POST', '/_sim/faults', '{not json')).status).toBe(400);
	await expect(sim.setFault({ type: 'errorid' } as never)).rejects.toThrow(/errorid/);
	await control(sim.baseUrl, 'POST', '/_sim/faults', { type: 'refuse' });
	expect((await failure(sim.primaryUrl as string, send)).code).toBe('ECONNREFUSED');
	await control(sim.baseUrl, 'DELETE', '/_sim/faults');
	expect(await errorid(sim.primaryUrl as string, '<campaign action="6"/>')).toBe(0);
});

it('faults do not touch the control API', async () => {
	await sim.setFault({ type: 'dropBeforeRead' });
	expect((await control(sim.baseUrl, 'GET', '/_sim/state')).status).toBe(200);
});
