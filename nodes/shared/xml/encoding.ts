import { VoiceShotXmlError } from './errors';

/*
 * Bytes to text. The reader decodes what it can decode exactly: UTF-8 (the default), ISO-8859-1,
 * windows-1252, US-ASCII (checked), and UTF-16 after its byte-order mark. Every other declared
 * encoding, invalid UTF-8, a byte US-ASCII does not have, and a declaration that contradicts the
 * byte-order mark are refused, naming the byte: no byte is ever replaced quietly.
 */

type Encoding = 'utf-8' | 'iso-8859-1' | 'windows-1252' | 'us-ascii' | 'utf-16le' | 'utf-16be';

/** The names a declaration may give (compared in lower case). `utf-16` needs a byte-order mark. */
export const ENCODING_NAMES: Record<string, Encoding | 'utf-16'> = {
	'utf-8': 'utf-8',
	utf8: 'utf-8',
	'iso-8859-1': 'iso-8859-1',
	iso_8859_1: 'iso-8859-1',
	'iso_8859-1': 'iso-8859-1',
	latin1: 'iso-8859-1',
	'windows-1252': 'windows-1252',
	cp1252: 'windows-1252',
	'us-ascii': 'us-ascii',
	ascii: 'us-ascii',
	'utf-16': 'utf-16',
	'utf-16le': 'utf-16le',
	'utf-16be': 'utf-16be',
};

/** The encoding a declaration at the start of `head` names, as written; undefined without one. */
const DECLARED_ENCODING =
	/^[\t\n\r ]*<\?xml[\t\n\r ][^>]*?encoding[\t\n\r ]*=[\t\n\r ]*(?:"([^"]*)"|'([^']*)')/;

function declaredEncoding(head: string): string | undefined {
	const match = DECLARED_ENCODING.exec(head);
	return match ? (match[1] ?? match[2]) : undefined;
}

function refused(message: string): VoiceShotXmlError {
	return new VoiceShotXmlError('encoding', message);
}

/** `byte 0xE9 at offset 12`: `at` indexes `bytes`, which start at `start` in the body. */
function byteAt(bytes: Uint8Array, at: number, start: number): string {
	return `byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')} at offset ${at + start}`;
}

/** The encoding the bytes are read in: from the byte-order mark, else from the declaration, else UTF-8. */
function encodingOf(body: Buffer, bom: Encoding | undefined): Encoding {
	const head =
		bom === 'utf-16le' || bom === 'utf-16be'
			? utf16(body.subarray(2, 402), bom)
			: body.subarray(bom ? 3 : 0, 200).toString('latin1');
	const name = declaredEncoding(head);
	if (name === undefined) {
		if (bom) return bom;
		const start = body.subarray(0, 4).toString('latin1');
		if (start === '\u0000<\u0000?' || start === '<\u0000?\u0000') {
			throw refused('The body looks like UTF-16 but has no byte-order mark: it cannot be read');
		}
		return 'utf-8';
	}
	const named = ENCODING_NAMES[name.toLowerCase()];
	if (named === undefined) {
		throw refused(
			`The body declares encoding="${name}", which is not read here: send UTF-8 (or ISO-8859-1, windows-1252, US-ASCII, UTF-16 with a byte-order mark)`,
		);
	}
	if (bom) {
		if (named === bom || (named === 'utf-16' && bom !== 'utf-8')) return bom;
		throw refused(
			`The body starts with a ${bom.toUpperCase()} byte-order mark but declares encoding="${name}"`,
		);
	}
	if (named === 'utf-16' || named === 'utf-16le' || named === 'utf-16be') {
		throw refused(`The body declares encoding="${name}" but has no UTF-16 byte-order mark`);
	}
	return named;
}

function byteOrderMark(body: Buffer): Encoding | undefined {
	if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
	if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
	if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
	return undefined;
}

/**
 * Where the first byte sits that does not belong to a well-formed UTF-8 sequence (overlong forms,
 * surrogates and code points above U+10FFFF included), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
	const length = bytes.length;
	for (let i = 0; i < length; ) {
		const lead = bytes[i];
		if (lead < 0x80) {
			i++;
			continue;
		}
		if (lead < 0xc2 || lead > 0xf4) return i;
		const following = lead <= 0xdf ? 1 : lead <= 0xef ? 2 : 3;
		const second = bytes[i + 1];
		const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
		const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
		if (i + 1 >= length || second < low || second > high) return i;
		for (let k = 2; k <= following; k++) {
			if (i + k >= length || (bytes[i + k] & 0xc0) !== 0x80) return i;
		}
		i += following + 1;
	}
	return -1;
}

function utf8(bytes: Buffer, start: number): string {
	const text = bytes.toString('utf8');
	if (text.indexOf('\uFFFD') === -1) return text;
	const bad = firstInvalidUtf8(bytes);
	if (bad !== -1) {
		throw refused(`The body is not valid UTF-8: ${byteAt(bytes, bad, start)}`);
	}
	return text;
}

function usAscii(bytes: Buffer, start: number): string {
	const bad = bytes.findIndex((byte) => byte >= 0x80);
	if (bad !== -1) {
		throw refused(`The body declares US-ASCII but holds ${byteAt(bytes, bad, start)}`);
	}
	return bytes.toString('latin1');
}

/** windows-1252's characters for bytes 0x80 to 0x9F; the five it leaves undefined are refused. */
const WINDOWS_1252_HIGH =
	'\u20AC_\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152_\u017D_' +
	'_\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153_\u017E\u0178';

function windows1252(bytes: Buffer, start: number): string {
	const text = bytes.toString('latin1');
	return text.replace(/[\u0080-\u009F]/g, (character, at: number) => {
		const mapped = WINDOWS_1252_HIGH[character.charCodeAt(0) - 0x80];
		if (mapped === '_')
			throw refused(
				`The body declares windows-1252, which has no character for ${byteAt(bytes, at, start)}`,
			);
		return mapped;
	});
}

/** UTF-16 in either byte order (a trailing odd byte is left out: the caller refuses it). */
function utf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be'): string {
	const even = bytes.subarray(0, bytes.length & ~1);
	return encoding === 'utf-16le'
		? even.toString('utf16le')
		: Buffer.from(even).swap16().toString('utf16le');
}

/**
 * True when every byte is printable ASCII, tab, line feed or carriage return. Such bytes read the
 * same in UTF-8 and in every single-byte encoding read here, and hold no character XML 1.0 cannot
 * carry: a large body is then checked here, once.
 */
export function isPlainAscii(bytes: Uint8Array): boolean {
	for (let index = 0; index < bytes.length; index++) {
		const byte = bytes[index];
		if (byte >= 0x80 || (byte < 0x20 && byte !== 0x9 && byte !== 0xa && byte !== 0xd)) return false;
	}
	return true;
}

/**
 * The body's text, and whether its bytes were all plain ASCII (then it holds no character XML
 * cannot carry, and nothing needs checking again). Throws VoiceShotXmlError `encoding`.
 */
export function decodeBytes(body: Buffer): { text: string; plainAscii: boolean } {
	const bom = byteOrderMark(body);
	const encoding = encodingOf(body, bom);
	if (bom === undefined && isPlainAscii(body)) {
		return { text: body.toString('latin1'), plainAscii: true };
	}
	const start = bom === 'utf-8' ? 3 : bom ? 2 : 0;
	const bytes = body.subarray(start);
	switch (encoding) {
		case 'utf-8':
			return { text: utf8(bytes, start), plainAscii: false };
		case 'iso-8859-1':
			return { text: bytes.toString('latin1'), plainAscii: false };
		case 'windows-1252':
			return { text: windows1252(bytes, start), plainAscii: false };
		case 'us-ascii':
			return { text: usAscii(bytes, start), plainAscii: false };
		case 'utf-16le':
		case 'utf-16be':
			if (bytes.length % 2 !== 0) {
				throw refused(`The body is UTF-16 but has an odd number of bytes (${body.length})`);
			}
			return { text: utf16(bytes, encoding), plainAscii: false };
	}
}

/** Bytes to text, in the encoding the byte-order mark or the declaration names (UTF-8 by default). */
export function bytesToText(body: Buffer): string {
	return decodeBytes(body).text;
}
