/**
 * n8n in queue mode on this machine, for `npm start -- --queue`, the queue-mode end-to-end suite
 * and the bench: Redis and Postgres as instances of their own on loopback ports (services.ts:
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
import { createInstance, type InstanceOptions, type N8nInstance } from './instance';
import { distinctPorts } from './ports';
import { provisionRuntime, type RuntimePaths } from './provision';
import type { QueueServices } from './services';

export { startServices, type QueueServices } from './services';

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
