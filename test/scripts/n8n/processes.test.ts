/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test of development tooling, never published: it spawns and kills processes */
/**
 * The process groups n8n and its services run in (spawnGroup, stopGroup): exit codes come back as
 * the command's, SIGTERM reaches the command, and a group ends when the process that spawned it
 * is killed with SIGKILL, which leaves it no time to clean up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { groupAlive, spawnGroup, stopGroup } from '../../../scripts/n8n/processes';
import { sleep } from '../../../scripts/n8n/sleep';

/** The child's output so far, and its exit code once closed. */
function watch(child: ChildProcess): { output: () => string; code: Promise<number | null> } {
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return { output: () => output, code: new Promise((resolve) => child.on('close', resolve)) };
}

async function closed(child: ChildProcess): Promise<{ code: number | null; output: string }> {
	const watched = watch(child);
	const code = await watched.code;
	return { code, output: watched.output() };
}

const options = { cwd: tmpdir(), env: process.env };

it("passes the arguments as given and exits with the command's exit code, its output passed on", async () => {
	const child = spawnGroup(
		process.execPath,
		[
			'-e',
			'console.log(JSON.stringify(process.argv.slice(1))); process.exit(3)',
			'--',
			'--port',
			'a b',
			'',
		],
		options,
	);
	await expect(closed(child)).resolves.toEqual({ code: 3, output: '["--port","a b",""]\n' });
});

it('a command that cannot run: exit code 127 and the reason', async () => {
	const result = await closed(spawnGroup('/nonexistent/voiceshot-command', [], options));
	expect(result.code).toBe(127);
	expect(result.output).toMatch(/cannot run \/nonexistent\/voiceshot-command: .*ENOENT/);
});

it('stopGroup: SIGTERM reaches the command, which stops as it chooses; the group is then empty', async () => {
	const child = spawnGroup(
		process.execPath,
		[
			'-e',
			'process.on("SIGTERM", () => { console.log("stopping"); process.exit(0); }); console.log("ready"); setInterval(() => {}, 1000);',
		],
		options,
	);
	const watched = watch(child);
	while (!watched.output().includes('ready')) await sleep(50);
	await stopGroup(child, { graceMs: 10_000 });
	await expect(watched.code).resolves.toBe(0);
	expect(watched.output()).toBe('ready\nstopping\n');
	expect(groupAlive(child.pid!)).toBe(false);
});

describe('the parent killed with SIGKILL', () => {
	let folder: string;
	let parent: ChildProcess | undefined;
	let group: number | undefined;

	beforeAll(() => {
		folder = mkdtempSync(join(tmpdir(), 'voiceshot-group-test-'));
	});

	afterAll(() => {
		parent?.kill('SIGKILL');
		if (group !== undefined && groupAlive(group)) process.kill(-group, 'SIGKILL');
		rmSync(folder, { recursive: true, force: true });
	});

	it('its group ends too, the command and what the command started', async () => {
		// the command starts a child of its own, which stays in the group
		const command =
			'require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); setInterval(() => {}, 1000);';
		const script = join(folder, 'parent.ts');
		writeFileSync(
			script,
			`import { spawnGroup } from ${JSON.stringify(join(__dirname, '../../../scripts/n8n/instance'))};
const child = spawnGroup(process.execPath, ['-e', ${JSON.stringify(command)}], { cwd: process.cwd(), env: process.env });
console.log('group ' + child.pid);
setInterval(() => {}, 1000);
`,
		);
		parent = spawn(process.execPath, ['--import', 'tsx', script], {
			cwd: join(__dirname, '../../..'),
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		group = await new Promise<number>((resolve, reject) => {
			let text = '';
			parent!.stdout!.on('data', (chunk: Buffer) => {
				text += chunk.toString();
				const match = /group (\d+)/.exec(text);
				if (match) resolve(Number(match[1]));
			});
			parent!.on('close', (code) => reject(new Error(`parent exited (${code}): ${text}`)));
		});
		await sleep(1000); // the command's own child has started
		expect(groupAlive(group)).toBe(true);

		parent.kill('SIGKILL');
		const deadline = Date.now() + 10_000;
		while (groupAlive(group) && Date.now() < deadline) await sleep(100);
		expect(groupAlive(group)).toBe(false);
	}, 30_000);
});
