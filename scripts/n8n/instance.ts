/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- development tooling, never published: it drives n8n processes */
/**
 * Drives a real n8n (the one `provision.ts` installs) for `npm start` and the end-to-end tests.
 *
 *   const n8n = await createInstance();              // temp user folder, free ports, nothing running
 *   await n8n.installPackage('/path/to/pkg.tgz');    // as a community package, while stopped
 *   await n8n.importCredentials([...]);               // CLI, while stopped
 *   await n8n.importWorkflows([...]);
 *   await n8n.publishWorkflow('wf-id');               // activate, while stopped
 *   await n8n.start();                                // `n8n start`, waits for /healthz/readiness
 *   await n8n.setupOwner();                           // owner + API key over HTTP
 *   const executions = await n8n.waitForExecutions('wf-id', 1);
 *   await n8n.dispose();                              // stops the process group, removes the folder
 *
 * Each n8n process runs in its own process group (detached), so stopping kills n8n and everything
 * it started (task runners). A process-exit hook kills any group still alive if the caller forgot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { node24Env, provisionRuntime, type RuntimePaths } from './provision';

/** Fixed key so that credentials imported in one run decrypt in the next (test data only). */
export const DEFAULT_ENCRYPTION_KEY = 'dummy-encryption-key-for-local-test-instances';

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'Dummy-owner-password-1',
} as const;

export interface InstanceOptions {
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

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface Execution {
	id: string | number;
	workflowId: string;
	finished: boolean;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
					error?: unknown;
				}>
			>;
			lastNodeExecuted?: string;
			error?: unknown;
		};
	};
	[key: string]: unknown;
}

/** A workflow or credential as the CLI imports it: at least an `id`. */
export type Importable = { id: string; [key: string]: unknown };

export class N8nError extends Error {}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// group already gone
	}
}

/** Whether any process of the group led by `pid` is alive. */
export function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of running) killGroup(child, 'SIGKILL');
	});
}

/**
 * The leader of each process group: a Node.js process that runs the command in its group, exits as
 * the command exits, and ends the group when the process that spawned it dies without cleaning up
 * (a SIGKILL, a crash): its stdin, a pipe from that process, then reaches its end. It leaves
 * SIGTERM and SIGINT to the command, which the group gets from `stopGroup`.
 */
const GROUP_LEADER = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const ids = JSON.parse(process.env.VOICESHOT_GROUP_IDS || '{}');
delete process.env.VOICESHOT_GROUP_IDS;
const killGroup = (signal) => { try { process.kill(-process.pid, signal); } catch {} };
let orphaned = false;
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...ids });
child.on('error', (error) => { console.error('cannot run ' + command + ': ' + error.message); process.exit(127); });
child.on('exit', (code, signal) => {
	if (orphaned) killGroup('SIGKILL');
	if (signal === null) process.exit(code ?? 1);
	process.removeAllListeners(signal);
	process.kill(process.pid, signal);
});
process.stdin.on('end', () => {
	orphaned = true;
	killGroup('SIGTERM');
	setTimeout(() => killGroup('SIGKILL'), 5000).unref();
});
process.stdin.resume();
`;

/**
 * Spawns a command in a process group of its own (detached) under a group leader (above), so that
 * the group ends with this process however it ends: by the process-exit hook, or by the leader
 * when this process is killed. For n8n and for the services it needs (scripts/n8n/queue.ts).
 */
export function spawnGroup(
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number },
): ChildProcess {
	installExitHook();
	const { uid, gid, ...rest } = options;
	const child = spawn(process.execPath, ['-e', GROUP_LEADER, command, ...args], {
		...rest,
		env: { ...rest.env, VOICESHOT_GROUP_IDS: JSON.stringify({ uid, gid }) },
		detached: true,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	running.add(child);
	child.on('close', () => running.delete(child));
	return child;
}

/**
 * Stops a process group: `signal` (SIGTERM) to the group, SIGKILL after `graceMs`; waits until the
 * group is empty and the leader's exit is handled.
 */
export async function stopGroup(
	child: ChildProcess,
	options: { graceMs?: number; signal?: NodeJS.Signals } = {},
): Promise<void> {
	const pid = child.pid;
	if (pid === undefined) return;
	killGroup(child, options.signal ?? 'SIGTERM');
	const deadline = Date.now() + (options.graceMs ?? 15_000);
	while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
	if (groupAlive(pid)) {
		killGroup(child, 'SIGKILL');
		const hard = Date.now() + 5000;
		while (groupAlive(pid) && Date.now() < hard) await sleep(50);
	}
	// the leader can be a zombie until its 'close' is handled
	if (child.exitCode === null && child.signalCode === null) {
		await new Promise<void>((resolvePromise) => {
			child.once('close', () => resolvePromise());
			setTimeout(resolvePromise, 2000);
		});
	}
	if (groupAlive(pid)) throw new N8nError(`processes of group ${pid} survived SIGKILL`);
	running.delete(child);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePromise(port));
		});
	});
}

/** Creates an instance (folder, ports, environment); starts nothing. */
export async function createInstance(options: InstanceOptions = {}): Promise<N8nInstance> {
	const runtime = options.runtime ?? (await provisionRuntime());
	const port = options.port ?? (await freePort());
	let brokerPort = options.brokerPort ?? (await freePort());
	while (brokerPort === port) brokerPort = await freePort();
	return new N8nInstance(runtime, port, brokerPort, options);
}

export class N8nInstance {
	readonly userFolder: string;
	readonly baseUrl: string;
	readonly env: NodeJS.ProcessEnv;
	/** set by `setupOwner()` */
	apiKey: string | undefined;
	/** session cookie of the owner, set by `setupOwner()` */
	cookie: string | undefined;

	private readonly ownsFolder: boolean;
	private server: ChildProcess | undefined;
	private output: string[] = [];
	private readonly log?: (line: string) => void;

	constructor(
		readonly runtime: RuntimePaths,
		readonly port: number,
		readonly brokerPort: number,
		options: InstanceOptions = {},
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
		installExitHook();
	}

	/** Everything n8n's processes wrote so far (server and CLI), for diagnostics. */
	logs(): string {
		return this.output.join('');
	}

	get isRunning(): boolean {
		return this.server !== undefined;
	}

	private record(chunk: Buffer | string): void {
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

	private assertStopped(what: string): void {
		if (this.server) throw new N8nError(`${what} needs n8n stopped (call stop() first)`);
	}

	/** Folder where n8n looks for community packages. */
	get nodesFolder(): string {
		return join(this.userFolder, '.n8n', 'nodes');
	}

	/**
	 * Installs a packed package (`npm pack` output) as a community package, laid out the way
	 * n8n 2.41's own installer does (CommunityPackagesService.downloadPackage): the tarball is
	 * extracted to `<user folder>/.n8n/nodes/node_modules/<name>`, its dev, peer and optional
	 * dependencies are dropped (so `n8n-workflow` resolves to n8n's own copy), `npm install`
	 * runs inside it with scripts ignored, and `nodes/package.json` records `<name>: <version>`.
	 * Replaces an earlier install of the same package. Returns the package's name.
	 */
	async installPackage(tarball: string): Promise<string> {
		this.assertStopped('installPackage');
		const tgz = resolve(tarball);
		if (!existsSync(tgz)) throw new N8nError(`no such tarball: ${tgz}`);
		mkdirSync(this.nodesFolder, { recursive: true });
		const staging = mkdtempSync(join(this.nodesFolder, '.staging-')); // same file system: renamed into place
		try {
			const untar = await runProcess(
				'tar',
				['-xzf', tgz, '-C', staging, '--strip-components=1'],
				staging,
				this.env,
			);
			if (untar.code !== 0) throw new N8nError(`tar -xzf ${tgz} failed: ${untar.stderr}`);
			const manifest = JSON.parse(readFileSync(join(staging, 'package.json'), 'utf8')) as Record<
				string,
				unknown
			> & {
				name?: string;
				version?: string;
			};
			const { name, version } = manifest;
			if (!name || !version) throw new N8nError(`${tgz} has no package name or version`);
			if (!/^(@[^/]+\/)?n8n-nodes-/.test(name)) {
				throw new N8nError(
					`n8n loads community packages named n8n-nodes-* (or @scope/n8n-nodes-*), not ${name}`,
				);
			}
			delete manifest.devDependencies;
			delete manifest.peerDependencies;
			delete manifest.optionalDependencies;
			writeFileSync(join(staging, 'package.json'), JSON.stringify(manifest, null, 2));

			const target = join(this.nodesFolder, 'node_modules', name);
			rmSync(target, { recursive: true, force: true });
			mkdirSync(join(target, '..'), { recursive: true });
			renameSync(staging, target);

			const npm = this.runtime.npmCli
				? { command: this.runtime.node, args: [this.runtime.npmCli] }
				: { command: 'npm', args: [] };
			const flags = [
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--loglevel=error',
			];
			const install = await runProcess(
				npm.command,
				[...npm.args, 'install', ...flags],
				target,
				this.env,
			);
			this.record(install.stdout + install.stderr);
			if (install.code !== 0)
				throw new N8nError(
					`npm install in ${target} failed (${install.code}):\n${install.stderr || install.stdout}`,
				);

			const rootManifest = join(this.nodesFolder, 'package.json');
			const root: { dependencies?: Record<string, string>; [key: string]: unknown } = existsSync(
				rootManifest,
			)
				? (JSON.parse(readFileSync(rootManifest, 'utf8')) as {
						dependencies?: Record<string, string>;
					})
				: { name: 'installed-nodes', private: true };
			root.dependencies = { ...root.dependencies, [name]: version };
			writeFileSync(rootManifest, JSON.stringify(root, null, 2));
			return name;
		} finally {
			rmSync(staging, { recursive: true, force: true });
		}
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

	/**
	 * HTTP request to this instance. `path` starts with `/`. JSON bodies are encoded; the answer is
	 * parsed as JSON when it is JSON. Authenticates with the API key for `/api/`, the cookie for `/rest/`.
	 */
	async request<T = unknown>(
		method: string,
		path: string,
		options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<{ status: number; headers: Headers; body: T; text: string }> {
		const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
		if (path.startsWith('/api/') && this.apiKey && !headers['x-n8n-api-key'])
			headers['x-n8n-api-key'] = this.apiKey;
		if (path.startsWith('/rest/') && this.cookie && !headers.cookie) headers.cookie = this.cookie;
		let body: string | undefined;
		if (options.body !== undefined) {
			if (typeof options.body === 'string') {
				body = options.body;
			} else {
				body = JSON.stringify(options.body);
				headers['content-type'] ??= 'application/json';
			}
		}
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers,
			body,
			signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
		});
		const text = await response.text();
		let parsed: unknown = text;
		if ((response.headers.get('content-type') ?? '').includes('json') && text) {
			try {
				parsed = JSON.parse(text);
			} catch {
				// leave as text
			}
		}
		return { status: response.status, headers: response.headers, body: parsed as T, text };
	}

	/**
	 * On a fresh instance: creates the owner, logs in (session cookie) and creates an API key with
	 * every scope n8n offers; sets `apiKey` and `cookie`. Returns the API key.
	 */
	async setupOwner(
		owner: { email: string; firstName: string; lastName: string; password: string } = DEFAULT_OWNER,
	): Promise<string> {
		this.assertRunning('setupOwner');
		const setup = await this.request('POST', '/rest/owner/setup', { body: owner });
		if (setup.status !== 200)
			throw new N8nError(`POST /rest/owner/setup: ${setup.status} ${setup.text}`);
		const login = await this.request('POST', '/rest/login', {
			body: { emailOrLdapLoginId: owner.email, password: owner.password },
		});
		if (login.status !== 200) throw new N8nError(`POST /rest/login: ${login.status} ${login.text}`);
		const cookies = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
		this.cookie = cookies.join('; ');
		const scopes = await this.request<{ data: string[] }>('GET', '/rest/api-keys/scopes');
		if (scopes.status !== 200)
			throw new N8nError(`GET /rest/api-keys/scopes: ${scopes.status} ${scopes.text}`);
		const created = await this.request<{ data: { rawApiKey?: string; apiKey?: string } }>(
			'POST',
			'/rest/api-keys',
			{
				body: { label: `e2e-${Date.now()}`, scopes: scopes.body.data, expiresAt: null },
			},
		);
		const key = created.body?.data?.rawApiKey ?? created.body?.data?.apiKey;
		if (created.status !== 200 || !key)
			throw new N8nError(`POST /rest/api-keys: ${created.status} ${created.text}`);
		this.apiKey = key;
		return key;
	}

	private assertRunning(what: string): void {
		if (!this.server) throw new N8nError(`${what} needs n8n running (call start() first)`);
	}

	private assertApiKey(what: string): void {
		this.assertRunning(what);
		if (!this.apiKey) throw new N8nError(`${what} needs an API key (call setupOwner() first)`);
	}

	/** Activates a workflow through the public API while n8n runs. */
	async activateWorkflow(id: string): Promise<void> {
		this.assertApiKey('activateWorkflow');
		const response = await this.request(
			'POST',
			`/api/v1/workflows/${encodeURIComponent(id)}/activate`,
		);
		if (response.status !== 200)
			throw new N8nError(`activate ${id}: ${response.status} ${response.text}`);
	}

	/** Deactivates a workflow through the public API while n8n runs. */
	async deactivateWorkflow(id: string): Promise<void> {
		this.assertApiKey('deactivateWorkflow');
		const response = await this.request(
			'POST',
			`/api/v1/workflows/${encodeURIComponent(id)}/deactivate`,
		);
		if (response.status !== 200)
			throw new N8nError(`deactivate ${id}: ${response.status} ${response.text}`);
	}

	/** Executions through the public API (all pages), newest first; with their data by default. */
	async listExecutions(
		query: { workflowId?: string; status?: string; includeData?: boolean } = {},
	): Promise<Execution[]> {
		this.assertApiKey('listExecutions');
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const params = new URLSearchParams({
				includeData: String(query.includeData ?? true),
				limit: '100',
			});
			if (query.workflowId) params.set('workflowId', query.workflowId);
			if (query.status) params.set('status', query.status);
			if (cursor) params.set('cursor', cursor);
			const response = await this.request<{ data: Execution[]; nextCursor?: string | null }>(
				'GET',
				`/api/v1/executions?${params}`,
			);
			if (response.status !== 200)
				throw new N8nError(`GET /api/v1/executions: ${response.status} ${response.text}`);
			all.push(...response.body.data);
			cursor = response.body.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** Polls until at least `count` finished executions (any status but running/new/waiting) exist. */
	async waitForExecutions(
		workflowId: string,
		count = 1,
		options: { timeoutMs?: number } = {},
	): Promise<Execution[]> {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		let last: Execution[] = [];
		while (Date.now() < deadline) {
			last = (await this.listExecutions({ workflowId })).filter(
				(e) => !['running', 'new', 'waiting'].includes(e.status),
			);
			if (last.length >= count) return last;
			await sleep(300);
		}
		throw new N8nError(
			`expected ${count} executions of ${workflowId}, found ${last.length} after ${options.timeoutMs ?? 30_000} ms`,
		);
	}

	/**
	 * Runs a saved workflow the way the editor's "Execute workflow" button does
	 * (`POST /rest/workflows/<id>/run` with the owner's cookie), from the named trigger node.
	 * Returns the execution's id; the run goes on in n8n (see `waitForExecution`).
	 */
	async runWorkflow(id: string, triggerName: string): Promise<string> {
		this.assertRunning('runWorkflow');
		if (!this.cookie)
			throw new N8nError('runWorkflow needs the owner logged in (call setupOwner() first)');
		const response = await this.request<{ data?: { executionId?: string } }>(
			'POST',
			`/rest/workflows/${encodeURIComponent(id)}/run`,
			{
				body: { triggerToStartFrom: { name: triggerName } },
			},
		);
		const executionId = response.body?.data?.executionId;
		if (response.status !== 200 || !executionId)
			throw new N8nError(`run ${id}: ${response.status} ${response.text}`);
		return String(executionId);
	}

	/** One execution with its data, through the public API; undefined while n8n has not saved it. */
	async getExecution(id: string): Promise<Execution | undefined> {
		this.assertApiKey('getExecution');
		const response = await this.request<Execution>(
			'GET',
			`/api/v1/executions/${encodeURIComponent(id)}?includeData=true`,
		);
		if (response.status === 404) return undefined;
		if (response.status !== 200)
			throw new N8nError(`GET /api/v1/executions/${id}: ${response.status} ${response.text}`);
		return response.body;
	}

	/** Polls until the execution has finished (any status but running/new/waiting). */
	async waitForExecution(id: string, options: { timeoutMs?: number } = {}): Promise<Execution> {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		let last: Execution | undefined;
		while (Date.now() < deadline) {
			last = await this.getExecution(id);
			if (last && !['running', 'new', 'waiting'].includes(last.status)) return last;
			await sleep(200);
		}
		throw new N8nError(
			`execution ${id} did not finish within ${options.timeoutMs ?? 30_000} ms (status ${last?.status ?? 'unknown'})`,
		);
	}

	/**
	 * The credential test of the editor's credential dialog (`POST /rest/credentials/test`), for a
	 * stored credential: n8n runs the test its node declares (`testedBy`) with this data.
	 */
	async testCredential(credential: {
		id: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ status: string; message: string }> {
		this.assertRunning('testCredential');
		if (!this.cookie)
			throw new N8nError('testCredential needs the owner logged in (call setupOwner() first)');
		const response = await this.request<{ data?: { status: string; message: string } }>(
			'POST',
			'/rest/credentials/test',
			{
				body: { credentials: credential },
			},
		);
		if (response.status !== 200 || !response.body?.data)
			throw new N8nError(`POST /rest/credentials/test: ${response.status} ${response.text}`);
		return response.body.data;
	}

	/**
	 * Sends a request to a production webhook (`/webhook/<path>`), retrying while n8n answers 404
	 * (an activated workflow's webhooks may be registered a moment after readiness).
	 */
	async callWebhook(
		path: string,
		options: {
			method?: string;
			body?: unknown;
			headers?: Record<string, string>;
			timeoutMs?: number;
		} = {},
	): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
		this.assertRunning('callWebhook');
		const deadline = Date.now() + (options.timeoutMs ?? 15_000);
		const url = `/webhook/${path.replace(/^\//, '')}`;
		for (;;) {
			const response = await this.request(options.method ?? 'POST', url, {
				body: options.body,
				headers: options.headers,
			});
			if (response.status !== 404 || Date.now() > deadline) return response;
			await sleep(250);
		}
	}
}

function runProcess(
	command: string,
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv,
): Promise<CliResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
	});
}

/** Packs a package folder with `npm pack` into `destination`; returns the tarball's path. */
export async function packPackage(folder: string, destination: string): Promise<string> {
	mkdirSync(destination, { recursive: true });
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
	const result = await runProcess(
		'npm',
		['pack', '--ignore-scripts', '--json', `--pack-destination=${destination}`],
		folder,
		env,
	);
	if (result.code !== 0)
		throw new N8nError(`npm pack in ${folder} failed (${result.code}):\n${result.stderr}`);
	const [info] = JSON.parse(result.stdout) as Array<{ filename: string }>;
	return join(destination, info.filename);
}
