import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VoiceShotClient } from '../../../shared/client';
import { messageIdOption, optionsField, shownFor } from '../common/fields';
import { InputError } from '../../../shared/errors';
import { sendHeadFields, sendOperation, sendTailOptions, type ItemMessage } from '../common/send';

const show = shownFor('sms', 'send');

const properties: INodeProperties[] = [
	...sendHeadFields(
		'sms',
		'text messages',
		"from the VoiceShot Trigger's SMS Summary event, or Call → Query by its Message ID",
		'text-message campaign',
		'Default SMS Menu ID',
	),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. Your table is ready',
		description: 'The text of the message',
		displayOptions: show,
	},
	{
		displayName: 'SMS ID',
		name: 'smsId',
		type: 'string',
		default: '',
		placeholder: 'e.g. user@example.com',
		description:
			'The SMS ID of your VoiceShot account (it looks like an email address): text messages carry it where calls carry a caller ID. Empty: none is sent.',
		displayOptions: show,
	},
	optionsField('sms', 'send', [messageIdOption, ...sendTailOptions('Text')]),
];

function readMessage(
	context: IExecuteFunctions,
	_client: VoiceShotClient,
	itemIndex: number,
): ItemMessage {
	const txt = String(context.getNodeParameter('message', itemIndex, '') ?? '');
	if (txt.trim() === '') throw new InputError('Message', 'is empty');
	const smsId = String(context.getNodeParameter('smsId', itemIndex, '') ?? '').trim();
	return { prompts: [{ txt }], callerid: smsId || undefined };
}

export const operation = sendOperation(
	'sms',
	{
		resource: 'sms',
		name: 'Send',
		action: 'Send text messages',
		summary: 'Text phone numbers through a text-message campaign',
	},
	properties,
	readMessage,
);
