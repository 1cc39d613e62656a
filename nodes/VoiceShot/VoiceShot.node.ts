import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTest } from '../shared/credentials';
import { loadOptions } from '../shared/timezones';
import { OUTPUTS_EXPRESSION } from './actions/call/getOutcome.operation';
import { OFFLINE_RESOURCES, properties, route, SUBTITLE } from './actions/registry';

export class VoiceShot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoiceShot',
		name: 'voiceShot',
		icon: { light: 'file:voiceshot.svg', dark: 'file:voiceshot.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: SUBTITLE,
		description:
			'Place real, billed phone calls and text messages, manage campaigns and sound files with VoiceShot',
		defaults: { name: 'VoiceShot' },
		documentationUrl: 'https://github.com/n8n-nodes-voiceshot/n8n-nodes-voiceshot#voiceshot-node',
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{
				name: 'voiceShotApi',
				required: true,
				testedBy: 'voiceShotApiTest',
				displayOptions: { hide: { resource: OFFLINE_RESOURCES } },
			},
		],
		properties,
	};

	methods = { credentialTest, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
