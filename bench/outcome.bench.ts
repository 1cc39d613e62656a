/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark tooling, never published: it reads process.cpuUsage */
import { sleep, type IDataObject } from 'n8n-workflow';

import { VoiceShotApi } from '../credentials/VoiceShotApi.credentials';
import { LISTING_FROM } from '../nodes/VoiceShot/actions/call/getOutcome.operation';
import { VoiceShot } from '../nodes/VoiceShot/VoiceShot.node.ts';
import { connectionOf, exchange, type Connection } from '../nodes/shared/client';
import { startSimulator, type Simulator } from '../simulator';
import { connect, runWorkflow, type CredentialStore } from '../test/helpers/engine';
import { ItemsSource } from '../test/helpers/test-nodes';
import type { BenchRow, BenchSection } from './harness';
import { ms } from './harness';

const MENU = '1-1234';
const OUTSTANDING = 1_000;
/** The same round trip the node section uses: far shorter than any real one over the internet. */
const NETWORK_DELAY_MS = 5;
const ROUNDS = 3;

function connectionTo(sim: Simulator): Connection {
	return connectionOf({ apiUrl: sim.url }, async (options) => {
		const response = await fetch(options.url, {
			method: 'POST',
			body: options.body as string,
			headers: options.headers as Record<string, string>,
		});
		return Buffer.from(await response.arrayBuffer());
	});
}

/** A campaign of `total` calls, all pending; the first OUTSTANDING are the ones a check asks about. */
async function campaign(connection: Connection, total: number): Promise<string[]> {
	const callids = Array.from({ length: total }, (_, index) => `alert-${index}`);
	for (let start = 0; start < total; start += 1000) {
		await exchange(connection, {
			kind: 'send',
			channel: 'voice',
			menuid: MENU,
			prompts: [{ promptid: '1', tts: 'Web server 1 is down. Press 1 to acknowledge.' }],
			numbers: callids.slice(start, start + 1000).map((callid, index) => ({
				number: String(8185550000 + ((start + index) % 10000)).padStart(10, '8'),
				callid,
			})),
		});
	}
	return callids.slice(0, OUTSTANDING);
}

async function perCallId(connection: Connection, callids: string[]): Promise<number> {
	let found = 0;
	for (const callid of callids) {
		const reply = await exchange(connection, {
			kind: 'callQuery',
			menuid: MENU,
			callids: [callid],
		});
		if (reply.kind === 'callQueryResult') found += reply.calls.length;
	}
	return found;
}

async function listing(connection: Connection, callids: string[]): Promise<number> {
	const wanted = new Set(callids);
	const reply = await exchange(connection, { kind: 'callQuery', menuid: MENU, callids: [''] });
	return reply.kind === 'callQueryResult'
		? reply.calls.filter((call) => wanted.has(call.callid)).length
		: 0;
}

async function timed(run: () => Promise<number>, expected: number): Promise<number> {
	const start = performance.now();
	const found = await run();
	if (found !== expected) throw new Error(`found ${found} calls, expected ${expected}`);
	return performance.now() - start;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[sorted.length >> 1];
}

async function strategies(total: number): Promise<BenchRow[]> {
	const sim = await startSimulator({ callDelayMs: null, primaryPort: false });
	try {
		const connection = connectionTo(sim);
		const callids = await campaign(connection, total);
		const one = callids.slice(0, 1);
		const single: number[] = [];
		const list: number[] = [];
		const each: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			single.push(await timed(() => perCallId(connection, one), 1));
			list.push(await timed(() => listing(connection, callids), OUTSTANDING));
		}
		// the slow contestant once: a thousand requests take seconds
		each.push(await timed(() => perCallId(connection, callids), OUTSTANDING));
		await sim.setFault({ type: 'delay', ms: NETWORK_DELAY_MS });
		const singleLate = median(
			await Promise.all([0, 1, 2].map(() => timed(() => perCallId(connection, one), 1))),
		);
		const listLate = await timed(() => listing(connection, callids), OUTSTANDING);
		const eachLate = await timed(() => perCallId(connection, callids), OUTSTANDING);
		const [s, l, e] = [median(single), median(list), median(each)];
		const where = `a campaign of ${total.toLocaleString('en-US')} calls`;
		return [
			{
				figure: `${OUTSTANDING.toLocaleString('en-US')} outstanding calls in ${where}: requests per check, one query per Call ID / one listing`,
				ratio: OUTSTANDING,
				unit: '× fewer requests with the listing',
				detail: `${OUTSTANDING} requests against 1`,
			},
			{
				figure: `the same on loopback: time of a query per Call ID / time of one listing filtered locally`,
				ratio: e / l,
				unit: '× faster with the listing',
				detail: `per Call ID ${ms(e)} (once), listing ${ms(l)} (median of ${ROUNDS})`,
			},
			{
				figure: `the same with a ${NETWORK_DELAY_MS} ms delay per request: time of a query per Call ID / one listing`,
				ratio: eachLate / listLate,
				unit: '× faster with the listing',
				detail: `per Call ID ${ms(eachLate)}, listing ${ms(listLate)}`,
			},
			{
				figure: `break-even in ${where}: one listing / one single-Call-ID query (Call IDs from which the listing is cheaper; the node lists from ${LISTING_FROM})`,
				ratio: l / s,
				unit: `Call IDs on loopback, ${(listLate / singleLate).toFixed(1)} with a ${NETWORK_DELAY_MS} ms delay`,
				detail: `single query ${ms(s)} (${ms(singleLate)} with the delay), listing ${ms(l)} (${ms(listLate)} with the delay)`,
			},
		];
	} finally {
		await sim.close();
	}
}

const WAIT_SECONDS = 5;

type Cpu = { cpuMs: number; wallMs: number };

async function waitingCpu(): Promise<BenchRow[]> {
	const sim = await startSimulator({ callDelayMs: null, primaryPort: false });
	try {
		const connection = connectionTo(sim);
		const callids = await campaign(connection, OUTSTANDING);
		const run = async (items: IDataObject[], wait: boolean) => {
			const result = await runWorkflow({
				nodeTypes: [ItemsSource, VoiceShot],
				credentialTypes: [VoiceShotApi],
				credentials: {
					voiceShotApi: { vs: { apiUrl: sim.url, fallbackUrl: '', defaultMenuId: MENU } },
				} as CredentialStore,
				nodes: [
					{ name: 'Source', type: 'testItemsSource', parameters: { items: JSON.stringify(items) } },
					{
						name: 'VoiceShot',
						type: 'n8n-nodes-voiceshot.voiceShot',
						credentials: { voiceShotApi: { id: 'vs', name: 'VoiceShot' } },
						parameters: {
							resource: 'call',
							operation: 'getOutcome',
							waitUntilFinal: wait,
							maxWaitSeconds: WAIT_SECONDS,
							checkIntervalSeconds: WAIT_SECONDS,
						},
					},
				],
				connections: connect('Source', 'VoiceShot'),
			});
			if (result.items('VoiceShot').some((item) => item.json.final !== false))
				throw new Error('a call became final');
		};
		const rows: BenchRow[] = [];
		for (const items of [[{ callid: callids[0] }], callids.map((callid) => ({ callid }))]) {
			await run(items, false);
			// two checks without a wait, then two checks with one sleep of WAIT_SECONDS between them
			const checks = await cpuOf(async () => {
				await run(items, false);
				await run(items, false);
			});
			const waiting = await cpuOf(async () => await run(items, true));
			const idle = await cpuOf(async () => await sleep(WAIT_SECONDS * 1000));
			const asleep = Math.max(0, waiting.cpuMs - checks.cpuMs);
			const idlePerSecond = (idle.cpuMs / idle.wallMs) * 1000;
			rows.push({
				figure: `Wait Until Final, ${items.length.toLocaleString('en-US')} pending call(s), one sleep of ${WAIT_SECONDS} s between two checks: CPU per second of sleep, beyond the checks`,
				ratio: asleep / WAIT_SECONDS,
				unit: 'ms of CPU per second',
				detail: `run with the wait ${ms(waiting.cpuMs)} in ${(waiting.wallMs / 1000).toFixed(1)} s, the same two checks without it ${ms(checks.cpuMs)}; the process idle: ${ms(idlePerSecond)} of CPU per second`,
			});
		}
		return rows;
	} finally {
		await sim.close();
	}
}

/** CPU time of this process while `work` runs. */
async function cpuOf(work: () => Promise<unknown>): Promise<Cpu> {
	const cpu = process.cpuUsage();
	const start = performance.now();
	await work();
	const used = process.cpuUsage(cpu);
	return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - start };
}

export const outcomeSection: BenchSection = {
	title: 'Call → Get Outcome: requests per check, and waiting',
	description: `Checking ${OUTSTANDING.toLocaleString('en-US')} outstanding calls, in a campaign of 1,000 and of 10,000 calls (all of them pending, so that every check finds them): one call query per Call ID against one listing of the campaign (a call query without callid) filtered locally, through the node's client to the simulator on loopback, then with the simulator answering each request ${NETWORK_DELAY_MS} ms late (any real round trip is longer, which favours the listing further). Then the CPU time of the process (the simulator's included) while the node sleeps in Wait Until Final on the real engine: a run of two checks with one sleep between them, less two runs of one check, per second of sleep, beside the same process idle.`,
	run: async () => [
		...(await strategies(1_000)),
		...(await strategies(10_000)),
		...(await waitingCpu()),
	],
};
