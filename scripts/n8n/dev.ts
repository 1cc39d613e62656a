/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- development tooling, never published: it drives n8n processes */
/**
 * `npm run dev`: `npm start` (the package in the local n8n, with the simulator), started again
 * after every change under nodes/ or credentials/: each start rebuilds the package with the gulp
 * build, packs it and reinstalls it into n8n. `n8n-node dev` does not apply to this project: it
 * compiles with plain `tsc`, which emits nothing here (the build bundles with esbuild).
 *
 *   npm run dev                     arguments go on to npm start: npm run dev -- --port=5700
 *   npm run dev -- --fresh          forgets the previous instance, on the first start only
 *
 * Ctrl+C stops n8n and the simulator. A start that fails (a type error, say) waits for the next
 * change.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './provision';

const WATCHED = ['nodes', 'credentials'];
const SETTLE_MS = 500;

const say = (line: string) => process.stdout.write(`[npm run dev] ${line}\n`);

let child: ChildProcess | undefined;
let starts = 0;
let restartWanted = false;
let quitting = false;

function start(): void {
	const args = process.argv.slice(2).filter((arg) => starts === 0 || arg !== '--fresh');
	starts += 1;
	say(starts === 1 ? 'starting npm start' : `a source changed: start ${starts}`);
	const started = spawn(
		process.execPath,
		[require.resolve('tsx/cli'), join(__dirname, 'start.ts'), ...args],
		{ cwd: REPO_ROOT, stdio: 'inherit' },
	);
	child = started;
	started.on('exit', (code, signal) => {
		child = undefined;
		if (quitting) process.exit(0);
		if (restartWanted) {
			restartWanted = false;
			start();
		} else {
			say(
				`npm start ended (${signal ?? `code ${code}`}); waiting for a change under ${WATCHED.join(', ')}`,
			);
		}
	});
}

/** Asks the running start to stop n8n and the simulator; its exit handler goes on. */
function stopChild(): void {
	child?.kill('SIGTERM');
}

let settle: NodeJS.Timeout | undefined;
function changed(): void {
	if (quitting) return;
	clearTimeout(settle);
	settle = setTimeout(() => {
		if (child) {
			restartWanted = true;
			stopChild();
		} else {
			start();
		}
	}, SETTLE_MS);
}

function main(): void {
	const watchers: FSWatcher[] = WATCHED.map((folder) =>
		watch(join(REPO_ROOT, folder), { recursive: true }, changed),
	);
	const quit = () => {
		if (quitting) return;
		quitting = true;
		for (const watcher of watchers) watcher.close();
		if (child) stopChild();
		else process.exit(0);
	};
	process.on('SIGINT', quit);
	process.on('SIGTERM', quit);
	say(`watching ${WATCHED.join(', ')}: every change rebuilds and restarts n8n`);
	start();
}

main();
