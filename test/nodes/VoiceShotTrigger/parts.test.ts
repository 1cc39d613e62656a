import { readBasicAuth, sameLogin } from '../../../nodes/VoiceShotTrigger/auth';
import { ALL_EVENTS, EVENT_OPTIONS, properties } from '../../../nodes/VoiceShotTrigger/description';
import { postToItem, recordingFileName } from '../../../nodes/shared/post';
import { VoiceShotTrigger } from '../../../nodes/VoiceShotTrigger/VoiceShotTrigger.node';
import type { IHookFunctions } from 'n8n-workflow';

describe('basic auth parts', () => {
	const encode = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

	it('reads the login, with a colon kept in the password', () => {
		expect(readBasicAuth(encode('user:pa:ss'))).toEqual({ username: 'user', password: 'pa:ss' });
		expect(readBasicAuth(`basic   ${Buffer.from('a:b').toString('base64')}  `)).toEqual({
			username: 'a',
			password: 'b',
		});
	});

	it('reads nothing from other schemes, missing headers or tokens without a colon', () => {
		expect(readBasicAuth(undefined)).toBeUndefined();
		expect(readBasicAuth('Bearer abc')).toBeUndefined();
		expect(readBasicAuth('Basic')).toBeUndefined();
		expect(readBasicAuth(encode('nocolon'))).toBeUndefined();
		expect(readBasicAuth('Basic a b')).toBeUndefined();
	});

	it('a login matches only when both fields are equal', () => {
		const expected = { username: 'u', password: 'p' };
		expect(sameLogin({ username: 'u', password: 'p' }, expected)).toBe(true);
		expect(sameLogin({ username: 'u', password: 'P' }, expected)).toBe(false);
		expect(sameLogin({ username: 'U', password: 'p' }, expected)).toBe(false);
		expect(sameLogin({ username: 'u', password: 'p ' }, expected)).toBe(false);
		expect(sameLogin(undefined, expected)).toBe(false);
		// an absent login does not match an empty expected one either
		expect(sameLogin(undefined, { username: '', password: '' })).toBe(false);
	});
});

describe('items', () => {
	it('recording file names: own name without folders, else after the callid', () => {
		const recording = (filename: string) => ({ filename, base64: '', attributes: {} });
		expect(recordingFileName(recording('vm.wav'), '1', 0)).toBe('vm.wav');
		expect(recordingFileName(recording('a/b\\c.wav'), '1', 0)).toBe('c.wav');
		expect(recordingFileName(recording('..'), 'x/y', 0)).toBe('x_y.wav');
		expect(recordingFileName(recording(''), '', 2)).toBe('voicemail_2.wav');
	});

	it('keypressByPrompt keeps a promptid named like an Object prototype key as data', () => {
		const { json } = postToItem(
			{
				kind: 'callSummary',
				direction: 'outbound',
				menuid: 'm',
				callid: 'c',
				prompts: [{ promptid: '__proto__', keypress: '1', attributes: {} }],
				recordings: [],
				attributes: {},
			},
			'UTC',
		);
		const byPrompt = json.keypressByPrompt as Record<string, string>;
		expect(Object.getPrototypeOf(byPrompt)).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(byPrompt, '__proto__')?.value).toBe('1');
	});
});

describe('node description', () => {
	const node = new VoiceShotTrigger();

	it('has one POST webhook whose lastNode answer is the callCommand field as text/xml', () => {
		expect(node.description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'voiceshot',
				responseMode: '={{$parameter["responseMode"] || "onReceived"}}',
				responseData:
					'={{$parameter["responseMode"] === "lastNode" ? "firstEntryJson" : "noData"}}',
				responsePropertyName: 'callCommand',
				responseContentType: 'text/xml',
			},
		]);
	});

	it('offers every post kind as an event, all selected by default', () => {
		const events = properties.find((property) => property.name === 'events');
		expect(events?.default).toEqual(ALL_EVENTS);
		expect(EVENT_OPTIONS.map((option) => option.value).sort()).toEqual(
			['answer', 'callSummary', 'hangup', 'keypress', 'smsSummary', 'test', 'unknown'].sort(),
		);
	});

	it('asks for a credential only with basic auth: the callback login, or (saved workflows) the API one', () => {
		expect(node.description.credentials).toEqual([
			{
				name: 'voiceShotCallbackLoginApi',
				required: true,
				testedBy: 'voiceShotCallbackLoginTest',
				displayOptions: { show: { authentication: ['callbackLogin'] } },
			},
			{
				name: 'voiceShotApi',
				required: true,
				testedBy: 'voiceShotApiTest',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
		]);
	});

	it('its webhook lifecycle does no remote work and reports success', async () => {
		const hooks = node.webhookMethods.default;
		const context = {} as IHookFunctions;
		expect(await hooks.checkExists.call(context)).toBe(true);
		expect(await hooks.create.call(context)).toBe(true);
		expect(await hooks.delete.call(context)).toBe(true);
	});
});
