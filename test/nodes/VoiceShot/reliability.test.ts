import { cleanupEngine } from '../../helpers/engine';
import { receivedBodies, startHarness, type Harness } from './fixture';

let harness: Harness;

beforeAll(async () => {
	harness = await startHarness();
});
afterEach(async () => await harness.sim.reset());
afterAll(async () => {
	await harness.sim.close();
	cleanupEngine();
});

const send = { resource: 'call', operation: 'send', phoneNumbers: '8185550100' };

describe('transport', () => {
	it('falls back to the second URL once when the first refuses the connection', async () => {
		await harness.sim.setFault({ type: 'refuse' });
		const result = await harness.run({
			parameters: send,
			credentials: { apiUrl: harness.sim.primaryUrl, fallbackUrl: harness.sim.url },
		});
		expect(result.error).toBeUndefined();
		const requests = harness.sim.snapshot().requests;
		expect(requests).toHaveLength(1);
		expect(requests[0].listener).toBe('main');
		expect(harness.sim.calls()).toHaveLength(1);
	});

	it('uses the first URL alone when it answers', async () => {
		const result = await harness.run({
			parameters: send,
			credentials: { apiUrl: harness.sim.primaryUrl, fallbackUrl: harness.sim.url },
		});
		expect(result.error).toBeUndefined();
		expect(harness.sim.snapshot().requests.map((request) => request.listener)).toEqual(['primary']);
	});

	it('does not fall back, nor resend, when the connection breaks after the request was sent', async () => {
		await harness.sim.setFault({ type: 'dropAfterRead', process: true, times: 1 });
		const result = await harness.run({
			items: [{}, {}],
			parameters: { ...send, phoneNumbers: '={{ $itemIndex ? "8185550117" : "8185550100" }}' },
			credentials: { apiUrl: harness.sim.url, fallbackUrl: harness.sim.url },
		});
		expect(result.status).toBe('error');
		const callids = harness.sim.calls().map((call) => call.callid);
		expect(callids).toHaveLength(2);
		expect(receivedBodies(harness.sim)).toHaveLength(1);
		expect(result.error?.description).toContain('NOT repeated');
		for (const callid of callids) expect(result.error?.description).toContain(callid);
	});

	it('reports an HTTP error status and a reply VoiceShot would not send', async () => {
		await harness.sim.setFault({ type: 'status', status: 503, times: 1 });
		const status = await harness.run({ parameters: send });
		expect(status.error?.message).toContain('HTTP 503');
		expect(status.error?.description).not.toContain('API URL');
		await harness.sim.setFault({ type: 'malformed', times: 1 });
		const malformed = await harness.run({ parameters: send });
		expect(malformed.error?.message).toMatch(/reply could not be read/);
		expect(malformed.error?.description).toMatch(/^Check the credential's API URL/);
	});

	it('answers a wrong API URL (HTTP 404) with the advice to check it, and nothing queued', async () => {
		const result = await harness.run({
			parameters: send,
			credentials: { apiUrl: `${harness.sim.url}/no-such-page`, fallbackUrl: '' },
		});
		expect(result.error?.message).toMatch(/^VoiceShot answered HTTP 404 \[item 0\]$/);
		expect(result.error?.description).toMatch(/^Check the credential's API URL: .*ivrapi\.asp\.$/);
	});

	it('reports a host that refuses connections when there is no fallback', async () => {
		await harness.sim.setFault({ type: 'refuse' });
		const result = await harness.run({
			parameters: send,
			credentials: { apiUrl: harness.sim.primaryUrl, fallbackUrl: '' },
		});
		expect(result.error?.message).toMatch(/Could not connect/);
		expect(harness.sim.calls()).toHaveLength(0);
	});
});
