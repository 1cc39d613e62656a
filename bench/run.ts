/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling, never published: it runs each section in a child process */
import { spawn } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
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
 * `npm run bench`: runs every section and writes bench/RESULTS.md; `npm run bench -- --only <words>`
 * runs the sections whose title holds the words and replaces only their part of it.
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
/** `npm run bench -- --only <words of a title>`: runs those sections and replaces only their part of RESULTS.md. */
const ONLY_FLAG = '--only';

function sectionLines(section: BenchSection, rows: BenchRow[], note?: string): string[] {
	const lines = [`## ${section.title}`, '', section.description, ''];
	if (note) lines.push(note, '');
	lines.push('| Figure | Ratio | Target | Result | Timings (median) |', '|---|---|---|---|---|');
	for (const row of rows) {
		lines.push(
			`| ${escapeCell(row.figure)} | ${escapeCell(formatRatio(row))} | ${formatTarget(row)} | ${formatVerdict(row)} | ${escapeCell(row.detail)} |`,
		);
	}
	lines.push('');
	return lines;
}

/** RESULTS.md with one section's part replaced (or added at the end). */
function replaceSection(text: string, title: string, lines: string[]): string {
	const heading = `## ${title}\n`;
	const start = text.indexOf(heading);
	if (start === -1) return `${text.trimEnd()}\n\n${lines.join('\n')}`;
	const next = text.indexOf('\n## ', start + heading.length);
	return text.slice(0, start) + lines.join('\n') + (next === -1 ? '' : text.slice(next + 1));
}

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
	const onlyArgument = process.argv.indexOf(ONLY_FLAG);
	const only =
		onlyArgument === -1
			? undefined
			: process.argv
					.slice(onlyArgument + 1)
					.join(' ')
					.toLowerCase();
	const results: Array<{ section: BenchSection; rows: BenchRow[] }> = [];
	for (const [index, section] of SECTIONS.entries()) {
		if (only !== undefined && !section.title.toLowerCase().includes(only)) continue;
		process.stdout.write(`bench: ${section.title}…\n`);
		const rows = await runInChild(index);
		for (const row of rows)
			process.stdout.write(
				`  ${formatRatio(row)}  target ${formatTarget(row)}  ${formatVerdict(row)}  ${row.figure}\n`,
			);
		results.push({ section, rows });
	}
	const cpu = cpus();
	const machine = `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()} ${arch()}`;
	if (only !== undefined && existsSync(RESULTS_FILE)) {
		let text = readFileSync(RESULTS_FILE, 'utf8');
		for (const { section, rows } of results) {
			const note = `Run on its own (\`npm run bench -- --only\`) on ${started.toISOString()}, ${machine}, Node.js ${process.version}.`;
			text = replaceSection(text, section.title, sectionLines(section, rows, note));
		}
		writeFileSync(RESULTS_FILE, text);
		process.stdout.write(`bench: updated ${RESULTS_FILE}\n`);
		return;
	}
	const lines = [
		'# Benchmark results',
		'',
		'Written by `npm run bench` (`bench/run.ts`); do not edit by hand. Each section runs in a fresh Node.js process. Every figure is a ratio of timings taken in the same run ' +
			'(interleaved repetitions after a warm-up, with a garbage collection before each timed run; each section says how it takes its ratios), so it holds across machines ' +
			'better than absolute times. A benchmark, not a test: a slow machine fails nothing.',
		'',
		`- Date: ${started.toISOString()}`,
		`- Machine: ${machine}`,
		`- Node.js ${process.version}`,
		'',
	];
	for (const { section, rows } of results) lines.push(...sectionLines(section, rows));
	writeFileSync(RESULTS_FILE, lines.join('\n'));
	process.stdout.write(`bench: wrote ${RESULTS_FILE}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
