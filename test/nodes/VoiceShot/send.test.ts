import { cleanupEngine } from '../../helpers/engine';
import { type SendRequest } from '../../../nodes/shared/xml';
import { decodeRequest } from '../../../simulator/codec';
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

const contacts = [
	{ name: 'Ada', phone: '(818) 555-0100' },
	{ name: 'Brian', phone: '+1 818.555.0117' },
	{ name: 'Chen & "Co" <3>', phone: '818-555-0152' },
];

function sentRequests(): SendRequest[] {
	return receivedBodies(harness.sim).map((body) => decodeRequest(body) as SendRequest);
}

const sendTo = { resource: 'call', operation: 'send', phoneNumbers: '8185550100' };

describe('Call → Send', () => {
	it('sends every item in one request, prompts per number when they differ, output paired', async () => {
		const result = await harness.run({
			items: contacts,
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '={{ $json.phone }}',
				callerId: '8005550199',
				prompts: { prompt: [{ promptId: '1', type: 'tts', content: '=Hello {{ $json.name }}' }] },
			},
		});
		expect(result.error).toBeUndefined();
		const requests = sentRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			menuid: '1-1234',
			callerid: '8005550199',
			channel: 'voice',
		});
		expect(requests[0].prompts).toBeUndefined();
		expect(requests[0].numbers.map((entry) => [entry.number, entry.prompts])).toEqual([
			['8185550100', [{ promptid: '1', tts: 'Hello Ada' }]],
			['8185550117', [{ promptid: '1', tts: 'Hello Brian' }]],
			['8185550152', [{ promptid: '1', tts: 'Hello Chen & "Co" <3>' }]],
		]);
		const items = result.items('VoiceShot');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.phonenumber)).toEqual([
			'8185550100',
			'8185550117',
			'8185550152',
		]);
		const callids = items.map((item) => item.json.callid as string);
		expect(new Set(callids).size).toBe(3);
		expect(callids.every((callid) => callid.length <= 50)).toBe(true);
		expect(requests[0].numbers.map((entry) => entry.callid)).toEqual(callids);
		expect(items[0].json).toMatchObject({
			menuid: '1-1234',
			errorid: 0,
			queued: true,
			callerid: '8005550199',
		});
		expect(harness.sim.calls().map((call) => call.callid)).toEqual(callids);
	});

	it('puts prompts shared by every number on the campaign once', async () => {
		await harness.run({
			items: contacts,
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '={{ $json.phone }}',
				prompts: { prompt: [{ promptId: '1', type: 'tts', content: 'Web server 1 is down.' }] },
			},
		});
		const [request] = sentRequests();
		expect(request.prompts).toEqual([{ promptid: '1', tts: 'Web server 1 is down.' }]);
		expect(request.numbers.every((entry) => entry.prompts === undefined)).toBe(true);
	});

	it('splits the items into requests of the batch size and pairs every call to its item', async () => {
		const items = Array.from({ length: 5 }, (_, index) => ({ phone: `818555010${index}` }));
		const result = await harness.run({
			items,
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '={{ $json.phone }}, 213555010{{ $itemIndex }}',
				options: { batchSize: 3 },
			},
		});
		expect(result.error).toBeUndefined();
		const requests = sentRequests();
		expect(requests.map((request) => request.numbers.length)).toEqual([3, 3, 3, 1]);
		const output = result.items('VoiceShot');
		expect(output).toHaveLength(10);
		expect(output.map((item) => [item.json.phonenumber, item.pairedItem])).toEqual(
			items.flatMap((item, index) => [
				[item.phone, { item: index }],
				[`213555010${index}`, { item: index }],
			]),
		);
	});

	it('sends one request per item in per-item mode', async () => {
		const result = await harness.run({
			items: contacts,
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '={{ $json.phone }}',
				options: { sendMode: 'perItem', callId: '=order-{{ $itemIndex }}' },
			},
		});
		expect(result.error).toBeUndefined();
		const requests = sentRequests();
		expect(requests).toHaveLength(3);
		expect(requests.map((request) => request.numbers[0].callid)).toEqual([
			'order-0',
			'order-1',
			'order-2',
		]);
	});

	it('writes the schedule in VoiceShot form, in the chosen time zone', async () => {
		await harness.run({
			items: [{ phone: '8185550100', at: '2030-01-15T14:30:00Z' }],
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '={{ $json.phone }}',
				options: { schedule: '={{ $json.at }}', timeZone: 'America/Los_Angeles', extension: '42' },
			},
		});
		const [request] = sentRequests();
		expect(request.numbers[0]).toMatchObject({ dateandtime: '1/15/2030 6:30 AM', ext: '42' });
		expect(harness.sim.calls()[0].status).toBe('pending');
	});

	it('refuses a schedule or time zone it cannot read, naming the item and the field', async () => {
		const zone = await harness.run({
			parameters: { ...sendTo, options: { schedule: '2030-01-15T14:30', timeZone: 'Mars/Base' } },
		});
		expect(zone.error?.message).toMatch(/Time Zone "Mars\/Base" is not a time zone.*\[item 0\]/);
		const schedule = await harness.run({
			items: [{ at: '2030-01-15T14:30' }, { at: 'next Tuesday' }],
			parameters: { ...sendTo, options: { schedule: '={{ $json.at }}' } },
		});
		expect(schedule.error?.message).toMatch(
			/Schedule must be an ISO date.*"next Tuesday".*\[item 1\]/,
		);
		expect(receivedBodies(harness.sim)).toHaveLength(0);
	});

	it('refuses a bad number before sending anything, naming the item and the field', async () => {
		const result = await harness.run({
			items: [{ phone: '8185550100' }, { phone: '555-CALL-NOW' }],
			parameters: { resource: 'call', operation: 'send', phoneNumbers: '={{ $json.phone }}' },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Phone Numbers');
		expect(result.error?.message).toContain('"555-CALL-NOW"');
		expect(result.error?.message).toContain('item 1');
		expect(receivedBodies(harness.sim)).toHaveLength(0);
	});

	it('with Continue on Fail, a bad item becomes an error item and the rest are sent', async () => {
		const result = await harness.run({
			items: [{ phone: '8185550100' }, { phone: '12' }, { phone: '8185550152' }],
			continueOnFail: true,
			parameters: { resource: 'call', operation: 'send', phoneNumbers: '={{ $json.phone }}' },
		});
		expect(result.error).toBeUndefined();
		const output = result.items('VoiceShot');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toContain('Phone Numbers');
		expect(output[0].json.phonenumber).toBe('8185550100');
		expect(sentRequests()[0].numbers.map((entry) => entry.number)).toEqual([
			'8185550100',
			'8185550152',
		]);
	});

	it('names the fields of text messages as the SMS panel does: Message ID and SMS ID', async () => {
		const messageId = await harness.run({
			parameters: {
				resource: 'sms',
				operation: 'send',
				phoneNumbers: '8185550100',
				message: 'Your table is ready',
				options: { callId: 'x'.repeat(51) },
			},
		});
		expect(messageId.error?.message).toMatch(/^Message ID .*50.*\[item 0\]$/);
		const smsId = await harness.run({
			parameters: {
				resource: 'sms',
				operation: 'send',
				phoneNumbers: '8185550100',
				message: 'Your table is ready',
				smsId: 'user\u0007@example.com',
			},
		});
		expect(smsId.error?.message).toMatch(/^SMS ID .*\[item 0\]$/);
		expect(sentRequests()).toEqual([]);
	});

	it('names the item and field of a caller ID or Call ID VoiceShot would refuse', async () => {
		const callerId = await harness.run({
			items: [{}, {}],
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '8185550100',
				callerId: '={{ $itemIndex ? "555" : "8005550100" }}',
			},
		});
		expect(callerId.error?.message).toMatch(/Caller ID.*item 1/);
		const callId = await harness.run({
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '8185550100',
				options: { callId: 'x'.repeat(51) },
			},
		});
		expect(callId.error?.message).toMatch(/Call ID.*50.*item 0/);
		const control = await harness.run({
			parameters: {
				resource: 'call',
				operation: 'send',
				phoneNumbers: '8185550100',
				prompts: { prompt: [{ promptId: '1', type: 'tts', content: 'bell \u0007' }] },
			},
		});
		expect(control.error?.message).toMatch(
			/Prompts: Content \(phone number 1, prompt 1\).*U\+0007.*item 0/,
		);
		expect(receivedBodies(harness.sim)).toHaveLength(0);
	});

	it('turns a VoiceShot errorid into an error leading with the hint, errorid and comment in the description', async () => {
		const result = await harness.run({
			parameters: {
				resource: 'call',
				operation: 'send',
				menuId: '9-9999',
				phoneNumbers: '8185550100',
			},
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'No campaign has this Menu ID: copy it from the campaign in VoiceShot. [item 0]',
		);
		expect(result.error?.description).toContain('errorid 19');
		expect(result.error?.description).toContain('Invalid menuid');
	});

	it('with Continue on Fail, a refused request becomes error items carrying errorid and callids', async () => {
		const result = await harness.run({
			items: [{ menu: '9-9999' }, { menu: '1-1234' }],
			continueOnFail: true,
			parameters: {
				resource: 'call',
				operation: 'send',
				menuId: '={{ $json.menu }}',
				phoneNumbers: '8185550100',
			},
		});
		const output = result.items('VoiceShot');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toMatchObject({ errorid: 19, menuid: '9-9999' });
		expect(output[0].json.callids).toHaveLength(1);
		expect(output[1].json).toMatchObject({ errorid: 0, menuid: '1-1234' });
	});

	it('never shows the password in errors or output', async () => {
		const secret = 'pa55-"<word>"';
		const result = await harness.run({
			items: [{}, {}],
			continueOnFail: true,
			credentials: { username: 'ops', password: secret },
			parameters: {
				resource: 'call',
				operation: 'send',
				menuId: '={{ $itemIndex ? "1-1234" : "9-9999" }}',
				phoneNumbers: '8185550100',
			},
		});
		expect(receivedBodies(harness.sim)[0]).toContain('password="pa55-&quot;&lt;word&gt;&quot;"');
		expect(JSON.stringify(result.items('VoiceShot'))).not.toContain('pa55');
		const failed = await harness.run({
			credentials: { username: 'ops', password: secret },
			parameters: {
				resource: 'call',
				operation: 'send',
				menuId: '9-9999',
				phoneNumbers: '8185550100',
			},
		});
		expect(JSON.stringify(failed.error)).not.toContain('pa55');
		expect(JSON.stringify(failed.run.data)).not.toContain('pa55');
	});
});

describe('Schedule', () => {
	it('refuses a time more than 15 minutes past, naming the field and the time as VoiceShot would read it', async () => {
		const result = await harness.run({
			parameters: { ...sendTo, options: { schedule: '2020-01-01T10:00:00', timeZone: 'UTC' } },
		});
		expect(result.error?.message).toBe(
			'Schedule 1/1/2020 10:00 AM (UTC) is in the past, and VoiceShot does not say what it does with a past time: leave Schedule empty to send as soon as possible [item 0]',
		);
		expect(sentRequests()).toEqual([]);
		const soon = new Date(Date.now() + 60 * 60_000).toISOString();
		const ok = await harness.run({ parameters: { ...sendTo, options: { schedule: soon } } });
		expect(ok.error).toBeUndefined();
		expect(sentRequests()).toHaveLength(1);
	});
});

describe('SMS → Send', () => {
	it('sends the message as txt prompts with the SMS ID as caller ID', async () => {
		const result = await harness.run({
			items: [
				{ phone: '8185550100', text: 'Your order <42> & more' },
				{ phone: '8185550117', text: 'Hi' },
			],
			parameters: {
				resource: 'sms',
				operation: 'send',
				phoneNumbers: '={{ $json.phone }}',
				message: '={{ $json.text }}',
				smsId: 'alerts@example.com',
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = sentRequests();
		expect(request.channel).toBe('sms');
		expect(request.callerid).toBe('alerts@example.com');
		expect(request.numbers.map((entry) => entry.prompts)).toEqual([
			[{ txt: 'Your order <42> & more' }],
			[{ txt: 'Hi' }],
		]);
		expect(result.items('VoiceShot').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});

	it('refuses an empty message naming the item', async () => {
		const result = await harness.run({
			items: [{ text: 'ok' }, { text: '' }],
			parameters: {
				resource: 'sms',
				operation: 'send',
				phoneNumbers: '8185550100',
				message: '={{ $json.text }}',
			},
		});
		expect(result.error?.message).toMatch(/Message is empty \[item 1\]/);
	});

	it('never falls back to the Default Menu ID (the voice campaign): its own Default SMS Menu ID or none', async () => {
		const parameters = {
			resource: 'sms',
			operation: 'send',
			phoneNumbers: '8185550100',
			message: 'Your table is ready',
		};
		const none = await harness.run({
			parameters,
			credentials: { defaultMenuId: '1-1234', defaultSmsMenuId: '' },
		});
		expect(none.error?.message).toBe(
			'Menu ID is empty and the credential sets no Default SMS Menu ID (the Default Menu ID is a voice campaign) [item 0]',
		);
		expect(sentRequests()).toEqual([]);
		harness.sim.addCampaign({ menuid: '2-5678', channel: 'sms' });
		const own = await harness.run({
			parameters,
			credentials: { defaultMenuId: '1-1234', defaultSmsMenuId: '2-5678' },
		});
		expect(own.error).toBeUndefined();
		expect(sentRequests().map((request) => [request.channel, request.menuid])).toEqual([
			['sms', '2-5678'],
		]);
	});
});
