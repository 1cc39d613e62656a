/* eslint-disable @n8n/community-nodes/no-restricted-globals -- end-to-end test tooling, never published: it writes to the test's stderr */
/** How long each step of an end-to-end suite took: each printed as it ends, all at the end. */
export function stopwatch(prefix: string) {
	const timings: Array<[string, number]> = [];
	return {
		async timed<T>(label: string, body: () => Promise<T>): Promise<T> {
			const started = Date.now();
			try {
				return await body();
			} finally {
				const seconds = (Date.now() - started) / 1000;
				timings.push([label, seconds]);
				process.stderr.write(`[${prefix}] ${label}: ${seconds.toFixed(1)} s\n`);
			}
		},
		report(): void {
			const lines = timings.map(
				([label, seconds]) => `  ${seconds.toFixed(1).padStart(6)} s  ${label}`,
			);
			process.stderr.write(`[${prefix}] timings:\n${lines.join('\n')}\n`);
		},
	};
}
