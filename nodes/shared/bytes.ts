/**
 * Decoding a large recording cheaply. A call summary may carry a voicemail recording of several MB
 * as base64: `decodeBase64` decodes it in slices straight into its output buffer, so that no
 * second full-size copy of the base64 text is made on the way (Buffer.from(text, 'base64') first
 * copies the whole text, at two bytes a character, when it is a slice of a larger string, as parsed
 * text is). The body itself goes to the codec as bytes: see parseXml.
 */

/** Characters of base64 text per slice (by default): the largest temporary copy `decodeBase64` makes. */
export const BASE64_SLICE = 1 << 18;

/** What Buffer.from skips in base64: a character outside the alphabet of 64 and `=` counts for nothing. */
function isBase64Digit(code: number): boolean {
	return (
		(code >= 65 && code <= 90) || // A-Z
		(code >= 97 && code <= 122) || // a-z
		(code >= 48 && code <= 57) || // 0-9
		code === 43 || // +
		code === 47 // /
	);
}

/**
 * Decodes base64 exactly as `Buffer.from(text, 'base64')` does, writing slices of about `slice`
 * characters into one buffer. A slice ends after a whole number of 4-digit groups, so that no group
 * is split; a slice that decodes to another byte count (padding inside the text, a URL-safe digit)
 * makes the whole text go to `Buffer.from` instead.
 */
export function decodeBase64(text: string, slice = BASE64_SLICE): Buffer {
	if (text.length <= slice) return Buffer.from(text, 'base64');
	const output = Buffer.allocUnsafe(Buffer.byteLength(text, 'base64'));
	let written = 0;
	let start = 0;
	let digits = 0;
	for (let at = 0; at < text.length; at++) {
		if (isBase64Digit(text.charCodeAt(at))) digits++;
		if (digits % 4 !== 0 || at + 1 - start < slice) continue;
		const bytes = output.write(text.slice(start, at + 1), written, 'base64');
		if (bytes !== (digits / 4) * 3) return Buffer.from(text, 'base64');
		written += bytes;
		start = at + 1;
		digits = 0;
	}
	written += output.write(text.slice(start), written, 'base64');
	return output.subarray(0, written);
}
