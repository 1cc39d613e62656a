/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling, never published: it reads the built files */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import packageJson from '../../package.json';

/**
 * What n8n Cloud admits at run time: n8n-workflow and luxon, which n8n resolves for community
 * packages from its own copies (it puts its module paths on NODE_PATH; the e2e suite proves it on
 * the oldest and newest n8n supported), and the Node built-in n8n allows.
 */
const ALLOWED_REQUIRES = new Set(['n8n-workflow', 'luxon', 'crypto', 'node:crypto']);

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');

function filesUnder(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
	);
}

function requiredModules(source: string): string[] {
	const found = new Set<string>();
	for (const pattern of [
		/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
		/\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
		/^\s*import\s.*?from\s*["']([^"']+)["']/gm,
	]) {
		for (const match of source.matchAll(pattern)) found.add(match[1]);
	}
	return [...found];
}

describe('the built package (run `npm run build` first)', () => {
	it('has been built', () => {
		expect(existsSync(dist)).toBe(true);
	});

	const builtScripts = existsSync(dist)
		? filesUnder(dist).filter((file) => file.endsWith('.js'))
		: [];

	it('takes luxon from n8n: the nodes require it and carry none of it', () => {
		const node = readFileSync(join(dist, 'nodes', 'VoiceShot', 'VoiceShot.node.js'), 'utf8');
		expect(requiredModules(node)).toContain('luxon');
		expect(node).not.toMatch(/class DateTime\b|Luxon/);
	});

	it('requires only n8n-workflow, luxon and crypto at run time', () => {
		expect(builtScripts.length).toBeGreaterThan(0);
		const stray = builtScripts.flatMap((file) =>
			requiredModules(readFileSync(file, 'utf8'))
				.filter((name) => !ALLOWED_REQUIRES.has(name))
				.map((name) => `${relative(root, file)} requires ${name}`),
		);
		expect(stray).toEqual([]);
	});

	it('inlines the shared codec into each node, readable', () => {
		for (const file of [
			'nodes/VoiceShot/VoiceShot.node.js',
			'nodes/VoiceShotTrigger/VoiceShotTrigger.node.js',
		]) {
			const node = readFileSync(join(dist, file), 'utf8');
			expect(node).toContain('function parseXml(');
			expect(node).toContain('VoiceShotXmlError = class');
			expect(node.split('\n').length).toBeGreaterThan(500);
		}
	});

	it('has every node and credential n8n loads, exporting the class named after its file', () => {
		const entries = [...packageJson.n8n.nodes, ...packageJson.n8n.credentials];
		for (const entry of entries) {
			const file = join(root, entry);
			expect(existsSync(file)).toBe(true);
			const className = entry.split('/').pop()!.split('.')[0];
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const exported = require(file) as Record<
				string,
				new () => { description?: { name: string }; name?: string }
			>;
			expect(typeof exported[className]).toBe('function');
			const instance = new exported[className]();
			expect(instance.description?.name ?? instance.name).toBeTruthy();
		}
	});

	it('carries the icons and codex files beside the nodes', () => {
		for (const file of [
			'nodes/VoiceShot/voiceshot.svg',
			'nodes/VoiceShot/voiceshot.dark.svg',
			'nodes/VoiceShot/VoiceShot.node.json',
			'nodes/VoiceShotTrigger/VoiceShotTrigger.node.json',
		]) {
			expect(existsSync(join(dist, file))).toBe(true);
		}
	});

	it('declares no runtime dependencies', () => {
		expect((packageJson as { dependencies?: object }).dependencies).toBeUndefined();
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.files).toEqual(['dist', 'CHANGELOG.md']);
	});
});
