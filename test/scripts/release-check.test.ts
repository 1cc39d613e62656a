/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test tooling, never published: it runs npm */
import { spawnSync } from 'node:child_process';

import packageJson from '../../package.json';
import {
	type Manifest,
	packedFiles,
	PLACEHOLDER_AUTHOR_EMAIL,
	releaseProblems,
	type ReleaseInputs,
	tarballProblems,
} from '../../scripts/release-check';
import { cleanEnv, REPO_ROOT } from '../../scripts/n8n/provision';

const manifest = packageJson as Manifest;

/** What `npm pack` ships (after `npm run build`): this list changes only on purpose. */
const TARBALL = [
	'CHANGELOG.md',
	'LICENSE',
	'README.md',
	'dist/credentials/VoiceShotApi.credentials.js',
	'dist/credentials/VoiceShotCallbackLoginApi.credentials.js',
	'dist/nodes/VoiceShot/VoiceShot.node.js',
	'dist/nodes/VoiceShot/VoiceShot.node.json',
	'dist/nodes/VoiceShot/voiceshot.dark.svg',
	'dist/nodes/VoiceShot/voiceshot.svg',
	'dist/nodes/VoiceShotTrigger/VoiceShotTrigger.node.js',
	'dist/nodes/VoiceShotTrigger/VoiceShotTrigger.node.json',
	'dist/nodes/VoiceShotTrigger/voiceshot.dark.svg',
	'dist/nodes/VoiceShotTrigger/voiceshot.svg',
	'package.json',
];

/** A release the check accepts: published from this repository's tag in GitHub Actions. */
const ready: ReleaseInputs = {
	manifest: {
		...manifest,
		author: { name: 'A Maintainer', email: 'maintainer@example.com' },
		repository: { url: 'git+https://github.com/acme/n8n-nodes-voiceshot.git' },
		homepage: 'https://github.com/acme/n8n-nodes-voiceshot#readme',
	},
	env: {
		npm_command: 'publish',
		npm_config_provenance: 'true',
		GITHUB_ACTIONS: 'true',
		GITHUB_REPOSITORY: 'acme/n8n-nodes-voiceshot',
		GITHUB_REF_TYPE: 'tag',
		GITHUB_REF_NAME: `v${manifest.version}`,
	},
	files: TARBALL,
	license: 'MIT License\n\nCopyright (c) 2026 A Maintainer\n',
	changelog: `# Changelog\n\n## ${manifest.version} (2026-12-02)\n\n- First release.\n`,
	distStale: false,
};

function problemsWith(change: Partial<ReleaseInputs>, env: NodeJS.ProcessEnv = {}): string[] {
	return releaseProblems({ ...ready, ...change, env: { ...ready.env, ...env } }).problems;
}

/** This environment without npm's and GitHub Actions' variables (the publish workflow runs these tests). */
function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env = cleanEnv();
	for (const key of Object.keys(env)) if (/^(GITHUB|ACTIONS)_/.test(key)) delete env[key];
	return { ...env, ...extra };
}

function npm(args: string[], env = npmEnv()) {
	const result = spawnSync('npm', args, {
		cwd: REPO_ROOT,
		env,
		encoding: 'utf8',
		timeout: 120_000,
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the tarball (run `npm run build` first)', () => {
	it('ships LICENSE, README, CHANGELOG, package.json and dist/ nodes and credentials, nothing else', () => {
		expect(packedFiles()).toEqual(TARBALL);
	});

	it('is refused when a file is missing or a stray file would ship', () => {
		expect(tarballProblems(TARBALL, manifest)).toEqual([]);
		expect(tarballProblems([...TARBALL, 'dist/test/codec.test.js'], manifest)).toEqual([
			'the tarball would carry dist/test/codec.test.js, which is not part of the package',
		]);
		expect(
			tarballProblems(
				TARBALL.filter((file) => file !== 'LICENSE' && !file.endsWith('VoiceShot.node.js')),
				manifest,
			),
		).toEqual([
			'the tarball lacks LICENSE',
			'the tarball lacks dist/nodes/VoiceShot/VoiceShot.node.js: run `npm run build` (`n8n-node build` emits no JavaScript in this project)',
		]);
	});
});

describe('the release check', () => {
	it('accepts a release from the version tag of the repository package.json names', () => {
		expect(releaseProblems(ready)).toEqual({ problems: [], notes: [] });
		expect(problemsWith({}, { GITHUB_REF_NAME: manifest.version })).toEqual([]);
	});

	it('refuses a tag that is not the version, or a push that is not a tag', () => {
		expect(problemsWith({}, { GITHUB_REF_NAME: 'v9.9.9' })).toEqual([
			`the pushed tag (v9.9.9) is not version ${manifest.version} or v${manifest.version}`,
		]);
		expect(problemsWith({}, { GITHUB_REF_TYPE: 'branch', GITHUB_REF: 'refs/heads/main' })).toEqual([
			`the pushed tag (none: refs/heads/main) is not version ${manifest.version} or v${manifest.version}`,
		]);
	});

	it('refuses to publish without provenance, or for another repository than the one built', () => {
		expect(problemsWith({}, { npm_config_provenance: undefined })).toEqual([
			'provenance is off: publish with `npm run release -- --provenance`',
		]);
		expect(problemsWith({}, { GITHUB_REPOSITORY: 'someone-else/fork' })).toEqual([
			"package.json's repository (https://github.com/acme/n8n-nodes-voiceshot) is not https://github.com/someone-else/fork: npm refuses provenance for another repository",
			"package.json's homepage (https://github.com/acme/n8n-nodes-voiceshot#readme) is not under https://github.com/someone-else/fork",
		]);
	});

	it('refuses a real publish from a machine outside GitHub Actions, and says what to run instead', () => {
		const [problem, ...others] = problemsWith(
			{},
			{ GITHUB_ACTIONS: undefined, GITHUB_REF_TYPE: undefined, GITHUB_REF_NAME: undefined },
		);
		expect(others).toEqual([]);
		expect(problem).toMatch(
			/^publish from GitHub Actions .*Locally: npm run release -- --dry-run$/,
		);
	});

	it('refuses the placeholder author and an undated CHANGELOG section in a real publish, not in a dry run', () => {
		const unready: Partial<ReleaseInputs> = {
			manifest: { ...ready.manifest, author: { name: 'x', email: PLACEHOLDER_AUTHOR_EMAIL } },
			changelog: `## ${manifest.version} (unreleased)\n`,
		};
		expect(problemsWith(unready)).toEqual([
			`CHANGELOG.md's "## ${manifest.version}" section has no release date (YYYY-MM-DD)`,
			"package.json's author is the placeholder: set the maintainer (docs/releasing.md)",
		]);
		expect(problemsWith(unready, { npm_config_dry_run: 'true' })).toEqual([]);
	});

	it('refuses a stale build, a missing LICENSE or CHANGELOG section, whatever the mode', () => {
		const dryRunHere = { npm_config_dry_run: 'true', GITHUB_ACTIONS: undefined };
		expect(
			problemsWith(
				{ distStale: true, license: undefined, changelog: '# Changelog\n\n## 0.0.9\n' },
				dryRunHere,
			),
		).toEqual([
			'dist/ is missing or older than the sources: run `npm run build` (`n8n-node build` emits no JavaScript in this project)',
			'there is no LICENSE file',
			`CHANGELOG.md has no "## ${manifest.version}" section`,
		]);
		expect(problemsWith({ license: 'ISC License\n' }, dryRunHere)).toEqual([
			'package.json says MIT, but LICENSE is not the MIT License',
		]);
	});
});

describe('npm 11 and the project .npmrc (ignore-scripts=true)', () => {
	it('a bare `npm publish` skips prepublishOnly, so the release check would not run', () => {
		const bare = npm(['publish', '--dry-run']);
		expect(bare.status).toBe(0);
		expect(bare.output).toContain(`${manifest.name}@${manifest.version}`);
		expect(bare.output).not.toContain('[release check]');
	});

	it('`npm run release -- --dry-run` runs the check through prepublishOnly, then packs', () => {
		const release = npm(['run', 'release', '--', '--dry-run']);
		expect(release.output).toContain(
			`[release check] passed: ${manifest.name}@${manifest.version}, ${TARBALL.length} files`,
		);
		expect(release.output).toContain(`+ ${manifest.name}@${manifest.version}`);
		expect(release.status).toBe(0);
	});

	it('a failing check stops `npm run release` before anything is published', () => {
		const release = npm(
			['run', 'release', '--', '--dry-run'],
			npmEnv({
				GITHUB_ACTIONS: 'true',
				GITHUB_REPOSITORY: 'someone-else/fork',
				GITHUB_REF_TYPE: 'tag',
				GITHUB_REF_NAME: 'v9.9.9',
			}),
		);
		expect(release.status).not.toBe(0);
		expect(release.output).toContain(
			'[release check] n8n-nodes-voiceshot@0.1.0 is not ready to publish:',
		);
		expect(release.output).toContain('the pushed tag (v9.9.9) is not version');
		expect(release.output).not.toContain(`+ ${manifest.name}@${manifest.version}`);
	});
});
