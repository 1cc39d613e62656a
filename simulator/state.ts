/** What the simulated VoiceShot account holds: campaigns, calls, sound files, and the logs. */
import type {
	CallbackConfig,
	CallbackLogEntry,
	CallStatus,
	CampaignConfig,
	RequestLogEntry,
	SimCall,
	StoredFile,
} from './types';

export interface CampaignState extends CampaignConfig {
	paused: boolean;
	/** Outbound calls in the order they were queued (deleted ones included, marked). */
	calls: SimCall[];
	byCallid: Map<string, SimCall[]>;
	/** Calls whose time came while the campaign was paused: dialed on resume. */
	held: SimCall[];
}

export interface CallFilter {
	menuid?: string;
	callid?: string;
	/** The simulator's own call id. */
	id?: string;
	number?: string;
	status?: CallStatus | CallStatus[];
	direction?: 'outbound' | 'inbound';
}

export class SimState {
	readonly campaigns = new Map<string, CampaignState>();
	/** Every call by the simulator's id, in creation order. */
	readonly calls = new Map<string, SimCall>();
	/** Sound files by lower-cased name (Windows file names ignore case). */
	readonly files = new Map<string, StoredFile>();
	readonly requests: RequestLogEntry[] = [];
	readonly callbacks: CallbackLogEntry[] = [];
	private callSeq = 0;
	private requestSeq = 0;
	private callbackSeq = 0;

	constructor(private readonly maxLogEntries: number) {}

	addCampaign(config: CampaignConfig): CampaignState {
		const existing = this.campaigns.get(config.menuid);
		if (existing) {
			Object.assign(existing, config);
			return existing;
		}
		const campaign: CampaignState = {
			...config,
			paused: false,
			calls: [],
			byCallid: new Map(),
			held: [],
		};
		this.campaigns.set(config.menuid, campaign);
		return campaign;
	}

	removeCampaign(menuid: string): boolean {
		return this.campaigns.delete(menuid);
	}

	/** The callback URLs and auth that apply to a campaign: its own, else the defaults. */
	callbacksFor(menuid: string, defaults: CallbackConfig): CallbackConfig {
		const campaign = this.campaigns.get(menuid);
		return {
			eventsUrl: campaign?.eventsUrl ?? defaults.eventsUrl,
			summaryUrl: campaign?.summaryUrl ?? defaults.summaryUrl,
			username: campaign?.username ?? defaults.username,
			password: campaign?.password ?? defaults.password,
		};
	}

	newCall(fields: Omit<SimCall, 'id' | 'seq' | 'status'>): SimCall {
		const seq = ++this.callSeq;
		const call: SimCall = { id: `c${seq}`, seq, status: 'pending', ...fields };
		this.calls.set(call.id, call);
		if (call.direction === 'outbound') {
			const campaign = this.campaigns.get(call.menuid);
			if (campaign) {
				campaign.calls.push(call);
				const group = campaign.byCallid.get(call.callid);
				if (group) group.push(call);
				else campaign.byCallid.set(call.callid, [call]);
			}
		}
		return call;
	}

	/** Calls matching every field given. */
	findCalls(filter: CallFilter = {}): SimCall[] {
		if (filter.id !== undefined) {
			const call = this.calls.get(filter.id);
			return call && matches(call, filter) ? [call] : [];
		}
		let pool: Iterable<SimCall> = this.calls.values();
		if (filter.menuid !== undefined && filter.direction !== 'inbound') {
			const campaign = this.campaigns.get(filter.menuid);
			if (campaign && filter.callid !== undefined)
				pool = campaign.byCallid.get(filter.callid) ?? [];
			else if (campaign && filter.direction === 'outbound') pool = campaign.calls;
		}
		const found: SimCall[] = [];
		for (const call of pool) if (matches(call, filter)) found.push(call);
		return found;
	}

	/** What a call query answers: the campaign's outbound calls (a blank callid: all), deleted ones left out. */
	queryCalls(menuid: string, callids: string[]): SimCall[] {
		const campaign = this.campaigns.get(menuid);
		if (!campaign) return [];
		if (callids.length === 0 || callids.includes(''))
			return campaign.calls.filter((call) => call.status !== 'deleted');
		const seen = new Set<string>();
		const found: SimCall[] = [];
		for (const callid of callids) {
			if (seen.has(callid)) continue;
			seen.add(callid);
			for (const call of campaign.byCallid.get(callid) ?? [])
				if (call.status !== 'deleted') found.push(call);
		}
		return found.sort((a, b) => a.seq - b.seq);
	}

	logRequest(entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry {
		const full: RequestLogEntry = { id: ++this.requestSeq, ...entry };
		this.requests.push(full);
		if (this.requests.length > this.maxLogEntries)
			this.requests.splice(0, this.requests.length - this.maxLogEntries);
		return full;
	}

	logCallback(entry: Omit<CallbackLogEntry, 'id'>): CallbackLogEntry {
		const full: CallbackLogEntry = { id: ++this.callbackSeq, ...entry };
		this.callbacks.push(full);
		if (this.callbacks.length > this.maxLogEntries)
			this.callbacks.splice(0, this.callbacks.length - this.maxLogEntries);
		return full;
	}

	/** Forgets calls, files, logs and pauses; keeps the campaigns and their callback settings. */
	reset(): void {
		this.calls.clear();
		this.files.clear();
		this.requests.length = 0;
		this.callbacks.length = 0;
		for (const campaign of this.campaigns.values()) {
			campaign.paused = false;
			campaign.calls = [];
			campaign.byCallid = new Map();
			campaign.held = [];
		}
	}
}

function matches(call: SimCall, filter: CallFilter): boolean {
	if (filter.menuid !== undefined && call.menuid !== filter.menuid) return false;
	if (filter.callid !== undefined && call.callid !== filter.callid) return false;
	if (filter.number !== undefined && call.number !== filter.number) return false;
	if (filter.direction !== undefined && call.direction !== filter.direction) return false;
	if (filter.status !== undefined) {
		const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
		if (!statuses.includes(call.status)) return false;
	}
	return true;
}
