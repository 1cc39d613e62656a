/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test: finds loopback ports nothing listens on */
import { createServer, type AddressInfo } from 'node:net';

import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShotTrigger } from '../../../nodes/VoiceShotTrigger/VoiceShotTrigger.node';
import { startSimulator, type Simulator } from '../../../simulator';
import { cleanupEngine, testCredential } from '../../helpers/engine';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ callDelayMs: null });
});
afterAll(async () => {
	await sim.close();
	cleanupEngine();
});

describe('the trigger tests the credentials it uses like the action node does', () => {
	const run = async () =>
		await testCredential({
			credentialType: 'voiceShotApi',
			credentialTypes: [VoiceShotApi],
			nodeTypes: [VoiceShotTrigger],
			data: { apiUrl: sim.url, fallbackUrl: '' },
		});

	it('passes against VoiceShot and reports errorid 1 for an unregistered IP', async () => {
		expect((await run()).status).toBe('OK');
		sim.configure({ registeredIps: ['203.0.113.9'] });
		const refused = await run();
		expect(refused.status).toBe('Error');
		expect(refused.message).toContain('errorid 1');
	});
});

describe('the credential test names every URL it could not reach', () => {
	it('both the API URL and the fallback URL, each with its reason', async () => {
		// two loopback ports nothing listens on: connections are refused
		const closed = await Promise.all([0, 1].map(async () => await unusedPort()));
		const result = await testCredential({
			credentialType: 'voiceShotApi',
			credentialTypes: [VoiceShotApi],
			nodeTypes: [VoiceShotTrigger],
			data: {
				apiUrl: `http://127.0.0.1:${closed[0]}/ivrapi.asp`,
				fallbackUrl: `http://127.0.0.1:${closed[1]}/ivrapi.asp`,
			},
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			new RegExp(
				`^Could not connect to http://127\\.0\\.0\\.1:${closed[0]}/ivrapi\\.asp: .+; then the fallback URL: Could not connect to http://127\\.0\\.0\\.1:${closed[1]}/ivrapi\\.asp: .+`,
			),
		);
	});
});

async function unusedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}
