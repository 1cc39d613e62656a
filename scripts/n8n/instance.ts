/**
 * Drives a real n8n (the one `provision.ts` installs) for `npm start` and the end-to-end tests.
 *
 *   const n8n = await createInstance();              // temp user folder, free ports, nothing running
 *   await n8n.installPackage('/path/to/pkg.tgz');    // as a community package, while stopped
 *   await n8n.importCredentials([...]);               // CLI, while stopped
 *   await n8n.importWorkflows([...]);
 *   await n8n.publishWorkflow('wf-id');               // activate, while stopped
 *   await n8n.start();                                // `n8n start`, waits for /healthz/readiness
 *   await n8n.setupOwner();                           // owner + API key over HTTP
 *   const executions = await n8n.waitForExecutions('wf-id', 1);
 *   await n8n.dispose();                              // stops the process group, removes the folder
 *
 * An instance is its command line and processes (`cli.ts`) with its REST client (`rest.ts`). Each
 * n8n process runs in a process group of its own (`processes.ts`), so stopping ends n8n and
 * everything it started; the group also ends when this process dies.
 */
import { N8nCli, type CliOptions } from './cli';
import { freePort } from './ports';
import { provisionRuntime } from './provision';
import { N8nRestClient } from './rest';
import type { RuntimePaths } from './runtime';

export { DEFAULT_ENCRYPTION_KEY, N8nError, type CliResult, type Importable } from './cli';
export { packPackage } from './package';
export { freePort } from './ports';
export { groupAlive, spawnGroup, stopGroup } from './processes';
export { DEFAULT_OWNER, type Execution } from './rest';
export { sleep } from './sleep';

export interface InstanceOptions extends CliOptions {
	/** HTTP port; default: a free port */
	port?: number;
	/** task-runner broker port; default: a free port */
	brokerPort?: number;
	/** runtime paths; default: `provisionRuntime()` */
	runtime?: RuntimePaths;
}

/** Creates an instance (folder, ports, environment); starts nothing. */
export async function createInstance(options: InstanceOptions = {}): Promise<N8nInstance> {
	const runtime = options.runtime ?? (await provisionRuntime());
	const port = options.port ?? (await freePort());
	let brokerPort = options.brokerPort ?? (await freePort());
	while (brokerPort === port) brokerPort = await freePort();
	return new N8nInstance(runtime, port, brokerPort, options);
}

/** An n8n instance: its CLI and processes, and the REST client of its server. */
export class N8nInstance extends N8nCli {
	readonly rest = new N8nRestClient(this.baseUrl, () => this.isRunning);
	readonly request = this.rest.request.bind(this.rest);
	readonly setupOwner = this.rest.setupOwner.bind(this.rest);
	readonly activateWorkflow = this.rest.activateWorkflow.bind(this.rest);
	readonly deactivateWorkflow = this.rest.deactivateWorkflow.bind(this.rest);
	readonly listExecutions = this.rest.listExecutions.bind(this.rest);
	readonly waitForExecutions = this.rest.waitForExecutions.bind(this.rest);
	readonly runWorkflow = this.rest.runWorkflow.bind(this.rest);
	readonly getExecution = this.rest.getExecution.bind(this.rest);
	readonly waitForExecution = this.rest.waitForExecution.bind(this.rest);
	readonly testCredential = this.rest.testCredential.bind(this.rest);
	readonly callWebhook = this.rest.callWebhook.bind(this.rest);

	/** the owner's API key, once `setupOwner()` ran */
	get apiKey(): string | undefined {
		return this.rest.apiKey;
	}

	/** the owner's session cookie, once `setupOwner()` ran */
	get cookie(): string | undefined {
		return this.rest.cookie;
	}
}
