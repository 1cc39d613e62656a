import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VoiceShotClient } from '../../../shared/client';
import { callIdOption, optionsField, shownFor } from '../common/fields';
import { phoneNumberOf, promptsOf, type PromptParameter } from '../common/parameters';
import { sendHeadFields, sendOperation, sendTailOptions, type ItemMessage } from '../common/send';

const show = shownFor('call', 'send');

const properties: INodeProperties[] = [
	...sendHeadFields(
		'call',
		'calls',
		"from Call → Get Outcome (or Query) by its Call ID, or from the VoiceShot Trigger's Call Summary event",
	),
	{
		displayName:
			'A Prompt ID names an "API prompt" you first add to the campaign in VoiceShot, where the call\'s flow (a "press 1" menu too) is built; each prompt here fills one. With no prompts, the call plays the campaign\'s own recorded message.',
		name: 'promptsNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Prompts',
		name: 'prompts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add prompt',
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
							{
								name: 'Text to Speak',
								value: 'tts',
								description: 'Text that VoiceShot reads out to the person called',
							},
							{
								name: 'Sound File',
								value: 'filename',
								description: 'The name of a .wav file uploaded with Sound File → Upload',
							},
							{
								name: 'Transfer To',
								value: 'transferto',
								description:
									'A phone number the call is transferred to, written as in Phone Numbers',
							},
							{
								name: 'Answering Machine Text',
								value: 'alttts',
								description: 'Text spoken instead when an answering machine picks up (voicemail)',
							},
						],
					},
					{
						displayName: 'Content',
						name: 'content',
						type: 'string',
						typeOptions: { rows: 3 },
						default: '',
						placeholder: 'e.g. Hello {{ $json.name }}, your order has shipped.',
						description:
							'The text to speak (or to leave on an answering machine), the file name, or the number to transfer to',
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
		placeholder: 'e.g. 8005550100',
		description:
			'The North American number the people called see, authorised in your VoiceShot account, written as in Phone Numbers. Empty: the Default Caller ID of the credential.',
		displayOptions: show,
	},
	optionsField('call', 'send', [
		callIdOption,
		{
			displayName: 'Extension',
			name: 'extension',
			type: 'string',
			default: '',
			placeholder: 'e.g. 204',
			description: 'An extension to dial after the number answers',
		},
		...sendTailOptions('Call'),
	]),
];

function readCall(
	context: IExecuteFunctions,
	client: VoiceShotClient,
	itemIndex: number,
): ItemMessage {
	const promptEntries = context.getNodeParameter(
		'prompts.prompt',
		itemIndex,
		[],
	) as PromptParameter[];
	const given = String(context.getNodeParameter('callerId', itemIndex, '') ?? '').trim();
	const [value, field] = given
		? [given, 'Caller ID']
		: [client.defaultCallerId, 'Default Caller ID (of the credential)'];
	const callerid = value ? phoneNumberOf(value, field, 'callerId') : undefined;
	const { extension } = context.getNodeParameter('options', itemIndex, {}) as {
		extension?: string;
	};
	return {
		prompts: promptsOf(promptEntries),
		callerid,
		ext: extension?.trim() || undefined,
	};
}

export const operation = sendOperation(
	'voice',
	{
		resource: 'call',
		name: 'Send',
		action: 'Send calls',
		summary: "Call phone numbers and play the campaign's prompts",
	},
	properties,
	readCall,
);
