import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTest } from '../shared/credentials';
import { operations, route } from './actions/router';

const resources: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'call',
	options: [
		{ name: 'Call', value: 'call' },
		{ name: 'Call Command', value: 'callCommand' },
		{ name: 'Campaign', value: 'campaign' },
		{ name: 'SMS', value: 'sms' },
		{ name: 'Sound File', value: 'soundFile' },
	],
};

function operationSelector(
	resource: string,
	defaultOperation: string,
	options: INodeProperties['options'],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		default: defaultOperation,
		options,
	};
}

const operationSelectors: INodeProperties[] = [
	operationSelector('call', 'send', [
		{
			name: 'Delete Pending',
			value: 'deletePending',
			action: 'Delete pending calls',
			description: 'Delete calls not yet dialing, by Call ID',
		},
		{
			name: 'Query',
			value: 'query',
			action: 'Query calls',
			description: 'Report the status, duration and keypresses of calls',
		},
		{
			name: 'Send',
			value: 'send',
			action: 'Send calls',
			description: "Call phone numbers and play the campaign's prompts",
		},
	]),
	operationSelector('callCommand', 'reply', [
		{
			name: 'Reply',
			value: 'reply',
			action: 'Reply with a call command',
			description: 'Steer a live call from the workflow that a call event started',
		},
	]),
	operationSelector('campaign', 'pause', [
		{
			name: 'Pause',
			value: 'pause',
			action: 'Pause a campaign',
			description: "Hold the campaign's pending calls",
		},
		{
			name: 'Resume',
			value: 'resume',
			action: 'Resume a campaign',
			description: "Release the campaign's paused calls",
		},
	]),
	operationSelector('sms', 'send', [
		{
			name: 'Send',
			value: 'send',
			action: 'Send text messages',
			description: 'Text phone numbers through a text-message campaign',
		},
	]),
	operationSelector('soundFile', 'upload', [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a sound file',
			description: 'Remove a sound file from VoiceShot',
		},
		{
			name: 'Upload',
			value: 'upload',
			action: 'Upload a sound file',
			description: 'Store a WAV file in VoiceShot for prompts to play',
		},
	]),
];

export class VoiceShot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoiceShot',
		name: 'voiceShot',
		icon: { light: 'file:voiceshot.svg', dark: 'file:voiceshot.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Place real, billed phone calls and text messages, manage campaigns and sound files with VoiceShot',
		defaults: { name: 'VoiceShot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voiceShotApi', required: true, testedBy: 'voiceShotApiTest' }],
		properties: [
			resources,
			...operationSelectors,
			...Object.values(operations).flatMap((byOperation) =>
				Object.values(byOperation).flatMap((operation) => operation.description),
			),
		],
	};

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
