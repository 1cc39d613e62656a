/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test of the docs, never published: it reads the markdown files */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative } from 'path';

const REPO_ROOT = join(__dirname, '..', '..');

/** The pages whose links are checked: the README, every page under docs/, the simulator's, the changelog. */
const PAGES = [
	'README.md',
	'CHANGELOG.md',
	'simulator/README.md',
	...readdirSync(join(REPO_ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

/** Markdown without fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
	return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The text GitHub shows for a heading's markdown: links as their text, no emphasis or code marks. */
function headingText(markdown: string): string {
	return markdown
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/`/g, '')
		.replace(/\*+/g, '')
		.replace(/(^|[^\p{L}\p{N}])_+([^_]+?)_+(?=[^\p{L}\p{N}]|$)/gu, '$1$2');
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
	return headingText(heading)
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** Every anchor of a page, repeated headings numbered as GitHub numbers them (`-1`, `-2`). */
export function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const match of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
		const base = slug(match[1]);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count === 0 ? base : `${base}-${count}`);
	}
	return result;
}

/** The relative targets of a page's links and images (absolute URLs and mail links left out). */
export function relativeLinks(markdown: string): string[] {
	const targets: string[] = [];
	for (const match of prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
		if (!/^[a-z][a-z0-9+.-]*:/i.test(match[1])) targets.push(match[1]);
	}
	return targets;
}

/** What is wrong with one link of `page` (a path from the repository root), or undefined. */
export function brokenLink(page: string, target: string, root = REPO_ROOT): string | undefined {
	const [path, anchor] = target.split('#', 2);
	const file = path === '' ? join(root, page) : join(root, dirname(page), decodeURI(path));
	const shown = relative(root, file) || '.';
	if (!existsSync(file)) return `${page}: ${target}: ${shown} does not exist`;
	if (anchor === undefined) return undefined;
	if (statSync(file).isDirectory() || !file.endsWith('.md')) {
		return `${page}: ${target}: an anchor into ${shown}, which is not a markdown page`;
	}
	if (!anchors(readFileSync(file, 'utf8')).has(anchor)) {
		return `${page}: ${target}: ${shown} has no heading whose anchor is #${anchor}`;
	}
	return undefined;
}

describe('slug, as GitHub makes a heading anchor', () => {
	it.each([
		['Retry On Fail and re-runs', 'retry-on-fail-and-re-runs'],
		['What the API does not document', 'what-the-api-does-not-document'],
		['`npm start` and `--queue`', 'npm-start-and---queue'],
		['"When Last Node Finishes" can hang', 'when-last-node-finishes-can-hang'],
		['Call → Send', 'call--send'],
		['_Call Command → Reply_', 'call-command--reply'],
		['N8N_VERSION, 2.35.7', 'n8n_version-2357'],
		['See [Queue mode](#queue-mode)', 'see-queue-mode'],
	])('%s → #%s', (heading, expected) => {
		expect(slug(heading)).toBe(expected);
	});

	it('numbers a repeated heading and skips headings in code blocks', () => {
		const page = '# Page\n## Options\n```\n# not a heading\n```\n## Options\n';
		expect([...anchors(page)]).toEqual(['page', 'options', 'options-1']);
	});
});

describe('a broken link is found', () => {
	it('takes relative targets only, outside code', () => {
		expect(
			relativeLinks(
				'[a](docs/x.md#y) ![p](docs/p.png) [w](https://n8n.io) `[c](nope.md)` [m](mailto:a@b.c)',
			),
		).toEqual(['docs/x.md#y', 'docs/p.png']);
	});

	it('names a missing file, a missing anchor, and an anchor into a file that is not a page', () => {
		expect(brokenLink('README.md', 'docs/no-such-page.md')).toBe(
			'README.md: docs/no-such-page.md: docs/no-such-page.md does not exist',
		);
		expect(brokenLink('README.md', 'docs/queue-mode.md#no-such-heading')).toBe(
			'README.md: docs/queue-mode.md#no-such-heading: docs/queue-mode.md has no heading whose anchor is #no-such-heading',
		);
		expect(brokenLink('docs/xml.md', '#no-such-heading')).toBe(
			'docs/xml.md: #no-such-heading: docs/xml.md has no heading whose anchor is #no-such-heading',
		);
		expect(brokenLink('README.md', 'package.json#files')).toBe(
			'README.md: package.json#files: an anchor into package.json, which is not a markdown page',
		);
		expect(brokenLink('docs/xml.md', '../README.md#install')).toBeUndefined();
	});
});

describe('the docs', () => {
	it('have the pages the README links to', () => {
		expect(PAGES).toEqual(
			expect.arrayContaining([
				'docs/voiceshot-node.md',
				'docs/trigger.md',
				'docs/before-the-first-call.md',
				'docs/retry-and-reruns.md',
				'docs/queue-mode.md',
				'docs/xml.md',
				'docs/api-readings.md',
				'docs/troubleshooting.md',
				'docs/development.md',
				'docs/releasing.md',
			]),
		);
	});

	it("the nodes' and the credential's Docs links lead to a page and heading of this repository", () => {
		const sources = [
			'nodes/VoiceShot/VoiceShot.node.ts',
			'nodes/VoiceShotTrigger/VoiceShotTrigger.node.ts',
			'credentials/VoiceShotApi.credentials.ts',
		];
		const urls = sources.map((source) => {
			const text = readFileSync(join(REPO_ROOT, source), 'utf8');
			return /documentationUrl\s*[:=]\s*'([^']+)'/.exec(text)?.[1];
		});
		expect(urls).toEqual(sources.map(() => expect.stringMatching(/^https:\/\/github\.com\//)));
		const broken = urls.map((url) => {
			const [, path, anchor] =
				/^https:\/\/github\.com\/[^/]+\/[^/#]+(?:\/blob\/[^/]+\/([^#]+))?(#.+)?$/.exec(url!) ?? [];
			return brokenLink('README.md', `${path ?? 'README.md'}${anchor ?? ''}`);
		});
		expect(broken).toEqual([undefined, undefined, undefined]);
	});

	it.each(PAGES)('%s: every relative link and anchor resolves', (page) => {
		const markdown = readFileSync(join(REPO_ROOT, page), 'utf8');
		const broken = relativeLinks(markdown)
			.map((target) => brokenLink(page, target))
			.filter((problem) => problem !== undefined);
		expect(broken).toEqual([]);
	});
});
