/**
 * The package as a person meets it in n8n's editor: headless Chromium (test/e2e/browser.ts) on a
 * real n8n 2.41.1 with the packed package, the examples and the simulator (test/e2e/environment.ts).
 * Every step clicks and types in the editor; the test reads what the editor shows, and checks
 * what reached the simulator or n8n. Screenshots: artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';

import { EXAMPLES } from '../../scripts/n8n/examples';
import { EVENT_OPTIONS } from '../../nodes/VoiceShotTrigger/description';
import { openEditor, type Browser } from './browser';
import { startEnvironment, type Environment } from './environment';

const SUMMARY =
	'<campaign menuid="1-1234" duration="42" phonenumber="8185550101" status="Successful" comment="Human Answer" callid="order-1042" dateandtime="12/1/2026 3:15:00 PM"><prompts><prompt promptid="1" keypress="1"/></prompts></campaign>';

describe("n8n's editor in headless Chromium, with the package installed", () => {
	let env: Environment;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		env = await startEnvironment({ name: 'editor' });
		browser = await env.timed('launch Chromium, log in', () => openEditor(env.n8n.baseUrl));
		page = browser.page;
	}, 30 * 60_000);

	afterAll(async () => {
		await browser?.close();
		await env?.dispose();
	}, 60_000);

	/** Opens a workflow and waits for its canvas. */
	async function openWorkflow(id: string): Promise<void> {
		await page.goto(`${env.n8n.baseUrl}/workflow/${id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 90_000 });
	}

	it('the spreadsheet example runs from its Execute workflow button: six rows, six calls', async () => {
		await env.timed('spreadsheet example in the editor', async () => {
			await openWorkflow(EXAMPLES.spreadsheet.id);
			const before = env.sim.calls().length;
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			// the VoiceShot node shows its item count once the run has finished
			await page
				.locator('[data-test-id="canvas-node"]', { hasText: 'Call every contact' })
				.getByText('6 items')
				.waitFor({ timeout: 90_000 });
			expect(env.sim.calls().length - before).toBe(6);
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			await page.waitForTimeout(500);
			await browser.screenshot('example-workflow', 'example-workflow');
		});
	});

	describe('a new VoiceShot Trigger, added from the node panel', () => {
		let workflowUrl: string;
		let testUrl: string;

		it('the node panel finds it by "VoiceShot" and lists its triggers in words', async () => {
			await page.goto(`${env.n8n.baseUrl}/workflow/new`);
			const add = page.locator('[data-test-id="canvas-plus-button"]');
			await add.waitFor({ timeout: 90_000 });
			await add.click();
			await page.keyboard.type('VoiceShot');
			await page
				.locator('[data-test-id="node-creator-item-name"]', { hasText: 'VoiceShot' })
				.first()
				.click();
			for (const option of EVENT_OPTIONS) {
				await expect(page.getByText(option.action, { exact: true }).count()).resolves.toBe(1);
			}
			await expect(page.getByText(/^On /).count()).resolves.toBe(0);
			await browser.screenshot('node-panel-triggers');
			await page.getByText('When a call ends (call summary)', { exact: true }).click();
			await page.locator('[data-test-id="ndv"]').waitFor();
		});

		it('its panel: one setup notice, the no-login warning, the URLs, a Docs link that keeps its anchor', async () => {
			const ndv = page.locator('[data-test-id="ndv"]');
			await expect(
				ndv.getByText('In VoiceShot (Campaign → Options → Developer tab)').count(),
			).resolves.toBe(1);
			await expect(
				ndv.getByText(/Test URL receives posts only while this node listens/).count(),
			).resolves.toBe(1);
			await expect(ndv.getByText(/Anyone who learns this URL/).count()).resolves.toBe(1);
			await expect(ndv.getByText(/N8N_PAYLOAD_SIZE_MAX|422|413/).count()).resolves.toBe(0);

			await ndv.getByTitle('Click to display webhook URLs').click();
			testUrl = (
				await ndv
					.getByText(/\/webhook-test\/[0-9a-f-]+\/voiceshot/)
					.first()
					.innerText()
			).trim();
			expect(testUrl).toMatch(
				new RegExp(`^${env.n8n.baseUrl}/webhook-test/[0-9a-f-]{36}/voiceshot$`),
			);
			await browser.screenshot('trigger-panel', 'trigger-panel');
			await ndv.locator('[data-test-id="radio-button-production"]').click();
			const productionUrl = (
				await ndv
					.getByText(/\/webhook\/[0-9a-f-]+\/voiceshot/)
					.first()
					.innerText()
			).trim();
			expect(productionUrl).toBe(testUrl.replace('/webhook-test/', '/webhook/'));

			const docs = await ndv
				.getByText('Docs', { exact: true })
				.first()
				.evaluate((element) => element.closest('a')?.href);
			expect(docs).toBe(
				'https://github.com/n8n-nodes-voiceshot/n8n-nodes-voiceshot#voiceshot-trigger',
			);
		});

		it('its time zone is chosen from a list', async () => {
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.locator('[data-test-id="collection-parameter-add"]').click();
			const choices = page.locator('[data-test-id="collection-parameter-option"]');
			await expect(choices.allInnerTexts()).resolves.toEqual([
				'Include Raw Attributes',
				'Include Raw XML',
				'Time Zone Name or ID',
			]);
			await choices.filter({ hasText: 'Time Zone' }).click();
			await ndv.locator('[data-test-id="parameter-input-timeZone"]').click();
			await page.keyboard.type('New Yo');
			const option = page.locator('[role=option]:visible', { hasText: 'America/New York' });
			await option.click();
		});

		it('Execute step listens on the Test URL: a summary posted there becomes its output', async () => {
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.locator('[data-test-id="node-execute-button"]').click();
			await ndv.getByText('Listening for test event').first().waitFor();
			const answer = await fetch(testUrl, {
				method: 'POST',
				headers: { 'content-type': 'text/xml' },
				body: SUMMARY,
				signal: AbortSignal.timeout(20_000),
			});
			expect(answer.status).toBe(200);
			await ndv.locator('[data-test-id="ndv-items-count"]', { hasText: '1 item' }).waitFor();
			await ndv.locator('[data-test-id="radio-button-json"]').click();
			// the JSON view wraps lines and marks blanks with "·"
			const output = (await ndv.locator('[data-test-id="ndv-data-container"]').innerText()).replace(
				/[\s·]+/g,
				' ',
			);
			expect(output).toContain('"phonenumber": "8185550101"');
			expect(output).toContain('"dateandtimeIso": "2026-12-01T15:15:00-05:00"');
			expect(output).not.toContain('"attributes"');
			await browser.screenshot('trigger-output');
		});

		it('saved, it keeps the hidden raw-body option, and the canvas names its event', async () => {
			await page.locator('[data-test-id="ndv-close-button"]').click();
			await page.keyboard.press('Control+s');
			await page.waitForURL(/\/workflow\/[A-Za-z0-9]{16}/);
			workflowUrl = page.url();
			const id = workflowUrl.split('/workflow/')[1].split(/[?#]/)[0];
			const stored = await browser.context.request.get(`${env.n8n.baseUrl}/rest/workflows/${id}`);
			const { data } = (await stored.json()) as {
				data: { nodes: Array<{ type: string; parameters: Record<string, unknown> }> };
			};
			const trigger = data.nodes.find(
				(node) => node.type === 'n8n-nodes-voiceshot.voiceShotTrigger',
			);
			expect(trigger?.parameters).toEqual({
				events: ['callSummary'],
				options: { binaryData: true, timeZone: 'America/New_York' },
			});
			await expect(page.locator('[data-test-id="canvas-node"]').innerText()).resolves.toContain(
				'Call Summary',
			);
		});
	});
});
