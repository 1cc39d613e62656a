import {
	NodeConnectionTypes,
	type INodeTypeDescription,
	type IDataObject,
	type INodeParameters,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShot } from '../../../nodes/VoiceShot/VoiceShot.node.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../simulator';
import { connect, runWorkflow, type WorkflowRunResult } from '../../helpers/engine';
import { ItemsSource } from '../../helpers/test-nodes';

/** Emits one item with a binary property made from base64 (a WAV, or anything else). */
export class Base64Binary implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'testBase64Binary',
		name: 'testBase64Binary',
		icon: 'fa:file',
		group: ['transform'],
		version: 1,
		description: 'Test-only node: binary data from base64',
		defaults: { name: 'testBase64Binary' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [
			{ displayName: 'Base64', name: 'base64', type: 'string', default: '' },
			{ displayName: 'File Name', name: 'fileName', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let index = 0; index < items.length; index++) {
			const bytes = Buffer.from(this.getNodeParameter('base64', index) as string, 'base64');
			const fileName = (this.getNodeParameter('fileName', index) as string) || undefined;
			const data = await this.helpers.prepareBinaryData(bytes, fileName, 'audio/wav');
			out.push({ json: items[index].json, binary: { data }, pairedItem: { item: index } });
		}
		return [out];
	}
}

export const CREDENTIAL = { voiceShotApi: { id: 'vs', name: 'VoiceShot' } };

export interface Harness {
	sim: Simulator;
	credentials: (overrides?: IDataObject) => { voiceShotApi: { vs: IDataObject } };
	run: (options: {
		items?: IDataObject[];
		parameters: INodeParameters;
		credentials?: IDataObject;
		/** The node without a VoiceShot credential selected. */
		noCredential?: boolean;
		continueOnFail?: boolean;
		/** The node's Settings → On Error; `continueOnFail: true` is 'continueRegularOutput'. */
		onError?: 'continueRegularOutput' | 'continueErrorOutput';
		/** The node's Settings → Always Output Data. */
		alwaysOutputData?: boolean;
		before?: Array<{ name: string; type: string; parameters: INodeParameters }>;
	}) => Promise<WorkflowRunResult>;
}

/** A simulator on loopback, and a way to run ItemsSource → VoiceShot on the real engine against it. */
export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
	const sim = await startSimulator({ callDelayMs: null, ...options });
	const credentials = (overrides: IDataObject = {}) => ({
		voiceShotApi: {
			vs: {
				apiUrl: sim.url,
				fallbackUrl: '',
				defaultMenuId: '1-1234',
				defaultSmsMenuId: '1-1234',
				...overrides,
			},
		},
	});
	return {
		sim,
		credentials,
		run: async ({
			items = [{}],
			parameters,
			credentials: overrides,
			noCredential = false,
			continueOnFail,
			onError = continueOnFail ? 'continueRegularOutput' : undefined,
			before = [],
			alwaysOutputData,
		}) =>
			await runWorkflow({
				nodeTypes: [ItemsSource, VoiceShot, Base64Binary],
				credentialTypes: [VoiceShotApi],
				credentials: credentials(overrides),
				nodes: [
					{ name: 'Source', type: 'testItemsSource', parameters: { items: JSON.stringify(items) } },
					...before,
					{
						name: 'VoiceShot',
						type: 'n8n-nodes-voiceshot.voiceShot',
						parameters,
						...(noCredential ? {} : { credentials: CREDENTIAL }),
						...(onError ? { onError } : {}),
						...(alwaysOutputData ? { alwaysOutputData } : {}),
					},
				],
				connections: connect('Source', ...before.map((node) => node.name), 'VoiceShot'),
			}),
	};
}

/** The XML bodies the simulator received, in order. */
export function receivedBodies(sim: Simulator): string[] {
	return sim.snapshot().requests.map((entry) => entry.body);
}
