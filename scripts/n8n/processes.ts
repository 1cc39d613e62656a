/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- development tooling, never published: it drives n8n processes */
/**
 * Running processes for the scripts: a command to completion (`runProcess`), or in a process group
 * of its own under a Node.js leader (`spawnGroup`, `stopGroup`), so that n8n, Redis and Postgres
 * and everything they start end together, even when the process that started them is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';

import { sleep } from './sleep';

export interface ProcessResult {
	code: number;
	stdout: string;
	stderr: string;
}

export class ProcessGroupError extends Error {}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
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
	if (groupAlive(pid)) throw new ProcessGroupError(`processes of group ${pid} survived SIGKILL`);
	running.delete(child);
}

/** Runs a command to completion, its output collected. */
export function runProcess(
	command: string,
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv,
): Promise<ProcessResult> {
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
