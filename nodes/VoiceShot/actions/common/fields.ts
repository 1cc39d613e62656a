import type { INodeProperties } from 'n8n-workflow';

import { timeZoneOption } from '../../../shared/timezones';

/** Parameters several operations share, shown for the given resource and operation. */
export function shownFor(resource: string, operation: string) {
	return { show: { resource: [resource], operation: [operation] } };
}

/** The "Options" collection of an operation. */
export function optionsField(
	resource: string,
	operation: string,
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: shownFor(resource, operation),
		options,
	};
}

export function menuIdField(
	resource: string,
	operation: string,
	campaignKind = 'campaign',
	defaultField = 'Default Menu ID',
): INodeProperties {
	return {
		displayName: 'Menu ID',
		name: 'menuId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1-1234',
		description: `The ${campaignKind} in VoiceShot, as shown in its campaign list. Empty: the ${defaultField} of the credential.`,
		displayOptions: shownFor(resource, operation),
	};
}

export function phoneNumbersField(resource: string, operation: string): INodeProperties {
	return {
		displayName: 'Phone Numbers',
		name: 'phoneNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. (818) 555-0100, 818-555-0117',
		description:
			'One phone number, or several separated by commas. Spaces, dashes, dots, parentheses and a leading +1 are removed; North American numbers (10 digits) must have a real area code and exchange.',
		displayOptions: shownFor(resource, operation),
	};
}

export const scheduleOption: INodeProperties = {
	displayName: 'Schedule',
	name: 'schedule',
	type: 'dateTime',
	default: '',
	description:
		'When to place the call or send the message, read in the Schedule Time Zone. Empty: as soon as possible. Takes an ISO date and time or a date from an expression. A time more than 15 minutes past is refused.',
};

/** Named to sit beside Schedule in the option list, which n8n sorts by name. */
export const scheduleTimeZoneOption: INodeProperties = timeZoneOption(
	'in which VoiceShot reads the schedule',
	'Schedule Time Zone Name or ID',
);

export const callIdOption: INodeProperties = {
	displayName: 'Call ID',
	name: 'callId',
	type: 'string',
	default: '',
	placeholder: 'e.g. order-1042',
	description:
		"Your own ID for this item's calls (at most 50 characters), to query or delete them later. Several numbers with one Call ID form a call group. Empty: a unique ID is made for each call.",
};

/** The Call ID option of text messages: VoiceShot's callid, named for what it is there. */
export const messageIdOption: INodeProperties = {
	...callIdOption,
	displayName: 'Message ID',
	placeholder: 'e.g. reminder-1042',
	description:
		"Your own ID for this item's text messages (at most 50 characters). VoiceShot's SMS summaries carry it as callid, so the trigger can match them. Several numbers may share one. Empty: a unique ID is made for each message.",
};

export const sendModeOptions: INodeProperties[] = [
	{
		displayName: 'Send Mode',
		name: 'sendMode',
		type: 'options',
		default: 'batch',
		options: [
			{
				name: 'Batch',
				value: 'batch',
				description:
					'All input items go to VoiceShot together, in as few requests as the batch size allows',
			},
			{
				name: 'Per Item',
				value: 'perItem',
				description: 'One request for each input item',
			},
		],
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		default: 1000,
		typeOptions: { minValue: 1 },
		description: 'The most phone numbers in one request',
		displayOptions: { hide: { sendMode: ['perItem'] } },
	},
];

export type Duplicates = 'once' | 'every';
export const DEFAULT_DUPLICATES: Duplicates = 'once';

/** Duplicate Numbers: `verb` is "Call" or "Text". */
export function duplicatesOption(verb: string): INodeProperties {
	return {
		displayName: 'Duplicate Numbers',
		name: 'duplicates',
		type: 'options',
		default: DEFAULT_DUPLICATES,
		description:
			'What to do when a number comes again in the same campaign, in any input item of this run',
		options: [
			{
				name: `${verb} Each Once`,
				value: 'once',
				description: `${verb} a number once; its later rows output duplicateOf: the Call ID they share`,
			},
			{
				name: `${verb} Every Row`,
				value: 'every',
				description: `${verb} a number as often as it comes`,
			},
		],
	};
}

export type OutsideHours = 'schedule' | 'fail';

/** Calling Hours and its window: `verb` is "Call" or "Text". */
export function callingHoursOptions(verb: string): INodeProperties[] {
	const shown = { show: { callingHours: ['schedule', 'fail'] } };
	return [
		{
			displayName: 'Calling Hours',
			name: 'callingHours',
			type: 'options',
			default: 'schedule',
			description: `${verb} each number only between From and Until in its own time zone, known from its area code`,
			options: [
				{
					name: 'Schedule Outside Them',
					value: 'schedule',
					description: 'A number outside the hours is scheduled for the next opening in its zone',
				},
				{
					name: 'Fail Outside Them',
					value: 'fail',
					description: 'A number outside the hours fails its item; nothing of the item is sent',
				},
			],
		},
		{
			displayName: 'Calling Hours From',
			name: 'callingHoursFrom',
			type: 'string',
			default: '08:00',
			placeholder: 'e.g. 08:00',
			description: "The earliest time (HH:MM) in the recipient's time zone",
			displayOptions: shown,
		},
		{
			displayName: 'Calling Hours Until',
			name: 'callingHoursUntil',
			type: 'string',
			default: '21:00',
			placeholder: 'e.g. 21:00',
			description: "The time (HH:MM) in the recipient's time zone from which no call starts",
			displayOptions: shown,
		},
	];
}
