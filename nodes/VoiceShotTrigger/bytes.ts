import { bytesToText, readings } from '../shared/xml';

/**
 * Reading a large post cheaply. A call summary may carry a voicemail recording of several MB as
 * base64; these helpers keep its cost close to one base64 decoding:
 *  - `bodyText`: an all-ASCII body (VoiceShot's XML is) becomes text by one copy (latin1, which
 *    reads ASCII exactly as UTF-8 does), not by UTF-8 decoding;
 *  - `decodeBase64`: the recording is decoded in slices straight into its output buffer, so that
 *    no second full-size copy of the base64 text is made on the way (Buffer.from(text, 'base64')
 *    first copies the whole text when it is a slice of a larger string, as parsed text is).
 */

/** True when no byte has its high bit set. Reads 4 bytes at a time. */
export function isAscii(bytes: Uint8Array): boolean {
	const length = bytes.length;
	let seen = 0;
	let index = 0;
	const head = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
	for (; index < head; index++) seen |= bytes[index];
	const wordCount = (length - index) >>> 2;
	if (wordCount > 0) {
		const words = new Uint32Array(bytes.buffer, bytes.byteOffset + index, wordCount);
		for (let word = 0; word < wordCount; word++) seen |= words[word];
		index += wordCount * 4;
	}
	for (; index < length; index++) seen |= bytes[index];
	return (seen & 0x80808080) === 0;
}

/**
 * The body as the codec reads it. An oversized body stays bytes, for the codec to refuse
 * without making it text first.
 */
export function bodyText(body: Buffer | string): Buffer | string {
	if (typeof body === 'string' || body.length > readings.MAX_DOCUMENT_BYTES) return body;
	return isAscii(body) ? body.toString('latin1') : bytesToText(body);
}

/** Characters of base64 text per slice (by default): the largest temporary copy `decodeBase64` makes. */
export const BASE64_SLICE = 1 << 18;

const CR = 13;
const LF = 10;

function isBlank(code: number): boolean {
	return code === CR || code === LF || code === 32 || code === 9;
}

/** How often `character` occurs in text[from, to). */
function count(text: string, character: string, from: number, to: number): number {
	let found = 0;
	for (let at = text.indexOf(character, from); at !== -1 && at < to; at = text.indexOf(character, at + 1)) found++;
	return found;
}

/**
 * Decodes base64 exactly as `Buffer.from(text, 'base64')` does (line breaks and blanks skipped),
 * writing slice after slice into one buffer. Each slice ends after a whole number of 4-character
 * groups, so no group is split; each slice's byte count is checked against its character count,
 * and any surprise (a character outside the alphabet, padding inside the text) falls back to
 * `Buffer.from` on the whole text.
 */
export function decodeBase64(text: string, slice = BASE64_SLICE): Buffer {
	if (text.length <= slice) return Buffer.from(text, 'base64');
	// Line breaks are counted per slice; spaces and tabs would cost a pass each, and VoiceShot's
	// base64 has none: with them, decode the usual way.
	if (text.indexOf(' ') !== -1 || text.indexOf('\t') !== -1) return Buffer.from(text, 'base64');
	const countBreaks = text.indexOf('\n') !== -1;
	const countReturns = text.indexOf('\r') !== -1;
	const output = Buffer.allocUnsafe(Buffer.byteLength(text, 'base64'));
	let written = 0;
	let start = 0;
	while (start < text.length) {
		let end = Math.min(start + slice, text.length);
		const last = end === text.length;
		if (!last) {
			let characters = end - start;
			if (countBreaks) characters -= count(text, '\n', start, end);
			if (countReturns) characters -= count(text, '\r', start, end);
			// Leave the characters of an unfinished group to the next slice.
			for (let extra = characters % 4; extra > 0; end--) {
				if (!isBlank(text.charCodeAt(end - 1))) extra--;
			}
			characters -= characters % 4;
			if (end <= start) return Buffer.from(text, 'base64');
			const bytes = output.write(text.slice(start, end), written, 'base64');
			if (bytes !== (characters / 4) * 3) return Buffer.from(text, 'base64');
			written += bytes;
		} else {
			written += output.write(text.slice(start, end), written, 'base64');
		}
		start = end;
	}
	return output.subarray(0, written);
}
