/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- development tooling, never published: it builds and packs this package */
/**
 * This package as users get it: `npm run build`, then `npm pack` (the tarball n8n installs).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { runProcess } from './processes';
import { REPO_ROOT } from './runtime';

/** Newest modification time of the files under `folder` (0 when it does not exist). */
function newest(folder: string): number {
	let latest = 0;
	let entries;
	try {
		entries = readdirSync(folder, { withFileTypes: true });
	} catch {
		return 0;
	}
	for (const entry of entries) {
		const path = join(folder, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

/**
 * Whether `dist/` misses an entry of package.json's n8n section, or is older than a source it is
 * built from (nodes/, credentials/, package.json, gulpfile.js).
 */
export function distIsStale(): boolean {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	let oldestBuilt = Infinity;
	for (const built of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		try {
			oldestBuilt = Math.min(oldestBuilt, statSync(join(REPO_ROOT, built)).mtimeMs);
		} catch {
			return true;
		}
	}
	const sources = Math.max(
		newest(join(REPO_ROOT, 'nodes')),
		newest(join(REPO_ROOT, 'credentials')),
		statSync(join(REPO_ROOT, 'package.json')).mtimeMs,
		statSync(join(REPO_ROOT, 'gulpfile.js')).mtimeMs,
	);
	return sources > oldestBuilt;
}

/** `npm run build` in the repository, its output shown; rejects when it fails. */
export function build(): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn('npm', ['run', 'build', '--silent'], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		child.on('error', (error) =>
			reject(new Error(`could not run npm run build: ${error.message}`)),
		);
		child.on('close', (code) =>
			code === 0 ? resolvePromise() : reject(new Error(`npm run build exited with code ${code}`)),
		);
	});
}

/**
 * Builds the package (`always`, the default; `ifStale`: only when `dist/` is stale; `never`) and
 * packs it into `destination`; returns the tarball's path.
 */
export async function buildAndPack(
	destination: string,
	options: { build?: 'always' | 'ifStale' | 'never'; log?: (line: string) => void } = {},
): Promise<string> {
	const log = options.log ?? (() => undefined);
	const mode = options.build ?? 'always';
	if (mode === 'always' || (mode === 'ifStale' && distIsStale())) {
		log('building the package (npm run build)');
		await build();
	} else if (mode === 'ifStale') {
		log('dist/ is up to date: packing it as built');
	} else if (distIsStale()) {
		log('warning: dist/ is older than the sources; packing it anyway (no build asked)');
	}
	const tarball = await packPackage(REPO_ROOT, destination);
	log(`packed ${tarball}`);
	return tarball;
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
		throw new Error(`npm pack in ${folder} failed (${result.code}):\n${result.stderr}`);
	const [info] = JSON.parse(result.stdout) as Array<{ filename: string }>;
	return join(destination, info.filename);
}
