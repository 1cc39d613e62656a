/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end test helper, never published */
/**
 * A stand-in for OpenAI's Chat Completions API on loopback, scripted: while a request holds fewer
 * tool results than the script has steps, it is answered with the next step's tool call (the step
 * sees the results so far); then with a final text quoting every result. Plain and streamed (SSE)
 * answers. Every request body is kept in `requests`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
	model: string;
	stream?: boolean;
	messages: Array<{ role: string; content?: unknown; tool_call_id?: string }>;
	tools?: Array<{
		type: string;
		function: {
			name: string;
			description?: string;
			parameters?: { properties?: Record<string, unknown> };
		};
	}>;
}

export interface FakeOpenAi {
	/** base URL as OpenAI credentials take it: `http://127.0.0.1:<port>/v1` */
	url: string;
	requests: ChatRequest[];
	close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

/** One step of the script: which tool the model calls next, and with what, given the results so far. */
export type ScriptStep = (toolResults: string[]) => {
	tool: string;
	arguments: Record<string, string>;
};

function toolResultsOf(request: ChatRequest): string[] {
	return request.messages
		.filter((entry) => entry.role === 'tool')
		.map(({ content }) => (typeof content === 'string' ? content : JSON.stringify(content)));
}

export async function startFakeOpenAi(script: ScriptStep[]): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	const answer = (response: ServerResponse, request: ChatRequest) => {
		const toolResults = toolResultsOf(request);
		const step = script[toolResults.length]?.(toolResults);
		const calls = step
			? [
					{
						id: `call_${toolResults.length + 1}`,
						type: 'function',
						function: { name: step.tool, arguments: JSON.stringify(step.arguments) },
					},
				]
			: undefined;
		const message = calls
			? { role: 'assistant', content: null, tool_calls: calls }
			: {
					role: 'assistant',
					content: `Done. The tools answered: ${toolResults.join(' | ') || 'nothing'}`,
				};
		const finish = calls ? 'tool_calls' : 'stop';
		const base = { id: `chatcmpl-${requests.length}`, created: 0, model: request.model };
		if (!request.stream) {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
			return;
		}
		response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		const delta = calls
			? { ...message, tool_calls: calls.map((call, index) => ({ index, ...call })) }
			: message;
		const chunk = (body: unknown) =>
			response.write(
				`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...(body as object) })}\n\n`,
			);
		chunk({ choices: [{ index: 0, delta, finish_reason: null }] });
		chunk({
			choices: [{ index: 0, delta: {}, finish_reason: finish }],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		});
		response.end('data: [DONE]\n\n');
	};
	const server = createServer((request, response) => {
		void readBody(request).then((text) => {
			if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
				response.writeHead(404, { 'content-type': 'application/json' });
				response.end(
					JSON.stringify({ error: { message: `not faked: ${request.method} ${request.url}` } }),
				);
				return;
			}
			const body = JSON.parse(text) as ChatRequest;
			requests.push(body);
			answer(response, body);
		});
	});
	await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: () =>
			new Promise<void>((resolvePromise) => {
				server.closeAllConnections();
				server.close(() => resolvePromise());
			}),
	};
}
