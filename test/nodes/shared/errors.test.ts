/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling, never published: it reads the encoder's source */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as operations from '../../../nodes/VoiceShot/actions/operations';
import {
	InputError,
	nodeErrorOf,
	VoiceShotRefusal,
	type FieldLabels,
} from '../../../nodes/shared/errors';
import { VoiceShotTransportError } from '../../../nodes/shared/transport';
import {
	encodeCallCommand,
	validateRequest,
	VoiceShotXmlError,
	type CallCommand,
	type VoiceShotRequest,
} from '../../../nodes/shared/xml';
import { NODE } from '../VoiceShot/fakeContext';

/** Names the codec and VoiceShot use that the panel never shows. */
const WIRE_NAMES =
	/\b(tts|filename|transferto|alttts|callerid|callid|menuid|promptid|dateandtime|txt|dtmf|goto|ext|content)\b/;

/** The error the user would read for a codec refusal, with the operation's panel names. */
function userMessage(fields: FieldLabels | undefined, act: () => unknown): string {
	let thrown: unknown;
	try {
		act();
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(VoiceShotXmlError);
	fieldsSeen.add((thrown as VoiceShotXmlError).field ?? '');
	return nodeErrorOf(NODE, thrown, { itemIndex: 0, items: 'item 0', fields }).message;
}

const fieldsSeen = new Set<string>();
const BELL = '\u0007';
const voice = { kind: 'send', channel: 'voice', menuid: '1-1234' } as const;
const sms = { kind: 'send', channel: 'sms', menuid: '1-1234' } as const;
const number = { number: '8185550100' };
const prompt = { promptid: '1', tts: 'Hello' };

/** Every refusal a user can reach, by operation: the request (or call command) that makes it. */
const REFUSALS: Array<[string, FieldLabels | undefined, () => unknown]> = [
	...(
		[
			['menuid missing', { ...voice, menuid: '', numbers: [number] }],
			['no number', { ...voice, numbers: [] }],
			['bad number', { ...voice, numbers: [{ number: '12' }] }],
			['callid too long', { ...voice, numbers: [{ ...number, callid: 'x'.repeat(51) }] }],
			['caller ID not 10 digits', { ...voice, numbers: [{ ...number, callerid: '12' }] }],
			['bad schedule', { ...voice, numbers: [{ ...number, dateandtime: 'soon' }] }],
			['promptid missing', { ...voice, numbers: [{ ...number, prompts: [{ tts: 'Hi' }] }] }],
			['empty prompt', { ...voice, numbers: [{ ...number, prompts: [{ promptid: '1' }] }] }],
			[
				'transfer number',
				{ ...voice, numbers: [{ ...number, prompts: [{ promptid: '1', transferto: '1' }] }] },
			],
			...(['callid', 'callerid', 'dateandtime', 'ext'] as const).map(
				(field) =>
					[`${field} unencodable`, { ...voice, numbers: [{ ...number, [field]: BELL }] }] as const,
			),
			...(['promptid', 'tts', 'filename', 'transferto', 'alttts'] as const).map(
				(field) =>
					[
						`prompt ${field} unencodable`,
						{ ...voice, numbers: [{ ...number, prompts: [{ ...prompt, [field]: BELL }] }] },
					] as const,
			),
			['menuid unencodable', { ...voice, menuid: BELL, numbers: [number] }],
		] as Array<[string, VoiceShotRequest]>
	).map(([name, request]): [string, FieldLabels | undefined, () => unknown] => [
		`Call → Send: ${name}`,
		operations.callSend.fields,
		() => validateRequest(request),
	]),
	...(
		[
			['no message', { ...sms, numbers: [number] }],
			['empty message', { ...sms, numbers: [{ ...number, prompts: [{ txt: '' }] }] }],
			[
				'empty SMS ID',
				{ ...sms, numbers: [{ ...number, callerid: ' ', prompts: [{ txt: 'a' }] }] },
			],
			['message unencodable', { ...sms, numbers: [{ ...number, prompts: [{ txt: BELL }] }] }],
		] as Array<[string, VoiceShotRequest]>
	).map(([name, request]): [string, FieldLabels | undefined, () => unknown] => [
		`SMS → Send: ${name}`,
		operations.smsSend.fields,
		() => validateRequest(request),
	]),
	...(
		[
			['caller ID', { transferto: '8185550100', callerid: '12' }],
			['transfer number', { transferto: '12' }],
			['tones', { dtmf: 'x' }],
			...(['goto', 'tts', 'filename', 'transferto', 'callerid', 'dtmf'] as const).map(
				(field) => [`${field} unencodable`, { [field]: BELL }] as const,
			),
		] as Array<[string, CallCommand]>
	).map(([name, command]): [string, FieldLabels | undefined, () => unknown] => [
		`Call Command → Reply: ${name}`,
		operations.callCommandReply.fields,
		() => encodeCallCommand(command),
	]),
	[
		'Call → Delete Pending: Call ID unencodable',
		operations.callDeletePending.fields,
		() => validateRequest({ kind: 'deletePending', menuid: '1-1', callids: [BELL] }),
	],
	[
		'Call → Query: Call ID unencodable',
		operations.callQuery.fields,
		() => validateRequest({ kind: 'callQuery', menuid: '1-1', callids: [BELL] }),
	],
	[
		'Campaign → Pause: Menu ID unencodable',
		operations.campaignPause.fields,
		() => validateRequest({ kind: 'pause', menuid: BELL }),
	],
	[
		'Sound File → Upload: file name unencodable',
		operations.soundFileUpload.fields,
		() => validateRequest({ kind: 'saveFile', filename: BELL, content: Buffer.from('RIFF') }),
	],
	[
		'Sound File → Upload: empty file',
		operations.soundFileUpload.fields,
		() => validateRequest({ kind: 'saveFile', filename: 'a.wav', content: Buffer.alloc(0) }),
	],
	[
		'Sound File → Delete: file name unencodable',
		operations.soundFileDelete.fields,
		() => validateRequest({ kind: 'deleteFile', filename: BELL }),
	],
];

describe('every refusal of the codec a user can reach, as the user reads it', () => {
	it.each(REFUSALS)('%s: names fields as the panel shows them', (_name, fields, act) => {
		const message = userMessage(fields, act);
		expect(message).not.toMatch(WIRE_NAMES);
		expect(message).not.toMatch(/^A value/);
		expect(message).toMatch(/ \[item 0\]$/);
	});

	it('walks every field the encoder refuses by name', () => {
		const source = readFileSync(join(__dirname, '../../../nodes/shared/xml/encode.ts'), 'utf8');
		const refused = new Set(
			[...source.matchAll(/(?:missing|invalid|requireText\([^,]+,)\s*\(?\s*'(\w+)'/g)].map(
				(match) => match[1],
			),
		);
		// `errorid` is written only by the simulator's replies.
		refused.delete('errorid');
		expect(refused.size).toBeGreaterThan(8);
		for (const field of refused) expect(fieldsSeen).toContain(field);
	});

	it('every operation that sends names the codec fields of its requests', () => {
		for (const operation of Object.values(operations)) {
			if (operation.request)
				expect([operation.operation, operation.fields]).toEqual([
					operation.operation,
					expect.any(Object),
				]);
		}
	});

	it('says an empty prompt in the panel words', () => {
		expect(
			userMessage(operations.callSend.fields, () =>
				validateRequest({ ...voice, numbers: [{ ...number, prompts: [{ promptid: '1' }] }] }),
			),
		).toBe(
			'Prompts: Content (phone number 1, prompt 1) is required: what the prompt plays [item 0]',
		);
	});
});

describe('nodeErrorOf', () => {
	it('leads a VoiceShot refusal with what to do; errorid and comment in the details', () => {
		const error = nodeErrorOf(NODE, new VoiceShotRefusal(19, 'Invalid menuid'), {
			itemIndex: 2,
			items: 'items 2–3',
			details: { menuid: '9-9' },
		});
		expect(error.message).toBe(
			'No campaign has this Menu ID: copy it from the campaign in VoiceShot. [items 2–3]',
		);
		expect(error.description).toBe('VoiceShot refused the request: errorid 19, Invalid menuid');
		expect(error.context.itemIndex).toBe(2);
	});

	it('leads an undocumented errorid with VoiceShot’s own words', () => {
		const error = nodeErrorOf(NODE, new VoiceShotRefusal(77, 'Odd'), {
			itemIndex: 0,
			items: 'item 0',
		});
		expect(error.message).toBe('VoiceShot refused the request: errorid 77, Odd [item 0]');
	});

	it('says what may have been queued only when the request may have been acted on', () => {
		const place = { itemIndex: 0, items: 'item 0', unknownOutcome: 'Query before sending again.' };
		const timeout = new VoiceShotTransportError('unknownOutcome', 'http://x/', 'timed out');
		const refused = new VoiceShotTransportError('notDelivered', 'http://x/', 'refused');
		expect(nodeErrorOf(NODE, timeout, place).description).toBe('Query before sending again.');
		expect(nodeErrorOf(NODE, refused, place).description).toBeFalsy();
	});

	it('names an input error by item and field, once, with what it means for the run', () => {
		const error = nodeErrorOf(NODE, new InputError('Prompts', 'is odd', { prompt: 1 }), {
			itemIndex: 4,
			items: 'item 4',
			aftermath: 'Nothing was sent.',
		});
		expect(error.message).toBe('Prompts (prompt 2) is odd [item 4]');
		expect(error.description).toBe('Check the "Prompts" parameter of item 4. Nothing was sent.');
	});
});
