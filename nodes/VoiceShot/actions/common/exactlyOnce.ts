/**
 * Exactly-once sends under n8n's Retry On Fail (and n8n's retry of a failed execution).
 *
 * n8n retries a failed node by running execute() again, in the same execution, with the same
 * input, run index and node context; a retry of the execution starts from its data, node context
 * included. A send whose outcome is unknown (the connection broke after sending, a timeout, HTTP
 * 5xx, an unreadable reply) may have been queued. So a ledger in the node context remembers every
 * call of this run: `u` (posted, outcome unknown) is written before the request goes out, `q`
 * (VoiceShot answered ok) after. A later try sends nothing `q`, and first settles the `u` calls
 * against VoiceShot, per campaign:
 *
 * 1. List the campaign's calls (a call query with a blank callid, the documented form).
 * 2. A Call ID whose calls of this run are all listed (per number) is queued: nothing is sent.
 * 3. Every other Call ID: mark all of this run's calls with it `u`, Delete Pending (action 2) it,
 *    and list the calls again. Calls listed now are dialing or done (nothing pending survives the
 *    delete): they are queued. The rest are not queued, and are sent again.
 *
 * Why this holds whichever way VoiceShot's query treats calls not yet dialing (listed or not), and
 * whatever a call does meanwhile: the decision to send again comes from the listing taken after the
 * delete, and after the delete a call with that Call ID is either dialing or done (listed, kept),
 * or gone. A call that starts dialing between the first listing and the delete survives the delete
 * and is listed by the second. A call cannot become pending again. What no client can see is a request
 * VoiceShot is still processing: a call it queues after the second listing would be a second call
 * (docs/retry-and-reruns.md says to keep the wait between tries above VoiceShot's processing time).
 *
 * The delete acts on a Call ID, so a Call ID the user gave to calls outside this run (an earlier
 * execution, another node) loses those that are pending, and calls with it already listed are
 * taken as this run's: docs/retry-and-reruns.md says to give each execution's calls their own Call IDs. Call IDs
 * the node makes are derived from the execution, node, run, item and number (`stableCallid`), so
 * a retry finds them and nothing else has them.
 */
import { createHash } from 'crypto';
import type { IContextObject, IExecuteFunctions } from 'n8n-workflow';

import { readings, type QueriedCall } from '../../../shared/xml';
import type { Entry } from '../operation';
import type { PlannedNumber } from './send';

/** One number of a send, as the ledger knows it: item, place among the item's numbers, campaign, Call ID. */
type Planned = Entry<PlannedNumber>;

/** What the recovery asks VoiceShot, over the node's client (common/send.ts). */
export interface RecoveryClient {
	/** Every call of the campaign VoiceShot lists (a call query with a blank callid). */
	listCalls(menuid: string): Promise<QueriedCall[]>;
	/** Delete Pending for these Call IDs. */
	deletePending(menuid: string, callids: string[]): Promise<void>;
}

/** A number an earlier try queued: not to be sent again. */
export interface Queued {
	planned: Planned;
	/** As VoiceShot lists it, when the recovery looked it up. */
	status?: string;
}

/** A campaign whose recovery failed: these numbers stay unknown, and are not sent in this try. */
export interface Unsettled {
	menuid: string;
	error: unknown;
	planned: Planned[];
}

/** What settling found, in input order. The same words as the executor's `Settled`. */
export interface LedgerSettled {
	queued: Queued[];
	/** Never sent, or not queued: to send now. */
	toSend: Planned[];
	unsettled: Unsettled[];
}

/** The most Call IDs in one Delete Pending: the batch size of a send. */
const DELETE_BATCH = 1000;
const CONTEXT_KEY = 'voiceShotSends';

type State = 'u' | 'q';
interface Remembered {
	/** Call ID, campaign, state. */
	c: string;
	m: string;
	s: State;
}

/**
 * The Call ID the node gives a number when the user gives none: the same in every try of one
 * execution, different in any other execution, node, run, item or number; 36 characters.
 */
export interface CallidSeed {
	executionId: string;
	nodeId: string;
	runIndex: number;
}

export function stableCallid(
	seed: CallidSeed,
	itemIndex: number,
	position: number,
	number: string,
): string {
	const hash = createHash('sha256')
		.update(
			JSON.stringify([seed.executionId, seed.nodeId, seed.runIndex, itemIndex, position, number]),
		)
		.digest('hex');
	return `n8n-${hash.slice(0, 32)}`;
}

function keyOf({ itemIndex, value }: Planned): string {
	return `${itemIndex}.${value.position}.${value.entry.number}`;
}

function callidOf(planned: Planned): string {
	return planned.value.entry.callid ?? '';
}

/** The planned number with the Call ID and campaign an earlier try sent it with. */
function asSent(planned: Planned, { c: callid, m: menuid }: Remembered): Planned {
	// The same entry: the executor follows an entry's outcome by identity (Duplicate Numbers).
	planned.value = { ...planned.value, menuid, entry: { ...planned.value.entry, callid } };
	return planned;
}

function callKey(callid: string, number: string): string {
	return `${callid}\n${readings.sameNumberKey(number)}`;
}

/** How many live calls VoiceShot lists per Call ID and number. */
function listedCounts(calls: QueriedCall[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const call of calls) {
		if (call.status !== undefined && readings.NOT_LIVE_STATUS.test(call.status)) continue;
		const key = callKey(call.callid, call.number);
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}

function statusesOf(calls: QueriedCall[]): Map<string, string | undefined> {
	return new Map(calls.map((call) => [callKey(call.callid, call.number), call.status]));
}

/** The ledger of one run of the node, in the execution's node context. */
export class Ledger {
	private constructor(
		private readonly runs: IContextObject,
		private readonly runIndex: number,
		private readonly calls: Record<string, Remembered>,
	) {}

	/**
	 * The ledger of this run. Kept whether Retry On Fail is on or not: n8n's retry of a failed
	 * execution from the execution list (a new execution) starts from the failed execution's data,
	 * node context included, so it settles the same way.
	 */
	static open(context: IExecuteFunctions): Ledger {
		const nodeContext = context.getContext('node');
		const runs = (nodeContext[CONTEXT_KEY] ??= {}) as IContextObject;
		const runIndex = context.getWorkflowDataProxy(0).$runIndex;
		const calls = (runs[runIndex] ??= {}) as Record<string, Remembered>;
		return new Ledger(runs, runIndex, calls);
	}

	/** Whether an earlier try of this run posted anything (queued, or with an unknown outcome). */
	get isEmpty(): boolean {
		return Object.keys(this.calls).length === 0;
	}

	/**
	 * Before a try sends anything: which entries earlier tries queued, which to send. Entries
	 * keep the Call ID an earlier try sent them with. Remembered calls not in this try's plan
	 * (the item's numbers changed) are forgotten.
	 */
	async settle(entries: Planned[], client: RecoveryClient): Promise<LedgerSettled> {
		const planned = new Set(entries.map(keyOf));
		for (const key of Object.keys(this.calls)) if (!planned.has(key)) delete this.calls[key];
		const current = entries.map((entry) => {
			const remembered = this.calls[keyOf(entry)];
			return remembered ? asSent(entry, remembered) : entry;
		});

		const queued = new Map<string, Queued>();
		const unsettled: Unsettled[] = [];
		const skip = new Set<string>();
		const menuids = new Set(
			current
				.filter((entry) => this.calls[keyOf(entry)]?.s === 'u')
				.map((entry) => entry.value.menuid),
		);
		for (const menuid of menuids) {
			const ours = current.filter(
				(entry) => entry.value.menuid === menuid && this.calls[keyOf(entry)] !== undefined,
			);
			try {
				for (const found of await this.settleCampaign(menuid, ours, client))
					queued.set(keyOf(found.planned), found);
			} catch (error) {
				const stuck = ours.filter((entry) => this.calls[keyOf(entry)]?.s === 'u');
				for (const entry of stuck) skip.add(keyOf(entry));
				unsettled.push({ menuid, error, planned: stuck });
			}
		}
		for (const entry of current) {
			const key = keyOf(entry);
			if (this.calls[key]?.s === 'q' && !queued.has(key) && !skip.has(key))
				queued.set(key, { planned: entry });
		}
		return {
			queued: current
				.filter((entry) => queued.has(keyOf(entry)))
				.map((entry) => queued.get(keyOf(entry)) as Queued),
			toSend: current.filter((entry) => !queued.has(keyOf(entry)) && !skip.has(keyOf(entry))),
			unsettled,
		};
	}

	/** Steps 1–3 for one campaign; `ours` are this run's remembered entries in it. */
	private async settleCampaign(
		menuid: string,
		ours: Planned[],
		client: RecoveryClient,
	): Promise<Queued[]> {
		const byCallid = new Map<string, Planned[]>();
		for (const entry of ours) {
			const list = byCallid.get(callidOf(entry));
			if (list) list.push(entry);
			else byCallid.set(callidOf(entry), [entry]);
		}
		const open = [...byCallid.keys()].filter((callid) =>
			(byCallid.get(callid) ?? []).some((entry) => this.calls[keyOf(entry)].s === 'u'),
		);
		const before = await client.listCalls(menuid);
		const found: Queued[] = [];
		const toDelete: string[] = [];
		for (const callid of open) {
			const group = byCallid.get(callid) ?? [];
			const claimed = claim(group, listedCounts(before), statusesOf(before));
			if (claimed.length === group.length) {
				for (const entry of group) this.mark(entry, 'q');
				found.push(...claimed);
			} else {
				toDelete.push(callid);
			}
		}
		if (toDelete.length === 0) return found;

		for (const callid of toDelete)
			for (const entry of byCallid.get(callid) ?? []) this.mark(entry, 'u');
		for (let start = 0; start < toDelete.length; start += DELETE_BATCH)
			await client.deletePending(menuid, toDelete.slice(start, start + DELETE_BATCH));
		const after = await client.listCalls(menuid);
		const counts = listedCounts(after);
		const statuses = statusesOf(after);
		for (const callid of toDelete) {
			for (const claimedEntry of claim(byCallid.get(callid) ?? [], counts, statuses)) {
				this.mark(claimedEntry.planned, 'q');
				found.push(claimedEntry);
			}
		}
		return found;
	}

	/** Before a request goes out: its entries' outcome is unknown until VoiceShot answers. */
	posting(entries: Planned[]): void {
		for (const entry of entries) this.mark(entry, 'u');
	}

	/** VoiceShot answered ok: queued. */
	queued(entries: Planned[]): void {
		for (const entry of entries) this.mark(entry, 'q');
	}

	/** Certainly not queued (no connection, or VoiceShot refused the request): a later try sends them. */
	notQueued(entries: Planned[]): void {
		for (const entry of entries) delete this.calls[keyOf(entry)];
	}

	/**
	 * At the end of a try. Once every entry of the run is queued, no later try can come to this
	 * run's sends: the ledger goes. Otherwise it stays for n8n's next try, or a retry of the
	 * execution, even when nothing is unknown (what is queued must not be sent again).
	 */
	close(everyEntryQueued: boolean): void {
		if (everyEntryQueued) delete this.runs[this.runIndex];
	}

	private mark(entry: Planned, state: State): void {
		this.calls[keyOf(entry)] = { c: callidOf(entry), m: entry.value.menuid, s: state };
	}
}

/** The entries of one Call ID that listed calls account for, number by number, in input order. */
function claim(
	group: Planned[],
	counts: Map<string, number>,
	statuses: Map<string, string | undefined>,
): Queued[] {
	const left = new Map(counts);
	const claimed: Queued[] = [];
	for (const planned of group) {
		const key = callKey(callidOf(planned), planned.value.entry.number);
		const available = left.get(key) ?? 0;
		if (available <= 0) continue;
		left.set(key, available - 1);
		claimed.push({ planned, status: statuses.get(key) });
	}
	return claimed;
}
