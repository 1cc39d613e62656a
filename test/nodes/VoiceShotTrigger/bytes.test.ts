import fc from 'fast-check';

import { bodyText, decodeBase64, isAscii } from '../../../nodes/VoiceShotTrigger/bytes';
import { readings } from '../../../nodes/shared/xml';

describe('isAscii', () => {
	it('finds a high bit at any position and alignment', () => {
		const backing = Buffer.alloc(64, 0x41);
		for (let offset = 0; offset < 4; offset++) {
			for (let length = 0; length <= 20; length++) {
				const view = backing.subarray(offset, offset + length);
				expect(isAscii(view)).toBe(true);
				for (let at = 0; at < length; at++) {
					view[at] = 0x80;
					expect(isAscii(view)).toBe(false);
					view[at] = 0x41;
				}
			}
		}
	});

	it('agrees with a byte-by-byte check', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(3), (bytes, offset) => {
				const buffer = Buffer.concat([Buffer.alloc(offset), Buffer.from(bytes)]).subarray(offset);
				expect(isAscii(buffer)).toBe(bytes.every((byte) => byte < 0x80));
			}),
		);
	});
});

describe('bodyText', () => {
	it('reads ASCII bytes as the codec does, and other bytes through the codec', () => {
		const ascii = Buffer.from('<campaign menuid="1-1"/>\r\n');
		expect(bodyText(ascii)).toBe('<campaign menuid="1-1"/>\r\n');
		const utf8 = Buffer.from('<campaign comment="Grüße 📦"/>', 'utf8');
		expect(bodyText(utf8)).toBe('<campaign comment="Grüße 📦"/>');
		const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><campaign comment="Grüße"/>', 'latin1');
		expect(bodyText(latin1)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><campaign comment="Grüße"/>');
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ascii]);
		expect(bodyText(bom)).toBe('\uFEFF<campaign menuid="1-1"/>\r\n');
	});

	it('leaves an oversized body as bytes, and a string as it is', () => {
		const big = Buffer.alloc(readings.MAX_DOCUMENT_BYTES + 1, 0x20);
		expect(bodyText(big)).toBe(big);
		expect(bodyText('<a/>')).toBe('<a/>');
	});
});

describe('decodeBase64 gives what Buffer.from(text, "base64") gives', () => {
	const lines = (text: string, width: number, separator: string) =>
		(text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(separator);
	const data = Buffer.from(Array.from({ length: 3001 }, (_, i) => (i * 131 + 7) & 0xff));

	it.each([
		['no line breaks', data.toString('base64')],
		['CRLF every 76', lines(data.toString('base64'), 76, '\r\n')],
		['LF every 64', lines(data.toString('base64'), 64, '\n')],
		['CRLF every 77 (groups split across lines)', lines(data.toString('base64'), 77, '\r\n')],
		['one padding character', Buffer.alloc(2000, 9).toString('base64')],
		['two padding characters', Buffer.alloc(2001, 9).toString('base64')],
		['base64url alphabet', data.toString('base64url')],
		['a trailing line break', `${lines(data.toString('base64'), 76, '\r\n')}\r\n`],
		['blank lines', lines(data.toString('base64'), 76, '\r\n\r\n')],
		['spaces (decoded the usual way)', lines(data.toString('base64'), 76, ' ')],
		['a character outside the alphabet (fallback)', `${data.toString('base64').slice(0, 999)}*${data.toString('base64').slice(999)}`],
		['padding in the middle (fallback)', `${Buffer.alloc(100, 1).toString('base64')}==${data.toString('base64')}`],
		['only line breaks', '\r\n'.repeat(500)],
	])('%s', (_name, text) => {
		for (const slice of [4, 5, 13, 64, 1000, 1 << 18]) {
			expect(decodeBase64(text, slice).equals(Buffer.from(text, 'base64'))).toBe(true);
		}
	});

	it('for any bytes and any line breaking', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 400 }),
				fc.array(fc.constantFrom('\n', '\r\n', '\r', ''), { minLength: 1, maxLength: 8 }),
				fc.integer({ min: 1, max: 90 }),
				fc.integer({ min: 1, max: 120 }),
				(bytes, separators, width, slice) => {
					const base64 = Buffer.from(bytes).toString('base64');
					let text = '';
					for (let at = 0, line = 0; at < base64.length; at += width, line++) {
						text += base64.slice(at, at + width) + separators[line % separators.length];
					}
					expect(decodeBase64(text, slice).equals(Buffer.from(bytes))).toBe(true);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('decodes a 5 MB recording in slices to the same bytes', () => {
		const recording = Buffer.alloc(5 * 1024 * 1024);
		for (let i = 0; i < recording.length; i++) recording[i] = (i * 2654435761) >>> 24;
		const text = lines(recording.toString('base64'), 76, '\r\n');
		expect(decodeBase64(text).equals(recording)).toBe(true);
	});
});
