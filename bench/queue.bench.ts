/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling, never published: it drives n8n processes, Redis and Postgres */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import type { Workflow } from '../scripts/n8n/examples';
import { createInstance, sleep, type N8nInstance } from '../scripts/n8n/instance';
import { buildAndPack } from '../scripts/n8n/package';
import { provisionRuntime } from '../scripts/n8n/provision';
import { createCluster, startServices, type Cluster } from '../scripts/n8n/queue';
import type { BenchRow, BenchSection } from './harness';

/** Posts per timed run, how many in flight, and rounds (each road once per round, in turn). */
const POSTS = 100;
const IN_FLIGHT = 50;
const ROUNDS = 2;

interface Road {
	name: string;
	workflow: Workflow;
	path: string;
}

/** The VoiceShot Trigger on call summaries, answering at once, no auth: the package's road. */
const TRIGGER: Road = {
	name: 'trigger',
	path: 'bench-trigger/voiceshot',
	workflow: {
		id: 'vsBenchTrigger01',
		name: 'Bench: VoiceShot Trigger',
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'On call summary',
				type: 'n8n-nodes-voiceshot.voiceShotTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'bench-trigger',
				parameters: {
					authentication: 'none',
					events: ['callSummary'],
					menuIds: '',
					responseMode: 'onReceived',
					// as the editor stores it in every new trigger
					options: { binaryData: true },
				},
			},
		],
		connections: {},
	},
};

/** n8n's own Webhook node, static parameters (n8n runs it without an expression isolate). */
const WEBHOOK: Road = {
	name: 'webhook',
	path: 'bench-webhook',
	workflow: {
		id: 'vsBenchWebhook01',
		name: "Bench: n8n's Webhook node",
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000002',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'bench-webhook',
				parameters: {
					httpMethod: 'POST',
					path: 'bench-webhook',
					responseMode: 'onReceived',
					options: {},
				},
			},
		],
		connections: {},
	},
};

/**
 * The other road for high volumes: the Webhook node (static parameters, Raw Body) receives the
 * post, the VoiceShot node's Post → Decode makes of it the item the trigger gives.
 */
const DECODE: Road = {
	name: 'decode',
	path: 'bench-decode',
	workflow: {
		id: 'vsBenchDecode001',
		name: 'Bench: Webhook node, then VoiceShot Post → Decode',
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000003',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'bench-decode',
				parameters: {
					httpMethod: 'POST',
					path: 'bench-decode',
					responseMode: 'onReceived',
					options: { rawBody: true },
				},
			},
			{
				id: 'b0000000-0000-4000-8000-000000000004',
				name: 'Decode Post',
				type: 'n8n-nodes-voiceshot.voiceShot',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'post', operation: 'decode' },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Decode Post', type: 'main', index: 0 }]] } },
	},
};

const ROADS = [TRIGGER, WEBHOOK, DECODE];

/**
 * n8n pings its database every 2 s and, after 3 pings slower than 5 s, answers every request 503
 * "Database is not ready!" for a while: on 2 busy cores under 50 posts at once that happens to a
 * healthy database. Timed runs wait 30 s instead.
 */
const PATIENT_DB = { DB_PING_TIMEOUT_MS: '30000' };
/** n8n's setting to build an expression isolate only when an expression needs one (default: per request). */
const LAZY_ISOLATES = { ...PATIENT_DB, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

function summary(index: number): string {
	return (
		'<?xml version="1.0" encoding="utf-8"?>\r\n' +
		`<campaign menuid="1-1234" duration="42" phonenumber="818555${String(index % 10000).padStart(4, '0')}" ` +
		`status="Successful" comment="Human Answer" callid="bench-${index}" dateandtime="12/1/2026 3:04:05 PM">\r\n` +
		'\t<prompts>\r\n\t\t<prompt promptid="1" keypress="1"></prompt>\r\n\t\t<prompt promptid="2" keypress=""></prompt>\r\n\t</prompts>\r\n' +
		'</campaign>'
	);
}

const progress = (line: string) => process.stderr.write(`  [queue bench] ${line}\n`);

/** How many executions of a workflow succeeded, and when the latest of them stopped (epoch ms). */
async function successes(
	main: N8nInstance,
	workflowId: string,
): Promise<{ count: number; lastStop: number }> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['success'] }));
	const answer = await main.request<{
		data: { count: number; results: Array<{ stoppedAt: string | null; startedAt: string }> };
	}>('GET', `/rest/executions?filter=${filter}&limit=${IN_FLIGHT}`);
	if (answer.status !== 200)
		throw new Error(`GET /rest/executions: ${answer.status} ${answer.text}`);
	const stops = answer.body.data.results.map((e) => Date.parse(e.stoppedAt ?? e.startedAt));
	return { count: answer.body.data.count, lastStop: Math.max(0, ...stops) };
}

/**
 * Posts POSTS summaries to `receiver` (IN_FLIGHT at once) and waits until as many more executions
 * of the road's workflow succeeded on `main`'s database. Summaries per second: posts / (the last
 * execution's stop − the first post).
 */
async function timedRun(
	receiver: N8nInstance,
	main: N8nInstance,
	road: Road,
	serial: { next: number },
	posts = POSTS,
): Promise<number> {
	const before = (await successes(main, road.workflow.id)).count;
	const started = Date.now();
	let next = 0;
	const failures: string[] = [];
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			while (next < posts) {
				next++;
				const body = summary(serial.next++);
				const answer = await receiver.request('POST', `/webhook/${road.path}`, {
					body,
					headers: { 'content-type': 'text/xml; charset=utf-8' },
					timeoutMs: 120_000,
				});
				if (answer.status !== 200) failures.push(`${answer.status} ${answer.text.slice(0, 100)}`);
			}
		}),
	);
	if (failures.length > 0)
		throw new Error(`${road.name}: ${failures.length} posts not answered 200: ${failures[0]}`);
	const deadline = Date.now() + 300_000;
	for (;;) {
		const done = await successes(main, road.workflow.id);
		if (done.count >= before + posts) return posts / ((done.lastStop - started) / 1000);
		if (Date.now() > deadline)
			throw new Error(`${road.name}: ${done.count - before} of ${posts} executions in 300 s`);
		await sleep(250);
	}
}

interface Setup {
	label: string;
	receiver: N8nInstance;
	main: N8nInstance;
}

/** Each road once per round, in turn; the median summaries/s of each. */
async function measureRoads(setup: Setup, serial: { next: number }): Promise<Map<string, number>> {
	const samples = new Map<string, number[]>(ROADS.map((road) => [road.name, []]));
	for (const road of ROADS) await timedRun(setup.receiver, setup.main, road, serial, IN_FLIGHT); // warm-up
	for (let round = 0; round < ROUNDS; round++) {
		for (const road of ROADS) {
			const rate = await timedRun(setup.receiver, setup.main, road, serial);
			progress(`${setup.label}, ${road.name}: ${rate.toFixed(1)} summaries/s`);
			samples.get(road.name)!.push(rate);
		}
	}
	return new Map(
		[...samples].map(([name, rates]) => {
			const sorted = [...rates].sort((a, b) => a - b);
			const middle = sorted.length >> 1;
			return [name, sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2];
		}),
	);
}

export const queueSection: BenchSection = {
	title: 'Queue mode: call summaries per second',
	description:
		`Call summaries (about 330 bytes of XML, \`text/xml\` as the simulator posts them) sent ${POSTS} at a time, ${IN_FLIGHT} in flight, to a real n8n 2.41.1 with the packed package: ` +
		'in queue mode (Redis, Postgres, a main, a webhook process receiving the posts, 2 workers, then 1) and in regular mode (one process, sqlite), as n8n ships and with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (n8n then builds an expression isolate only for an expression that needs one, instead of one per request). ' +
		"Three roads on the same posts: the VoiceShot Trigger (on Call Summary, answering at once), n8n's own Webhook node with static parameters alone, and that Webhook node (Raw Body) followed by the VoiceShot node's Post → Decode, which gives the trigger's typed item. " +
		`Summaries per second = posts / (stop of the last execution − first post); each road runs once per round, in turn, ${ROUNDS} rounds after a warm-up of ${IN_FLIGHT} posts each, median shown. ` +
		'A warning on reading it: on 2 cores, n8n, Redis, Postgres and this client share the CPU.',
	run: async (): Promise<BenchRow[]> => {
		const runtime = await provisionRuntime();
		const scratch = mkdtempSync(join(tmpdir(), 'voiceshot-queue-bench-'));
		const services = await startServices();
		let cluster: Cluster | undefined;
		let regular: N8nInstance | undefined;
		let lazy: N8nInstance | undefined;
		try {
			const tarball = await buildAndPack(scratch, { build: 'ifStale' });
			cluster = await createCluster({ services, runtime, workers: 2, env: PATIENT_DB });
			regular = await createInstance({ runtime, env: PATIENT_DB });
			lazy = await createInstance({ runtime, env: LAZY_ISOLATES });
			const workflows = ROADS.map((road) => road.workflow);
			// no credentials: none of the roads talks to VoiceShot
			const prepare = async (n8n: N8nInstance) => {
				await n8n.importWorkflows(workflows);
				for (const workflow of workflows) await n8n.publishWorkflow(workflow.id);
			};
			await Promise.all([
				cluster.installPackage(tarball),
				regular.installPackage(tarball),
				lazy.installPackage(tarball),
			]);
			progress(
				'importing the workflows; starting regular mode and queue mode (main, webhook, 2 workers)',
			);
			await Promise.all([
				prepare(cluster.main).then(() => cluster!.start()),
				prepare(regular).then(async () => {
					await regular!.start({ timeoutMs: 180_000 });
					await regular!.setupOwner();
				}),
			]);

			const serial = { next: 0 };
			const regularRates = await measureRoads(
				{ label: 'regular', receiver: regular, main: regular },
				serial,
			);
			await regular.stop();
			await prepare(lazy);
			await lazy.start({ timeoutMs: 180_000 });
			await lazy.setupOwner();
			const lazyRates = await measureRoads(
				{ label: 'regular, lazy isolates', receiver: lazy, main: lazy },
				serial,
			);
			await lazy.stop();
			const twoWorkers = await measureRoads(
				{ label: 'queue, 2 workers', receiver: cluster.webhook, main: cluster.main },
				serial,
			);
			await cluster.workers[1].stop();
			const oneWorker = await measureRoads(
				{ label: 'queue, 1 worker', receiver: cluster.webhook, main: cluster.main },
				serial,
			);

			const rate = (rates: Map<string, number>, road: Road) => rates.get(road.name)!;
			const detail = (rates: Map<string, number>, label: string) =>
				`${label}: trigger ${rate(rates, TRIGGER).toFixed(1)}/s, Webhook node ${rate(rates, WEBHOOK).toFixed(1)}/s, ` +
				`Webhook node + Post → Decode ${rate(rates, DECODE).toFixed(1)}/s`;
			const all = [
				detail(regularRates, 'regular'),
				detail(lazyRates, 'regular with lazy isolates'),
				detail(twoWorkers, 'queue 2 workers'),
				detail(oneWorker, 'queue 1 worker'),
			].join('; ');
			return [
				{
					figure: 'trigger, summaries/s: queue mode with 2 workers / regular mode',
					ratio: rate(twoWorkers, TRIGGER) / rate(regularRates, TRIGGER),
					unit: '× regular mode',
					detail: all,
				},
				{
					figure: 'trigger, summaries/s: queue mode with 1 worker / regular mode',
					ratio: rate(oneWorker, TRIGGER) / rate(regularRates, TRIGGER),
					unit: '× regular mode',
					detail: all,
				},
				{
					figure: 'trigger, summaries/s in queue mode: 2 workers / 1 worker',
					ratio: rate(twoWorkers, TRIGGER) / rate(oneWorker, TRIGGER),
					unit: '× 1 worker',
					detail: all,
				},
				{
					figure: "summaries/s, regular mode: trigger / n8n's Webhook node on the same posts",
					ratio: rate(regularRates, TRIGGER) / rate(regularRates, WEBHOOK),
					unit: '× the Webhook node',
					detail: all,
				},
				{
					figure:
						"summaries/s, queue mode with 2 workers: trigger / n8n's Webhook node on the same posts",
					ratio: rate(twoWorkers, TRIGGER) / rate(twoWorkers, WEBHOOK),
					unit: '× the Webhook node',
					detail: all,
				},
				{
					figure:
						'typed summaries/s, regular mode: Webhook node + VoiceShot Post → Decode / VoiceShot Trigger',
					ratio: rate(regularRates, DECODE) / rate(regularRates, TRIGGER),
					unit: '× the trigger',
					detail: all,
				},
				{
					figure:
						'typed summaries/s, regular mode with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true: Webhook node + VoiceShot Post → Decode / VoiceShot Trigger',
					ratio: rate(lazyRates, DECODE) / rate(lazyRates, TRIGGER),
					unit: '× the trigger',
					detail: all,
				},
				{
					figure:
						'summaries/s, regular mode: with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true / without, VoiceShot Trigger',
					ratio: rate(lazyRates, TRIGGER) / rate(regularRates, TRIGGER),
					unit: '× without',
					detail: all,
				},
				{
					figure:
						'summaries/s, regular mode: with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true / without, Webhook node + VoiceShot Post → Decode',
					ratio: rate(lazyRates, DECODE) / rate(regularRates, DECODE),
					unit: '× without',
					detail: all,
				},
				{
					figure:
						'typed summaries/s, queue mode with 2 workers: Webhook node + VoiceShot Post → Decode / VoiceShot Trigger',
					ratio: rate(twoWorkers, DECODE) / rate(twoWorkers, TRIGGER),
					unit: '× the trigger',
					detail: all,
				},
				{
					figure:
						'typed summaries/s, queue mode with 1 worker: Webhook node + VoiceShot Post → Decode / VoiceShot Trigger',
					ratio: rate(oneWorker, DECODE) / rate(oneWorker, TRIGGER),
					unit: '× the trigger',
					detail: all,
				},
			];
		} finally {
			await cluster?.dispose();
			await regular?.dispose();
			await lazy?.dispose();
			await services.dispose();
			rmSync(scratch, { recursive: true, force: true });
		}
	},
};
