/**
 * Decoding a large recording cheaply. A call summary may carry a voicemail recording of several MB
 * as base64: `decodeBase64` decodes it in slices straight into its output buffer, so that no
 * second full-size copy of the base64 text is made on the way (Buffer.from(text, 'base64') first
 * copies the whole text, at two bytes a character, when it is a slice of a larger string, as parsed
 * text is). The body itself goes to the codec as bytes: see parseXml.
 */

/** Characters of base64 text per slice (by default): the largest temporary copy `decodeBase64` makes. */
export const BASE64_SLICE = 1 << 18;

const CR = 13;
const LF = 10;

/**
 * Decodes base64 exactly as `Buffer.from(text, 'base64')` does, writing slices of whole lines, about
 * `slice` characters each, into one buffer. A slice's base64 digits are its characters less its
 * line breaks (LF, CRLF); a slice ends after a whole number of 4-digit groups, so that no group is
 * split. A slice that decodes to another byte count (another blank, padding inside the text) makes
 * the whole text go to `Buffer.from` instead.
 */
export function decodeBase64(text: string, slice = BASE64_SLICE): Buffer {
	if (text.length <= slice) return Buffer.from(text, 'base64');
	const hasLines = text.indexOf('\n') !== -1;
	const output = Buffer.allocUnsafe(Buffer.byteLength(text, 'base64'));
	let written = 0;
	let start = 0;
	while (text.length - start > slice) {
		let end = hasLines ? text.lastIndexOf('\n', start + slice - 1) + 1 : 0;
		if (end <= start) end = start + slice;
		let digits = end - start;
		for (let at = text.indexOf('\n', start); at !== -1 && at < end; at = text.indexOf('\n', at + 1))
			digits -= at > start && text.charCodeAt(at - 1) === CR ? 2 : 1;
		// Leave the digits of an unfinished group to the next slice.
		for (let extra = digits % 4; extra > 0; end--) {
			const code = text.charCodeAt(end - 1);
			if (code !== CR && code !== LF) extra--;
		}
		digits -= digits % 4;
		if (end <= start) return Buffer.from(text, 'base64');
		const bytes = output.write(text.slice(start, end), written, 'base64');
		if (bytes !== (digits / 4) * 3) return Buffer.from(text, 'base64');
		written += bytes;
		start = end;
	}
	written += output.write(text.slice(start), written, 'base64');
	return output.subarray(0, written);
}
