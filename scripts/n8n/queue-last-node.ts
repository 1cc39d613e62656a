/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- development tooling, never published: it drives n8n in queue mode */
/**
 * `npx tsx scripts/n8n/queue-last-node.ts [posts]`: does a VoiceShot Trigger answering "When
 * Last Node Finishes" hang in queue mode? (docs/queue-mode.md.)
 *
 * For each setting of N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED (0, n8n's default, then 1000): a
 * fresh Redis, Postgres, main, webhook process and 2 workers; the simulator queues `posts` calls
 * (default 300) that each press a key, and completes them 50 at a time; the keypress goes to a
 * trigger on Keypress answering When Last Node Finishes, whose last node is Live Call → Reply
 * naming the call. Prints how many keypress posts got their call command, how many got none
 * within 60 s, and how many executions the webhook process still waited for at shutdown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator } from '../../simulator';
import { CALLER_ID, MENU_ID, simulatorCredential, type Workflow } from './examples';
import { buildAndPack } from './package';
import { provisionRuntime } from './provision';
import { createCluster, startServices } from './queue';

const POSTS = Number(process.argv[2] ?? 300);
const IN_FLIGHT = 50;
const TIMEOUT_MS = 60_000;

const WORKFLOW: Workflow = {
	id: 'vsLastNodeCheck1',
	name: 'Keypress answered When Last Node Finishes',
	nodes: [
		{
			id: 'c0000000-0000-4000-8000-000000000001',
			name: 'On keypress',
			type: 'n8n-nodes-voiceshot.voiceShotTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'last-node-check',
			parameters: {
				authentication: 'none',
				events: ['keypress'],
				menuIds: '',
				responseMode: 'lastNode',
				options: {},
			},
		},
		{
			id: 'c0000000-0000-4000-8000-000000000002',
			name: 'Answer the caller',
			type: 'n8n-nodes-voiceshot.voiceShot',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				resource: 'callCommand',
				operation: 'reply',
				tts: '=Call {{ $json.callid }}',
			},
		},
	],
	connections: {
		'On keypress': { main: [[{ node: 'Answer the caller', type: 'main', index: 0 }]] },
	},
};

const say = (line: string) => process.stdout.write(`[last node] ${line}\n`);

async function check(keepLastCompleted: string, tarball: string): Promise<void> {
	const runtime = await provisionRuntime();
	const services = await startServices();
	const cluster = await createCluster({
		services,
		runtime,
		workers: 2,
		env: { N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: keepLastCompleted },
	});
	const sim = await startSimulator({
		campaigns: [
			{
				menuid: MENU_ID,
				eventsUrl: `${cluster.webhook.baseUrl}/webhook/last-node-check/voiceshot`,
			},
		],
		outcomes: { default: { answer: 'human', keypresses: { '1': '1' } } },
		callDelayMs: null,
		callbackConcurrency: IN_FLIGHT,
		callbackTimeoutMs: TIMEOUT_MS,
		maxLogEntries: 2 * POSTS + 100,
		primaryPort: false,
		log: () => undefined,
	});
	try {
		await cluster.installPackage(tarball);
		await cluster.main.importCredentials([simulatorCredential(sim.url)]);
		await cluster.main.importWorkflows([WORKFLOW]);
		await cluster.main.publishWorkflow(WORKFLOW.id);
		await cluster.start();
		const numbers = Array.from({ length: POSTS }, (_, i) => `8189${String(i).padStart(6, '0')}`);
		const send = await fetch(sim.url, {
			method: 'POST',
			body:
				`<campaign menuid="${MENU_ID}" action="0" callerid="${CALLER_ID}"><prompts><prompt promptid="1" tts="Press 1"/></prompts><phonenumbers>` +
				numbers.map((number) => `<phonenumber number="${number}" callid="c-${number}"/>`).join('') +
				'</phonenumbers></campaign>',
		});
		if (!(await send.text()).includes('errorid="0"')) throw new Error('the send was refused');
		const started = Date.now();
		let next = 0;
		await Promise.all(
			Array.from({ length: IN_FLIGHT }, async () => {
				while (next < numbers.length) await sim.complete({ number: numbers[next++] });
			}),
		);
		const seconds = (Date.now() - started) / 1000;
		const posts = sim.state.callbacks.filter((entry) => entry.kind === 'keypress');
		const answered = sim
			.calls()
			.filter((call) =>
				call.result?.commands.some((record) => record.command.tts === `Call c-${call.number}`),
			).length;
		const unanswered = posts.filter((entry) => entry.status === undefined).length;
		await cluster.stop();
		const waiting = cluster.webhook
			.logs()
			.match(/Waiting for (\d+) active executions to finish/g)
			?.map((line) => Number(/\d+/.exec(line)![0]));
		say(
			`N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED=${keepLastCompleted}: ${posts.length} keypress posts in ${seconds.toFixed(0)} s; ` +
				`${answered} got their own call command, ${unanswered} no answer within ${TIMEOUT_MS / 1000} s; ` +
				`at shutdown the webhook process waited for ${waiting ? Math.max(...waiting) : 0} executions`,
		);
	} finally {
		await cluster.dispose();
		await services.dispose();
		await sim.close();
	}
}

async function main(): Promise<void> {
	const scratch = mkdtempSync(join(tmpdir(), 'voiceshot-last-node-'));
	try {
		const tarball = await buildAndPack(scratch, { build: 'ifStale', log: say });
		for (const keep of ['0', '1000']) await check(keep, tarball);
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
	process.exit(1);
});
