import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Connection } from '../common/connection';
import {
	callIdOption,
	menuIdField,
	phoneNumbersField,
	scheduleOption,
	sendModeOptions,
	shownFor,
	timeZoneOption,
	optionsField,
} from '../common/fields';
import { inputError } from '../common/parameters';
import { sendPlanned, type ItemMessage } from '../common/send';

const show = shownFor('sms', 'send');

export const description: INodeProperties[] = [
	menuIdField('sms', 'send', 'text-message campaign'),
	phoneNumbersField('sms', 'send'),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The text of the message',
		displayOptions: show,
	},
	{
		displayName: 'SMS ID',
		name: 'smsId',
		type: 'string',
		default: '',
		placeholder: 'name@example.com',
		description:
			'The SMS ID of your VoiceShot account, sent as the caller ID of text messages. Empty: none is sent.',
		displayOptions: show,
	},
	optionsField('sms', 'send', [
		callIdOption,
		scheduleOption,
		...sendModeOptions,
		timeZoneOption('in which VoiceShot reads the schedule'),
	]),
];

export function readMessage(
	context: IExecuteFunctions,
	connection: Connection,
	itemIndex: number,
): ItemMessage {
	const txt = String(context.getNodeParameter('message', itemIndex, '') ?? '');
	if (txt.trim() === '') throw inputError(connection.node, itemIndex, 'Message', 'is empty');
	const smsId = String(context.getNodeParameter('smsId', itemIndex, '') ?? '').trim();
	return { prompts: [{ txt }], callerid: smsId || undefined };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPlanned(this, 'sms', readMessage);
}
