/**
 * Placing calls: a scheduler that dials each due call of an unpaused campaign and completes it
 * after the call delay; the call itself (outcome, keypress events and the call commands they
 * get back, the summary); inbound calls and texts; the callback poster.
 */
import {
	decodeCallCommand,
	isVoiceShotXmlError,
	type CallCommand,
	type VoiceShotPost,
} from '../nodes/shared/xml';
import { encodePost } from './codec';
import { defaultDuration, reportOf, type Outcomes } from './outcomes';
import { later, soon, type Cancel } from './platform';
import type { CallFilter, SimState } from './state';
import { formatDateAndTime } from './time';
import type {
	CallbackConfig,
	CallbackLogEntry,
	CallResult,
	OutcomeSpec,
	SimCall,
	SimEvent,
} from './types';
import { silentWav } from './wav';

export interface EngineHost {
	readonly state: SimState;
	readonly outcomes: Outcomes;
	now(): number;
	/** null: manual mode, calls complete only when asked. */
	callDelayMs(): number | null;
	callbackDefaults(): CallbackConfig;
	timezoneOffsetMinutes(): number | undefined;
	emit(event: SimEvent): void;
	log(line: string): void;
}

/** A binary min-heap: the next call due, the next call to complete. */
class Heap<T> {
	private items: T[] = [];
	constructor(private readonly before: (a: T, b: T) => boolean) {}

	get size(): number {
		return this.items.length;
	}

	peek(): T | undefined {
		return this.items[0];
	}

	push(item: T): void {
		const items = this.items;
		items.push(item);
		let index = items.length - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (!this.before(items[index], items[parent])) break;
			[items[index], items[parent]] = [items[parent], items[index]];
			index = parent;
		}
	}

	pop(): T | undefined {
		const items = this.items;
		const top = items[0];
		const last = items.pop();
		if (items.length > 0 && last !== undefined) {
			items[0] = last;
			let index = 0;
			for (;;) {
				const left = index * 2 + 1;
				const right = left + 1;
				let smallest = index;
				if (left < items.length && this.before(items[left], items[smallest])) smallest = left;
				if (right < items.length && this.before(items[right], items[smallest])) smallest = right;
				if (smallest === index) break;
				[items[index], items[smallest]] = [items[smallest], items[index]];
				index = smallest;
			}
		}
		return top;
	}

	clear(): void {
		this.items = [];
	}
}

/** Calls dialed or completed per slice of the event loop: a 10,000-number send never blocks it long. */
const SLICE = 500;
/** A call command loop (goto back and forth) ends after this many prompts. */
const MAX_PROMPT_VISITS = 50;

export interface InboundCallSpec {
	menuid?: string;
	callerid?: string;
	dnis?: string;
	callid?: string;
	/** Prompts of the call flow, in order. Default: the keys of `keypresses`. */
	prompts?: string[];
	keypresses?: Record<string, string>;
	durationSeconds?: number;
	recording?: OutcomeSpec['recording'];
}

export interface InboundSmsSpec {
	menuid?: string;
	callerid?: string;
	txt: string;
	callid?: string;
}

export class CallbackSender {
	private inFlight = 0;
	private readonly waiting: Array<() => void> = [];
	private abort = new AbortController();
	private generation = 0;

	constructor(
		private readonly host: EngineHost,
		private readonly timeoutMs: number,
		private readonly concurrency: number,
	) {}

	/** Posts raw XML to the campaign's URL; resolves with the log entry (undefined when no URL is set). */
	async post(
		target: 'events' | 'summary',
		config: CallbackConfig,
		post: VoiceShotPost,
		callId?: string,
	): Promise<CallbackLogEntry | undefined> {
		const url = target === 'events' ? config.eventsUrl : config.summaryUrl;
		if (!url || this.abort.signal.aborted) return undefined;
		const generation = this.generation;
		const xml = encodePost(post);
		if (this.inFlight >= this.concurrency)
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		if (generation !== this.generation || this.abort.signal.aborted) {
			this.waiting.shift()?.();
			return undefined;
		}
		this.inFlight++;
		const started = Date.now();
		const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' };
		if (config.username && config.password !== undefined) {
			headers.authorization =
				'Basic ' + Buffer.from(`${config.username}:${config.password}`, 'utf8').toString('base64');
		}
		const fields = {
			at: new Date(this.host.now()).toISOString(),
			target,
			kind: post.kind,
			url,
			menuid: post.menuid,
			callid: post.callid,
			callId,
			xml,
			authorization: headers.authorization,
		};
		let outcome: { status: number; responseBody: string } | { error: string };
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers,
				body: xml,
				signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.timeoutMs)]),
			});
			outcome = { status: response.status, responseBody: await response.text() };
		} catch (error) {
			outcome = { error: describe(error) };
		} finally {
			this.inFlight--;
			this.waiting.shift()?.();
		}
		const entry = this.host.state.logCallback({
			...fields,
			...outcome,
			durationMs: Date.now() - started,
		});
		this.host.log(
			`callback ${target} ${post.kind} menuid=${post.menuid} callid=${post.callid} → ${url} ` +
				('error' in outcome ? `failed: ${outcome.error}` : `${outcome.status}`) +
				` (${entry.durationMs} ms)`,
		);
		this.host.emit({ type: 'callback', entry });
		return entry;
	}

	/** Aborts the posts in flight and drops the queued ones (reset); later posts go out as usual. */
	interrupt(): void {
		this.generation++;
		this.abort.abort();
		this.abort = new AbortController();
		for (const resolve of this.waiting.splice(0)) resolve();
	}

	close(): void {
		this.generation++;
		this.abort.abort();
		for (const resolve of this.waiting.splice(0)) resolve();
	}
}

function describe(error: unknown): string {
	if (error instanceof Error) {
		const cause = (error as Error & { cause?: unknown }).cause;
		return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
	}
	return String(error);
}

function readCommand(body: string): { command: CallCommand } | { error: string } {
	try {
		return { command: decodeCallCommand(body) };
	} catch (error) {
		return { error: isVoiceShotXmlError(error) ? error.message : describe(error) };
	}
}

export class CallEngine {
	private readonly due = new Heap<SimCall>(
		(a, b) => a.scheduledAt < b.scheduledAt || (a.scheduledAt === b.scheduledAt && a.seq < b.seq),
	);
	private readonly dialing = new Heap<SimCall>(
		(a, b) =>
			(a.completeAt ?? 0) < (b.completeAt ?? 0) || (a.completeAt === b.completeAt && a.seq < b.seq),
	);
	private timer?: Cancel;
	private timerAt = Infinity;
	private sliceQueued?: Cancel;
	private readonly running = new Set<Promise<void>>();
	private closed = false;
	private inboundSeq = 0;

	constructor(
		private readonly host: EngineHost,
		private readonly sender: CallbackSender,
	) {}

	/** New calls from a send. In manual mode they wait for dial()/complete(). */
	enqueue(calls: SimCall[]): void {
		if (this.host.callDelayMs() === null) return;
		for (const call of calls) this.due.push(call);
		this.wake();
	}

	/** A campaign resumed: its held calls go back to the queue. */
	release(calls: SimCall[]): void {
		for (const call of calls) call.held = false;
		this.enqueue(calls.filter((call) => call.status === 'pending'));
	}

	/** The call delay changed: leaving manual mode queues every pending call. */
	modeChanged(): void {
		this.due.clear();
		if (this.host.callDelayMs() === null) return;
		const pending = this.host.state
			.findCalls({ status: 'pending', direction: 'outbound' })
			.filter((call) => !call.held);
		this.enqueue(pending);
	}

	/** Marks matching pending calls as dialing (they can no longer be deleted). `force` ignores schedule and pause. */
	dial(filter: CallFilter, force = false): SimCall[] {
		const now = this.host.now();
		const calls = this.host.state
			.findCalls({ ...filter, status: 'pending', direction: 'outbound' })
			.filter(
				(call) =>
					force || (call.scheduledAt <= now && !this.host.state.campaigns.get(call.menuid)?.paused),
			);
		for (const call of calls) this.startDialing(call, now, Infinity);
		return calls;
	}

	/** Completes matching pending or dialing calls now; resolves when their callbacks are done. */
	async complete(filter: CallFilter, force = false): Promise<SimCall[]> {
		const now = this.host.now();
		const calls = this.host.state
			.findCalls({ ...filter, status: ['pending', 'dialing'], direction: 'outbound' })
			.filter(
				(call) =>
					force ||
					call.status === 'dialing' ||
					(call.scheduledAt <= now && !this.host.state.campaigns.get(call.menuid)?.paused),
			);
		await Promise.all(calls.map((call) => this.track(this.runOutbound(call))));
		return calls;
	}

	/** Resolves when no call is being completed. */
	async idle(): Promise<void> {
		while (this.running.size > 0) await Promise.all([...this.running]);
	}

	/** Calls dialed but not completed, and calls due but not dialed. */
	get backlog(): { due: number; dialing: number; running: number } {
		return { due: this.due.size, dialing: this.dialing.size, running: this.running.size };
	}

	/** Stops placing calls, cuts the callbacks in flight, and waits for the calls being completed. */
	async stop(): Promise<void> {
		this.clear();
		this.sender.interrupt();
		await this.idle();
	}

	clear(): void {
		this.due.clear();
		this.dialing.clear();
		this.timer?.cancel();
		this.timer = undefined;
		this.timerAt = Infinity;
	}

	close(): void {
		this.closed = true;
		this.clear();
		this.sliceQueued?.cancel();
		this.sender.close();
	}

	private track(job: Promise<void>): Promise<void> {
		this.running.add(job);
		const done = job.then(
			() => this.running.delete(job),
			(error: unknown) => {
				this.running.delete(job);
				this.host.log(`call failed inside the simulator: ${describe(error)}`);
			},
		);
		return done.then(() => undefined);
	}

	private startDialing(call: SimCall, now: number, completeAt: number): void {
		call.status = 'dialing';
		call.dialedAt = now;
		call.completeAt = completeAt;
		this.host.emit({ type: 'callDialing', call });
	}

	/** Arms the timer for the next due or completing call. */
	private wake(): void {
		if (this.closed || this.sliceQueued) return;
		// A call deleted before its time leaves nothing to wait for.
		while (this.due.peek() && this.due.peek()?.status !== 'pending') this.due.pop();
		const next = Math.min(
			this.due.peek()?.scheduledAt ?? Infinity,
			this.dialing.peek()?.completeAt ?? Infinity,
		);
		if (next === Infinity || next >= this.timerAt) return;
		this.timer?.cancel();
		this.timerAt = next;
		this.timer = later(() => {
			this.timer = undefined;
			this.timerAt = Infinity;
			this.slice();
		}, next - this.host.now());
	}

	/** Dials and completes up to SLICE calls whose time has come, then yields. */
	private slice(): void {
		this.sliceQueued = undefined;
		if (this.closed) return;
		const now = this.host.now();
		const delay = this.host.callDelayMs();
		let budget = SLICE;
		while (budget > 0 && delay !== null) {
			const call = this.due.peek();
			if (!call || call.scheduledAt > now) break;
			this.due.pop();
			if (call.status !== 'pending') continue;
			budget--;
			if (this.host.state.campaigns.get(call.menuid)?.paused) {
				call.held = true;
				this.host.state.campaigns.get(call.menuid)?.held.push(call);
				continue;
			}
			call.outcome = this.host.outcomes.resolve(call);
			this.startDialing(call, now, now + (call.outcome.ringMs ?? delay));
			this.dialing.push(call);
		}
		while (budget > 0) {
			const call = this.dialing.peek();
			if (!call || (call.completeAt ?? Infinity) > now) break;
			this.dialing.pop();
			if (call.status !== 'dialing') continue;
			budget--;
			void this.track(this.runOutbound(call));
		}
		if (budget === 0) this.sliceQueued = soon(() => this.slice());
		else this.wake();
	}

	private async runOutbound(call: SimCall): Promise<void> {
		if (call.status === 'completed' || call.status === 'deleted') return;
		const now = this.host.now();
		if (call.status === 'pending') this.startDialing(call, now, now);
		call.status = 'dialing';
		const outcome = call.outcome ?? this.host.outcomes.resolve(call);
		const answer = outcome.answer ?? 'human';
		const report = reportOf(answer, call.channel);
		const result = newResult(outcome, report, call.channel === 'sms' ? 0 : defaultDuration(answer));
		const config = this.host.state.callbacksFor(call.menuid, this.host.callbackDefaults());
		if (call.channel === 'voice' && report.answered) {
			const order = promptOrder(
				call.prompts.map((prompt) => prompt.promptid ?? ''),
				outcome.keypresses,
			);
			await this.walkPrompts(
				call,
				order,
				answer === 'human' ? (outcome.keypresses ?? {}) : {},
				result,
				config,
			);
			addRecording(call, outcome, result);
		}
		this.finish(call, result);
		const dateandtime = formatDateAndTime(
			call.completedAt ?? now,
			this.host.timezoneOffsetMinutes(),
		);
		const common = {
			menuid: call.menuid,
			callid: call.callid,
			phonenumber: call.number,
			status: result.status,
			comment: result.comment,
			dateandtime,
			attributes: {},
		};
		await this.sender.post(
			'summary',
			config,
			call.channel === 'sms'
				? { kind: 'smsSummary', direction: 'outbound', texts: [], ...common }
				: {
						kind: 'callSummary',
						direction: 'outbound',
						duration: result.durationSeconds,
						prompts: result.prompts,
						recordings: result.recordings,
						...common,
					},
			call.id,
		);
	}

	private finish(call: SimCall, result: CallResult): void {
		call.result = result;
		call.status = 'completed';
		call.completedAt = this.host.now();
		const party =
			call.direction === 'inbound' ? `from=${call.callerid ?? ''}` : `number=${call.number}`;
		const what =
			call.direction === 'inbound'
				? call.channel === 'sms'
					? 'text received'
					: 'answered and hung up'
				: `${result.status} ${result.comment}`.trim();
		this.host.log(
			`${call.channel === 'sms' ? 'text' : 'call'} ${call.id} ${call.direction} menuid=${call.menuid} callid=${call.callid} ${party} → ${what}` +
				(result.prompts.some((prompt) => prompt.keypress !== '')
					? ` keys ${result.prompts.map((prompt) => `${prompt.promptid}:${prompt.keypress}`).join(' ')}`
					: ''),
		);
		this.host.emit({ type: 'callCompleted', call });
	}

	/** Plays the prompts in order, posting a keypress event where keys are pressed and following the call command that answers it. */
	private async walkPrompts(
		call: SimCall,
		order: string[],
		keys: Record<string, string>,
		result: CallResult,
		config: CallbackConfig,
	): Promise<void> {
		let index = 0;
		let current: string | undefined = order[0];
		for (let visits = 0; current !== undefined && visits < MAX_PROMPT_VISITS; visits++) {
			const pressed: string | undefined = keys[current];
			result.prompts.push({ promptid: current, keypress: pressed ?? '', attributes: {} });
			let jump: string | undefined;
			if (pressed !== undefined && config.eventsUrl) {
				const entry = await this.sender.post(
					'events',
					config,
					{
						kind: 'keypress',
						menuid: call.menuid,
						callid: call.callid,
						promptid: current,
						keypress: pressed,
						attributes: {},
					},
					call.id,
				);
				const body = entry?.responseBody ?? '';
				if (
					entry?.status !== undefined &&
					entry.status >= 200 &&
					entry.status < 300 &&
					body.trim() !== ''
				) {
					const read = readCommand(body);
					if ('error' in read) {
						result.commandErrors.push(read.error);
					} else if (Object.keys(read.command).length > 0) {
						const command = read.command;
						result.commands.push({ promptid: current, command });
						if (command.dtmf) result.played.push(`dtmf:${command.dtmf}`);
						if (command.tts) result.played.push(`tts:${command.tts}`);
						if (command.filename) result.played.push(`file:${command.filename}`);
						if (command.transferto) {
							result.transferredTo = command.transferto;
							return;
						}
						jump = command.goto;
					}
				}
			}
			if (jump !== undefined) {
				const at = order.indexOf(jump);
				index = at >= 0 ? at : Infinity;
				current = jump;
			} else {
				index++;
				current = order[index];
			}
		}
	}

	/** An inbound call: answer event, keypress events, hang-up event, then the summary. */
	async inboundCall(spec: InboundCallSpec): Promise<SimCall> {
		const now = this.host.now();
		const menuid = spec.menuid ?? this.firstMenuid();
		const keys = spec.keypresses ?? {};
		const order = spec.prompts ?? Object.keys(keys);
		const call = this.host.state.newCall({
			direction: 'inbound',
			channel: 'voice',
			menuid,
			callid: spec.callid ?? String(++this.inboundSeq + 213154),
			number: spec.dnis ?? '8005550100',
			callerid: spec.callerid ?? '8185550100',
			prompts: order.map((promptid) => ({ promptid })),
			scheduledAt: now,
			queuedAt: now,
		});
		const job = (async () => {
			this.startDialing(call, now, now);
			const config = this.host.state.callbacksFor(menuid, this.host.callbackDefaults());
			const common = { menuid, callid: call.callid, attributes: {} };
			await this.sender.post(
				'events',
				config,
				{ kind: 'answer', action: 4, callerid: call.callerid, dnis: call.number, ...common },
				call.id,
			);
			const outcome: OutcomeSpec = {
				answer: 'human',
				keypresses: keys,
				durationSeconds: spec.durationSeconds ?? 25,
				recording: spec.recording,
			};
			const result = newResult(outcome, { status: '', comment: '' }, 25);
			await this.walkPrompts(call, order, keys, result, config);
			addRecording(call, outcome, result);
			await this.sender.post(
				'events',
				config,
				{ kind: 'hangup', action: 5, duration: result.durationSeconds, ...common },
				call.id,
			);
			this.finish(call, result);
			await this.sender.post(
				'summary',
				config,
				{
					kind: 'callSummary',
					direction: 'inbound',
					callerid: call.callerid,
					duration: result.durationSeconds,
					dateandtime: formatDateAndTime(
						call.completedAt ?? now,
						this.host.timezoneOffsetMinutes(),
					),
					prompts: result.prompts,
					recordings: result.recordings,
					...common,
				},
				call.id,
			);
		})();
		await this.track(job);
		return call;
	}

	/** A text message arriving: the SMS summary with its `txt`. */
	async inboundSms(spec: InboundSmsSpec): Promise<SimCall> {
		const now = this.host.now();
		const menuid = spec.menuid ?? this.firstMenuid();
		const call = this.host.state.newCall({
			direction: 'inbound',
			channel: 'sms',
			menuid,
			callid: spec.callid ?? String(++this.inboundSeq + 969),
			number: '',
			callerid: spec.callerid ?? '8185550100',
			prompts: [{ txt: spec.txt }],
			scheduledAt: now,
			queuedAt: now,
		});
		const result = newResult({}, { status: '', comment: '' }, 0);
		this.finish(call, result);
		const config = this.host.state.callbacksFor(menuid, this.host.callbackDefaults());
		await this.track(
			this.sender
				.post(
					'summary',
					config,
					{
						kind: 'smsSummary',
						direction: 'inbound',
						menuid,
						callid: call.callid,
						callerid: call.callerid,
						texts: [spec.txt],
						attributes: {},
					},
					call.id,
				)
				.then(() => undefined),
		);
		return call;
	}

	/** What VoiceShot's Test button sends. */
	async testPost(
		menuid: string,
		target: 'events' | 'summary',
	): Promise<CallbackLogEntry | undefined> {
		const config = this.host.state.callbacksFor(menuid, this.host.callbackDefaults());
		return await this.sender.post(target, config, {
			kind: 'test',
			action: 5,
			comment: 'Test',
			menuid,
			callid: '0',
			attributes: {},
		});
	}

	private firstMenuid(): string {
		return this.host.state.campaigns.keys().next().value ?? '1-1234';
	}
}

function newResult(
	outcome: OutcomeSpec,
	report: { status: string; comment: string },
	duration: number,
): CallResult {
	return {
		status: outcome.status ?? report.status,
		comment: outcome.comment ?? report.comment,
		answer: outcome.answer ?? 'human',
		durationSeconds: outcome.durationSeconds ?? duration,
		prompts: [],
		recordings: [],
		commands: [],
		played: [],
		commandErrors: [],
	};
}

/** The call's promptids in order, without repeats; with none, the prompts the outcome presses keys at. */
function promptOrder(
	promptids: string[],
	keypresses: Record<string, string> | undefined,
): string[] {
	const order = [...new Set(promptids.filter((promptid) => promptid !== ''))];
	return order.length > 0 ? order : Object.keys(keypresses ?? {});
}

function addRecording(call: SimCall, outcome: OutcomeSpec, result: CallResult): void {
	if (!outcome.recording) return;
	const given = typeof outcome.recording === 'object' ? outcome.recording : {};
	result.recordings.push({
		promptid: given.promptid ?? result.prompts[result.prompts.length - 1]?.promptid ?? '1',
		filename: given.filename ?? `${call.callid || call.id}.wav`,
		base64: given.base64 ?? silentWav().toString('base64'),
		attributes: {},
	});
}
