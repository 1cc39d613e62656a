import type { CallCommand, Prompt, PromptKeypress, Recording } from '../nodes/shared/xml';

/** Where VoiceShot posts a campaign's call events and call summaries. */
export interface CallbackConfig {
	/** The Call Events URL: keypresses, and answer / hang-up of inbound calls. */
	eventsUrl?: string;
	/** The Call Summary URL: one post at the end of each call. */
	summaryUrl?: string;
	/** HTTP basic auth sent with every callback when both are set. */
	username?: string;
	password?: string;
}

export interface CampaignConfig extends CallbackConfig {
	menuid: string;
	/** A voice or a text-message campaign: a send of the other kind is refused (errorid 19). Unset: either. */
	channel?: 'voice' | 'sms';
}

/** How a call ends. */
export type Answer = 'human' | 'machine' | 'busy' | 'noanswer' | 'failed';

export interface OutcomeSpec {
	/** Default `human`. An SMS takes `human` (delivered) or `failed`. */
	answer?: Answer;
	/** Keys pressed at each prompt, by promptid (human answers only). `''` posts an empty keypress. */
	keypresses?: Record<string, string>;
	/** Length of the call in seconds, as reported. Default: 15 human, 20 machine, 0 otherwise. */
	durationSeconds?: number;
	/**
	 * A voicemail recording in the summary. `true`: a small generated WAV at the last prompt
	 * (file name `<callid or id>.wav`). Or give the file name, base64 content and prompt.
	 */
	recording?: boolean | { filename?: string; base64?: string; promptid?: string };
	/**
	 * How long the call rings (reads as dialing) before it ends, in ms. Default: the simulator's call
	 * delay. Not in manual mode, where calls end when asked.
	 */
	ringMs?: number;
	/** Override what the call query and summary say. */
	status?: string;
	comment?: string;
}

/**
 * Which outcome a call gets, first match wins: byCallid, byNumber, then the next of `sequence`
 * (consumed one per call), then `default`, then a human answer with no keys.
 */
export interface OutcomeScript {
	default?: OutcomeSpec;
	byNumber?: Record<string, OutcomeSpec>;
	byCallid?: Record<string, OutcomeSpec>;
	sequence?: OutcomeSpec[];
}

export type CallStatus = 'pending' | 'dialing' | 'completed' | 'deleted';

export interface CommandRecord {
	/** The prompt whose keypress event the command answered. */
	promptid: string;
	command: CallCommand;
}

export interface CallResult {
	status: string;
	comment: string;
	answer: Answer;
	durationSeconds: number;
	/** Prompts visited, with the keys pressed (`''` when none). */
	prompts: PromptKeypress[];
	recordings: Recording[];
	/** Call commands the Call Events URL answered with, in order. */
	commands: CommandRecord[];
	/** Text spoken by a command (`tts`) or files it played, in order. */
	played: string[];
	transferredTo?: string;
	/** Replies to keypress events that were not a valid call command. */
	commandErrors: string[];
}

export interface SimCall {
	/** The simulator's own id (`c1`, `c2`, …); VoiceShot has none. */
	id: string;
	seq: number;
	direction: 'outbound' | 'inbound';
	channel: 'voice' | 'sms';
	menuid: string;
	/** The callid the sender chose ('' when none). */
	callid: string;
	number: string;
	callerid?: string;
	ext?: string;
	/** As sent. */
	dateandtime?: string;
	prompts: Prompt[];
	/** Epoch ms: when the call may be dialed. */
	scheduledAt: number;
	queuedAt: number;
	status: CallStatus;
	dialedAt?: number;
	completeAt?: number;
	completedAt?: number;
	/** Held back because its campaign was paused when its time came. */
	held?: boolean;
	/** The outcome it got when it was dialed (the script is read once per call). */
	outcome?: OutcomeSpec;
	result?: CallResult;
	/** Id of the request that queued it. */
	requestId?: number;
}

export interface StoredFile {
	filename: string;
	bytes: Buffer;
	savedAt: number;
}

export interface RequestLogEntry {
	id: number;
	at: string;
	listener: 'main' | 'primary';
	remote: string;
	method: string;
	path: string;
	bytes: number;
	/** The body as text, cut at 64 KiB (`truncated` then). */
	body: string;
	truncated?: boolean;
	action?: string;
	kind?: string;
	errorid?: number;
	comment?: string;
	/** Why the request was refused, in the simulator's words. */
	detail?: string;
	fault?: string;
	/** HTTP status sent; undefined when the connection was dropped. */
	httpStatus?: number;
	durationMs?: number;
}

export interface CallbackLogEntry {
	id: number;
	at: string;
	target: 'events' | 'summary';
	/** The post's kind: keypress, answer, hangup, test, callSummary, smsSummary. */
	kind: string;
	url: string;
	menuid: string;
	callid: string;
	/** The simulator's call id, when a call made the post. */
	callId?: string;
	xml: string;
	/** The Authorization header sent, if any. */
	authorization?: string;
	status?: number;
	responseBody?: string;
	error?: string;
	durationMs?: number;
}

/** What every fault but `refuse` may say: how often, on which listener, for which action. */
interface FaultScope {
	times?: number;
	target?: FaultTarget;
	/** Only requests with this action (e.g. `'0'`, a send); the body is then read before the fault acts. */
	action?: string;
}

export type FaultSpec =
	| ({ type: 'delay'; ms: number } & FaultScope)
	| ({ type: 'slowReply'; ms: number } & FaultScope)
	| ({ type: 'status'; status?: number; body?: string; process?: boolean } & FaultScope)
	| ({ type: 'dropBeforeRead' } & FaultScope)
	| ({ type: 'dropAfterRead'; process?: boolean } & FaultScope)
	| ({ type: 'malformed'; body?: string; process?: boolean } & FaultScope)
	| ({ type: 'errorid'; errorid: number; comment?: string } & FaultScope)
	| { type: 'refuse' };

/** Which listener a fault hits: `main` (sim.url), `primary` (sim.primaryUrl) or both (default). */
export type FaultTarget = 'any' | 'main' | 'primary';

export type SimEvent =
	| { type: 'request'; entry: RequestLogEntry }
	| { type: 'callback'; entry: CallbackLogEntry }
	| { type: 'callDialing'; call: SimCall }
	| { type: 'callCompleted'; call: SimCall };

export type SimEventType = SimEvent['type'];

export interface SimulatorOptions {
	/** Port of the main listener (sim.url, the control API). 0, the default: an ephemeral port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/**
	 * Port of a second listener serving the same API (sim.primaryUrl), the one the `refuse`
	 * fault closes. 0 (default): ephemeral; false: none.
	 */
	primaryPort?: number | false;
	/** Campaigns (menuids) VoiceShot knows. Default `['1-1234']`. */
	campaigns?: Array<string | CampaignConfig>;
	/** Callback URLs and auth for every campaign that sets none of its own. */
	callbacks?: CallbackConfig;
	/** Delay between a call's time coming and its completion. Default 50. null or 'manual': calls complete only when asked. */
	callDelayMs?: number | null | 'manual';
	outcomes?: OutcomeScript;
	/** When set, requests from other addresses get errorid 1. */
	registeredIps?: string[];
	/** When set, a request whose `<campaign username password>` differ gets errorid 1. */
	login?: { username: string; password: string };
	/** Refuse (errorid 9) a voice send with no caller ID on the campaign or the number. Default false. */
	requireCallerId?: boolean;
	/**
	 * Whether the call query (action 3) lists calls not yet dialing (pending or paused). VoiceShot
	 * does not document it. Default true; false: only dialing and finished calls are listed.
	 */
	queryListsPending?: boolean;
	/** Take the remote address from X-Forwarded-For (to test registered IPs from loopback). Default false. */
	trustForwardedFor?: boolean;
	/** `dateandtime` is read in this offset from UTC, in minutes (e.g. -300). Default: the machine's local time. */
	timezoneOffsetMinutes?: number;
	/** Clock, for tests. Default Date.now. */
	now?: () => number;
	/** true: log lines to stdout; a function receives them. Default: silent. */
	log?: boolean | ((line: string) => void);
	/** Default 5000. */
	callbackTimeoutMs?: number;
	/** Callback posts in flight at once. Default 16. */
	callbackConcurrency?: number;
	/** Request and callback log entries kept (oldest dropped). Default 2000. */
	maxLogEntries?: number;
}
