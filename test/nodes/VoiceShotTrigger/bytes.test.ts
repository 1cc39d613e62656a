import fc from 'fast-check';

import { decodeBase64 } from '../../../nodes/shared/bytes';

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
		[
			'a short line among them',
			lines(data.toString('base64'), 76, '\r\n').replace(/(.{1900}[A-Za-z0-9+/]{30})/s, '$1\r\n'),
		],
		[
			'a lone CR',
			lines(data.toString('base64'), 76, '\n').replace(/(.{2000}[A-Za-z0-9+/])/s, '$1\r'),
		],
		['spaces (decoded the usual way)', lines(data.toString('base64'), 76, ' ')],
		[
			'a character outside the alphabet (fallback)',
			`${data.toString('base64').slice(0, 999)}*${data.toString('base64').slice(999)}`,
		],
		[
			'padding in the middle (fallback)',
			`${Buffer.alloc(100, 1).toString('base64')}==${data.toString('base64')}`,
		],
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
		const from = jest.spyOn(Buffer, 'from');
		try {
			expect(decodeBase64(text).equals(recording)).toBe(true);
			// In slices only: no fallback to decoding the whole text at once.
			expect(from).not.toHaveBeenCalled();
		} finally {
			from.mockRestore();
		}
	});
});
