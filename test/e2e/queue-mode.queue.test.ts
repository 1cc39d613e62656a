/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end test, never published: it drives n8n in queue mode, Redis, Postgres and the simulator */
/**
 * The package in n8n's queue mode (`npm run test:e2e:queue`): Redis and Postgres of this run,
 * a main process, a webhook process and two workers (scripts/n8n/queue.ts), the packed package
 * installed into each, the example workflows against the simulator. One cluster for the file.
 *
 * A batch send of 1,000 numbers runs on a worker; the simulator completes 200 of those calls
 * (50 callbacks in flight): 100 press a key, answered by the live-IVR example, and all 200 post
 * their summary to the summary example, through the webhook process. Last, a worker is killed
 * (SIGKILL) while its send is in VoiceShot's hands.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type SimCall, type Simulator } from '../../simulator';
import {
	EXAMPLES,
	exampleOutcomes,
	importExamples,
	loadExample,
	simulatorCampaigns,
	simulatorCredential,
	type Workflow,
} from '../../scripts/n8n/examples';
import { sleep, type Execution } from '../../scripts/n8n/instance';
import { buildAndPack } from '../../scripts/n8n/package';
import { provisionRuntime, REPO_ROOT } from '../../scripts/n8n/provision';
import {
	createCluster,
	startServices,
	type Cluster,
	type QueueServices,
} from '../../scripts/n8n/queue';
import { DONE, GET_OUTCOME, LOOP_WAIT_SECONDS, outcomeLoop, runsOf } from './outcome-loop';
import { stopwatch } from './timings';

const LOG_DIR = join(REPO_ROOT, '.cache', 'e2e-queue-logs');

const BATCH = { id: 'vsQueueBatch1000', count: 1000, prefix: '8186' };
const LOOP = { id: 'vsQueueOutcome01', path: 'queue-outcome-loop', number: '8185550109' };
const KILLED = { id: 'vsQueueKilledSnd', count: 20, prefix: '8187' };
/** Of the batch's calls: the first 100 answer and press a key, the next 100 are not answered. */
const KEYPRESS_CALLS = 100;
const SUMMARIES = 200;
const IN_FLIGHT = 50;

/** The IVR example's orders (examples/live-ivr.json) and what it says for key 1. */
const ORDERS: Record<string, string> = {
	'1042': 'Your blue teapot, order 1042, arrives Monday. Goodbye.',
	'1043': 'Your set of chess pieces, order 1043, arrives Tuesday. Goodbye.',
	'1044': 'Your compiler handbook, order 1044, arrives tomorrow. Goodbye.',
	'1045': 'Your box of semaphores, order 1045, arrives Thursday. Goodbye.',
	'1046': 'Your substitution kit, order 1046, arrives Friday. Goodbye.',
	'1047': 'Your typesetting manual, order 1047, arrives next week. Goodbye.',
};
const ORDER_IDS = Object.keys(ORDERS);

function numberOf(prefix: string, index: number): string {
	return `${prefix}${String(index).padStart(6, '0')}`;
}
const orderOf = (index: number) => ORDER_IDS[index % ORDER_IDS.length];
/** Keypress calls alternate 1 (hear the order) and 0 (transfer), so replies differ by call. */
const keyOf = (index: number) => (index % 2 === 0 ? '1' : '0');

/**
 * The spreadsheet example with its CSV replaced by a Code node making `count` rows (name, phone,
 * order): the example's own Send node, batch mode, batch size 1,000.
 */
function generatedSheet(id: string, count: number, prefix: string): Workflow {
	const workflow = loadExample('spreadsheet');
	workflow.id = id;
	workflow.name = `${workflow.name} (${count} generated rows)`;
	const read = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.readWriteFile')!;
	const extract = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.extractFromFile')!;
	workflow.nodes = workflow.nodes.filter((node) => node !== read && node !== extract);
	workflow.nodes.push({
		id: `${id}-rows`,
		name: 'Rows',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: read.position,
		parameters: {
			mode: 'runOnceForAllItems',
			language: 'javaScript',
			jsCode:
				`const orders = ${JSON.stringify(ORDER_IDS)};\n` +
				`return Array.from({ length: ${count} }, (_, i) => ({ json: { name: 'Caller ' + i, ` +
				`phone: '${prefix}' + String(i).padStart(6, '0'), order: orders[i % orders.length] } }));`,
		},
	});
	const send = workflow.nodes.find((node) => node.type === 'n8n-nodes-voiceshot.voiceShot')!;
	const connections = workflow.connections as Record<string, unknown>;
	delete connections[read.name];
	delete connections[extract.name];
	connections[EXAMPLES.spreadsheet.manualTrigger] = {
		main: [[{ node: 'Rows', type: 'main', index: 0 }]],
	};
	connections.Rows = { main: [[{ node: send.name, type: 'main', index: 0 }]] };
	return workflow;
}

/** Runs `work` on every item with at most `limit` at once. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) await work(items[next++]);
		}),
	);
}

function outputOf(execution: Execution, node: string): Array<{ json: Record<string, unknown> }> {
	return execution.data?.resultData.runData[node]?.[0]?.data?.main[0] ?? [];
}

const { timed, report } = stopwatch('e2e:queue');

describe('n8n-nodes-voiceshot in queue mode: main, webhook process, 2 workers, Redis, Postgres', () => {
	let services: QueueServices;
	let cluster: Cluster;
	let sim: Simulator;
	let scratch: string;
	const logs = new Map<string, string[]>();
	const simLog: string[] = [];
	const log = (name: string, line: string) => {
		const lines = logs.get(name) ?? [];
		lines.push(line);
		if (lines.length > 20_000) lines.splice(0, 10_000);
		logs.set(name, lines);
	};

	beforeAll(async () => {
		const runtime = await timed('provision n8n (warm: a file read)', () => provisionRuntime());
		scratch = mkdtempSync(join(tmpdir(), 'voiceshot-e2e-queue-'));
		const filesDir = join(scratch, 'files');
		const [tarball] = await timed('Redis and Postgres started; build if stale, npm pack', () =>
			Promise.all([
				buildAndPack(scratch, {
					build: 'ifStale',
					log: (line) => process.stderr.write(`[e2e:queue] ${line}\n`),
				}),
				startServices({ log: (line) => log('services', line) }).then((started) => {
					services = started;
				}),
			]),
		);
		cluster = await createCluster({
			services,
			runtime,
			workers: 2,
			env: {
				N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
				// on 2 busy cores under 50 posts at once a healthy database can answer n8n's ping
				// slower than its 5 s limit; after 3 such pings n8n answers everything 503
				DB_PING_TIMEOUT_MS: '30000',
				// a dead worker's job is noticed after the lock expires (n8n: 60 s, checked every 30 s)
				QUEUE_WORKER_LOCK_DURATION: '10000',
				QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
				QUEUE_WORKER_STALLED_INTERVAL: '5000',
			},
			log,
		});
		sim = await startSimulator({
			campaigns: simulatorCampaigns(cluster.webhook.baseUrl),
			outcomes: {
				...exampleOutcomes(),
				byNumber: Object.fromEntries(
					Array.from({ length: SUMMARIES }, (_, index) => [
						numberOf(BATCH.prefix, index),
						index < KEYPRESS_CALLS
							? { answer: 'human' as const, keypresses: { '1': keyOf(index) }, durationSeconds: 30 }
							: { answer: 'noanswer' as const },
					]),
				),
			},
			callDelayMs: null, // calls complete when the test says so
			callbackConcurrency: IN_FLIGHT,
			// with 50 posts in flight a post waits its turn: seconds at 10 executions/s, and on a
			// loaded machine much longer; this suite counts what was lost, not how long it took
			callbackTimeoutMs: 120_000,
			maxLogEntries: 5000,
			primaryPort: false,
			log: (line) => simLog.push(line),
		});
		await timed('install the tarball into the 4 user folders', () =>
			cluster.installPackage(tarball),
		);
		await timed('import credentials and workflows (migrates Postgres), publish the triggers', () =>
			importExamples(cluster.main, {
				filesDir,
				apiUrl: sim.url,
				extraWorkflows: [
					generatedSheet(BATCH.id, BATCH.count, BATCH.prefix),
					generatedSheet(KILLED.id, KILLED.count, KILLED.prefix),
					outcomeLoop(LOOP.id, LOOP.path, LOOP.number),
				],
			}),
		);
		await cluster.main.publishWorkflow(LOOP.id);
		await timed('start main, then webhook process and 2 workers', () => cluster.start());
	}, 20 * 60_000);

	afterAll(async () => {
		report();
		await cluster?.dispose();
		await services?.dispose();
		await sim?.close();
		mkdirSync(LOG_DIR, { recursive: true });
		for (const [name, lines] of logs) writeFileSync(join(LOG_DIR, `${name}.log`), lines.join('\n'));
		writeFileSync(join(LOG_DIR, 'simulator.log'), simLog.join('\n'));
		process.stderr.write(`[e2e:queue] logs of this run: ${LOG_DIR}\n`);
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	}, 120_000);

	afterEach(async () => {
		await sim?.clearFaults();
	});

	async function finished(workflowId: string, count: number, timeoutMs = 120_000) {
		return cluster.main.waitForExecutions(workflowId, count, { timeoutMs });
	}

	it('the credential test works through the main process', async () => {
		const before = sim.state.requests.length;
		await expect(cluster.main.testCredential(simulatorCredential(sim.url))).resolves.toEqual({
			status: 'OK',
			message: expect.any(String),
		});
		// test configuration, then a read-only call query per default Menu ID (voice, SMS)
		expect(sim.state.requests.slice(before).map((entry) => [entry.action, entry.errorid])).toEqual([
			['6', 0],
			['3', 0],
			['3', 0],
		]);
	});

	it('a batch send of 1,000 numbers runs on a worker and reaches the simulator exactly once per number', async () => {
		const before = sim.state.requests.length;
		const id = await cluster.main.runWorkflow(BATCH.id, EXAMPLES.spreadsheet.manualTrigger);
		const execution = await timed('batch of 1,000 on a worker', () =>
			cluster.main.waitForExecution(id, { timeoutMs: 120_000 }),
		);
		expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({
			status: 'success',
			error: undefined,
		});
		const ranOn = cluster.workersOf(id);
		process.stderr.write(`[e2e:queue] batch execution ${id} ran on ${ranOn.join(', ')}\n`);
		expect(ranOn).toHaveLength(1);
		expect(ranOn[0]).toMatch(/^worker-\d$/);

		const sends = sim.state.requests.slice(before).filter((entry) => entry.action === '0');
		expect(sends.map((entry) => entry.errorid)).toEqual([0]);
		const numbers = sim.calls().filter((call) => call.number.startsWith(BATCH.prefix));
		const expected = Array.from({ length: BATCH.count }, (_, index) =>
			numberOf(BATCH.prefix, index),
		);
		expect(numbers.map((call) => call.number).sort()).toEqual(expected);
		expect(outputOf(execution, 'Call every contact')).toHaveLength(BATCH.count);
	});

	it('200 summaries through the webhook process run on the workers, none lost, none doubled; 100 keypresses each get their own call command', async () => {
		const batch = sim.calls().filter((call) => call.number.startsWith(BATCH.prefix));
		expect(batch).toHaveLength(BATCH.count);
		const completing = Array.from({ length: SUMMARIES }, (_, index) =>
			numberOf(BATCH.prefix, index),
		);
		await timed(`${SUMMARIES} calls completed, ${IN_FLIGHT} callbacks in flight`, () =>
			inPool(completing, IN_FLIGHT, (number) => sim.complete({ number })),
		);
		await sim.idle();

		// every callback answered 200 by the webhook process
		const callbacks = sim.state.callbacks.filter((entry) =>
			batch.some((call) => call.id === entry.callId),
		);
		const summaries = callbacks.filter((entry) => entry.kind === 'callSummary');
		const keypresses = callbacks.filter((entry) => entry.kind === 'keypress');
		expect(summaries.map((entry) => entry.status)).toEqual(completing.map(() => 200));
		expect(keypresses.map((entry) => entry.status)).toEqual(
			Array.from({ length: KEYPRESS_CALLS }, () => 200),
		);

		const waits = keypresses.map((entry) => entry.durationMs ?? 0).sort((a, b) => a - b);
		const summaryWaits = summaries.map((entry) => entry.durationMs ?? 0).sort((a, b) => a - b);
		process.stderr.write(
			`[e2e:queue] answered in (median / slowest): keypress ${waits[waits.length >> 1]} / ${waits.at(-1)} ms, summary ${summaryWaits[summaryWaits.length >> 1]} / ${summaryWaits.at(-1)} ms\n`,
		);

		// each keypress got the reply for its own order and key
		const byNumber = new Map<string, SimCall>(sim.calls().map((call) => [call.number, call]));
		const replies = Array.from({ length: KEYPRESS_CALLS }, (_, index) => {
			const call = byNumber.get(numberOf(BATCH.prefix, index))!;
			return [call.number, call.callid, call.result?.commands, call.result?.commandErrors];
		});
		expect(replies).toEqual(
			Array.from({ length: KEYPRESS_CALLS }, (_, index) => [
				numberOf(BATCH.prefix, index),
				expect.stringMatching(new RegExp(`^order-${orderOf(index)}-\\d+$`)),
				[
					{
						promptid: '1',
						command:
							keyOf(index) === '1'
								? { tts: ORDERS[orderOf(index)] }
								: { tts: 'Connecting you to our team.', transferto: '8005550199' },
					},
				],
				[],
			]),
		);

		// one successful execution per summary, each run by exactly one worker
		const executions = await timed('200 summary executions finished', () =>
			finished(EXAMPLES.summaries.id, SUMMARIES),
		);
		expect(executions).toHaveLength(SUMMARIES);
		expect(executions.map((e) => e.status)).toEqual(executions.map(() => 'success'));
		const phones = executions.map((e) => outputOf(e, 'On call summary')[0]?.json.phonenumber);
		expect([...phones].sort()).toEqual([...completing].sort());
		const ranOn = executions.map((e) => cluster.workersOf(e.id));
		expect(ranOn.filter((names) => names.length !== 1)).toEqual([]);
		const perWorker = new Map<string, number>();
		for (const [name] of ranOn) perWorker.set(name, (perWorker.get(name) ?? 0) + 1);
		process.stderr.write(
			`[e2e:queue] summary executions per worker: ${JSON.stringify(Object.fromEntries(perWorker))}\n`,
		);
		expect([...perWorker.keys()].sort()).toEqual(['worker-1', 'worker-2']);

		const ivr = await finished(EXAMPLES.ivr.id, KEYPRESS_CALLS);
		expect(ivr).toHaveLength(KEYPRESS_CALLS);
		expect(ivr.map((e) => e.status)).toEqual(ivr.map(() => 'success'));
		expect(ivr.filter((e) => cluster.workersOf(e.id).length !== 1)).toEqual([]);
	});

	it(
		`Get Outcome's loop through the Wait node (${LOOP_WAIT_SECONDS} s): saved while waiting, resumed on the other worker, the call placed once`,
		async () => {
			const response = await cluster.webhook.callWebhook(LOOP.path, {
				body: { alert: 'disk full' },
			});
			expect(response.status).toBe(200);
			const waiting = await timed('until the loop waits in Postgres', async () => {
				for (;;) {
					const [execution] = await cluster.main.listExecutions({
						workflowId: LOOP.id,
						status: 'waiting',
					});
					if (execution) return execution;
					await sleep(500);
				}
			});
			const [first] = cluster.workersOf(waiting.id);
			expect(first).toMatch(/^worker-\d$/);
			// that worker stops: the resumed execution must run on the other one
			const index = cluster.workers.indexOf(
				cluster.processes.find((entry) => entry.name === first)!.instance,
			);
			await cluster.workers[index].stop();
			await sim.complete({ callid: `loop-${waiting.id}` });
			const execution = await timed('until the resumed loop finished on a worker', () =>
				cluster.main.waitForExecution(String(waiting.id), {
					timeoutMs: (LOOP_WAIT_SECONDS + 90) * 1000,
				}),
			);
			expect(execution.status).toBe('success');
			const workers = cluster.workersOf(waiting.id);
			expect(workers).toHaveLength(2);
			expect(workers[1]).not.toBe(first);
			const checks = runsOf(execution, GET_OUTCOME);
			expect(checks.map(([final, pending]) => [final.length, pending.length])).toEqual([
				[0, 1],
				[1, 0],
			]);
			expect(checks[1][0][0]).toMatchObject({ outcome: 'answered', final: true });
			expect(runsOf(execution, DONE)).toHaveLength(1);
			expect(sim.calls().filter((call) => call.number === LOOP.number)).toHaveLength(1);
			await timed('the stopped worker started again', () => cluster.startWorker(index));
		},
		(LOOP_WAIT_SECONDS + 180) * 1000,
	);

	it('a worker killed (SIGKILL) while VoiceShot holds its send: the execution fails, is not run again, no number is called twice', async () => {
		const numbers = () =>
			sim
				.calls()
				.filter((call) => call.number.startsWith(KILLED.prefix))
				.map((call) => call.number);
		await sim.setFault({ type: 'delay', ms: 8000, times: 1 });
		const id = await cluster.main.runWorkflow(KILLED.id, EXAMPLES.spreadsheet.manualTrigger);
		// the send has reached VoiceShot: its reply is held back by the delay
		await sim.waitFor(
			(simulator) =>
				simulator.state.requests.some((entry) => entry.body.includes(numberOf(KILLED.prefix, 0))) ||
				undefined,
			60_000,
		);
		const [victim] = cluster.workersOf(id);
		expect(victim).toMatch(/^worker-\d$/);
		const index = cluster.workers.indexOf(
			cluster.processes.find((entry) => entry.name === victim)!.instance,
		);
		const killedAt = Date.now();
		await cluster.workers[index].kill();

		const execution = await timed('the killed execution is given up by n8n', () =>
			cluster.main.waitForExecution(id, { timeoutMs: 90_000 }),
		);
		const gaveUpAfter = (Date.now() - killedAt) / 1000;
		const error = execution.data?.resultData.error as { message?: string } | undefined;
		process.stderr.write(
			`[e2e:queue] killed execution ${id}: status ${execution.status} after ${gaveUpAfter.toFixed(1)} s: ${error?.message ?? ''}\n`,
		);
		expect(['error', 'crashed']).toContain(execution.status);

		// VoiceShot processed the send it had received (the delay ends), once
		await sim.waitFor(
			(simulator) =>
				simulator.state.requests.some(
					(entry) => entry.fault === 'delay' && entry.durationMs !== undefined,
				) || undefined,
			30_000,
		);
		const expected = Array.from({ length: KILLED.count }, (_, i) => numberOf(KILLED.prefix, i));
		expect(numbers().sort()).toEqual(expected);

		// the worker back: nothing runs the execution again
		await timed('the killed worker started again', () => cluster.startWorker(index));
		await sleep(5000);
		expect(cluster.workersOf(id)).toEqual([victim]);
		expect(numbers().sort()).toEqual(expected);
		expect((await cluster.main.getExecution(id))?.status).toBe(execution.status);
	});
});
