/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmark tooling, never published */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

/**
 * What every bench section returns: one row per figure. A figure is a ratio of two timings
 * taken in the same run, so that it holds on any machine; the absolute timings are kept as detail.
 */
export interface BenchRow {
	/** What the figure compares, e.g. "decode 10,000-call query result vs xml2js". */
	figure: string;
	/** The ratio. */
	ratio: number;
	/** How the ratio reads, e.g. "× faster" or "× the floor". */
	unit: string;
	/** The target, when the issue sets one: the ratio must be at least (`>=`) or at most (`<=`) `value`. */
	target?: { op: '>=' | '<='; value: number };
	/** The timings behind the ratio, in words. */
	detail: string;
}

export interface BenchSection {
	/** The section's title in the results table. */
	title: string;
	/** A sentence on what is measured and how. */
	description: string;
	run: () => Promise<BenchRow[]> | BenchRow[];
}

export function meetsTarget(row: BenchRow): boolean | undefined {
	if (!row.target) return undefined;
	return row.target.op === '>=' ? row.ratio >= row.target.value : row.ratio <= row.target.value;
}

let collect: (() => void) | undefined;

/** A full garbage collection between timed runs, so that one contestant's garbage is not billed to the next. */
export function collectGarbage(): void {
	if (!collect) {
		setFlagsFromString('--expose-gc');
		collect = runInNewContext('gc') as () => void;
	}
	collect();
}

export interface Contestant {
	name: string;
	/** One run of the measured work. Its result is kept so the work cannot be optimised away. */
	run: () => unknown;
}

export interface MeasureOptions {
	/** Untimed runs first, for the JIT. */
	warmup?: number;
	/** Timed runs of each contestant; the median is reported. */
	repetitions?: number;
	/**
	 * `eachRun` (the default): a full garbage collection before each timed run, so that one
	 * contestant's garbage is not billed to the next. A forced collection also shrinks V8's young
	 * generation, which bills extra scavenges to whoever allocates most right after it: `settled`
	 * collects, then makes one untimed run of the same contestant (so that the only garbage about is
	 * its own, and the heap is sized for it), then times the next. `never`: no collection.
	 */
	collect?: 'eachRun' | 'settled' | 'never';
}

export interface Timing {
	name: string;
	medianMs: number;
	minMs: number;
	samples: number[];
}

let sink: unknown;

/**
 * Times several contestants in the same run: warm-up first, then rounds in which each contestant
 * runs once (in turn, so that machine noise falls on all of them alike), with a garbage collection
 * before each timed run unless told otherwise. Reports the median of each, and every sample in round order (see ratioOfRounds).
 */
export function measure(
	contestants: Contestant[],
	options: MeasureOptions = {},
): Record<string, Timing> {
	const warmup = options.warmup ?? 5;
	const repetitions = options.repetitions ?? 15;
	const collect = options.collect ?? 'eachRun';
	for (const contestant of contestants) {
		for (let i = 0; i < warmup; i++) sink = contestant.run();
	}
	const samples: number[][] = contestants.map(() => []);
	for (let round = 0; round < repetitions; round++) {
		contestants.forEach((contestant, index) => {
			if (collect !== 'never') collectGarbage();
			if (collect === 'settled') sink = contestant.run();
			const start = performance.now();
			sink = contestant.run();
			samples[index].push(performance.now() - start);
		});
	}
	if (sink === undefined) throw new Error('a contestant returned nothing');
	const result: Record<string, Timing> = {};
	contestants.forEach((contestant, index) => {
		const sorted = [...samples[index]].sort((a, b) => a - b);
		result[contestant.name] = {
			name: contestant.name,
			medianMs: median(sorted),
			minMs: sorted[0],
			samples: samples[index],
		};
	});
	return result;
}

/**
 * The median over rounds of `numerator / denominator`, each ratio taken within one round, so that
 * the machine's load drifting during the run falls on both timings of a ratio alike.
 */
export function ratioOfRounds(numerator: Timing, denominator: Timing): number {
	const ratios = numerator.samples.map((sample, round) => sample / denominator.samples[round]);
	return median(ratios.sort((a, b) => a - b));
}

function median(sorted: number[]): number {
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function ms(value: number): string {
	return `${value.toFixed(2)} ms`;
}

/** Structural equality of plain data (objects, arrays, strings, numbers, Buffers), key order ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
	const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
	if (aKeys.length !== bKeys.length) return false;
	return aKeys.every((key) =>
		sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
	);
}
