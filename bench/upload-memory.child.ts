/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling, never published: it reads /proc and writes a temp file */
/**
 * Child of the node bench: uploads a WAV of the given size with the VoiceShot node on the real engine
 * and prints {idleRssBytes, peakRssBytes, fileBytes, elapsedMs} as its last line.
 */
import { createReadStream, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { VoiceShotApi } from '../credentials/VoiceShotApi.credentials';
import { VoiceShot } from '../nodes/VoiceShot/VoiceShot.node.ts';
import { wavFile } from '../simulator';
import { connect, runWorkflow, setupEngine } from '../test/helpers/engine';

/** Streams a file from disk into n8n binary data, as n8n's Read File node does. */
class FileSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'benchFileSource',
		name: 'benchFileSource',
		icon: 'fa:file',
		group: ['input'],
		version: 1,
		description: 'Bench-only node: a file from disk as binary data',
		defaults: { name: 'benchFileSource' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const path = this.getNodeParameter('path', 0) as string;
		const data = await this.helpers.prepareBinaryData(
			createReadStream(path),
			'bench.wav',
			'audio/wav',
		);
		return [[{ json: {}, binary: { data } }]];
	}
}

/** A WAV file of `bytes` bytes. */
function wav(bytes: number): Buffer {
	const audio = Buffer.alloc(bytes - 44);
	for (let offset = 0; offset + 1 < audio.length; offset += 2)
		audio.writeInt16LE(Math.round(Math.sin(offset / 40) * 8000), offset);
	return wavFile(audio);
}

function status(field: 'VmRSS' | 'VmHWM'): number {
	const line = readFileSync('/proc/self/status', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${field}:`));
	return Number(line?.replace(/\D+/g, '') ?? 0) * 1024;
}

async function main(): Promise<void> {
	const [apiUrl, size] = process.argv.slice(2);
	const fileBytes = Number(size);
	const path = join(tmpdir(), `voiceshot-bench-${process.pid}.wav`);
	const warmupPath = `${path}.small`;
	writeFileSync(path, wav(fileBytes));
	writeFileSync(warmupPath, wav(64 * 1024));
	await setupEngine({ binaryDataMode: 'filesystem' });
	const options = {
		nodeTypes: [FileSource, VoiceShot],
		credentialTypes: [VoiceShotApi],
		credentials: { voiceShotApi: { vs: { apiUrl, fallbackUrl: '' } } },
		binaryDataMode: 'filesystem' as const,
		nodes: [
			{ name: 'File', type: 'benchFileSource', parameters: { path: warmupPath } },
			{
				name: 'VoiceShot',
				type: 'n8n-nodes-voiceshot.voiceShot',
				parameters: { resource: 'soundFile', operation: 'upload', fileName: 'warmup.wav' },
				credentials: { voiceShotApi: { id: 'vs', name: 'VoiceShot' } },
			},
		],
		connections: connect('File', 'VoiceShot'),
	};
	const warmup = await runWorkflow(options);
	if (warmup.error) throw new Error(warmup.error.message);
	(globalThis as { gc?: () => void }).gc?.();
	writeFileSync('/proc/self/clear_refs', '5');
	const idleRssBytes = status('VmRSS');
	const start = performance.now();
	options.nodes[0].parameters.path = path;
	options.nodes[1].parameters.fileName = 'bench.wav';
	const result = await runWorkflow(options);
	const elapsedMs = performance.now() - start;
	if (result.error) throw new Error(result.error.message);
	const peakRssBytes = status('VmHWM');
	rmSync(path);
	rmSync(warmupPath);
	process.stdout.write(`${JSON.stringify({ idleRssBytes, peakRssBytes, fileBytes, elapsedMs })}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
