/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end test helper, never published */
/**
 * A stand-in for OpenAI's Chat Completions API on loopback, scripted for one agent turn: the
 * first request (no tool result yet) is answered with a call of the request's first tool with
 * `toolArguments`; the next (with the tool's result) with a final text quoting that result.
 * Plain and streamed (SSE) answers. Every request body is kept in `requests`.
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

function toolResultOf(request: ChatRequest): string | undefined {
	const message = request.messages.find((entry) => entry.role === 'tool');
	if (!message) return undefined;
	return typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
}

export async function startFakeOpenAi(toolArguments: Record<string, string>): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	const answer = (response: ServerResponse, request: ChatRequest) => {
		const toolResult = toolResultOf(request);
		const tool = request.tools?.[0]?.function.name;
		const calls =
			toolResult === undefined && tool
				? [
						{
							id: 'call_1',
							type: 'function',
							function: { name: tool, arguments: JSON.stringify(toolArguments) },
						},
					]
				: undefined;
		const message = calls
			? { role: 'assistant', content: null, tool_calls: calls }
			: { role: 'assistant', content: `Done. The tool answered: ${toolResult ?? 'nothing'}` };
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
