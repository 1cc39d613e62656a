/** What each valid request does to the account, and the reply VoiceShot sends. */
import type {
	Prompt,
	QueriedCall,
	RequestKind,
	RequestOf,
	SendRequest,
	VoiceShotReply,
} from '../nodes/shared/xml';
import type { CallEngine } from './calls';
import type { SimState } from './state';
import { formatDateAndTime, parseDateAndTime } from './time';
import type { SimCall } from './types';
import { strictBase64 } from './wav';

export interface ApiContext {
	state: SimState;
	engine: CallEngine;
	now: number;
	timezoneOffsetMinutes?: number;
	requestId: number;
	/** false: the call query leaves out calls not yet dialing (VoiceShot does not say which it does). */
	queryListsPending: boolean;
}

const OK: VoiceShotReply = { kind: 'result', errorid: 0, comment: 'ok', attributes: {} };

interface Applied {
	reply: VoiceShotReply;
	/** What happened, for the log. */
	note: string;
}

type Apply<K extends RequestKind> = (request: RequestOf<K>, context: ApiContext) => Applied;

/** What each request kind does, one entry each: a kind without an entry does not compile. */
const APPLY: { [K in RequestKind]: Apply<K> } = {
	send(request, context) {
		const calls = queueCalls(request, context);
		context.engine.enqueue(calls);
		return {
			reply: OK,
			note: `queued ${calls.length} ${request.channel === 'sms' ? 'text(s)' : 'call(s)'}`,
		};
	},
	saveFile(request, { state, now }) {
		const base64 =
			typeof request.content === 'string' ? request.content : request.content.toString('base64');
		const bytes = strictBase64(base64) ?? Buffer.alloc(0);
		state.files.set(request.filename.toLowerCase(), {
			filename: request.filename,
			bytes,
			savedAt: now,
		});
		return { reply: OK, note: `saved ${request.filename} (${bytes.length} bytes)` };
	},
	deleteFile(request, { state }) {
		const existed = state.files.delete(request.filename.toLowerCase());
		return {
			reply: OK,
			note: existed
				? `deleted ${request.filename}`
				: `${request.filename} was not there (ok all the same)`,
		};
	},
	deletePending(request, { state }) {
		let deleted = 0;
		let kept = 0;
		for (const call of state.queryCalls(request.menuid, [...new Set(request.callids)])) {
			if (call.status === 'pending') {
				call.status = 'deleted';
				deleted++;
			} else {
				kept++;
			}
		}
		return {
			reply: OK,
			note: `deleted ${deleted} pending call(s), ${kept} already dialing or done`,
		};
	},
	callQuery(request, context) {
		const calls = context.state
			.queryCalls(request.menuid, request.callids)
			.filter((call) => context.queryListsPending || call.status !== 'pending');
		const paused = context.state.campaigns.get(request.menuid)?.paused ?? false;
		return {
			reply: {
				kind: 'callQueryResult',
				menuid: request.menuid,
				calls: calls.map((call) => queried(call, paused, context.timezoneOffsetMinutes)),
				attributes: {},
			},
			note: `${calls.length} call(s)`,
		};
	},
	testConfiguration: () => ({ reply: OK, note: 'configuration ok' }),
	pause(request, { state }) {
		const campaign = state.campaigns.get(request.menuid);
		if (campaign) campaign.paused = true;
		return { reply: OK, note: `paused ${request.menuid}` };
	},
	resume(request, { state, engine }) {
		const campaign = state.campaigns.get(request.menuid);
		if (campaign) {
			campaign.paused = false;
			const held = campaign.held;
			campaign.held = [];
			engine.release(held);
		}
		return { reply: OK, note: `resumed ${request.menuid}` };
	},
};

/** Applies a request that passed every check. */
export function applyRequest<K extends RequestKind>(
	request: RequestOf<K>,
	context: ApiContext,
): Applied {
	return (APPLY[request.kind as K] as Apply<K>)(request, context);
}

/** Per-number prompts replace the campaign's prompt of the same promptid, and add to the others. */
function mergePrompts(common: Prompt[] | undefined, own: Prompt[] | undefined): Prompt[] {
	if (!own?.length) return common ?? [];
	if (!common?.length) return own;
	const merged = common.filter(
		(prompt) =>
			!own.some((mine) => mine.promptid !== undefined && mine.promptid === prompt.promptid),
	);
	return [...merged, ...own];
}

function queueCalls(request: SendRequest, context: ApiContext): SimCall[] {
	const calls: SimCall[] = new Array(request.numbers.length);
	for (let index = 0; index < request.numbers.length; index++) {
		const entry = request.numbers[index];
		const scheduled =
			entry.dateandtime === undefined
				? undefined
				: parseDateAndTime(entry.dateandtime, context.timezoneOffsetMinutes);
		calls[index] = context.state.newCall({
			direction: 'outbound',
			channel: request.channel,
			menuid: request.menuid,
			callid: entry.callid ?? request.callid ?? '',
			number: entry.number,
			callerid: entry.callerid ?? request.callerid,
			ext: entry.ext,
			dateandtime: entry.dateandtime,
			prompts: mergePrompts(request.prompts, entry.prompts),
			scheduledAt: Math.max(scheduled ?? context.now, context.now),
			queuedAt: context.now,
			requestId: context.requestId,
		});
	}
	return calls;
}

/**
 * A call as the call query reports it. Finished calls carry VoiceShot's status and comment; the
 * statuses of calls still waiting (`Pending`, `Paused`, `Dialing`) are the simulator's choice.
 */
function queried(call: SimCall, paused: boolean, offset: number | undefined): QueriedCall {
	const base = { number: call.number, callid: call.callid, attributes: {} };
	if (call.status === 'completed' && call.result) {
		return {
			...base,
			dateandtime: formatDateAndTime(call.completedAt ?? call.scheduledAt, offset),
			duration: call.result.durationSeconds,
			status: call.result.status,
			comment: call.result.comment,
			prompts: call.result.prompts,
		};
	}
	const status = call.status === 'dialing' ? 'Dialing' : paused ? 'Paused' : 'Pending';
	return {
		...base,
		dateandtime: formatDateAndTime(call.scheduledAt, offset),
		status,
		comment: '',
		prompts: [],
	};
}
