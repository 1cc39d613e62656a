/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- development tooling, never published: it drives n8n processes */
/**
 * `npm start`: a local n8n with this package installed as a community package.
 *
 *   npm start                      build, pack, install into .cache/n8n-dev, start on port 5678
 *   npm start -- --port=5700       another port
 *   npm start -- --fresh           forget the previous instance's data (workflows, owner, executions)
 *   npm start -- --no-package      plain n8n, without this package (no build)
 *
 * The instance's data persists in `.cache/n8n-dev/` between runs. On first start an owner is
 * created (the login is printed). Ctrl+C stops n8n and everything it started.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createInstance, DEFAULT_OWNER, packPackage } from './instance';
import { provisionRuntime, REPO_ROOT } from './provision';

const say = (line: string) => process.stderr.write(`[n8n-dev] ${line}\n`);

function option(name: string): string | undefined {
	const prefix = `--${name}=`;
	return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function runInRepo(command: string, args: string[]): Promise<number> {
	return new Promise((resolvePromise) => {
		const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
		child.on('error', () => resolvePromise(1));
		child.on('close', (code) => resolvePromise(code ?? 1));
	});
}

async function main(): Promise<void> {
	const withPackage = !process.argv.includes('--no-package');
	const userFolder = join(REPO_ROOT, '.cache', 'n8n-dev');
	if (process.argv.includes('--fresh')) {
		say(`--fresh: removing ${userFolder}`);
		rmSync(userFolder, { recursive: true, force: true });
	}
	const runtime = await provisionRuntime();
	const port = Number(option('port') ?? 5678);
	const n8n = await createInstance({
		runtime,
		userFolder,
		port,
		log: (line) => process.stdout.write(`${line}\n`),
	});

	if (withPackage) {
		say('building the package (npm run build)');
		if ((await runInRepo('npm', ['run', 'build'])) !== 0) {
			throw new Error('npm run build failed; fix it, or run plain n8n with `npm start -- --no-package`');
		}
		const scratch = mkdtempSync(join(tmpdir(), 'n8n-dev-pack-'));
		try {
			const tarball = await packPackage(REPO_ROOT, scratch);
			const name = await n8n.installPackage(tarball);
			say(`installed ${name} into ${n8n.nodesFolder}`);
		} finally {
			rmSync(scratch, { recursive: true, force: true });
		}
	}

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		say(`${signal}: stopping n8n`);
		await n8n.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));

	await n8n.start({ timeoutMs: 180_000 });
	const setup = await n8n.request('GET', '/rest/settings');
	const settings = (setup.body as { data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } }).data;
	if (settings?.userManagement?.showSetupOnFirstLoad) {
		await n8n.setupOwner();
		say(`created the owner: ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`);
	}
	say(`n8n is ready at ${n8n.baseUrl} (data in ${userFolder}); Ctrl+C stops it`);

	// stay up until n8n exits on its own or a signal stops it
	while (n8n.isRunning) await new Promise((resolvePromise) => setTimeout(resolvePromise, 1000));
	if (!stopping) {
		say('n8n exited');
		process.exit(1);
	}
}

main().catch((error: unknown) => {
	say(`failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
