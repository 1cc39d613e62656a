import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShot } from '../../../nodes/VoiceShot/VoiceShot.node';
import { silentWav } from '../../../simulator';
import { cleanupEngine, testCredential } from '../../helpers/engine';
import { receivedBodies, startHarness, type Harness } from './fixture';

let harness: Harness;

beforeAll(async () => {
	harness = await startHarness({
		outcomes: { default: { answer: 'human', keypresses: { '1': '2', '3': '#' } } },
	});
});
afterEach(async () => await harness.sim.reset());
afterAll(async () => {
	await harness.sim.close();
	cleanupEngine();
});

async function sendCalls(numbers: string, callId?: string) {
	const result = await harness.run({
		parameters: {
			resource: 'call',
			operation: 'send',
			phoneNumbers: numbers,
			prompts: { prompt: [{ promptId: '1', type: 'tts', content: 'Press 2 to confirm' }] },
			options: callId ? { callId } : {},
		},
	});
	expect(result.error).toBeUndefined();
	return result.items('VoiceShot').map((item) => item.json.callid as string);
}

describe('Call → Query', () => {
	it('reports each call with duration as a number, an ISO date and keypresses by prompt', async () => {
		const [callid] = await sendCalls('8185550100');
		await harness.sim.complete({ callid });
		const result = await harness.run({
			items: [{ callid }],
			parameters: {
				resource: 'call',
				operation: 'query',
				callId: '={{ $json.callid }}',
				simplify: false,
				options: { timeZone: 'UTC' },
			},
		});
		expect(result.error).toBeUndefined();
		const [item] = result.items('VoiceShot');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			menuid: '1-1234',
			phonenumber: '8185550100',
			callid,
			status: 'Successful',
			comment: 'Human Answer',
			keypressByPrompt: { '1': '2' },
		});
		expect(typeof item.json.duration).toBe('number');
		expect(item.json.dateandtimeIso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
		expect(item.json.keypresses).toEqual([{ promptid: '1', keypress: '2' }]);
	});

	it('reports every call of the campaign when the Call ID is empty', async () => {
		await sendCalls('8185550100, 8185550117');
		const result = await harness.run({
			parameters: { resource: 'call', operation: 'query', callId: '' },
		});
		expect(
			result
				.items('VoiceShot')
				.map((item) => item.json.phonenumber)
				.sort(),
		).toEqual(['8185550100', '8185550117']);
	});
});

describe('Call → Query that finds nothing', () => {
	const parameters = { resource: 'call', operation: 'query', callId: 'not-sent-yet' };

	it("gives n8n's usual empty result, and one empty item with Always Output Data", async () => {
		const plain = await harness.run({ items: [{ a: 1 }], parameters });
		expect(plain.error).toBeUndefined();
		expect(plain.status).toBe('success');
		expect(plain.items('VoiceShot')).toEqual([]);
		const always = await harness.run({ items: [{ a: 1 }], parameters, alwaysOutputData: true });
		expect(always.error).toBeUndefined();
		expect(always.items('VoiceShot').map((item) => item.json)).toEqual([{}]);
	});

	it('the panel says so where the Call ID is set, naming Always Output Data', () => {
		const properties = new VoiceShot().description.properties;
		const callId = properties.findIndex(
			(property) =>
				property.name === 'callId' && property.displayOptions?.show?.operation?.[0] === 'query',
		);
		expect(properties[callId + 1]).toMatchObject({ type: 'notice' });
		expect(properties[callId + 1].displayName).toMatch(/gives no item.*Always Output Data/);
	});
});

describe('Call → Query: Simplify, Return All and Limit, raw attributes', () => {
	const query = async (parameters: Record<string, unknown>) => {
		const result = await harness.run({
			parameters: { resource: 'call', operation: 'query', callId: '', ...parameters },
		});
		expect(result.error).toBeUndefined();
		return result.items('VoiceShot');
	};

	it('simplifies by default: the fields a person follows a call up with, no raw attributes', async () => {
		const [callid] = await sendCalls('8185550100');
		await harness.sim.complete({ callid });
		const [item] = await query({ callId: callid });
		expect(Object.keys(item.json).sort()).toEqual(
			[
				'callid',
				'comment',
				'dateandtimeIso',
				'duration',
				'keypressByPrompt',
				'phonenumber',
				'status',
			].sort(),
		);
		const [full] = await query({ callId: callid, simplify: false });
		expect(full.json).toHaveProperty('keypresses');
		expect(full.json).toHaveProperty('dateandtime');
		expect(full.json).not.toHaveProperty('attributes');
		const [raw] = await query({ callId: callid, options: { includeAttributes: true } });
		expect(raw.json.attributes).toMatchObject({ number: '8185550100', callid });
	});

	it('returns at most Limit calls (50 by default), all of them with Return All', async () => {
		await sendCalls('8185550100, 8185550117, 8185550152');
		expect(await query({ limit: 2 })).toHaveLength(2);
		expect(await query({})).toHaveLength(3);
		expect(await query({ returnAll: true, limit: 1 })).toHaveLength(3);
	});

	it('refuses a Limit that is not a whole number of at least 1, naming the item', async () => {
		const result = await harness.run({
			parameters: { resource: 'call', operation: 'query', callId: '', limit: 0 },
		});
		expect(result.error?.message).toMatch(/Limit/);
		expect(result.error?.message).toMatch(/item 0/);
	});
});

describe('Call → Delete Pending', () => {
	it('deletes only calls not yet dialing, batching the Call IDs of all items', async () => {
		const callids = await sendCalls('8185550100, 8185550117, 8185550152');
		harness.sim.dial({ callid: callids[1] });
		const result = await harness.run({
			items: callids.map((callid) => ({ callid })),
			parameters: { resource: 'call', operation: 'deletePending', callIds: '={{ $json.callid }}' },
		});
		expect(result.error).toBeUndefined();
		expect(receivedBodies(harness.sim).filter((body) => body.includes('action="2"'))).toHaveLength(
			1,
		);
		expect(result.items('VoiceShot').map((item) => [item.json.callid, item.pairedItem])).toEqual(
			callids.map((callid, index) => [callid, { item: index }]),
		);
		const statuses = Object.fromEntries(
			harness.sim.calls().map((call) => [call.callid, call.status]),
		);
		expect(statuses).toEqual({
			[callids[0]]: 'deleted',
			[callids[1]]: 'dialing',
			[callids[2]]: 'deleted',
		});
	});

	it('sends one request per item in per-item mode', async () => {
		const callids = await sendCalls('8185550100, 8185550117');
		const result = await harness.run({
			items: callids.map((callid) => ({ callid })),
			parameters: {
				resource: 'call',
				operation: 'deletePending',
				callIds: '={{ $json.callid }}',
				options: { sendMode: 'perItem' },
			},
		});
		expect(result.error).toBeUndefined();
		expect(receivedBodies(harness.sim).filter((body) => body.includes('action="2"'))).toHaveLength(
			2,
		);
		expect(harness.sim.calls().map((call) => call.status)).toEqual(['deleted', 'deleted']);
	});

	it('refuses a Call ID longer than VoiceShot takes, naming the item', async () => {
		const result = await harness.run({
			items: [{ id: 'a' }, { id: 'x'.repeat(51) }],
			parameters: { resource: 'call', operation: 'deletePending', callIds: '={{ $json.id }}' },
		});
		expect(result.error?.message).toMatch(
			/Call IDs holds "x{51}", longer than VoiceShot's 50 characters \[item 1\]/,
		);
		expect(receivedBodies(harness.sim)).toHaveLength(0);
	});

	it('refuses an item without Call IDs, naming it', async () => {
		const result = await harness.run({
			items: [{ id: 'a' }, { id: '' }],
			parameters: { resource: 'call', operation: 'deletePending', callIds: '={{ $json.id }}' },
		});
		expect(result.error?.message).toMatch(/Call IDs is empty \[item 1\]/);
		expect(receivedBodies(harness.sim)).toHaveLength(0);
	});
});

describe('Campaign → Pause and Resume', () => {
	it('pauses and resumes the campaign', async () => {
		const paused = await harness.run({ parameters: { resource: 'campaign', operation: 'pause' } });
		expect(paused.json('VoiceShot')).toEqual([
			{ menuid: '1-1234', paused: true, errorid: 0, comment: 'ok' },
		]);
		expect(
			harness.sim.snapshot().campaigns.find((campaign) => campaign.menuid === '1-1234')?.paused,
		).toBe(true);
		const resumed = await harness.run({
			parameters: { resource: 'campaign', operation: 'resume', menuId: '1-1234' },
		});
		expect(resumed.json('VoiceShot')[0]).toMatchObject({ paused: false, errorid: 0 });
		expect(
			harness.sim.snapshot().campaigns.find((campaign) => campaign.menuid === '1-1234')?.paused,
		).toBe(false);
	});

	it('needs a Menu ID from the node or the credentials', async () => {
		const result = await harness.run({
			credentials: { defaultMenuId: '' },
			parameters: { resource: 'campaign', operation: 'pause', menuId: '' },
		});
		expect(result.error?.message).toMatch(/Menu ID is empty.*Default Menu ID.*item 0/);
	});
});

describe('Sound File → Upload and Delete', () => {
	const wav = silentWav(100);

	it('uploads a WAV from binary data, base64-encoded, and deletes it', async () => {
		const uploaded = await harness.run({
			before: [
				{
					name: 'Wav',
					type: 'testBase64Binary',
					parameters: { base64: wav.toString('base64'), fileName: 'hello.wav' },
				},
			],
			parameters: { resource: 'soundFile', operation: 'upload' },
		});
		expect(uploaded.error).toBeUndefined();
		expect(uploaded.json('VoiceShot')).toEqual([
			{ filename: 'hello.wav', bytes: wav.length, uploaded: true, errorid: 0, comment: 'ok' },
		]);
		const stored = harness.sim.snapshot().files.find((file) => file.filename === 'hello.wav');
		expect(stored?.size).toBe(wav.length);
		expect(receivedBodies(harness.sim)[0]).toContain('dt:dt="bin.base64"');

		const deleted = await harness.run({
			parameters: { resource: 'soundFile', operation: 'delete', fileName: 'hello.wav' },
		});
		expect(deleted.json('VoiceShot')[0]).toMatchObject({ filename: 'hello.wav', deleted: true });
		expect(harness.sim.snapshot().files).toHaveLength(0);
	});

	it('names the file from the parameter over the binary data', async () => {
		await harness.run({
			before: [
				{
					name: 'Wav',
					type: 'testBase64Binary',
					parameters: { base64: wav.toString('base64'), fileName: 'x.wav' },
				},
			],
			parameters: { resource: 'soundFile', operation: 'upload', fileName: 'greeting.wav' },
		});
		expect(harness.sim.snapshot().files.map((file) => file.filename)).toEqual(['greeting.wav']);
	});

	it('refuses a file that is not a WAV before sending it', async () => {
		const result = await harness.run({
			before: [
				{
					name: 'Wav',
					type: 'testBase64Binary',
					parameters: {
						base64: Buffer.from('ID3 not a wav').toString('base64'),
						fileName: 'song.mp3',
					},
				},
			],
			parameters: { resource: 'soundFile', operation: 'upload' },
		});
		expect(result.error?.message).toMatch(/Input Binary Field.*song\.mp3.*not a WAV file.*item 0/);
		expect(receivedBodies(harness.sim)).toHaveLength(0);
	});
});

describe('Live Call → Reply', () => {
	it('builds the escaped call command, outputs it and answers the webhook with it', async () => {
		const result = await harness.run({
			items: [{ status: 'shipped "Monday" & <early>' }],
			parameters: {
				resource: 'callCommand',
				operation: 'reply',
				command: 'goto',
				goto: '7',
				tts: '=Your package is {{ $json.status }}',
			},
		});
		expect(result.error).toBeUndefined();
		const xml =
			'<prompt goto="7" tts="Your package is shipped &quot;Monday&quot; &amp; &lt;early&gt;"/>';
		expect(result.json('VoiceShot')).toEqual([{ callCommand: xml }]);
		expect(result.sentResponses).toEqual([
			{ body: xml, headers: { 'content-type': 'text/xml; charset=utf-8' }, statusCode: 200 },
		]);
	});

	it('normalises a transfer number and refuses a caller ID that is not 10 digits', async () => {
		const ok = await harness.run({
			parameters: {
				resource: 'callCommand',
				operation: 'reply',
				command: 'transfer',
				transferto: '+1 (818) 223-8964',
				callerid: '8008049314',
			},
		});
		expect(ok.json('VoiceShot')[0].callCommand).toBe(
			'<prompt transferto="8182238964" callerid="8008049314"/>',
		);
		const bad = await harness.run({
			parameters: {
				resource: 'callCommand',
				operation: 'reply',
				command: 'transfer',
				transferto: '8182238964',
				callerid: '800',
			},
		});
		expect(bad.error?.message).toBe(
			'Caller ID holds "800", which has 3 digits: the area code is missing (a North American number has 10: area code, exchange, line). A valid number looks like (818) 555-0100 or +1 818 555 0100 [item 0]',
		);
	});
});

describe('Operations that send nothing need no credentials', () => {
	it('the credential is hidden for Live Call and Webhook Post, and required everywhere else', () => {
		const [credential] = new VoiceShot().description.credentials ?? [];
		expect(credential).toMatchObject({
			name: 'voiceShotApi',
			required: true,
			displayOptions: { hide: { resource: ['callCommand', 'post'] } },
		});
	});

	it('Live Call → Reply and Webhook Post → Decode run without a credential', async () => {
		const reply = await harness.run({
			noCredential: true,
			parameters: { resource: 'callCommand', operation: 'reply', command: 'goto', goto: '2' },
		});
		expect(reply.error?.message).toBeUndefined();
		expect(reply.json('VoiceShot')).toEqual([{ callCommand: '<prompt goto="2"/>' }]);
		const decoded = await harness.run({
			noCredential: true,
			parameters: {
				resource: 'post',
				operation: 'decode',
				postSource: 'text',
				postXml: '<prompt menuid="1-4567" callid="2145437" promptid="1" keypress="12"/>',
			},
		});
		expect(decoded.error?.message).toBeUndefined();
		expect(decoded.json('VoiceShot')[0]).toMatchObject({ callid: '2145437', keypress: '12' });
		expect(receivedBodies(harness.sim)).toEqual([]);
	});

	it('an operation that sends still fails without one, sending nothing', async () => {
		const result = await harness.run({
			noCredential: true,
			parameters: {
				resource: 'campaign',
				operation: 'pause',
				menuId: '1-1234',
			},
		});
		expect(result.error?.message).toBe('Node does not have any credentials set');
		expect(receivedBodies(harness.sim)).toEqual([]);
	});
});

describe('Credential test (action 6)', () => {
	const run = async (data: Record<string, string>) =>
		await testCredential({
			credentialType: 'voiceShotApi',
			credentialTypes: [VoiceShotApi],
			nodeTypes: [VoiceShot],
			data,
		});

	it('passes when VoiceShot answers errorid 0', async () => {
		const result = await run({ apiUrl: harness.sim.url, fallbackUrl: '' });
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('accepts') });
		expect(receivedBodies(harness.sim)).toEqual(['<campaign action="6"/>']);
	});

	it('reports errorid 1, the advice to register the IP address first', async () => {
		harness.sim.configure({ registeredIps: ['203.0.113.7'] });
		try {
			const result = await run({ apiUrl: harness.sim.url, fallbackUrl: '' });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/^Register the public IP address.*Registered IPs\. \(VoiceShot answered errorid 1: IP address is not registered/,
			);
		} finally {
			harness.sim.configure({ registeredIps: undefined });
		}
	});

	it('answers a wrong API URL (HTTP 404) with the advice to check it', async () => {
		const result = await run({ apiUrl: `${harness.sim.url}/no-such-page`, fallbackUrl: '' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^VoiceShot answered HTTP 404\. Check the credential's API URL/);
	});

	it('reports a host that cannot be reached', async () => {
		const result = await run({ apiUrl: 'http://127.0.0.1:9/ivrapi.asp', fallbackUrl: '' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Could not connect/);
	});
});
