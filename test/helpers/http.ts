/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, never published: it needs Node's http */
/**
 * Real HTTP servers on 127.0.0.1 (ephemeral ports) for tests:
 *   listen(handler)               -> { url, close }: serves any node:http/express handler.
 *   startRecordingServer(reply)   -> { url, requests, close }: records each request
 *                                    (method, path, headers, body) and answers with `reply`.
 */
import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
	/** e.g. http://127.0.0.1:41234 (no trailing slash) */
	url: string;
	close(): Promise<void>;
}

export async function listen(handler: RequestListener): Promise<RunningServer> {
	const server = createServer(handler);
	// Keep-alive sockets would keep close() waiting.
	server.keepAliveTimeout = 1;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) =>
				server.close((error) => (error ? reject(error) : resolve())),
			);
		},
	};
}

export interface RecordedRequest {
	method: string;
	/** Path with query string, as sent. */
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface Reply {
	status?: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON. */
	body?: string | Buffer | object;
}

export async function startRecordingServer(
	reply: (request: RecordedRequest) => Reply | Promise<Reply> = () => ({ status: 200, body: {} }),
): Promise<RunningServer & { requests: RecordedRequest[] }> {
	const requests: RecordedRequest[] = [];
	const server = await listen((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const recorded: RecordedRequest = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: req.headers,
				body: Buffer.concat(chunks),
			};
			requests.push(recorded);
			void Promise.resolve(reply(recorded)).then(
				({ status = 200, headers = {}, body = '' }) => {
					const isObject = typeof body === 'object' && !Buffer.isBuffer(body);
					res.writeHead(status, {
						...(isObject ? { 'content-type': 'application/json' } : {}),
						...headers,
					});
					res.end(isObject ? JSON.stringify(body) : body);
				},
				(error: Error) => {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(error.message);
				},
			);
		});
	});
	return { ...server, requests };
}
