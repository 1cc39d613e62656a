import {
	decodeCallCommand,
	decodePost,
	decodeReply,
	encodeCallCommand,
	type VoiceShotPost,
	type VoiceShotReply,
} from '../../nodes/shared/xml';
import { encodePost, encodeReply } from '../../simulator/codec';

/*
 * What the simulator writes must read back as what VoiceShot sent: a decoded reply or post, encoded
 * again, decodes to the same value, attributes included, whatever names and odd values it came with.
 */

describe('decoded replies re-encode to themselves', () => {
	it.each([
		['a result', '<campaign errorid="0" comment="ok"/>'],
		['a result with lasterror', '<campaign errorid="19" lasterror="Invalid menuid"/>'],
		['a result with comment and lasterror', '<campaign errorid="19" comment="a" lasterror="b"/>'],
		[
			'a result with an unknown attribute and padded errorid',
			'<campaign errorid=" 3 " comment="XML file malformed or missing." detail="line 1"/>',
		],
		['a result without a comment', '<campaign errorid="2"/>'],
		['an empty call query result', '<campaign menuid="1-1234"><phonenumbers/></campaign>'],
		[
			'a call query result with every oddity',
			'<campaign menuid="1-1234" total="2"><phonenumbers>' +
				'<phonenumber phonenumber="18182238964" callid="1" duration="abc" status="Operator Intercept" lasterror="Busy" attempts="3"><prompts><prompt promptid="1"/><prompt keypress="9"/></prompts></phonenumber>' +
				'<phonenumber number="8182238964" phonenumber="18182238964" duration="015" comment="Human Answer"/>' +
				'</phonenumbers></campaign>',
		],
	])('%s', (_name, xml) => {
		const decoded = decodeReply(xml);
		expect(decodeReply(encodeReply(decoded))).toEqual(decoded);
	});

	it('a call query result keeps a non-numeric duration and the name phonenumber', () => {
		const decoded = decodeReply(
			'<campaign menuid="1"><phonenumbers><phonenumber phonenumber="18182238964" callid="1" duration="abc" lasterror="Busy"/></phonenumbers></campaign>',
		);
		const xml = encodeReply(decoded);
		expect(xml).toContain('phonenumber="18182238964"');
		expect(xml).toContain('duration="abc"');
		expect(xml).toContain('lasterror="Busy"');
		expect(xml).not.toContain(' number=');
		expect(xml).not.toContain(' comment=');
	});

	it('typed values win over the attributes they came from', () => {
		const decoded = decodeReply('<campaign errorid="0" comment="ok"/>') as Extract<
			VoiceShotReply,
			{ kind: 'result' }
		>;
		expect(
			decodeReply(encodeReply({ ...decoded, errorid: 7, comment: 'General parse error.' })),
		).toEqual({
			kind: 'result',
			errorid: 7,
			comment: 'General parse error.',
			attributes: { errorid: '7', comment: 'General parse error.' },
		});
	});

	it('a typed value built without attributes encodes too', () => {
		const reply: VoiceShotReply = {
			kind: 'callQueryResult',
			menuid: '1-1',
			attributes: {},
			calls: [
				{
					number: '8182238964',
					callid: 'a&b',
					duration: 12,
					prompts: [{ promptid: '1', keypress: '#', attributes: {} }],
					attributes: {},
				},
			],
		};
		expect(encodeReply(reply)).toBe(
			'<campaign menuid="1-1"><phonenumbers><phonenumber number="8182238964" callid="a&amp;b" duration="12"><prompts><prompt promptid="1" keypress="#"></prompt></prompts></phonenumber></phonenumbers></campaign>',
		);
	});
});

describe('decoded posts re-encode to themselves', () => {
	it.each([
		[
			'an answer with an unknown attribute',
			'<campaign menuid="1-4567" callid="2145437" action="4" callerid="8182238964" dnis="8002848509" region="west"/>',
		],
		['an answer without callerid', '<campaign menuid="1-4567" callid="1" action="4"/>'],
		[
			'a keypress with an empty keypress',
			'<prompt menuid="1-4567" callid="2145437" promptid="1" keypress=""/>',
		],
		['a keypress without keypress', '<prompt menuid="1-4567" callid="2145437" promptid="3"/>'],
		[
			'a hang-up with a non-numeric duration',
			'<campaign menuid="1" callid="2" action="5" duration="n/a"/>',
		],
		[
			'a hang-up with a padded action',
			'<campaign menuid="1" callid="2" action=" 5" duration="28"/>',
		],
		['the Test button', '<campaign menuid="1-1234" callid="0" action="5" comment="Test"/>'],
		[
			'the Test button with lasterror',
			'<campaign menuid="1-1234" callid="0" action="4" lasterror="TEST"/>',
		],
		['the Test button without action', '<campaign menuid="1-1234" callid="0" comment="Test"/>'],
		[
			'an outbound summary with a recording named by name and fileid',
			'<campaign menuid="1" duration="9" phonenumber="8182238964" status="Successful" lasterror="Answering Machine" callid="5" dateandtime="5/20/2004 10:50:50 PM">' +
				'<prompts><prompt promptid="1" keypress=""/><prompt promptid="2" keypress=""><file name="vm.wav" fileid="991">UklG\nRiQA</file></prompt></prompts></campaign>',
		],
		[
			'a summary with a recording outside any prompt',
			'<campaign menuid="1" duration="9" callerid="8182238964" callid="5"><file filename="vm.wav">QUJD</file></campaign>',
		],
		[
			'a summary with a recording in a prompt without promptid',
			'<campaign menuid="1" duration="9" callerid="8182238964" callid="5"><prompts><prompt><file filename="vm.wav">QUJD</file></prompt></prompts></campaign>',
		],
		[
			'an inbound summary without menuid',
			'<campaign duration="25" callerid="8182238964" callid="213155"><prompts><prompt promptid="1" keypress="2"/></prompts></campaign>',
		],
		[
			'an outbound SMS summary',
			'<campaign menuid="1-789" phonenumber="8185550100" status="Successful" comment="" callid="9870" dateandtime="6/26/2008 3:19:22 PM"></campaign>',
		],
		[
			'an inbound SMS summary with two texts',
			'<campaign menuid="1-2488094154" callerid="8185550100" callid="970"><prompts><prompt txt="Call me"/><prompt txt="&lt;3 &amp; more"/></prompts></campaign>',
		],
		['an unknown root', '<event menuid="1-1" type="new"/>'],
		['an unknown action', '<campaign menuid="1-1" callid="2" action="9" x="y"/>'],
		['a reply posted to the wrong URL', '<campaign errorid="0" comment="ok"/>'],
	])('%s', (_name, xml) => {
		const decoded = decodePost(xml);
		expect(decodePost(encodePost(decoded))).toEqual(decoded);
	});

	it('a recording keeps the attribute name it came with', () => {
		const xml = encodePost(
			decodePost(
				'<campaign menuid="1" duration="9" phonenumber="8182238964" callid="5"><prompts><prompt promptid="2" keypress=""><file name="vm.wav">QUJD</file></prompt></prompts></campaign>',
			),
		);
		expect(xml).toContain('<file name="vm.wav">QUJD</file>');
		expect(xml).not.toContain('filename=');
	});

	it('a recording base64 with metacharacters is escaped as text', () => {
		const post: VoiceShotPost = {
			kind: 'callSummary',
			direction: 'outbound',
			menuid: '1',
			callid: '1',
			phonenumber: '8182238964',
			duration: 3,
			prompts: [],
			recordings: [{ filename: 'a.wav', base64: 'a<b>&c', attributes: {} }],
			attributes: {},
		};
		expect(encodePost(post)).toContain('<file filename="a.wav">a&lt;b&gt;&amp;c</file>');
		expect(decodePost(encodePost(post))).toMatchObject({ recordings: [{ base64: 'a<b>&c' }] });
	});
});

describe('call commands', () => {
	it.each([
		{ goto: '2' },
		{ goto: '6', filename: 'imsorry.wav' },
		{ goto: '7', tts: 'Say "hello" & <goodbye>\n' },
		{ transferto: '8182238964', callerid: '8008049314' },
		{ dtmf: '100', goto: '2' },
		{ dtmf: '12#*,w' },
		{},
	])('%j', (command) => {
		expect(decodeCallCommand(encodeCallCommand(command))).toEqual(command);
	});

	it('writes the fields in the documented order', () => {
		expect(encodeCallCommand({ dtmf: '100', goto: '2' })).toBe('<prompt goto="2" dtmf="100"/>');
	});
});
