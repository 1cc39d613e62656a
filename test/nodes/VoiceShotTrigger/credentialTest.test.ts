/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test: loopback servers (closed ports, a reply in another encoding) */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';

import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShotCallbackLoginApi } from '../../../credentials/VoiceShotCallbackLoginApi.credentials';
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

describe('the credential test reads the reply as bytes', () => {
	it("a windows-1252 reply's comment arrives exactly, not as replacement characters", async () => {
		// VoiceShot's encoding is not documented; the codec decodes what the declaration names
		const reply = Buffer.concat([
			Buffer.from('<?xml version="1.0" encoding="windows-1252"?><campaign errorid="1" comment="'),
			Buffer.from([0x49, 0x50, 0x20, 0x6e, 0x6f, 0x6e, 0x20, 0x65, 0x6e, 0x72, 0x65, 0x67]),
			Buffer.from([0x69, 0x73, 0x74, 0x72, 0xe9, 0x65, 0x20, 0x96, 0x20, 0x80, 0x31]),
			Buffer.from('"/>'),
		]);
		const server = createHttpServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'text/xml' });
			response.end(reply);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			const result = await testCredential({
				credentialType: 'voiceShotApi',
				credentialTypes: [VoiceShotApi],
				nodeTypes: [VoiceShotTrigger],
				data: { apiUrl: `http://127.0.0.1:${port}/ivrapi.asp`, fallbackUrl: '' },
			});
			expect(result.status).toBe('Error');
			expect(result.message).toContain('IP non enregistrée – €1');
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

async function unusedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('the VoiceShot Callback Login API credential test', () => {
	const run = async (data: Record<string, string>) =>
		await testCredential({
			credentialType: 'voiceShotCallbackLoginApi',
			credentialTypes: [VoiceShotCallbackLoginApi],
			nodeTypes: [VoiceShotTrigger],
			data,
		});

	it('asks for both fields, and says VoiceShot cannot check a callback login', async () => {
		expect(await run({ username: 'voiceshot', password: '' })).toEqual({
			status: 'Error',
			message: 'Enter both the username and the password set beside the URLs in VoiceShot',
		});
		const saved = await run({ username: 'voiceshot', password: 'secret' });
		expect(saved.status).toBe('OK');
		expect(saved.message).toMatch(/VoiceShot cannot check a callback login/);
	});
});

describe('the credential test checks the default campaigns that are set', () => {
	beforeEach(async () => await sim.reset());

	const run = async (data: Record<string, string>) =>
		await testCredential({
			credentialType: 'voiceShotApi',
			credentialTypes: [VoiceShotApi],
			nodeTypes: [VoiceShotTrigger],
			data: { apiUrl: sim.url, fallbackUrl: '', ...data },
		});

	it('a Default Menu ID no campaign has fails the test, naming the field; a known one passes', async () => {
		const wrong = await run({ defaultMenuId: '9-9' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/^Default Menu ID 9-9: .*errorid 19/);
		const wrongSms = await run({ defaultMenuId: '1-1234', defaultSmsMenuId: '8-8' });
		expect(wrongSms.message).toMatch(/^Default SMS Menu ID 8-8: .*errorid 19/);
		expect((await run({ defaultMenuId: '1-1234' })).status).toBe('OK');
		// the check only reads: nothing is queued or changed
		expect(sim.calls()).toEqual([]);
		expect(
			sim.state.requests.slice(-2).map((request) => [request.action, request.errorid]),
		).toEqual([
			['6', 0],
			['3', 0],
		]);
	});
});

it('the credential panel starts with the login and the campaigns; the technical fields come last', () => {
	const names = new VoiceShotApi().properties.map((property) => property.name);
	expect(names).toEqual([
		'registeredIpNotice',
		'username',
		'password',
		'defaultMenuId',
		'defaultSmsMenuId',
		'defaultCallerId',
		'apiUrl',
		'fallbackUrl',
		'timeoutSeconds',
		'callbackUsername',
		'callbackPassword',
	]);
});
