/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling, never published: it installs into an n8n user folder */
/**
 * Installs a packed package (`npm pack` output) as a community package, laid out the way n8n
 * 2.41's own installer does (CommunityPackagesService.downloadPackage): the tarball is extracted
 * to `<nodes folder>/node_modules/<name>`, its dev, peer and optional dependencies are dropped (so
 * `n8n-workflow` resolves to n8n's own copy), `npm install` runs inside it with scripts ignored,
 * and `<nodes folder>/package.json` records `<name>: <version>`. Replaces an earlier install.
 */
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

import { runProcess } from './processes';
import type { RuntimePaths } from './runtime';

export class InstallError extends Error {}

/** Returns the package's name and npm's output. */
export async function installCommunityPackage(
	tarball: string,
	nodesFolder: string,
	runtime: RuntimePaths,
	env: NodeJS.ProcessEnv,
): Promise<{ name: string; output: string }> {
	const tgz = resolve(tarball);
	if (!existsSync(tgz)) throw new InstallError(`no such tarball: ${tgz}`);
	mkdirSync(nodesFolder, { recursive: true });
	const staging = mkdtempSync(join(nodesFolder, '.staging-')); // same file system: renamed into place
	try {
		const untar = await runProcess(
			'tar',
			['-xzf', tgz, '-C', staging, '--strip-components=1'],
			staging,
			env,
		);
		if (untar.code !== 0) throw new InstallError(`tar -xzf ${tgz} failed: ${untar.stderr}`);
		const manifest = JSON.parse(readFileSync(join(staging, 'package.json'), 'utf8')) as Record<
			string,
			unknown
		> & {
			name?: string;
			version?: string;
		};
		const { name, version } = manifest;
		if (!name || !version) throw new InstallError(`${tgz} has no package name or version`);
		if (!/^(@[^/]+\/)?n8n-nodes-/.test(name)) {
			throw new InstallError(
				`n8n loads community packages named n8n-nodes-* (or @scope/n8n-nodes-*), not ${name}`,
			);
		}
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		writeFileSync(join(staging, 'package.json'), JSON.stringify(manifest, null, 2));

		const target = join(nodesFolder, 'node_modules', name);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(join(target, '..'), { recursive: true });
		renameSync(staging, target);

		const npm = runtime.npmCli
			? { command: runtime.node, args: [runtime.npmCli] }
			: { command: 'npm', args: [] };
		const flags = [
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		];
		const install = await runProcess(npm.command, [...npm.args, 'install', ...flags], target, env);
		if (install.code !== 0)
			throw new InstallError(
				`npm install in ${target} failed (${install.code}):\n${install.stderr || install.stdout}`,
			);

		const rootManifest = join(nodesFolder, 'package.json');
		const root: { dependencies?: Record<string, string>; [key: string]: unknown } = existsSync(
			rootManifest,
		)
			? (JSON.parse(readFileSync(rootManifest, 'utf8')) as {
					dependencies?: Record<string, string>;
				})
			: { name: 'installed-nodes', private: true };
		root.dependencies = { ...root.dependencies, [name]: version };
		writeFileSync(rootManifest, JSON.stringify(root, null, 2));
		return { name, output: install.stdout + install.stderr };
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}
