/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling, never published: it runs each section in a child process */
import { spawn } from 'child_process';
import { writeFileSync } from 'fs';
import { arch, cpus, platform, release, totalmem } from 'os';
import { join } from 'path';

import { codecSection } from './codec.bench';
import { nodeSection } from './node.bench';
import { outcomeSection } from './outcome.bench';
import { queueSection } from './queue.bench';
import { retrySection } from './retry.bench';
import { triggerSection } from './trigger.bench';
import { meetsTarget, type BenchRow, type BenchSection } from './harness';

/**
 * `npm run bench`: runs every section and writes bench/RESULTS.md.
 * To add a section, write `bench/<name>.bench.ts` exporting a BenchSection and list it here.
 */
const SECTIONS: BenchSection[] = [
	codecSection,
	nodeSection,
	triggerSection,
	retrySection,
	queueSection,
	outcomeSection,
];

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

const SECTION_FLAG = '--section';

/** Runs one section in a fresh Node.js process, so that no section's heap or allocator state weighs on another's figures. */
async function runInChild(index: number): Promise<BenchRow[]> {
	const output = await new Promise<string>((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', __filename, SECTION_FLAG, String(index)],
			{
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve(text) : reject(new Error(`bench section ${index} exited with ${code}`)),
		);
	});
	return JSON.parse(output.trim().split('\n').pop() ?? '[]') as BenchRow[];
}

async function main(): Promise<void> {
	const sectionArgument = process.argv.indexOf(SECTION_FLAG);
	if (sectionArgument !== -1) {
		const rows = await SECTIONS[Number(process.argv[sectionArgument + 1])].run();
		process.stdout.write(`${JSON.stringify(rows)}\n`);
		return;
	}
	const started = new Date();
	const results: Array<{ section: BenchSection; rows: BenchRow[] }> = [];
	for (const [index, section] of SECTIONS.entries()) {
		process.stdout.write(`bench: ${section.title}…\n`);
		const rows = await runInChild(index);
		for (const row of rows)
			process.stdout.write(
				`  ${formatRatio(row)}  target ${formatTarget(row)}  ${formatVerdict(row)}  ${row.figure}\n`,
			);
		results.push({ section, rows });
	}
	const cpu = cpus();
	const lines = [
		'# Benchmark results',
		'',
		'Written by `npm run bench` (`bench/run.ts`); do not edit by hand. Each section runs in a fresh Node.js process. Every figure is a ratio of timings taken in the same run ' +
			'(interleaved repetitions after a warm-up, with a garbage collection before each timed run; each section says how it takes its ratios), so it holds across machines ' +
			'better than absolute times. A benchmark, not a test: a slow machine fails nothing.',
		'',
		`- Date: ${started.toISOString()}`,
		`- Machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()} ${arch()}`,
		`- Node.js ${process.version}`,
		'',
	];
	for (const { section, rows } of results) {
		lines.push(
			`## ${section.title}`,
			'',
			section.description,
			'',
			'| Figure | Ratio | Target | Result | Timings (median) |',
			'|---|---|---|---|---|',
		);
		for (const row of rows) {
			lines.push(
				`| ${escapeCell(row.figure)} | ${escapeCell(formatRatio(row))} | ${formatTarget(row)} | ${formatVerdict(row)} | ${escapeCell(row.detail)} |`,
			);
		}
		lines.push('');
	}
	writeFileSync(RESULTS_FILE, lines.join('\n'));
	process.stdout.write(`bench: wrote ${RESULTS_FILE}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
