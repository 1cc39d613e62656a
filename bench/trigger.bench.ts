/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling, never published: it measures memory in a fresh Node.js process of its own (process.execPath, fixed arguments) */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { decodePost, type CallSummary } from '../nodes/shared/xml';
import { decodeBase64 } from '../nodes/shared/bytes';
import { measure, ms, type BenchRow, type BenchSection } from './harness';
import { RECORDING_BYTES, readPost, recordingOf, summaryBodyOf } from './trigger-fixture';

const MB = 1024 * 1024;

interface MemoryReport {
	idle: number;
	withBody: number;
	peak: number;
	peakBeforeBody: number;
	source: string;
	reset: boolean;
	bodyBytes: number;
	recordingBytes: number;
}

function mb(bytes: number): string {
	return `${(bytes / MB).toFixed(1)} MiB`;
}

/** Runs bench/trigger-memory.ts in a fresh Node.js process on the body, `runs` times; keeps the highest peak. */
function measureMemory(body: Buffer, runs: number): MemoryReport {
	const folder = mkdtempSync(join(tmpdir(), 'voiceshot-trigger-bench-'));
	try {
		const file = join(folder, 'summary.xml');
		writeFileSync(file, body);
		let worst: MemoryReport | undefined;
		for (let run = 0; run < runs; run++) {
			const output = execFileSync(
				process.execPath,
				[
					'--expose-gc',
					'--import',
					'tsx',
					join(__dirname, 'trigger-memory.ts'),
					file,
					String(RECORDING_BYTES),
				],
				{ encoding: 'utf8', cwd: join(__dirname, '..') },
			);
			const report = JSON.parse(output.trim().split('\n').pop() ?? '{}') as MemoryReport;
			if (!worst || report.peak - report.idle > worst.peak - worst.idle) worst = report;
		}
		return worst!;
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

export const triggerSection: BenchSection = {
	title: 'Trigger: a call summary with a 5 MiB voicemail',
	description:
		'What the VoiceShot Trigger does with a received call summary carrying a 5 MiB voicemail recording (base64 in 76-character CRLF lines, 6.9 MiB of XML) ' +
		"before handing the recording to n8n: decode (the codec reads the body's bytes), typed item, the recording base64-decoded into its bytes (the Buffer given to " +
		'`prepareBinaryData`). Time against the floor `Buffer.from(base64, "base64")` on the same base64 text held as an ordinary string. ' +
		'Memory in a fresh child process (bench/trigger-memory.ts): warm-up on a small post, garbage collected, resident set size taken as the idle ' +
		'process, kernel high-water mark reset; then the body is read (the post arriving) and decoded; the peak is the kernel high-water mark ' +
		'(VmHWM), the worst of 3 runs. What n8n then does with the bytes depends on its binary data mode (default: kept in memory as base64; ' +
		'filesystem: written to disk) and is not counted.',
	run: (): BenchRow[] => {
		const recording = recordingOf(RECORDING_BYTES);
		const { body, base64Start, base64End } = summaryBodyOf(recording);
		const base64 = body.toString('utf8', base64Start, base64End);

		const check = readPost(body);
		if (!check.files[0]?.data.equals(recording))
			throw new Error('the trigger decoded other bytes than the recording');
		if (!Buffer.from(base64, 'base64').equals(recording))
			throw new Error('the floor decoded other bytes than the recording');

		const summary = decodePost(body) as CallSummary;
		const timings = measure(
			[
				{ name: 'trigger', run: () => readPost(body).files[0].data },
				{ name: 'floor', run: () => Buffer.from(base64, 'base64') },
				{
					name: 'bytesFloor',
					run: () => Buffer.from(body.toString('utf8', base64Start, base64End), 'base64'),
				},
				{ name: 'decodePost', run: () => decodePost(body) },
				{ name: 'base64', run: () => decodeBase64(summary.recordings[0].base64) },
			],
			{ warmup: 5, repetitions: 21 },
		);
		const trigger = timings.trigger.medianMs;
		const floor = timings.floor.medianMs;
		const bytesFloor = timings.bytesFloor.medianMs;
		const detail =
			`trigger ${ms(trigger)} (of which codec decodePost of the body ${ms(timings.decodePost.medianMs)}, ` +
			`recording base64 to bytes in slices ${ms(timings.base64.medianMs)}), Buffer.from(base64) ${ms(floor)}, ` +
			`body bytes to text to Buffer.from ${ms(bytesFloor)}; ${mb(body.length)} of XML`;

		const memory = measureMemory(body, 3);
		const received = memory.peak - memory.idle;
		const decoding = memory.peak - memory.withBody;
		const how = `${memory.source}${memory.reset ? ' (reset)' : ' (not reset: a floor)'}`;
		const memoryDetail =
			`idle ${mb(memory.idle)}, with the body ${mb(memory.withBody)}, peak ${mb(memory.peak)} (${how}); ` +
			`peak above idle ${mb(received)}, of which the body ${mb(memory.bodyBytes)}`;

		return [
			{
				figure:
					'decode a summary with a 5 MiB voicemail into binary data: trigger time / Buffer.from(base64) floor',
				ratio: trigger / floor,
				unit: '× the floor',
				target: { op: '<=', value: 3 },
				detail,
			},
			{
				figure:
					"the same against the recording's bytes in the body: toString then Buffer.from(base64) (for comparison)",
				ratio: trigger / bytesFloor,
				unit: '× that',
				detail,
			},
			{
				figure: 'peak memory above the idle process, the received body included / recording size',
				ratio: received / RECORDING_BYTES,
				unit: '× the recording',
				target: { op: '<=', value: 4 },
				detail: memoryDetail,
			},
			{
				figure:
					'peak memory of the decoding alone (above the process holding the received body) / recording size',
				ratio: decoding / RECORDING_BYTES,
				unit: '× the recording',
				detail: memoryDetail,
			},
		];
	},
};
