/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- development tooling, never published: it drives n8n processes */
/**
 * Smoke test of the real-n8n scaffolding (scripts/n8n): provisions n8n, installs a throwaway
 * community package built here in a temp folder, imports a workflow of built-in nodes plus that
 * package's node, activates it, posts to its webhook and reads the execution back through the
 * public API; then checks that stopping leaves no process behind.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	createInstance,
	packPackage,
	type Execution,
	type N8nInstance,
} from '../../scripts/n8n/instance';
import { provisionRuntime } from '../../scripts/n8n/provision';

const PACKAGE_NAME = 'n8n-nodes-xyz';
const NODE_TYPE = `${PACKAGE_NAME}.xyz`;

/** A minimal community package: one node, plain JS, requiring n8n-workflow like real nodes do. */
function writeThrowawayPackage(folder: string): void {
	mkdirSync(join(folder, 'dist', 'nodes', 'Xyz'), { recursive: true });
	writeFileSync(
		join(folder, 'package.json'),
		JSON.stringify(
			{
				name: PACKAGE_NAME,
				version: '0.0.1',
				license: 'MIT',
				keywords: ['n8n-community-node-package'],
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Xyz/Xyz.node.js'], credentials: [] },
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
	);
	writeFileSync(
		join(folder, 'dist', 'nodes', 'Xyz', 'Xyz.node.js'),
		`'use strict';
const { NodeConnectionTypes } = require('n8n-workflow');
class Xyz {
	constructor() {
		this.description = {
			displayName: 'Xyz',
			name: 'xyz',
			group: ['transform'],
			version: 1,
			description: 'Throwaway test node',
			defaults: { name: 'Xyz' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [{ displayName: 'Suffix', name: 'suffix', type: 'string', default: '!' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		return [items.map((item, i) => ({
			json: { ...item.json, xyz: String(item.json.greeting) + this.getNodeParameter('suffix', i) },
			pairedItem: { item: i },
		}))];
	}
}
module.exports = { Xyz };
`,
	);
}

const WEBHOOK_WORKFLOW = {
	id: 'e2eSmokeWebhook1',
	name: 'E2E smoke: webhook → set → xyz',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: {
		Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
		Set: { main: [[{ node: 'Xyz', type: 'main', index: 0 }]] },
	},
	nodes: [
		{
			id: '3f1c5a8e-0000-4000-8000-000000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '3f1c5a8e-0000-4000-8000-0000000000aa',
			parameters: { httpMethod: 'POST', path: 'e2e-smoke', responseMode: 'lastNode', options: {} },
		},
		{
			id: '3f1c5a8e-0000-4000-8000-000000000002',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{
							id: 'a1',
							name: 'greeting',
							value: "={{ 'hello ' + $json.body.name }}",
							type: 'string',
						},
					],
				},
				includeOtherFields: false,
				options: {},
			},
		},
		{
			id: '3f1c5a8e-0000-4000-8000-000000000003',
			name: 'Xyz',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [400, 0],
			parameters: { suffix: '!!' },
		},
	],
};

/** Imported inactive and activated later through the public API, while n8n runs. */
const API_ACTIVATED_WORKFLOW = {
	id: 'e2eSmokeWebhook2',
	name: 'E2E smoke: webhook → noop (activated over the API)',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: { Webhook: { main: [[{ node: 'NoOp', type: 'main', index: 0 }]] } },
	nodes: [
		{
			id: '3f1c5a8e-0000-4000-8000-000000000011',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '3f1c5a8e-0000-4000-8000-0000000000bb',
			parameters: { httpMethod: 'POST', path: 'e2e-smoke-api', options: {} },
		},
		{
			id: '3f1c5a8e-0000-4000-8000-000000000012',
			name: 'NoOp',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [200, 0],
			parameters: {},
		},
	],
};

/** A credential imported through the CLI (plain data, encrypted by n8n) and used by a webhook. */
const BASIC_AUTH_CREDENTIAL = {
	id: 'e2eBasicAuth0001',
	name: 'E2E basic auth',
	type: 'httpBasicAuth',
	data: { user: 'e2e', password: 'dummy-basic-auth-pass' },
};

const BASIC_AUTH_WORKFLOW = {
	id: 'e2eSmokeWebhook3',
	name: 'E2E smoke: webhook with basic auth credential',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: {},
	nodes: [
		{
			id: '3f1c5a8e-0000-4000-8000-000000000021',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '3f1c5a8e-0000-4000-8000-0000000000cc',
			parameters: {
				httpMethod: 'POST',
				path: 'e2e-smoke-auth',
				authentication: 'basicAuth',
				options: {},
			},
			credentials: {
				httpBasicAuth: { id: BASIC_AUTH_CREDENTIAL.id, name: BASIC_AUTH_CREDENTIAL.name },
			},
		},
	],
};

const basic = (user: string, pass: string) =>
	`Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

function nodeOutput(execution: Execution, node: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[node];
	return (runs?.[0]?.data?.main[0] ?? []).map((item) => item.json);
}

describe('real n8n end to end (scaffolding smoke test)', () => {
	let n8n: N8nInstance;
	let scratch: string;

	beforeAll(async () => {
		// cold: several minutes (see scripts/n8n/provision.ts); warm: a marker read
		const runtime = await provisionRuntime();
		scratch = mkdtempSync(join(tmpdir(), 'n8n-e2e-pkg-'));
		n8n = await createInstance({ runtime });
	}, 30 * 60_000);

	afterAll(async () => {
		await n8n?.dispose();
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	}, 60_000);

	it('installs a packed community package and lists its node type', async () => {
		const source = join(scratch, 'package');
		writeThrowawayPackage(source);
		const tarball = await packPackage(source, join(scratch, 'packed'));
		const installed = await n8n.installPackage(tarball);
		expect(installed).toBe(PACKAGE_NAME);

		const nodes = await n8n.exportNodes();
		const names = nodes.map((node) => node.name);
		expect(names).toContain(NODE_TYPE);
		expect(names).toContain('n8n-nodes-base.webhook');
	});

	it('imports and publishes workflows, starts, and sets up the owner and an API key', async () => {
		await n8n.importCredentials([BASIC_AUTH_CREDENTIAL]);
		await n8n.importWorkflows([WEBHOOK_WORKFLOW, API_ACTIVATED_WORKFLOW, BASIC_AUTH_WORKFLOW]);
		await n8n.publishWorkflow(WEBHOOK_WORKFLOW.id);
		await n8n.publishWorkflow(BASIC_AUTH_WORKFLOW.id);

		const started = Date.now();
		await n8n.start();
		process.stderr.write(`n8n ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

		const apiKey = await n8n.setupOwner();
		expect(apiKey).toEqual(expect.any(String));
		const workflow = await n8n.request<{ id: string; active: boolean }>(
			'GET',
			`/api/v1/workflows/${WEBHOOK_WORKFLOW.id}`,
		);
		expect(workflow.status).toBe(200);
		expect(workflow.body.active).toBe(true);
	});

	it('runs a published webhook workflow with the community node and reads the execution back', async () => {
		const response = await n8n.callWebhook('e2e-smoke', { body: { name: 'world' } });
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ greeting: 'hello world', xyz: 'hello world!!' });

		const [execution] = await n8n.waitForExecutions(WEBHOOK_WORKFLOW.id, 1);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		expect(nodeOutput(execution, 'Webhook')[0]).toMatchObject({ body: { name: 'world' } });
		expect(nodeOutput(execution, 'Set')).toEqual([{ greeting: 'hello world' }]);
		expect(nodeOutput(execution, 'Xyz')).toEqual([
			{ greeting: 'hello world', xyz: 'hello world!!' },
		]);
	});

	it('activates a workflow over the public API and runs it', async () => {
		await n8n.activateWorkflow(API_ACTIVATED_WORKFLOW.id);
		const response = await n8n.callWebhook('e2e-smoke-api', { body: { ping: 1 } });
		expect(response.status).toBe(200);
		const [execution] = await n8n.waitForExecutions(API_ACTIVATED_WORKFLOW.id, 1);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'NoOp')[0]).toMatchObject({ body: { ping: 1 } });
	});

	it('uses a credential imported through the CLI (decrypted with the instance key)', async () => {
		const wrong = await n8n.callWebhook('e2e-smoke-auth', {
			body: {},
			headers: { authorization: basic('e2e', 'wrong') },
		});
		expect(wrong.status).toBe(401); // n8n 2.41 answers 401 to wrong Basic credentials too
		const right = await n8n.callWebhook('e2e-smoke-auth', {
			body: { ok: true },
			headers: {
				authorization: basic(BASIC_AUTH_CREDENTIAL.data.user, BASIC_AUTH_CREDENTIAL.data.password),
			},
		});
		expect(right.status).toBe(200);
		const executions = await n8n.waitForExecutions(BASIC_AUTH_WORKFLOW.id, 1);
		expect(executions).toHaveLength(1);
		expect(nodeOutput(executions[0], 'Webhook')[0]).toMatchObject({ body: { ok: true } });
	});

	it('stops without leaving a process or a listening port behind', async () => {
		await n8n.stop();
		expect(n8n.isRunning).toBe(false);
		await expect(fetch(`${n8n.baseUrl}/healthz`)).rejects.toThrow();
		// nothing on the task-runner broker port either
		await expect(fetch(`http://127.0.0.1:${n8n.brokerPort}/`)).rejects.toThrow();
	});
});
