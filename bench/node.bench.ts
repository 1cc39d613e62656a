/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling, never published: it runs the upload in a child process */
import { spawn } from 'child_process';
import { join } from 'path';

import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { startSimulator } from '../simulator';
import { connect, runWorkflow } from '../test/helpers/engine';
import { ItemsSource } from '../test/helpers/test-nodes';
import { startHarness } from '../test/nodes/VoiceShot/fixture';
import type { BenchRow, BenchSection } from './harness';

const ITEMS = 10_000;
const UPLOAD_BYTES = 20 * 1024 * 1024;

function contacts(count: number): Array<{ name: string; phone: string }> {
	return Array.from({ length: count }, (_, index) => ({
		name: `Contact ${index}`,
		phone: `(818) 5${String(index).padStart(6, '0')}`,
	}));
}

/**
 * n8n's own floor for the same work: a node that only resolves the two expressions every item of
 * the send has (its phone number and its prompt) and outputs one item per input item.
 */
class ExpressionFloor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'benchExpressionFloor',
		name: 'benchExpressionFloor',
		icon: 'fa:stopwatch',
		group: ['transform'],
		version: 1,
		description: 'Bench-only node: resolves the parameters of a send and nothing else',
		defaults: { name: 'benchExpressionFloor' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [
			{ displayName: 'Phone Numbers', name: 'phoneNumbers', type: 'string', default: '' },
			{
				displayName: 'Prompts',
				name: 'prompts',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				options: [
					{
						displayName: 'Prompt',
						name: 'prompt',
						values: [
							{ displayName: 'Prompt ID', name: 'promptId', type: 'string', default: '' },
							{ displayName: 'Type', name: 'type', type: 'string', default: '' },
							{ displayName: 'Content', name: 'content', type: 'string', default: '' },
						],
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const count = this.getInputData().length;
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < count; itemIndex++) {
			output.push({
				json: {
					number: this.getNodeParameter('phoneNumbers', itemIndex) as string,
					prompts: this.getNodeParameter('prompts.prompt', itemIndex, []) as object,
				},
				pairedItem: { item: itemIndex },
			});
		}
		return [output];
	}
}

const SEND_PARAMETERS = {
	phoneNumbers: '={{ $json.phone }}',
	prompts: {
		prompt: [
			{ promptId: '1', type: 'tts', content: '=Hello {{ $json.name }}, your order shipped.' },
		],
	},
};

async function engineFloor(items: Array<{ name: string; phone: string }>): Promise<number> {
	const start = performance.now();
	const result = await runWorkflow({
		nodeTypes: [ItemsSource, ExpressionFloor],
		nodes: [
			{ name: 'Source', type: 'testItemsSource', parameters: { items: JSON.stringify(items) } },
			{ name: 'Floor', type: 'benchExpressionFloor', parameters: SEND_PARAMETERS },
		],
		connections: connect('Source', 'Floor'),
	});
	if (result.items('Floor').length !== items.length) throw new Error('the floor node lost items');
	return performance.now() - start;
}

/** A round trip far shorter than any real one to VoiceShot over the internet. */
const NETWORK_DELAY_MS = 5;
const ITEMS_WITH_DELAY = 1_000;

async function batchVersusPerItem(count: number, delayMs = 0): Promise<BenchRow[]> {
	const harness = await startHarness({ maxLogEntries: 4 * count });
	const items = contacts(count);
	const run = async (sendMode: 'batch' | 'perItem', checks: IDataObject = {}) => {
		await harness.sim.reset();
		if (delayMs) await harness.sim.setFault({ type: 'delay', ms: delayMs });
		const start = performance.now();
		const result = await harness.run({
			items,
			parameters: {
				resource: 'call',
				operation: 'send',
				...SEND_PARAMETERS,
				options: { sendMode, ...checks },
			},
		});
		const elapsed = performance.now() - start;
		if (result.error) throw new Error(`${sendMode} send failed: ${result.error.message}`);
		const calls = result.items('VoiceShot').length;
		if (calls !== count) throw new Error(`${sendMode} send gave ${calls} items, not ${count}`);
		return { elapsed, requests: harness.sim.snapshot({ calls: false }).requests.length };
	};
	try {
		await run('batch');
		const batch = await run('batch');
		const perItem = await run('perItem');
		const detail = `batch ${(batch.elapsed / 1000).toFixed(2)} s in ${batch.requests} requests, per item ${(perItem.elapsed / 1000).toFixed(2)} s in ${perItem.requests} requests`;
		const where = delayMs ? `with a ${delayMs} ms network delay per request` : 'on loopback';
		const rows: BenchRow[] = [
			{
				figure: `send ${count.toLocaleString('en-US')} items through the real engine ${where}: per-item time / batch time`,
				ratio: perItem.elapsed / batch.elapsed,
				unit: '× faster in batch mode',
				target: { op: '>=', value: 20 },
				detail,
			},
		];
		if (!delayMs) {
			rows.push({
				figure: 'HTTP requests: per-item mode / batch mode (batch size 1,000)',
				ratio: perItem.requests / batch.requests,
				unit: '× fewer requests in batch mode',
				detail,
			});
			// Duplicate Numbers "each once" (the default) and Calling Hours on, against both off; the
			// number rule runs in both (it has no switch). Alternated, the fastest of three runs each.
			// Both scheduled at 04:00 in Los Angeles, the contacts' zone: Calling Hours moves every call.
			const schedule = '2030-01-15T12:00:00Z';
			const off = { duplicates: 'every', schedule };
			const on = { callingHours: 'schedule', schedule };
			let withChecks = Infinity;
			let withoutChecks = Infinity;
			for (let round = 0; round < 3; round++) {
				withoutChecks = Math.min(withoutChecks, (await run('batch', off)).elapsed);
				withChecks = Math.min(withChecks, (await run('batch', on)).elapsed);
			}
			rows.push({
				figure: `batch send of ${count.toLocaleString('en-US')} items with Duplicate Numbers and Calling Hours on / both off`,
				ratio: withChecks / withoutChecks,
				unit: '× the time without the checks',
				target: { op: '<=', value: 1.1 },
				detail: `on ${(withChecks / 1000).toFixed(2)} s, off ${(withoutChecks / 1000).toFixed(2)} s, every call scheduled (the North American number rule runs in both)`,
			});
			await engineFloor(items);
			const floor = await engineFloor(items);
			rows.push({
				figure: `batch send of ${count.toLocaleString('en-US')} items / n8n resolving the same two expressions per item and nothing else (informative)`,
				ratio: batch.elapsed / floor,
				unit: '× the engine floor',
				detail: `batch ${(batch.elapsed / 1000).toFixed(2)} s, engine floor ${(floor / 1000).toFixed(2)} s`,
			});
		}
		return rows;
	} finally {
		await harness.sim.close();
	}
}

interface UploadMemory {
	idleRssBytes: number;
	peakRssBytes: number;
	fileBytes: number;
	elapsedMs: number;
}

/** The upload runs in a child process, so that the simulator receiving the file is not measured with it. */
async function uploadMemory(): Promise<BenchRow[]> {
	const sim = await startSimulator({ callDelayMs: null });
	try {
		const output = await new Promise<string>((resolve, reject) => {
			const child = spawn(
				process.execPath,
				[
					'--import',
					'tsx',
					join(__dirname, 'upload-memory.child.ts'),
					sim.url,
					String(UPLOAD_BYTES),
				],
				{
					stdio: ['ignore', 'pipe', 'inherit'],
				},
			);
			let text = '';
			child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
			child.on('error', reject);
			child.on('exit', (code) =>
				code === 0 ? resolve(text) : reject(new Error(`the upload child exited with ${code}`)),
			);
		});
		const memory = JSON.parse(output.trim().split('\n').pop() ?? '{}') as UploadMemory;
		const stored = sim.snapshot().files.find((file) => file.filename === 'bench.wav');
		if (stored?.size !== memory.fileBytes)
			throw new Error('the simulator did not receive the whole file');
		const above = memory.peakRssBytes - memory.idleRssBytes;
		return [
			{
				figure: 'upload a 20 MB WAV: peak memory above the idle process / file size',
				ratio: above / memory.fileBytes,
				unit: '× the file size',
				target: { op: '<=', value: 4 },
				detail: `idle RSS ${(memory.idleRssBytes / 2 ** 20).toFixed(1)} MiB, peak ${(memory.peakRssBytes / 2 ** 20).toFixed(1)} MiB, file ${(memory.fileBytes / 2 ** 20).toFixed(1)} MiB, ${(memory.elapsedMs / 1000).toFixed(2)} s`,
			},
		];
	} finally {
		await sim.close();
	}
}

export const nodeSection: BenchSection = {
	title: 'VoiceShot node',
	description:
		`Sending ${ITEMS.toLocaleString('en-US')} input items (a number and a personalised spoken prompt each) through n8n's real engine ` +
		'(n8n-core WorkflowExecute) to the simulator on loopback, in batch mode and in per-item mode, one after the other in the same run; ' +
		`the same with ${ITEMS_WITH_DELAY.toLocaleString('en-US')} items and the simulator answering each request ${NETWORK_DELAY_MS} ms late, a round trip ` +
		'shorter than any real one to VoiceShot over the internet (on loopback a request costs under a millisecond, while n8n resolving the ' +
		'two expressions of each item costs about 0.2 ms, the same in both modes); ' +
		"the batch send with Duplicate Numbers and Calling Hours on against both off, both scheduled at 04:00 in the contacts' " +
		'time zone so that Calling Hours moves every call; ' +
		'and the peak resident memory (Linux VmHWM, reset after start-up) of a separate process uploading a 20 MB WAV held as n8n ' +
		"binary data in filesystem mode, above that process's idle resident memory.",
	run: async () => [
		...(await batchVersusPerItem(ITEMS)),
		...(await batchVersusPerItem(ITEMS_WITH_DELAY, NETWORK_DELAY_MS)),
		...(await uploadMemory()),
	],
};
