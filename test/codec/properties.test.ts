import fc from 'fast-check';

import { wireNumberProblem } from '../../nodes/shared/phoneNumber';
import {
	VoiceShotXmlError,
	decodeCallCommand,
	decodePost,
	decodeReply,
	encodeCallCommand,
	encodeRequest,
	parseXml,
	type CallCommand,
	type PhoneNumber,
	type Prompt,
	type PromptKeypress,
	type Recording,
	type VoiceShotPost,
	type VoiceShotReply,
	type VoiceShotRequest,
} from '../../nodes/shared/xml';
import { decodeRequest, encodePost, encodeReply } from '../../simulator/codec';

/* Property-based: generated values round-trip; generated garbage never yields anything but a value or the typed error. */

const RUNS = { numRuns: 300 };

// eslint-disable-next-line no-control-regex
const UNENCODABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Text XML can carry, rich in what tends to break codecs: metacharacters, quotes, references, whitespace, non-ASCII, emoji. */
const unit = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.constantFrom(
			'&',
			'<',
			'>',
			'"',
			"'",
			'&amp;',
			'&#9;',
			'&foo;',
			']]>',
			'<!--',
			'\t',
			'\n',
			'\r',
			'\r\n',
			' ',
			'\u00A0',
			'😀',
			'📦',
			'é',
			'Zoë',
			'日本',
			'\u200D',
			'\uFEFF',
		),
	},
	{ weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
	{
		weight: 2,
		arbitrary: fc
			.string({ unit: 'binary', minLength: 1, maxLength: 1 })
			.filter((c) => !UNENCODABLE.test(c)),
	},
);
const text = (options: { minLength?: number; maxLength?: number } = {}) =>
	fc.string({ unit, maxLength: options.maxLength ?? 30, minLength: options.minLength ?? 0 });
const someText = text({ minLength: 1 });
const callid = text({ maxLength: 20 }).filter((value) => value.length <= 50);
const digits = (min: number, max: number) =>
	fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Numbers the one rule of every number field takes (nodes/shared/phoneNumber.ts). */
const phoneNumber = digits(10, 15).filter((value) => wireNumberProblem(value) === undefined);
const callerid = digits(10, 10).filter(
	(value) => wireNumberProblem(value, 'callerId') === undefined,
);
const dateandtime = fc
	.tuple(
		fc.integer({ min: 1, max: 12 }),
		fc.integer({ min: 1, max: 28 }),
		fc.integer({ min: 2000, max: 2099 }),
		fc.integer({ min: 1, max: 12 }),
		fc.integer({ min: 0, max: 59 }),
		fc.boolean(),
		fc.constantFrom('AM', 'PM'),
	)
	.map(
		([m, d, y, h, min, seconds, half]) =>
			`${m}/${d}/${y} ${h}:${String(min).padStart(2, '0')}${seconds ? ':07' : ''} ${half}`,
	);

const login = { username: someText, password: someText };
const LOGIN_KEYS = [] as const;

const voicePrompt: fc.Arbitrary<Prompt> = fc
	.record(
		{
			promptid: someText,
			tts: someText,
			filename: someText,
			transferto: phoneNumber,
			alttts: someText,
		},
		{ requiredKeys: ['promptid'] },
	)
	.filter(
		(prompt) =>
			prompt.tts !== undefined ||
			prompt.filename !== undefined ||
			prompt.transferto !== undefined ||
			prompt.alttts !== undefined,
	);
const voicePrompts = fc.array(voicePrompt, { minLength: 1, maxLength: 3 });

const voiceNumber: fc.Arbitrary<PhoneNumber> = fc.record(
	{ number: phoneNumber, callid, callerid, dateandtime, ext: someText, prompts: voicePrompts },
	{ requiredKeys: ['number'] },
);

const send: fc.Arbitrary<VoiceShotRequest> = fc.oneof(
	fc.record(
		{
			kind: fc.constant('send' as const),
			channel: fc.constant('voice' as const),
			menuid: someText,
			callerid,
			callid,
			prompts: voicePrompts,
			numbers: fc.array(voiceNumber, { minLength: 1, maxLength: 5 }),
			...login,
		},
		{ requiredKeys: ['kind', 'channel', 'menuid', 'numbers', ...LOGIN_KEYS] },
	),
	fc.record(
		{
			kind: fc.constant('send' as const),
			channel: fc.constant('sms' as const),
			menuid: someText,
			callerid: someText.filter((value) => value.trim() !== ''),
			prompts: fc.array(fc.record({ txt: someText }), { minLength: 1, maxLength: 2 }),
			numbers: fc.array(
				fc.record(
					{
						number: phoneNumber,
						callid,
						prompts: fc.array(fc.record({ txt: someText }), { minLength: 1, maxLength: 2 }),
					},
					{ requiredKeys: ['number'] },
				),
				{ minLength: 1, maxLength: 4 },
			),
		},
		{ requiredKeys: ['kind', 'channel', 'menuid', 'prompts', 'numbers'] },
	),
);

const base64 = fc
	.uint8Array({ minLength: 1, maxLength: 200 })
	.map((bytes) => Buffer.from(bytes).toString('base64'));
const callids = fc.array(
	callid.filter((value) => value !== ''),
	{ minLength: 1, maxLength: 5 },
);

const request: fc.Arbitrary<VoiceShotRequest> = fc.oneof(
	{ weight: 4, arbitrary: send },
	fc.record(
		{ kind: fc.constant('saveFile' as const), filename: someText, content: base64, ...login },
		{ requiredKeys: ['kind', 'filename', 'content'] },
	),
	fc.record(
		{ kind: fc.constant('deleteFile' as const), filename: someText, ...login },
		{ requiredKeys: ['kind', 'filename'] },
	),
	fc.record(
		{ kind: fc.constant('deletePending' as const), menuid: someText, callids, ...login },
		{ requiredKeys: ['kind', 'menuid', 'callids'] },
	),
	fc.record(
		{
			kind: fc.constant('callQuery' as const),
			menuid: someText,
			callids: fc.array(callid, { minLength: 1, maxLength: 4 }),
			...login,
		},
		{ requiredKeys: ['kind', 'menuid', 'callids'] },
	),
	fc.record(
		{ kind: fc.constant('testConfiguration' as const), ...login },
		{ requiredKeys: ['kind'] },
	),
	fc.record(
		{ kind: fc.constant('pause' as const), menuid: someText, ...login },
		{ requiredKeys: ['kind', 'menuid'] },
	),
	fc.record(
		{ kind: fc.constant('resume' as const), menuid: someText, ...login },
		{ requiredKeys: ['kind', 'menuid'] },
	),
);

describe('requests', () => {
	it('every generated request encodes to XML that decodes back to the same value', () => {
		fc.assert(
			fc.property(request, (value) => {
				expect(decodeRequest(encodeRequest(value))).toEqual(value);
			}),
			{ numRuns: 1000 },
		);
	});

	it('as bytes too', () => {
		fc.assert(
			fc.property(send, (value) => {
				expect(decodeRequest(Buffer.from(encodeRequest(value), 'utf8'))).toEqual(value);
			}),
			RUNS,
		);
	});
});

/* Replies and posts: typed fields survive, and a decoded value re-encodes to itself exactly (attributes included). */

const keypress: fc.Arbitrary<PromptKeypress> = fc
	.record({
		promptid: someText,
		keypress: fc.oneof(fc.constantFrom('', '#', '1', '1234', '*'), text()),
	})
	.map((prompt) => ({ ...prompt, attributes: { ...prompt } }));
/** Unknown attributes, under names XML can carry. */
const extra = fc.dictionary(fc.constantFrom('region', 'cost', 'x-id', 'dt:dt', 'attempt'), text(), {
	maxKeys: 2,
});
const number = fc.integer({ min: 0, max: 100_000 });

const reply: fc.Arbitrary<VoiceShotReply> = fc.oneof(
	fc
		.record({ errorid: fc.integer({ min: -5, max: 500 }), comment: text(), extra })
		.map(({ errorid, comment, extra }) => ({
			kind: 'result' as const,
			errorid,
			comment,
			attributes: { ...extra, errorid: String(errorid), comment },
		})),
	fc
		.record({
			menuid: someText,
			calls: fc.array(
				fc.record({
					number: phoneNumber,
					callid,
					dateandtime,
					duration: number,
					status: someText,
					comment: text(),
					prompts: fc.array(keypress, { maxLength: 3 }),
				}),
				{ maxLength: 4 },
			),
		})
		.map(({ menuid, calls }) => ({
			kind: 'callQueryResult' as const,
			menuid,
			attributes: { menuid },
			calls: calls.map((call) => ({
				...call,
				attributes: {
					number: call.number,
					callid: call.callid,
					dateandtime: call.dateandtime,
					duration: String(call.duration),
					status: call.status,
					comment: call.comment,
				},
			})),
		})),
);

const recording = (promptid: string | undefined): fc.Arbitrary<Recording> =>
	fc
		.record({ filename: someText, base64 })
		.map(({ filename, base64 }) => ({ promptid, filename, base64, attributes: { filename } }));

const post: fc.Arbitrary<VoiceShotPost> = fc.oneof(
	fc
		.record({ menuid: someText, callid: someText, promptid: someText, keypress: text() })
		.map((p) => ({ kind: 'keypress' as const, ...p, attributes: { ...p } })),
	fc.record({ menuid: someText, callid: someText, callerid, dnis: phoneNumber }).map((p) => ({
		kind: 'answer' as const,
		action: 4 as const,
		...p,
		attributes: { ...p, action: '4' },
	})),
	fc.record({ menuid: someText, callid: someText, duration: number }).map((p) => ({
		kind: 'hangup' as const,
		action: 5 as const,
		...p,
		attributes: { menuid: p.menuid, callid: p.callid, action: '5', duration: String(p.duration) },
	})),
	fc
		.record({
			menuid: someText,
			callid: someText,
			action: fc.constantFrom(4, 5),
			comment: fc.constantFrom('Test', 'test', ' TEST '),
		})
		.map((p) => ({
			kind: 'test' as const,
			...p,
			attributes: {
				menuid: p.menuid,
				callid: p.callid,
				action: String(p.action),
				comment: p.comment,
			},
		})),
	fc
		.record({
			menuid: someText,
			callid: someText,
			inbound: fc.boolean(),
			caller: phoneNumber,
			status: someText,
			comment: someText,
			duration: number,
			dateandtime,
			prompts: fc.uniqueArray(keypress, { selector: (prompt) => prompt.promptid, maxLength: 3 }),
		})
		.chain((p) =>
			fc.tuple(
				fc.constant(p),
				p.prompts.length
					? fc.array(recording(p.prompts[0].promptid), { maxLength: 1 })
					: fc.constant([] as Recording[]),
			),
		)
		.map(([p, recordings]) => {
			const who: Record<string, string> = p.inbound
				? { callerid: p.caller }
				: { phonenumber: p.caller, status: p.status, comment: p.comment };
			return {
				kind: 'callSummary' as const,
				direction: p.inbound ? ('inbound' as const) : ('outbound' as const),
				menuid: p.menuid,
				callid: p.callid,
				duration: p.duration,
				dateandtime: p.dateandtime,
				...who,
				prompts: p.prompts,
				recordings,
				attributes: {
					menuid: p.menuid,
					callid: p.callid,
					duration: String(p.duration),
					dateandtime: p.dateandtime,
					...who,
				},
			};
		}),
	fc
		.record({
			menuid: someText,
			callid: someText,
			inbound: fc.boolean(),
			caller: phoneNumber,
			status: someText,
			comment: text(),
			texts: fc.array(someText, { minLength: 1, maxLength: 3 }),
		})
		.map((p) => {
			const who: Record<string, string> = p.inbound
				? { callerid: p.caller }
				: { phonenumber: p.caller, status: p.status, comment: p.comment };
			return {
				kind: 'smsSummary' as const,
				direction: p.inbound ? ('inbound' as const) : ('outbound' as const),
				menuid: p.menuid,
				callid: p.callid,
				...who,
				texts: p.texts,
				attributes: { menuid: p.menuid, callid: p.callid, ...who },
			};
		}),
);

const command: fc.Arbitrary<CallCommand> = fc.record(
	{
		goto: someText,
		tts: someText,
		filename: someText,
		transferto: phoneNumber,
		callerid,
		dtmf: fc.string({ unit: fc.constantFrom(...'0123456789*#,w'), minLength: 1, maxLength: 8 }),
	},
	{ requiredKeys: [] },
);

describe('replies, posts and call commands', () => {
	it('every generated reply round-trips exactly', () => {
		fc.assert(
			fc.property(reply, (value) => {
				expect(decodeReply(encodeReply(value))).toEqual(value);
			}),
			RUNS,
		);
	});

	it('every generated post round-trips exactly', () => {
		fc.assert(
			fc.property(post, (value) => {
				expect(decodePost(encodePost(value))).toEqual(value);
			}),
			RUNS,
		);
	});

	it('every generated call command round-trips', () => {
		fc.assert(
			fc.property(command, (value) => {
				expect(decodeCallCommand(encodeCallCommand(value))).toEqual(value);
			}),
			RUNS,
		);
	});
});

/* Garbage: a value or the codec's typed error, never anything else, never a hang. */

const tokens = fc.constantFrom(
	'<',
	'>',
	'</',
	'/>',
	'<?xml version="1.0"?>',
	'<?xml',
	'?>',
	'<!DOCTYPE x>',
	'<!ENTITY',
	'<!--',
	'-->',
	'<![CDATA[',
	']]>',
	'&',
	'&amp;',
	'&#x1F600;',
	'&#0;',
	'&foo;',
	'"',
	"'",
	'=',
	' ',
	'\n',
	'\t',
	'campaign',
	'<campaign',
	'</campaign>',
	'<prompt',
	'<phonenumbers>',
	'<phonenumber',
	'<prompts>',
	'<file',
	'</file>',
	' errorid="0"',
	' errorid="x"',
	' action="5"',
	' action="0"',
	' menuid="1"',
	' comment="Test"',
	' number="8185550100"',
	' callid=""',
	' fileaction="save"',
	' txt="hi"',
	' __proto__="x"',
	' constructor="y"',
	'\uFEFF',
	'\uD800',
	'\u0000',
	'😀',
);
const garbageText = fc.oneof(
	fc
		.array(
			fc.oneof({ weight: 4, arbitrary: tokens }, fc.string({ unit: 'binary', maxLength: 3 })),
			{ maxLength: 40 },
		)
		.map((parts) => parts.join('')),
	fc.string({ unit: 'binary', maxLength: 200 }),
	fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
);
const VALID = [
	'<campaign errorid="0" comment="ok"/>',
	'<campaign menuid="1-1234"><phonenumbers><phonenumber number="8182238964" callid="123" duration="15" status="Successful" comment="Human Answer"><prompts><prompt promptid="1" keypress="2"/></prompts></phonenumber></phonenumbers></campaign>',
	'<campaign menuid="1-1234" action="0"><prompts><prompt promptid="1" tts="Web server 1 is down." /></prompts><phonenumbers><phonenumber number="8185550100" /></phonenumbers></campaign>',
	'<campaign action="1"><file filename="hello.wav" fileaction="save">UklGRmZGAABXQVZF</file></campaign>',
	'<prompt menuid="1-4567" callid="2145437" promptid="1" keypress="1234"/>',
	'<campaign menuid="1-1234" duration="14" phonenumber="8182238964" callid="123"><prompts><prompt promptid="1" keypress=""><file filename="a.wav">QUJD</file></prompt></prompts></campaign>',
];
/** A valid document with a few characters inserted, deleted or replaced. */
const mutated = fc
	.tuple(
		fc.constantFrom(...VALID),
		fc.array(
			fc.tuple(
				fc.nat(),
				fc.nat({ max: 3 }),
				fc.oneof(tokens, fc.string({ unit: 'binary', maxLength: 2 })),
			),
			{ minLength: 1, maxLength: 4 },
		),
	)
	.map(([xml, edits]) =>
		edits.reduce(
			(out, [at, remove, insert]) =>
				out.slice(0, at % (out.length + 1)) + insert + out.slice((at % (out.length + 1)) + remove),
			xml,
		),
	);
const bytes = fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array));

const DECODERS: Array<[string, (input: string | Buffer) => unknown]> = [
	['parseXml', parseXml],
	['decodeReply', decodeReply],
	['decodePost', decodePost],
	['decodeRequest', decodeRequest],
	['decodeCallCommand', decodeCallCommand],
];

const NOTHING = Symbol('nothing thrown');

function valueOrTypedError(
	decode: (input: string | Buffer) => unknown,
	input: string | Buffer,
): void {
	let value: unknown;
	let caught: unknown = NOTHING;
	try {
		value = decode(input);
	} catch (error) {
		caught = error;
	}
	if (caught === NOTHING) {
		expect(value).toBeInstanceOf(Object);
	} else if (caught instanceof VoiceShotXmlError) {
		expect(typeof caught.code).toBe('string');
		expect(caught.message).not.toBe('');
	} else {
		throw new Error(
			`${String(caught)} from ${JSON.stringify(typeof input === 'string' ? input : input.toString('hex'))}`,
		);
	}
}

describe('garbage', () => {
	it.each(DECODERS)(
		'%s: generated garbage yields a value or a VoiceShotXmlError',
		(_name, decode) => {
			fc.assert(
				fc.property(fc.oneof(garbageText, mutated, bytes), (input) =>
					valueOrTypedError(decode, input),
				),
				{ numRuns: 1500 },
			);
		},
	);

	it('the mutation generator does produce both values and refusals', () => {
		const samples = fc.sample(mutated, { numRuns: 500, seed: 42 });
		const outcomes = samples.map((xml) => {
			try {
				decodePost(xml);
				return 'value';
			} catch (error) {
				return error instanceof VoiceShotXmlError ? 'refused' : 'other';
			}
		});
		expect(outcomes).toContain('value');
		expect(outcomes).toContain('refused');
		expect(outcomes).not.toContain('other');
	});
});
