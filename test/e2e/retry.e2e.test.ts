/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end test, never published: it drives a real n8n and the simulator */
/**
 * Exactly-once sends in a real n8n: the spreadsheet example (6 rows) with Retry On Fail (3 tries),
 * against the simulator with one send whose outcome is unknown, for every fault, send mode, kind
 * of Call ID and reading of the call query; and what n8n's own retry of a failed execution (the
 * execution list's "Retry", `POST /rest/executions/<id>/retry`) and a fresh run do after a failure.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type FaultSpec, type Simulator } from '../../simulator';
import {
	CREDENTIAL_CAMPAIGNS,
	EXAMPLES,
	loadExample,
	localize,
	placeExampleFiles,
	simulatorCredential,
	type Workflow,
} from '../../scripts/n8n/examples';
import { createInstance, type Execution, type N8nInstance } from '../../scripts/n8n/instance';
import { buildAndPack } from '../../scripts/n8n/package';
import { provisionRuntime, REPO_ROOT } from '../../scripts/n8n/provision';

const LOG_DIR = join(REPO_ROOT, '.cache', 'e2e-logs');
const NUMBERS = [
	'8185550101',
	'8185550102',
	'8185550103',
	'8185550104',
	'8185550105',
	'8185550106',
];
const SEND_NODE = 'Call every contact';
const TRIGGER = EXAMPLES.spreadsheet.manualTrigger;

/** The client's timeout here, and a reply slower than it. */
const TIMEOUT_SECONDS = 1;
const FAULTS: Record<string, { fault: FaultSpec; processed: boolean }> = {
	'drop after read': { fault: { type: 'dropAfterRead' }, processed: true },
	timeout: { fault: { type: 'slowReply', ms: 2500 }, processed: true },
	'500 after processing': {
		fault: { type: 'status', status: 500, process: true },
		processed: true,
	},
	'500 before processing': { fault: { type: 'status', status: 500 }, processed: false },
};

type Mode = 'batch' | 'perItem';
type Callids = 'generated' | 'user';
type Channel = 'call' | 'sms';

function variantId(channel: Channel, mode: Mode, callids: Callids, retry: boolean): string {
	return `vsRetry${channel === 'call' ? 'C' : 'S'}${mode === 'batch' ? 'B' : 'P'}${callids === 'user' ? 'U' : 'G'}${retry ? 'R' : 'N'}000`;
}

/** The spreadsheet example (batch size 4: two requests in batch mode), with node settings. */
function variant(channel: Channel, mode: Mode, callids: Callids, retry: boolean): Workflow {
	const workflow = loadExample('spreadsheet');
	workflow.id = variantId(channel, mode, callids, retry);
	workflow.name = `Retry e2e: ${channel} ${mode} ${callids}${retry ? ' Retry On Fail' : ''}`;
	const send = workflow.nodes.find((node) => node.name === SEND_NODE)!;
	const options: Record<string, unknown> = { sendMode: mode, batchSize: 4 };
	if (callids === 'user') options.callId = '=order-{{ $json.order }}';
	send.parameters = {
		...(channel === 'call'
			? send.parameters
			: {
					resource: 'sms',
					operation: 'send',
					phoneNumbers: send.parameters.phoneNumbers,
					message: '=Order {{ $json.order }} has shipped',
				}),
		options,
	};
	// the example sends bad rows to an error output; the matrix is about a node that stops and retries
	delete send.onError;
	if (retry) Object.assign(send, { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 });
	return workflow;
}

interface Item {
	json: Record<string, unknown>;
	pairedItem?: { item: number };
}

function sendOutput(execution: Execution): Item[] {
	const runs = execution.data?.resultData.runData[SEND_NODE] as unknown as
		| Array<{ data?: { main: Array<Item[] | null> } }>
		| undefined;
	return runs?.[runs.length - 1]?.data?.main[0] ?? [];
}

function liveCallsPerNumber(sim: Simulator): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const call of sim.calls())
		if (call.status !== 'deleted') counts[call.number] = (counts[call.number] ?? 0) + 1;
	return counts;
}

const ONCE_EACH = Object.fromEntries(NUMBERS.map((number) => [number, 1]));

/**
 * The matrix is about six distinct rows in two requests: the example's later rows (a repeated
 * number, a bad area code, another zone) are left out here; duplicates under Retry On Fail are
 * covered on the engine (test/nodes/VoiceShot/duplicates.test.ts).
 */
function keepFirstContacts(filesDir: string, rows: number): void {
	const file = join(filesDir, 'voiceshot', 'contacts.csv');
	const lines = readFileSync(file, 'utf8').split('\n');
	writeFileSync(file, `${lines.slice(0, rows + 1).join('\n')}\n`);
}

const cells = Object.entries(FAULTS).flatMap(([faultName, fault]) =>
	(['batch', 'perItem'] as const).flatMap((mode) =>
		(['generated', 'user'] as const).flatMap((callids) =>
			[true, false].flatMap((queryListsPending) =>
				(['call', 'sms'] as const).map((channel) => ({
					faultName,
					...fault,
					mode,
					callids,
					queryListsPending,
					channel,
				})),
			),
		),
	),
);

describe('exactly-once sends in a real n8n', () => {
	let n8n: N8nInstance;
	let sim: Simulator;
	let scratch: string;
	const simLog: string[] = [];
	const started = Date.now();
	let matrixSeconds = 0;

	beforeAll(async () => {
		const runtime = await provisionRuntime();
		scratch = mkdtempSync(join(tmpdir(), 'voiceshot-retry-e2e-'));
		const filesDir = join(scratch, 'files');
		const tarball = await buildAndPack(scratch, { build: 'ifStale' });
		n8n = await createInstance({ runtime, env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } });
		sim = await startSimulator({
			campaigns: CREDENTIAL_CAMPAIGNS,
			callDelayMs: null,
			primaryPort: false,
			log: (line) => simLog.push(line),
		});
		await n8n.installPackage(tarball);
		placeExampleFiles(filesDir);
		keepFirstContacts(filesDir, NUMBERS.length);
		const credential = simulatorCredential(sim.url);
		await n8n.importCredentials([
			{ ...credential, data: { ...credential.data, timeoutSeconds: TIMEOUT_SECONDS } },
		]);
		const workflows: Workflow[] = [];
		for (const channel of ['call', 'sms'] as const)
			for (const mode of ['batch', 'perItem'] as const)
				for (const callids of ['generated', 'user'] as const)
					workflows.push(variant(channel, mode, callids, true));
		workflows.push(variant('call', 'batch', 'generated', false));
		await n8n.importWorkflows(workflows.map((workflow) => localize(workflow, filesDir)));
		await n8n.start();
		await n8n.setupOwner();
	}, 30 * 60_000);

	afterAll(async () => {
		process.stderr.write(
			`[e2e retry] fault matrix: ${cells.length} executions in ${matrixSeconds.toFixed(1)} s; whole file ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
		);
		mkdirSync(LOG_DIR, { recursive: true });
		if (n8n) writeFileSync(join(LOG_DIR, 'n8n-retry.log'), n8n.logs());
		writeFileSync(join(LOG_DIR, 'simulator-retry.log'), simLog.join('\n'));
		await n8n?.dispose();
		await sim?.close();
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	}, 60_000);

	beforeEach(async () => {
		await sim.reset();
	});

	async function run(workflowId: string): Promise<Execution> {
		return await n8n.waitForExecution(await n8n.runWorkflow(workflowId, TRIGGER), {
			timeoutMs: 60_000,
		});
	}

	it.each(cells)(
		'$channel, $faultName, $mode, $callids Call IDs, query lists pending: $queryListsPending: each number once, success',
		async ({ fault, processed, mode, callids, queryListsPending, channel }) => {
			const cellStarted = Date.now();
			sim.configure({ queryListsPending });
			await sim.setFault({ ...fault, action: '0', times: 1 } as FaultSpec);
			const execution = await run(variantId(channel, mode, callids, true));
			matrixSeconds += (Date.now() - cellStarted) / 1000;
			expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({
				status: 'success',
				error: undefined,
			});
			expect(liveCallsPerNumber(sim)).toEqual(ONCE_EACH);
			const output = sendOutput(execution);
			expect(output.map((item) => [item.pairedItem, item.json.phonenumber])).toEqual(
				NUMBERS.map((number, index) => [{ item: index }, number]),
			);
			const live = sim.calls().filter((call) => call.status !== 'deleted');
			for (const { json } of output)
				expect(
					live.filter((call) => call.callid === json.callid && call.number === json.phonenumber),
				).toHaveLength(1);
			const firstRequest = mode === 'batch' ? 4 : 1;
			expect(output.filter((item) => item.json.alreadyQueued === true)).toHaveLength(
				processed && queryListsPending ? firstRequest : 0,
			);
		},
	);

	describe("after a failed execution (no Retry On Fail, the send's reply lost)", () => {
		const workflowId = variantId('call', 'batch', 'generated', false);

		async function failedExecution(): Promise<Execution> {
			await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 });
			const execution = await run(workflowId);
			expect(execution.status).toBe('error');
			// The first request (4 numbers) was queued; the node stopped there.
			expect(liveCallsPerNumber(sim)).toEqual(
				Object.fromEntries(NUMBERS.slice(0, 4).map((n) => [n, 1])),
			);
			return execution;
		}

		async function retry(execution: Execution, loadWorkflow: boolean): Promise<Execution> {
			const response = await n8n.request<{ data?: { id?: string } }>(
				'POST',
				`/rest/executions/${execution.id}/retry`,
				{ body: { loadWorkflow }, timeoutMs: 60_000 },
			);
			expect(response.status).toBe(200);
			const id = response.body.data?.id;
			expect(id).toBeDefined();
			return await n8n.waitForExecution(String(id));
		}

		it.each([
			['the workflow as it was', false],
			['the currently saved workflow', true],
		])(
			"n8n's Retry from the execution list (%s) settles the earlier calls and sends only the rest",
			async (_label, loadWorkflow) => {
				const failed = await failedExecution();
				const retried = await retry(failed, loadWorkflow as boolean);
				expect(retried.status).toBe('success');
				expect(liveCallsPerNumber(sim)).toEqual(ONCE_EACH);
				const output = sendOutput(retried);
				expect(output.map((item) => item.json.alreadyQueued ?? false)).toEqual([
					true,
					true,
					true,
					true,
					false,
					false,
				]);
				const kinds = sim.state.requests.map((entry) => entry.kind);
				expect(kinds).toEqual(['send', 'callQuery', 'send']);
			},
		);

		it('a new run ("Execute workflow" again) knows nothing of the failed one: it calls the same people again', async () => {
			await failedExecution();
			const again = await run(workflowId);
			expect(again.status).toBe('success');
			expect(liveCallsPerNumber(sim)).toEqual({
				...ONCE_EACH,
				...Object.fromEntries(NUMBERS.slice(0, 4).map((n) => [n, 2])),
			});
		});
	});
});
