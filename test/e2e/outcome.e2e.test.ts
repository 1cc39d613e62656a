/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end test, never published: it drives a real n8n and the simulator */
/**
 * Call → Get Outcome in a real n8n against the simulator: the on-call escalation example, both
 * branches, each number called once; and the long-wait loop through n8n's Wait node, with n8n
 * stopped and started again while the execution waits in its database.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type OutcomeScript, type Simulator } from '../../simulator';
import {
	EXAMPLES,
	loadExample,
	placeExampleFiles,
	simulatorCredential,
	CREDENTIAL_CAMPAIGNS,
} from '../../scripts/n8n/examples';
import {
	createInstance,
	sleep,
	type Execution,
	type N8nInstance,
} from '../../scripts/n8n/instance';
import { buildAndPack } from '../../scripts/n8n/package';
import { provisionRuntime, REPO_ROOT } from '../../scripts/n8n/provision';
import { DONE, GET_OUTCOME, LOOP_WAIT_SECONDS, outcomeLoop, runsOf } from './outcome-loop';
import { stopwatch } from './timings';

const LOG_DIR = join(REPO_ROOT, '.cache', 'e2e-logs');
const ON_CALL = '8185550101';
const BACKUP = '8185550102';
const TEAM = ['8185550103', '8185550104'];
const LOOP = { id: 'vsOutcomeLoop001', path: 'outcome-loop', number: '8185550109' };

const { timed, report } = stopwatch('e2e outcome');

describe('Call → Get Outcome in a real n8n', () => {
	let n8n: N8nInstance;
	let sim: Simulator;
	let scratch: string;
	const simLog: string[] = [];

	beforeAll(async () => {
		const runtime = await provisionRuntime();
		scratch = mkdtempSync(join(tmpdir(), 'voiceshot-outcome-e2e-'));
		const filesDir = join(scratch, 'files');
		const tarball = await buildAndPack(scratch, { build: 'ifStale' });
		n8n = await createInstance({ runtime, env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } });
		sim = await startSimulator({
			campaigns: CREDENTIAL_CAMPAIGNS,
			callDelayMs: 500,
			primaryPort: false,
			log: (line) => simLog.push(line),
		});
		await n8n.installPackage(tarball);
		placeExampleFiles(filesDir);
		await n8n.importCredentials([simulatorCredential(sim.url)]);
		await n8n.importWorkflows([
			loadExample('onCall'),
			outcomeLoop(LOOP.id, LOOP.path, LOOP.number),
		]);
		await n8n.publishWorkflow(LOOP.id);
		await timed('n8n started', () => n8n.start());
		await n8n.setupOwner();
	}, 10 * 60_000);

	afterAll(async () => {
		report();
		mkdirSync(LOG_DIR, { recursive: true });
		if (n8n) writeFileSync(join(LOG_DIR, 'n8n-outcome.log'), n8n.logs());
		writeFileSync(join(LOG_DIR, 'simulator-outcome.log'), simLog.join('\n'));
		await n8n?.dispose();
		await sim?.close();
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	}, 60_000);

	beforeEach(async () => await sim.reset());

	/** The numbers the simulator was asked to call or text, in order, with the Call ID of each. */
	const placed = () => sim.calls().map((call) => [call.channel, call.number, call.callid]);

	async function escalation(outcomes: OutcomeScript): Promise<Execution> {
		sim.setOutcomes(outcomes);
		const execution = await n8n.waitForExecution(
			await n8n.runWorkflow(EXAMPLES.onCall.id, EXAMPLES.onCall.manualTrigger),
			{ timeoutMs: 120_000 },
		);
		expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({
			status: 'success',
			error: undefined,
		});
		return execution;
	}

	it('escalation example: the on-call engineer presses 1, nobody else is called', async () => {
		const execution = await timed('escalation, acknowledged by the first', () =>
			escalation({ byNumber: { [ON_CALL]: { answer: 'human', keypresses: { '1': '1' } } } }),
		);
		expect(placed()).toEqual([['voice', ON_CALL, `oncall-${execution.id}`]]);
		const ran = Object.keys(execution.data?.resultData.runData ?? {});
		expect(ran).toContain('Acknowledged: done');
		expect(ran).not.toContain('Call the backup');
		expect(runsOf(execution, 'Outcome of the first call')[0][0]).toEqual([
			expect.objectContaining({ outcome: 'answered', final: true, keypressByPrompt: { '1': '1' } }),
		]);
		const [spoken] = sim.calls()[0].prompts;
		expect(spoken.tts).toBe('Web server 1 is down. Press 1 to acknowledge.');
	});

	it("escalation example: no answer, then the backup's voicemail: the backup is called, then the team gets a text, each once", async () => {
		const execution = await timed('escalation to the backup and the team', () =>
			escalation({
				byNumber: { [ON_CALL]: { answer: 'noanswer' }, [BACKUP]: { answer: 'machine' } },
			}),
		);
		expect(placed()).toEqual([
			['voice', ON_CALL, `oncall-${execution.id}`],
			['voice', BACKUP, `backup-${execution.id}`],
			...TEAM.map((number) => ['sms', number, `team-${execution.id}`]),
		]);
		expect(runsOf(execution, 'Outcome of the first call')[0][0]).toEqual([
			expect.objectContaining({ outcome: 'noAnswer', final: true }),
		]);
		expect(runsOf(execution, 'Outcome of the backup call')[0][0]).toEqual([
			expect.objectContaining({ outcome: 'voicemail', final: true, status: 'Successful' }),
		]);
	});

	it(
		`the loop through the Wait node (${LOOP_WAIT_SECONDS} s) survives n8n stopped and started again: it resumes, finishes, nobody is called twice`,
		async () => {
			sim.setOutcomes({
				byNumber: { [LOOP.number]: { answer: 'human', keypresses: { '1': '1' }, ringMs: 5_000 } },
			});
			const response = await n8n.callWebhook(LOOP.path, { body: { alert: 'disk full' } });
			expect(response.status).toBe(200);
			const waiting = await timed('until the execution waits in the database', async () => {
				for (;;) {
					const [execution] = await n8n.listExecutions({ workflowId: LOOP.id, status: 'waiting' });
					if (execution) return execution;
					await sleep(500);
				}
			});
			// the first check saw the call ringing and routed it to Pending
			expect(runsOf(waiting, GET_OUTCOME)[0]).toEqual([
				[],
				[expect.objectContaining({ outcome: 'pending', final: false })],
			]);
			await timed('n8n stopped and started again', async () => {
				await n8n.stop();
				await sleep(2_000);
				await n8n.start();
			});
			const execution = await timed('until the resumed execution finished', () =>
				n8n.waitForExecution(String(waiting.id), { timeoutMs: (LOOP_WAIT_SECONDS + 90) * 1000 }),
			);
			expect(execution.status).toBe('success');
			const checks = runsOf(execution, GET_OUTCOME);
			expect(checks).toHaveLength(2);
			expect(checks[1]).toEqual([
				[
					expect.objectContaining({
						outcome: 'answered',
						final: true,
						callid: `loop-${waiting.id}`,
					}),
				],
				[],
			]);
			expect(runsOf(execution, DONE)).toHaveLength(1);
			expect(placed()).toEqual([['voice', LOOP.number, `loop-${waiting.id}`]]);
			const sends = sim
				.snapshot({ calls: false })
				.requests.filter((entry) => entry.kind === 'send');
			expect(sends).toHaveLength(1);
		},
		(LOOP_WAIT_SECONDS + 180) * 1000,
	);
});
