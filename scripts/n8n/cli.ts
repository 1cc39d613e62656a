/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- development tooling, never published: it drives n8n processes */
/**
 * An n8n instance on this machine and its command line: its user folder and environment, `n8n`
 * commands run to completion (import, publish, export), the community package installed, and the
 * server process started and stopped in a process group of its own (`processes.ts`).
 */
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { installCommunityPackage } from './install';
import { killGroup, spawnGroup, stopGroup, type ProcessResult } from './processes';
import { node24Env, type RuntimePaths } from './runtime';
import { sleep } from './sleep';

/** Fixed key so that credentials imported in one run decrypt in the next (test data only). */
export const DEFAULT_ENCRYPTION_KEY = 'dummy-encryption-key-for-local-test-instances';

export interface CliOptions {
	/** use this user folder (kept on dispose) instead of a fresh temp folder (removed on dispose) */
	userFolder?: string;
	/** HTTP port; default: a free port */
	port?: number;
	/** task-runner broker port; default: a free port */
	brokerPort?: number;
	encryptionKey?: string;
	/** extra environment for every n8n process of this instance */
	env?: Record<string, string>;
	/** where n8n's output goes; default: kept in memory only (see `logs()`) */
	log?: (line: string) => void;
	/** runtime paths; default: `provisionRuntime()` */
	runtime?: RuntimePaths;
}

export type CliResult = ProcessResult;

/** A workflow or credential as the CLI imports it: at least an `id`. */
export type Importable = { id: string; [key: string]: unknown };

export class N8nError extends Error {}

export class N8nCli {
	readonly userFolder: string;
	readonly baseUrl: string;
	readonly env: NodeJS.ProcessEnv;
	private readonly ownsFolder: boolean;
	protected server: ChildProcess | undefined;
	private output: string[] = [];
	private readonly log?: (line: string) => void;

	constructor(
		readonly runtime: RuntimePaths,
		readonly port: number,
		readonly brokerPort: number,
		options: CliOptions = {},
	) {
		this.ownsFolder = !options.userFolder;
		this.userFolder = options.userFolder
			? resolve(options.userFolder)
			: mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
		mkdirSync(join(this.userFolder, '.n8n'), { recursive: true });
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.log = options.log;
		this.env = node24Env(runtime, {
			N8N_USER_FOLDER: this.userFolder,
			DB_TYPE: 'sqlite',
			N8N_ENCRYPTION_KEY: options.encryptionKey ?? DEFAULT_ENCRYPTION_KEY,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(port),
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_PUBLIC_API_DISABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			// keeps n8n's traffic on loopback: this module fetches a catalogue from api.n8n.io
			N8N_DISABLED_MODULES: 'mcp-registry',
			...options.env,
		});
	}

	/** Everything n8n's processes wrote so far (server and CLI), for diagnostics. */
	logs(): string {
		return this.output.join('');
	}

	get isRunning(): boolean {
		return this.server !== undefined;
	}

	protected record(chunk: Buffer | string): void {
		const text = chunk.toString();
		this.output.push(text);
		if (this.output.length > 5000) this.output = this.output.slice(-2500);
		if (this.log) for (const line of text.split('\n')) if (line.trim()) this.log(line);
	}

	private spawnN8n(args: string[]): ChildProcess {
		// own process group: stop kills n8n and its task runners together
		return spawnGroup(this.runtime.node, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env,
		});
	}

	/** Runs `n8n <args>` to completion (a CLI command; n8n must be stopped for most of them). */
	async cli(
		args: string[],
		options: { allowFailure?: boolean; timeoutMs?: number } = {},
	): Promise<CliResult> {
		const timeoutMs = options.timeoutMs ?? 120_000;
		const child = this.spawnN8n(args);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			this.record(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			this.record(chunk);
		});
		const code = await new Promise<number>((resolvePromise, reject) => {
			const timer = setTimeout(() => {
				killGroup(child, 'SIGKILL');
				reject(
					new N8nError(
						`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`,
					),
				);
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(new N8nError(`could not run n8n ${args.join(' ')}: ${error.message}`));
			});
			child.on('close', (exitCode) => {
				clearTimeout(timer);
				killGroup(child, 'SIGKILL'); // anything it left behind in its group
				resolvePromise(exitCode ?? 1);
			});
		});
		if (code !== 0 && !options.allowFailure) {
			throw new N8nError(
				`n8n ${args.join(' ')} exited with code ${code}\n--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`,
			);
		}
		return { code, stdout, stderr };
	}

	protected assertStopped(what: string): void {
		if (this.server) throw new N8nError(`${what} needs n8n stopped (call stop() first)`);
	}

	/** Folder where n8n looks for community packages. */
	get nodesFolder(): string {
		return join(this.userFolder, '.n8n', 'nodes');
	}

	/**
	 * Installs a packed package (`npm pack` output) as a community package, laid out the way n8n's
	 * own installer does (`installCommunityPackage`). Returns the package's name.
	 */
	async installPackage(tarball: string): Promise<string> {
		this.assertStopped('installPackage');
		const { name, output } = await installCommunityPackage(
			tarball,
			this.nodesFolder,
			this.runtime,
			this.env,
		);
		this.record(output);
		return name;
	}

	private async importItems(kind: 'workflow' | 'credentials', items: Importable[]): Promise<void> {
		this.assertStopped(`import:${kind}`);
		if (items.length === 0) return;
		const file = join(
			this.userFolder,
			`import-${kind}-${Date.now()}-${randomBytes(3).toString('hex')}.json`,
		);
		writeFileSync(file, JSON.stringify(items, null, 2));
		try {
			await this.cli([`import:${kind}`, `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	/** `n8n import:workflow`: each workflow needs an `id`. Imported inactive. */
	async importWorkflows(workflows: Importable[]): Promise<void> {
		await this.importItems('workflow', workflows);
	}

	/** `n8n import:credentials`: plain `data`, encrypted by n8n with the instance's key. */
	async importCredentials(credentials: Importable[]): Promise<void> {
		await this.importItems('credentials', credentials);
	}

	/** `n8n publish:workflow`: activates a workflow while n8n is stopped. */
	async publishWorkflow(id: string): Promise<void> {
		this.assertStopped('publish:workflow');
		await this.cli(['publish:workflow', `--id=${id}`]);
	}

	/** `n8n export:nodes`: the node types this instance loads (with community packages). */
	async exportNodes(): Promise<
		Array<{ name: string; version: number | number[]; [key: string]: unknown }>
	> {
		this.assertStopped('export:nodes');
		const file = join(this.userFolder, `nodes-${Date.now()}.json`);
		try {
			await this.cli(['export:nodes', `--output=${file}`]);
			return JSON.parse(readFileSync(file, 'utf8')) as Array<{
				name: string;
				version: number | number[];
			}>;
		} finally {
			rmSync(file, { force: true });
		}
	}

	/**
	 * Starts `n8n start` (or, in queue mode, `n8n webhook` or `n8n worker`: a worker answers on
	 * `port` with QUEUE_HEALTH_CHECK_ACTIVE and QUEUE_HEALTH_CHECK_PORT set) and resolves once
	 * `/healthz/readiness` answers 200.
	 */
	async start(
		options: { timeoutMs?: number; command?: 'start' | 'webhook' | 'worker' } = {},
	): Promise<void> {
		if (this.server) return;
		const timeoutMs = options.timeoutMs ?? 120_000;
		const child = this.spawnN8n([options.command ?? 'start']);
		this.server = child;
		child.stdout?.on('data', (chunk: Buffer) => this.record(chunk));
		child.stderr?.on('data', (chunk: Buffer) => this.record(chunk));
		let exited: string | undefined;
		child.on('close', (code, signal) => {
			exited = `n8n exited (${signal ?? `code ${code}`})`;
			if (this.server === child) this.server = undefined;
		});
		child.on('error', (error) => (exited = `could not start n8n: ${error.message}`));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (exited) throw new N8nError(`${exited} before it was ready\n${this.logs().slice(-6000)}`);
			try {
				const response = await fetch(`${this.baseUrl}/healthz/readiness`, {
					signal: AbortSignal.timeout(2000),
				});
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await sleep(250);
		}
		await this.stop();
		throw new N8nError(`n8n was not ready after ${timeoutMs} ms\n${this.logs().slice(-6000)}`);
	}

	/** Stops n8n: SIGTERM to its process group, SIGKILL after `graceMs`; waits until the group is empty. */
	async stop(options: { graceMs?: number } = {}): Promise<void> {
		const child = this.server;
		if (child) await stopGroup(child, options);
		this.server = undefined;
	}

	/** Kills n8n's process group at once (SIGKILL), as a crash or an OOM kill would. */
	async kill(): Promise<void> {
		const child = this.server;
		if (child) await stopGroup(child, { signal: 'SIGKILL' });
		this.server = undefined;
	}

	/** Stops n8n and removes the user folder when this instance created it. */
	async dispose(): Promise<void> {
		await this.stop();
		if (this.ownsFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}
}
