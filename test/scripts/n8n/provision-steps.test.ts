/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test of development tooling, never published: it runs commands */
/**
 * The provisioning steps' command runner: with an output file (npm start's first run), npm's and
 * the compiler's output go to the file only; a failure says where the whole output is.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { run } from '../../../scripts/n8n/provision-steps';

const folder = mkdtempSync(join(tmpdir(), 'provision-steps-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const noisy = (code: number) => [
	'-e',
	`console.log('gyp info it worked'); console.error('warning: unused variable'); process.exit(${code})`,
];

it('keeps a command’s output in the file (its stdio piped there, not inherited) and logs no line of it', async () => {
	const outputFile = join(folder, 'ok.log');
	const progress: string[] = [];
	await run(process.execPath, noisy(0), {
		cwd: folder,
		outputFile,
		log: (line) => progress.push(line),
		label: 'rebuilding sqlite3',
	});
	const written = readFileSync(outputFile, 'utf8');
	expect(written).toContain('=== rebuilding sqlite3: ');
	expect(written).toContain('gyp info it worked');
	expect(written).toContain('warning: unused variable');
	expect(progress).toEqual([]);
});

it('on failure, names the command, shows the end of its output and where the rest is', async () => {
	const outputFile = join(folder, 'failed.log');
	await expect(
		run(process.execPath, noisy(3), {
			cwd: folder,
			outputFile,
			log: () => undefined,
			label: 'rebuilding sqlite3',
		}),
	).rejects.toThrow(
		/^rebuilding sqlite3 failed: .* exited with code 3\n--- last output ---\n[\s\S]*warning: unused variable[\s\S]*\n\(all of it: .*failed\.log\)$/,
	);
});
