/**
 * The build: clean dist/, type-check, bundle each node and credential entry (the shared codec
 * inlined, readable), copy icons and codex files.
 * The bundles may require only n8n-workflow, luxon and the Node built-ins n8n allows.
 */
const { series, src, dest } = require('gulp');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = __dirname;
const dist = path.join(root, 'dist');
const pkg = require('./package.json');

/** The entries n8n loads, from package.json's n8n section: dist/x/Y.js ← x/Y.ts. */
function entries() {
	return [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((built) => ({
		in: path.join(root, built.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
		out: built.replace(/^dist\//, '').replace(/\.js$/, ''),
	}));
}

async function clean() {
	await fs.promises.rm(dist, { recursive: true, force: true });
}

function typecheck() {
	return new Promise((resolve, reject) => {
		const tsc = spawn(
			process.execPath,
			[require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'],
			{
				cwd: root,
				stdio: 'inherit',
			},
		);
		tsc.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`tsc failed with exit code ${code}`)),
		);
	});
}

async function bundle() {
	await esbuild.build({
		entryPoints: entries(),
		outdir: dist,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		// n8n resolves both for community packages, from its own copies.
		external: ['n8n-workflow', 'luxon'],
		minify: false,
		sourcemap: false,
		legalComments: 'inline',
		logLevel: 'warning',
	});
}

function copyAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'], {
		base: root,
		encoding: false,
	}).pipe(dest(dist));
}

exports.clean = clean;
exports.typecheck = typecheck;
exports.bundle = bundle;
exports.build = series(clean, typecheck, bundle, copyAssets);
exports.default = exports.build;
