import {
	decodeCallCommand,
	decodePost,
	decodeReply,
	encodeCallCommand,
	encodeRequest,
	type VoiceShotRequest,
} from '../../nodes/shared/xml';
import { decodeRequest, encodePost, encodeReply } from '../../simulator/codec';
import { EXAMPLE_4_BASE64, asOnThePage } from './fixtures';

/*
 * Every XML sample of docs/voiceshot-api.md and all six examples of the Outbound Posts page,
 * each with the typed value it must decode to, written out.
 */

describe('the six examples of the Outbound Posts page', () => {
	const examples: Array<[string, string, VoiceShotRequest]> = [
		[
			'example 1: sending calls, prompts for all numbers',
			`<campaign menuid="1-1234" action="0">
   <prompts>
      <prompt promptid="1" tts="Web server 1 is down." />
   </prompts>
   <phonenumbers>
      <phonenumber number="8185550100" />
      <phonenumber number="8185550117" />
      <phonenumber number="8185550152" />
   </phonenumbers>
</campaign>`,
			{
				kind: 'send',
				channel: 'voice',
				menuid: '1-1234',
				prompts: [{ promptid: '1', tts: 'Web server 1 is down.' }],
				numbers: [{ number: '8185550100' }, { number: '8185550117' }, { number: '8185550152' }],
			},
		],
		[
			'example 1: sending calls, prompts inside each phonenumber',
			`<campaign menuid="1-1234" action="0">
   <phonenumbers>
      <phonenumber number="8185550100" >
         <prompts>
            <prompt promptid="1" tts="Web server 1 is down." />
         </prompts>
      </phonenumber>
      <phonenumber number="8185550117" >
         <prompts>
            <prompt promptid="1" tts="Web server 2 is down." />
         </prompts>
      </phonenumber>
      <phonenumber number="8185550152" >
         <prompts>
            <prompt promptid="1" tts="Web server 3 is down." />
         </prompts>
      </phonenumber>
   </phonenumbers>
</campaign>`,
			{
				kind: 'send',
				channel: 'voice',
				menuid: '1-1234',
				numbers: [
					{ number: '8185550100', prompts: [{ promptid: '1', tts: 'Web server 1 is down.' }] },
					{ number: '8185550117', prompts: [{ promptid: '1', tts: 'Web server 2 is down.' }] },
					{ number: '8185550152', prompts: [{ promptid: '1', tts: 'Web server 3 is down.' }] },
				],
			},
		],
		[
			'example 2: pausing calls',
			'<campaign menuid="1-1234" action="7" />',
			{ kind: 'pause', menuid: '1-1234' },
		],
		[
			'example 3: deleting pending calls',
			`<campaign action="2" menuid="1-1234">
   <phonenumbers>
      <phonenumber callid="001" />
      <phonenumber callid="002" />
      <phonenumber callid="003" />
   </phonenumbers>
</campaign> `,
			{ kind: 'deletePending', menuid: '1-1234', callids: ['001', '002', '003'] },
		],
		[
			'example 4: uploading a sound file (base64 with a blank line and spaces, kept as sent)',
			// Exactly as on the page: blank lines, and a no-break space after </file>.
			'<campaign action="1">\n\n<file xmlns:dt="urn:schemas-microsoft-com:datatypes" dt:dt="bin.base64" filename="hello.wav" fileaction="save">' +
				`${EXAMPLE_4_BASE64}</file>\u00A0\n\n</campaign>`,
			{ kind: 'saveFile', filename: 'hello.wav', content: EXAMPLE_4_BASE64 },
		],
		[
			'example 5: deleting a sound file (note the space in </campaign >)',
			`<campaign action="1">
   <file filename="hello.wav" fileaction="delete"/>
</campaign >`,
			{ kind: 'deleteFile', filename: 'hello.wav' },
		],
		[
			'example 6: call query',
			`<campaign action="3" menuid="1-1234">
   <phonenumbers>
      <phonenumber callid="" />
   </phonenumbers>
</campaign>`,
			{ kind: 'callQuery', menuid: '1-1234', callids: [''] },
		],
	];

	it.each(examples)('%s decodes to the typed request', (_name, xml, expected) => {
		expect(decodeRequest(xml)).toEqual(expected);
	});

	const laidOut = examples.filter(
		([name, xml]) => xml.includes('\n   ') && !name.startsWith('example 4'),
	);

	it.each(laidOut)(
		'%s decodes the same as laid out on the page (blank lines, no-break-space indentation)',
		(_name, xml, expected) => {
			const page = asOnThePage(xml);
			expect(page).toContain('\n\n\u00A0\u00A0 <');
			expect(page).not.toBe(xml);
			expect(decodeRequest(page)).toEqual(expected);
		},
	);

	it.each(examples)(
		'%s: the typed request encodes to XML that decodes back to it',
		(_name, _xml, expected) => {
			expect(decodeRequest(encodeRequest(expected))).toEqual(expected);
		},
	);

	it('five examples are laid out on the page; example 4 is copied verbatim', () => {
		expect(laidOut).toHaveLength(5);
	});

	it('example 4 keeps every space and line break of the base64', () => {
		const request = decodeRequest(examples[4][1]);
		expect(request.kind).toBe('saveFile');
		const content = (request as { content: string }).content;
		expect(
			content.startsWith(
				'UklGRmZGAABXQVZFZm10IBIAAAABAAEAgD4AAAB9AAACABAAAABmYWN0BAAAAKAPAABkYXRh\n\nQB8AAAgA',
			),
		).toBe(true);
		expect(content.split(' ').length).toBe(9);
		expect(content.endsWith('oP/g/2')).toBe(true);
	});
});

describe('the request shapes of voiceshot-api.md', () => {
	it.each<[string, string, VoiceShotRequest]>([
		['action 6, test configuration', '<campaign action="6"/>', { kind: 'testConfiguration' }],
		['action 7, pause', '<campaign menuid="…" action="7"/>', { kind: 'pause', menuid: '…' }],
		['action 8, un-pause', '<campaign menuid="…" action="8"/>', { kind: 'resume', menuid: '…' }],
		[
			'action 1, save a file',
			'<campaign action="1"><file filename="x.wav" fileaction="save" xmlns:dt="urn:schemas-microsoft-com:datatypes" dt:dt="bin.base64">BASE64</file></campaign>',
			{ kind: 'saveFile', filename: 'x.wav', content: 'BASE64' },
		],
		[
			'action 1, delete a file',
			'<campaign action="1"><file filename="x.wav" fileaction="delete"/></campaign>',
			{ kind: 'deleteFile', filename: 'x.wav' },
		],
		[
			'action 2, delete pending calls',
			'<campaign menuid="1-1234" action="2"><phonenumbers><phonenumber callid="…"/></phonenumbers></campaign>',
			{ kind: 'deletePending', menuid: '1-1234', callids: ['…'] },
		],
		[
			'action 3, a blank callid asks for every call',
			'<campaign menuid="1-1234" action="3"><phonenumbers><phonenumber callid=""/></phonenumbers></campaign>',
			{ kind: 'callQuery', menuid: '1-1234', callids: [''] },
		],
		[
			'action 0 with every documented attribute, and the undocumented login',
			'<campaign menuid="34896-482723414" action="0" callerid="8005550100" callid="batch-1" username="me" password="secret">' +
				'<phonenumbers><phonenumber number="8182238964" callid="c1" callerid="8005550101" dateandtime="1/1/2003 3:00 PM" ext="12">' +
				'<prompts><prompt promptid="2" filename="hello.wav"/><prompt promptid="3" transferto="8182238964"/><prompt promptid="4" tts="Hi" alttts="Please call back"/></prompts>' +
				'</phonenumber></phonenumbers></campaign>',
			{
				kind: 'send',
				channel: 'voice',
				menuid: '34896-482723414',
				callerid: '8005550100',
				callid: 'batch-1',
				username: 'me',
				password: 'secret',
				numbers: [
					{
						number: '8182238964',
						callid: 'c1',
						callerid: '8005550101',
						dateandtime: '1/1/2003 3:00 PM',
						ext: '12',
						prompts: [
							{ promptid: '2', filename: 'hello.wav' },
							{ promptid: '3', transferto: '8182238964' },
							{ promptid: '4', tts: 'Hi', alttts: 'Please call back' },
						],
					},
				],
			},
		],
		[
			'action 0 on a text-message campaign: callerid is the SMS ID, the prompt a txt',
			'<campaign menuid="1-789" action="0" callerid="user@example.com"><prompts><prompt txt="Your code is 1234"/></prompts><phonenumbers><phonenumber number="8185550100"/></phonenumbers></campaign>',
			{
				kind: 'send',
				channel: 'sms',
				menuid: '1-789',
				callerid: 'user@example.com',
				prompts: [{ txt: 'Your code is 1234' }],
				numbers: [{ number: '8185550100' }],
			},
		],
	])('%s', (_name, xml, expected) => {
		expect(decodeRequest(xml)).toEqual(expected);
		expect(decodeRequest(encodeRequest(expected))).toEqual(expected);
	});
});

describe('the replies of voiceshot-api.md', () => {
	const table: Array<[number, string]> = [
		[0, 'ok'],
		[1, 'IP address is not registered with VoiceShot.'],
		[2, 'Your free trial has ended.'],
		[3, 'XML file malformed or missing.'],
		[4, 'No action defined.'],
		[5, 'Data Validation Error: Menuid missing or misplaced'],
		[6, 'Data Validation Error: Callid missing or misplaced'],
		[7, 'General parse error.'],
		[8, 'Data Validation Error: Phonenumber missing or misplace'],
		[
			9,
			'Data Validation Error: CallerID missing, misplaced, or less than or greater than 10 numeric digits',
		],
		[10, 'Data Validation Error: Date/Time given is invalid.'],
		[11, 'Data Validation Error: Promptid missing or misplaced'],
		[12, 'Data Validation Error: TTS Text missing or misplace'],
		[13, 'Data Validation Error: Filename missing or misplaced'],
		[14, 'XML parse error: PROMPT tag missing or misplaced'],
		[15, 'XML parse error: PROMPTS tag missing or misplaced'],
		[16, 'XML parse error: PHONENUMBER tag missing or misplaced'],
		[17, 'XML parse error: PHONENUMBERS tag missing or misplaced'],
		[18, 'XML parse error: campaign tag missing or misplaced'],
		[19, 'Data Validation Error: Invalid menuid, no campaign available for listed menuid.'],
		[20, 'Data Validation Error: File attributes missing or incorrect'],
		[21, 'Wav format invalid.'],
	];

	it.each(table)('errorid %i decodes with its number and comment', (errorid, comment) => {
		const xml = `<campaign errorid="${errorid}" comment="${comment}"/>`;
		const expected = {
			kind: 'result',
			errorid,
			comment,
			attributes: { errorid: String(errorid), comment },
		};
		expect(decodeReply(xml)).toEqual(expected);
		expect(decodeReply(encodeReply(decodeReply(xml)))).toEqual(expected);
	});

	it('the call query result (the documented sample, completed)', () => {
		const xml = `<campaign menuid="1-1234">
  <phonenumbers>
    <phonenumber number="8182238964" dateandtime="5/22/2004 4:15:15 PM" callid="123"
                 duration="15" status="Successful" comment="Human Answer">
      <prompts><prompt promptid="1" keypress="2"/></prompts>
    </phonenumber>
  </phonenumbers>
</campaign>`;
		const expected = {
			kind: 'callQueryResult',
			menuid: '1-1234',
			attributes: { menuid: '1-1234' },
			calls: [
				{
					number: '8182238964',
					callid: '123',
					dateandtime: '5/22/2004 4:15:15 PM',
					duration: 15,
					status: 'Successful',
					comment: 'Human Answer',
					prompts: [{ promptid: '1', keypress: '2', attributes: { promptid: '1', keypress: '2' } }],
					attributes: {
						number: '8182238964',
						dateandtime: '5/22/2004 4:15:15 PM',
						callid: '123',
						duration: '15',
						status: 'Successful',
						comment: 'Human Answer',
					},
				},
			],
		};
		expect(decodeReply(xml)).toEqual(expected);
		expect(decodeReply(encodeReply(decodeReply(xml)))).toEqual(expected);
	});
});

describe('what VoiceShot posts, from voiceshot-api.md', () => {
	it.each([
		[
			'answer (inbound calls)',
			'<campaign menuid="1-4567" callid="2145437" action="4" callerid="8182238964" dnis="8002848509"/>',
			{
				kind: 'answer',
				action: 4,
				menuid: '1-4567',
				callid: '2145437',
				callerid: '8182238964',
				dnis: '8002848509',
				attributes: {
					menuid: '1-4567',
					callid: '2145437',
					action: '4',
					callerid: '8182238964',
					dnis: '8002848509',
				},
			},
		],
		[
			'keypress',
			'<prompt menuid="1-4567" callid="2145437" promptid="1" keypress="1234"/>',
			{
				kind: 'keypress',
				menuid: '1-4567',
				callid: '2145437',
				promptid: '1',
				keypress: '1234',
				attributes: { menuid: '1-4567', callid: '2145437', promptid: '1', keypress: '1234' },
			},
		],
		[
			'hang-up (inbound calls)',
			'<campaign menuid="1-4567" callid="2145437" action="5" duration="28"/>',
			{
				kind: 'hangup',
				action: 5,
				menuid: '1-4567',
				callid: '2145437',
				duration: 28,
				attributes: { menuid: '1-4567', callid: '2145437', action: '5', duration: '28' },
			},
		],
		[
			'the Test button',
			'<campaign menuid="1-1234" callid="0" action="5" comment="Test"/>',
			{
				kind: 'test',
				menuid: '1-1234',
				callid: '0',
				action: 5,
				comment: 'Test',
				attributes: { menuid: '1-1234', callid: '0', action: '5', comment: 'Test' },
			},
		],
		[
			'outbound call summary',
			`<campaign menuid="1-1234" duration="14" phonenumber="8182238964" status="Successful"
          comment="Human Answer" callid="123" dateandtime="5/20/2004 10:50:50 PM">
  <prompts>
    <prompt promptid="1" keypress=""></prompt>
    <prompt promptid="3" keypress="#"></prompt>
  </prompts>
</campaign>`,
			{
				kind: 'callSummary',
				direction: 'outbound',
				menuid: '1-1234',
				callid: '123',
				phonenumber: '8182238964',
				status: 'Successful',
				comment: 'Human Answer',
				duration: 14,
				dateandtime: '5/20/2004 10:50:50 PM',
				prompts: [
					{ promptid: '1', keypress: '', attributes: { promptid: '1', keypress: '' } },
					{ promptid: '3', keypress: '#', attributes: { promptid: '3', keypress: '#' } },
				],
				recordings: [],
				attributes: {
					menuid: '1-1234',
					duration: '14',
					phonenumber: '8182238964',
					status: 'Successful',
					comment: 'Human Answer',
					callid: '123',
					dateandtime: '5/20/2004 10:50:50 PM',
				},
			},
		],
		[
			'inbound call summary',
			`<campaign menuid="1-1234" duration="25" callerid="8182238964" callid="213155"
          dateandtime="5/23/2004 3:11:38 PM">
  <prompts><prompt promptid="1" keypress="2"></prompt></prompts>
</campaign>`,
			{
				kind: 'callSummary',
				direction: 'inbound',
				menuid: '1-1234',
				callid: '213155',
				callerid: '8182238964',
				duration: 25,
				dateandtime: '5/23/2004 3:11:38 PM',
				prompts: [{ promptid: '1', keypress: '2', attributes: { promptid: '1', keypress: '2' } }],
				recordings: [],
				attributes: {
					menuid: '1-1234',
					duration: '25',
					callerid: '8182238964',
					callid: '213155',
					dateandtime: '5/23/2004 3:11:38 PM',
				},
			},
		],
		[
			'call summary with a voicemail recording as base64',
			`<campaign menuid="1-1234" duration="40" phonenumber="8182238964" status="Successful" comment="Answering Machine" callid="77" dateandtime="5/20/2004 10:50:50 PM">
  <prompts>
    <prompt promptid="2" keypress=""><file filename="message.wav">UklGRiQAAABXQVZF
Zm10IBAAAAABAAEA</file></prompt>
  </prompts>
</campaign>`,
			{
				kind: 'callSummary',
				direction: 'outbound',
				menuid: '1-1234',
				callid: '77',
				phonenumber: '8182238964',
				status: 'Successful',
				comment: 'Answering Machine',
				duration: 40,
				dateandtime: '5/20/2004 10:50:50 PM',
				prompts: [{ promptid: '2', keypress: '', attributes: { promptid: '2', keypress: '' } }],
				recordings: [
					{
						promptid: '2',
						filename: 'message.wav',
						base64: 'UklGRiQAAABXQVZF\nZm10IBAAAAABAAEA',
						attributes: { filename: 'message.wav' },
					},
				],
				attributes: {
					menuid: '1-1234',
					duration: '40',
					phonenumber: '8182238964',
					status: 'Successful',
					comment: 'Answering Machine',
					callid: '77',
					dateandtime: '5/20/2004 10:50:50 PM',
				},
			},
		],
		[
			'outbound SMS summary',
			'<campaign menuid="1-789" phonenumber="8185550100" status="Successful" comment="" callid="9870" dateandtime="6/26/2008 3:19:22 PM"></campaign>',
			{
				kind: 'smsSummary',
				direction: 'outbound',
				menuid: '1-789',
				callid: '9870',
				phonenumber: '8185550100',
				status: 'Successful',
				comment: '',
				dateandtime: '6/26/2008 3:19:22 PM',
				texts: [],
				attributes: {
					menuid: '1-789',
					phonenumber: '8185550100',
					status: 'Successful',
					comment: '',
					callid: '9870',
					dateandtime: '6/26/2008 3:19:22 PM',
				},
			},
		],
		[
			'inbound SMS summary',
			'<campaign menuid="1-2488094154" callerid="8185550100" callid="970"><prompts><prompt txt="Call me"/></prompts></campaign>',
			{
				kind: 'smsSummary',
				direction: 'inbound',
				menuid: '1-2488094154',
				callid: '970',
				callerid: '8185550100',
				texts: ['Call me'],
				attributes: { menuid: '1-2488094154', callerid: '8185550100', callid: '970' },
			},
		],
	])('%s', (_name, xml, expected) => {
		const decoded = decodePost(xml);
		expect(decoded).toEqual(expected);
		expect(decodePost(encodePost(decoded))).toEqual(expected);
	});
});

describe('the call commands of voiceshot-api.md', () => {
	it.each([
		['<prompt goto="2"/>', { goto: '2' }],
		['<prompt goto="6" filename="imsorry.wav"/>', { goto: '6', filename: 'imsorry.wav' }],
		[
			'<prompt goto="7" tts="Your package is scheduled for delivery on Monday"/>',
			{ goto: '7', tts: 'Your package is scheduled for delivery on Monday' },
		],
		[
			'<prompt transferto="8182238964" callerid="8008049314"/>',
			{ transferto: '8182238964', callerid: '8008049314' },
		],
		['<prompt dtmf="100" goto="2"/>', { dtmf: '100', goto: '2' }],
		['', {}],
	])('%j', (xml, expected) => {
		expect(decodeCallCommand(xml)).toEqual(expected);
		expect(encodeCallCommand(expected)).toBe(
			xml === '' ? '' : encodeCallCommand(decodeCallCommand(xml)),
		);
		expect(decodeCallCommand(encodeCallCommand(expected))).toEqual(expected);
	});
});
