/**
 * What the recovery relies on in n8n-core 2.41.1's Retry On Fail, checked on the engine itself:
 * every try runs execute() again with the same execution ID, run index and input, and the node
 * context written by a failed try is there for the next one and ends up in the execution's data.
 */
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { cleanupEngine, connect, runWorkflow } from '../../helpers/engine';
import { ItemsSource } from '../../helpers/test-nodes';

interface TryRecord {
	executionId: string;
	runIndex: number;
	input: IDataObject[];
	seenTries: number;
	at: number;
}

const tries: TryRecord[] = [];

/** Fails its first `failures` tries (thrown, or as an error item when continuing on fail). */
class Flaky implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'testFlaky',
		name: 'testFlaky',
		icon: 'fa:vial',
		group: ['transform'],
		version: 1,
		description: 'Test-only node: fails its first tries',
		defaults: { name: 'testFlaky' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [{ displayName: 'Failures', name: 'failures', type: 'number', default: 1 }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const context = this.getContext('node');
		const seenTries = (context.tries as number | undefined) ?? 0;
		context.tries = seenTries + 1;
		tries.push({
			executionId: this.getExecutionId(),
			runIndex: this.getWorkflowDataProxy(0).$runIndex,
			input: this.getInputData().map((item) => item.json),
			seenTries,
			at: Date.now(),
		});
		if (seenTries < (this.getNodeParameter('failures', 0) as number)) {
			if (this.continueOnFail()) return [[{ json: { error: 'failed' }, pairedItem: { item: 0 } }]];
			throw new NodeOperationError(this.getNode(), `try ${seenTries + 1} failed`);
		}
		return [
			this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } })),
		];
	}
}

async function run(settings: IDataObject, failures: number, executionId: string) {
	return await runWorkflow({
		nodeTypes: [ItemsSource, Flaky],
		executionId,
		nodes: [
			{ name: 'Source', type: 'testItemsSource', parameters: { items: '[{"n":1},{"n":2}]' } },
			{ name: 'Flaky', type: 'testFlaky', parameters: { failures }, ...settings },
		],
		connections: connect('Source', 'Flaky'),
	});
}

beforeEach(() => {
	tries.length = 0;
});
afterAll(() => cleanupEngine());

describe("n8n-core's Retry On Fail", () => {
	it('runs execute() again with the same execution ID, run index, input and node context', async () => {
		const result = await run({ retryOnFail: true, maxTries: 3, waitBetweenTries: 1 }, 2, 'exec-a');
		expect(result.status).toBe('success');
		expect(tries.map((entry) => entry.seenTries)).toEqual([0, 1, 2]);
		expect(new Set(tries.map((entry) => entry.executionId))).toEqual(new Set(['exec-a']));
		expect(tries.map((entry) => entry.runIndex)).toEqual([0, 0, 0]);
		for (const entry of tries) expect(entry.input).toEqual([{ n: 1 }, { n: 2 }]);
		// The node context is part of the execution's data (what queue mode saves and a worker loads).
		expect(result.run.data.executionData?.contextData['node:Flaky']).toEqual({ tries: 3 });
	});

	it('fails after maxTries, clamped to 2…5', async () => {
		const five = await run({ retryOnFail: true, maxTries: 9, waitBetweenTries: 1 }, 9, 'exec-b');
		expect(five.status).toBe('error');
		expect(tries).toHaveLength(5);
		tries.length = 0;
		await run({ retryOnFail: true, maxTries: 1, waitBetweenTries: 1 }, 9, 'exec-c');
		expect(tries).toHaveLength(2);
	});

	it('without Retry On Fail runs once', async () => {
		const result = await run({}, 1, 'exec-d');
		expect(result.status).toBe('error');
		expect(tries).toHaveLength(1);
	});

	it('also retries when continuing on fail and the first output item carries an error', async () => {
		const result = await run(
			{ retryOnFail: true, maxTries: 3, waitBetweenTries: 1, onError: 'continueRegularOutput' },
			1,
			'exec-e',
		);
		expect(result.status).toBe('success');
		expect(tries).toHaveLength(2);
		expect(result.json('Flaky')).toEqual([{ n: 1 }, { n: 2 }]);
	});

	it('reads a wait of 0 as 1000 ms (waitBetweenTries || 1000)', async () => {
		await run({ retryOnFail: true, maxTries: 2, waitBetweenTries: 0 }, 1, 'exec-f');
		expect(tries).toHaveLength(2);
		expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(900);
	});
});
