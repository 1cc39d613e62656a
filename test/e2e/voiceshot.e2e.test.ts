/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end test, never published: it drives a real n8n and the simulator */
/**
 * The package in a real n8n, installed from its packed tarball as n8n installs community
 * packages, running the example workflows of `examples/` against the simulator, all on loopback.
 * One n8n for the whole file: installed, imported and started once (see beforeAll).
 */
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { startSimulator, type SimCall, type Simulator } from '../../simulator';
import {
	CALLBACK_LOGIN,
	CALLER_ID,
	CREDENTIAL,
	EXAMPLES,
	MENU_ID,
	exampleOutcomes,
	importExamples,
	loadAllExamples,
	loadExample,
	simulatorCampaigns,
	simulatorCredential,
	triggerUrl,
	type Workflow,
} from '../../scripts/n8n/examples';
import {
	createInstance,
	sleep,
	type Execution,
	type N8nInstance,
} from '../../scripts/n8n/instance';
import { buildAndPack } from '../../scripts/n8n/package';
import { startFakeOpenAi, type FakeOpenAi, type ScriptStep } from './fake-openai';
import { stopwatch } from './timings';
import { provisionRuntime, REPO_ROOT } from '../../scripts/n8n/provision';
import type { RuntimePaths } from '../../scripts/n8n/runtime';
import { sharedTimeZone } from '../../scripts/n8n/timezone';

const LOG_DIR = join(REPO_ROOT, '.cache', 'e2e-logs');

/**
 * The rows of `examples/contacts.csv` the example calls, with the numbers the node makes of their
 * phone column and their row (item) index. Row 6 repeats Ada's number (called once, `duplicateOf`);
 * row 7 has area code 123 (the error output); row 8 is in New York, the others in Los Angeles.
 */
const CONTACTS = [
	{ name: 'Ada Lovelace', number: '8185550101', order: '1042', row: 0 },
	{ name: 'Alan Turing', number: '8185550102', order: '1043', row: 1 },
	{ name: 'Grace Hopper', number: '8185550103', order: '1044', row: 2 },
	{ name: 'Edsger Dijkstra', number: '8185550104', order: '1045', row: 3 },
	{ name: 'Barbara Liskov', number: '8185550105', order: '1046', row: 4 },
	{ name: 'Donald Knuth', number: '8185550106', order: '1047', row: 5 },
	{ name: 'Katherine Johnson', number: '2125550108', order: '1050', row: 8 },
];
const DUPLICATE_ROW = { row: 6, number: '8185550101', order: '1042' };
const BAD_ROW = {
	row: 7,
	error:
		'Phone Numbers holds "(123) 555-0107", which has area code 123: area codes start with 2 to 9. A valid number looks like (818) 555-0100 or +1 818 555 0100 [item 7]',
};
const ZONES: Record<string, string> = { '818': 'America/Los_Angeles', '212': 'America/New_York' };

/** Calling Hours of the imported spreadsheet examples: open all day, so that no test depends on the hour it runs. */
function openAllDay(workflow: Workflow): Workflow {
	for (const node of workflow.nodes) {
		const options = node.parameters?.options as Record<string, unknown> | undefined;
		if (node.type !== 'n8n-nodes-voiceshot.voiceShot' || !options?.callingHours) continue;
		options.callingHoursFrom = '00:00';
		options.callingHoursUntil = '23:59';
	}
	return workflow;
}

/**
 * The spreadsheet example with a Calling Hours window open now in Los Angeles and closed in New
 * York (three hours ahead), or the other way round when that window would cross midnight: the
 * contact outside is scheduled for the window's next opening in its zone.
 */
const HOURS_ID = 'vsE2eSheetHours1';
function callingHoursVariant(): {
	workflow: Workflow;
	inside: string;
	outside: string;
	from: string;
} {
	const workflow = loadExample('spreadsheet');
	workflow.id = HOURS_ID;
	workflow.name = `${workflow.name} (calling hours open in one zone)`;
	const losAngeles = DateTime.now().setZone('America/Los_Angeles');
	const [inside, outside] =
		losAngeles.hour >= 22 || losAngeles.hour < 1
			? ['America/New_York', 'America/Los_Angeles']
			: ['America/Los_Angeles', 'America/New_York'];
	const now = DateTime.now().setZone(inside);
	const from = now.minus({ minutes: 30 }).toFormat('HH:mm');
	const until = now.plus({ minutes: 90 }).toFormat('HH:mm');
	const send = workflow.nodes.find((node) => node.type === 'n8n-nodes-voiceshot.voiceShot')!;
	Object.assign(send.parameters.options as Record<string, unknown>, {
		callingHoursFrom: from,
		callingHoursUntil: until,
	});
	return { workflow, inside, outside, from };
}
const hours = callingHoursVariant();

/** The id of the spreadsheet example's first run: its Call IDs end with it. */
let spreadsheetRun = '';
/** The Call ID the spreadsheet example gives an order's call in that run. */
const orderCallid = (order: string | number) => `order-${order}-${spreadsheetRun}`;

/** The spreadsheet example with a batch size of 4: 6 rows must go in 2 requests. */
const BATCH_OF_4_ID = 'vsE2eSheetBatch4';
function batchOf4Variant(): Workflow {
	const workflow = loadExample('spreadsheet');
	workflow.id = BATCH_OF_4_ID;
	workflow.name = `${workflow.name} (batch size 4)`;
	const send = workflow.nodes.find((node) => node.type === 'n8n-nodes-voiceshot.voiceShot')!;
	(send.parameters.options as Record<string, unknown>).batchSize = 4;
	return workflow;
}

/**
 * The AI agent example made runnable in CI: its chat trigger replaced by a manual trigger and a
 * chat message, its model pointed at a scripted stand-in for OpenAI on loopback.
 */
const AGENT_RUN_ID = 'vsE2eAgentRun001';
const FAKE_OPENAI_CREDENTIAL = {
	id: 'vsE2eFakeOpenAi1',
	name: 'Fake OpenAI (e2e)',
	type: 'openAiApi',
};
const AGENT_CHAT = 'Call 818 555 0101 and tell Ada her teapot arrives Monday.';
const AGENT_TOOL_ARGUMENTS = {
	phoneNumber: '818 555 0101',
	message: 'Hello Ada, your blue teapot arrives Monday.',
};
/** The Call ID in a tool result: the VoiceShot node's output as n8n hands it to the model. */
const callIdIn = (toolResult: string | undefined) =>
	/\\?"callid\\?":\s*\\?"([^"\\]+)/.exec(toolResult ?? '')?.[1] ?? '';
/** The model's script: place the call, then check it by the Call ID the first tool returned. */
const AGENT_SCRIPT: ScriptStep[] = [
	() => ({ tool: 'Place_a_call', arguments: AGENT_TOOL_ARGUMENTS }),
	([placed]) => ({ tool: 'Check_a_call', arguments: { callId: callIdIn(placed) } }),
];
function runnableAgentVariant(): Workflow {
	const workflow = loadExample('agent');
	workflow.id = AGENT_RUN_ID;
	workflow.name = `${workflow.name} (e2e: manual trigger, scripted model)`;
	const chat = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger')!;
	workflow.nodes = workflow.nodes.filter((node) => node !== chat);
	workflow.nodes.push(
		{
			id: 'e2e00000-0000-4000-8000-000000000001',
			name: 'Run',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [-220, 20],
			parameters: {},
		},
		{
			id: 'e2e00000-0000-4000-8000-000000000002',
			name: 'Chat message',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: chat.position,
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{ id: 'e2e-chat-input', name: 'chatInput', value: AGENT_CHAT, type: 'string' },
					],
				},
				includeOtherFields: false,
				options: {},
			},
		},
	);
	const connections = workflow.connections as Record<string, unknown>;
	connections['Chat message'] = connections[chat.name];
	delete connections[chat.name];
	connections.Run = { main: [[{ node: 'Chat message', type: 'main', index: 0 }]] };
	const model = workflow.nodes.find(
		(node) => node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi',
	)!;
	model.credentials = {
		openAiApi: { id: FAKE_OPENAI_CREDENTIAL.id, name: FAKE_OPENAI_CREDENTIAL.name },
	};
	return workflow;
}

interface Item {
	json: Record<string, unknown>;
	binary?: Record<
		string,
		{ mimeType: string; fileName?: string; fileExtension?: string; bytes?: number }
	>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

/** Items of a node's output `output` in its first run. */
function outputOf(execution: Execution, node: string, output = 0): Item[] {
	const runs = execution.data?.resultData.runData[node] as unknown as
		| Array<{ data?: { main: Array<Item[] | null> } }>
		| undefined;
	return runs?.[0]?.data?.main[output] ?? [];
}

function ran(execution: Execution, node: string): boolean {
	return execution.data?.resultData.runData[node] !== undefined;
}

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const CALLBACK_AUTH = basic(CALLBACK_LOGIN.username, CALLBACK_LOGIN.password);

const { timed, report } = stopwatch('e2e');

describe('n8n-nodes-voiceshot in a real n8n, against the simulator', () => {
	let n8n: N8nInstance;
	let runtime: RuntimePaths;
	let sim: Simulator;
	let scratch: string;
	let filesDir: string;
	let nodeTypes: Array<{ name: string; version: number | number[] }>;
	let openAi: FakeOpenAi;
	const simLog: string[] = [];

	beforeAll(async () => {
		runtime = await timed('provision n8n (cold: minutes; warm: a file read)', () =>
			provisionRuntime(),
		);
		scratch = mkdtempSync(join(tmpdir(), 'voiceshot-e2e-'));
		filesDir = join(scratch, 'files');
		const tarball = await timed('build if stale, npm pack', () =>
			buildAndPack(scratch, {
				build: 'ifStale',
				log: (line) => process.stderr.write(`[e2e] ${line}\n`),
			}),
		);
		// as npm start does: n8n reads the simulator's dates in the zone the simulator writes them in
		const zone = sharedTimeZone();
		n8n = await createInstance({
			runtime,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir, GENERIC_TIMEZONE: zone.timeZone },
		});
		sim = await startSimulator({
			timezoneOffsetMinutes: zone.offsetMinutes,
			campaigns: simulatorCampaigns(n8n.baseUrl),
			outcomes: exampleOutcomes(),
			callDelayMs: 50,
			primaryPort: false,
			// n8n's first Code-node run starts its task runner: seconds on a busy machine
			callbackTimeoutMs: 60_000,
			log: (line) => simLog.push(line),
		});
		openAi = await startFakeOpenAi(AGENT_SCRIPT);
		await timed('install the tarball as a community package', () => n8n.installPackage(tarball));
		await timed('import credentials and workflows, publish the triggers', async () => {
			await n8n.importCredentials([
				{ ...FAKE_OPENAI_CREDENTIAL, data: { apiKey: 'dummy-openai-key', url: openAi.url } },
			]);
			await importExamples(n8n, {
				filesDir,
				apiUrl: sim.url,
				extraWorkflows: [batchOf4Variant(), runnableAgentVariant(), hours.workflow],
				adapt: (workflow) => (workflow.id === HOURS_ID ? workflow : openAllDay(workflow)),
			});
		});
		nodeTypes = await timed('n8n export:nodes', () => n8n.exportNodes());
		await timed('n8n start', () => n8n.start());
		await n8n.setupOwner();
	}, 30 * 60_000);

	afterAll(async () => {
		report();
		// what helps when a test failed: n8n's and the simulator's output
		mkdirSync(LOG_DIR, { recursive: true });
		if (n8n) writeFileSync(join(LOG_DIR, 'n8n.log'), n8n.logs());
		writeFileSync(join(LOG_DIR, 'simulator.log'), simLog.join('\n'));
		process.stderr.write(`[e2e] logs of this run: ${LOG_DIR}\n`);
		await n8n?.dispose();
		await sim?.close();
		await openAi?.close();
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	}, 60_000);

	afterEach(async () => {
		await sim?.clearFaults();
	});

	async function finishedExecutions(workflowId: string): Promise<Execution[]> {
		return (await n8n.listExecutions({ workflowId })).filter(
			(e) => !['running', 'new', 'waiting'].includes(e.status),
		);
	}

	/** Waits until the simulator has completed every call and delivered every callback. */
	async function callsSettled(count: number): Promise<SimCall[]> {
		await sim.waitFor((s) => s.calls({ status: 'completed' }).length >= count || undefined, 30_000);
		await sim.idle();
		return sim.calls({ status: 'completed' });
	}

	it('loads the package, and every example uses node types and versions this n8n has', () => {
		const versions = new Map<string, number[]>();
		for (const type of nodeTypes) {
			const list = Array.isArray(type.version) ? type.version : [type.version];
			versions.set(type.name, [...(versions.get(type.name) ?? []), ...list]);
		}
		expect(versions.get('n8n-nodes-voiceshot.voiceShot')).toEqual([1]);
		expect(versions.get('n8n-nodes-voiceshot.voiceShotTrigger')).toEqual([1]);
		expect(versions.get('n8n-nodes-voiceshot.voiceShotTool')).toEqual([1]);
		const unknown = loadAllExamples().flatMap((workflow) =>
			workflow.nodes
				.filter((node) => !(versions.get(node.type) ?? []).includes(node.typeVersion))
				.map((node) => `${workflow.name}: ${node.name} (${node.type} v${node.typeVersion})`),
		);
		expect(unknown).toEqual([]);
	});

	it("takes luxon from n8n: the nodes require it, nothing installed with the package provides it, n8n's copy does", () => {
		const installed = join(n8n.nodesFolder, 'node_modules', 'n8n-nodes-voiceshot');
		expect(
			readFileSync(join(installed, 'dist', 'nodes', 'VoiceShot', 'VoiceShot.node.js'), 'utf8'),
		).toContain('require("luxon")');
		const luxonUnder = (folder: string): string[] =>
			existsSync(folder)
				? readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
						!entry.isDirectory()
							? []
							: entry.name === 'luxon'
								? [join(folder, entry.name)]
								: luxonUnder(join(folder, entry.name)),
					)
				: [];
		expect(luxonUnder(n8n.nodesFolder)).toEqual([]);
		expect(existsSync(join(runtime.n8nHome, 'node_modules', 'luxon', 'package.json'))).toBe(true);
		// the node loaded (above), and its dates ran through luxon in every send below
	});

	it('imported every example, credentials attached, and activated the two trigger workflows', async () => {
		for (const workflow of loadAllExamples()) {
			const stored = await n8n.request<{
				id: string;
				active: boolean;
				nodes: Array<{ name: string; credentials?: unknown }>;
			}>('GET', `/api/v1/workflows/${workflow.id}`);
			expect(stored.status).toBe(200);
			expect(stored.body.active).toBe(
				workflow.id === EXAMPLES.summaries.id || workflow.id === EXAMPLES.ivr.id,
			);
			for (const node of workflow.nodes.filter((entry) => entry.credentials?.voiceShotApi)) {
				expect(stored.body.nodes.find((entry) => entry.name === node.name)?.credentials).toEqual({
					voiceShotApi: { id: CREDENTIAL.id, name: CREDENTIAL.name },
				});
			}
		}
	});

	it('spreadsheet example: every row in one batched request with the expected XML, one output item per call, paired', async () => {
		const firstRequest = sim.state.requests.length;
		const execution = await timed('spreadsheet example run', async () =>
			n8n.waitForExecution(
				await n8n.runWorkflow(EXAMPLES.spreadsheet.id, EXAMPLES.spreadsheet.manualTrigger),
			),
		);
		expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({
			status: 'success',
			error: undefined,
		});
		spreadsheetRun = String(execution.id);

		const sends = sim.state.requests
			.slice(firstRequest)
			.filter((request) => request.action === '0');
		expect(sends).toHaveLength(1);
		expect(sends[0].errorid).toBe(0);
		const prompt = (contact: (typeof CONTACTS)[number]) =>
			`Hello ${contact.name}, this is Example Shop. Your order ${contact.order} has shipped. Press 1 to hear when it arrives, or 0 to talk to us.`;
		// the caller ID (the credentials' default) is common to all numbers, so it is sent once
		expect(sends[0].body).toBe(
			`<campaign menuid="${MENU_ID}" action="0" callerid="${CALLER_ID}"><phonenumbers>` +
				CONTACTS.map(
					(contact) =>
						`<phonenumber number="${contact.number}" callid="${orderCallid(contact.order)}">` +
						`<prompts><prompt promptid="1" tts="${prompt(contact)}"/></prompts></phonenumber>`,
				).join('') +
				'</phonenumbers></campaign>',
		);
		expect(
			sim.calls().map((call) => [call.number, call.callid, call.callerid, call.prompts[0]?.tts]),
		).toEqual(
			CONTACTS.map((contact) => [
				contact.number,
				orderCallid(contact.order),
				CALLER_ID,
				prompt(contact),
			]),
		);

		const output = outputOf(execution, 'Call every contact');
		const called = CONTACTS.map((contact) => ({
			row: contact.row,
			json: {
				menuid: MENU_ID,
				phonenumber: contact.number,
				callid: orderCallid(contact.order),
				callerid: CALLER_ID,
				recipientTimeZone: ZONES[contact.number.slice(0, 3)],
				errorid: 0,
				queued: true,
				comment: expect.any(String),
			},
		}));
		const duplicate = {
			row: DUPLICATE_ROW.row,
			json: {
				menuid: MENU_ID,
				phonenumber: DUPLICATE_ROW.number,
				duplicateOf: orderCallid(DUPLICATE_ROW.order),
			},
		};
		const expected = [...called, duplicate].sort((a, b) => a.row - b.row);
		expect(output.map((item) => item.pairedItem)).toEqual(
			expected.map(({ row }) => ({ item: row })),
		);
		expect(output.map((item) => item.json)).toEqual(expected.map(({ json }) => json));

		// the row whose number cannot exist left on the error output, into "Rows to fix"
		const failed = outputOf(execution, 'Call every contact', 1);
		expect(failed.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: BAD_ROW.row }, BAD_ROW.error],
		]);
		expect(outputOf(execution, 'Rows to fix')).toHaveLength(1);
	});

	it('calls completed by the simulator reach the active summary workflow, typed, voicemail as binary data', async () => {
		const calls = await timed('6 calls completed, callbacks delivered', () =>
			callsSettled(CONTACTS.length),
		);
		expect(calls).toHaveLength(CONTACTS.length);
		const executions = await n8n.waitForExecutions(EXAMPLES.summaries.id, CONTACTS.length);
		expect(executions).toHaveLength(CONTACTS.length);
		expect(executions.map((e) => e.status)).toEqual(CONTACTS.map(() => 'success'));
		const byCallid = new Map(
			executions.map((e) => [outputOf(e, 'On call summary')[0]?.json.callid, e]),
		);

		const answered = byCallid.get(orderCallid(1042))!;
		expect(outputOf(answered, 'On call summary')[0].json).toMatchObject({
			kind: 'callSummary',
			direction: 'outbound',
			menuid: MENU_ID,
			callid: orderCallid(1042),
			phonenumber: '8185550101',
			status: 'Successful',
			comment: 'Human Answer',
			duration: 42,
			dateandtimeIso: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
			keypresses: [{ promptid: '1', keypress: '1' }],
			keypressByPrompt: { '1': '1' },
			recordings: [],
		});
		// a call placed a moment ago is dated a moment ago, not hours off (one zone for both)
		const summaryDate = outputOf(answered, 'On call summary')[0].json.dateandtimeIso;
		expect(Math.abs(Date.parse(String(summaryDate)) - Date.now())).toBeLessThan(5 * 60_000);
		expect(outputOf(answered, 'Log the answered call')[0].json).toEqual({
			callid: orderCallid(1042),
			phonenumber: '8185550101',
			answeredBy: 'Human Answer',
			seconds: 42,
			keys: '1',
		});

		const voicemail = byCallid.get(orderCallid(1043))!;
		const [summary] = outputOf(voicemail, 'On call summary');
		expect(summary.json).toMatchObject({
			status: 'Successful',
			comment: 'Answering Machine',
			recordings: [
				{ promptid: '1', fileName: `${orderCallid(1043)}.wav`, binaryProperty: 'voicemail' },
			],
		});
		expect(JSON.stringify(summary.json)).not.toMatch(/UklGR/); // no base64 WAV in the JSON
		expect(summary.binary?.voicemail).toMatchObject({
			mimeType: 'audio/wav',
			fileName: `${orderCallid(1043)}.wav`,
		});
		expect(ran(voicemail, 'Keep the voicemail')).toBe(true);
		const kept = join(filesDir, 'voiceshot', 'voicemail', `${orderCallid(1043)}.wav`);
		expect(existsSync(kept)).toBe(true);
		expect(readFileSync(kept).subarray(0, 4).toString('latin1')).toBe('RIFF');

		for (const [callid, reason] of [
			[orderCallid(1044), 'Busy'],
			[orderCallid(1046), 'No Answer'],
		]) {
			const execution = byCallid.get(callid)!;
			expect(outputOf(execution, 'On call summary')[0].json).toMatchObject({
				status: 'Unsuccessful',
				comment: reason,
				duration: 0,
			});
			expect(outputOf(execution, 'Call again later')[0].json).toMatchObject({ callid, reason });
		}
	});

	it('a keypress answered by the live-IVR workflow returns its call command to the simulator', async () => {
		await callsSettled(CONTACTS.length);
		const executions = await n8n.waitForExecutions(EXAMPLES.ivr.id, 2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);

		const [teapot] = sim.calls({ number: '8185550101' });
		expect(teapot.result?.commands).toEqual([
			{ promptid: '1', command: { tts: 'Your blue teapot, order 1042, arrives Monday. Goodbye.' } },
		]);
		expect(teapot.result?.played).toEqual([
			'tts:Your blue teapot, order 1042, arrives Monday. Goodbye.',
		]);
		expect(teapot.result?.commandErrors).toEqual([]);

		const [transfer] = sim.calls({ number: '8185550104' });
		expect(transfer.result?.commands).toEqual([
			{ promptid: '1', command: { tts: 'Connecting you to our team.', transferto: '8005550199' } },
		]);
		expect(transfer.result?.transferredTo).toBe('8005550199');

		const keypressPosts = sim.state.callbacks.filter((entry) => entry.kind === 'keypress');
		expect(keypressPosts.map((entry) => [entry.status, entry.responseBody])).toEqual(
			expect.arrayContaining([
				[200, '<prompt tts="Your blue teapot, order 1042, arrives Monday. Goodbye."/>'],
				[200, '<prompt tts="Connecting you to our team." transferto="8005550199"/>'],
			]),
		);
		const ivrInput = executions.map((e) => outputOf(e, 'On keypress')[0].json);
		expect(ivrInput).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					kind: 'keypress',
					menuid: MENU_ID,
					callid: orderCallid(1042),
					promptid: '1',
					keypress: '1',
				}),
				expect.objectContaining({
					kind: 'keypress',
					menuid: MENU_ID,
					callid: orderCallid(1045),
					promptid: '1',
					keypress: '0',
				}),
			]),
		);
	});

	it('sends as few requests as the batch size allows: 7 numbers at batch size 4 are 2 requests, items still paired', async () => {
		const firstRequest = sim.state.requests.length;
		const execution = await n8n.waitForExecution(
			await n8n.runWorkflow(BATCH_OF_4_ID, EXAMPLES.spreadsheet.manualTrigger),
		);
		expect(execution.status).toBe('success');
		const sends = sim.state.requests
			.slice(firstRequest)
			.filter((request) => request.action === '0');
		expect(sends.map((request) => request.body.match(/<phonenumber /g)?.length)).toEqual([4, 3]);
		expect(sends.map((request) => request.errorid)).toEqual([0, 0]);
		const output = outputOf(execution, 'Call every contact');
		expect(output.map((item) => [item.pairedItem, item.json.phonenumber])).toEqual(
			[...CONTACTS, DUPLICATE_ROW]
				.sort((a, b) => a.row - b.row)
				.map((contact) => [{ item: contact.row }, contact.number]),
		);
		await callsSettled(2 * CONTACTS.length); // let its callbacks finish before the next tests count executions
	});

	it('answers wrong basic auth with 401 and malformed bodies with 400, and starts no execution', async () => {
		await callsSettled(2 * CONTACTS.length);
		const before = (await n8n.waitForExecutions(EXAMPLES.summaries.id, 2 * CONTACTS.length)).length;
		const url = triggerUrl('', 'summaries').replace(/^\/webhook\//, '');
		const summary = `<campaign menuid="${MENU_ID}" callid="e2e-1" phonenumber="8185550199" status="Successful" comment="Human Answer" duration="5" dateandtime="11/27/2026 1:46:03 AM"/>`;

		const answers = {
			noAuth: await n8n.callWebhook(url, {
				body: summary,
				headers: { 'content-type': 'text/plain' },
			}),
			wrongPassword: await n8n.callWebhook(url, {
				body: summary,
				headers: {
					'content-type': 'text/plain',
					authorization: basic(CALLBACK_LOGIN.username, 'wrong'),
				},
			}),
			notXml: await n8n.callWebhook(url, {
				body: 'hello',
				headers: { 'content-type': 'text/plain', authorization: CALLBACK_AUTH },
			}),
			malformed: await n8n.callWebhook(url, {
				body: '<campaign menuid="1-1234"><prompts></campaign>',
				headers: { 'content-type': 'text/plain', authorization: CALLBACK_AUTH },
			}),
			empty: await n8n.callWebhook(url, {
				body: '',
				headers: { 'content-type': 'text/plain', authorization: CALLBACK_AUTH },
			}),
			// with an XML Content-Type too: n8n's own parser does not run first (test/e2e/trigger-body)
			malformedTextXml: await n8n.callWebhook(url, {
				body: '<campaign menuid="1-1234"><prompts></campaign>',
				headers: { 'content-type': 'text/xml', authorization: CALLBACK_AUTH },
			}),
			doctype: await n8n.callWebhook(url, {
				body: '<!DOCTYPE campaign [<!ENTITY x "y">]><campaign menuid="1-1234" callid="&x;"/>',
				headers: { 'content-type': 'application/octet-stream', authorization: CALLBACK_AUTH },
			}),
		};
		expect(
			Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.status])),
		).toEqual({
			noAuth: 401,
			wrongPassword: 401,
			notXml: 400,
			malformed: 400,
			empty: 400,
			malformedTextXml: 400,
			doctype: 400,
		});
		expect(answers.malformed.text).toMatch(/^Bad request: /);

		await sleep(1500);
		expect((await finishedExecutions(EXAMPLES.summaries.id)).length).toBe(before);

		// the same post with the right login does start one (the count above can move)
		const accepted = await n8n.callWebhook(url, {
			body: summary,
			headers: { 'content-type': 'text/plain', authorization: CALLBACK_AUTH },
		});
		expect(accepted.status).toBe(200);
		await n8n.waitForExecutions(EXAMPLES.summaries.id, before + 1);
	});

	it('credential test: passes against the simulator, reports errorid 1 when the simulator refuses the IP', async () => {
		const credential = simulatorCredential(sim.url);
		await expect(n8n.testCredential(credential)).resolves.toEqual({
			status: 'OK',
			message: expect.any(String),
		});
		// test configuration, then a read-only call query per default Menu ID (voice, SMS)
		expect(
			sim.state.requests.slice(-3).map((request) => [request.action, request.errorid]),
		).toEqual([
			['6', 0],
			['3', 0],
			['3', 0],
		]);

		sim.configure({ registeredIps: ['203.0.113.7'] });
		try {
			const refused = await n8n.testCredential(credential);
			expect(refused.status).toBe('Error');
			expect(refused.message).toMatch(/errorid 1\b/);
			expect(refused.message).toMatch(/IP address is not registered/);
		} finally {
			sim.configure({ registeredIps: [] });
		}
	});

	it('a VoiceShot error in a send puts every row on the error output with the errorid and the comment', async () => {
		const callsBefore = sim.calls().length;
		await sim.setFault({
			type: 'errorid',
			errorid: 2,
			comment: 'Your free trial has ended.',
			times: 1,
		});
		const execution = await n8n.waitForExecution(
			await n8n.runWorkflow(EXAMPLES.spreadsheet.id, EXAMPLES.spreadsheet.manualTrigger),
		);
		expect(execution.status).toBe('success');
		expect(outputOf(execution, 'Call every contact')).toEqual([]);
		const failed = outputOf(execution, 'Call every contact', 1);
		expect(failed.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 9 }, (_, row) => ({ item: row })),
		);
		for (const item of failed.filter(
			(entry) => (entry.pairedItem as { item: number }).item !== BAD_ROW.row,
		)) {
			const text = JSON.stringify(item.json);
			expect(text).toMatch(/errorid 2\b|"errorid":2\b/);
			expect(text).toContain('Your free trial has ended.');
		}
		expect(outputOf(execution, 'Rows to fix')).toHaveLength(9);
		expect(sim.calls()).toHaveLength(callsBefore);
	});
	it('AI agent example: the agent places a call with one VoiceShot tool and checks it with another (Call → Query; scripted model)', async () => {
		await sim.idle();
		const firstRequest = sim.state.requests.length;
		const execution = await timed('agent example run', async () =>
			n8n.waitForExecution(await n8n.runWorkflow(AGENT_RUN_ID, 'Run'), { timeoutMs: 60_000 }),
		);
		expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({
			status: 'success',
			error: undefined,
		});

		// the model saw both tools, named after their nodes, with the $fromAI fields as parameters
		const [first, second, third] = openAi.requests;
		const toolsSeen = Object.fromEntries(
			(first.tools ?? []).map(({ function: tool }) => [
				tool.name,
				{
					description: tool.description,
					parameters: Object.keys(tool.parameters?.properties ?? {}).sort(),
				},
			]),
		);
		expect(toolsSeen).toEqual({
			Place_a_call: {
				description: expect.stringContaining('Places one phone call through VoiceShot'),
				parameters: ['message', 'phoneNumber'],
			},
			Check_a_call: {
				description: expect.stringContaining('Takes the Call ID that Place a call returned'),
				parameters: ['callId'],
			},
		});
		expect(
			first.messages.some(
				(message) => message.role === 'user' && String(message.content).includes(AGENT_CHAT),
			),
		).toBe(true);

		// the first tool call became one VoiceShot send, and its Call ID went back to the model
		const requests = sim.state.requests.slice(firstRequest);
		const sends = requests.filter((request) => request.action === '0');
		expect(sends).toHaveLength(1);
		expect(sends[0].errorid).toBe(0);
		const [call] = sim.calls().filter((entry) => entry.requestId === sends[0].id);
		expect([call.number, call.prompts[0]?.tts]).toEqual([
			'8185550101',
			AGENT_TOOL_ARGUMENTS.message,
		]);
		const placed = second?.messages.find((message) => message.role === 'tool');
		expect(callIdIn(JSON.stringify(placed?.content))).toBe(call.callid);

		// the second became one call query for that Call ID, answered with the simplified call
		const queries = requests.filter((request) => request.action === '3');
		expect(queries.map((request) => [request.errorid, request.body])).toEqual([
			[0, expect.stringContaining(`callid="${call.callid}"`)],
		]);
		const checked = third?.messages.filter((message) => message.role === 'tool')[1];
		const report = JSON.parse(
			typeof checked?.content === 'string' ? checked.content : JSON.stringify(checked?.content),
		) as unknown;
		const [calls] = [report].flat() as Array<Record<string, unknown>>;
		expect(calls).toMatchObject({
			callid: call.callid,
			phonenumber: '8185550101',
			status: expect.any(String),
		});
		// Simplify: the model gets no raw date, menu ID, keypress list or attributes to wade through
		for (const raw of ['dateandtime', 'menuid', 'keypresses', 'attributes'])
			expect(calls).not.toHaveProperty(raw);
		// Query dates the call just placed within a minute of now (n8n and the simulator in one zone)
		expect(Math.abs(Date.parse(String(calls.dateandtimeIso)) - Date.now())).toBeLessThan(60_000);
		expect(String(outputOf(execution, 'AI Agent')[0]?.json.output)).toContain(call.callid);
	});

	it('Calling Hours: the contact whose zone is outside the window is scheduled for its next opening there, the others called now', async () => {
		await sim.idle();
		const firstCall = sim.calls().length;
		const execution = await n8n.waitForExecution(
			await n8n.runWorkflow(HOURS_ID, EXAMPLES.spreadsheet.manualTrigger),
		);
		expect(execution.status).toBe('success');
		const output = outputOf(execution, 'Call every contact').filter(
			(item) => !item.json.duplicateOf,
		);
		expect(output).toHaveLength(CONTACTS.length);
		for (const item of output) {
			const zone = ZONES[String(item.json.phonenumber).slice(0, 3)];
			expect(item.json.recipientTimeZone).toBe(zone);
			if (zone === hours.inside) {
				expect(item.json.scheduledFor).toBeUndefined();
				continue;
			}
			// the next opening: From, today or tomorrow, in the contact's own zone
			const now = DateTime.now().setZone(zone);
			const [hour, minute] = hours.from.split(':').map(Number);
			let opening = now.set({ hour, minute, second: 0, millisecond: 0 });
			if (opening < now.minus({ minutes: 5 })) opening = opening.plus({ days: 1 });
			expect(item.json.scheduledFor).toBe(
				opening.toFormat("yyyy-MM-dd'T'HH:mm:ss") + opening.toFormat('ZZ'),
			);
			expect(item.json.dateandtime).toEqual(expect.any(String));
		}
		const placed = sim.calls().slice(firstCall);
		expect(placed).toHaveLength(CONTACTS.length);
		const waiting = placed.filter((call) => ZONES[call.number.slice(0, 3)] === hours.outside);
		expect(waiting.length).toBeGreaterThan(0);
		expect(waiting.every((call) => call.status === 'pending')).toBe(true);
	});
});
