/**
 * The queue-mode end-to-end suite (`npm run test:e2e:queue`): n8n's main, webhook and worker
 * processes with Redis and Postgres (Debian's redis-server and postgresql), see
 * test/e2e/queue-mode.queue.test.ts.
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.e2e.config.js'),
	testMatch: ['**/*.queue.test.ts'],
	testTimeout: 300000,
	slowTestThreshold: 120,
};
