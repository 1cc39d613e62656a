/**
 * End-to-end tests against a real n8n (`npm run test:e2e`). The first run provisions Node.js 24
 * and n8n into `.cache/n8n-runtime/` (minutes); later runs reuse it.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// the editor in a browser: npm run test:browser (jest.browser.config.js)
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/editor\\.e2e\\.test\\.ts$'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testTimeout: 180000,
	slowTestThreshold: 60,
	maxWorkers: 1,
};
