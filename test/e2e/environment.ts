/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end test, never published: it drives a real n8n and the simulator */
/**
 * One real n8n for a test file, set up as `npm start` does it (scripts/n8n): the package built
 * when stale, packed and installed as a community package, the simulator's credentials imported
 * (and the examples, unless asked not to), started, the owner logged in. `dispose()` stops it
 * all and keeps n8n's and the simulator's output in `.cache/e2e-logs/<name>/`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import {
	exampleOutcomes,
	importExamples,
	simulatorCampaigns,
	type Workflow,
} from '../../scripts/n8n/examples';
import { createInstance, type N8nInstance } from '../../scripts/n8n/instance';
import { buildAndPack } from '../../scripts/n8n/package';
import { provisionRuntime, REPO_ROOT } from '../../scripts/n8n/provision';

export interface EnvironmentOptions {
	/** names the log folder */
	name: string;
	/** import the example workflows (default true) */
	examples?: boolean;
	/** more workflows to import */
	workflows?: Workflow[];
	/** of those, the ones to publish (activate) before n8n starts */
	publish?: string[];
	/** extra environment of the n8n processes */
	env?: Record<string, string>;
}

export interface Environment {
	n8n: N8nInstance;
	sim: Simulator;
	/** a temporary folder, removed by dispose() */
	scratch: string;
	/** the folder n8n may read and write files in */
	filesDir: string;
	/** runs `body`, noting how long it took (printed by dispose()) */
	timed<T>(label: string, body: () => Promise<T>): Promise<T>;
	dispose(): Promise<void>;
}

export async function startEnvironment(options: EnvironmentOptions): Promise<Environment> {
	const timings: string[] = [];
	const log = (line: string) => process.stderr.write(`[e2e ${options.name}] ${line}\n`);
	async function timed<T>(label: string, body: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await body();
		} finally {
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			timings.push(`${seconds.padStart(6)} s  ${label}`);
			log(`${label}: ${seconds} s`);
		}
	}

	const runtime = await timed('provision n8n (cold: minutes; warm: a file read)', () =>
		provisionRuntime(),
	);
	const scratch = mkdtempSync(join(tmpdir(), `voiceshot-${options.name}-`));
	const filesDir = join(scratch, 'files');
	const simLog: string[] = [];
	let n8n: N8nInstance | undefined;
	let sim: Simulator | undefined;

	const dispose = async () => {
		log(`timings:\n${timings.join('\n')}`);
		const logDir = join(REPO_ROOT, '.cache', 'e2e-logs', options.name);
		mkdirSync(logDir, { recursive: true });
		if (n8n) writeFileSync(join(logDir, 'n8n.log'), n8n.logs());
		writeFileSync(join(logDir, 'simulator.log'), simLog.join('\n'));
		log(`logs of this run: ${logDir}`);
		await n8n?.dispose();
		await sim?.close();
		rmSync(scratch, { recursive: true, force: true });
	};

	let ready = false;
	try {
		const tarball = await timed('build if stale, npm pack', () =>
			buildAndPack(scratch, { build: 'ifStale', log }),
		);
		n8n = await createInstance({
			runtime,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir, ...options.env },
		});
		const instance = n8n;
		sim = await startSimulator({
			campaigns: simulatorCampaigns(instance.baseUrl),
			outcomes: exampleOutcomes(),
			callDelayMs: 50,
			primaryPort: false,
			log: (line) => simLog.push(line),
		});
		const apiUrl = sim.url;
		await timed('install the tarball as a community package', () =>
			instance.installPackage(tarball),
		);
		await timed('import credentials and workflows, publish', async () => {
			const examples = options.examples ?? true;
			await importExamples(instance, {
				filesDir,
				apiUrl,
				workflows: examples,
				extraWorkflows: options.workflows,
			});
			if (!examples) await instance.importWorkflows(options.workflows ?? []);
			for (const id of options.publish ?? []) await instance.publishWorkflow(id);
		});
		await timed('n8n start', () => instance.start());
		await instance.setupOwner();
		ready = true;
		return { n8n: instance, sim, scratch, filesDir, timed, dispose };
	} finally {
		if (!ready) await dispose();
	}
}
