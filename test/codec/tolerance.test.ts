import {
	decodeCallCommand,
	decodePost,
	decodeReply,
	parseXml,
	readings,
} from '../../nodes/shared/xml';
import { decodeRequest } from '../../simulator/codec';

/* Decoding is tolerant where VoiceShot varies: each case here is something the codec must accept. */

const RESULT = '<campaign errorid="0" comment="ok"/>';
const OK = {
	kind: 'result',
	errorid: 0,
	comment: 'ok',
	attributes: { errorid: '0', comment: 'ok' },
};

describe('declarations, byte-order marks, whitespace', () => {
	it.each([
		['no declaration', RESULT],
		['a declaration without encoding', `<?xml version="1.0"?>${RESULT}`],
		['a declaration with encoding', `<?xml version="1.0" encoding="UTF-8"?>\r\n${RESULT}`],
		[
			'a declaration with standalone, single quotes',
			`<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n${RESULT}`,
		],
		['a byte-order mark', `\uFEFF${RESULT}`],
		[
			'a byte-order mark and a declaration',
			`\uFEFF<?xml version="1.0" encoding="utf-8"?>${RESULT}`,
		],
		['leading and trailing line breaks', `\r\n${RESULT}\r\n\r\n`],
		['leading whitespace before the declaration', `\n  <?xml version="1.0"?>\n${RESULT}`],
		[
			'a comment and a processing instruction around the root',
			`<?xml version="1.0"?><!-- reply --><?php echo 1; ?>${RESULT}<!-- end -->`,
		],
	])('%s', (_name, xml) => {
		expect(decodeReply(xml)).toEqual(OK);
	});

	it.each([
		['UTF-8 text', '<?xml version="1.0" encoding="utf-8"?>', 'utf8'],
		['UTF-8 with a byte-order mark', '\uFEFF<?xml version="1.0"?>', 'utf8'],
		[
			'Latin-1 when the declaration says so',
			'<?xml version="1.0" encoding="ISO-8859-1"?>',
			'latin1',
		],
		['windows-1252 read as Latin-1', "<?xml version='1.0' encoding='windows-1252'?>", 'latin1'],
	] as const)('a Buffer: %s', (_name, declaration, encoding) => {
		const xml = `${declaration}<campaign errorid="0" comment="Zoë café"/>`;
		expect(decodeReply(Buffer.from(xml, encoding))).toEqual({
			kind: 'result',
			errorid: 0,
			comment: 'Zoë café',
			attributes: { errorid: '0', comment: 'Zoë café' },
		});
	});

	it('tabs, line feeds and CR LF between elements and attributes', () => {
		const xml =
			'<campaign\tmenuid="1-1234"\r\n>\r\n\t<phonenumbers>\n\t\t<phonenumber\n\t\t\tnumber="8182238964"\tcallid="1"\n\t\t/>\n\t</phonenumbers>\n</campaign\t>';
		expect(decodeReply(xml)).toEqual({
			kind: 'callQueryResult',
			menuid: '1-1234',
			attributes: { menuid: '1-1234' },
			calls: [
				{
					number: '8182238964',
					callid: '1',
					prompts: [],
					attributes: { number: '8182238964', callid: '1' },
				},
			],
		});
	});

	it('whitespace around = and single-quoted values', () => {
		expect(decodeReply(`<campaign errorid = '0' comment\t=\n"ok"/>`)).toEqual(OK);
	});

	it('literal tabs, line feeds and CR LF inside attribute values are kept as sent', () => {
		const post = decodePost(
			'<prompt menuid="1-1" callid="a\tb" promptid="1" keypress="1\n2\r\n3"/>',
		);
		expect(post).toMatchObject({ kind: 'keypress', callid: 'a\tb', keypress: '1\n2\r\n3' });
	});

	it('text is kept as sent, CR LF included', () => {
		expect(parseXml('<file>ab\r\ncd\n\tef </file>').text).toBe('ab\r\ncd\n\tef ');
	});
});

describe('names in any case', () => {
	it('attribute names in upper or mixed case, DT:DT included, are read lower-cased', () => {
		const request = decodeRequest(
			'<CAMPAIGN ACTION="1"><File XMLNS:DT="urn:schemas-microsoft-com:datatypes" DT:DT="bin.base64" FileName="x.wav" FILEACTION="Save">QUJD</File></CAMPAIGN>',
		);
		expect(request).toEqual({ kind: 'saveFile', filename: 'x.wav', content: 'QUJD' });
		expect(parseXml('<file DT:DT="bin.base64" Xmlns:Dt="urn:x"/>').attributes).toEqual({
			'dt:dt': 'bin.base64',
			'xmlns:dt': 'urn:x',
		});
	});

	it('element names in any case', () => {
		expect(decodeReply('<Campaign ErrorId="0" Comment="ok"></Campaign>')).toEqual(OK);
		expect(decodePost('<PROMPT MENUID="1-1" CALLID="2" PROMPTID="1" KEYPRESS="#"/>')).toMatchObject(
			{ kind: 'keypress', keypress: '#' },
		);
	});
});

describe('aliases', () => {
	it('lasterror is another name for comment, in a result and in a queried call', () => {
		expect(decodeReply('<campaign errorid="19" lasterror="Invalid menuid"/>')).toEqual({
			kind: 'result',
			errorid: 19,
			comment: 'Invalid menuid',
			attributes: { errorid: '19', lasterror: 'Invalid menuid' },
		});
		const reply = decodeReply(
			'<campaign menuid="1-1"><phonenumbers><phonenumber number="8182238964" callid="1" LastError="Busy"/></phonenumbers></campaign>',
		);
		expect(reply).toMatchObject({
			calls: [{ comment: 'Busy', attributes: { lasterror: 'Busy' } }],
		});
	});

	it('comment wins over lasterror when both come', () => {
		expect(decodeReply('<campaign errorid="1" lasterror="old" comment="new"/>')).toMatchObject({
			comment: 'new',
		});
	});

	it.each([
		['filename', '<file filename="vm.wav">QUJD</file>', 'vm.wav'],
		['name', '<file name="vm.wav">QUJD</file>', 'vm.wav'],
		['fileid', '<file fileid="991">QUJD</file>', '991'],
		['filename before name', '<file name="b.wav" filename="a.wav">QUJD</file>', 'a.wav'],
	])("a recording's name from %s", (_name, file, filename) => {
		const post = decodePost(
			`<campaign menuid="1-1" duration="9" phonenumber="8182238964" callid="5"><prompts><prompt promptid="2" keypress="">${file}</prompt></prompts></campaign>`,
		);
		expect(post.kind).toBe('callSummary');
		expect(post).toMatchObject({ recordings: [{ promptid: '2', filename, base64: 'QUJD' }] });
	});

	it("a file's name on a request may be name too", () => {
		expect(
			decodeRequest('<campaign action="1"><file name="x.wav" fileaction="delete"/></campaign>'),
		).toEqual({ kind: 'deleteFile', filename: 'x.wav' });
	});

	it('a recording directly under the campaign is read too', () => {
		const post = decodePost(
			'<campaign menuid="1-1" duration="9" phonenumber="8182238964" callid="5"><file filename="vm.wav">QUJD</file></campaign>',
		);
		expect(post).toMatchObject({
			kind: 'callSummary',
			prompts: [],
			recordings: [{ promptid: undefined, filename: 'vm.wav', base64: 'QUJD' }],
		});
	});

	it('a queried call may name its number phonenumber', () => {
		const reply = decodeReply(
			'<campaign menuid="1-1"><phonenumbers><phonenumber phonenumber="18182238964" callid="1"/></phonenumbers></campaign>',
		);
		expect(reply).toMatchObject({ calls: [{ number: '18182238964' }] });
	});
});

describe('unknown values are kept, never lost', () => {
	it('unknown attributes on every kind of post stay in attributes', () => {
		expect(
			decodePost(
				'<campaign menuid="1-4567" callid="1" action="4" callerid="8182238964" dnis="8002848509" region="west"/>',
			),
		).toMatchObject({
			kind: 'answer',
			attributes: { region: 'west' },
		});
		expect(
			decodePost('<prompt menuid="1" callid="1" promptid="1" keypress="1" attempt="2"/>'),
		).toMatchObject({ attributes: { attempt: '2' } });
		expect(
			decodePost('<campaign menuid="1" callid="1" action="5" duration="3" cost="0.02"/>'),
		).toMatchObject({ attributes: { cost: '0.02' } });
	});

	it('unknown errorids are results with their number and comment', () => {
		expect(decodeReply('<campaign errorid="42" comment="Something new" retry="later"/>')).toEqual({
			kind: 'result',
			errorid: 42,
			comment: 'Something new',
			attributes: { errorid: '42', comment: 'Something new', retry: 'later' },
		});
		expect(decodeReply('<campaign errorid=" 7 "/>')).toMatchObject({ errorid: 7, comment: '' });
	});

	it('unknown statuses and comments are kept as sent', () => {
		const reply = decodeReply(
			'<campaign menuid="1-1"><phonenumbers><phonenumber number="8182238964" callid="1" status="Operator Intercept" comment="Fax Tone" duration="abc"/></phonenumbers></campaign>',
		);
		expect(reply).toMatchObject({
			calls: [
				{
					status: 'Operator Intercept',
					comment: 'Fax Tone',
					duration: undefined,
					attributes: { duration: 'abc' },
				},
			],
		});
	});

	it('an unknown action or root is an unknown post, kept whole', () => {
		expect(decodePost('<campaign menuid="1-1" callid="2" action="9" x="y"/>')).toEqual({
			kind: 'unknown',
			root: 'campaign',
			menuid: '1-1',
			callid: '2',
			attributes: { menuid: '1-1', callid: '2', action: '9', x: 'y' },
		});
		expect(decodePost('<event menuid="1-1" type="new"/>')).toEqual({
			kind: 'unknown',
			root: 'event',
			menuid: '1-1',
			callid: '',
			attributes: { menuid: '1-1', type: 'new' },
		});
	});

	it('attribute names that are JavaScript property names are kept as plain own properties', () => {
		const element = parseXml(
			'<a __proto__="x" constructor="y" toString="z" hasOwnProperty="q" prototype="p"/>',
		);
		expect(Object.keys(element.attributes)).toEqual([
			'__proto__',
			'constructor',
			'tostring',
			'hasownproperty',
			'prototype',
		]);
		expect(Object.getPrototypeOf(element.attributes)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
		expect(element.attributes.constructor).toBe('y');
	});

	it('the Test button without an action is still a test event', () => {
		expect(decodePost('<campaign menuid="1-1234" callid="0" comment="test"/>')).toMatchObject({
			kind: 'test',
			action: undefined,
			comment: 'test',
		});
	});

	it('a summary whose comment happens to be "Test" stays a summary', () => {
		expect(
			decodePost(
				'<campaign menuid="1-1" duration="3" phonenumber="8182238964" comment="Test" callid="1"/>',
			),
		).toMatchObject({ kind: 'callSummary' });
	});
});

describe('call commands', () => {
	it.each([
		['an empty body', ''],
		['whitespace', ' \r\n\t'],
		['a byte-order mark alone', '\uFEFF'],
		['an empty Buffer', Buffer.alloc(0)],
	])('%s is no command', (_name, body) => {
		expect(decodeCallCommand(body)).toEqual({});
	});

	it('a declaration before the command', () => {
		expect(
			decodeCallCommand(Buffer.from('<?xml version="1.0" encoding="utf-8"?>\n<prompt GOTO="3"/>')),
		).toEqual({ goto: '3' });
	});
});

describe("a call's outcome from its status and comment (readings.callOutcome)", () => {
	it.each([
		['Successful', 'Human Answer', 'answered', true],
		['Successful', 'Answering Machine', 'voicemail', true],
		['successful', 'answering machine', 'voicemail', true],
		['Successful', '', 'answered', true],
		['Unsuccessful', 'Busy', 'busy', true],
		['Unsuccessful', 'No Answer', 'noAnswer', true],
		['Unsuccessful', 'Operator Intercept', 'failed', true],
		['Unsuccessful', 'Answering Machine', 'failed', true],
		['Unsuccessful', 'Something new', 'failed', true],
		['Pending', '', 'pending', false],
		['Dialing', '', 'pending', false],
		['Queued', '', 'pending', false],
		['In Progress', '', 'pending', false],
		['', '', 'pending', false],
		['Busy', '', 'busy', true],
		['Escalated', 'Operator', 'other', true],
	])('%j with %j is %s (final: %s)', (status, comment, outcome, final) => {
		expect(readings.callOutcome(status, comment)).toEqual({ outcome, final });
	});
});
