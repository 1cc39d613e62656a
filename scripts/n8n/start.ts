/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- development tooling, never published: it drives n8n processes */
/**
 * `npm start`: try the package in a real n8n, with no VoiceShot account.
 *
 *   1. provisions n8n and the Node.js it needs into .cache/n8n-runtime (first run: minutes)
 *   2. builds this package, packs it, installs the tarball into n8n as a community package
 *   3. starts the VoiceShot simulator and n8n on 127.0.0.1; on first start imports the example
 *      workflows of examples/, activates the two trigger workflows, creates the owner;
 *      on every start imports the credentials pointing at the simulator
 *   4. prints the editor URL and the login; Ctrl+C stops n8n and the simulator
 *
 *   npm start -- --port=5700        n8n's port (default 5678, or a free one when taken)
 *   npm start -- --sim-port=8800    the simulator's port (default 8787, or a free one)
 *   npm start -- --call-delay=500   ms from a call being sent to its completion (default 3000)
 *   npm start -- --fresh            forget the previous instance (workflows, executions, owner)
 *   npm start -- --no-build         pack dist/ as it is (after your own `npm run build`)
 *   npm start -- --verbose          show n8n's own output (always in .cache/n8n-dev.log) and, on
 *                                   the first run, npm's and the compiler's (else in
 *                                   .cache/n8n-runtime/provision.log)
 *
 * n8n's GENERIC_TIMEZONE and the simulator's dates share one zone: GENERIC_TIMEZONE when set, else
 * this machine's (timezone.ts).
 *   npm start -- --queue            n8n's queue mode: Redis, Postgres, main, webhook process,
 *                                   2 workers (scripts/n8n/queue.ts); fresh on every start
 *
 * The instance's data persists in .cache/n8n-dev/ between runs (not in queue mode).
 */
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import {
	EXAMPLES,
	exampleOutcomes,
	importExamples,
	loadAllExamples,
	simulatorCampaigns,
} from './examples';
import { createInstance, DEFAULT_OWNER, type N8nInstance } from './instance';
import { buildAndPack } from './package';
import { portOr } from './ports';
import { provisionLogPath, provisionRuntime, REPO_ROOT } from './provision';
import { createCluster, startServices, type QueueServices } from './queue';
import { sleep } from './sleep';
import { sharedTimeZone } from './timezone';

const say = (line: string) => process.stdout.write(`[npm start] ${line}\n`);

function option(name: string): string | undefined {
	const prefix = `--${name}=`;
	return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function numberOption(name: string, fallback: number): number {
	const text = option(name);
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value < 0)
		throw new Error(`--${name} needs a whole number, got ${text}`);
	return value;
}

/** `preferred` when nothing listens on it on 127.0.0.1, else a free port. */
function portFor(preferred: number, what: string): Promise<number> {
	return portOr(preferred, (port) => say(`port ${preferred} is taken: ${what} uses ${port}`));
}

/** The n8n of `npm start`: one process, or (with --queue) main, webhook process and workers. */
interface Engine {
	/** where the editor is */
	main: N8nInstance;
	/** where VoiceShot's callbacks go (the main, or the webhook process) */
	webhookBaseUrl: string;
	/** lines for the banner after the login */
	describe: string[];
	install(tarball: string): Promise<void>;
	/** starts n8n and creates the owner on a fresh instance */
	start(): Promise<void>;
	isRunning(): boolean;
	stop(): Promise<void>;
}

async function main(): Promise<void> {
	const started = Date.now();
	const queue = process.argv.includes('--queue');
	const userFolder = join(REPO_ROOT, '.cache', 'n8n-dev');
	const verbose = process.argv.includes('--verbose');
	if (process.argv.includes('--fresh') && !queue) {
		say(`--fresh: removing ${userFolder}`);
		rmSync(userFolder, { recursive: true, force: true });
	}
	// queue mode starts from nothing every time: its Postgres and user folders are temporary
	const scratch = mkdtempSync(join(tmpdir(), 'voiceshot-start-'));
	const filesDir = join(queue ? scratch : userFolder, 'files');
	const examplesMarker = join(userFolder, 'examples-imported.json');

	/** what is running, for the signal handlers */
	const running: { engine?: Engine; services?: QueueServices; sim?: Simulator } = {};
	let stopping = false;
	const stop = async (why: string, code: number) => {
		if (stopping) return;
		stopping = true;
		say(`${why}: stopping n8n${queue ? ', Redis, Postgres' : ''} and the simulator`);
		await running.engine?.stop().catch((error: Error) => say(`stopping n8n: ${error.message}`));
		await running.services
			?.dispose()
			.catch((error: Error) => say(`stopping Redis and Postgres: ${error.message}`));
		await running.sim?.close().catch(() => undefined);
		rmSync(scratch, { recursive: true, force: true });
		say('stopped');
		process.exit(code); // the exit hook of instance.ts kills any process still running
	};
	process.on('SIGINT', () => void stop('Ctrl+C', 0));
	process.on('SIGTERM', () => void stop('SIGTERM', 0));
	try {
		await run();
	} catch (error) {
		say(`failed: ${error instanceof Error ? error.message : String(error)}`);
		await stop('failed', 1);
	}

	async function run(): Promise<void> {
		say(
			`1/4 n8n runtime (.cache/n8n-runtime; the first run installs n8n: several minutes, npm's and the compiler's output in ${relative(REPO_ROOT, provisionLogPath())}${verbose ? '' : ', --verbose shows it here'})`,
		);
		const runtime = await provisionRuntime({ quiet: !verbose });

		say('2/4 this package: build, pack, install into n8n as a community package');
		const n8nPort = await portFor(numberOption('port', 5678), 'n8n');
		const simPort = await portFor(numberOption('sim-port', 8787), 'the simulator');
		const logFile = createWriteStream(join(REPO_ROOT, '.cache', 'n8n-dev.log'), { flags: 'w' });
		const log = (name: string, line: string) => {
			logFile.write(`${queue ? `[${name}] ` : ''}${line}\n`);
			if (verbose) process.stdout.write(`[${name}] ${line}\n`);
		};
		// n8n reads the simulator's dates in GENERIC_TIMEZONE: both from one zone
		const zone = sharedTimeZone();
		const env = { N8N_RESTRICT_FILE_ACCESS_TO: filesDir, GENERIC_TIMEZONE: zone.timeZone };
		let engine: Engine;
		let firstStart: boolean;
		if (queue) {
			say(
				"queue mode: Redis and Postgres of their own on loopback (Debian's redis-server, postgresql)",
			);
			running.services = await startServices({ log: (line) => log('services', line) });
			const cluster = await createCluster({
				services: running.services,
				runtime,
				workers: 2,
				mainPort: n8nPort,
				env,
				log,
			});
			const [, , ...workerProcesses] = cluster.processes;
			engine = {
				main: cluster.main,
				webhookBaseUrl: cluster.webhook.baseUrl,
				describe: [
					`  queue mode     main ${cluster.main.baseUrl} (editor), webhook process ${cluster.webhook.baseUrl},`,
					`                 ${workerProcesses.map(({ name, instance }) => `${name} (health ${instance.baseUrl}/healthz)`).join(', ')};`,
					`                 Redis 127.0.0.1:${running.services.redis.port}, Postgres 127.0.0.1:${running.services.postgres.port}`,
				],
				install: (tarball) => cluster.installPackage(tarball),
				start: async () => {
					say('starting main, then the webhook process and 2 workers');
					await cluster.start();
				},
				isRunning: () => cluster.processes.every(({ instance }) => instance.isRunning),
				stop: () => cluster.dispose(),
			};
			firstStart = true;
		} else {
			const n8n = await createInstance({
				runtime,
				userFolder,
				port: n8nPort,
				env,
				log: (line) => log('n8n', line),
			});
			engine = {
				main: n8n,
				webhookBaseUrl: n8n.baseUrl,
				describe: [],
				install: (tarball) => n8n.installPackage(tarball).then(() => undefined),
				start: async () => {
					await n8n.start({ timeoutMs: 180_000 });
					const settings = await n8n.request('GET', '/rest/settings');
					const setup = (
						settings.body as { data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } }
					).data;
					if (setup?.userManagement?.showSetupOnFirstLoad) await n8n.setupOwner();
				},
				isRunning: () => n8n.isRunning,
				stop: () => n8n.stop(),
			};
			firstStart = !existsSync(examplesMarker);
		}
		running.engine = engine;
		const packFolder = join(scratch, 'pack');
		const tarball = await buildAndPack(packFolder, {
			log: say,
			build: process.argv.includes('--no-build') ? 'never' : 'always',
		});
		await engine.install(tarball);

		say('3/4 the VoiceShot simulator and n8n');
		const sim = await startSimulator({
			port: simPort,
			primaryPort: false,
			campaigns: simulatorCampaigns(engine.webhookBaseUrl),
			outcomes: exampleOutcomes(),
			callDelayMs: numberOption('call-delay', 3000),
			timezoneOffsetMinutes: zone.offsetMinutes,
			log: (line) => process.stdout.write(`[simulator] ${line}\n`),
		});
		running.sim = sim;
		const n8n = engine.main;
		if (firstStart)
			say('importing the credentials and the example workflows, activating the triggers');
		else
			say(
				'importing the credentials (the example workflows were imported before: --fresh imports them again)',
			);
		await importExamples(n8n, { filesDir, apiUrl: sim.url, workflows: firstStart });
		if (firstStart && !queue)
			writeFileSync(
				examplesMarker,
				JSON.stringify(
					loadAllExamples().map(({ id, name }) => ({ id, name })),
					null,
					2,
				),
			);
		await engine.start();

		const url = n8n.baseUrl;
		say(`4/4 ready in ${Math.round((Date.now() - started) / 1000)} s`);
		process.stdout.write(
			[
				'',
				`  n8n editor     ${url}`,
				`  login          ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`,
				`  simulator      ${sim.url}  (what it saw: ${sim.baseUrl}/_sim/state)`,
				`  time zone      ${zone.timeZone} (n8n's GENERIC_TIMEZONE and the simulator's dates; set GENERIC_TIMEZONE to change it)`,
				...engine.describe,
				'',
				'  Example workflows (credentials "VoiceShot account" point at the simulator):',
				`    ${url}/workflow/${EXAMPLES.spreadsheet.id}   calls from a spreadsheet: open it, click "Execute workflow"`,
				`    ${url}/workflow/${EXAMPLES.summaries.id}   call summaries (active): one execution per finished call`,
				`    ${url}/workflow/${EXAMPLES.ivr.id}   live IVR (active): answers the callers who press keys`,
				`    ${url}/workflow/${EXAMPLES.agent.id}   AI agent placing calls: needs your own chat model credentials`,
				`    ${url}/workflow/${EXAMPLES.onCall.id}   on-call escalation: Execute workflow "from When clicking…" (its menu); the engineer presses 1`,
				'',
				'  Six calls go out; the simulator completes them a few seconds later (lines below), posts',
				"  keypresses to the IVR and summaries to the summary workflow: see each workflow's Executions tab.",
				`  n8n's output: .cache/n8n-dev.log. Ctrl+C stops ${queue ? 'every process' : 'n8n and the simulator'}.`,
				'',
			].join('\n') + '\n',
		);

		// stay up until n8n exits on its own or a signal stops it
		while (engine.isRunning()) await sleep(1000);
		if (!stopping) await stop(`n8n exited (see .cache/n8n-dev.log)`, 1);
	}
}

main().catch((error: unknown) => {
	say(`failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
