/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling, never published */
/** Loopback ports for the n8n processes, the simulator and the services. */
import { createConnection, createServer } from 'node:net';

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePromise(port));
		});
	});
}

/** `preferred` when nothing listens on it on 127.0.0.1, else a free port (`onTaken` says which). */
export function portOr(preferred: number, onTaken: (port: number) => void): Promise<number> {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.once('error', () => {
			void freePort().then((port) => {
				onTaken(port);
				resolvePromise(port);
			});
		});
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolvePromise(preferred)));
	});
}

/** Whether something accepts connections on this loopback port. */
export function portAnswers(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolvePromise(true);
		});
		socket.once('error', () => resolvePromise(false));
	});
}

/** `count` free ports, distinct from each other and from `taken`. */
export async function distinctPorts(count: number, taken: number[]): Promise<number[]> {
	const ports: number[] = [];
	while (ports.length < count) {
		const port = await freePort();
		if (!ports.includes(port) && !taken.includes(port)) ports.push(port);
	}
	return ports;
}
