/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling, never published */
import { writeFileSync } from 'fs';
import { arch, cpus, platform, release, totalmem } from 'os';
import { join } from 'path';

import { codecSection } from './codec.bench';
import { nodeSection } from './node.bench';
import { triggerSection } from './trigger.bench';
import { meetsTarget, type BenchRow, type BenchSection } from './harness';

/**
 * `npm run bench`: runs every section and writes bench/RESULTS.md.
 * To add a section, write `bench/<name>.bench.ts` exporting a BenchSection and list it here.
 */
const SECTIONS: BenchSection[] = [codecSection, nodeSection, triggerSection];

const RESULTS_FILE = join(__dirname, 'RESULTS.md');

function formatRatio(row: BenchRow): string {
	return `${row.ratio.toFixed(2)}${row.unit.startsWith('×') ? row.unit : ` ${row.unit}`}`;
}

function formatTarget(row: BenchRow): string {
	if (!row.target) return '—';
	return `${row.target.op === '>=' ? '≥' : '≤'} ${row.target.value}`;
}

function formatVerdict(row: BenchRow): string {
	const met = meetsTarget(row);
	return met === undefined ? '—' : met ? 'pass' : '**miss**';
}

function escapeCell(text: string): string {
	return text.replace(/\|/g, '\\|');
}

async function main(): Promise<void> {
	const started = new Date();
	const results: Array<{ section: BenchSection; rows: BenchRow[] }> = [];
	for (const section of SECTIONS) {
		process.stdout.write(`bench: ${section.title}…\n`);
		const rows = await section.run();
		for (const row of rows) process.stdout.write(`  ${formatRatio(row)}  target ${formatTarget(row)}  ${formatVerdict(row)}  ${row.figure}\n`);
		results.push({ section, rows });
	}
	const cpu = cpus();
	const lines = [
		'# Benchmark results',
		'',
		'Written by `npm run bench` (`bench/run.ts`); do not edit by hand. Every figure is a ratio of timings taken in the same run ' +
			'(interleaved repetitions after a warm-up, with a garbage collection before each timed run; each section says how it takes its ratios), so it holds across machines ' +
			'better than absolute times. A benchmark, not a test: a slow machine fails nothing.',
		'',
		`- Date: ${started.toISOString()}`,
		`- Machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()} ${arch()}`,
		`- Node.js ${process.version}`,
		'',
	];
	for (const { section, rows } of results) {
		lines.push(`## ${section.title}`, '', section.description, '', '| Figure | Ratio | Target | Result | Timings (median) |', '|---|---|---|---|---|');
		for (const row of rows) {
			lines.push(`| ${escapeCell(row.figure)} | ${escapeCell(formatRatio(row))} | ${formatTarget(row)} | ${formatVerdict(row)} | ${escapeCell(row.detail)} |`);
		}
		lines.push('');
	}
	writeFileSync(RESULTS_FILE, lines.join('\n'));
	process.stdout.write(`bench: wrote ${RESULTS_FILE}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
