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
import {
	phoneNumbersOf,
	promptsOf,
	scheduleOf,
	timeZoneOf,
	menuIdOf,
	type PromptParameter,
} from '../common/parameters';
import { newCallid, sendPlanned, type PlannedItem } from '../common/send';

const show = shownFor('call', 'send');

export const description: INodeProperties[] = [
	menuIdField('call', 'send'),
	phoneNumbersField('call', 'send'),
	{
		displayName: 'Prompts',
		name: 'prompts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Prompt',
		description:
			"What the campaign's API prompts play. Each fills one API prompt of the campaign, by its Prompt ID.",
		displayOptions: show,
		options: [
			{
				displayName: 'Prompt',
				name: 'prompt',
				values: [
					{
						displayName: 'Prompt ID',
						name: 'promptId',
						type: 'string',
						default: '1',
						description: 'The number of the API prompt in the campaign',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'tts',
						options: [
							{ name: 'Text to Speak', value: 'tts' },
							{ name: 'Sound File', value: 'filename', description: 'An uploaded .wav file' },
							{
								name: 'Transfer To',
								value: 'transferto',
								description: 'A phone number to transfer the call to',
							},
							{
								name: 'Answering Machine Text',
								value: 'alttts',
								description: 'Text spoken when an answering machine picks up',
							},
						],
					},
					{
						displayName: 'Content',
						name: 'content',
						type: 'string',
						default: '',
						description: 'The text to speak, the file name, or the number to transfer to',
					},
				],
			},
		],
	},
	{
		displayName: 'Caller ID',
		name: 'callerId',
		type: 'string',
		default: '',
		placeholder: '8005550100',
		description:
			'The 10-digit number the people called see, authorised in your VoiceShot account. Empty: the Default Caller ID of the credentials.',
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
			{
				displayName: 'Extension',
				name: 'extension',
				type: 'string',
				default: '',
				description: 'An extension to dial after the number answers',
			},
			scheduleOption,
			...sendModeOptions,
			timeZoneOption('in which VoiceShot reads the schedule'),
		],
	},
];

interface SendOptions {
	callId?: string;
	extension?: string;
	schedule?: unknown;
	timeZone?: string;
}

export function planCall(
	context: IExecuteFunctions,
	connection: Connection,
	itemIndex: number,
): PlannedItem {
	const node = connection.node;
	const options = context.getNodeParameter('options', itemIndex, {}) as SendOptions;
	const menuid = menuIdOf(context, connection, itemIndex);
	const numbers = phoneNumbersOf(
		node,
		itemIndex,
		context.getNodeParameter('phoneNumbers', itemIndex),
		'Phone Numbers',
	);
	const promptEntries = context.getNodeParameter(
		'prompts.prompt',
		itemIndex,
		[],
	) as PromptParameter[];
	const prompts = promptsOf(node, itemIndex, promptEntries);
	const callerid =
		String(context.getNodeParameter('callerId', itemIndex, '') ?? '').trim() ||
		connection.defaultCallerId ||
		undefined;
	const timeZone = timeZoneOf(context, itemIndex, options.timeZone);
	const dateandtime = scheduleOf(context, itemIndex, options.schedule, timeZone);
	const callid = options.callId?.trim() || undefined;
	const ext = options.extension?.trim() || undefined;
	return {
		itemIndex,
		menuid,
		numbers: numbers.map((number): PhoneNumberEntry => {
			const entry: PhoneNumberEntry = { number, callid: callid ?? newCallid() };
			if (callerid !== undefined) entry.callerid = callerid;
			if (dateandtime !== undefined) entry.dateandtime = dateandtime;
			if (ext !== undefined) entry.ext = ext;
			if (prompts.length) entry.prompts = prompts;
			return entry;
		}),
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPlanned(this, 'voice', planCall);
}
