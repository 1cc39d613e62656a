/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- development tooling, never published: it drives a browser */
/**
 * The README's picture of the spreadsheet example in n8n's editor, taken with headless Chromium
 * (Debian's `/usr/bin/chromium`, driven by playwright-core; no browser download) against a
 * running `npm start`. It logs in, opens the workflow, clicks "Execute workflow" so that the
 * picture shows a real run, and saves docs/example-workflow.png.
 *
 *   npm start                                  (in another terminal)
 *   npx tsx scripts/screenshot.ts              [--url=http://127.0.0.1:5678] [--out=docs/example-workflow.png]
 *                                              [--chromium=/usr/bin/chromium] [--no-run]
 *                                              [--workflow=<id>]  another workflow (not run)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { chromium } from 'playwright-core';

import { EXAMPLES } from './n8n/examples';
import { DEFAULT_OWNER } from './n8n/instance';
import { REPO_ROOT } from './n8n/provision';

function option(name: string, fallback: string): string {
	const prefix = `--${name}=`;
	return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

/** Flags for a closed network: no background connections, no GPU, no sandbox (runs as root in CI-like machines). */
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

async function main(): Promise<void> {
	const baseUrl = option('url', 'http://127.0.0.1:5678').replace(/\/$/, '');
	const out = resolve(REPO_ROOT, option('out', join('docs', 'example-workflow.png')));
	const executablePath = option('chromium', '/usr/bin/chromium');
	const workflowId = option('workflow', EXAMPLES.spreadsheet.id);
	const run = !process.argv.includes('--no-run') && workflowId === EXAMPLES.spreadsheet.id;

	const health = await fetch(`${baseUrl}/healthz/readiness`).catch(() => undefined);
	if (!health?.ok) throw new Error(`no n8n ready at ${baseUrl}: start it with \`npm start\` first`);

	const profile = mkdtempSync(join(tmpdir(), 'voiceshot-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: { width: 1280, height: 720 },
		deviceScaleFactor: 1,
		colorScheme: 'light',
	});
	try {
		const login = await context.request.post(`${baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: DEFAULT_OWNER.email, password: DEFAULT_OWNER.password },
		});
		if (!login.ok())
			throw new Error(
				`login as ${DEFAULT_OWNER.email} failed: ${login.status()} ${await login.text()}`,
			);

		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'networkidle' });
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
		await page.keyboard.press('Escape'); // any welcome popover

		if (run) {
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			// the last node shows its item count once the run has finished
			await page.getByText('6 items').first().waitFor({ timeout: 60_000 });
			await page.waitForTimeout(1500);
		}
		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="zoom-to-fit"]').click(); // the canvas's "fit view" button
		await page.waitForTimeout(800);

		mkdirSync(dirname(out), { recursive: true });
		await page.screenshot({ path: out });
		process.stdout.write(`saved ${out}\n`);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`screenshot failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
