import { SaxesParser } from 'saxes';

import {
	decodePost,
	decodeReply,
	encodeRequest,
	encodeSaveFileBody,
	parseXml,
	type CallSummary,
} from '../../nodes/shared/xml';
import { encodePost, encodeReply } from '../../simulator/codec';
import { refusal } from './refusal';

/* Each defect the differential run against saxes and fast-xml-parser found, with the case that showed it. */

/** The text of the root's `<file>` as saxes (a conformant reader) reads it. */
function fileTextBySaxes(xml: string): string {
	const parser = new SaxesParser();
	let inFile = false;
	let text = '';
	parser.on('opentag', (tag) => (inFile = tag.name === 'file'));
	parser.on('closetag', () => (inFile = false));
	parser.on('text', (chunk) => {
		if (inFile) text += chunk;
	});
	parser.on('error', (error) => {
		throw error;
	});
	parser.write(xml).close();
	return text;
}

describe('the encoder writes only well-formed XML', () => {
	it.each([
		['form feed', 'QUJD\fREVG'],
		['vertical tab', 'QUJD\vREVG'],
		['no-break space', 'QUJD\u00A0REVG'],
		['line separator', 'QUJD\u2028REVG'],
		['byte-order mark', 'QUJD\uFEFFREVG'],
	])('sound-file content with a %s is not base64, and is refused', (_name, content) => {
		const request = { kind: 'saveFile' as const, filename: 'a.wav', content };
		expect(refusal(() => encodeRequest(request))).toMatchObject({
			code: 'invalidValue',
			field: 'content',
		});
		expect(refusal(() => encodeSaveFileBody(request)).field).toBe('content');
	});

	it('base64 in lines (CR LF, LF, tabs, spaces) is still taken', () => {
		const content = 'QUJD\r\nREVG\n\tR0hJ ';
		const xml = encodeRequest({ kind: 'saveFile', filename: 'a.wav', content });
		expect(fileTextBySaxes(xml)).toBe(content);
	});
});

describe('carriage returns in element text are written as &#13;', () => {
	it('string sound-file content: a conformant reader gets the CR back', () => {
		const content = 'QUJD\r\nREVG\rR0hJ';
		const body = encodeSaveFileBody({ kind: 'saveFile', filename: 'a.wav', content });
		expect(body.toString('utf8')).toContain('QUJD&#13;\nREVG&#13;R0hJ');
		expect(fileTextBySaxes(body.toString('utf8'))).toBe(content);
	});

	it("a summary's recording base64: saxes and the codec read the same CR LF lines", () => {
		const post: CallSummary = {
			kind: 'callSummary',
			direction: 'outbound',
			menuid: '1-1234',
			callid: 'a',
			phonenumber: '8185550100',
			duration: 3,
			prompts: [],
			recordings: [{ filename: 'a.wav', base64: 'UklG\r\nRiQA\r\n', attributes: {} }],
			attributes: {},
		};
		const xml = encodePost(post);
		expect(xml).not.toContain('\r');
		expect(fileTextBySaxes(xml)).toBe('UklG\r\nRiQA\r\n');
		expect((decodePost(xml) as CallSummary).recordings[0].base64).toBe('UklG\r\nRiQA\r\n');
	});
});

describe('bytes are never replaced quietly', () => {
	it.each([
		['a lone continuation byte', [0x80], 7],
		['a truncated sequence', [0xc3], 7],
		['an overlong form', [0xc0, 0xaf], 7],
		['a surrogate', [0xed, 0xa0, 0x80], 7],
		['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 7],
		['0xFF', [0xff], 7],
	])('invalid UTF-8 (%s) is refused, naming its offset', (_name, bytes, offset) => {
		const body = Buffer.concat([Buffer.from('<a v="x'), Buffer.from(bytes), Buffer.from('"/>')]);
		const error = refusal(() => parseXml(body));
		expect(error.code).toBe('encoding');
		expect(error.message).toContain(`at offset ${offset}`);
	});

	it('after a UTF-8 byte-order mark, the offset counts the mark', () => {
		const body = Buffer.from([
			0xef,
			0xbb,
			0xbf,
			...Buffer.from('<a>'),
			0xfe,
			...Buffer.from('</a>'),
		]);
		expect(refusal(() => parseXml(body)).message).toContain('byte 0xFE at offset 6');
	});
});

function declared(encoding: string, ...body: Array<string | number[]>): Buffer {
	return Buffer.concat([
		Buffer.from(`<?xml version="1.0" encoding="${encoding}"?>`),
		...body.map((part) =>
			typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part),
		),
	]);
}

describe('declared encodings', () => {
	it('Shift_JIS, and every other encoding not read here, is refused by name', () => {
		for (const name of ['Shift_JIS', 'EUC-JP', 'ISO-8859-2', 'UTF-32', 'x-unknown']) {
			const error = refusal(() => parseXml(declared(name, '<a/>')));
			expect(error.code).toBe('encoding');
			expect(error.message).toContain(`encoding="${name}"`);
		}
	});

	it('US-ASCII with a byte above 0x7F is refused, naming it', () => {
		const body = declared('us-ascii', '<a>', [0xe9], '</a>');
		expect(refusal(() => parseXml(body)).message).toBe(
			`The body declares US-ASCII but holds byte 0xE9 at offset ${body.indexOf(0xe9)}`,
		);
		expect(parseXml(declared('US-ASCII', '<a>plain</a>')).text).toBe('plain');
	});

	it('windows-1252 is not Latin-1: 0x80 is "€", 0x93/0x94 are curly quotes', () => {
		expect(parseXml(declared('windows-1252', '<a>', [0x80, 0x93, 0xe9, 0x94], '</a>')).text).toBe(
			'€\u201Cé\u201D',
		);
		expect(parseXml(declared('ISO-8859-1', '<a>', [0x80, 0xe9], '</a>')).text).toBe('\u0080é');
	});

	it('a UTF-8 byte-order mark with an ISO-8859-1 declaration is refused, not followed', () => {
		const body = Buffer.concat([
			Buffer.from([0xef, 0xbb, 0xbf]),
			declared('ISO-8859-1', '<a>é</a>'),
		]);
		expect(refusal(() => parseXml(body)).message).toBe(
			'The body starts with a UTF-8 byte-order mark but declares encoding="ISO-8859-1"',
		);
	});

	it('UTF-16 is read after its byte-order mark, in either byte order; without the mark it is refused', () => {
		const text = '<?xml version="1.0" encoding="UTF-16"?><a v="é€😀"/>';
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		const be = Buffer.from(le).swap16();
		expect(parseXml(le).attributes.v).toBe('é€😀');
		expect(parseXml(be).attributes.v).toBe('é€😀');
		expect(refusal(() => parseXml(le.subarray(2))).code).toBe('encoding');
		expect(refusal(() => parseXml(declared('UTF-16', '<a/>'))).message).toContain(
			'no UTF-16 byte-order mark',
		);
		expect(refusal(() => parseXml(le.subarray(0, le.length - 1))).message).toContain(
			'odd number of bytes',
		);
	});

	it('UTF-8, declared or not, with or without its byte-order mark', () => {
		expect(parseXml(declared('UTF-8', '<a>', [0xc3, 0xa9], '</a>')).text).toBe('é');
		expect(parseXml(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('<a>é</a>')])).text).toBe('é');
	});
});

describe('the prolog', () => {
	it.each([
		['a declaration without a version', '<?xml?><a/>'],
		['an unknown pseudo-attribute', '<?xml version="1.0" foo="bar"?><a/>'],
		['pseudo-attributes out of order', '<?xml encoding="UTF-8" version="1.0"?><a/>'],
		['a standalone that is neither yes nor no', '<?xml version="1.0" standalone="maybe"?><a/>'],
		['XML 1.1', '<?xml version="1.1"?><a/>'],
		['the reserved target in upper case', '<?XML x?><a/>'],
		['the reserved target in mixed case, later', '<a/><?Xml x?>'],
		['a target not followed by whitespace', '<?foo#x?><a/>'],
		['a target glued to its data', '<a><?foo"bar"?></a>'],
	])('%s is refused', (_name, xml) => {
		expect(refusal(() => parseXml(xml)).code).toBe('malformed');
	});

	it.each([
		'<?xml version="1.0"?><a/>',
		"<?xml version='1.0' encoding='utf-8' standalone='no' ?><a/>",
		'<?foo?><a/>',
		'<?xml-stylesheet href="a"?><a><?foo bar?></a>',
	])('%s is read', (xml) => {
		expect(parseXml(xml).name).toBe('a');
	});
});

describe('a reply never drops the calls it lists', () => {
	const calls =
		'<phonenumbers><phonenumber number="8185550100" callid="a" status="Successful"/>' +
		'<phonenumber number="8185550101" callid="b" status="Busy"/></phonenumbers>';

	it('errorid="0" with <phonenumbers> is a call-query result, its errorid kept', () => {
		const reply = decodeReply(`<campaign errorid="0" menuid="1-1234">${calls}</campaign>`);
		expect(reply).toMatchObject({ kind: 'callQueryResult', errorid: 0, menuid: '1-1234' });
		expect(reply.kind === 'callQueryResult' && reply.calls.map((call) => call.callid)).toEqual([
			'a',
			'b',
		]);
		expect(decodeReply(encodeReply(reply))).toEqual(reply);
	});

	it('an error that lists calls stays an error, with its calls', () => {
		const reply = decodeReply(`<campaign errorid="5" comment="Menuid missing">${calls}</campaign>`);
		expect(reply).toMatchObject({ kind: 'result', errorid: 5, comment: 'Menuid missing' });
		expect(reply.kind === 'result' && reply.calls?.map((call) => call.callid)).toEqual(['a', 'b']);
		expect(decodeReply(encodeReply(reply))).toEqual(reply);
	});
});

describe('a reply of no known kind is refused, never read as another kind', () => {
	it.each([
		['no errorid, no call-query marks', '<campaign comment="ok"/>'],
		['an unknown reply with content', '<campaign status="queued"><files/></campaign>'],
	])('%s', (_name, xml) => {
		const error = refusal(() => decodeReply(xml));
		expect(error).toMatchObject({ code: 'missingField', field: 'errorid' });
	});

	it.each([
		[
			'a result with an element of no known reply',
			'<campaign errorid="0" comment="ok"><files/></campaign>',
			'files',
		],
		[
			'a refusal with an element of no known reply',
			'<campaign errorid="5"><detail code="x"/></campaign>',
			'detail',
		],
		[
			'a call query with an element beside its calls',
			'<campaign menuid="1-1"><phonenumbers/><paused/></campaign>',
			'paused',
		],
		['a result with text', '<campaign errorid="0">queued 3 calls</campaign>', 'campaign'],
		[
			'a result with text that is only white space to JavaScript',
			'<campaign errorid="0">\u00a0</campaign>',
			'campaign',
		],
	])('%s is refused, naming what it holds', (_name, xml, field) => {
		const error = refusal(() => decodeReply(xml));
		expect(error).toMatchObject({ code: 'invalidValue', field });
		expect(error.message).toContain('refused rather than read as a result');
	});

	it('white space between the elements of a reply is no content', () => {
		expect(decodeReply('<campaign errorid="0" comment="ok">\n\t \r\n</campaign>')).toMatchObject({
			kind: 'result',
			errorid: 0,
		});
		expect(
			decodeReply('<campaign menuid="1-1">\n  <phonenumbers>\n  </phonenumbers>\n</campaign>'),
		).toMatchObject({ kind: 'callQueryResult', calls: [] });
	});

	it('a call query that found no calls still reads as one: it names its campaign', () => {
		expect(decodeReply('<campaign menuid="1-1234"/>')).toEqual({
			kind: 'callQueryResult',
			menuid: '1-1234',
			calls: [],
			attributes: { menuid: '1-1234' },
		});
	});
});

describe('raw attributes never make a document the reader refuses', () => {
	it('a raw attribute differing from a written one only in case is refused, naming it', () => {
		const error = refusal(() =>
			encodeReply({ kind: 'result', errorid: 0, comment: 'ok', attributes: { Comment: 'x' } }),
		);
		expect(error).toMatchObject({ code: 'unencodable', field: 'Comment' });
		expect(
			refusal(() =>
				encodePost({
					kind: 'unknown',
					root: 'x',
					menuid: '',
					callid: '',
					attributes: { a: '1', A: '2' },
				}),
			).field,
		).toBe('A');
	});
});
