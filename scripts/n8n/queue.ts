/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- development tooling, never published: it drives n8n processes, Redis and Postgres */
/**
 * n8n in queue mode on this machine, for `npm start -- --queue`, the queue-mode end-to-end suite
 * and the bench: Redis and Postgres as instances of their own on loopback ports (Debian's
 * `redis-server` and `postgresql`), then a main process, a webhook process and workers, each an
 * N8nInstance (instance.ts) with a user folder of its own and the package installed into each.
 *
 *   const services = await startServices();              // Redis + Postgres, temp folders
 *   const cluster = await createCluster({ services, workers: 2 });
 *   await cluster.installPackage(tarball);                // into every process's user folder
 *   await cluster.main.importWorkflows([...]);            // the CLI on the main's folder: one database
 *   await cluster.start();                                // main (migrations, owner), then webhook + workers
 *   cluster.webhook.callWebhook(...); cluster.main.listExecutions(...);
 *   cluster.workerOf(executionId);                        // which worker ran it (its log)
 *   await cluster.dispose(); await services.dispose();
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	createInstance,
	freePort,
	N8nError,
	sleep,
	spawnGroup,
	stopGroup,
	type InstanceOptions,
	type N8nInstance,
} from './instance';
import { provisionRuntime, type RuntimePaths } from './provision';

/** What a user's queue-mode n8n needs besides the defaults of instance.ts (docs/queue-mode.md). */
export function queueEnv(
	services: Pick<QueueServices, 'redis' | 'postgres'>,
): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(services.redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(services.postgres.port),
		DB_POSTGRESDB_DATABASE: services.postgres.database,
		DB_POSTGRESDB_USER: services.postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// n8n's default of 2 connections: 50 posts at once starve the webhook process's health
		// ping, and it answers 503 "Database is not ready!" to everything for seconds
		DB_POSTGRESDB_POOL_SIZE: '10',
		// n8n removes a finished job at once (0): a process that missed the job's completion
		// event then waits for it forever, and a trigger answering When Last Node Finishes never
		// answers (docs/queue-mode.md); kept, the job is found by the queue's 5 s re-check
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
	};
}

export interface QueueServices {
	redis: { port: number };
	postgres: { port: number; database: string; user: string };
	/** what Redis and Postgres wrote, for diagnostics */
	logs(): string;
	/** stops both and removes their folders */
	dispose(): Promise<void>;
}

const MISSING =
	'queue mode needs Debian\'s redis-server and postgresql: run "apt-get install -y redis-server postgresql"';

/** The newest Postgres server programs Debian installed (`/usr/lib/postgresql/<version>/bin`). */
function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) throw new N8nError(`no ${root}/*/bin/initdb: ${MISSING}`);
	return join(root, versions[0], 'bin');
}

function redisServer(): string {
	for (const folder of (process.env.PATH ?? '').split(':'))
		if (folder && existsSync(join(folder, 'redis-server'))) return join(folder, 'redis-server');
	throw new N8nError(`no redis-server on PATH: ${MISSING}`);
}

/** Postgres refuses to run as root: then its cluster belongs to Debian's `postgres` user. */
function postgresUser(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

function portAnswers(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolvePromise(true);
		});
		socket.once('error', () => resolvePromise(false));
	});
}

/**
 * Starts Redis and Postgres as instances of this run only: each in a temp folder, on a free
 * loopback port, without persistence; Postgres as its own cluster (`initdb`), trusting loopback.
 */
export async function startServices(
	options: { log?: (line: string) => void } = {},
): Promise<QueueServices> {
	const bin = postgresBin();
	const redisBinary = redisServer();
	const output: string[] = [];
	const record = (name: string) => (chunk: Buffer) => {
		const text = chunk.toString();
		output.push(text);
		if (output.length > 2000) output.splice(0, 1000);
		if (options.log)
			for (const line of text.split('\n')) if (line.trim()) options.log(`[${name}] ${line}`);
	};
	const folder = mkdtempSync(join(tmpdir(), 'voiceshot-queue-services-'));
	const children: ChildProcess[] = [];
	const dispose = async () => {
		for (const child of children.reverse()) await stopGroup(child, { graceMs: 10_000 });
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		const redisPort = await freePort();
		let pgPort = await freePort();
		while (pgPort === redisPort) pgPort = await freePort();

		const redis = spawnGroup(
			redisBinary,
			[
				'--port',
				String(redisPort),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				folder,
			],
			{ cwd: folder, env: process.env },
		);
		children.push(redis);
		redis.stdout?.on('data', record('redis'));
		redis.stderr?.on('data', record('redis'));

		const user = postgresUser();
		const data = join(folder, 'postgres');
		const pgEnv = { ...process.env, LC_ALL: 'C.UTF-8' };
		if (user.uid !== undefined) chownSync(folder, user.uid, user.gid!);
		execFileSync(
			join(bin, 'initdb'),
			['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'],
			{ ...user, cwd: folder, env: pgEnv, stdio: 'pipe' },
		);
		const postgres = spawnGroup(
			join(bin, 'postgres'),
			[
				'-D',
				data,
				'-p',
				String(pgPort),
				'-c',
				'listen_addresses=127.0.0.1',
				'-c',
				`unix_socket_directories=${folder}`,
				'-c',
				'fsync=off',
				'-c',
				'max_connections=200',
			],
			{ ...user, cwd: folder, env: pgEnv },
		);
		children.push(postgres);
		postgres.stdout?.on('data', record('postgres'));
		postgres.stderr?.on('data', record('postgres'));

		const deadline = Date.now() + 60_000;
		for (;;) {
			for (const child of children)
				if (child.exitCode !== null)
					throw new N8nError(`a service exited (${child.exitCode})\n${output.join('')}`);
			const ready = await portAnswers(redisPort);
			const pgReady =
				ready &&
				(() => {
					try {
						execFileSync(
							join(bin, 'pg_isready'),
							['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres'],
							{
								stdio: 'ignore',
							},
						);
						return true;
					} catch {
						return false;
					}
				})();
			if (pgReady) break;
			if (Date.now() > deadline)
				throw new N8nError(`Redis or Postgres not ready after 60 s\n${output.join('')}`);
			await sleep(200);
		}
		execFileSync(
			join(bin, 'createdb'),
			['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', 'n8n'],
			{ env: pgEnv, stdio: 'pipe' },
		);
		return {
			redis: { port: redisPort },
			postgres: { port: pgPort, database: 'n8n', user: 'postgres' },
			logs: () => output.join(''),
			dispose,
		};
	} catch (error) {
		await dispose();
		throw error;
	}
}

export interface ClusterOptions {
	services: QueueServices;
	workers?: number;
	runtime?: RuntimePaths;
	/** main's HTTP port (the editor); default: a free port */
	mainPort?: number;
	/** the webhook process's port; default: a free port */
	webhookPort?: number;
	/** environment of every process (e.g. N8N_RESTRICT_FILE_ACCESS_TO, QUEUE_WORKER_* timings) */
	env?: Record<string, string>;
	/** every process's output, line by line, with its name */
	log?: (process: string, line: string) => void;
	/** the main's user folder (kept on dispose); default: a temp folder */
	mainUserFolder?: string;
}

export interface Cluster {
	main: N8nInstance;
	webhook: N8nInstance;
	workers: N8nInstance[];
	/** every process, with its name: main, webhook, worker-1, … */
	processes: Array<{ name: string; instance: N8nInstance }>;
	installPackage(tarball: string): Promise<void>;
	/** main first (it migrates the database), then the webhook process and the workers together */
	start(options?: { setupOwner?: boolean }): Promise<void>;
	/** starts one stopped worker again */
	startWorker(index: number): Promise<void>;
	stop(): Promise<void>;
	dispose(): Promise<void>;
	/** the workers whose log says they started this execution ("Worker started execution N"), in order */
	workersOf(executionId: string | number): string[];
}

async function distinctPorts(count: number, taken: number[]): Promise<number[]> {
	const ports: number[] = [];
	while (ports.length < count) {
		const port = await freePort();
		if (!ports.includes(port) && !taken.includes(port)) ports.push(port);
	}
	return ports;
}

/** Creates main, webhook and worker instances sharing the services; starts nothing. */
export async function createCluster(options: ClusterOptions): Promise<Cluster> {
	const workerCount = options.workers ?? 2;
	const taken = [
		options.services.redis.port,
		options.services.postgres.port,
		...(options.mainPort ? [options.mainPort] : []),
		...(options.webhookPort ? [options.webhookPort] : []),
	];
	const processCount = 2 + workerCount;
	// HTTP (or worker health) port and task-runner broker port of each process, none shared
	const ports = await distinctPorts(2 * processCount, taken);
	const httpPort = (index: number) =>
		index === 0 && options.mainPort
			? options.mainPort
			: index === 1 && options.webhookPort
				? options.webhookPort
				: ports[2 * index];
	const webhookUrl = `http://127.0.0.1:${httpPort(1)}/`;
	const shared = { ...queueEnv(options.services), WEBHOOK_URL: webhookUrl, ...options.env };
	const roles: Array<{ name: string; env: Record<string, string>; userFolder?: string }> = [
		{
			name: 'main',
			env: {
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			},
			userFolder: options.mainUserFolder,
		},
		{ name: 'webhook', env: {} },
		...Array.from({ length: workerCount }, (_, index) => ({
			name: `worker-${index + 1}`,
			env: {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(httpPort(2 + index)),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		})),
	];
	const runtime = options.runtime ?? (await provisionRuntime());
	const ranBy = new Map<string, string[]>();
	const processes: Cluster['processes'] = [];
	for (const [index, role] of roles.entries()) {
		const instanceOptions: InstanceOptions = {
			runtime,
			port: httpPort(index),
			brokerPort: ports[2 * index + 1],
			userFolder: role.userFolder,
			env: { ...shared, ...role.env },
			log: (line) => {
				const started = /Worker started execution (\d+) \(job/.exec(line);
				if (started) ranBy.set(started[1], [...(ranBy.get(started[1]) ?? []), role.name]);
				options.log?.(role.name, line);
			},
		};
		processes.push({ name: role.name, instance: await createInstance(instanceOptions) });
	}
	const [main, webhook, ...workers] = processes.map((entry) => entry.instance);
	const command = (index: number) => (index === 0 ? 'start' : index === 1 ? 'webhook' : 'worker');

	const cluster: Cluster = {
		main,
		webhook,
		workers,
		processes,
		async installPackage(tarball) {
			await Promise.all(processes.map(({ instance }) => instance.installPackage(tarball)));
		},
		async start(startOptions = {}) {
			await main.start({ timeoutMs: 180_000 });
			if (startOptions.setupOwner ?? true) await main.setupOwner();
			await Promise.all(
				processes
					.slice(1)
					.map(({ instance }, index) =>
						instance.start({ command: command(index + 1), timeoutMs: 180_000 }),
					),
			);
		},
		async startWorker(index) {
			await workers[index].start({ command: 'worker', timeoutMs: 180_000 });
		},
		async stop() {
			// workers and webhook first: they finish what they run; main last
			await Promise.all(processes.slice(1).map(({ instance }) => instance.stop()));
			await main.stop();
		},
		async dispose() {
			await cluster.stop();
			for (const { instance } of processes) await instance.dispose();
		},
		workersOf(executionId) {
			return ranBy.get(String(executionId)) ?? [];
		},
	};
	return cluster;
}
