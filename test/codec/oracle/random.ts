/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, never published: the seed comes from process.env */
import { wireNumberProblem, type NumberKind } from '../../../nodes/shared/phoneNumber';
/** A seeded generator, so that a failing run can be replayed: CODEC_ORACLE_SEED=<seed> npx jest test/codec/oracle. */
export interface Random {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [0, n). */
	below(n: number): number;
	pick<T>(values: readonly T[]): T;
	chance(probability: number): boolean;
}

/** The run's seed: CODEC_ORACLE_SEED when set, else a fresh one (printed by each suite). */
export const SEED = process.env.CODEC_ORACLE_SEED
	? Number(process.env.CODEC_ORACLE_SEED)
	: Math.floor(Math.random() * 2 ** 31);

export function replayHint(seed = SEED): string {
	return `seed ${seed}; replay with CODEC_ORACLE_SEED=${seed} npx jest test/codec/oracle`;
}

/** mulberry32: small, fast, and good enough to spread test cases. */
export function randomOf(seed: number): Random {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
	return {
		next,
		below: (n) => Math.floor(next() * n),
		pick: (values) => values[Math.floor(next() * values.length)],
		chance: (probability) => next() < probability,
	};
}

/** Characters XML carries that are worth a test: metacharacters, white space, non-ASCII, astral. */
const TRICKY = [
	'&',
	'<',
	'>',
	'"',
	"'",
	'\t',
	'\n',
	'\r',
	'\r\n',
	' ',
	']]>',
	'--',
	'&amp;',
	'&#13;',
	'é',
	'€',
	'Zoë',
	'中文',
	'😀',
	'\u0301',
	'\u00A0',
	'\u2028',
	'\uFEFF',
	'\uFFFD',
	'\u0085',
	'\u007F',
	'\u0080',
];

/** A string XML 1.0 can carry, mostly plain, sometimes full of what needs escaping. */
export function textOf(random: Random, maxLength = 12): string {
	let out = '';
	const length = random.below(maxLength + 1);
	for (let i = 0; i < length; i++) {
		out += random.chance(0.3)
			? random.pick(TRICKY)
			: String.fromCharCode(random.pick([0x61, 0x41, 0x30, 0x20]) + random.below(10));
	}
	return out;
}

export function digitsOf(random: Random, length: number): string {
	let out = String(1 + random.below(9));
	while (out.length < length) out += String(random.below(10));
	return out;
}

/** A phone number of `length` digits that the rule of every number field takes. */
export function phoneNumberOf(random: Random, length: number, kind: NumberKind = 'phone'): string {
	for (;;) {
		const number = digitsOf(random, length);
		if (wireNumberProblem(number, kind) === undefined) return number;
	}
}
