/**
 * Tiny node and credential types for testing the test engine itself (n8n-nodes-base is not
 * installed). Each does one thing through the same `this.*` API a real node uses.
 */
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

function describe(
	name: string,
	properties: INodeProperties[],
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName: name,
		name,
		icon: 'fa:vial',
		group: ['transform'],
		version: 1,
		description: `Test-only node: ${name}`,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties,
		...extra,
	};
}

/** Emits the items given as a JSON array in its `items` parameter. */
export class ItemsSource implements INodeType {
	description = describe(
		'testItemsSource',
		[{ displayName: 'Items (JSON Array)', name: 'items', type: 'json', default: '[]' }],
		{ inputs: [] },
	);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

/** Sets `field` to `value` on each item; `value` is usually an expression. */
export class SetField implements INodeType {
	description = describe('testSetField', [
		{ displayName: 'Field', name: 'field', type: 'string', default: 'value' },
		{ displayName: 'Value', name: 'value', type: 'string', default: '' },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, i) => ({
				json: {
					...item.json,
					[this.getNodeParameter('field', i) as string]: this.getNodeParameter('value', i),
				},
				pairedItem: { item: i },
			})),
		];
	}
}

/** Fails on the item whose index is `failOnItem`. */
export class FailOnItem implements INodeType {
	description = describe('testFailOnItem', [
		{ displayName: 'Fail On Item', name: 'failOnItem', type: 'number', default: 0 },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const failOn = this.getNodeParameter('failOnItem', 0) as number;
		const items = this.getInputData();
		if (failOn < items.length) {
			throw new NodeOperationError(this.getNode(), `Item ${failOn} is refused`, {
				itemIndex: failOn,
			});
		}
		return [items.map((item, i) => ({ json: item.json, pairedItem: { item: i } }))];
	}
}

/** Writes `content` as a binary property with prepareBinaryData. */
export class BinaryWrite implements INodeType {
	description = describe('testBinaryWrite', [
		{ displayName: 'Content', name: 'content', type: 'string', default: '' },
		{ displayName: 'File Name', name: 'fileName', type: 'string', default: 'file.txt' },
		{ displayName: 'MIME Type', name: 'mimeType', type: 'string', default: 'text/plain' },
		{ displayName: 'Property', name: 'property', type: 'string', default: 'data' },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [i, item] of this.getInputData().entries()) {
			const content = this.getNodeParameter('content', i) as string;
			const binary = await this.helpers.prepareBinaryData(
				Buffer.from(content, 'utf8'),
				this.getNodeParameter('fileName', i) as string,
				this.getNodeParameter('mimeType', i) as string,
			);
			out.push({
				json: item.json,
				binary: { [this.getNodeParameter('property', i) as string]: binary },
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

/** Reads a binary property back with getBinaryDataBuffer and puts its text in the json. */
export class BinaryRead implements INodeType {
	description = describe('testBinaryRead', [
		{ displayName: 'Property', name: 'property', type: 'string', default: 'data' },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const property = this.getNodeParameter('property', i) as string;
			const buffer = await this.helpers.getBinaryDataBuffer(i, property);
			const meta = this.helpers.assertBinaryData(i, property);
			out.push({
				json: { text: buffer.toString('utf8'), bytes: buffer.length, mimeType: meta.mimeType },
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

/** GETs `url` with httpRequestWithAuthentication and the testEngineApi credential. */
export class AuthenticatedGet implements INodeType {
	description = describe(
		'testAuthenticatedGet',
		[{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
		{ credentials: [{ name: 'testEngineApi', required: true }] },
	);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'testEngineApi',
				{ method: 'GET', url: this.getNodeParameter('url', i) as string, json: true },
			)) as IDataObject;
			out.push({ json: response, pairedItem: { item: i } });
		}
		return [out];
	}
}

/** Answers the webhook call through `this.sendResponse` (like "Respond to Webhook"). */
export class Respond implements INodeType {
	description = describe('testRespond', [
		{ displayName: 'Body', name: 'body', type: 'string', default: '' },
		{ displayName: 'Content Type', name: 'contentType', type: 'string', default: 'text/plain' },
		{ displayName: 'Status Code', name: 'statusCode', type: 'number', default: 200 },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		await this.sendResponse({
			body: this.getNodeParameter('body', 0) as string,
			headers: { 'content-type': this.getNodeParameter('contentType', 0) as string },
			statusCode: this.getNodeParameter('statusCode', 0) as number,
		});
		return [items.map((item, i) => ({ json: item.json, pairedItem: { item: i } }))];
	}
}

/**
 * A webhook trigger that checks the `x-api-key` header against its credential (answering
 * 401 itself when wrong), keeps the raw body as binary and emits headers, parsed body and
 * query. Its response mode is a parameter, as in n8n's Webhook node.
 */
export class WebhookProbe implements INodeType {
	description = describe(
		'testWebhookProbe',
		[
			{ displayName: 'Path', name: 'path', type: 'string', default: 'probe' },
			{
				displayName: 'HTTP Method',
				name: 'httpMethod',
				type: 'options',
				options: [
					{ name: 'GET', value: 'GET' },
					{ name: 'POST', value: 'POST' },
				],
				default: 'POST',
			},
			{
				displayName: 'Respond',
				name: 'responseMode',
				type: 'options',
				options: [
					{ name: 'Immediately', value: 'onReceived' },
					{ name: 'When Last Node Finishes', value: 'lastNode' },
					{ name: 'Using Respond Node', value: 'responseNode' },
				],
				default: 'onReceived',
			},
			{ displayName: 'Response Data', name: 'responseData', type: 'string', default: '' },
			{ displayName: 'Respond Directly', name: 'respondDirectly', type: 'string', default: '' },
		],
		{
			group: ['trigger'],
			inputs: [],
			credentials: [{ name: 'testEngineApi', required: true }],
			webhooks: [
				{
					name: 'default',
					httpMethod: '={{$parameter["httpMethod"]}}' as IHttpRequestMethods,
					responseMode: '={{$parameter["responseMode"]}}',
					responseData: '={{$parameter["responseData"]}}',
					path: '={{$parameter["path"]}}',
				},
			],
		},
	);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const credentials = await this.getCredentials<{ apiKey: string }>('testEngineApi');
		const headers = this.getHeaderData();
		if (headers['x-api-key'] !== credentials.apiKey) {
			this.getResponseObject().status(401).type('text/plain').send('bad key');
			return { noWebhookResponse: true };
		}
		const respondDirectly = this.getNodeParameter('respondDirectly', '') as string;
		if (respondDirectly) return { webhookResponse: respondDirectly };
		const rawBody = req.rawBody ?? Buffer.alloc(0);
		const binary = await this.helpers.prepareBinaryData(
			rawBody,
			'body.bin',
			headers['content-type'] ?? 'application/octet-stream',
		);
		return {
			workflowData: [
				[
					{
						json: {
							body: this.getBodyData(),
							headers: headers as IDataObject,
							query: this.getQueryData() as IDataObject,
							rawLength: rawBody.length,
						},
						binary: { body: binary },
					},
				],
			],
		};
	}
}

/** Credential with generic authenticate (header from an expression) and a test request. */
export class TestEngineApi implements ICredentialType {
	name = 'testEngineApi';

	displayName = 'Test Engine API';

	icon = 'fa:key' as const;

	documentationUrl = 'https://example.com/docs';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:9' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'account.state', value: 'locked', message: 'Account is locked' },
			},
		],
	};
}
