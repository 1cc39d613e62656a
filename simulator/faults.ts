/** Faults injected on request, for the reliability tests. */
import type { FaultSpec, FaultTarget } from './types';

export type ActiveFault = FaultSpec & { id: number; remaining: number };

const TYPES = new Set([
	'delay',
	'slowReply',
	'status',
	'dropBeforeRead',
	'dropAfterRead',
	'malformed',
	'errorid',
	'refuse',
]);

/** A fault spec as sent to the control API, checked; a message when it is not one. */
export function readFault(input: unknown): FaultSpec | string {
	if (typeof input !== 'object' || input === null) return 'a fault is a JSON object with a "type"';
	const fault = input as Record<string, unknown>;
	if (typeof fault.type !== 'string' || !TYPES.has(fault.type)) {
		return `fault type must be one of ${[...TYPES].join(', ')}`;
	}
	if (fault.times !== undefined && (typeof fault.times !== 'number' || !(fault.times >= 1)))
		return '"times" must be a number ≥ 1';
	if (fault.target !== undefined && !['any', 'main', 'primary'].includes(String(fault.target))) {
		return '"target" must be any, main or primary';
	}
	if (fault.action !== undefined && (fault.type === 'refuse' || typeof fault.action !== 'string'))
		return '"action" must be a string (e.g. "0"), and refuse takes none';
	if (
		(fault.type === 'delay' || fault.type === 'slowReply') &&
		(typeof fault.ms !== 'number' || !(fault.ms >= 0))
	)
		return `a ${fault.type} fault needs "ms" ≥ 0`;
	if (
		fault.type === 'status' &&
		fault.status !== undefined &&
		(typeof fault.status !== 'number' || fault.status < 100 || fault.status > 599)
	) {
		return '"status" must be an HTTP status code';
	}
	if (
		fault.type === 'errorid' &&
		(typeof fault.errorid !== 'number' || !Number.isInteger(fault.errorid))
	) {
		return 'an errorid fault needs a whole-number "errorid"';
	}
	for (const key of ['body', 'comment'] as const) {
		if (fault[key] !== undefined && typeof fault[key] !== 'string')
			return `"${key}" must be a string`;
	}
	return fault as unknown as FaultSpec;
}

/** The active faults. A request takes the first that applies to its listener; `times` counts down. */
export class Faults {
	private active: ActiveFault[] = [];
	private seq = 0;

	add(fault: FaultSpec): ActiveFault {
		const times = 'times' in fault && fault.times !== undefined ? fault.times : Infinity;
		const entry: ActiveFault = { ...fault, id: ++this.seq, remaining: times };
		this.active.push(entry);
		return entry;
	}

	/**
	 * The fault the next request on this listener suffers, used up by one. `refuse` never comes out
	 * here. Without `action`, only faults for any action; with it, also those for that action.
	 */
	take(listener: 'main' | 'primary', action?: string): ActiveFault | undefined {
		const index = this.active.findIndex(
			(fault) =>
				fault.type !== 'refuse' &&
				targets(fault, listener) &&
				(fault.action === undefined || fault.action === action),
		);
		if (index === -1) return undefined;
		const fault = this.active[index];
		fault.remaining--;
		if (fault.remaining <= 0) this.active.splice(index, 1);
		return fault;
	}

	/** Whether some fault waits for a request's action, so the body must be read to know it. */
	get byAction(): boolean {
		return this.active.some((fault) => fault.type !== 'refuse' && fault.action !== undefined);
	}

	get refusing(): boolean {
		return this.active.some((fault) => fault.type === 'refuse');
	}

	remove(id: number): boolean {
		const before = this.active.length;
		this.active = this.active.filter((fault) => fault.id !== id);
		return this.active.length !== before;
	}

	clear(): void {
		this.active = [];
	}

	list(): ActiveFault[] {
		return this.active.map((fault) => ({ ...fault }));
	}
}

function targets(fault: FaultSpec, listener: 'main' | 'primary'): boolean {
	const target: FaultTarget = ('target' in fault && fault.target) || 'any';
	return target === 'any' || target === listener;
}
