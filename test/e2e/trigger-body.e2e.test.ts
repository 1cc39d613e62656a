/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end test, never published: it drives a real n8n */
/**
 * The trigger reads every post's raw bytes itself, without n8n's XML parser running first, in a
 * real n8n 2.41.1. n8n's parser (xml2js) is watched, not changed: a preload script (NODE_OPTIONS
 * --require) in n8n's processes notes the length of every text xml2js parses.
 *
 * Two published triggers: one as the editor saves a new trigger (options.binaryData: true, the
 * hidden option), and one saved without it (older versions, or options: {} written by hand),
 * which keeps n8n's old behaviour.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Workflow } from '../../scripts/n8n/examples';
import type { Execution } from '../../scripts/n8n/instance';
import { provisionRuntime } from '../../scripts/n8n/provision';
import { summaryWithVoicemail, wavBytes } from '../nodes/VoiceShotTrigger/samples';
import { startEnvironment, type Environment } from './environment';

const SPY = `
const { appendFileSync } = require('node:fs');
const from = process.env.VOICESHOT_XML2JS_FROM;
const out = process.env.VOICESHOT_XML2JS_LOG;
if (from && out) {
	try {
		const { Parser } = require(require.resolve('xml2js', { paths: [from] }));
		const parseString = Parser.prototype.parseString;
		Parser.prototype.parseString = function (text, callback) {
			appendFileSync(out, String(text).length + '\\n');
			return parseString.call(this, text, callback);
		};
	} catch {}
}
`;

/** n8n answers with 413 above this (N8N_PAYLOAD_SIZE_MAX, in MiB). */
const PAYLOAD_SIZE_MAX_MIB = 8;

function triggerWorkflow(
	id: string,
	webhookId: string,
	options: Record<string, unknown>,
): Workflow {
	return {
		id,
		name: `Trigger body test (${webhookId})`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'VoiceShot Trigger',
				type: 'n8n-nodes-voiceshot.voiceShotTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { authentication: 'none', options },
			},
		],
		connections: {},
	};
}

const RAW = { id: 'vsE2eRawBody0001', path: 'voiceshot-raw-body/voiceshot' };
const OLDER = { id: 'vsE2eOlderBody01', path: 'voiceshot-older-body/voiceshot' };

const MALFORMED = '<campaign menuid="1-1234"><prompts></campaign>';
const DOCTYPE = '<!DOCTYPE campaign [<!ENTITY x "y">]><campaign menuid="1-1234" callid="&x;"/>';

describe("the trigger and n8n's body parser, in a real n8n", () => {
	let env: Environment;
	let spyDir: string;
	let spyLog: string;

	/** The lengths of the texts n8n's xml2js parsed so far. */
	function parsedByN8n(): number[] {
		if (!existsSync(spyLog)) return [];
		return readFileSync(spyLog, 'utf8').split('\n').filter(Boolean).map(Number);
	}

	/** A text/xml post; a post n8n leaves unanswered fails after 10 s instead of hanging. */
	async function postXml(path: string, body: string | Buffer) {
		const response = await fetch(`${env.n8n.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'text/xml' },
			body,
			signal: AbortSignal.timeout(10_000),
		});
		return { status: response.status, text: await response.text() };
	}

	async function executionsOf(workflowId: string): Promise<Execution[]> {
		return await env.n8n.listExecutions({ workflowId });
	}

	/**
	 * Posts one valid summary and waits for its execution: a refused post that had started one
	 * too would show as one more, without the test guessing how long n8n takes to save it.
	 */
	async function executionsAfterOneValidPost(executions: number): Promise<number> {
		const valid = await postXml(RAW.path, '<campaign menuid="1-1234" callid="0" action="5"/>');
		expect(valid.status).toBe(200);
		return (await env.n8n.waitForExecutions(RAW.id, executions + 1)).length;
	}

	beforeAll(async () => {
		const runtime = await provisionRuntime();
		spyDir = mkdtempSync(join(tmpdir(), 'voiceshot-xml2js-spy-'));
		spyLog = join(spyDir, 'parsed.log');
		writeFileSync(join(spyDir, 'spy.cjs'), SPY);
		env = await startEnvironment({
			name: 'trigger-body',
			examples: false,
			workflows: [
				triggerWorkflow(RAW.id, 'voiceshot-raw-body', { binaryData: true }),
				triggerWorkflow(OLDER.id, 'voiceshot-older-body', {}),
			],
			publish: [RAW.id, OLDER.id],
			env: {
				NODE_OPTIONS: `--require ${join(spyDir, 'spy.cjs')}`,
				VOICESHOT_XML2JS_FROM: join(runtime.n8nHome, 'node_modules', 'n8n', 'dist', 'middlewares'),
				VOICESHOT_XML2JS_LOG: spyLog,
				N8N_PAYLOAD_SIZE_MAX: String(PAYLOAD_SIZE_MAX_MIB),
			},
		});
		// wait until both webhooks are registered
		await env.n8n.callWebhook(RAW.path, {
			body: '<campaign menuid="1-1234" callid="0" action="5" comment="Test"/>',
		});
		await env.n8n.callWebhook(OLDER.path, {
			body: '<campaign menuid="1-1234" callid="0" action="5" comment="Test"/>',
		});
		// each answer comes before its execution is saved: wait, so later counts start from these
		await env.n8n.waitForExecutions(RAW.id, 1);
		await env.n8n.waitForExecutions(OLDER.id, 1);
	}, 30 * 60_000);

	afterAll(async () => {
		await env?.dispose();
		if (spyDir) rmSync(spyDir, { recursive: true, force: true });
	}, 60_000);

	it("for contrast: a trigger saved without the hidden option gets n8n's 422, from n8n's parser", async () => {
		const before = parsedByN8n().length;
		const answer = await postXml(OLDER.path, MALFORMED);
		expect(answer.status).toBe(422);
		expect(parsedByN8n().slice(before)).toEqual([MALFORMED.length]);
	});

	it("a malformed text/xml post gets the trigger's 400, and n8n's parser never sees it", async () => {
		const before = parsedByN8n().length;
		const executions = (await executionsOf(RAW.id)).length;
		const answer = await postXml(RAW.path, MALFORMED);
		expect(answer).toEqual({
			status: 400,
			text: expect.stringMatching(/^Bad request: XML is malformed/),
		});
		expect(parsedByN8n().slice(before)).toEqual([]);
		expect(await executionsAfterOneValidPost(executions)).toBe(executions + 1);
	});

	it('a DOCTYPE post, then malformed ones: every one answered 400 at once', async () => {
		const doctype = await postXml(RAW.path, DOCTYPE);
		expect(doctype.status).toBe(400);
		expect(doctype.text).toMatch(/DOCTYPE/);
		const answers = [];
		for (let index = 0; index < 5; index++) answers.push(await postXml(RAW.path, MALFORMED));
		expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400]);
	});

	it('a 5 MiB voicemail summary: one execution with the recording as binary data, parsed once, by the trigger', async () => {
		const recording = wavBytes(3_900_000);
		const body = summaryWithVoicemail([{ data: recording }]);
		expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
		const before = parsedByN8n().length;
		const executions = (await executionsOf(RAW.id)).length;

		const answer = await postXml(RAW.path, body);
		expect(answer).toEqual({ status: 200, text: '' });
		expect(parsedByN8n().slice(before)).toEqual([]);

		const [execution] = await env.n8n.waitForExecutions(RAW.id, executions + 1);
		expect(execution.status).toBe('success');
		const item = (
			execution.data?.resultData.runData['VoiceShot Trigger'][0] as unknown as {
				data: {
					main: Array<
						Array<{
							json: Record<string, unknown>;
							binary?: Record<string, { fileName?: string; mimeType?: string; fileSize?: string }>;
						}>
					>;
				};
			}
		).data.main[0][0];
		expect(item.json).toMatchObject({
			kind: 'callSummary',
			phonenumber: '8182238964',
			recordings: [{ promptid: '2', fileName: 'msg-123.wav', binaryProperty: 'voicemail' }],
		});
		expect(item.json).not.toHaveProperty('attributes');
		expect(item.binary?.voicemail).toMatchObject({
			fileName: 'msg-123.wav',
			mimeType: 'audio/wav',
		});
	});

	it(`a post over N8N_PAYLOAD_SIZE_MAX (${PAYLOAD_SIZE_MAX_MIB} MiB) gets the trigger's 413 and starts nothing`, async () => {
		const executions = (await executionsOf(RAW.id)).length;
		const body = Buffer.alloc((PAYLOAD_SIZE_MAX_MIB + 1) * 1024 * 1024, 0x20);
		body.write('<campaign menuid="1-1234" callid="0" action="5" comment="Test"/>', 0, 'latin1');
		const answer = await postXml(RAW.path, body);
		expect(answer.status).toBe(413);
		expect(answer.text).toMatch(/N8N_PAYLOAD_SIZE_MAX/);
		expect(await executionsAfterOneValidPost(executions)).toBe(executions + 1);
	});

	it("after n8n's own parser failed on a DOCTYPE, the trigger still answers every post", async () => {
		// n8n's xml2js parser is shared by all webhooks: this DOCTYPE breaks it for later posts
		await postXml(OLDER.path, DOCTYPE).catch(() => undefined);
		const answers = [await postXml(RAW.path, MALFORMED), await postXml(RAW.path, MALFORMED)];
		expect(answers.map((answer) => answer.status)).toEqual([400, 400]);
		const valid = await postXml(
			RAW.path,
			'<prompt menuid="1-1234" callid="9" promptid="1" keypress="5"/>',
		);
		expect(valid.status).toBe(200);
	});
});
