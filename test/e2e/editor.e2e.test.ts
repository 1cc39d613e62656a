/**
 * The package as a person meets it in n8n's editor: headless Chromium (test/e2e/browser.ts) on a
 * real n8n 2.41.1 with the packed package, the examples and the simulator (test/e2e/environment.ts).
 * Every step clicks and types in the editor; the test reads what the editor shows, and checks
 * what reached the simulator or n8n. Screenshots: artifacts/screenshots/.
 */
import type { Locator, Page } from 'playwright-core';

import { CREDENTIAL, EXAMPLES, type Workflow } from '../../scripts/n8n/examples';
import { EVENT_OPTIONS } from '../../nodes/VoiceShotTrigger/description';
import { openEditor, type Browser } from './browser';
import { GET_OUTCOME, outcomeLoop } from './outcome-loop';
import { startEnvironment, type Environment } from './environment';

const GOOD = '8185550142';
const LOOP_ID = 'editorOutcomeLp1';
const BAD = '555-1234';

/** Two rows pinned on a manual trigger, each called by a VoiceShot node; one number is too short. */
function twoRows(): Workflow {
	const rows: Workflow & { pinData: Record<string, Array<{ json: { phone: string } }>> } = {
		id: 'editorTwoRows001',
		name: 'Two rows, one bad',
		nodes: [
			{
				id: 'trigger',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'voiceshot',
				name: 'Call each row',
				type: 'n8n-nodes-voiceshot.voiceShot',
				typeVersion: 1,
				position: [300, 0],
				parameters: {
					resource: 'call',
					operation: 'send',
					phoneNumbers: '={{ $json.phone }}',
					prompts: { prompt: [{ promptId: '1', type: 'tts', content: 'Hello' }] },
				},
				credentials: { [CREDENTIAL.type]: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: { Start: { main: [[{ node: 'Call each row', type: 'main', index: 0 }]] } },
		pinData: { Start: [{ json: { phone: GOOD } }, { json: { phone: BAD } }] },
	};
	return rows;
}

const SUMMARY =
	'<campaign menuid="1-1234" duration="42" phonenumber="8185550101" status="Successful" comment="Human Answer" callid="order-1042" dateandtime="12/1/2026 3:15:00 PM"><prompts><prompt promptid="1" keypress="1"/></prompts></campaign>';

describe("n8n's editor in headless Chromium, with the package installed", () => {
	let env: Environment;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		env = await startEnvironment({
			name: 'editor',
			workflows: [twoRows(), outcomeLoop(LOOP_ID, 'editor-outcome-loop', GOOD)],
		});
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

	/** The output panel's text, with the JSON view's wrapping and "·" blanks folded to spaces. */
	async function outputText(): Promise<string> {
		const output = page.locator('[data-test-id="ndv"] [data-test-id="ndv-data-container"]').last();
		// the JSON view renders a moment after its button is clicked
		await output.getByText(/"/).first().waitFor();
		return (await output.innerText()).replace(/[\s·]+/g, ' ');
	}

	/** Picks an option of a list parameter, as a person does. */
	async function choose(ndv: Locator, parameter: string, option: string): Promise<void> {
		await ndv.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
		// an option's text is its name, then its description
		await page
			.locator('[role=option]:visible', { hasText: new RegExp(`^${option}`) })
			.first()
			.click();
		await page.locator('[role=option]:visible').first().waitFor({ state: 'hidden' });
	}

	/** Where the panel's Docs link leads. */
	async function docsLink(ndv: Locator): Promise<string | undefined> {
		return await ndv
			.getByText('Docs', { exact: true })
			.first()
			.evaluate((element) => element.closest('a')?.href);
	}

	function callsTo(number: string, since: number): number {
		return env.sim
			.calls()
			.slice(since)
			.filter((call) => call.number === number).length;
	}

	it('the spreadsheet example runs from its Execute workflow button: nine rows, seven calls, one row to fix', async () => {
		await env.timed('spreadsheet example in the editor', async () => {
			await openWorkflow(EXAMPLES.spreadsheet.id);
			const before = env.sim.calls().length;
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			// the row with area code 123 leaves on the error output: "Rows to fix" shows its item
			await page
				.locator('[data-test-id="canvas-node"]', { hasText: 'Rows to fix' })
				.getByText('1 item')
				.waitFor({ timeout: 90_000 });
			// seven numbers called (or scheduled by Calling Hours); the repeated one once
			expect(env.sim.calls().length - before).toBe(7);
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			await page.waitForTimeout(500);
			await browser.screenshot('example-workflow', 'example-workflow');
		});
	});

	it('the on-call escalation example opens; Get Outcome routing pending calls apart shows a Final and a Pending output', async () => {
		await env.timed('on-call example and the Get Outcome loop in the editor', async () => {
			await openWorkflow(EXAMPLES.onCall.id);
			await page
				.locator('[data-test-id="canvas-node"]', { hasText: 'Outcome of the first call' })
				.waitFor();
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			await page.waitForTimeout(500);
			await browser.screenshot('on-call-escalation', 'on-call-escalation');
			await openWorkflow(LOOP_ID);
			const node = page.locator('[data-test-id="canvas-node"]', { hasText: GET_OUTCOME });
			await node.waitFor();
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			const handles = page.locator('[data-test-id="canvas-node-output-handle"]');
			await expect(handles.filter({ hasText: 'Final' }).count()).resolves.toBe(1);
			await expect(handles.filter({ hasText: 'Pending' }).count()).resolves.toBe(1);
			await browser.screenshot('outcome-loop', 'outcome-loop');
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

		it('its panel: one notice, with the no-login warning until Basic Auth is chosen; the URLs; a Docs link that keeps its anchor', async () => {
			const ndv = page.locator('[data-test-id="ndv"]');
			const setup =
				/In VoiceShot \(Campaign → Options → Developer tab\).*Test URL receives posts while this node listens/;
			const warning = /Anyone with the URL can start the workflow/;
			const callbackLogin = /goes into a VoiceShot Callback Login API credential/;
			await expect(ndv.getByText(setup).count()).resolves.toBe(1);
			await expect(
				ndv.getByText(new RegExp(`${setup.source}.*${warning.source}`)).count(),
			).resolves.toBe(1);
			await expect(ndv.getByText(callbackLogin).count()).resolves.toBe(0);
			await expect(
				ndv.getByText(/N8N_PAYLOAD_SIZE_MAX|\b(200|401|413|422|500)\b|action \d/).count(),
			).resolves.toBe(0);

			await choose(ndv, 'authentication', 'Basic Auth');
			await ndv.getByText(callbackLogin).waitFor();
			await expect(ndv.getByText(setup).count()).resolves.toBe(1);
			await expect(
				ndv.getByText(new RegExp(`${setup.source}.*${callbackLogin.source}`)).count(),
			).resolves.toBe(1);
			await expect(ndv.getByText(warning).count()).resolves.toBe(0);
			await ndv.locator('[data-test-id="node-credentials-select"]').first().waitFor();
			await browser.screenshot('trigger-panel-basic-auth');
			await choose(ndv, 'authentication', 'None');
			await ndv.getByText(warning).waitFor();

			// with Call Summary alone, VoiceShot reads no answer: Respond is not offered
			await expect(
				ndv.locator('[data-test-id="parameter-input-responseMode"]').count(),
			).resolves.toBe(0);

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

			expect(await docsLink(ndv)).toBe(
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
			const output = await outputText();
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

	describe('a new VoiceShot node, added from the node panel', () => {
		it('after a manual trigger, the node panel finds it by "VoiceShot"; Call → Send calls opens its panel with the credentials', async () => {
			await page.goto(`${env.n8n.baseUrl}/workflow/new`);
			const add = page.locator('[data-test-id="canvas-plus-button"]');
			await add.waitFor({ timeout: 90_000 });
			await add.click();
			await page.getByText('Trigger manually', { exact: true }).click();
			const ndv = page.locator('[data-test-id="ndv"]');
			if (await ndv.isVisible()) await page.locator('[data-test-id="ndv-close-button"]').click();
			await page.locator('[data-test-id="canvas-handle-plus"]').first().click();
			await page.keyboard.type('VoiceShot');
			await page
				.locator('[data-test-id="node-creator-item-name"]')
				.filter({ hasText: /^VoiceShot$/ })
				.first()
				.click();
			await browser.screenshot('node-panel-actions');
			// the actions in the order a person placing calls looks for them, under headings they know
			const panel = await page.locator('[data-test-id="node-creator"]').innerText();
			const order = [
				'Send calls',
				'Get the outcome of calls',
				'Query calls',
				'Delete pending calls',
				'Send text messages',
				'Reply to a live call',
				'Pause a campaign',
				'Upload a sound file',
				'Read a VoiceShot post from a Webhook node',
			].map((action) => panel.indexOf(action));
			expect(order.every((index) => index >= 0)).toBe(true);
			expect([...order].sort((a, b) => a - b)).toEqual(order);
			expect(panel).not.toMatch(/(^|\n)POST ACTIONS|CALL COMMAND ACTIONS|Decode a post/);
			expect(panel).toMatch(
				/Place phone calls and text messages with VoiceShot, and start workflows/,
			);
			await page.getByText('Send calls', { exact: true }).click();
			await ndv
				.locator('[data-test-id="parameter-input-phoneNumbers"]')
				.waitFor({ timeout: 60_000 });
			await expect(
				ndv.getByText(/^Send queues the calls: VoiceShot places them later/).count(),
			).resolves.toBe(1);
			await expect(ndv.getByText(/A Prompt ID names an "API prompt"/).count()).resolves.toBe(1);
			await browser.screenshot('voiceshot-send-panel', 'send-panel');
			// n8n picks the only credentials of the type by itself
			await expect(
				ndv.locator('[data-test-id="node-credentials-select"] input').first().inputValue(),
			).resolves.toBe(CREDENTIAL.name);
		});

		it('filled in and executed, it calls the simulator once and shows the call in its output', async () => {
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.locator('[data-test-id="parameter-input-phoneNumbers"] input').first().fill(GOOD);
			await ndv.getByText('Add prompt', { exact: true }).first().click();
			await ndv
				.locator(
					'[data-test-id="parameter-input-content"] input, [data-test-id="parameter-input-content"] textarea',
				)
				.first()
				.fill('Your order has shipped.');
			const before = env.sim.calls().length;
			await ndv.locator('[data-test-id="node-execute-button"]').click();
			await ndv
				.locator('[data-test-id="ndv-items-count"]', { hasText: '1 item' })
				.waitFor({ timeout: 90_000 });
			await ndv.locator('[data-test-id="radio-button-json"]').last().click();
			expect(await outputText()).toContain(`"phonenumber": "${GOOD}"`);
			expect(callsTo(GOOD, before)).toBe(1);
			expect(env.sim.calls().length - before).toBe(1);
			await browser.screenshot('voiceshot-output');
		});

		it('its Options offer Batch Size in batch mode only; its Docs link keeps its anchor', async () => {
			const ndv = page.locator('[data-test-id="ndv"]');
			const add = ndv.locator('[data-test-id="collection-parameter-add"]').first();
			const choices = page.locator('[data-test-id="collection-parameter-option"]:visible');
			const offered = async () => {
				await add.click();
				await choices.first().waitFor();
				const names = await choices.allInnerTexts();
				await add.click();
				await choices.first().waitFor({ state: 'hidden' });
				return names;
			};
			await expect(offered()).resolves.toContain('Batch Size');
			await add.click();
			await choices.filter({ hasText: /^Send Mode$/ }).click();
			await choose(ndv, 'sendMode', 'Per Item');
			const perItem = await offered();
			expect(perItem).toContain('Schedule');
			expect(perItem[perItem.indexOf('Schedule') + 1]).toBe('Schedule Time Zone Name or ID');
			expect(perItem).not.toContain('Batch Size');

			expect(await docsLink(ndv)).toBe(
				'https://github.com/n8n-nodes-voiceshot/n8n-nodes-voiceshot#voiceshot-node',
			);
		});

		it('Live Call → Reply asks for no credential and offers its Command; back on Call it returns', async () => {
			const ndv = page.locator('[data-test-id="ndv"]');
			const credentials = ndv.locator('[data-test-id="node-credentials-select"]');
			await choose(ndv, 'resource', 'Live Call');
			await ndv.locator('[data-test-id="parameter-input-command"]').waitFor({ timeout: 30_000 });
			await credentials.first().waitFor({ state: 'detached', timeout: 30_000 });
			await choose(ndv, 'command', 'Transfer');
			await ndv.locator('[data-test-id="parameter-input-transferto"]').waitFor();
			await expect(ndv.locator('[data-test-id="parameter-input-tts"]').count()).resolves.toBe(0);
			await browser.screenshot('call-command-reply');
			await choose(ndv, 'resource', 'Call');
			await credentials.first().waitFor({ timeout: 30_000 });
		});
	});

	describe('On Error → Continue (using error output), with one bad row', () => {
		it('the bad row is on the error output, the good one on the success output, called once', async () => {
			await openWorkflow(twoRows().id);
			await page.locator('[data-test-id="canvas-node"]', { hasText: 'Call each row' }).dblclick();
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.waitFor();
			await ndv.getByText('Settings', { exact: true }).first().click();
			await ndv.locator('[data-test-id="parameter-input-onError"]').click();
			await page
				.locator('[role=option]:visible', { hasText: 'Continue (using error output)' })
				.click();
			await ndv.getByText('Parameters', { exact: true }).first().click();
			const before = env.sim.calls().length;
			await ndv.locator('[data-test-id="node-execute-button"]').click();
			const output = ndv.locator('[data-test-id="output-panel"]');
			await output
				.getByText(/^Success/)
				.first()
				.waitFor({ timeout: 90_000 });
			await ndv.locator('[data-test-id="radio-button-json"]').last().click();
			expect(await outputText()).toContain(`"phonenumber": "${GOOD}"`);
			expect(await outputText()).not.toContain(`"${BAD}"`);
			await output
				.getByText(/^Error/)
				.first()
				.click();
			await ndv
				.locator('[data-test-id="ndv-data-container"]')
				.last()
				.getByText('"error"')
				.first()
				.waitFor();
			expect(await outputText()).toContain(`"phone": "${BAD}"`);
			expect(await outputText()).toContain(
				`Phone Numbers holds \\"${BAD}\\", which has 7 digits: the area code is missing`,
			);
			expect(await outputText()).not.toContain(`"phonenumber": "${GOOD}"`);
			await browser.screenshot('voiceshot-error-output');
			expect(callsTo(GOOD, before)).toBe(1);
			expect(env.sim.calls().length - before).toBe(1);
		});
	});

	it("the credential's modal tests the simulator's credentials and says so", async () => {
		await page.goto(`${env.n8n.baseUrl}/home/credentials`);
		await page.getByText(CREDENTIAL.name, { exact: true }).first().click({ timeout: 90_000 });
		const modal = page.locator('[data-test-id="credential-edit-dialog"]');
		await modal.waitFor();
		const success = modal.getByText('Connection tested successfully');
		const retry = modal.getByRole('button', { name: 'Retry' });
		await success.or(retry).first().waitFor({ timeout: 60_000 });
		if (!(await success.isVisible())) await retry.click();
		await success.waitFor({ timeout: 60_000 });
		await browser.screenshot('credential-test');
		// API login and campaigns first; the fallback of the demo is the simulator too
		const text = await modal.innerText();
		expect(text.indexOf('API Username')).toBeLessThan(text.indexOf('Default Menu ID'));
		expect(text.indexOf('Default Caller ID')).toBeLessThan(text.indexOf('API URL'));
		await expect(
			modal.locator('[data-test-id="parameter-input-fallbackUrl"] input').inputValue(),
		).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
	});
});
