import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { decodeRequest } from '../../../simulator/codec';
import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShot } from '../../../nodes/VoiceShot/VoiceShot.node.ts';
import { startSimulator, type Simulator } from '../../../simulator';
import { cleanupEngine, connect, runWorkflow, type WorkflowRunResult } from '../../helpers/engine';
import { ItemsSource } from '../../helpers/test-nodes';
import { CREDENTIAL } from './fixture';

/** n8n's node settings that matter here (Settings tab of the node). */
export type NodeSettings = Partial<
	Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'onError' | 'alwaysOutputData'>
>;

/**
 * Retry On Fail with 3 tries. n8n reads `waitBetweenTries || 1000`, so 0 means 1 s:
 * 1 ms is the shortest wait it takes.
 */
export const RETRY_3: NodeSettings = { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 };

/** ItemsSource → VoiceShot with the given node settings, on the real engine against the simulator. */
export async function runSend(
	sim: Simulator,
	options: {
		items?: IDataObject[];
		parameters: INodeParameters;
		settings?: NodeSettings;
		credentials?: IDataObject;
		executionId?: string;
	},
): Promise<WorkflowRunResult> {
	return await runWorkflow({
		nodeTypes: [ItemsSource, VoiceShot],
		credentialTypes: [VoiceShotApi],
		credentials: {
			voiceShotApi: {
				vs: {
					apiUrl: sim.url,
					fallbackUrl: '',
					defaultMenuId: '1-1234',
					defaultSmsMenuId: '1-1234',
					...options.credentials,
				},
			},
		},
		executionId: options.executionId,
		nodes: [
			{
				name: 'Source',
				type: 'testItemsSource',
				parameters: { items: JSON.stringify(options.items ?? [{}]) },
			},
			{
				name: 'VoiceShot',
				type: 'n8n-nodes-voiceshot.voiceShot',
				parameters: options.parameters,
				credentials: CREDENTIAL,
				...options.settings,
			},
		],
		connections: connect('Source', 'VoiceShot'),
	});
}

/** Live (not deleted) calls per number, as the simulator holds them. */
export function liveCallsPerNumber(sim: Simulator): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const call of sim.calls()) {
		if (call.status === 'deleted' || call.direction !== 'outbound') continue;
		counts[call.number] = (counts[call.number] ?? 0) + 1;
	}
	return counts;
}

/** The kinds of the API requests the simulator received, in order (send, callQuery, deletePending…), applied or not. */
export function requestKinds(sim: Simulator): string[] {
	return sim
		.snapshot({ calls: false })
		.requests.map((entry) => entry.kind ?? decodeRequest(entry.body).kind);
}

/**
 * The test file's simulator (manual call completion): started before its tests, reset after
 * each, closed after all. Read it through the returned function.
 */
export function simulatorForTests(): () => Simulator {
	let sim: Simulator | undefined;
	beforeAll(async () => {
		sim = await startSimulator({ callDelayMs: null });
	});
	afterEach(async () => await sim?.reset());
	afterAll(async () => {
		await sim?.close();
		cleanupEngine();
	});
	return () => {
		if (!sim) throw new Error('the simulator starts in beforeAll');
		return sim;
	};
}
