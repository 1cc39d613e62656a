/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling, never published: it reads the process's memory */
/**
 * Child process of the trigger bench: measures the peak memory of reading one call summary
 * with a voicemail recording, in a fresh process, so that nothing else the bench did counts.
 *
 *   node --expose-gc --import tsx bench/trigger-memory.ts <body file> <recording bytes>
 *
 * Prints one JSON line. Method: warm the code paths up on a small post (JIT, Intl time zone data),
 * collect garbage, take the resident set size as the idle process, reset the kernel's high-water
 * mark of resident memory (Linux: /proc/self/clear_refs), then read the body file (the post
 * arriving) and decode it into the recording's bytes; the peak is the kernel's high-water mark
 * (VmHWM), which no sampling can miss. Without /proc, getrusage's maxRSS stands in (never reset,
 * so then the figure is a floor).
 */
import { readFileSync, writeFileSync } from 'fs';

import { readPost, recordingOf, summaryBodyOf } from './trigger-fixture';

function collect(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	gc();
	gc();
}

function highWaterMark(): { bytes: number; source: string } {
	try {
		const status = readFileSync('/proc/self/status', 'utf8');
		const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
		if (match) return { bytes: Number(match[1]) * 1024, source: 'VmHWM' };
	} catch {
		// not Linux: fall through to getrusage
	}
	return { bytes: process.resourceUsage().maxRSS * 1024, source: 'maxRSS' };
}

function resetHighWaterMark(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

const [file, recordingText] = process.argv.slice(2);
const recordingBytes = Number(recordingText);

// Warm-up: the same code on a small summary.
const warm = readPost(summaryBodyOf(recordingOf(4096)).body);
if (warm.files.length !== 1) throw new Error('warm-up summary has no recording');

collect();
const idle = process.memoryUsage().rss;
const reset = resetHighWaterMark();
const before = highWaterMark();

const body = readFileSync(file);
collect();
const withBody = process.memoryUsage().rss;
const item = readPost(body);
const peak = highWaterMark();
const data = item.files[0]?.data;
if (!data || data.length !== recordingBytes)
	throw new Error(`decoded ${data?.length ?? 0} bytes, expected ${recordingBytes}`);

process.stdout.write(
	`${JSON.stringify({
		idle,
		withBody,
		peak: peak.bytes,
		peakBeforeBody: before.bytes,
		source: peak.source,
		reset,
		bodyBytes: body.length,
		recordingBytes: data.length,
	})}\n`,
);
