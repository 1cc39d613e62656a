import { startSimulator, type FaultSpec, type Simulator } from '../simulator';
import { runSend } from '../test/nodes/VoiceShot/retry-fixture';
import { decodeRequest } from '../simulator/codec';
import type { BenchRow, BenchSection } from './harness';

/** Counted, not timed: what Retry On Fail costs in requests after one send whose outcome was unknown. */
interface Case {
	name: string;
	numbers: number;
	sendMode: 'batch' | 'perItem';
	queryListsPending: boolean;
	/** Which send (1-based) is processed and its reply lost; 0: none fails. */
	failingSend: number;
}

const CASES: Case[] = [
	{ name: 'no failure', numbers: 1000, sendMode: 'batch', queryListsPending: true, failingSend: 0 },
	{
		name: '1,000 numbers in 1 request',
		numbers: 1000,
		sendMode: 'batch',
		queryListsPending: true,
		failingSend: 1,
	},
	{
		name: '1,000 numbers in 1 request',
		numbers: 1000,
		sendMode: 'batch',
		queryListsPending: false,
		failingSend: 1,
	},
	{
		name: '10,000 numbers in 10 requests, the 5th lost',
		numbers: 10_000,
		sendMode: 'batch',
		queryListsPending: true,
		failingSend: 5,
	},
	{
		name: '10,000 numbers in 10 requests, the 5th lost',
		numbers: 10_000,
		sendMode: 'batch',
		queryListsPending: false,
		failingSend: 5,
	},
	{
		name: '1,000 items per item, the 500th lost',
		numbers: 1000,
		sendMode: 'perItem',
		queryListsPending: true,
		failingSend: 500,
	},
	{
		name: '1,000 items per item, the 500th lost',
		numbers: 1000,
		sendMode: 'perItem',
		queryListsPending: false,
		failingSend: 500,
	},
];

function phones(count: number): Array<{ phone: string }> {
	return Array.from({ length: count }, (_, index) => ({
		phone: `818${String(index).padStart(7, '0')}`,
	}));
}

async function measure(sim: Simulator, test: Case): Promise<BenchRow> {
	await sim.reset();
	sim.configure({ queryListsPending: test.queryListsPending });
	if (test.failingSend > 1)
		await sim.setFault({ type: 'delay', ms: 0, action: '0', times: test.failingSend - 1 });
	if (test.failingSend > 0)
		await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 } as FaultSpec);
	const result = await runSend(sim, {
		items: phones(test.numbers),
		parameters: {
			resource: 'call',
			operation: 'send',
			phoneNumbers: '={{ $json.phone }}',
			prompts: { prompt: [{ promptId: '1', type: 'tts', content: 'Hello' }] },
			options: { sendMode: test.sendMode },
		},
		settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 },
	});
	if (result.status !== 'success')
		throw new Error(`retry bench: ${test.name} failed: ${result.error?.message}`);
	const live = sim.calls().filter((call) => call.status !== 'deleted').length;
	if (live !== test.numbers) throw new Error(`retry bench: ${test.name}: ${live} live calls`);
	const requests = sim.snapshot({ calls: false }).requests;
	const kinds = requests.map((entry) => entry.kind ?? decodeRequest(entry.body).kind);
	const sends = test.sendMode === 'batch' ? Math.ceil(test.numbers / 1000) : test.numbers;
	const queries = kinds.filter((kind) => kind === 'callQuery').length;
	const deletes = kinds.filter((kind) => kind === 'deletePending').length;
	const resent = kinds.filter((kind) => kind === 'send').length - sends;
	const deleted = sim.calls().filter((call) => call.status === 'deleted').length;
	// The size of one listing of the campaign as it ended (what the recovery's last query read).
	const listing = await fetch(sim.url, {
		method: 'POST',
		body: '<campaign action="3" menuid="1-1234"><phonenumbers><phonenumber callid=""/></phonenumbers></campaign>',
	}).then(async (response) => Buffer.byteLength(await response.text()));
	const extra = queries + deletes + resent;
	return {
		figure: `${test.name}${test.failingSend ? `, query ${test.queryListsPending ? 'lists' : 'hides'} pending calls` : ', Retry On Fail on'}: extra requests per 1,000 numbers`,
		ratio: (extra * 1000) / test.numbers,
		unit: 'requests per 1,000 numbers',
		detail: `${queries} call quer${queries === 1 ? 'y' : 'ies'}${queries ? ` (a listing of the campaign: ${(listing / 1024).toFixed(0)} KiB)` : ''}, ${deletes} Delete Pending, ${resent} send(s) again (${deleted} calls deleted and queued again), on top of ${sends} send(s)`,
	};
}

export const retrySection: BenchSection = {
	title: 'Retry On Fail',
	description:
		"What exactly-once costs under Retry On Fail (3 tries) after one send whose outcome is unknown (processed, reply lost), counted on the real engine against the simulator: the extra requests of the later try (call queries of the campaign, Delete Pending, sends again), per 1,000 numbers of the execution, under both readings of VoiceShot's call query. A try with nothing unknown asks nothing. Each call query lists the whole campaign, so its reply grows with the campaign's calls (here: the execution's own).",
	run: async () => {
		const sim = await startSimulator({ callDelayMs: null, maxLogEntries: 20_000 });
		try {
			const rows: BenchRow[] = [];
			for (const test of CASES) rows.push(await measure(sim, test));
			return rows;
		} finally {
			await sim.close();
		}
	},
};
