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
