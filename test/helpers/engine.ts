/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling, never published: it needs Node's fs/os/path and process.env */
/**
 * Runs REAL workflows on n8n's REAL engine (n8n-core's WorkflowExecute), without a server.
 *
 *   runWorkflow({ nodes, connections, nodeTypes, credentialTypes?, credentials?, inputItems? })
 *     -> WorkflowRunResult: per node the runs (items per output: json, binary, pairedItem),
 *        node errors, the execution error, status, execution order, responses sent.
 *   testCredential({ credentialType, credentialTypes, data, nodeTypes? })
 *     -> INodeCredentialTestResult, the way n8n's credentials tester runs a type's `test`.
 *   connect('A', 'B', 'C') builds linear `main` connections.
 *   setupEngine() / cleanupEngine(): set up (lazily, by the calls above) and remove the
 *     engine's temp folder: it is n8n's user folder and binary-data folder.
 *
 * Webhooks (a trigger node's real `webhook()` behind a real HTTP server) live in webhook.ts.
 * Credentials are plain objects: `{ [credentialType]: { [credentialId]: data } }`, and a
 * node refers to one with `credentials: { <type>: { id, name } }` (see credentials-helper.ts).
 */
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import {
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	type ExecutionError,
	type ExecutionStatus,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunction,
	type ICredentialTestRequest,
	type IConnections,
	type IDataObject,
	type IExecuteData,
	type IExecuteResponsePromiseData,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type IPinData,
	type IRun,
	type IRunExecutionData,
	type ITaskData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type CredentialStore, TestCredentialsHelper } from './credentials-helper';
import {
	CredentialTypeRegistry,
	NodeTypeRegistry,
	type CredentialTypeInput,
	type NodeTypesInput,
} from './registry';

export type { CredentialStore } from './credentials-helper';
export type { CredentialTypeInput, NodeTypeInput, NodeTypesInput } from './registry';
export { CredentialTypeRegistry, NodeTypeRegistry } from './registry';
export { TestCredentialsHelper } from './credentials-helper';

/** 'default': binary data kept inline (base64 in the item); 'filesystem': files in the temp folder. */
export type BinaryDataMode = 'default' | 'filesystem';

/** A workflow node; id, position and typeVersion (the type's default) may be left out. */
export type WorkflowNode = Omit<INode, 'id' | 'position' | 'typeVersion'> &
	Partial<Pick<INode, 'id' | 'position' | 'typeVersion'>>;

export const FIXED_INSTANCE_CIPHER = 'not-a-secret-test-engine-only';
export const TEST_BASE_URL = 'http://localhost:5678';

interface EngineState {
	tempDir: string;
	binaryDataService: BinaryDataService;
	binaryDataMode?: BinaryDataMode;
}
let engine: EngineState | undefined;

/**
 * Prepares what n8n-core takes from its DI container: an isolated n8n user folder (so
 * nothing is written to ~/.n8n) with a fixed encryption key, and the BinaryDataService
 * in the requested mode. Idempotent; called by runWorkflow/runWebhook/testCredential.
 */
export async function setupEngine(
	options: { binaryDataMode?: BinaryDataMode } = {},
): Promise<{ tempDir: string; binaryDataService: BinaryDataService }> {
	if (!engine) {
		const tempDir = mkdtempSync(join(tmpdir(), 'n8n-test-engine-'));
		// Read once, when n8n's config classes are first built from the container.
		process.env.N8N_USER_FOLDER = tempDir;
		process.env.N8N_ENCRYPTION_KEY = FIXED_INSTANCE_CIPHER;
		process.env.N8N_BINARY_DATA_STORAGE_PATH = join(tempDir, 'binary-data');
		process.env.N8N_LOG_LEVEL ??= 'silent';
		process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
		engine = { tempDir, binaryDataService: Container.get(BinaryDataService) };
	}
	const mode = options.binaryDataMode ?? 'default';
	if (engine.binaryDataMode !== mode) {
		const config = Container.get(BinaryDataConfig);
		config.mode = mode;
		config.availableModes = [mode];
		config.localStoragePath = join(engine.tempDir, 'binary-data');
		await engine.binaryDataService.init();
		engine.binaryDataMode = mode;
	}
	return { tempDir: engine.tempDir, binaryDataService: engine.binaryDataService };
}

/** Removes the engine's temp folder; call it in afterAll. */
export function cleanupEngine(): void {
	if (!engine) return;
	rmSync(engine.tempDir, { recursive: true, force: true });
	engine = undefined;
	Container.reset();
}

/** `connect('A', 'B', 'C')`: A's output 0 to B's input 0, B's to C's. */
export function connect(...nodeNames: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < nodeNames.length; i++) {
		connections[nodeNames[i]] = { main: [[{ node: nodeNames[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** Completes nodes the way the editor would: stable ids, a position, the latest version. */
export function completeNodes(nodes: WorkflowNode[], nodeTypes: NodeTypeRegistry): INode[] {
	return nodes.map((node, index) => ({
		...node,
		id: node.id ?? `node-${index + 1}`,
		position: node.position ?? [index * 200, 0],
		typeVersion: node.typeVersion ?? nodeTypes.defaultVersion(node.type),
	}));
}

export interface BuildAdditionalDataOptions {
	credentialsHelper: TestCredentialsHelper;
	hooks: ExecutionLifecycleHooks;
	executionId: string;
	workflowId: string;
}

/** The IWorkflowExecuteAdditionalData n8n's server would pass, minus its database. */
export function buildAdditionalData(o: BuildAdditionalDataOptions): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: o.credentialsHelper,
		hooks: o.hooks,
		executionId: o.executionId,
		workflowId: o.workflowId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${TEST_BASE_URL}/rest`,
		instanceBaseUrl: TEST_BASE_URL,
		formBaseUrl: `${TEST_BASE_URL}/form`,
		formWaitingBaseUrl: `${TEST_BASE_URL}/form-waiting`,
		formTestBaseUrl: `${TEST_BASE_URL}/form-test`,
		webhookBaseUrl: `${TEST_BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${TEST_BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${TEST_BASE_URL}/webhook-test`,
		mcpBaseUrl: `${TEST_BASE_URL}/mcp`,
		mcpTestBaseUrl: `${TEST_BASE_URL}/mcp-test`,
		executeWorkflow: async () => {
			throw new UnexpectedError('Test engine: sub-workflows are not supported');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new UnexpectedError('Test engine: task runners (Code node) are not supported');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
	// (cast: the interface is augmented by n8n-core with a required externalSecretsProxy
	// that only $secrets expressions use)
}

export interface RunWorkflowOptions {
	nodes: WorkflowNode[];
	connections: IConnections;
	nodeTypes: NodeTypesInput | NodeTypeRegistry;
	credentialTypes?: CredentialTypeInput[];
	credentials?: CredentialStore;
	/** Items given to the start node as its input (default: one empty item, as n8n does). */
	inputItems?: Array<INodeExecutionData | IDataObject>;
	/** Instead of inputItems: the start node's data per output (a trigger's workflowData). */
	inputData?: INodeExecutionData[][];
	/** Node to start from (default: n8n's choice, the trigger or first node without inputs). */
	startNode?: string;
	/** Default 'manual'. A webhook-started run is 'webhook'. */
	mode?: WorkflowExecuteMode;
	/** Default { executionOrder: 'v1' } like a new n8n workflow. */
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
	pinData?: IPinData;
	binaryDataMode?: BinaryDataMode;
	workflowId?: string;
	executionId?: string;
	/** Change the additional data before the run (e.g. attach an HTTP request/response). */
	configureAdditionalData?: (additionalData: IWorkflowExecuteAdditionalData) => void;
	/** Extra lifecycle hook handlers (nodeExecuteBefore/After, sendResponse, ...). */
	configureHooks?: (hooks: ExecutionLifecycleHooks) => void;
	/** Given, once the run has started, what n8n calls when a user stops the execution. */
	onStarted?: (cancel: () => void) => void;
}

export interface NodeRun {
	/** Items per output index (json, binary, pairedItem). Empty when the node failed. */
	outputs: INodeExecutionData[][];
	error?: ExecutionError;
	status?: ExecutionStatus;
	task: ITaskData;
}

export interface WorkflowRunResult {
	status: ExecutionStatus;
	finished: boolean;
	/** The execution's error (the failing node's error), if it failed. */
	error?: ExecutionError;
	/** Runs per node name, in run-index order. */
	nodes: Record<string, NodeRun[]>;
	/** Node names in the order they finished. */
	executionOrder: string[];
	/** What nodes passed to `this.sendResponse()` (the "Respond to Webhook" mechanism). */
	sentResponses: IExecuteResponsePromiseData[];
	lastNodeExecuted?: string;
	/** Items of one output of one run of a node; throws if the node did not run. */
	items(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** Just the json of those items. */
	json(nodeName: string, outputIndex?: number, runIndex?: number): IDataObject[];
	staticData: IDataObject;
	run: IRun;
	workflow: Workflow;
	credentialsHelper: TestCredentialsHelper;
}

function toItem(item: INodeExecutionData | IDataObject): INodeExecutionData {
	return 'json' in item && typeof item.json === 'object' && item.json !== null
		? (item as INodeExecutionData)
		: { json: item as IDataObject };
}

export interface PreparedWorkflow {
	workflow: Workflow;
	nodeTypes: NodeTypeRegistry;
	credentialsHelper: TestCredentialsHelper;
}

export function prepareWorkflow(
	options: Pick<
		RunWorkflowOptions,
		| 'nodes'
		| 'connections'
		| 'nodeTypes'
		| 'credentialTypes'
		| 'credentials'
		| 'settings'
		| 'staticData'
		| 'pinData'
		| 'workflowId'
	>,
): PreparedWorkflow {
	const nodeTypes =
		options.nodeTypes instanceof NodeTypeRegistry
			? options.nodeTypes
			: new NodeTypeRegistry(options.nodeTypes);
	const credentialsHelper = new TestCredentialsHelper(
		new CredentialTypeRegistry(options.credentialTypes),
		options.credentials ?? {},
	);
	const workflow = new Workflow({
		id: options.workflowId ?? 'test-workflow',
		name: 'Test workflow',
		nodes: completeNodes(options.nodes, nodeTypes),
		connections: options.connections,
		active: false,
		nodeTypes,
		staticData: options.staticData,
		settings: options.settings ?? { executionOrder: 'v1' },
		pinData: options.pinData,
	});
	return { workflow, nodeTypes, credentialsHelper };
}

let executionCounter = 0;

/**
 * Executes a workflow with WorkflowExecute, starting at the start node with `inputItems`
 * as its input, and waits for the end (the `workflowExecuteAfter` hook) like n8n does.
 */
export async function runWorkflow(
	options: RunWorkflowOptions & { prepared?: PreparedWorkflow },
): Promise<WorkflowRunResult> {
	await setupEngine({ binaryDataMode: options.binaryDataMode });
	const prepared = options.prepared ?? prepareWorkflow(options);
	const { workflow, credentialsHelper } = prepared;
	const mode = options.mode ?? 'manual';
	const executionId = options.executionId ?? `test-execution-${++executionCounter}`;

	// n8n picks a trigger; workflows of plain nodes start at the first node without inputs.
	const startNode = options.startNode
		? workflow.getNode(options.startNode)
		: (workflow.getStartNode() ??
			Object.values(workflow.nodes).find(
				(node) => !node.disabled && workflow.getParentNodes(node.name).length === 0,
			));
	if (!startNode) throw new UnexpectedError('Test engine: no start node found');

	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? 'Test workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executionOrder: string[] = [];
	const sentResponses: IExecuteResponsePromiseData[] = [];
	let finishedRun: IRun | undefined;
	let newStaticData: IDataObject | undefined;
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	hooks.addHandler('sendResponse', (response) => {
		sentResponses.push(response);
	});
	hooks.addHandler('workflowExecuteAfter', (run, staticData) => {
		finishedRun = run;
		newStaticData = staticData;
	});
	options.configureHooks?.(hooks);

	const additionalData = buildAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		workflowId: workflow.id,
	});
	options.configureAdditionalData?.(additionalData);

	const main = options.inputData ?? [(options.inputItems ?? [{ json: {} }]).map(toItem)];
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main }, source: null }],
		},
		resultData: { pinData: options.pinData },
	});
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const running = workflowExecute.processRunExecutionData(workflow);
	options.onStarted?.(() => running.cancel());
	const returned = await running;
	const run = finishedRun ?? returned;

	const nodes: Record<string, NodeRun[]> = {};
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		nodes[name] = tasks.map((task) => ({
			outputs: (task.data?.main ?? []).map((items) => items ?? []),
			error: task.error,
			status: task.executionStatus,
			task,
		}));
	}
	const items = (nodeName: string, outputIndex = 0, runIndex = 0) => {
		const nodeRun = nodes[nodeName]?.[runIndex];
		if (!nodeRun) {
			throw new UnexpectedError(
				`Test engine: node "${nodeName}" has no run ${runIndex} (ran: ${executionOrder.join(', ')})`,
				{ extra: { error: run.data.resultData.error?.message } },
			);
		}
		return nodeRun.outputs[outputIndex] ?? [];
	};
	return {
		status: run.status,
		finished: run.finished === true,
		error: run.data.resultData.error,
		nodes,
		executionOrder,
		sentResponses,
		lastNodeExecuted: run.data.resultData.lastNodeExecuted,
		items,
		json: (nodeName, outputIndex, runIndex) =>
			items(nodeName, outputIndex, runIndex).map((item) => item.json),
		staticData: newStaticData ?? workflow.staticData,
		run,
		workflow,
		credentialsHelper,
	};
}

export interface TestCredentialOptions {
	/** Name of the credential type to test. */
	credentialType: string;
	credentialTypes: CredentialTypeInput[];
	/** The credential's data as a user would have entered it. */
	data: ICredentialDataDecryptedObject;
	/** Node types, searched for `testedBy` when the credential type has no `test`. */
	nodeTypes?: NodeTypesInput | NodeTypeRegistry;
}

/**
 * Tests a credential the way n8n's CredentialsTester does: the type's `test` request (or a
 * node's `testedBy` request) goes through n8n-core's RoutingNode on a temporary node, so the
 * credential's `authenticate` is applied and the HTTP request is real; a `testedBy` function
 * gets n8n-core's CredentialTestContext. Non-2xx answers and `rules` give status 'Error'.
 */
export async function testCredential(
	options: TestCredentialOptions,
): Promise<INodeCredentialTestResult> {
	await setupEngine();
	const credentialTypes = new CredentialTypeRegistry(options.credentialTypes);
	const nodeTypes =
		options.nodeTypes instanceof NodeTypeRegistry
			? options.nodeTypes
			: new NodeTypeRegistry(options.nodeTypes ?? []);
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, {
		[options.credentialType]: { 'credential-under-test': options.data },
	});
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'credential-under-test',
		name: 'Credential under test',
		type: options.credentialType,
		data: credentialsHelper.applyDefaults({ ...options.data }, options.credentialType),
	};

	let testRequest: ICredentialTestRequest | undefined = credentialTypes.getByName(
		options.credentialType,
	).test;
	let testFunction: ICredentialTestFunction | undefined;
	let testNodeType: INodeType | undefined;
	if (!testRequest) {
		for (const name of Object.keys(nodeTypes.getKnownTypes())) {
			const nodeType = nodeTypes.getByNameAndVersion(name);
			const ref = nodeType.description.credentials?.find(
				(c) => c.name === options.credentialType && c.testedBy,
			);
			if (!ref?.testedBy) continue;
			if (typeof ref.testedBy === 'string') {
				testFunction = nodeType.methods?.credentialTest?.[ref.testedBy];
			} else {
				testRequest = ref.testedBy;
				testNodeType = nodeType;
			}
			break;
		}
	}
	if (testFunction) {
		return await testFunction.call(new CredentialTestContext(), credentialsDecrypted);
	}
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	// A temporary node whose only parameter routes the test request, as n8n builds it.
	const tempType: INodeType = {
		description: {
			displayName: 'Temp',
			name: testNodeType?.description.name ?? 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp-Node' },
			inputs: [],
			outputs: [],
			...(testNodeType?.description.requestDefaults
				? { requestDefaults: testNodeType.description.requestDefaults }
				: {}),
			credentials: [{ name: options.credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: tempType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			[options.credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new NodeTypeRegistry({ [tempType.description.name]: tempType }),
	});
	const additionalData = buildAdditionalData({
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks('internal', 'credential-test', {
			id: 'credential-test',
			name: 'credential-test',
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: [node],
			connections: {},
		}),
		executionId: 'credential-test',
		workflowId: 'credential-test',
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, tempType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as Error & {
			cause?: { code?: string; response?: { status: number; statusText?: string } };
		};
		const status = error.cause?.response?.status;
		if (status !== undefined) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 200 || status > 299) {
				return {
					status: 'Error',
					message: error.cause?.response?.statusText || `Received HTTP status code: ${status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		const value = rule.properties.key
			.split('.')
			.reduce<unknown>((obj, key) => (obj as IDataObject | undefined)?.[key], body);
		if (value === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
