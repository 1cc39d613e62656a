/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end test, never published: it drives a browser */
/**
 * Headless Chromium for the editor tests: Debian's `/usr/bin/chromium` (or CHROMIUM_PATH),
 * driven by playwright-core, which downloads no browser. A fresh profile each launch, no
 * background network. Screenshots go to `artifacts/screenshots/` (ignored by git, kept by CI);
 * with UPDATE_DOCS_PICTURES=1 the docs' pictures in `docs/` are written too.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { DEFAULT_OWNER } from '../../scripts/n8n/instance';
import { REPO_ROOT } from '../../scripts/n8n/provision';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'screenshots');
const DOCS_DIR = join(REPO_ROOT, 'docs');

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

export interface Browser {
	page: Page;
	context: BrowserContext;
	/** saves the page as artifacts/screenshots/<name>.png (and docs/<docsName>.png when asked) */
	screenshot(name: string, docsName?: string): Promise<string>;
	close(): Promise<void>;
}

export function chromiumPath(): string {
	const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!existsSync(path)) {
		throw new Error(`no Chromium at ${path}: apt-get install chromium (or set CHROMIUM_PATH)`);
	}
	return path;
}

/** Launches Chromium with a fresh profile and logs in to n8n at `baseUrl` as the owner. */
export async function openEditor(baseUrl: string): Promise<Browser> {
	const profile = mkdtempSync(join(tmpdir(), 'voiceshot-chromium-'));
	// launchPersistentContext passes the profile as --user-data-dir
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath(),
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
		colorScheme: 'light',
	});
	const close = async () => {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	};
	let ready = false;
	try {
		context.setDefaultTimeout(30_000);
		const login = await context.request.post(`${baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: DEFAULT_OWNER.email, password: DEFAULT_OWNER.password },
		});
		if (!login.ok()) {
			throw new Error(`login as ${DEFAULT_OWNER.email}: ${login.status()} ${await login.text()}`);
		}
		const page = context.pages()[0] ?? (await context.newPage());
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		const screenshot = async (name: string, docsName?: string) => {
			const path = join(SCREENSHOT_DIR, `${name}.png`);
			await page.screenshot({ path });
			if (docsName && process.env.UPDATE_DOCS_PICTURES === '1') {
				copyFileSync(path, join(DOCS_DIR, `${docsName}.png`));
			}
			return path;
		};
		ready = true;
		return { page, context, screenshot, close };
	} finally {
		if (!ready) await close();
	}
}
