import {
	encodeCallCommand,
	encodeRequest,
	type CallCommand,
	type Prompt,
	type VoiceShotPost,
	type VoiceShotReply,
	type VoiceShotRequest,
} from '../../../nodes/shared/xml';
import { encodePost, encodeReply } from '../../../simulator/codec';
import { digitsOf, phoneNumberOf, textOf, type Random } from './random';

/*
 * The corpus: typed VoiceShot messages written by the encoder, VoiceShot's own layouts, then
 * mutated (markup, references, names, quoting, white space inserted or removed) and turned into
 * bytes in one of the encodings a body may come in, declared or not.
 */

function some<T>(random: Random, make: () => T, max = 3): T[] {
	return Array.from({ length: 1 + random.below(max) }, make);
}

function maybe<T>(random: Random, make: () => T): T | undefined {
	return random.chance(0.5) ? make() : undefined;
}

/** Only the fields that are set, so that a decoded value can be compared with it. */
function defined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function dateOf(random: Random): string {
	return `${1 + random.below(12)}/${1 + random.below(28)}/20${10 + random.below(20)} ${1 + random.below(12)}:${String(random.below(60)).padStart(2, '0')} ${random.pick(['AM', 'PM'])}`;
}

function voicePrompt(random: Random): Prompt {
	return defined({
		promptid: digitsOf(random, 1 + random.below(2)),
		tts: textOf(random, 30) || 'x',
		filename: maybe(random, () => textOf(random)),
		transferto: maybe(random, () => phoneNumberOf(random, 10)),
		alttts: maybe(random, () => textOf(random, 20)),
	});
}

export function requestOf(random: Random): VoiceShotRequest {
	const login = defined({
		username: maybe(random, () => textOf(random) || 'u'),
		password: maybe(random, () => textOf(random) || 'p'),
	});
	switch (random.below(5)) {
		case 0:
		case 1: {
			const sms = random.chance(0.2);
			const prompt = (): Prompt => (sms ? { txt: textOf(random, 30) || 't' } : voicePrompt(random));
			const shared = random.chance(0.5);
			return defined({
				kind: 'send',
				channel: sms ? 'sms' : 'voice',
				menuid: textOf(random) || '1-1234',
				callerid: maybe(random, () =>
					sms ? `s${textOf(random)}` : phoneNumberOf(random, 10, 'callerId'),
				),
				callid: maybe(random, () => textOf(random)),
				prompts: shared ? some(random, prompt) : undefined,
				numbers: some(
					random,
					() =>
						defined({
							number: phoneNumberOf(random, 10 + random.below(6)),
							callid: maybe(random, () => textOf(random)),
							callerid: sms
								? undefined
								: maybe(random, () => phoneNumberOf(random, 10, 'callerId')),
							dateandtime: maybe(random, () => dateOf(random)),
							ext: maybe(random, () => textOf(random, 5)),
							prompts: shared ? maybe(random, () => some(random, prompt)) : some(random, prompt),
						}),
					6,
				),
				...login,
			});
		}
		case 2:
			return {
				kind: random.pick(['deletePending', 'callQuery'] as const),
				menuid: textOf(random) || '1-1',
				callids: some(random, () => textOf(random) || 'c', 5),
				...login,
			};
		case 3:
			return {
				kind: 'saveFile',
				filename: textOf(random) || 'a.wav',
				content: some(
					random,
					() => Buffer.from(textOf(random, 40) || 'x').toString('base64'),
					4,
				).join(random.pick(['\r\n', '\n', ''])),
				...login,
			};
		default:
			return random.pick([
				{ kind: 'deleteFile', filename: textOf(random) || 'a.wav', ...login },
				{ kind: 'pause', menuid: textOf(random) || '1-1', ...login },
				{ kind: 'resume', menuid: textOf(random) || '1-1', ...login },
				{ kind: 'testConfiguration', ...login },
			] as VoiceShotRequest[]);
	}
}

export function replyOf(random: Random): VoiceShotReply {
	if (random.chance(0.4))
		return {
			kind: 'result',
			errorid: random.below(25),
			comment: textOf(random, 30),
			attributes: {},
		};
	return {
		kind: 'callQueryResult',
		menuid: textOf(random) || '1-1',
		attributes: {},
		calls: some(
			random,
			() =>
				defined({
					number: digitsOf(random, 11),
					callid: textOf(random) || 'c',
					dateandtime: maybe(random, () => dateOf(random)),
					duration: maybe(random, () => random.below(500)),
					status: maybe(random, () => textOf(random)),
					comment: maybe(random, () => textOf(random, 20)),
					prompts: random.chance(0.5)
						? []
						: some(random, () => ({
								promptid: digitsOf(random, 1),
								keypress: textOf(random, 3),
								attributes: {},
							})),
					attributes: {},
				}),
			4,
		),
	};
}

/** A post, in the shapes the decoder tells apart (a summary's comment is never "Test"). */
export function postOf(random: Random): VoiceShotPost {
	const base = { menuid: textOf(random) || '1-1', callid: textOf(random) || 'c', attributes: {} };
	const comment = () => `${textOf(random, 20)} call`;
	switch (random.below(5)) {
		case 0:
			return {
				...base,
				kind: 'keypress',
				promptid: digitsOf(random, 1),
				keypress: textOf(random, 4),
			};
		case 1:
			return defined({
				...base,
				kind: 'answer',
				action: 4,
				callerid: maybe(random, () => digitsOf(random, 10)),
				dnis: maybe(random, () => digitsOf(random, 10)),
			});
		case 2:
			return { ...base, kind: 'hangup', action: 5, duration: random.below(900) };
		case 3:
			return defined({
				...base,
				kind: 'callSummary',
				direction: 'outbound',
				phonenumber: digitsOf(random, 11),
				status: maybe(random, () => textOf(random)),
				comment: maybe(random, comment),
				duration: random.below(900),
				dateandtime: maybe(random, () => dateOf(random)),
				prompts: some(random, () => ({
					promptid: digitsOf(random, 1),
					keypress: textOf(random, 3),
					attributes: {},
				})),
				recordings: random.chance(0.5)
					? []
					: [
							{
								promptid: undefined,
								filename: textOf(random) || 'v.wav',
								base64: (
									Buffer.from(textOf(random, 60) || 'x')
										.toString('base64')
										.match(/.{1,8}/g) ?? []
								).join(random.pick(['\r\n', '\n'])),
								attributes: {},
							},
						],
			});
		default:
			return defined({
				...base,
				kind: 'smsSummary',
				direction: 'outbound',
				phonenumber: digitsOf(random, 11),
				status: maybe(random, () => textOf(random)),
				comment: maybe(random, comment),
				dateandtime: maybe(random, () => dateOf(random)),
				texts: some(random, () => textOf(random, 30)),
			});
	}
}

export function callCommandOf(random: Random): CallCommand {
	return defined({
		goto: maybe(random, () => digitsOf(random, 1)),
		tts: maybe(random, () => textOf(random, 30) || 't'),
		filename: maybe(random, () => textOf(random) || 'f'),
		transferto: maybe(random, () => phoneNumberOf(random, 10)),
		callerid: maybe(random, () => phoneNumberOf(random, 10, 'callerId')),
		dtmf: maybe(random, () => random.pick(['1', '12#', '*9w1', '0,0'])),
	});
}

/** VoiceShot's own layouts: declaration, CR LF, tabs, single quotes, names in capitals, CDATA, comments. */
const LAYOUTS = [
	'<?xml version="1.0" encoding="utf-8"?>\r\n<campaign menuid="1-1234" action="4" callerid="8185550100" dnis="8005550100" callid="12"/>',
	"<?xml version='1.0'?>\n<prompt menuid='1-1234' callid='12' promptid='2' keypress='1#'/>",
	'<campaign errorid="0" comment="OK"></campaign>',
	'<CAMPAIGN ERRORID="19" LASTERROR="Invalid menuid"/>',
	'<campaign menuid="1-1234" duration="41" phonenumber="8182238964" status="Successful" comment="Answering Machine" callid="42" dateandtime="5/20/2004 10:50:50 PM">\r\n\t<prompts>\r\n\t\t<prompt promptid="1" keypress=""></prompt>\r\n\t\t<prompt promptid="2" keypress=""><file filename="42.wav">UklGRmZG\r\nAABXQVZF</file></prompt>\r\n\t</prompts>\r\n</campaign>',
	'<campaign menuid="1-1234" callerid="8185550100" status="Received"><prompts><prompt txt="Hi &amp; bye"/></prompts></campaign>',
	'<campaign menuid="1-1"><phonenumbers><phonenumber number="18185550100" callid="a" duration="3" status="Successful"><prompts><prompt promptid="1" keypress="9"/></prompts></phonenumber></phonenumbers></campaign>',
	'<!-- VoiceShot --><campaign menuid="1-1" action="0"><phonenumbers><phonenumber number="8185550100"><prompts><prompt promptid="1" tts="Hello"/></prompts></phonenumber></phonenumbers></campaign>',
	'<campaign action="1"><file filename="a.wav" fileaction="save"><![CDATA[UklG\r\nRmZG]]></file></campaign>',
	'<prompt goto="7" tts="Your package &#x1F4E6; arrives"/>',
];

/** Pieces a mutation inserts: each is something a reader must accept or refuse exactly. */
const SNIPPETS = [
	'&amp;',
	'&lt;',
	'&gt;',
	'&quot;',
	'&apos;',
	'&#233;',
	'&#x1F600;',
	'&#xe9;',
	'&#13;',
	'&#10;',
	'&#9;',
	'&#0;',
	'&#x1;',
	'&#xD800;',
	'&#xFFFE;',
	'&#x110000;',
	'&#;',
	'&#x;',
	'&foo;',
	'&nbsp;',
	'&',
	'&amp',
	'<',
	'>',
	']]>',
	']]',
	'"',
	"'",
	'=',
	'/',
	'?',
	'!',
	'<![CDATA[x]]>',
	'<![CDATA[a&b<c]]>',
	'<![CDATA[]]>',
	'<![CDATA[x',
	'<![cdata[x]]>',
	'<!-- c -->',
	'<!---->',
	'<!-- a -- b -->',
	'<!--->',
	'<!-- x --->',
	'<!- x -->',
	'<?pi data?>',
	'<?pi?>',
	'<?xml version="1.0"?>',
	'<?XML x?>',
	'<?foo#x?>',
	'<?xml-x y?>',
	'<??>',
	'<?a?b c?>',
	'<?1a?>',
	'<!DOCTYPE campaign>',
	'<!DOCTYPE campaign [<!ENTITY e "x">]>',
	'<!ENTITY e "x">',
	'<!ELEMENT a ANY>',
	'\uFEFF',
	'\r\n',
	'\r',
	'\n',
	'\t',
	' ',
	'  ',
	'\u000B',
	'\u000C',
	'\u0001',
	'\u0000',
	'\u0085',
	'\u2028',
	'\uFFFE',
	'\uD800',
	'\uDC00',
	'😀',
	'é',
	'\u0301',
	'\u00B7',
	'<x/>',
	'<x></x>',
	'<x>',
	'</x>',
	'<Ünï/>',
	'<é:b/>',
	'<a:b:c/>',
	'<1a/>',
	'<-a/>',
	'<·a/>',
	'<a·/>',
	'<a\u0301/>',
	'<\u0301/>',
	'<😀/>',
	'<\uD800\uDC00/>',
	'<\uDB80\uDC00/>',
	'<x a="1" a="2"/>',
	'<x a="1" A="2"/>',
	' a="1"',
	' A="1"',
	' ünï="é"',
	" b='\"'",
	' c="\'"',
	' d="<"',
	' e=">"',
	' f="a\tb\nc\r\nd"',
	' g=""',
	' h=1',
	' i',
	' xmlns:dt="u"',
	' dt:dt="b"',
	' xmlns="u"',
	'="x"',
	' j="&amp;&#38;&#x26;"',
];

const VERSIONS = [
	'<?xml version="1.0"?>',
	"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
	'<?xml version="1.1"?>',
	'<?xml version="2.0"?>',
	'<?xml?>',
	'<?xml version="1.0" foo="bar"?>',
	'<?xml version="1.0" encoding="1x"?>',
	'<?xml version="1.0"standalone="no"?>',
	'<?xml  version = "1.0"  ?>',
];

function mutate(random: Random, xml: string): string {
	let out = xml;
	const count = random.below(4);
	for (let i = 0; i < count; i++) {
		const at = random.below(out.length + 1);
		switch (random.below(6)) {
			case 0:
			case 1:
				out = out.slice(0, at) + random.pick(SNIPPETS) + out.slice(at);
				break;
			case 2:
				out = out.slice(0, at) + out.slice(at + 1 + random.below(4));
				break;
			case 3: {
				const length = 1 + random.below(8);
				out = out.slice(0, at) + out.slice(at, at + length) + out.slice(at);
				break;
			}
			case 4: {
				const quote = out.indexOf('"', at);
				if (quote !== -1) out = out.slice(0, quote) + "'" + out.slice(quote + 1);
				break;
			}
			case 5: {
				const attribute = / ([a-z]+)="[^"<]*"/.exec(out.slice(at));
				out = attribute
					? out.replace(attribute[0], `${attribute[0]} ${attribute[1].toUpperCase()}="x"`)
					: out.slice(0, at) + out.slice(at, at + 3).toUpperCase() + out.slice(at + 3);
				break;
			}
		}
	}
	return out;
}

/** windows-1252's bytes for the characters it has above 0x7F (others: as in ISO-8859-1, or `?`). */
const WINDOWS_1252 = new Map(
	[
		...'\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178',
	].map((character, index) => [character, 0x80 + index]),
);

function singleBytes(text: string, map?: Map<string, number>): Buffer {
	return Buffer.from(
		[...text].map((character) => {
			const code = character.codePointAt(0) as number;
			return map?.get(character) ?? (code <= 0xff ? code : 0x3f);
		}),
	);
}

function withDeclaration(random: Random, xml: string, encoding: string): string {
	const body = xml.replace(/^<\?xml[^?]*\?>/, '');
	const quote = random.pick(['"', "'"]);
	return `<?xml version="1.0" encoding=${quote}${encoding}${quote}?>${body}`;
}

/** A document's text as the bytes of a body: how it is encoded, and whether the declaration says so. */
function bytesOf(random: Random, xml: string): Buffer {
	switch (random.below(16)) {
		case 0:
			return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]);
		case 1:
			return singleBytes(withDeclaration(random, xml, random.pick(['ISO-8859-1', 'latin1'])));
		case 2:
			return singleBytes(
				withDeclaration(random, xml, random.pick(['windows-1252', 'CP1252'])),
				WINDOWS_1252,
			);
		case 3:
			return singleBytes(withDeclaration(random, xml, random.pick(['US-ASCII', 'ascii'])));
		case 4: {
			const text = random.chance(0.7) ? withDeclaration(random, xml, 'UTF-16') : xml;
			const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
			return random.chance(0.5) ? le : Buffer.from(le).swap16();
		}
		case 5:
			return Buffer.from(
				withDeclaration(
					random,
					xml,
					random.pick(['Shift_JIS', 'UTF-16', 'EUC-KR', 'utf-8', 'UTF8']),
				),
			);
		case 6: {
			const bytes = Buffer.from(xml);
			const at = random.below(bytes.length + 1);
			const bad = random.pick([[0xff], [0x80], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe9]]);
			return Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]);
		}
		case 7:
			return Buffer.concat([
				Buffer.from([0xef, 0xbb, 0xbf]),
				singleBytes(withDeclaration(random, xml, 'ISO-8859-1')),
			]);
		default:
			return Buffer.from(xml);
	}
}

export interface Document {
	bytes: Buffer;
	/** Written by the encoder or in VoiceShot's layout, before any mutation. */
	pristine: boolean;
}

/** One document of the corpus. */
export function documentOf(random: Random): Document {
	const pick = random.below(10);
	let xml =
		pick < 2
			? encodeRequest(requestOf(random))
			: pick < 4
				? encodeReply(replyOf(random))
				: pick < 6
					? encodePost(postOf(random))
					: pick < 7
						? encodeCallCommand(callCommandOf(random)) || '<prompt/>'
						: random.pick(LAYOUTS);
	if (random.chance(0.15))
		xml =
			random.pick(VERSIONS) +
			random.pick(['', '\n', '\r\n']) +
			xml.replace(/^<\?xml[^?]*\?>\s*/, '');
	if (random.chance(0.05)) xml = random.pick([' ', '\r\n', '\n\t']) + xml;
	if (random.chance(0.03))
		xml = `<!DOCTYPE ${random.pick(['campaign', 'campaign [<!ENTITY e "x">]'])}>${xml}`;
	if (random.chance(0.01)) {
		const depth = 14 + random.below(6);
		xml = `<campaign>${'<prompts>'.repeat(depth)}${'</prompts>'.repeat(depth)}</campaign>`;
	}
	const pristine = random.chance(0.2);
	if (!pristine) xml = mutate(random, xml);
	return { bytes: pristine ? Buffer.from(xml) : bytesOf(random, xml), pristine };
}
