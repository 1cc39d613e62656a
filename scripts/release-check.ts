/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- development tooling, never published: it checks the package before npm publish */
/**
 * The release check: package.json's `prepublishOnly`, which `npm run release` runs (it publishes
 * with `--ignore-scripts=false`: the project's .npmrc has `ignore-scripts=true`, under which a
 * bare `npm publish` skips every lifecycle script, this one included).
 *
 * Always: dist/ is built and newer than the sources, the tarball holds package.json, README.md,
 * LICENSE, CHANGELOG.md and dist/'s nodes and credentials and nothing else, the LICENSE matches
 * package.json's license, and CHANGELOG.md has a section for the version.
 * In GitHub Actions: the pushed tag is the version (`0.1.0` or `v0.1.0`), provenance is on, and
 * package.json's repository is the repository being built.
 * A real publish (not `--dry-run`) also needs GitHub Actions, a dated CHANGELOG section and an
 * author that is not the placeholder.
 *
 *   npm run release -- --dry-run      the check, then npm's dry run (what CI's test does too)
 *   npx tsx scripts/release-check.ts  the check alone
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { distIsStale } from './n8n/package';
import { cleanEnv, REPO_ROOT } from './n8n/provision';

export interface Manifest {
	name: string;
	version: string;
	license?: string;
	author?: string | { name?: string; email?: string };
	repository?: string | { url?: string };
	homepage?: string;
	n8n: { nodes: string[]; credentials: string[] };
}

/** The files besides dist/ that the tarball carries. */
export const TOP_LEVEL_FILES = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'];

/** What package.json's author says until a maintainer sets it (docs/releasing.md). */
export const PLACEHOLDER_AUTHOR_EMAIL = 'n8n-nodes-voiceshot@users.noreply.github.com';

const BUILT_FILE = /^dist\/(nodes|credentials)\/.+\.(js|svg|png|node\.json)$/;
const BUILD_HINT = 'run `npm run build` (`n8n-node build` emits no JavaScript in this project)';

/** The paths `npm pack` would put into the tarball, sorted. */
export function packedFiles(root = REPO_ROOT): string[] {
	const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		env: cleanEnv(),
		encoding: 'utf8',
		timeout: 120_000,
	});
	if (result.status !== 0) {
		throw new Error(`npm pack --dry-run failed (${result.status}): ${result.stderr}`);
	}
	const [pack] = JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>;
	return pack.files.map((file) => file.path).sort();
}

/** What is missing from the tarball, and what it would carry that is not part of the package. */
export function tarballProblems(files: string[], manifest: Manifest): string[] {
	const problems: string[] = [];
	for (const required of [...TOP_LEVEL_FILES, ...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		if (!files.includes(required)) {
			problems.push(
				`the tarball lacks ${required}` + (required.startsWith('dist/') ? `: ${BUILD_HINT}` : ''),
			);
		}
	}
	for (const file of files) {
		if (!TOP_LEVEL_FILES.includes(file) && !BUILT_FILE.test(file)) {
			problems.push(`the tarball would carry ${file}, which is not part of the package`);
		}
	}
	return problems;
}

export interface ReleaseInputs {
	manifest: Manifest;
	/** the environment npm gives prepublishOnly (npm_command, npm_config_dry_run, GITHUB_*) */
	env: NodeJS.ProcessEnv;
	/** the tarball's paths */
	files: string[];
	license: string | undefined;
	changelog: string | undefined;
	distStale: boolean;
}

export interface ReleaseVerdict {
	problems: string[];
	/** what was not checked here, and why */
	notes: string[];
}

function repositoryUrl(manifest: Manifest): string {
	const url =
		typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
	return (url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function releaseProblems(inputs: ReleaseInputs): ReleaseVerdict {
	const { manifest, env } = inputs;
	const problems: string[] = [];
	const notes: string[] = [];
	const publishing = env.npm_command === 'publish' && env.npm_config_dry_run !== 'true';
	const inActions = env.GITHUB_ACTIONS === 'true';

	if (inputs.distStale) problems.push(`dist/ is missing or older than the sources: ${BUILD_HINT}`);
	problems.push(...tarballProblems(inputs.files, manifest));

	if (inputs.license === undefined) problems.push('there is no LICENSE file');
	else if (manifest.license === 'MIT' && !inputs.license.startsWith('MIT License'))
		problems.push('package.json says MIT, but LICENSE is not the MIT License');

	const heading = inputs.changelog?.match(
		new RegExp(`^## \\[?${escapeRegExp(manifest.version)}\\]?(.*)$`, 'm'),
	);
	if (!heading) {
		problems.push(`CHANGELOG.md has no "## ${manifest.version}" section`);
	} else if (publishing && !/\d{4}-\d{2}-\d{2}/.test(heading[1])) {
		problems.push(
			`CHANGELOG.md's "## ${manifest.version}" section has no release date (YYYY-MM-DD)`,
		);
	}

	if (publishing) {
		const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.email;
		if (author?.includes(PLACEHOLDER_AUTHOR_EMAIL)) {
			problems.push(
				"package.json's author is the placeholder: set the maintainer (docs/releasing.md)",
			);
		}
		if (!inActions) {
			problems.push(
				'publish from GitHub Actions (push a version tag: .github/workflows/publish.yml): n8n ' +
					'verifies only packages published with npm provenance. Locally: npm run release -- --dry-run',
			);
		}
	}

	if (inActions) {
		const tag = env.GITHUB_REF_TYPE === 'tag' ? env.GITHUB_REF_NAME : undefined;
		if (tag !== manifest.version && tag !== `v${manifest.version}`) {
			problems.push(
				`the pushed tag (${tag ?? `none: ${env.GITHUB_REF ?? 'no ref'}`}) is not version ${manifest.version} or v${manifest.version}`,
			);
		}
		if (env.npm_config_provenance !== 'true') {
			problems.push('provenance is off: publish with `npm run release -- --provenance`');
		}
		const expected = `https://github.com/${env.GITHUB_REPOSITORY ?? '?'}`;
		const url = repositoryUrl(manifest);
		if (url.toLowerCase() !== expected.toLowerCase()) {
			problems.push(
				`package.json's repository (${url || 'none'}) is not ${expected}: npm refuses provenance for another repository`,
			);
		}
		if (!(manifest.homepage ?? '').toLowerCase().startsWith(expected.toLowerCase())) {
			problems.push(
				`package.json's homepage (${manifest.homepage ?? 'none'}) is not under ${expected}`,
			);
		}
	} else {
		notes.push('not in GitHub Actions: the tag, provenance and repository are checked there');
	}
	return { problems, notes };
}

function readOptional(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}

function main(): void {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
	const files = packedFiles();
	const { problems, notes } = releaseProblems({
		manifest,
		env: process.env,
		files,
		license: readOptional(join(REPO_ROOT, 'LICENSE')),
		changelog: readOptional(join(REPO_ROOT, 'CHANGELOG.md')),
		distStale: distIsStale(),
	});
	const say = (line: string) => process.stderr.write(`[release check] ${line}\n`);
	if (problems.length > 0) {
		say(`${manifest.name}@${manifest.version} is not ready to publish:`);
		for (const problem of problems) say(`  - ${problem}`);
		process.exit(1);
	}
	say(`passed: ${manifest.name}@${manifest.version}, ${files.length} files`);
	for (const note of notes) say(`  (${note})`);
}

if (require.main === module) main();
