import { cleanupEngine, connect, runWorkflow, testCredential } from './engine';
import { startRecordingServer } from './http';
import {
	AuthenticatedGet,
	BinaryRead,
	BinaryWrite,
	FailOnItem,
	ItemsSource,
	Respond,
	SetField,
	TestEngineApi,
	WebhookProbe,
} from './test-nodes';
import { runWebhook, sendRequest, startWebhookServer } from './webhook';

afterAll(() => cleanupEngine());

const source = (items: object[]) => ({
	name: 'Source',
	type: 'testItemsSource',
	parameters: { items: JSON.stringify(items) },
});

describe('runWorkflow on the real engine', () => {
	it('resolves expressions per item and keeps pairedItem', async () => {
		const result = await runWorkflow({
			nodeTypes: [ItemsSource, SetField],
			nodes: [
				source([{ a: 1 }, { a: 2 }, { a: 3 }]),
				{
					name: 'Set',
					// the package-style type name resolves too
					type: 'n8n-nodes-voiceshot.testSetField',
					parameters: { field: 'b', value: '={{ $json.a * 10 }}-{{ $itemIndex }}' },
				},
			],
			connections: connect('Source', 'Set'),
		});
		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		expect(result.executionOrder).toEqual(['Source', 'Set']);
		expect(result.items('Set')).toEqual([
			{ json: { a: 1, b: '10-0' }, pairedItem: { item: 0 } },
			{ json: { a: 2, b: '20-1' }, pairedItem: { item: 1 } },
			{ json: { a: 3, b: '30-2' }, pairedItem: { item: 2 } },
		]);
	});

	it('reads other nodes by name in expressions and accepts input items', async () => {
		const result = await runWorkflow({
			nodeTypes: [SetField],
			nodes: [
				{
					name: 'First',
					type: 'testSetField',
					parameters: { field: 'x', value: '={{ $json.n + 1 }}' },
				},
				{
					name: 'Second',
					type: 'testSetField',
					parameters: { field: 'y', value: "={{ $('First').item.json.x * 2 }}" },
				},
			],
			connections: connect('First', 'Second'),
			inputItems: [{ n: 4 }, { json: { n: 9 } }],
		});
		expect(result.json('Second')).toEqual([
			{ n: 4, x: 5, y: 10 },
			{ n: 9, x: 10, y: 20 },
		]);
	});

	it('reports a failing node and the execution error', async () => {
		const result = await runWorkflow({
			nodeTypes: [ItemsSource, FailOnItem, SetField],
			nodes: [
				source([{ a: 1 }, { a: 2 }]),
				{ name: 'Fail', type: 'testFailOnItem', parameters: { failOnItem: 1 } },
				{ name: 'After', type: 'testSetField', parameters: { field: 'z', value: '1' } },
			],
			connections: connect('Source', 'Fail', 'After'),
		});
		expect(result.status).toBe('error');
		expect(result.finished).toBe(false);
		expect(result.error?.message).toBe('Item 1 is refused');
		expect(result.nodes.Fail[0].error?.message).toBe('Item 1 is refused');
		expect(result.nodes.After).toBeUndefined();
		expect(result.executionOrder).toEqual(['Source', 'Fail']);
	});

	it.each(['default', 'filesystem'] as const)(
		'writes and reads binary data through BinaryDataService (%s mode)',
		async (binaryDataMode) => {
			const result = await runWorkflow({
				binaryDataMode,
				nodeTypes: [ItemsSource, BinaryWrite, BinaryRead],
				nodes: [
					source([{ name: 'Ann' }, { name: 'Bob' }]),
					{
						name: 'Write',
						type: 'testBinaryWrite',
						parameters: { content: '=<hello to="{{ $json.name }}"/>', mimeType: 'text/xml' },
					},
					{ name: 'Read', type: 'testBinaryRead', parameters: {} },
				],
				connections: connect('Source', 'Write', 'Read'),
			});
			expect(result.error).toBeUndefined();
			const written = result.items('Write')[0].binary?.data;
			expect(written).toMatchObject({ mimeType: 'text/xml', fileName: 'file.txt', bytes: 17 });
			if (binaryDataMode === 'default') {
				expect(written?.id).toBeUndefined();
				expect(Buffer.from(written!.data, 'base64').toString()).toBe('<hello to="Ann"/>');
			} else {
				expect(written?.id).toMatch(/^filesystem-v2:/);
				expect(written?.data).toBe('filesystem-v2');
			}
			expect(result.json('Read')).toEqual([
				{ text: '<hello to="Ann"/>', bytes: 17, mimeType: 'text/xml' },
				{ text: '<hello to="Bob"/>', bytes: 17, mimeType: 'text/xml' },
			]);
		},
	);
});

describe('credentials', () => {
	it('applies the credential type authenticate in httpRequestWithAuthentication', async () => {
		const api = await startRecordingServer(() => ({ body: { ok: true } }));
		try {
			const result = await runWorkflow({
				nodeTypes: [ItemsSource, AuthenticatedGet],
				credentialTypes: [TestEngineApi],
				credentials: { testEngineApi: { cred1: { apiKey: 'secret-123' } } },
				nodes: [
					source([{ id: 7 }]),
					{
						name: 'Get',
						type: 'testAuthenticatedGet',
						parameters: { url: `=${api.url}/things/{{ $json.id }}` },
						credentials: { testEngineApi: { id: 'cred1', name: 'Key' } },
					},
				],
				connections: connect('Source', 'Get'),
			});
			expect(result.error).toBeUndefined();
			expect(result.json('Get')).toEqual([{ ok: true }]);
			expect(api.requests).toHaveLength(1);
			expect(api.requests[0].url).toBe('/things/7');
			expect(api.requests[0].headers['x-api-key']).toBe('secret-123');
			expect(result.credentialsHelper.lookups).toContainEqual({
				type: 'testEngineApi',
				id: 'cred1',
			});
		} finally {
			await api.close();
		}
	});

	it('fails the node when the referenced credential does not exist', async () => {
		const result = await runWorkflow({
			nodeTypes: [AuthenticatedGet],
			credentialTypes: [TestEngineApi],
			credentials: {},
			nodes: [
				{
					name: 'Get',
					type: 'testAuthenticatedGet',
					parameters: { url: 'http://127.0.0.1:9/' },
					credentials: { testEngineApi: { id: 'missing', name: 'Nope' } },
				},
			],
			connections: {},
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Credential with ID "missing" does not exist');
	});

	it('runs the credential type test request like n8n, with rules', async () => {
		const api = await startRecordingServer((request) =>
			request.headers['x-api-key'] === 'good'
				? { body: { account: { state: 'active' } } }
				: request.headers['x-api-key'] === 'locked'
					? { body: { account: { state: 'locked' } } }
					: { status: 401, body: { error: 'no' } },
		);
		try {
			const run = async (apiKey: string) =>
				await testCredential({
					credentialType: 'testEngineApi',
					credentialTypes: [TestEngineApi],
					data: { apiKey, baseUrl: api.url },
				});
			expect(await run('good')).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(await run('locked')).toEqual({ status: 'Error', message: 'Account is locked' });
			expect(await run('bad')).toEqual({ status: 'Error', message: 'Unauthorized' });
			// n8n's authenticated requests retry once after a 401, so 'bad' is sent twice.
			expect(api.requests.map((r) => [r.method, r.url, r.headers['x-api-key']])).toEqual([
				['GET', '/me', 'good'],
				['GET', '/me', 'locked'],
				['GET', '/me', 'bad'],
				['GET', '/me', 'bad'],
			]);
		} finally {
			await api.close();
		}
	});
});

describe('webhooks over real HTTP', () => {
	const credentials = { testEngineApi: { c1: { apiKey: 'k1' } } };
	const common = {
		nodeType: WebhookProbe,
		credentialTypes: [TestEngineApi],
		credentials,
	};

	it('gives the node the raw body, n8n-parsed XML body, headers and query', async () => {
		const xml = '<Response><CallStatus>Completed</CallStatus><Digits>42</Digits></Response>';
		const call = await runWebhook({
			...common,
			parameters: { path: 'probe', responseMode: 'onReceived' },
			request: {
				headers: { 'content-type': 'text/xml; charset=utf-8', 'x-api-key': 'k1' },
				rawBody: xml,
				pathAndQuery: '?CallId=abc',
			},
		});
		expect(call.error).toBeUndefined();
		expect(call.response.statusCode).toBe(200);
		expect(call.response.json).toEqual({ message: 'Workflow was started' });
		const [item] = call.execution!.items('Trigger');
		expect(item.json.body).toEqual({ response: { callstatus: 'Completed', digits: '42' } });
		expect(item.json.query).toEqual({ CallId: 'abc' });
		expect(item.json.rawLength).toBe(Buffer.byteLength(xml));
		expect((item.json.headers as Record<string, string>)['x-api-key']).toBe('k1');
		expect(Buffer.from(item.binary!.body.data, 'base64').toString()).toBe(xml);
	});

	it('answers 422 itself for a malformed XML body, without running the node', async () => {
		const call = await runWebhook({
			...common,
			parameters: { path: 'probe' },
			request: {
				headers: { 'content-type': 'text/xml', 'x-api-key': 'k1' },
				rawBody: '<Response><Unclosed></Response>',
			},
		});
		expect(call.response.statusCode).toBe(422);
		expect(call.webhookResult).toBeUndefined();
		expect(call.execution).toBeUndefined();
	});

	it('lets the node answer on its own (noWebhookResponse)', async () => {
		const call = await runWebhook({
			...common,
			parameters: { path: 'probe' },
			request: { headers: { 'x-api-key': 'wrong' }, rawBody: 'x' },
		});
		expect(call.response.statusCode).toBe(401);
		expect(call.response.text).toBe('bad key');
		expect(call.webhookResult).toEqual({ noWebhookResponse: true });
		expect(call.execution).toBeUndefined();
	});

	it('sends webhookResponse as the answer', async () => {
		const call = await runWebhook({
			...common,
			parameters: { path: 'probe', respondDirectly: '<Ack/>' },
			request: { headers: { 'x-api-key': 'k1' } },
		});
		expect(call.response.statusCode).toBe(200);
		expect(call.response.text).toBe('<Ack/>');
	});

	it('runs the downstream workflow and answers with the last node (lastNode)', async () => {
		const call = await runWebhook({
			...common,
			parameters: { path: 'probe', responseMode: 'lastNode', responseData: 'firstEntryJson' },
			downstream: {
				nodeTypes: [SetField],
				nodes: [
					{
						name: 'Build',
						type: 'testSetField',
						parameters: { field: 'command', value: '=call {{ $json.body.to }}' },
					},
				],
				connections: connect('Trigger', 'Build'),
			},
			request: {
				headers: { 'content-type': 'application/json', 'x-api-key': 'k1' },
				rawBody: JSON.stringify({ to: '+15550100' }),
			},
		});
		expect(call.execution?.executionOrder).toEqual(['Trigger', 'Build']);
		expect(call.response.statusCode).toBe(200);
		expect(call.response.json).toMatchObject({
			command: 'call +15550100',
			body: { to: '+15550100' },
		});
	});

	it('answers with what a node sends (responseNode), over a server taking several calls', async () => {
		const server = await startWebhookServer({
			...common,
			parameters: { path: 'ivr', responseMode: 'responseNode' },
			downstream: {
				nodeTypes: [Respond],
				nodes: [
					{
						name: 'Respond',
						type: 'testRespond',
						parameters: {
							body: '=<Say>{{ $json.body.digits }}</Say>',
							contentType: 'application/xml',
							statusCode: 201,
						},
					},
				],
				connections: connect('Trigger', 'Respond'),
			},
		});
		try {
			expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/test-webhook-id\/ivr$/);
			const answers = await Promise.all(
				['1', '2'].map(
					async (digits) =>
						await sendRequest(server.url, {
							headers: {
								'content-type': 'application/x-www-form-urlencoded',
								'x-api-key': 'k1',
							},
							rawBody: `digits=${digits}`,
						}),
				),
			);
			expect(answers.map((a) => [a.statusCode, a.headers['content-type'], a.text])).toEqual([
				[201, 'application/xml; charset=utf-8', '<Say>1</Say>'],
				[201, 'application/xml; charset=utf-8', '<Say>2</Say>'],
			]);
			await server.settled();
			expect(server.calls).toHaveLength(2);
			expect(server.calls.every((c) => c.execution?.status === 'success')).toBe(true);
		} finally {
			await server.close();
		}
	});

	it('refuses a method the webhook is not registered for', async () => {
		const call = await runWebhook({
			...common,
			parameters: { path: 'probe', httpMethod: 'POST' },
			request: { method: 'GET', headers: { 'x-api-key': 'k1' } },
		});
		expect(call.response.statusCode).toBe(404);
		expect(call.webhookResult).toBeUndefined();
	});
});
