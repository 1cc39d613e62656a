import fc from 'fast-check';

import {
	bytesToText,
	decodeCallCommand,
	decodePost,
	decodeReply,
	parseXml,
	readings,
	type VoiceShotXmlError,
	type XmlErrorCode,
} from '../../nodes/shared/xml';
import { decodeRequest } from '../../simulator/codec';
import { isPlainAscii } from '../../nodes/shared/xml/encoding';
import { refusal } from './refusal';

/* Decoding is strict where safety needs it: each case must end in the codec's typed error. */

function expectRefused(
	xml: string | Buffer,
	code: XmlErrorCode,
	message?: RegExp,
): VoiceShotXmlError {
	const error = refusal(() => parseXml(xml));
	expect(error.code).toBe(code);
	if (message) expect(error.message).toMatch(message);
	// The decoders refuse it the same way.
	for (const decode of [decodeReply, decodePost, decodeRequest, decodeCallCommand]) {
		expect(refusal(() => decode(xml)).code).toBe(code);
	}
	return error;
}

describe('declarations and entities', () => {
	it.each([
		['a DOCTYPE', '<!DOCTYPE campaign><campaign errorid="0"/>'],
		[
			'a DOCTYPE with an internal subset',
			'<?xml version="1.0"?><!DOCTYPE campaign [<!ENTITY x "y">]><campaign comment="&x;"/>',
		],
		['a lower-case doctype', '<!doctype campaign><campaign/>'],
		[
			'the billion laughs',
			'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><campaign comment="&b;"/>',
		],
		[
			'an external entity',
			'<!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><campaign comment="&xxe;"/>',
		],
		['an entity declaration on its own', '<!ENTITY x "y"><campaign/>'],
		['a DOCTYPE inside the root', '<campaign><!DOCTYPE x></campaign>'],
	])('%s is refused', (_name, xml) => {
		expectRefused(xml, 'doctype', /DOCTYPE or entity declaration/);
	});

	it.each([
		['an undeclared entity in an attribute', '<campaign comment="&foo;"/>'],
		['an undeclared entity in text', '<file>&foo;</file>'],
		['an HTML entity', '<campaign comment="caf&eacute;"/>'],
		['a bare & in an attribute', '<campaign comment="Tom & Jerry"/>'],
		['a bare & in text', '<file>a & b</file>'],
		['& without ;', '<campaign comment="&amp"/>'],
		['&;', '<campaign comment="&;"/>'],
		['an upper-case hex reference', '<campaign comment="&#X41;"/>'],
		['an empty hex reference', '<campaign comment="&#x;"/>'],
	])('%s is refused', (_name, xml) => {
		expectRefused(
			xml,
			'malformed',
			/"&" must start one of the predefined entities or a character reference/,
		);
	});

	it('expands the five predefined entities, in attributes and text', () => {
		const element = parseXml(
			'<file name="&lt;&gt;&amp;&quot;&apos;">&lt;&gt;&amp;&quot;&apos;</file>',
		);
		expect(element.attributes.name).toBe(`<>&"'`);
		expect(element.text).toBe(`<>&"'`);
	});

	it('expands numeric character references, astral ones included, and only once', () => {
		expect(
			parseXml('<a v="&#65;&#x42;&#x1F600;&#128512;&#x0000043;&#9;&#10;&#13;&amp;lt;"/>').attributes
				.v,
		).toBe('AB😀😀C\t\n\r&lt;');
		expect(parseXml('<a>&#x1F4E6; &#233;</a>').text).toBe('📦 é');
	});

	it.each([
		['NUL', '&#0;'],
		['a control character', '&#x1B;'],
		['a lone high surrogate', '&#xD83D;'],
		['a lone low surrogate', '&#56832;'],
		['U+FFFE', '&#xFFFE;'],
		['beyond Unicode', '&#x110000;'],
		['an absurdly long number', '&#99999999999999999999999;'],
	])('a reference to %s is refused', (_name, reference) => {
		expectRefused(`<a v="${reference}"/>`, 'malformed', /names no XML character/);
	});

	it('CDATA is kept literally: nothing inside it is an entity', () => {
		expect(parseXml('<file><![CDATA[a & b &amp; <c> &foo;]]>tail</file>').text).toBe(
			'a & b &amp; <c> &foo;tail',
		);
	});
});

describe('characters XML 1.0 cannot carry', () => {
	it.each([
		['NUL', '\u0000'],
		['a control character', '\u0007'],
		['a vertical tab', '\u000B'],
		['U+FFFF', '\uFFFF'],
		['a lone high surrogate', '\uD83D'],
		['a lone low surrogate', '\uDE00'],
		['surrogates in the wrong order', '\uDE00\uD83D'],
	])('%s in the input is refused', (_name, character) => {
		expectRefused(
			`<campaign errorid="0" comment="a${character}b"/>`,
			'malformed',
			/cannot carry \(line 1, column \d+\)/,
		);
		expectRefused(`<file>x${character}</file>`, 'malformed', /cannot carry/);
	});

	it('a valid surrogate pair is fine', () => {
		expect(parseXml('<a v="😀"/>').attributes.v).toBe('😀');
	});

	it('an ASCII Buffer is checked on its bytes: each forbidden control byte is refused at any position and alignment', () => {
		const text = '<file name="a.wav">\r\n\tQUJD\r\nREVG\x7F</file>';
		const backing = Buffer.alloc(text.length + 3);
		for (let offset = 0; offset < 4; offset++) {
			const body = backing.subarray(offset, offset + text.length);
			body.write(text, 'latin1');
			expect(parseXml(body).text).toBe('\r\n\tQUJD\r\nREVG\x7F');
			for (let at = 0; at < text.length; at++) {
				for (let byte = 0; byte < 0x20; byte++) {
					if (byte === 0x9 || byte === 0xa || byte === 0xd) continue;
					body[at] = byte;
					const error = refusal(() => parseXml(body));
					expect(error.code).toBe('malformed');
					expect(error.message).toContain(
						`U+00${byte.toString(16).toUpperCase().padStart(2, '0')}, which XML 1.0 cannot carry`,
					);
				}
				body[at] = text.charCodeAt(at);
			}
		}
	});

	it('a Buffer is read as its text is, whatever its bytes', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.constantFrom(
						0x00,
						0x07,
						0x09,
						0x0a,
						0x0b,
						0x0d,
						0x1f,
						0x20,
						0x26,
						0x41,
						0x7f,
						0x80,
						0xc3,
						0xa9,
						0xff,
					),
					{ maxLength: 24 },
				),
				fc.nat(3),
				(inner, offset) => {
					const bytes = Buffer.concat([
						Buffer.from('<a v="1">'),
						Buffer.from(inner),
						Buffer.from('</a>'),
					]);
					const body = Buffer.concat([Buffer.alloc(offset), bytes]).subarray(offset);
					const read = (input: () => string | Buffer) => {
						try {
							return parseXml(input());
						} catch (error) {
							return (error as Error).message;
						}
					};
					expect(isPlainAscii(body)).toBe(
						bytes.every(
							(byte) =>
								byte === 0x9 || byte === 0xa || byte === 0xd || (byte >= 0x20 && byte < 0x80),
						),
					);
					expect(read(() => body)).toEqual(read(() => bytesToText(bytes)));
				},
			),
		);
	});

	it('invalid UTF-8 in a Buffer is refused, naming the byte and its offset (never read as U+FFFD)', () => {
		const error = refusal(() =>
			parseXml(Buffer.from([0x3c, 0x61, 0x20, 0x76, 0x3d, 0x22, 0xff, 0x22, 0x2f, 0x3e])),
		);
		expect(error.code).toBe('encoding');
		expect(error.message).toBe('The body is not valid UTF-8: byte 0xFF at offset 6');
	});

	it('U+FFFD sent as UTF-8 is a character like any other', () => {
		expect(parseXml(Buffer.from('<a v="\uFFFD"/>')).attributes.v).toBe('\uFFFD');
	});
});

describe('malformed documents', () => {
	it.each([
		['a mismatched closing tag', '<campaign></phonenumbers>'],
		['closing tags in the wrong order', '<a><b></a></b>'],
		['a closing tag of another case', '<Campaign></campaign>'],
		['an unclosed root', '<campaign errorid="0">'],
		['an unclosed child', '<campaign><phonenumbers></campaign>'],
		['a closing tag alone', '</campaign>'],
		['two roots', '<campaign/><campaign/>'],
		['two roots with text between', '<campaign/>x<campaign/>'],
		['text before the root', 'ok<campaign/>'],
		['text after a self-closing root', '<campaign errorid="0"/>trailing'],
		['text after the root', '<campaign></campaign>trailing'],
		['a repeated attribute', '<campaign errorid="0" errorid="1"/>'],
		['an attribute repeated in another case', '<campaign comment="a" COMMENT="b"/>'],
		['an unquoted attribute', '<campaign errorid=0/>'],
		['an attribute without a value', '<campaign errorid/>'],
		['attributes without space between', '<campaign errorid="0"comment="ok"/>'],
		['an unterminated attribute value', '<campaign errorid="0/>'],
		['< in an attribute value', '<campaign comment="a<b"/>'],
		['a tag name starting with a digit', '<1campaign/>'],
		['a space after <', '< campaign/>'],
		[']]> in text', '<file>a]]>b</file>'],
		['-- in a comment', '<campaign><!-- a -- b --></campaign>'],
		['an unclosed comment', '<campaign><!-- </campaign>'],
		['an unclosed CDATA section', '<file><![CDATA[abc</file>'],
		['CDATA outside the root', '<![CDATA[x]]><campaign/>'],
		['a declaration after the root', '<campaign/><?xml version="1.0"?>'],
		['a second declaration', '<?xml version="1.0"?><?xml version="1.0"?><campaign/>'],
		['a declaration after a comment', '<!-- c --><?xml version="1.0"?><campaign/>'],
		['an unclosed processing instruction', '<?xml version="1.0"<campaign/>'],
		['an unknown <! construct', '<campaign><!FOO></campaign>'],
		['no root, a declaration only', '<?xml version="1.0"?>'],
		['no root, a comment only', '<!-- nothing -->'],
		['a lone <', '<'],
		['a slash alone in a tag', '<campaign / >'],
		['JSON', '{"errorid":0}'],
		['HTML error page', '<html><body>500</body></html><br>'],
	])('%s', (_name, xml) => {
		const error = expectRefused(xml, 'malformed');
		expect(error.message).toMatch(/^XML is malformed: /);
	});

	it('messages point at the line and column', () => {
		expect(
			refusal(() => parseXml('<campaign>\n  <phonenumbers>\n  </phonenumber>\n</campaign>'))
				.message,
		).toBe('XML is malformed: expected </phonenumbers>, got </phonenumber> (line 3, column 3)');
	});
});

describe('empty, oversize and over-deep input', () => {
	it.each([
		['an empty string', ''],
		['whitespace', ' \r\n\t '],
		['a byte-order mark alone', '\uFEFF'],
		['an empty Buffer', Buffer.alloc(0)],
	])('%s is empty', (_name, xml) => {
		const error = refusal(() => parseXml(xml));
		expect(error.code).toBe('empty');
		for (const decode of [decodeReply, decodePost, decodeRequest])
			expect(refusal(() => decode(xml)).code).toBe('empty');
	});

	it('input over the size bound is refused before it is read, as a string and as a Buffer', () => {
		const xml = `<file>${'A'.repeat(2000)}</file>`;
		expect(parseXml(xml, { maxBytes: 2013 }).text).toHaveLength(2000);
		expect(refusal(() => parseXml(xml, { maxBytes: 2012 })).code).toBe('tooLarge');
		expect(refusal(() => parseXml(Buffer.from(xml), { maxBytes: 2012 })).code).toBe('tooLarge');
		expect(refusal(() => decodePost(xml, { maxBytes: 100 })).message).toBe(
			'XML is larger than 100 bytes',
		);
	});

	it('the size bound counts UTF-8 bytes of a string, not UTF-16 units', () => {
		const xml = `<a v="${'😀'.repeat(100)}"/>`; // 400 bytes of emoji, 200 UTF-16 units
		expect(refusal(() => parseXml(xml, { maxBytes: 300 })).code).toBe('tooLarge');
		expect(parseXml(xml, { maxBytes: 500 }).attributes.v).toHaveLength(200);
	});

	it('the default bound leaves room for a voicemail recording', () => {
		expect(readings.MAX_DOCUMENT_BYTES).toBeGreaterThanOrEqual(16 * 1024 * 1024);
	});

	it('nesting up to the depth bound is read; one more level is refused', () => {
		const nested = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth);
		expect(() => parseXml(nested(readings.MAX_DEPTH))).not.toThrow();
		expect(refusal(() => parseXml(nested(readings.MAX_DEPTH + 1))).code).toBe('tooDeep');
		expect(
			refusal(() => parseXml(`${'<a>'.repeat(3)}<b/>${'</a>'.repeat(3)}`, { maxDepth: 3 })).code,
		).toBe('tooDeep');
		expect(() =>
			parseXml(`${'<a>'.repeat(2)}<b/>${'</a>'.repeat(2)}`, { maxDepth: 3 }),
		).not.toThrow();
	});

	it('100,000 nested elements: a typed error at once, no hang and no stack overflow', () => {
		const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
		const started = Date.now();
		for (const decode of [parseXml, decodeReply, decodePost, decodeRequest, decodeCallCommand]) {
			expect(refusal(() => decode(deep)).code).toBe('tooDeep');
		}
		// Unclosed too, and self-closing at the bottom.
		expect(refusal(() => parseXml('<a>'.repeat(100_000))).code).toBe('tooDeep');
		expect(
			refusal(() => parseXml(`${'<a>'.repeat(100_000)}<b/>`, { maxDepth: 200_000 })).code,
		).toBe('malformed');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('100,000 nested elements within a raised depth bound are read without recursion', () => {
		const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
		let element = parseXml(deep, { maxDepth: 100_000 });
		let depth = 1;
		while (element.children.length) {
			element = element.children[0];
			depth++;
		}
		expect(depth).toBe(100_000);
	});
});

describe('structure the decoders need', () => {
	it('a reply whose errorid is not a whole number is refused, naming errorid and keeping the comment', () => {
		for (const errorid of ['abc', '', '1.5', '0x1', '1e3']) {
			const error = refusal(() =>
				decodeReply(`<campaign errorid="${errorid}" comment="Wav format invalid."/>`),
			);
			expect(error.code).toBe('invalidValue');
			expect(error.field).toBe('errorid');
			expect(error.message).toBe(
				`errorid must be a whole number, got ${JSON.stringify(errorid)} (comment: "Wav format invalid.")`,
			);
		}
	});

	it('a reply that is not a <campaign> is refused', () => {
		const error = refusal(() => decodeReply('<prompt goto="1"/>'));
		expect(error.code).toBe('unexpectedRoot');
		expect(error.message).toBe('Expected a <campaign> element, got <prompt>');
	});

	it('a call command that is not a <prompt> is refused', () => {
		expect(refusal(() => decodeCallCommand('<campaign/>')).code).toBe('unexpectedRoot');
	});

	it.each([
		['no action', '<campaign menuid="1"/>', 'action'],
		['an unknown action', '<campaign menuid="1" action="9"/>', 'action'],
		['a send without phonenumbers', '<campaign menuid="1" action="0"/>', 'phonenumbers'],
		[
			'a send without a number',
			'<campaign menuid="1" action="0"><phonenumbers><phonenumber callid="x"/></phonenumbers></campaign>',
			'number',
		],
		[
			'a send without menuid',
			'<campaign action="0"><phonenumbers><phonenumber number="8185550100"/></phonenumbers></campaign>',
			'menuid',
		],
		['a file action without a file', '<campaign action="1"/>', 'file'],
		[
			'a file without a name',
			'<campaign action="1"><file fileaction="delete"/></campaign>',
			'filename',
		],
		[
			'an unknown file action',
			'<campaign action="1"><file filename="a.wav" fileaction="download"/></campaign>',
			'fileaction',
		],
		[
			'a delete without callid',
			'<campaign menuid="1" action="2"><phonenumbers><phonenumber/></phonenumbers></campaign>',
			'callid',
		],
		['a pause without menuid', '<campaign action="7"/>', 'menuid'],
		['not a campaign', '<prompt/>', 'campaign'],
	])('a request with %s names the field', (_name, xml, field) => {
		expect(refusal(() => decodeRequest(xml)).field).toBe(field);
	});
});
