import { randomUUID } from 'crypto';
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VoiceShotClient } from '../../../shared/client';
import type { FieldLabels } from '../../../shared/errors';
import { mayHaveActed } from '../../../shared/transport';
import {
	PROMPT_CONTENT_FIELDS,
	validateRequest,
	type PhoneNumber,
	type Prompt,
	type SendRequest,
} from '../../../shared/xml';
import { compact } from '../../../shared/json';
import type { Batch, ExactlyOnce, Operation, Run } from '../operation';
import { Ledger, stableCallid, type CallidSeed, type RecoveryClient } from './exactlyOnce';
import { checkedTimeZone, menuIdOf, phoneNumbersOf, scheduleOf } from './parameters';
import {
	callingHoursOptions,
	DEFAULT_DUPLICATES,
	duplicatesOption,
	menuIdField,
	phoneNumbersField,
	scheduleOption,
	scheduleTimeZoneOption,
	sendModeOptions,
	type Duplicates,
	type OutsideHours,
} from './fields';
import {
	callingWindow,
	DEFAULT_WINDOW,
	describeWindow,
	nextOpening,
	zonesOf,
	type CallingWindow,
} from '../../../shared/callingHours';
import { isoWithOffset, parseVoiceShotDateTime, toVoiceShotForm } from '../../../shared/datetime';
import { InputError } from '../../../shared/errors';

/** One phone number to call or text, with its campaign and its place among the item's numbers. */
export interface PlannedNumber {
	menuid: string;
	position: number;
	entry: PhoneNumber;
	/** Set under Duplicate Numbers "each once": numbers with the same key are called once. */
	repeatKey?: string;
	/** Under Calling Hours: the recipient's time zone(s), and when the call was scheduled for there. */
	local?: { timeZone: string; scheduledFor?: string };
}

/** What a channel reads of one item besides numbers, schedule and Call ID: its prompts and caller ID. */
export interface ItemMessage {
	prompts?: Prompt[];
	callerid?: string;
	ext?: string;
}

/** Reads the channel's part of one item; throws a NodeOperationError naming item and field. */
export type MessageReader = (
	context: IExecuteFunctions,
	client: VoiceShotClient,
	itemIndex: number,
) => ItemMessage;

interface SharedOptions {
	callId?: string;
	schedule?: unknown;
	timeZone?: string;
	duplicates?: Duplicates;
	callingHours?: OutsideHours;
	callingHoursFrom?: string;
	callingHoursUntil?: string;
}

/** Calling Hours as one item sets them, checked; undefined when off. */
function hoursOf(
	options: SharedOptions,
): { window: CallingWindow; outside: OutsideHours } | undefined {
	if (options.callingHours === undefined) return undefined;
	const window = callingWindow(
		options.callingHoursFrom ?? DEFAULT_WINDOW.start,
		options.callingHoursUntil ?? DEFAULT_WINDOW.end,
	);
	if (typeof window === 'string') throw new InputError('Calling Hours', window);
	if (options.callingHours !== 'schedule' && options.callingHours !== 'fail')
		throw new InputError(
			'Calling Hours',
			`${JSON.stringify(options.callingHours)} is not a choice`,
		);
	return { window, outside: options.callingHours };
}

const clocks = new WeakMap<Run, DateTime>();
/** One "now" per execution, so that every item is judged at the same time. */
function nowOf(run: Run): DateTime {
	let now = clocks.get(run);
	if (!now) {
		now = DateTime.now();
		clocks.set(run, now);
	}
	return now;
}

type Timing =
	| { within: true; dateandtime?: string; local: { timeZone: string; scheduledFor?: string } }
	| { within: false; problem: string };

const timings = new WeakMap<Run, Map<string, Timing>>();

/**
 * When numbers of these zones are called under Calling Hours, for a wanted time (the item's
 * Schedule, or now). The same for every number of an area code: worked out once per run.
 */
function timingOf(
	run: Run,
	zones: string[],
	hours: { window: CallingWindow; outside: OutsideHours },
	dateandtime: string | undefined,
	timeZone: string,
): Timing {
	let known = timings.get(run);
	if (!known) {
		known = new Map();
		timings.set(run, known);
	}
	const zone = zones.join(', ');
	const key = [
		zone,
		dateandtime,
		timeZone,
		hours.window.start,
		hours.window.end,
		hours.outside,
	].join('|');
	let timing = known.get(key);
	if (timing) return timing;
	const clock = dateandtime === undefined ? undefined : parseVoiceShotDateTime(dateandtime);
	const wanted = clock ? DateTime.fromObject(clock, { zone: timeZone }) : nowOf(run);
	const opening = nextOpening(wanted, zones, hours.window);
	const window = describeWindow(hours.window);
	if (!opening)
		timing = {
			within: false,
			problem: `is in ${zone}: no time inside Calling Hours (${window}) is shared by all of them`,
		};
	else if (opening.equals(wanted))
		timing = {
			within: true,
			dateandtime,
			local: {
				timeZone: zone,
				...(clock ? { scheduledFor: isoWithOffset(wanted.setZone(zones[0])) } : {}),
			},
		};
	else if (hours.outside === 'fail')
		timing = {
			within: false,
			problem: `would ring at ${wanted.setZone(zones[0]).toFormat('ccc h:mm a', { locale: 'en-US' })} in ${zone}, outside Calling Hours (${window})`,
		};
	else
		timing = {
			within: true,
			dateandtime: toVoiceShotForm(opening, timeZone),
			local: { timeZone: zone, scheduledFor: isoWithOffset(opening.setZone(zones[0])) },
		};
	known.set(key, timing);
	return timing;
}

/**
 * A number under Calling Hours: its zone and, outside the hours, the schedule of its next opening
 * (written in the account's time zone, as Schedule is), or an error naming the field.
 */
function withinHours(
	run: Run,
	number: { number: string; written: string },
	hours: { window: CallingWindow; outside: OutsideHours },
	dateandtime: string | undefined,
	timeZone: string,
): { dateandtime?: string; local: { timeZone: string; scheduledFor?: string } } {
	const zones = zonesOf(number.number);
	const timing =
		typeof zones === 'string'
			? ({ within: false, problem: zones } as const)
			: timingOf(run, zones, hours, dateandtime, timeZone);
	if (!timing.within)
		throw new InputError(
			'Phone Numbers',
			`holds ${JSON.stringify(number.written.trim())}, which ${timing.problem}`,
		);
	return { dateandtime: timing.dateandtime, local: timing.local };
}

/**
 * The Call ID of a number sent without one: every call gets its own, the same in every try of the
 * execution (see exactlyOnce.ts).
 */
export function newCallId(run: Run, itemIndex: number, position: number, number: string): string {
	let seed = seeds.get(run);
	if (!seed) {
		const node = run.context.getNode();
		seed = {
			executionId: run.context.getExecutionId() || randomUUID(),
			nodeId: node.id || node.name,
			runIndex: run.context.getWorkflowDataProxy(0).$runIndex,
		};
		seeds.set(run, seed);
	}
	return stableCallid(seed, itemIndex, position, number);
}

const seeds = new WeakMap<Run, CallidSeed>();

/** The panel's name of each field of a send, as the user sees it. */
const SHARED_LABELS: FieldLabels = {
	menuid: 'Menu ID',
	number: 'Phone Numbers',
	dateandtime: 'Schedule',
	ext: 'Extension',
	promptid: 'Prompts: Prompt ID',
	...Object.fromEntries(PROMPT_CONTENT_FIELDS.map((field) => [field, 'Prompts: Content'])),
	txt: 'Message',
};

export const FIELD_LABELS: Record<SendRequest['channel'], FieldLabels> = {
	voice: { ...SHARED_LABELS, callid: 'Call ID', callerid: 'Caller ID' },
	sms: { ...SHARED_LABELS, callid: 'Message ID', callerid: 'SMS ID' },
};

/**
 * The fields a send opens with: a notice of what its output means and where the outcomes come
 * from, then the campaign and the numbers.
 */
export function sendHeadFields(
	resource: 'call' | 'sms',
	things: string,
	outcomes: string,
	...menuId: [campaignKind?: string, defaultField?: string]
): INodeProperties[] {
	return [
		{
			displayName: `Send queues the ${things}: VoiceShot places them later, and each output item says queued: true. How each one went comes later, ${outcomes}.`,
			name: 'queuedNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { resource: [resource], operation: ['send'] } },
		},
		menuIdField(resource, 'send', ...menuId),
		phoneNumbersField(resource, 'send'),
	];
}

/** The options a send ends with: when, how often and in which hours to reach each number. */
export function sendTailOptions(verb: 'Call' | 'Text'): INodeProperties[] {
	return [
		scheduleOption,
		scheduleTimeZoneOption,
		duplicatesOption(verb),
		...callingHoursOptions(verb),
		...sendModeOptions,
	];
}

/** One item's numbers: the parameters every send has, and the channel's message. */
function planItem(
	run: Run,
	itemIndex: number,
	channel: SendRequest['channel'],
	readMessage: MessageReader,
): PlannedNumber[] {
	const { context, client } = run;
	const options = context.getNodeParameter('options', itemIndex, {}) as SharedOptions;
	const menuid = menuIdOf(context, client, itemIndex, channel);
	const numbers = phoneNumbersOf(
		context.getNodeParameter('phoneNumbers', itemIndex),
		'Phone Numbers',
	);
	const message = readMessage(context, client, itemIndex);
	const timeZone = checkedTimeZone(context, options.timeZone);
	const dateandtime = scheduleOf(options.schedule, timeZone);
	const callid = options.callId?.trim() || undefined;
	const hours = hoursOf(options);
	const locals = numbers.map((number) =>
		hours ? withinHours(run, number, hours, dateandtime, timeZone) : undefined,
	);
	const entries = numbers.map(({ number }, position): PhoneNumber => {
		const entry: PhoneNumber = {
			number,
			callid: callid ?? newCallId(run, itemIndex, position, number),
		};
		const when = locals[position] ? locals[position].dateandtime : dateandtime;
		if (message.callerid !== undefined) entry.callerid = message.callerid;
		if (when !== undefined) entry.dateandtime = when;
		if (message.ext !== undefined) entry.ext = message.ext;
		if (message.prompts?.length) entry.prompts = message.prompts;
		return entry;
	});
	validateRequest({ kind: 'send', channel, menuid, numbers: entries });
	const once = (options.duplicates ?? DEFAULT_DUPLICATES) === 'once';
	return entries.map((entry, position) => ({
		menuid,
		position,
		entry,
		...(once ? { repeatKey: `${menuid}\n${entry.number}` } : {}),
		...(locals[position] ? { local: locals[position].local } : {}),
	}));
}

function samePrompts(a: Prompt[] | undefined, b: Prompt[] | undefined): boolean {
	return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/**
 * One batch's request. Prompts and caller ID shared by every number go on the campaign once;
 * where they differ, each number carries its own.
 */
export function sendRequestOf(
	channel: SendRequest['channel'],
	batch: Batch<PlannedNumber>,
): Omit<SendRequest, 'username' | 'password'> {
	const entries = batch.map(({ value }) => value.entry);
	const first = entries[0];
	const sharedPrompts = entries.every((entry) => samePrompts(entry.prompts, first.prompts));
	const sharedCallerid = entries.every((entry) => entry.callerid === first.callerid);
	const send: Omit<SendRequest, 'username' | 'password'> = {
		kind: 'send',
		channel,
		menuid: batch[0].value.menuid,
		numbers: entries.map((entry) => {
			const copy: PhoneNumber = { ...entry };
			if (sharedPrompts) delete copy.prompts;
			if (sharedCallerid) delete copy.callerid;
			return copy;
		}),
	};
	if (sharedPrompts && first.prompts?.length) send.prompts = first.prompts;
	if (sharedCallerid && first.callerid !== undefined) send.callerid = first.callerid;
	return send;
}

function callIdsIn(numbers: PlannedNumber[]): string[] {
	return numbers.map(({ entry }) => entry.callid ?? '');
}

function unknownOutcomeAdvice(batch: Batch<PlannedNumber>): string {
	const callids = [...new Set(callIdsIn(batch.map(({ value }) => value)))];
	const shown = callids.slice(0, 20).join(', ');
	const more =
		callids.length > 20 ? ` and ${callids.length - 20} more (listed in the error's details)` : '';
	return (
		`This send was NOT repeated, so that nobody is called twice. VoiceShot may have queued these ${batch.length} calls: ` +
		`run VoiceShot → Call → Query with callid ${shown}${more} to see which were placed before sending again.`
	);
}

/** Call → Send and SMS → Send: the same planning, batching and output, each with its own message. */
export function sendOperation(
	channel: SendRequest['channel'],
	picker: Pick<Operation<PlannedNumber>, 'resource' | 'name' | 'action' | 'summary'>,
	properties: INodeProperties[],
	readMessage: MessageReader,
): Operation<PlannedNumber> {
	return {
		...picker,
		operation: 'send',
		properties,
		read: (run, itemIndex) => planItem(run, itemIndex, channel, readMessage),
		batchKey: (planned) => planned.menuid,
		request: (_run, batch) => sendRequestOf(channel, batch),
		output: (batch, reply) => {
			const comment = reply?.kind === 'result' ? reply.comment : 'ok';
			return batch.map(({ value }): IDataObject[] => [outputOf(value, { comment })]);
		},
		details: (numbers) => ({ menuid: numbers[0].menuid, callids: callIdsIn(numbers) }),
		unknownOutcome: unknownOutcomeAdvice,
		fields: FIELD_LABELS[channel],
		exactlyOnce,
		repeatKey: (planned) => planned.repeatKey,
		repeatOutput: ({ menuid, entry }, first) =>
			compact({ menuid, phonenumber: entry.number, duplicateOf: first.callid }),
		alreadyDone: (count) =>
			`${count} call(s) of earlier requests of this execution were queued before this one failed; they are not undone.`,
	};
}

/** A number's output: what was sent, queued (VoiceShot dials later), and VoiceShot's comment or what an earlier try left. */
function outputOf(
	{ menuid, entry, local }: PlannedNumber,
	outcome: { comment: string } | { alreadyQueued: true; status?: string },
): IDataObject {
	return compact({
		menuid,
		phonenumber: entry.number,
		callid: entry.callid,
		callerid: entry.callerid,
		dateandtime: entry.dateandtime,
		recipientTimeZone: local?.timeZone,
		scheduledFor: local?.scheduledFor,
		ext: entry.ext,
		errorid: 0,
		queued: true,
		...outcome,
	});
}

const ledgers = new WeakMap<Run, Ledger>();
function ledgerOf(run: Run): Ledger {
	let ledger = ledgers.get(run);
	if (!ledger) {
		ledger = Ledger.open(run.context);
		ledgers.set(run, ledger);
	}
	return ledger;
}

/** The recovery's look-ups: requests that leave here, over the node's client, before any batch. */
function recoveryClient(run: Run): RecoveryClient {
	return {
		listCalls: async (menuid) => {
			const reply = await run.client.exchange({ kind: 'callQuery', menuid, callids: [''] });
			return reply.kind === 'callQueryResult' ? reply.calls : [];
		},
		deletePending: async (menuid, callids) => {
			await run.client.exchange({ kind: 'deletePending', menuid, callids });
		},
	};
}

/** What the user should know when looking up what an earlier try queued failed. */
function recoveryAdvice(batch: Batch<PlannedNumber>): string {
	return `An earlier try may have queued ${batch.length} call(s); looking them up in VoiceShot failed, so none was sent in this try. ${unknownOutcomeAdvice(batch)}`;
}

/** Exactly-once for Call → Send and SMS → Send, over the ledger of exactlyOnce.ts. */
const exactlyOnce: ExactlyOnce<PlannedNumber> = {
	async settle(run, entries) {
		const ledger = ledgerOf(run);
		if (ledger.isEmpty || entries.length === 0)
			return { queued: [], toSend: entries, unsettled: [] };
		const settled = await ledger.settle(entries, recoveryClient(run));
		return {
			queued: settled.queued.map(({ planned, status }) => ({
				planned,
				json: outputOf(planned.value, { alreadyQueued: true, status }),
			})),
			toSend: settled.toSend,
			unsettled: settled.unsettled.map(({ error, planned }) => ({
				error,
				batch: planned,
				advice: recoveryAdvice(planned),
			})),
		};
	},
	posting(run, batch) {
		ledgerOf(run).posting(batch);
	},
	posted(run, batch, error) {
		const ledger = ledgerOf(run);
		if (error === undefined) ledger.queued(batch);
		else if (!mayHaveActed(error)) ledger.notQueued(batch);
	},
	close(run, complete) {
		ledgerOf(run).close(complete);
	},
};
