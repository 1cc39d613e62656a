import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { PhoneNumberEntry } from '../../../shared/xml';
import type { Connection } from '../common/connection';
import {
	callIdOption,
	menuIdField,
	phoneNumbersField,
	scheduleOption,
	sendModeOptions,
	shownFor,
	timeZoneOption,
} from '../common/fields';
import { inputError, menuIdOf, phoneNumbersOf, scheduleOf, timeZoneOf } from '../common/parameters';
import { newCallid, sendPlanned, type PlannedItem } from '../common/send';

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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			callIdOption,
			scheduleOption,
			...sendModeOptions,
			timeZoneOption('in which VoiceShot reads the schedule'),
		],
	},
];

interface SmsOptions {
	callId?: string;
	schedule?: unknown;
	timeZone?: string;
}

export function planMessage(
	context: IExecuteFunctions,
	connection: Connection,
	itemIndex: number,
): PlannedItem {
	const node = connection.node;
	const options = context.getNodeParameter('options', itemIndex, {}) as SmsOptions;
	const menuid = menuIdOf(context, connection, itemIndex);
	const numbers = phoneNumbersOf(
		node,
		itemIndex,
		context.getNodeParameter('phoneNumbers', itemIndex),
		'Phone Numbers',
	);
	const txt = String(context.getNodeParameter('message', itemIndex, '') ?? '');
	if (txt.trim() === '') throw inputError(node, itemIndex, 'Message', 'is empty');
	const smsId = String(context.getNodeParameter('smsId', itemIndex, '') ?? '').trim() || undefined;
	const timeZone = timeZoneOf(context, itemIndex, options.timeZone);
	const dateandtime = scheduleOf(context, itemIndex, options.schedule, timeZone);
	const callid = options.callId?.trim() || undefined;
	return {
		itemIndex,
		menuid,
		numbers: numbers.map((number): PhoneNumberEntry => {
			const entry: PhoneNumberEntry = { number, callid: callid ?? newCallid(), prompts: [{ txt }] };
			if (smsId !== undefined) entry.callerid = smsId;
			if (dateandtime !== undefined) entry.dateandtime = dateandtime;
			return entry;
		}),
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPlanned(this, 'sms', planMessage);
}
