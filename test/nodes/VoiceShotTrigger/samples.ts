/**
 * Every post shown in docs/voiceshot-api.md ("What VoiceShot posts to your URLs"),
 * written the way VoiceShot sends them: CRLF line ends and tab indentation for the multi-line
 * ones, one line for the others. Each is sent with and without an XML declaration.
 */
import { wavFile } from '../../../simulator';

export interface SamplePost {
	name: string;
	xml: string;
	/** The item's json the trigger outputs with Include Raw Attributes (timezone America/New_York, no raw XML). */
	json: Record<string, unknown>;
}

const CRLF = '\r\n';

export const SAMPLE_POSTS: SamplePost[] = [
	{
		name: 'answer event (inbound call)',
		xml: '<campaign menuid="1-4567" callid="2145437" action="4" callerid="8182238964" dnis="8002848509"/>',
		json: {
			kind: 'answer',
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
	},
	{
		name: 'keypress event',
		xml: '<prompt menuid="1-4567" callid="2145437" promptid="1" keypress="1234"/>',
		json: {
			kind: 'keypress',
			menuid: '1-4567',
			callid: '2145437',
			promptid: '1',
			keypress: '1234',
			attributes: { menuid: '1-4567', callid: '2145437', promptid: '1', keypress: '1234' },
		},
	},
	{
		name: 'hang-up event (inbound call)',
		xml: '<campaign menuid="1-4567" callid="2145437" action="5" duration="28"/>',
		json: {
			kind: 'hangup',
			menuid: '1-4567',
			callid: '2145437',
			duration: 28,
			attributes: { menuid: '1-4567', callid: '2145437', action: '5', duration: '28' },
		},
	},
	{
		name: 'Test button',
		xml: '<campaign menuid="1-1234" callid="0" action="5" comment="Test"/>',
		json: {
			kind: 'test',
			menuid: '1-1234',
			callid: '0',
			comment: 'Test',
			attributes: { menuid: '1-1234', callid: '0', action: '5', comment: 'Test' },
		},
	},
	{
		name: 'outbound call summary',
		xml: [
			'<campaign menuid="1-1234" duration="14" phonenumber="8182238964" status="Successful"',
			'\t\t  comment="Human Answer" callid="123" dateandtime="5/20/2004 10:50:50 PM">',
			'\t<prompts>',
			'\t\t<prompt promptid="1" keypress=""></prompt>',
			'\t\t<prompt promptid="3" keypress="#"></prompt>',
			'\t</prompts>',
			'</campaign>',
		].join(CRLF),
		json: {
			kind: 'callSummary',
			direction: 'outbound',
			menuid: '1-1234',
			callid: '123',
			phonenumber: '8182238964',
			status: 'Successful',
			comment: 'Human Answer',
			duration: 14,
			dateandtime: '5/20/2004 10:50:50 PM',
			dateandtimeIso: '2004-05-20T22:50:50-04:00',
			keypresses: [
				{ promptid: '1', keypress: '' },
				{ promptid: '3', keypress: '#' },
			],
			keypressByPrompt: { '1': '', '3': '#' },
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
	},
	{
		name: 'inbound call summary',
		xml: [
			'<campaign menuid="1-1234" duration="25" callerid="8182238964" callid="213155"',
			'\t\t  dateandtime="5/23/2004 3:11:38 PM">',
			'\t<prompts><prompt promptid="1" keypress="2"></prompt></prompts>',
			'</campaign>',
		].join(CRLF),
		json: {
			kind: 'callSummary',
			direction: 'inbound',
			menuid: '1-1234',
			callid: '213155',
			callerid: '8182238964',
			duration: 25,
			dateandtime: '5/23/2004 3:11:38 PM',
			dateandtimeIso: '2004-05-23T15:11:38-04:00',
			keypresses: [{ promptid: '1', keypress: '2' }],
			keypressByPrompt: { '1': '2' },
			recordings: [],
			attributes: {
				menuid: '1-1234',
				duration: '25',
				callerid: '8182238964',
				callid: '213155',
				dateandtime: '5/23/2004 3:11:38 PM',
			},
		},
	},
	{
		name: 'outbound SMS summary',
		xml: '<campaign menuid="1-789" phonenumber="8185550100" status="Successful" comment="" callid="9870" dateandtime="6/26/2008 3:19:22 PM"></campaign>',
		json: {
			kind: 'smsSummary',
			direction: 'outbound',
			menuid: '1-789',
			callid: '9870',
			phonenumber: '8185550100',
			status: 'Successful',
			comment: '',
			dateandtime: '6/26/2008 3:19:22 PM',
			dateandtimeIso: '2008-06-26T15:19:22-04:00',
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
	},
	{
		name: 'inbound SMS summary',
		xml: '<campaign menuid="1-2488094154" callerid="8185550100" callid="970"><prompts><prompt txt="Call me"/></prompts></campaign>',
		json: {
			kind: 'smsSummary',
			direction: 'inbound',
			menuid: '1-2488094154',
			callid: '970',
			callerid: '8185550100',
			texts: ['Call me'],
			attributes: { menuid: '1-2488094154', callerid: '8185550100', callid: '970' },
		},
	},
];

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** A small but real WAV file (8 kHz, 8-bit mono), `samples` bytes of audio. */
export function wavBytes(samples: number, seed = 1): Buffer {
	const audio = Buffer.alloc(samples);
	for (let i = 0; i < samples; i++) audio[i] = (i * 31 + seed * 17) & 0xff;
	return wavFile(audio, 8);
}

/** base64 in 76-character lines, as mail-style encoders (and VoiceShot's samples) write it. */
export function base64Lines(data: Buffer): string {
	return (data.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** A call summary whose voicemail box recorded `recordings` (inside prompt 2, as documented). */
export function summaryWithVoicemail(
	recordings: Array<{ data: Buffer; attributes?: string }>,
	declaration = true,
): string {
	const files = recordings
		.map(
			({ data, attributes = 'filename="msg-123.wav"' }) =>
				`${CRLF}\t\t\t<file ${attributes}>${base64Lines(data)}</file>`,
		)
		.join('');
	return [
		...(declaration ? [XML_DECLARATION] : []),
		'<campaign menuid="1-1234" duration="41" phonenumber="8182238964" status="Successful" comment="Answering Machine" callid="123" dateandtime="5/20/2004 10:50:50 PM">',
		'\t<prompts>',
		'\t\t<prompt promptid="1" keypress=""></prompt>',
		`\t\t<prompt promptid="2" keypress="">${files}${CRLF}\t\t</prompt>`,
		'\t</prompts>',
		'</campaign>',
	].join(CRLF);
}
