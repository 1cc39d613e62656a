/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- development tooling, never published: it drives n8n processes, Redis and Postgres */
/**
 * Redis and Postgres for n8n's queue mode, as instances of this run only (Debian's `redis-server`
 * and `postgresql`), each in a process group of its own (`processes.ts`).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nError } from './cli';
import { freePort, portAnswers } from './ports';
import { spawnGroup, stopGroup } from './processes';
import { sleep } from './sleep';

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
