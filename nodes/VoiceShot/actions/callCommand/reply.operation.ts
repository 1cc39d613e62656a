import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { callCommandXml } from '../../../shared/client';
import type { CallCommand } from '../../../shared/xml';
import { shownFor } from '../common/fields';
import { codecInputError, normalisePhoneNumber, inputError } from '../common/parameters';
import type { Operation } from '../operation';

const show = shownFor('callCommand', 'reply');

const properties: INodeProperties[] = [
	{
		displayName:
			'Answers a VoiceShot Trigger whose Respond option is "Using \'Respond to Webhook\' Node" with this call command, steering the live call. Without such a trigger, it only outputs the command\'s XML as "callCommand".',
		name: 'replyNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Go To Prompt',
		name: 'goto',
		type: 'string',
		default: '',
		placeholder: '2',
		description: 'The Prompt ID the call goes on at',
		displayOptions: show,
	},
	{
		displayName: 'Text to Speak',
		name: 'tts',
		type: 'string',
		default: '',
		description: "Text the caller hears, e.g. an order's status looked up in a CRM",
		displayOptions: show,
	},
	{
		displayName: 'Sound File',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'imsorry.wav',
		description: 'An uploaded .wav file to play',
		displayOptions: show,
	},
	{
		displayName: 'Transfer To',
		name: 'transferto',
		type: 'string',
		default: '',
		description: 'A phone number to transfer the call to',
		displayOptions: show,
	},
	{
		displayName: 'Caller ID',
		name: 'callerid',
		type: 'string',
		default: '',
		description: 'The 10-digit caller ID shown on a transfer',
		displayOptions: show,
	},
	{
		displayName: 'DTMF Tones',
		name: 'dtmf',
		type: 'string',
		default: '',
		placeholder: '100',
		description: 'Keys to send as tones (0-9, *, #; "w" waits half a second)',
		displayOptions: show,
	},
];

const LABELS: Record<string, string> = {
	goto: 'Go To Prompt',
	tts: 'Text to Speak',
	filename: 'Sound File',
	transferto: 'Transfer To',
	callerid: 'Caller ID',
	dtmf: 'DTMF Tones',
};

function commandOf(context: IExecuteFunctions, itemIndex: number): CallCommand {
	const command: CallCommand = {};
	for (const field of ['goto', 'tts', 'filename', 'transferto', 'callerid', 'dtmf'] as const) {
		const value = String(context.getNodeParameter(field, itemIndex, '') ?? '');
		if (value.trim() !== '') command[field] = field === 'tts' ? value : value.trim();
	}
	if (command.transferto !== undefined) {
		const number = normalisePhoneNumber(command.transferto);
		if (!number) {
			throw inputError(
				context.getNode(),
				itemIndex,
				'Transfer To',
				`${JSON.stringify(command.transferto)} is not a phone number`,
			);
		}
		command.transferto = number;
	}
	return command;
}

export const operation: Operation<string> = {
	resource: 'callCommand',
	operation: 'reply',
	name: 'Reply',
	action: 'Reply with a call command',
	summary: 'Steer a live call from the workflow that a call event started',
	properties,
	read({ context }, itemIndex) {
		const command = commandOf(context, itemIndex);
		try {
			return [callCommandXml(command)];
		} catch (error) {
			throw codecInputError(context.getNode(), itemIndex, error, LABELS);
		}
	},
	output: ([{ value: callCommand }]) => [[{ callCommand }]],
	finish({ context }, succeeded) {
		const first = succeeded[0]?.value.callCommand;
		if (typeof first !== 'string') return;
		context.sendResponse({
			body: first,
			headers: { 'content-type': 'text/xml; charset=utf-8' },
			statusCode: 200,
		});
	},
};
