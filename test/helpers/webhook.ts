/**
 * Runs a trigger node's REAL `webhook()` with n8n-core's REAL WebhookContext behind a real
 * HTTP server (express 5.1.0, as n8n 2.41 uses) on 127.0.0.1, then the rest of the
 * workflow on WorkflowExecute, and answers the HTTP call the way n8n's webhook server does.
 *
 *   startWebhookServer(options) -> { url, calls, close }: serves every request to the node.
 *   runWebhook({ ...options, request }) -> one real HTTP call: { response, webhookResult,
 *     execution?, error? }.
 *
 * What n8n does before the node sees a request, reproduced here: the raw bytes are kept as
 * `req.rawBody`; the body is parsed by Content-Type (JSON, form, text/plain, and .../xml or
 * +xml with xml2js using n8n's options: lower-cased tags, no single-element arrays); a body
 * that fails to parse is answered 422 and the node never runs. After the node: its
 * `webhookResponse` is sent as is; with `noWebhookResponse` the node answered itself; else
 * the workflow runs and the answer depends on the node's `responseMode`: `onReceived`
 * ({"message":"Workflow was started"} or its `responseData`), `lastNode` (first item's json
 * of the last node, or all items with responseData 'allEntries'), or `responseNode` (what a
 * node passes to `this.sendResponse`).
 *
 * The answers follow n8n 2.41.1 (dist/webhooks/webhook-helpers.js `executeWebhook`, with
 * webhook-on-received-response-extractor.js, webhook-last-node-response-extractor.js and
 * webhook-request-handler.js `sendStaticResponse`/`sendLegacyResponse`):
 *   - `responseData` defaults to 'firstEntryJson' when the description has none.
 *   - onReceived: 'noData' -> res.json(undefined) (200, empty body); another truthy
 *     responseData is itself the body; else the node's webhookResponse, else the message.
 *   - lastNode, 'firstEntryJson': the first item's json, or `lodash.get(json,
 *     responsePropertyName)` when the description names one; `responseContentType` becomes
 *     the Content-Type; a string body is sent as is (res.send), anything else with res.json.
 *     No item: an error (500).
 *   - responseNode: a run that ends without a response is answered res.json(undefined)
 *     (200, empty body); a failed run 500 {"message":"Error in workflow"}.
 */
import express from 'express';
import type { Request, Response } from 'express';
import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import {
	UnexpectedError,
	createRunExecutionData,
	jsonParse,
	sanitizeXmlName,
	type IConnections,
	type IDataObject,
	type IExecuteResponsePromiseData,
	type IHttpRequestMethods,
	type IN8nHttpFullResponse,
	type INode,
	type INodeParameters,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type Workflow,
} from 'n8n-workflow';
import { Parser as XmlParser } from 'xml2js';

import {
	buildAdditionalData,
	prepareWorkflow,
	runWorkflow,
	setupEngine,
	type BinaryDataMode,
	type WorkflowNode,
	type WorkflowRunResult,
} from './engine';
import { listen } from './http';
import type { CredentialStore } from './credentials-helper';
import type { CredentialTypeInput, NodeTypeInput, NodeTypesInput } from './registry';

export interface WebhookServerOptions {
	/** The trigger node's type (its `webhook` method is the one called). */
	nodeType: NodeTypeInput;
	/** Its parameters, as saved in a workflow. */
	parameters?: INodeParameters;
	/** Name of the trigger node in the workflow (default 'Trigger'). */
	nodeName?: string;
	typeVersion?: number;
	/** The trigger node's credential references; default: `{ <type>: { id: '1' } }` for each credential in `credentials`. */
	nodeCredentials?: INode['credentials'];
	credentialTypes?: CredentialTypeInput[];
	credentials?: CredentialStore;
	/** Nodes after the trigger, and their connections (the trigger is added by name). */
	downstream?: { nodes: WorkflowNode[]; connections: IConnections; nodeTypes?: NodeTypesInput };
	/** Which of the node's webhook descriptions to serve (default 'default'). */
	webhookName?: string;
	binaryDataMode?: BinaryDataMode;
	/** n8n runs production webhooks in mode 'webhook'. */
	mode?: 'webhook' | 'manual';
	/** Workflow settings (e.g. `timezone`); default { executionOrder: 'v1' }. */
	settings?: IWorkflowSettings;
}

export interface WebhookCall {
	/** What the node's webhook() returned (undefined if it threw). */
	webhookResult?: IWebhookResponseData;
	/** The error webhook() threw, or the body parse error. */
	error?: Error;
	/** The workflow run started by the call (when the node returned workflowData). */
	execution?: WorkflowRunResult;
	/** The request as the node saw it. */
	request: { method: string; path: string; headers: IDataObject; rawBody: Buffer; body: unknown };
}

export interface RunningWebhookServer {
	/** The URL of the webhook (POST/GET here; any sub-path and query are passed on). */
	url: string;
	/** One entry per request, completed once the response is sent and the run finished. */
	calls: WebhookCall[];
	/** Resolves when all calls so far have finished (including workflows still running). */
	settled(): Promise<void>;
	close(): Promise<void>;
}

// One parser for all requests, configured like n8n's body parser.
const xmlParser = new XmlParser({
	async: true,
	normalize: true,
	normalizeTags: true,
	explicitArray: false,
	tagNameProcessors: [sanitizeXmlName],
	attrNameProcessors: [sanitizeXmlName],
});

async function parseBody(rawBody: Buffer, contentTypeHeader: string | undefined): Promise<unknown> {
	if (!rawBody.length || !contentTypeHeader) return undefined;
	const [type, ...params] = contentTypeHeader.split(';').map((part) => part.trim());
	const contentType = type.toLowerCase();
	const charset = params
		.map((param) => /^charset=("?)([^"]+)\1$/i.exec(param)?.[2])
		.find((value) => value !== undefined);
	const encoding = (charset?.toLowerCase() === 'utf-8' ? 'utf8' : charset) ?? 'utf8';
	const text = rawBody.toString(encoding as BufferEncoding);
	if (contentType === 'application/json') return jsonParse(text);
	if (contentType.endsWith('/xml') || contentType.endsWith('+xml')) {
		return (await xmlParser.parseStringPromise(text)) as unknown;
	}
	if (contentType === 'application/x-www-form-urlencoded') {
		return Object.fromEntries(new URLSearchParams(text));
	}
	if (contentType === 'text/plain') return text;
	return undefined;
}

function findWebhookDescription(
	workflow: Workflow,
	node: INode,
	name: string,
): {
	description: IWebhookDescription;
	httpMethod: string;
	responseMode: string;
	responseData: string;
	responsePropertyName?: string;
	responseContentType?: string;
} {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const description = nodeType.description.webhooks?.find((w) => w.name === name);
	if (!description) throw new UnexpectedError(`Node type has no "${name}" webhook`);
	const resolve = (value: unknown, fallback: string) =>
		String(
			workflow.expression.getSimpleParameterValue(
				node,
				value as string | undefined,
				'internal',
				{},
				undefined,
				fallback,
			) ?? fallback,
		);
	return {
		description,
		httpMethod: resolve(description.httpMethod, 'GET'),
		responseMode: resolve(description.responseMode, 'onReceived'),
		// n8n: evaluateComplexWebhookDescriptionExpression('responseData', undefined, 'firstEntryJson')
		responseData: resolve(description.responseData, 'firstEntryJson'),
		responsePropertyName:
			description.responsePropertyName === undefined
				? undefined
				: resolve(description.responsePropertyName, ''),
		responseContentType:
			description.responseContentType === undefined
				? undefined
				: resolve(description.responseContentType, ''),
	};
}

/** lodash.get for a dotted path, as n8n reads `responsePropertyName`. */
function getPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

function sendFullResponse(res: Response, response: IExecuteResponsePromiseData): void {
	const full = response as IN8nHttpFullResponse;
	if (full && typeof full === 'object' && 'body' in full && 'statusCode' in full) {
		res.status(full.statusCode);
		for (const [key, value] of Object.entries(full.headers ?? {}))
			res.setHeader(key, String(value));
		res.send(full.body);
	} else {
		res.status(200).json(response);
	}
}

/**
 * Serves the trigger node's webhook on a real HTTP server. Each request: read raw body,
 * parse like n8n, run webhook() in a WebhookContext, answer, run the downstream workflow.
 */
export async function startWebhookServer(
	options: WebhookServerOptions,
): Promise<RunningWebhookServer> {
	await setupEngine({ binaryDataMode: options.binaryDataMode });
	const nodeName = options.nodeName ?? 'Trigger';
	const downstreamTypes = options.downstream?.nodeTypes ?? [];
	const nodeTypes: NodeTypeInput[] = [
		options.nodeType,
		...(Array.isArray(downstreamTypes) ? downstreamTypes : Object.values(downstreamTypes)),
	];
	const nodeCredentials =
		options.nodeCredentials ??
		Object.fromEntries(
			Object.entries(options.credentials ?? {}).map(([type, byId]) => {
				const id = Object.keys(byId)[0];
				return [type, { id, name: `${type} ${id}` }];
			}),
		);
	const calls: WebhookCall[] = [];
	const pending: Array<Promise<unknown>> = [];
	const mode = options.mode ?? 'webhook';
	let callCounter = 0;

	const handle = async (req: Request, res: Response): Promise<void> => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		req.rawBody = rawBody;
		req._body = true;
		req.readRawBody = async () => {};
		const call: WebhookCall = {
			request: {
				method: req.method,
				path: req.path,
				headers: req.headers as IDataObject,
				rawBody,
				body: undefined,
			},
		};
		calls.push(call);

		// A fresh workflow per call, as n8n builds one per execution.
		const triggerNode: WorkflowNode = {
			name: nodeName,
			type: (() => {
				const instance =
					typeof options.nodeType === 'function' ? new options.nodeType() : options.nodeType;
				return instance.description.name;
			})(),
			typeVersion: options.typeVersion,
			parameters: options.parameters ?? {},
			credentials: nodeCredentials,
			webhookId: 'test-webhook-id',
		};
		const prepared = prepareWorkflow({
			nodes: [triggerNode, ...(options.downstream?.nodes ?? [])],
			connections: options.downstream?.connections ?? {},
			nodeTypes,
			credentialTypes: options.credentialTypes,
			credentials: options.credentials,
			settings: options.settings,
		});
		const { workflow } = prepared;
		const node = workflow.getNode(nodeName)!;
		const {
			description,
			httpMethod,
			responseMode,
			responseData,
			responsePropertyName,
			responseContentType,
		} = findWebhookDescription(workflow, node, options.webhookName ?? 'default');

		// n8n skips body parsing only for a v1 node with options.binaryData set.
		const options_ = (node.parameters.options ?? {}) as IDataObject;
		const skipParsing = node.typeVersion === 1 && Boolean(options_.binaryData);
		let body: unknown = {};
		if (!skipParsing) {
			try {
				body = (await parseBody(rawBody, req.headers['content-type'])) ?? {};
			} catch (error) {
				call.error = error as Error;
				res.status(422).json({
					code: 422,
					message: 'Failed to parse request body',
					hint: (error as Error).message,
				});
				return;
			}
		}
		req.body = body;
		call.request.body = body;

		if (req.method !== httpMethod && httpMethod !== 'ALL') {
			res.status(404).json({
				code: 404,
				message: `This webhook is not registered for ${req.method} requests. Did you mean to make a ${httpMethod} request?`,
			});
			return;
		}

		const executionId = `webhook-execution-${++callCounter}`;
		const additionalData: IWorkflowExecuteAdditionalData = buildAdditionalData({
			credentialsHelper: prepared.credentialsHelper,
			hooks: new ExecutionLifecycleHooks(mode, executionId, {
				id: workflow.id,
				name: 'Test workflow',
				active: true,
				isArchived: false,
				activeVersionId: null,
				createdAt: new Date(),
				updatedAt: new Date(),
				nodes: Object.values(workflow.nodes),
				connections: workflow.connectionsBySourceNode,
			}),
			executionId,
			workflowId: workflow.id,
		});
		additionalData.httpRequest = req;
		additionalData.httpResponse = res;
		const webhookData: IWebhookData = {
			httpMethod: httpMethod as IHttpRequestMethods,
			node: nodeName,
			path: String(node.parameters.path ?? ''),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			mode,
			webhookData,
			[],
			createRunExecutionData(),
		);
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		let result: IWebhookResponseData;
		try {
			if (!nodeType.webhook) throw new UnexpectedError('Node type has no webhook method');
			result = await nodeType.webhook.call(context);
		} catch (error) {
			call.error = error as Error;
			if (!res.headersSent) {
				res
					.status(500)
					.json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			}
			return;
		}
		call.webhookResult = result;

		if (result.noWebhookResponse) {
			if (!res.headersSent) res.end();
		} else if (result.webhookResponse !== undefined) {
			res.status(200).send(result.webhookResponse);
		}
		if (result.workflowData === undefined) {
			if (!res.headersSent) res.status(200).json({ message: 'Webhook call received' });
			return;
		}
		const respondedBefore = res.headersSent;
		if (!respondedBefore && responseMode === 'onReceived') {
			if (responseData === 'noData') res.status(200).json(undefined);
			else if (responseData) res.status(200).send(responseData);
			else if (result.webhookResponse !== undefined) res.status(200).send(result.webhookResponse);
			else res.status(200).json({ message: 'Workflow was started' });
		}

		// The rest of the workflow, started by the trigger's output, as n8n does it.
		const execution = await runWorkflow({
			prepared,
			nodes: [],
			connections: {},
			nodeTypes: prepared.nodeTypes,
			mode,
			executionId,
			startNode: nodeName,
			inputData: result.workflowData,
			configureAdditionalData: (data) => {
				data.httpRequest = req;
				data.httpResponse = res;
			},
			configureHooks: (hooks) => {
				hooks.addHandler('sendResponse', (response) => {
					if (responseMode === 'responseNode' && !res.headersSent) {
						sendFullResponse(res, response);
					}
				});
			},
		});
		call.execution = execution;
		if (res.headersSent) return;
		if (responseMode === 'lastNode') {
			if (execution.error) {
				res.status(500).json({ message: 'Error in workflow' });
				return;
			}
			const last = execution.lastNodeExecuted;
			const items = last ? execution.items(last) : [];
			if (responseData === 'noData') {
				res.status(200).json(undefined);
			} else if (responseData === 'firstEntryJson') {
				if (items.length === 0) {
					res.status(500).json({ code: 0, message: 'No item to return was found' });
					return;
				}
				const body: unknown = responsePropertyName
					? getPath(items[0].json, responsePropertyName)
					: items[0].json;
				if (responseContentType) res.setHeader('content-type', responseContentType);
				if (typeof body === 'string') res.status(200).send(body);
				else res.status(200).json(body);
			} else {
				res.status(200).json(items.map((i) => i.json));
			}
			return;
		}
		if (execution.error) {
			res.status(500).json({ message: 'Error in workflow' });
			return;
		}
		// responseNode: the run ended without a response.
		res.status(200).json(undefined);
	};

	const app = express();
	app.disable('x-powered-by');
	app.use((req, res) => {
		const done = handle(req, res).catch((error: Error) => {
			if (!res.headersSent) res.status(500).json({ message: error.message });
		});
		pending.push(done);
	});
	const server = await listen(app);
	return {
		url: `${server.url}/webhook/test-webhook-id/${String(options.parameters?.path ?? '')}`,
		calls,
		settled: async () => {
			await Promise.all(pending);
		},
		close: async () => {
			await Promise.all(pending);
			await server.close();
		},
	};
}

export interface WebhookRequest {
	method?: string;
	headers?: Record<string, string>;
	/** Raw body bytes (a string is sent as UTF-8). */
	rawBody?: string | Buffer;
	/** Appended to the webhook URL, e.g. '?CallId=1' or '/sub?x=1'. */
	pathAndQuery?: string;
}

export interface WebhookResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: Buffer;
	text: string;
	/** The body parsed as JSON, when it is JSON. */
	json?: unknown;
}

/** One real HTTP call to a one-off webhook server; waits for the workflow run too. */
export async function runWebhook(
	options: WebhookServerOptions & { request: WebhookRequest },
): Promise<WebhookCall & { response: WebhookResponse }> {
	const server = await startWebhookServer(options);
	try {
		const response = await sendRequest(server.url, options.request);
		await server.settled();
		const call = server.calls[0];
		if (!call) throw new UnexpectedError('Test engine: the webhook server saw no request');
		return { ...call, response };
	} finally {
		await server.close();
	}
}

/** Sends a request with fetch and reads the whole answer. */
export async function sendRequest(url: string, request: WebhookRequest): Promise<WebhookResponse> {
	const answer = await fetch(`${url}${request.pathAndQuery ?? ''}`, {
		method: request.method ?? 'POST',
		headers: request.headers,
		body: request.rawBody,
	});
	const body = Buffer.from(await answer.arrayBuffer());
	const text = body.toString('utf8');
	const headers: Record<string, string> = {};
	answer.headers.forEach((value, key) => {
		headers[key] = value;
	});
	let json: unknown;
	if (text !== '' && headers['content-type']?.includes('json')) json = JSON.parse(text) as unknown;
	return { statusCode: answer.status, headers, body, text, json };
}
