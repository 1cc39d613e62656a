/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- development tool, never published: a local HTTP server */
/**
 * Every Node built-in the simulator uses lives here: the HTTP listeners, the timers, the
 * terminal, files read by the CLI. The other simulator files stay free of them.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type { IncomingMessage, ServerResponse };

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface Listener {
	readonly port: number;
	readonly host: string;
	/** Stops listening and drops every open connection: new connections are refused. */
	close(): Promise<void>;
}

/** Listens on host:port (0 = an ephemeral port). */
export async function listen(handler: Handler, port: number, host: string): Promise<Listener> {
	const server: Server = createServer(handler);
	// Keep-alive sockets would keep close() waiting.
	server.keepAliveTimeout = 1;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	return {
		port: address.port,
		host,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

export interface Cancel {
	cancel(): void;
}

/** The longest delay a Node.js timer takes; a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs fn after ms (waiting in steps past MAX_TIMER_MS); never keeps the process alive on its own. */
export function later(fn: () => void, ms: number): Cancel {
	let handle: NodeJS.Timeout;
	const arm = (remaining: number) => {
		const step = Math.min(Math.max(0, remaining), MAX_TIMER_MS);
		handle = setTimeout(() => (remaining > step ? arm(remaining - step) : fn()), step);
		handle.unref();
	};
	arm(ms);
	return { cancel: () => clearTimeout(handle) };
}

/** Runs fn after the pending I/O: lets a long job yield to the event loop. */
export function soon(fn: () => void): Cancel {
	const handle = setImmediate(fn);
	return { cancel: () => clearImmediate(handle) };
}

/** Resolves after ms, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		const timer = later(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			timer.cancel();
			resolve();
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** One line on the terminal. */
export function writeLine(line: string): void {
	process.stdout.write(line + '\n');
}

export function writeError(line: string): void {
	process.stderr.write(line + '\n');
}

export function commandLineArguments(): string[] {
	return process.argv.slice(2);
}

export function readTextFile(path: string): string {
	return readFileSync(path, 'utf8');
}

/** Calls fn once on Ctrl-C or SIGTERM. */
export function onShutdown(fn: () => void): void {
	process.once('SIGINT', fn);
	process.once('SIGTERM', fn);
}

export function setExitCode(code: number): void {
	process.exitCode = code;
}
