import {
	encodeCallCommand,
	encodeRequest,
	encodeSaveFileBody,
	escapeAttribute,
	validateRequest,
	type SendRequest,
	type ValuePosition,
	type VoiceShotRequest,
	type XmlErrorCode,
} from '../../nodes/shared/xml';
import { decodeRequest, encodePost, encodeReply } from '../../simulator/codec';
import { refusal } from './refusal';

const voice = (numbers: SendRequest['numbers'], extra: Partial<SendRequest> = {}): SendRequest => ({
	kind: 'send',
	channel: 'voice',
	menuid: '1-1234',
	callerid: '8005550100',
	numbers,
	...extra,
});

const sms = (numbers: SendRequest['numbers'], extra: Partial<SendRequest> = {}): SendRequest => ({
	kind: 'send',
	channel: 'sms',
	menuid: '1-789',
	callerid: 'user@example.com',
	prompts: [{ txt: 'Hello' }],
	numbers,
	...extra,
});

const n = (number: string, extra: Partial<SendRequest['numbers'][number]> = {}) => ({
	number,
	...extra,
});
const OK = n('8185550100');

/** Both the validator and the encoder refuse it, with the same code, field, position and message. */
function expectRefused(
	request: VoiceShotRequest,
	code: XmlErrorCode,
	field: string,
	position: ValuePosition | undefined,
	message: string,
): void {
	const fromEncoder = refusal(() => encodeRequest(request));
	const fromValidator = refusal(() => validateRequest(request));
	for (const error of [fromEncoder, fromValidator]) {
		expect({
			code: error.code,
			field: error.field,
			position: error.position,
			message: error.message,
		}).toEqual({ code, field, position, message });
	}
}

describe('encoding escapes every attribute value', () => {
	it('metacharacters, quotes, tabs and line breaks become references; apostrophes and non-ASCII stay', () => {
		const xml = encodeRequest(
			voice([
				n('8185550100', {
					callid: `a"b'c&d<e>f`,
					prompts: [{ promptid: '1', tts: 'x\ty\nz\r\n😀 Zoë' }],
				}),
			]),
		);
		expect(xml).toBe(
			'<campaign menuid="1-1234" action="0" callerid="8005550100"><phonenumbers>' +
				`<phonenumber number="8185550100" callid="a&quot;b'c&amp;d&lt;e&gt;f"><prompts><prompt promptid="1" tts="x&#9;y&#10;z&#13;&#10;😀 Zoë"/></prompts></phonenumber>` +
				'</phonenumbers></campaign>',
		);
	});

	it('escapeAttribute leaves clean values alone and escapes the rest', () => {
		expect(escapeAttribute('plain text, 123', 'tts')).toBe('plain text, 123');
		expect(escapeAttribute('&&', 'tts')).toBe('&amp;&amp;');
		expect(escapeAttribute('😀', 'tts')).toBe('😀');
	});

	it('login attributes are escaped too', () => {
		const xml = encodeRequest({ kind: 'testConfiguration', username: 'me&you', password: 'p"w<' });
		expect(xml).toBe('<campaign action="6" username="me&amp;you" password="p&quot;w&lt;"/>');
		expect(decodeRequest(xml)).toEqual({
			kind: 'testConfiguration',
			username: 'me&you',
			password: 'p"w<',
		});
	});

	it('nothing is dropped or truncated: a 50-character callid and 5,000 characters of text go out whole', () => {
		const callid = 'c'.repeat(50);
		const tts = 'word '.repeat(1000);
		const request = voice([n('8185550100', { callid, prompts: [{ promptid: '1', tts }] })]);
		expect(decodeRequest(encodeRequest(request))).toEqual(request);
	});
});

describe('values XML cannot carry are refused, naming the field and its position', () => {
	it.each([
		['NUL', '\u0000', 'U+0000'],
		['an escape character', '\u001B', 'U+001B'],
		['a lone high surrogate', '\uD83D', 'U+D83D'],
		['a lone low surrogate', '\uDE00', 'U+DE00'],
		['U+FFFE', '\uFFFE', 'U+FFFE'],
	])('%s in the tts of the second prompt of the third number', (_name, character, code) => {
		const prompts = [
			{ promptid: '1', tts: 'fine' },
			{ promptid: '2', tts: `bad ${character} text` },
		];
		expectRefused(
			voice([OK, OK, n('8185550100', { prompts })]),
			'unencodable',
			'tts',
			{ number: 2, prompt: 1 },
			`tts (phone number 3, prompt 2) holds the character ${code} at offset 4, which XML cannot carry`,
		);
	});

	it('in a prompt for all numbers: the prompt alone is named', () => {
		expectRefused(
			voice([OK], { prompts: [{ promptid: '1', tts: 'a\u0002' }] }),
			'unencodable',
			'tts',
			{ prompt: 0 },
			'tts (prompt 1) holds the character U+0002 at offset 1, which XML cannot carry',
		);
	});

	it('in a callid of a number', () => {
		expectRefused(
			voice([OK, n('8185550101', { callid: 'x\u0000' })]),
			'unencodable',
			'callid',
			{ number: 1 },
			'callid (phone number 2) holds the character U+0000 at offset 1, which XML cannot carry',
		);
	});

	it('in the menuid, the SMS text, a file name, a delete callid, the login', () => {
		expect(refusal(() => encodeRequest(voice([OK], { menuid: '1-\u0001' }))).field).toBe('menuid');
		expect(
			refusal(() => encodeRequest(sms([OK, n('8185550101', { prompts: [{ txt: '\uDC00' }] })])))
				.position,
		).toEqual({ number: 1, prompt: 0 });
		expect(
			refusal(() => encodeRequest({ kind: 'deleteFile', filename: 'a\u0000.wav' })).field,
		).toBe('filename');
		expect(
			refusal(() =>
				encodeRequest({ kind: 'deletePending', menuid: '1', callids: ['ok', 'b\u0007'] }),
			).position,
		).toEqual({ number: 1 });
		expect(
			refusal(() => encodeRequest({ kind: 'pause', menuid: '1', password: '\u0000' })).field,
		).toBe('password');
	});

	it('in replies, posts and call commands too', () => {
		expect(
			refusal(() => encodeReply({ kind: 'result', errorid: 0, comment: '\u0000', attributes: {} }))
				.code,
		).toBe('unencodable');
		expect(
			refusal(() =>
				encodePost({
					kind: 'keypress',
					menuid: '1',
					callid: '1',
					promptid: '1',
					keypress: '\uD800',
					attributes: {},
				}),
			).field,
		).toBe('keypress');
		expect(refusal(() => encodeCallCommand({ tts: 'a\u0001' })).field).toBe('tts');
		expect(
			refusal(() =>
				encodePost({
					kind: 'callSummary',
					direction: 'outbound',
					menuid: '1',
					callid: '1',
					duration: 3,
					prompts: [],
					recordings: [{ filename: 'a.wav', base64: 'QU\u0000JD', attributes: {} }],
					attributes: {},
				}),
			).field,
		).toBe('recording');
	});
});

describe('documented limits', () => {
	const EXAMPLE = 'A valid number looks like (818) 555-0100 or +1 818 555 0100';
	it.each([
		['9 digits', '800555010', 'has 9 digits: the area code is missing'],
		['11 digits', '18005550100', 'has 11 digits: VoiceShot takes a caller ID as exactly 10 digits'],
		['a formatted number', '(800) 555-0100', 'is not written as digits only, as numbers are sent'],
		['letters', 'ABCDEFGHIJ', 'has "A" in it'],
		['12 digits', '442079460958', 'has 12 digits: a caller ID is a North American number'],
		['a bad area code', '1235550100', 'has area code 123: area codes start with 2 to 9'],
	])(
		'a voice callerid of %s is refused, with the rule of every number field',
		(_name, callerid, rule) => {
			const first = refusal(() => encodeRequest(voice([OK], { callerid })));
			expect(first).toMatchObject({ code: 'invalidValue', field: 'callerid' });
			expect(
				first.message.startsWith(`callerid holds ${JSON.stringify(callerid)}, which ${rule}`),
			).toBe(true);
			expect(first.message.endsWith(`. ${EXAMPLE}`)).toBe(true);
			const second = refusal(() =>
				encodeRequest(voice([OK, n('8185550100', { callerid })], { callerid: undefined })),
			);
			expect(second).toMatchObject({ field: 'callerid', position: { number: 1 } });
			expect(second.message).toBe(
				`callerid (phone number 2) ${first.message.slice('callerid '.length)}`,
			);
		},
	);

	it("on an SMS send the callerid is the account's SMS ID, not 10 digits", () => {
		const request = sms([OK]);
		expect(decodeRequest(encodeRequest(request))).toEqual(request);
		expectRefused(
			sms([OK], { callerid: ' ' }),
			'invalidValue',
			'callerid',
			undefined,
			"callerid must be the account's SMS ID on an SMS send, got an empty value",
		);
	});

	it('a callid of 51 characters is refused, on a number and on a delete', () => {
		const callid = 'x'.repeat(51);
		expect(() => encodeRequest(voice([n('8185550100', { callid: 'x'.repeat(50) })]))).not.toThrow();
		expectRefused(
			voice([OK, OK, OK, n('8185550100', { callid })]),
			'invalidValue',
			'callid',
			{ number: 3 },
			`callid (phone number 4) is 51 characters long; VoiceShot takes at most 50: ${JSON.stringify(callid)}`,
		);
		expectRefused(
			{ kind: 'deletePending', menuid: '1', callids: ['a', callid] },
			'invalidValue',
			'callid',
			{ number: 1 },
			`callid (phone number 2) is 51 characters long; VoiceShot takes at most 50: ${JSON.stringify(callid)}`,
		);
		expect(
			refusal(() => encodeRequest({ kind: 'callQuery', menuid: '1', callids: [callid] })).field,
		).toBe('callid');
	});

	it.each([
		['too short', '818555010', 'has 9 digits: the area code is missing'],
		['too long', '8185550100123456', 'has 16 digits: no phone number has more than 15'],
		['with a plus', '+18185550100', 'is not written as digits only'],
		['with dashes', '818-555-0100', 'is not written as digits only'],
		['empty', '', 'is empty'],
		['words', 'call me', 'has "c" in it'],
		['an N11 area code', '9115550100', 'has 911 for an area code'],
		['an exchange starting with 0', '8180550100', 'has exchange 055'],
		['a premium-rate number', '19005550100', 'has area code 900: premium rate'],
	])('a number %s is refused, naming which number and the rule', (_name, number, rule) => {
		const error = refusal(() => encodeRequest(voice([OK, OK, n(number)])));
		expect(error).toMatchObject({ code: 'invalidValue', field: 'number', position: { number: 2 } });
		expect(
			error.message.startsWith(
				`number (phone number 3) holds ${JSON.stringify(number)}, which ${rule}`,
			),
		).toBe(true);
		expect(error.message.endsWith(`. ${EXAMPLE}`)).toBe(true);
	});

	it.each([
		['10 digits', '8185550100'],
		['11 digits starting with 1, as summaries write them', '18185550100'],
		['a fiction number (555-0100 to 555-0199)', '2125550199'],
		['a toll-free number', '8005550100'],
		['an international number of 12 digits', '442079460958'],
	])('a number of %s goes out as written', (_name, number) => {
		expect(() => encodeRequest(voice([n(number)]))).not.toThrow();
	});

	it('a transferto that is not a phone number is refused, naming the prompt', () => {
		expectRefused(
			voice([
				n('8185550100', {
					prompts: [
						{ promptid: '1', tts: 'hi' },
						{ promptid: '2', transferto: 'front desk' },
					],
				}),
			]),
			'invalidValue',
			'transferto',
			{ number: 0, prompt: 1 },
			`transferto (phone number 1, prompt 2) holds "front desk", which has "f" in it: only digits, spaces, dashes, dots, parentheses and a leading +1 are understood. ${EXAMPLE}`,
		);
	});

	it("a dateandtime not in VoiceShot's form is refused", () => {
		expectRefused(
			voice([n('8185550100', { dateandtime: '2026-01-31T15:00' })]),
			'invalidValue',
			'dateandtime',
			{ number: 0 },
			'dateandtime (phone number 1) must read like 1/31/2026 3:00 PM, got "2026-01-31T15:00"',
		);
	});

	it('required values', () => {
		expectRefused(
			voice([]),
			'missingField',
			'number',
			undefined,
			'number is required: a send needs at least one phone number',
		);
		expectRefused(
			voice([OK], { menuid: '' }),
			'missingField',
			'menuid',
			undefined,
			'menuid is required',
		);
		expectRefused(
			voice([n('8185550100', { prompts: [{ tts: 'hi' }] })]),
			'missingField',
			'promptid',
			{ number: 0, prompt: 0 },
			'promptid (phone number 1, prompt 1) is required',
		);
		expectRefused(
			voice([n('8185550100', { prompts: [{ promptid: '1' }] })]),
			'missingField',
			'tts',
			{ number: 0, prompt: 0 },
			'one of tts, filename, transferto, alttts, txt (phone number 1, prompt 1) is required: what the prompt plays',
		);
		expectRefused(
			sms([OK], { prompts: undefined }),
			'missingField',
			'txt',
			{ number: 0 },
			'txt (phone number 1) is required: an SMS send needs the text of the message',
		);
		expectRefused(
			{ kind: 'deletePending', menuid: '1', callids: [] },
			'missingField',
			'callid',
			undefined,
			'callid is required: which calls to delete',
		);
		expectRefused(
			{ kind: 'deletePending', menuid: '1', callids: ['a', ''] },
			'missingField',
			'callid',
			{ number: 1 },
			'callid (phone number 2) is required',
		);
		expectRefused(
			{ kind: 'saveFile', filename: 'a.wav', content: Buffer.alloc(0) },
			'missingField',
			'content',
			undefined,
			'content is required: the sound file is empty',
		);
		expectRefused(
			{ kind: 'saveFile', filename: 'a.wav', content: 'not base64!' },
			'invalidValue',
			'content',
			undefined,
			'content is not base64',
		);
		expectRefused(
			{ kind: 'deleteFile', filename: '' },
			'missingField',
			'filename',
			undefined,
			'filename is required',
		);
	});

	it('call commands: callerid, transferto and dtmf are checked', () => {
		expect(
			refusal(() => encodeCallCommand({ transferto: '8182238964', callerid: '123' })).message,
		).toBe(
			'callerid holds "123", which has 3 digits: the area code is missing (a North American number has 10: area code, exchange, line). A valid number looks like (818) 555-0100 or +1 818 555 0100',
		);
		expect(refusal(() => encodeCallCommand({ transferto: 'desk' })).field).toBe('transferto');
		expect(refusal(() => encodeCallCommand({ dtmf: '12a' })).field).toBe('dtmf');
		expect(encodeCallCommand({ goto: '', tts: undefined })).toBe('');
	});

	it('replies and posts: numbers must be finite, attribute and root names must be XML names', () => {
		expect(
			refusal(() =>
				encodeReply({ kind: 'result', errorid: Number.NaN, comment: '', attributes: {} }),
			).field,
		).toBe('errorid');
		expect(
			refusal(() => encodeReply({ kind: 'result', errorid: 1.5, comment: '', attributes: {} }))
				.field,
		).toBe('errorid');
		expect(
			refusal(() =>
				encodePost({
					kind: 'hangup',
					action: 5,
					menuid: '1',
					callid: '1',
					duration: Infinity,
					attributes: {},
				}),
			).field,
		).toBe('duration');
		expect(
			refusal(() =>
				encodePost({
					kind: 'answer',
					action: 4,
					menuid: '1',
					callid: '1',
					attributes: { 'x="1" y': 'z' },
				}),
			).message,
		).toBe('attribute name "x=\\"1\\" y" is not an XML name');
		expect(
			refusal(() =>
				encodePost({ kind: 'unknown', root: 'a><b', menuid: '', callid: '', attributes: {} }),
			).field,
		).toBe('root');
	});
});

describe('sound files', () => {
	it('encodeSaveFileBody writes the same bytes as encodeRequest, for a Buffer and for base64 text', () => {
		const bytes = Buffer.from(Array.from({ length: 3 * 64 * 1024 + 7 }, (_, i) => (i * 31) % 256));
		for (const content of [bytes, bytes.toString('base64')]) {
			const request = { kind: 'saveFile' as const, filename: 'big & "loud".wav', content };
			const body = encodeSaveFileBody(request);
			expect(body.toString('utf8')).toBe(encodeRequest(request));
			expect(decodeRequest(body)).toEqual({
				kind: 'saveFile',
				filename: 'big & "loud".wav',
				content: bytes.toString('base64'),
			});
		}
	});
});
