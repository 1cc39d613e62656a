/**
 * The editor test (`npm run test:browser`): n8n's editor in headless Chromium, on a real n8n with
 * the packed package (see jest.e2e.config.js). Needs Debian's chromium (`apt-get install chromium`).
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.e2e.config.js'),
	testMatch: ['**/editor.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
};
