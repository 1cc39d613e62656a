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
 * The line breaks in text[from, to): the characters they take (each LF, and a CR just before it),
 * and where the last one ends (`from` when there is none). Base64 comes in lines of one length, so
 * each next LF is first looked for where the last line's length puts it (one character read), and
 * searched for only when it is not there. What this leaves uncounted (an LF inside a line skipped
 * so, a lone CR) is caught by decodeBase64's byte count.
 */
function lineBreaks(text: string, from: number, to: number): { characters: number; end: number } {
	let characters = 0;
	let previous = -1;
	let at = text.indexOf('\n', from);
	while (at !== -1 && at < to) {
		characters += at > from && text.charCodeAt(at - 1) === CR ? 2 : 1;
		const guess = previous === -1 ? to : 2 * at - previous;
		previous = at;
		at = guess < to && text.charCodeAt(guess) === LF ? guess : text.indexOf('\n', at + 1);
	}
	return { characters, end: previous === -1 ? from : previous + 1 };
}

/**
 * Decodes base64 exactly as `Buffer.from(text, 'base64')` does (line breaks and blanks skipped),
 * writing slice after slice into one buffer. A slice ends after its last line break, less the
 * characters of an unfinished 4-character group, so that no group is split. Each slice's byte
 * count is checked against its characters less its line breaks: any character not counted (another
 * blank, a character outside the alphabet, padding inside the text) makes the slice decode to
 * fewer bytes, and then the whole text is decoded by `Buffer.from` instead.
 */
export function decodeBase64(text: string, slice = BASE64_SLICE): Buffer {
	if (text.length <= slice) return Buffer.from(text, 'base64');
	// Without line breaks, each slice would search the rest of the text for one.
	const hasBreaks = text.indexOf('\n') !== -1;
	const output = Buffer.allocUnsafe(Buffer.byteLength(text, 'base64'));
	let written = 0;
	let start = 0;
	while (text.length - start > slice) {
		const breaks = hasBreaks
			? lineBreaks(text, start, start + slice)
			: { characters: 0, end: start };
		let end = breaks.end > start ? breaks.end : start + slice;
		let characters = end - start - breaks.characters;
		// Leave the characters of an unfinished group to the next slice.
		for (let extra = characters % 4; extra > 0; end--) {
			const code = text.charCodeAt(end - 1);
			if (code !== CR && code !== LF) extra--;
		}
		characters -= characters % 4;
		if (end <= start) return Buffer.from(text, 'base64');
		const bytes = output.write(text.slice(start, end), written, 'base64');
		if (bytes !== (characters / 4) * 3) return Buffer.from(text, 'base64');
		written += bytes;
		start = end;
	}
	written += output.write(text.slice(start), written, 'base64');
	return output.subarray(0, written);
}
