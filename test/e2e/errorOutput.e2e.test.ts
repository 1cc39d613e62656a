/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end test, never published: it drives a real n8n and the simulator */
/**
 * Settings → On Error → "Continue (using error output)" in a real n8n: one workflow sends three
 * items (the second one bad) through Call → Send in batch and per item, Call → Delete Pending,
 * Call → Query and Sound File → Upload, each VoiceShot node with its success output and its error
 * output wired to a No Op node. Every failed item must leave on the error output, paired, with
 * what the user needs under `details`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, wavFile, type Simulator } from '../../simulator';
import {
	CREDENTIAL,
	simulatorCredential,
	type Workflow,
	type WorkflowNode,
} from '../../scripts/n8n/examples';
import { createInstance, type Execution, type N8nInstance } from '../../scripts/n8n/instance';
import { buildAndPack } from '../../scripts/n8n/package';
import { provisionRuntime } from '../../scripts/n8n/provision';

const WORKFLOW_ID = 'vsE2eErrorOutput';
const TRIGGER = 'Run';
const UNKNOWN_MENU_ID = '9-9999';

const wav = wavFile(Buffer.alloc(400)).toString('base64');
const PEOPLE = [
	{ name: 'Ada', phone: '8185550101', menu: '1-1234', callid: 'e2e-ada', file: 'ada.wav', wav },
	{
		name: 'Bo',
		phone: '555-1234',
		menu: '1-1234',
		callid: 'x'.repeat(51),
		file: 'bo.wav',
		wav: Buffer.from('not a wav').toString('base64'),
	},
	{ name: 'Cy', phone: '8185550103', menu: UNKNOWN_MENU_ID, callid: 'e2e-cy', file: 'cy.wav', wav },
];

/** The VoiceShot nodes under test, by name: their parameters. */
const OPERATIONS: Record<string, Record<string, unknown>> = {
	'Send (batch)': {
		resource: 'call',
		operation: 'send',
		menuId: '={{ $json.menu }}',
		phoneNumbers: '={{ $json.phone }}',
		options: { callId: '={{ $json.callid }}' },
	},
	'Send (per item)': {
		resource: 'call',
		operation: 'send',
		menuId: '={{ $json.menu }}',
		phoneNumbers: '={{ $json.phone }}',
		options: { callId: '={{ $json.callid }}', sendMode: 'perItem' },
	},
	'Delete Pending': {
		resource: 'call',
		operation: 'deletePending',
		menuId: '={{ $json.menu }}',
		callIds: '={{ $json.callid }}',
	},
	Query: {
		resource: 'call',
		operation: 'query',
		menuId: '={{ $json.menu }}',
		callId: '={{ $json.callid }}',
	},
	Upload: { resource: 'soundFile', operation: 'upload', fileName: '={{ $json.file }}' },
};

function workflow(): Workflow {
	type Node = WorkflowNode & { onError?: string };
	let count = 0;
	const node = (name: string, type: string, typeVersion: number, parameters = {}): Node => ({
		id: `e2e00000-0000-4000-8000-${String(++count).padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position: [count * 200, 0],
		parameters,
	});
	const to = (name: string) => [{ node: name, type: 'main', index: 0 }];
	const nodes: Node[] = [
		node(TRIGGER, 'n8n-nodes-base.manualTrigger', 1),
		node('People', 'n8n-nodes-base.set', 3.4, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ people: PEOPLE }),
			options: {},
		}),
		node('Split', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'people' }),
		node('To File', 'n8n-nodes-base.convertToFile', 1.1, {
			operation: 'toBinary',
			sourceProperty: 'wav',
			options: { fileName: '={{ $json.file }}', mimeType: 'audio/wav' },
		}),
	];
	const connections: Record<string, { main: unknown[][] }> = {
		[TRIGGER]: { main: [to('People')] },
		People: { main: [to('Split')] },
		Split: {
			main: [
				[
					...Object.keys(OPERATIONS)
						.filter((name) => name !== 'Upload')
						.flatMap(to),
					...to('To File'),
				],
			],
		},
		'To File': { main: [to('Upload')] },
	};
	for (const [name, parameters] of Object.entries(OPERATIONS)) {
		nodes.push({
			...node(name, 'n8n-nodes-voiceshot.voiceShot', 1, parameters),
			credentials: { voiceShotApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			onError: 'continueErrorOutput',
		});
		nodes.push(node(`${name} ok`, 'n8n-nodes-base.noOp', 1));
		nodes.push(node(`${name} failed`, 'n8n-nodes-base.noOp', 1));
		connections[name] = { main: [to(`${name} ok`), to(`${name} failed`)] };
	}
	return {
		id: WORKFLOW_ID,
		name: 'VoiceShot error output (e2e)',
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

interface Item {
	json: Record<string, unknown>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

function outputOf(execution: Execution, node: string, output: number): Item[] {
	const runs = execution.data?.resultData.runData[node] as unknown as
		| Array<{ data?: { main: Array<Item[] | null> } }>
		| undefined;
	return runs?.[0]?.data?.main[output] ?? [];
}

describe('Continue (using error output) in a real n8n', () => {
	let n8n: N8nInstance;
	let sim: Simulator;
	let scratch: string;
	let execution: Execution;

	beforeAll(async () => {
		const runtime = await provisionRuntime();
		scratch = mkdtempSync(join(tmpdir(), 'voiceshot-e2e-errors-'));
		const tarball = await buildAndPack(scratch, {
			build: 'ifStale',
			log: (line) => process.stderr.write(`[e2e] ${line}\n`),
		});
		n8n = await createInstance({ runtime });
		sim = await startSimulator({ callDelayMs: null, primaryPort: false, log: () => {} });
		await n8n.installPackage(tarball);
		await n8n.importCredentials([simulatorCredential(sim.url)]);
		await n8n.importWorkflows([workflow()]);
		await n8n.start();
		await n8n.setupOwner();
		execution = await n8n.waitForExecution(await n8n.runWorkflow(WORKFLOW_ID, TRIGGER), {
			timeoutMs: 60_000,
		});
	}, 30 * 60_000);

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	}, 60_000);

	const failed = (name: string) => outputOf(execution, name, 1);
	const succeeded = (name: string) => outputOf(execution, name, 0);
	const details = (item: Item) => item.json.details as Record<string, unknown>;

	it('the execution succeeds, and every failed item reaches the node wired to the error output', () => {
		expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({
			status: 'success',
			error: undefined,
		});
		for (const name of Object.keys(OPERATIONS)) {
			expect(outputOf(execution, `${name} failed`, 0).length).toBe(failed(name).length);
			expect(failed(name).length).toBeGreaterThan(0);
		}
	});

	it('Send in batch mode: the bad item and the refused one on the error output, the good one sent', () => {
		expect(succeeded('Send (batch)').map((item) => [item.json.callid, item.pairedItem])).toEqual([
			['e2e-ada', { item: 0 }],
		]);
		const [bad, refused] = failed('Send (batch)');
		expect(bad.pairedItem).toEqual({ item: 1 });
		expect(bad.json).toMatchObject({
			name: 'Bo',
			error:
				'Phone Numbers holds "555-1234", which has 7 digits: the area code is missing (a North American number has 10: area code, exchange, line). A valid number looks like (818) 555-0100 or +1 818 555 0100 [item 1]',
		});
		expect(details(bad).description).toContain('"Phone Numbers" parameter of item 1');
		expect(refused.pairedItem).toEqual({ item: 2 });
		expect(refused.json.error).toBe(
			'No campaign has this Menu ID: copy it from the campaign in VoiceShot. [item 2]',
		);
		expect(details(refused)).toMatchObject({
			errorid: 19,
			comment: expect.stringContaining('Invalid menuid'),
			menuid: UNKNOWN_MENU_ID,
			callids: ['e2e-cy'],
			description: expect.stringMatching(
				/^VoiceShot refused the request: errorid 19, .*Invalid menuid/,
			),
		});
	});

	it('Send per item: the same items on the error output, each request on its own', () => {
		expect(succeeded('Send (per item)').map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(failed('Send (per item)').map((item) => item.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 2 },
		]);
		expect(details(failed('Send (per item)')[1])).toMatchObject({
			errorid: 19,
			callids: ['e2e-cy'],
		});
		const sends = sim.state.requests.filter((request) => request.action === '0');
		// batch mode: one request per campaign (1-1234, 9-9999); per item: one per item that passed the checks
		expect(sends.map((request) => request.errorid).sort()).toEqual([0, 0, 19, 19]);
	});

	it('Delete Pending and Query: the too-long Call ID and the unknown campaign on the error output', () => {
		for (const name of ['Delete Pending', 'Query']) {
			const [tooLong, refused] = failed(name);
			expect(tooLong.pairedItem).toEqual({ item: 1 });
			expect(tooLong.json.error).toMatch(/Call IDs? .*50 characters.*\[item 1\]/);
			expect(refused.pairedItem).toEqual({ item: 2 });
			expect(details(refused)).toMatchObject({ errorid: 19, menuid: UNKNOWN_MENU_ID });
		}
		expect(details(failed('Delete Pending')[1]).callids).toEqual(['e2e-cy']);
		expect(succeeded('Delete Pending').map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	});

	it('Upload: the file that is not a WAV on the error output, the others uploaded', () => {
		expect(succeeded('Upload').map((item) => [item.json.filename, item.pairedItem])).toEqual([
			['ada.wav', { item: 0 }],
			['cy.wav', { item: 2 }],
		]);
		const [notWav] = failed('Upload');
		expect(failed('Upload')).toHaveLength(1);
		expect(notWav.pairedItem).toEqual({ item: 1 });
		expect(notWav.json.error).toMatch(/bo\.wav.*not a WAV file.*\[item 1\]/);
		expect(details(notWav)).toMatchObject({ filename: 'bo.wav' });
		expect(
			sim
				.snapshot()
				.files.map((file) => file.filename)
				.sort(),
		).toEqual(['ada.wav', 'cy.wav']);
	});
});
