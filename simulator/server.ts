/** The simulator: its HTTP listeners, the /ivrapi.asp endpoint with faults, and the in-process API. */
import { encodeReply } from './codec';
import { applyRequest } from './api';
import {
	CallbackSender,
	CallEngine,
	type EngineHost,
	type InboundCallSpec,
	type InboundSmsSpec,
} from './calls';
import { handleControl } from './control';
import { Faults, readFault, type ActiveFault } from './faults';
import { Outcomes } from './outcomes';
import {
	later,
	listen,
	sleep,
	soon,
	writeLine,
	type Cancel,
	type IncomingMessage,
	type Listener,
	type ServerResponse,
} from './platform';
import { SimState, type CallFilter } from './state';
import type {
	CallbackConfig,
	CallbackLogEntry,
	CampaignConfig,
	FaultSpec,
	OutcomeScript,
	RequestLogEntry,
	SimCall,
	SimEvent,
	SimEventType,
	SimulatorOptions,
} from './types';
import { checkRequest, ERROR_COMMENTS, rejection } from './validate';

/** VoiceShot's own path. Matched without regard to case, as IIS does. */
export const API_PATH = '/ivrapi.asp';
export const CONTROL_PREFIX = '/_sim';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const LOGGED_BODY_CHARS = 64 * 1024;

/** What can change while the simulator runs (PUT /_sim/config, sim.configure). */
export interface SimulatorConfig {
	callDelayMs: number | null;
	registeredIps: string[];
	login?: { username: string; password: string };
	requireCallerId: boolean;
	trustForwardedFor: boolean;
	timezoneOffsetMinutes?: number;
	callbacks: CallbackConfig;
	queryListsPending: boolean;
}

export interface SimSnapshot {
	url: string;
	primaryUrl?: string;
	config: Omit<SimulatorConfig, 'login' | 'callbacks'> & {
		login: boolean;
		callbacks: Omit<CallbackConfig, 'password'> & { password?: string };
	};
	campaigns: Array<{
		menuid: string;
		channel?: 'voice' | 'sms';
		paused: boolean;
		eventsUrl?: string;
		summaryUrl?: string;
		basicAuth: boolean;
		calls: Record<'pending' | 'dialing' | 'completed' | 'deleted', number>;
	}>;
	calls: SimCall[];
	files: Array<{ filename: string; size: number; savedAt: string }>;
	requests: RequestLogEntry[];
	callbacks: CallbackLogEntry[];
	faults: ActiveFault[];
	outcomes: OutcomeScript;
	backlog: { due: number; dialing: number; running: number };
}

export interface Simulator {
	/** `http://127.0.0.1:<port>/ivrapi.asp` on the main listener: always up (the `apiproxy` stand-in). */
	readonly url: string;
	readonly port: number;
	/** `http://127.0.0.1:<port>` of the main listener; the control API is under `/_sim`. */
	readonly baseUrl: string;
	/** The second listener's /ivrapi.asp (the `api.voiceshot.com` stand-in), which the `refuse` fault closes. */
	readonly primaryUrl?: string;
	readonly primaryPort?: number;
	/** The live state: read it, do not change it. */
	readonly state: SimState;
	readonly outcomes: Outcomes;
	config(): SimulatorConfig;
	configure(changes: Partial<SimulatorConfig>): void;
	addCampaign(campaign: string | CampaignConfig): void;
	removeCampaign(menuid: string): boolean;
	/** A detached copy of everything, JSON-ready. */
	snapshot(options?: { calls?: boolean }): SimSnapshot;
	/** Calls matching the filter (live objects). */
	calls(filter?: CallFilter): SimCall[];
	setFault(fault: FaultSpec): Promise<ActiveFault>;
	removeFault(id: number): Promise<boolean>;
	clearFaults(): Promise<void>;
	setOutcomes(script: OutcomeScript): void;
	/** Marks matching pending calls as dialing (they can no longer be deleted). */
	dial(filter?: CallFilter, force?: boolean): SimCall[];
	/** Completes matching pending/dialing calls now, callbacks included. `force`: also future-scheduled and paused ones. */
	complete(filter?: CallFilter, force?: boolean): Promise<SimCall[]>;
	inboundCall(spec?: InboundCallSpec): Promise<SimCall>;
	inboundSms(spec: InboundSmsSpec): Promise<SimCall>;
	/** What the Test button of the Call Events / Call Summary URL sends. */
	testPost(menuid: string, target: 'events' | 'summary'): Promise<CallbackLogEntry | undefined>;
	/** Resolves with the predicate's first truthy value, re-checked after every state change. */
	waitFor<T>(
		predicate: (sim: Simulator) => T | undefined | null | false,
		timeoutMs?: number,
	): Promise<T>;
	/** Resolves with the next event of that type (after this call) that `match` accepts. */
	waitFor(type: SimEventType, timeoutMs?: number): Promise<SimEvent>;
	waitFor(
		type: SimEventType,
		match: (event: SimEvent) => boolean,
		timeoutMs?: number,
	): Promise<SimEvent>;
	/** Resolves when no call is being completed and no callback is in flight. */
	idle(): Promise<void>;
	/** Back to how it started: no calls, files, logs, faults; the started campaigns, config and outcomes. */
	reset(): Promise<void>;
	close(): Promise<void>;
}

const DEFAULT_WAIT_MS = 3000;

class SimulatorServer implements Simulator, EngineHost {
	readonly state: SimState;
	readonly outcomes: Outcomes;
	private readonly faults = new Faults();
	private readonly engine: CallEngine;
	private settings: SimulatorConfig;
	private main?: Listener;
	private primary?: Listener;
	private primaryPortNumber?: number;
	private readonly listeners = new Set<(event: SimEvent) => void>();
	private readonly checkers = new Set<() => void>();
	private checkQueued?: Cancel;
	private readonly closing = new AbortController();
	private readonly clock: () => number;
	private readonly logLine?: (line: string) => void;
	private primaryChange: Promise<void> = Promise.resolve();

	constructor(private readonly options: SimulatorOptions) {
		this.clock = options.now ?? Date.now;
		this.logLine =
			options.log === true
				? (line) => writeLine(`${new Date().toISOString().slice(11, 23)} ${line}`)
				: options.log || undefined;
		this.state = new SimState(options.maxLogEntries ?? 2000);
		this.outcomes = new Outcomes(options.outcomes);
		this.settings = initialConfig(options);
		for (const campaign of options.campaigns ?? ['1-1234']) this.addCampaign(campaign);
		this.engine = new CallEngine(
			this,
			new CallbackSender(
				this,
				options.callbackTimeoutMs ?? 5000,
				options.callbackConcurrency ?? 16,
			),
		);
	}

	async start(): Promise<void> {
		const host = this.options.host ?? '127.0.0.1';
		this.main = await listen(this.handler('main'), this.options.port ?? 0, host);
		if (this.options.primaryPort !== false) {
			this.primary = await listen(this.handler('primary'), this.options.primaryPort ?? 0, host);
			this.primaryPortNumber = this.primary.port;
		}
	}

	get port(): number {
		return this.main?.port ?? 0;
	}

	get baseUrl(): string {
		return `http://${urlHost(this.options.host ?? '127.0.0.1')}:${this.port}`;
	}

	get url(): string {
		return this.baseUrl + API_PATH;
	}

	get primaryPort(): number | undefined {
		return this.primaryPortNumber;
	}

	get primaryUrl(): string | undefined {
		return this.primaryPortNumber === undefined
			? undefined
			: `http://${urlHost(this.options.host ?? '127.0.0.1')}:${this.primaryPortNumber}${API_PATH}`;
	}

	// EngineHost
	now(): number {
		return this.clock();
	}

	callDelayMs(): number | null {
		return this.settings.callDelayMs;
	}

	callbackDefaults(): CallbackConfig {
		return this.settings.callbacks;
	}

	timezoneOffsetMinutes(): number | undefined {
		return this.settings.timezoneOffsetMinutes;
	}

	emit(event: SimEvent): void {
		for (const listener of [...this.listeners]) listener(event);
		if (this.checkers.size > 0 && !this.checkQueued) {
			this.checkQueued = soon(() => {
				this.checkQueued = undefined;
				for (const check of [...this.checkers]) check();
			});
		}
	}

	log(line: string): void {
		this.logLine?.(line);
	}

	// In-process API
	config(): SimulatorConfig {
		return structuredClone(this.settings);
	}

	configure(changes: Partial<SimulatorConfig>): void {
		const before = this.settings.callDelayMs;
		this.settings = { ...this.settings, ...changes };
		if (changes.callbacks) this.settings.callbacks = { ...changes.callbacks };
		if ('callDelayMs' in changes && changes.callDelayMs !== before) this.engine.modeChanged();
	}

	addCampaign(campaign: string | CampaignConfig): void {
		this.state.addCampaign(typeof campaign === 'string' ? { menuid: campaign } : campaign);
	}

	removeCampaign(menuid: string): boolean {
		return this.state.removeCampaign(menuid);
	}

	calls(filter: CallFilter = {}): SimCall[] {
		return this.state.findCalls(filter);
	}

	snapshot(options: { calls?: boolean } = {}): SimSnapshot {
		const campaigns = [...this.state.campaigns.values()].map((campaign) => {
			const counts = { pending: 0, dialing: 0, completed: 0, deleted: 0 };
			for (const call of campaign.calls) counts[call.status]++;
			const callbacks = this.state.callbacksFor(campaign.menuid, this.settings.callbacks);
			return {
				menuid: campaign.menuid,
				channel: campaign.channel,
				paused: campaign.paused,
				eventsUrl: callbacks.eventsUrl,
				summaryUrl: callbacks.summaryUrl,
				basicAuth: Boolean(callbacks.username && callbacks.password !== undefined),
				calls: counts,
			};
		});
		const { login, callbacks, ...rest } = this.settings;
		const view: SimSnapshot = {
			url: this.url,
			primaryUrl: this.primaryUrl,
			config: {
				...rest,
				login: login !== undefined,
				callbacks: { ...callbacks, password: callbacks.password === undefined ? undefined : '***' },
			},
			campaigns,
			calls: options.calls === false ? [] : [...this.state.calls.values()],
			files: [...this.state.files.values()].map((file) => ({
				filename: file.filename,
				size: file.bytes.length,
				savedAt: new Date(file.savedAt).toISOString(),
			})),
			requests: this.state.requests,
			callbacks: this.state.callbacks,
			faults: this.faults.list(),
			outcomes: this.outcomes.get(),
			backlog: this.engine.backlog,
		};
		return JSON.parse(JSON.stringify(view)) as SimSnapshot;
	}

	async setFault(fault: FaultSpec): Promise<ActiveFault> {
		const checked = readFault(fault);
		if (typeof checked === 'string') throw new Error(checked);
		const entry = this.faults.add(checked);
		this.log(`fault set: ${JSON.stringify(checked)}`);
		await this.syncPrimary();
		return entry;
	}

	async removeFault(id: number): Promise<boolean> {
		const removed = this.faults.remove(id);
		await this.syncPrimary();
		return removed;
	}

	async clearFaults(): Promise<void> {
		this.faults.clear();
		this.log('faults cleared');
		await this.syncPrimary();
	}

	setOutcomes(script: OutcomeScript): void {
		this.outcomes.set(script);
	}

	dial(filter: CallFilter = {}, force = false): SimCall[] {
		return this.engine.dial(filter, force);
	}

	complete(filter: CallFilter = {}, force = false): Promise<SimCall[]> {
		return this.engine.complete(filter, force);
	}

	inboundCall(spec: InboundCallSpec = {}): Promise<SimCall> {
		return this.engine.inboundCall(spec);
	}

	inboundSms(spec: InboundSmsSpec): Promise<SimCall> {
		return this.engine.inboundSms(spec);
	}

	testPost(menuid: string, target: 'events' | 'summary'): Promise<CallbackLogEntry | undefined> {
		return this.engine.testPost(menuid, target);
	}

	waitFor<T>(
		predicate: (sim: Simulator) => T | undefined | null | false,
		timeoutMs?: number,
	): Promise<T>;
	waitFor(type: SimEventType, timeoutMs?: number): Promise<SimEvent>;
	waitFor(
		type: SimEventType,
		match: (event: SimEvent) => boolean,
		timeoutMs?: number,
	): Promise<SimEvent>;
	waitFor(
		what: SimEventType | ((sim: Simulator) => unknown),
		matchOrTimeout?: number | ((event: SimEvent) => boolean),
		timeoutMs?: number,
	): Promise<unknown> {
		const limit =
			(typeof matchOrTimeout === 'number' ? matchOrTimeout : timeoutMs) ?? DEFAULT_WAIT_MS;
		return new Promise((resolve, reject) => {
			let stop = () => {};
			const timer = later(() => {
				stop();
				reject(
					new Error(
						`sim.waitFor(${typeof what === 'string' ? JSON.stringify(what) : what.toString().slice(0, 120)}) timed out after ${limit} ms`,
					),
				);
			}, limit);
			if (typeof what === 'function') {
				const check = () => {
					const outcome = attempt(() => what(this));
					if ('error' in outcome) {
						stop();
						reject(outcome.error);
					} else if (outcome.value) {
						stop();
						resolve(outcome.value);
					}
				};
				// Events re-check the predicate; a slow poll catches changes no event announces.
				let poll: Cancel | undefined;
				const repoll = () => {
					poll = later(() => {
						check();
						if (poll) repoll();
					}, 25);
				};
				stop = () => {
					timer.cancel();
					poll?.cancel();
					poll = undefined;
					this.checkers.delete(check);
				};
				this.checkers.add(check);
				repoll();
				check();
			} else {
				const match = typeof matchOrTimeout === 'function' ? matchOrTimeout : () => true;
				const listener = (event: SimEvent) => {
					if (event.type !== what) return;
					const outcome = attempt(() => match(event));
					if ('error' in outcome) {
						stop();
						reject(outcome.error);
					} else if (outcome.value) {
						stop();
						resolve(event);
					}
				};
				stop = () => {
					timer.cancel();
					this.listeners.delete(listener);
				};
				this.listeners.add(listener);
			}
		});
	}

	idle(): Promise<void> {
		return this.engine.idle();
	}

	async reset(): Promise<void> {
		await this.engine.stop();
		this.state.reset();
		for (const menuid of [...this.state.campaigns.keys()]) this.state.removeCampaign(menuid);
		for (const campaign of this.options.campaigns ?? ['1-1234']) this.addCampaign(campaign);
		this.settings = initialConfig(this.options);
		this.outcomes.set(this.options.outcomes ?? {});
		this.faults.clear();
		await this.syncPrimary();
		this.log('reset');
	}

	async close(): Promise<void> {
		this.closing.abort();
		this.engine.close();
		await this.engine.idle();
		this.checkQueued?.cancel();
		await this.primaryChange;
		await Promise.all([this.main?.close(), this.primary?.close()]);
		this.primary = undefined;
	}

	/** Closes the primary listener while a `refuse` fault is set, reopens it on the same port after. */
	private syncPrimary(): Promise<void> {
		const change = this.primaryChange.then(async () => {
			if (this.primaryPortNumber === undefined || this.closing.signal.aborted) return;
			if (this.faults.refusing && this.primary) {
				await this.primary.close();
				this.primary = undefined;
				this.log(
					`primary listener closed: connections to port ${this.primaryPortNumber} are refused`,
				);
			} else if (!this.faults.refusing && !this.primary) {
				this.primary = await listen(
					this.handler('primary'),
					this.primaryPortNumber,
					this.options.host ?? '127.0.0.1',
				);
				this.log(`primary listener back on port ${this.primaryPortNumber}`);
			}
		});
		// A failed reopen (port taken meanwhile) is reported to this caller and logged; the next change still runs.
		this.primaryChange = change.catch((error: unknown) =>
			this.log(`primary listener: ${describeError(error)}`),
		);
		return change;
	}

	private handler(listener: 'main' | 'primary') {
		return (request: IncomingMessage, response: ServerResponse) => {
			this.route(listener, request, response).catch((error: unknown) => {
				this.log(
					`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
				);
				if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
				response.end('simulator internal error');
			});
		};
	}

	private async route(
		listener: 'main' | 'primary',
		request: IncomingMessage,
		response: ServerResponse,
	): Promise<void> {
		const path = (request.url ?? '/').split('?')[0];
		if (path.toLowerCase() === API_PATH) return await this.serveApi(listener, request, response);
		if (listener === 'main' && (path === CONTROL_PREFIX || path.startsWith(CONTROL_PREFIX + '/'))) {
			const body = await readBody(request);
			return await handleControl(
				this,
				request.method ?? 'GET',
				request.url ?? '/',
				body.bytes,
				response,
			);
		}
		response.writeHead(404, { 'content-type': 'text/plain' });
		response.end(
			`Not found. VoiceShot's API is POST ${API_PATH}; the simulator's control API is under ${CONTROL_PREFIX}/ (main listener).`,
		);
	}

	private remoteOf(request: IncomingMessage): string {
		const forwarded = request.headers['x-forwarded-for'];
		if (
			this.settings.trustForwardedFor &&
			typeof forwarded === 'string' &&
			forwarded.trim() !== ''
		) {
			return forwarded.split(',')[0].trim();
		}
		return (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
	}

	private async serveApi(
		listener: 'main' | 'primary',
		request: IncomingMessage,
		response: ServerResponse,
	): Promise<void> {
		const started = Date.now();
		let fault = this.faults.take(listener);
		const entry = this.state.logRequest({
			at: new Date(this.now()).toISOString(),
			listener,
			remote: this.remoteOf(request),
			method: request.method ?? 'POST',
			path: request.url ?? API_PATH,
			bytes: 0,
			body: '',
			fault: fault ? fault.type : undefined,
		});
		const done = (httpStatus: number | undefined) => {
			entry.httpStatus = httpStatus;
			entry.durationMs = Date.now() - started;
			this.log(
				`${listener === 'primary' ? 'primary ' : ''}${entry.method} ${entry.path} from ${entry.remote}` +
					(entry.kind
						? ` ${entry.kind}`
						: entry.action !== undefined
							? ` action=${entry.action}`
							: '') +
					(entry.errorid !== undefined ? ` → errorid ${entry.errorid} ${entry.comment}` : '') +
					(entry.detail ? ` (${entry.detail})` : '') +
					(fault ? ` [fault ${fault.type}]` : '') +
					(httpStatus === undefined
						? ' [connection dropped]'
						: httpStatus !== 200
							? ` [HTTP ${httpStatus}]`
							: '') +
					` ${entry.durationMs} ms`,
			);
			this.emit({ type: 'request', entry });
		};
		if (fault?.type === 'dropBeforeRead') {
			request.socket.destroy();
			return done(undefined);
		}
		const body = await readBody(request);
		entry.bytes = body.size;
		entry.body = body.bytes.toString('utf8', 0, Math.min(body.bytes.length, LOGGED_BODY_CHARS));
		if (body.size > LOGGED_BODY_CHARS) entry.truncated = true;
		if (!fault && this.faults.byAction) {
			fault = this.faults.take(listener, actionOf(entry.body));
			if (fault) entry.fault = fault.type;
			if (fault?.type === 'dropBeforeRead') {
				request.socket.destroy();
				return done(undefined);
			}
		}
		if (fault?.type === 'delay') await sleep(fault.ms, this.closing.signal);
		if (fault?.type === 'status') {
			if (fault.process) this.process(entry, body);
			const status = fault.status ?? 503;
			response.writeHead(status, { 'content-type': 'text/html' });
			response.end(
				fault.body ?? `<html><body><h1>${status} Service Unavailable</h1></body></html>`,
			);
			return done(status);
		}
		if (fault?.type === 'errorid') {
			entry.errorid = fault.errorid;
			entry.comment = fault.comment ?? ERROR_COMMENTS[fault.errorid] ?? 'Unknown error.';
			return done(
				this.reply(
					response,
					encodeReply({
						kind: 'result',
						errorid: entry.errorid,
						comment: entry.comment,
						attributes: {},
					}),
				),
			);
		}
		const processes =
			!(fault?.type === 'dropAfterRead' || fault?.type === 'malformed') || fault.process !== false;
		const xml = processes ? this.process(entry, body) : '';
		if (fault?.type === 'dropAfterRead') {
			request.socket.destroy();
			return done(undefined);
		}
		if (fault?.type === 'malformed') {
			return done(this.reply(response, fault.body ?? '<campaign errorid="0" comment="ok"'));
		}
		if (fault?.type === 'slowReply') await sleep(fault.ms, this.closing.signal);
		done(this.reply(response, xml));
	}

	private reply(response: ServerResponse, xml: string): number | undefined {
		// A client that gave up (a timeout) has closed the connection: nothing reaches it.
		if (response.destroyed) return undefined;
		response.writeHead(200, {
			'content-type': 'text/xml; charset=utf-8',
			'cache-control': 'private',
		});
		response.end(xml);
		return 200;
	}

	/** Reads a request as VoiceShot does and applies it; fills the log entry; returns the reply XML. */
	private process(entry: RequestLogEntry, body: { bytes: Buffer; size: number }): string {
		let outcome: { xml: string; errorid: number; comment: string; detail?: string; kind?: string };
		if (
			this.settings.registeredIps.length > 0 &&
			!this.settings.registeredIps.includes(entry.remote)
		) {
			const refused = rejection(1, `${entry.remote} is not among the registered IPs`);
			outcome = {
				...refused,
				xml: encodeReply({ kind: 'result', errorid: 1, comment: refused.comment, attributes: {} }),
			};
		} else if (body.size > MAX_BODY_BYTES) {
			const refused = rejection(3, `the body is larger than ${MAX_BODY_BYTES} bytes`);
			outcome = {
				...refused,
				xml: encodeReply({ kind: 'result', errorid: 3, comment: refused.comment, attributes: {} }),
			};
		} else {
			const checked = checkRequest(body.bytes, {
				knowsMenuid: (menuid) => this.state.campaigns.has(menuid),
				channelOf: (menuid) => this.state.campaigns.get(menuid)?.channel,
				login: this.settings.login,
				requireCallerId: this.settings.requireCallerId,
				timezoneOffsetMinutes: this.settings.timezoneOffsetMinutes,
			});
			entry.action = checked.action;
			if (!checked.ok) {
				const { errorid, comment, detail } = checked.rejection;
				outcome = {
					errorid,
					comment,
					detail,
					xml: encodeReply({ kind: 'result', errorid, comment, attributes: {} }),
				};
			} else {
				const applied = applyRequest(checked.request, {
					state: this.state,
					engine: this.engine,
					now: this.now(),
					timezoneOffsetMinutes: this.settings.timezoneOffsetMinutes,
					requestId: entry.id,
					queryListsPending: this.settings.queryListsPending,
				});
				const reply = applied.reply;
				outcome = {
					xml: encodeReply(reply),
					errorid: reply.kind === 'result' ? reply.errorid : 0,
					comment: reply.kind === 'result' ? reply.comment : 'call query result',
					detail: applied.note,
					kind: checked.request.kind,
				};
			}
		}
		entry.errorid = outcome.errorid;
		entry.comment = outcome.comment;
		entry.detail = outcome.detail;
		entry.kind = outcome.kind;
		return outcome.xml;
	}
}

/** The action of a request body, read loosely (the checks come later): for faults by action. */
function actionOf(body: string): string | undefined {
	return /<campaign\b[^>]*?\baction\s*=\s*["']\s*([0-9]+)\s*["']/i.exec(body)?.[1];
}

/** Runs fn; its exception comes back as a value, so that a caller's bad predicate rejects a wait instead of crashing a timer. */
function attempt<T>(fn: () => T): { value: T } | { error: unknown } {
	try {
		return { value: fn() };
	} catch (error) {
		return { error };
	}
}

function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function initialConfig(options: SimulatorOptions): SimulatorConfig {
	return {
		callDelayMs:
			options.callDelayMs === undefined
				? 50
				: options.callDelayMs === 'manual'
					? null
					: options.callDelayMs,
		registeredIps: [...(options.registeredIps ?? [])],
		login: options.login,
		requireCallerId: options.requireCallerId ?? false,
		queryListsPending: options.queryListsPending ?? true,
		trustForwardedFor: options.trustForwardedFor ?? false,
		timezoneOffsetMinutes: options.timezoneOffsetMinutes,
		callbacks: { ...(options.callbacks ?? {}) },
	};
}

function urlHost(host: string): string {
	return host.includes(':') ? `[${host}]` : host;
}

/** The whole body (a too-large one is drained and reported by size only). */
function readBody(request: IncomingMessage): Promise<{ bytes: Buffer; size: number }> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		request.on('end', () =>
			resolve({ bytes: size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : Buffer.alloc(0), size }),
		);
		request.on('error', () => resolve({ bytes: Buffer.concat(chunks), size }));
		request.on('aborted', () => resolve({ bytes: Buffer.concat(chunks), size }));
	});
}

/** Starts a simulator; with no port given it listens on ephemeral loopback ports. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const simulator = new SimulatorServer(options);
	await simulator.start();
	return simulator;
}
