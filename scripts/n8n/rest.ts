/**
 * The HTTP side of a running n8n: the owner's login and API key, workflows activated and run,
 * executions listed and awaited, credentials tested, production webhooks called.
 */
import { sleep } from './sleep';

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'Dummy-owner-password-1',
} as const;

export interface Execution {
	id: string | number;
	workflowId: string;
	finished: boolean;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
					error?: unknown;
				}>
			>;
			lastNodeExecuted?: string;
			error?: unknown;
		};
	};
	[key: string]: unknown;
}

export class N8nRestError extends Error {}

export class N8nRestClient {
	/** set by `setupOwner()` */
	apiKey: string | undefined;
	/** session cookie of the owner, set by `setupOwner()` */
	cookie: string | undefined;

	constructor(
		readonly baseUrl: string,
		/** whether the n8n this client talks to is running */
		private readonly running: () => boolean,
	) {}

	/**
	 * HTTP request to this instance. `path` starts with `/`. JSON bodies are encoded; the answer is
	 * parsed as JSON when it is JSON. Authenticates with the API key for `/api/`, the cookie for `/rest/`.
	 */
	async request<T = unknown>(
		method: string,
		path: string,
		options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<{ status: number; headers: Headers; body: T; text: string }> {
		const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
		if (path.startsWith('/api/') && this.apiKey && !headers['x-n8n-api-key'])
			headers['x-n8n-api-key'] = this.apiKey;
		if (path.startsWith('/rest/') && this.cookie && !headers.cookie) headers.cookie = this.cookie;
		let body: string | undefined;
		if (options.body !== undefined) {
			if (typeof options.body === 'string') {
				body = options.body;
			} else {
				body = JSON.stringify(options.body);
				headers['content-type'] ??= 'application/json';
			}
		}
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers,
			body,
			signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
		});
		const text = await response.text();
		let parsed: unknown = text;
		if ((response.headers.get('content-type') ?? '').includes('json') && text) {
			try {
				parsed = JSON.parse(text);
			} catch {
				// leave as text
			}
		}
		return { status: response.status, headers: response.headers, body: parsed as T, text };
	}

	/**
	 * On a fresh instance: creates the owner, logs in (session cookie) and creates an API key with
	 * every scope n8n offers; sets `apiKey` and `cookie`. Returns the API key.
	 */
	async setupOwner(
		owner: { email: string; firstName: string; lastName: string; password: string } = DEFAULT_OWNER,
	): Promise<string> {
		this.assertRunning('setupOwner');
		const setup = await this.request('POST', '/rest/owner/setup', { body: owner });
		if (setup.status !== 200)
			throw new N8nRestError(`POST /rest/owner/setup: ${setup.status} ${setup.text}`);
		const login = await this.request('POST', '/rest/login', {
			body: { emailOrLdapLoginId: owner.email, password: owner.password },
		});
		if (login.status !== 200)
			throw new N8nRestError(`POST /rest/login: ${login.status} ${login.text}`);
		const cookies = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
		this.cookie = cookies.join('; ');
		const scopes = await this.request<{ data: string[] }>('GET', '/rest/api-keys/scopes');
		if (scopes.status !== 200)
			throw new N8nRestError(`GET /rest/api-keys/scopes: ${scopes.status} ${scopes.text}`);
		const created = await this.request<{ data: { rawApiKey?: string; apiKey?: string } }>(
			'POST',
			'/rest/api-keys',
			{
				body: { label: `e2e-${Date.now()}`, scopes: scopes.body.data, expiresAt: null },
			},
		);
		const key = created.body?.data?.rawApiKey ?? created.body?.data?.apiKey;
		if (created.status !== 200 || !key)
			throw new N8nRestError(`POST /rest/api-keys: ${created.status} ${created.text}`);
		this.apiKey = key;
		return key;
	}

	private assertRunning(what: string): void {
		if (!this.running()) throw new N8nRestError(`${what} needs n8n running (call start() first)`);
	}

	private assertApiKey(what: string): void {
		this.assertRunning(what);
		if (!this.apiKey) throw new N8nRestError(`${what} needs an API key (call setupOwner() first)`);
	}

	/** Activates a workflow through the public API while n8n runs. */
	async activateWorkflow(id: string): Promise<void> {
		await this.switchWorkflow(id, 'activate');
	}

	/** Deactivates a workflow through the public API while n8n runs. */
	async deactivateWorkflow(id: string): Promise<void> {
		await this.switchWorkflow(id, 'deactivate');
	}

	private async switchWorkflow(id: string, action: 'activate' | 'deactivate'): Promise<void> {
		this.assertApiKey(`${action}Workflow`);
		const response = await this.request(
			'POST',
			`/api/v1/workflows/${encodeURIComponent(id)}/${action}`,
		);
		if (response.status !== 200)
			throw new N8nRestError(`${action} ${id}: ${response.status} ${response.text}`);
	}

	/** Executions through the public API (all pages), newest first; with their data by default. */
	async listExecutions(
		query: { workflowId?: string; status?: string; includeData?: boolean } = {},
	): Promise<Execution[]> {
		this.assertApiKey('listExecutions');
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const params = new URLSearchParams({
				includeData: String(query.includeData ?? true),
				limit: '100',
			});
			if (query.workflowId) params.set('workflowId', query.workflowId);
			if (query.status) params.set('status', query.status);
			if (cursor) params.set('cursor', cursor);
			const response = await this.request<{ data: Execution[]; nextCursor?: string | null }>(
				'GET',
				`/api/v1/executions?${params}`,
			);
			if (response.status !== 200)
				throw new N8nRestError(`GET /api/v1/executions: ${response.status} ${response.text}`);
			all.push(...response.body.data);
			cursor = response.body.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** Polls until at least `count` finished executions (any status but running/new/waiting) exist. */
	async waitForExecutions(
		workflowId: string,
		count = 1,
		options: { timeoutMs?: number } = {},
	): Promise<Execution[]> {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		let last: Execution[] = [];
		while (Date.now() < deadline) {
			last = (await this.listExecutions({ workflowId })).filter(
				(e) => !['running', 'new', 'waiting'].includes(e.status),
			);
			if (last.length >= count) return last;
			await sleep(300);
		}
		throw new N8nRestError(
			`expected ${count} executions of ${workflowId}, found ${last.length} after ${options.timeoutMs ?? 30_000} ms`,
		);
	}

	/**
	 * Runs a saved workflow the way the editor's "Execute workflow" button does
	 * (`POST /rest/workflows/<id>/run` with the owner's cookie), from the named trigger node.
	 * Returns the execution's id; the run goes on in n8n (see `waitForExecution`).
	 */
	async runWorkflow(id: string, triggerName: string): Promise<string> {
		this.assertRunning('runWorkflow');
		if (!this.cookie)
			throw new N8nRestError('runWorkflow needs the owner logged in (call setupOwner() first)');
		const response = await this.request<{ data?: { executionId?: string } }>(
			'POST',
			`/rest/workflows/${encodeURIComponent(id)}/run`,
			{
				body: { triggerToStartFrom: { name: triggerName } },
			},
		);
		const executionId = response.body?.data?.executionId;
		if (response.status !== 200 || !executionId)
			throw new N8nRestError(`run ${id}: ${response.status} ${response.text}`);
		return String(executionId);
	}

	/** One execution with its data, through the public API; undefined while n8n has not saved it. */
	async getExecution(id: string): Promise<Execution | undefined> {
		this.assertApiKey('getExecution');
		const response = await this.request<Execution>(
			'GET',
			`/api/v1/executions/${encodeURIComponent(id)}?includeData=true`,
		);
		if (response.status === 404) return undefined;
		if (response.status !== 200)
			throw new N8nRestError(`GET /api/v1/executions/${id}: ${response.status} ${response.text}`);
		return response.body;
	}

	/** Polls until the execution has finished (any status but running/new/waiting). */
	async waitForExecution(id: string, options: { timeoutMs?: number } = {}): Promise<Execution> {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		let last: Execution | undefined;
		while (Date.now() < deadline) {
			last = await this.getExecution(id);
			if (last && !['running', 'new', 'waiting'].includes(last.status)) return last;
			await sleep(200);
		}
		throw new N8nRestError(
			`execution ${id} did not finish within ${options.timeoutMs ?? 30_000} ms (status ${last?.status ?? 'unknown'})`,
		);
	}

	/**
	 * The credential test of the editor's credential dialog (`POST /rest/credentials/test`), for a
	 * stored credential: n8n runs the test its node declares (`testedBy`) with this data.
	 */
	async testCredential(credential: {
		id: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ status: string; message: string }> {
		this.assertRunning('testCredential');
		if (!this.cookie)
			throw new N8nRestError('testCredential needs the owner logged in (call setupOwner() first)');
		const response = await this.request<{ data?: { status: string; message: string } }>(
			'POST',
			'/rest/credentials/test',
			{
				body: { credentials: credential },
			},
		);
		if (response.status !== 200 || !response.body?.data)
			throw new N8nRestError(`POST /rest/credentials/test: ${response.status} ${response.text}`);
		return response.body.data;
	}

	/**
	 * Sends a request to a production webhook (`/webhook/<path>`), retrying while n8n answers 404
	 * (an activated workflow's webhooks may be registered a moment after readiness).
	 */
	async callWebhook(
		path: string,
		options: {
			method?: string;
			body?: unknown;
			headers?: Record<string, string>;
			timeoutMs?: number;
		} = {},
	): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
		this.assertRunning('callWebhook');
		const deadline = Date.now() + (options.timeoutMs ?? 15_000);
		const url = `/webhook/${path.replace(/^\//, '')}`;
		for (;;) {
			const response = await this.request(options.method ?? 'POST', url, {
				body: options.body,
				headers: options.headers,
			});
			if (response.status !== 404 || Date.now() > deadline) return response;
			await sleep(250);
		}
	}
}
