import { randomUUID } from 'crypto';
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { mayHaveBeenActedOn, type VoiceShotClient } from '../../../shared/client';
import {
	isVoiceShotXmlError,
	type PhoneNumberEntry,
	type Prompt,
	type SendRequest,
} from '../../../shared/xml';
import { compact } from '../executor';
import type { Batch, Entry, Operation, Run, SendOnce } from '../operation';
import {
	SendLedger,
	stableCallid,
	type CallidSeed,
	type RecoveryClient,
	type SendEntry,
} from './exactlyOnce';
import {
	checkedTimeZone,
	codecInputError,
	menuIdOf,
	phoneNumbersOf,
	scheduleOf,
} from './parameters';

/** One phone number to call or text, with its campaign and its place among the item's numbers. */
export interface PlannedNumber {
	menuid: string;
	position: number;
	entry: PhoneNumberEntry;
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

/** The parameter a codec field comes from, to name it as the user sees it. */
const SHARED_LABELS: Record<string, string> = {
	menuid: 'Menu ID',
	number: 'Phone Numbers',
	dateandtime: 'Schedule',
	ext: 'Extension',
	promptid: 'Prompts: Prompt ID',
	tts: 'Prompts: Content',
	filename: 'Prompts: Content',
	transferto: 'Prompts: Content',
	alttts: 'Prompts: Content',
	txt: 'Message',
};

const FIELD_LABELS: Record<SendRequest['channel'], Record<string, string>> = {
	voice: { ...SHARED_LABELS, callid: 'Call ID', callerid: 'Caller ID' },
	sms: { ...SHARED_LABELS, callid: 'Message ID', callerid: 'SMS ID' },
};

/** One item's numbers: the parameters every send has, and the channel's message. */
function planItem(
	run: Run,
	itemIndex: number,
	channel: SendRequest['channel'],
	readMessage: MessageReader,
): PlannedNumber[] {
	const { context, client } = run;
	const options = context.getNodeParameter('options', itemIndex, {}) as SharedOptions;
	const menuid = menuIdOf(context, client, itemIndex);
	const numbers = phoneNumbersOf(
		client.node,
		itemIndex,
		context.getNodeParameter('phoneNumbers', itemIndex),
		'Phone Numbers',
	);
	const message = readMessage(context, client, itemIndex);
	const timeZone = checkedTimeZone(context, itemIndex, options.timeZone);
	const dateandtime = scheduleOf(context, itemIndex, options.schedule, timeZone);
	const callid = options.callId?.trim() || undefined;
	const entries = numbers.map((number, position): PhoneNumberEntry => {
		const entry: PhoneNumberEntry = {
			number,
			callid: callid ?? newCallId(run, itemIndex, position, number),
		};
		if (message.callerid !== undefined) entry.callerid = message.callerid;
		if (dateandtime !== undefined) entry.dateandtime = dateandtime;
		if (message.ext !== undefined) entry.ext = message.ext;
		if (message.prompts?.length) entry.prompts = message.prompts;
		return entry;
	});
	try {
		client.check({ kind: 'send', channel, menuid, numbers: entries });
	} catch (error) {
		throw isVoiceShotXmlError(error)
			? codecInputError(client.node, itemIndex, error, FIELD_LABELS[channel])
			: error;
	}
	return entries.map((entry, position) => ({ menuid, position, entry }));
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
			const copy: PhoneNumberEntry = { ...entry };
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
		once: sendOnce,
		alreadyDone: (count) =>
			`${count} call(s) of earlier requests of this execution were queued before this one failed; they are not undone.`,
	};
}

/** A number's output: what was sent, and VoiceShot's comment or what an earlier try left. */
function outputOf(
	{ menuid, entry }: PlannedNumber,
	outcome: { comment: string } | { alreadyQueued: true; status?: string },
): IDataObject {
	return compact({
		menuid,
		phonenumber: entry.number,
		callid: entry.callid,
		callerid: entry.callerid,
		dateandtime: entry.dateandtime,
		ext: entry.ext,
		errorid: 0,
		...outcome,
	});
}

function sendEntryOf({ itemIndex, value }: Entry<PlannedNumber>): SendEntry {
	return {
		itemIndex,
		position: value.position,
		menuid: value.menuid,
		number: value.entry.number,
		callid: value.entry.callid ?? '',
	};
}

/** A planned number with the Call ID and campaign an earlier try sent it with. */
function asSent(planned: Entry<PlannedNumber>, sent: SendEntry): Entry<PlannedNumber> {
	return {
		itemIndex: planned.itemIndex,
		value: {
			...planned.value,
			menuid: sent.menuid,
			entry: { ...planned.value.entry, callid: sent.callid },
		},
	};
}

const ledgers = new WeakMap<Run, SendLedger>();
function ledgerOf(run: Run): SendLedger {
	let ledger = ledgers.get(run);
	if (!ledger) {
		ledger = SendLedger.open(run.context);
		ledgers.set(run, ledger);
	}
	return ledger;
}

function recoveryClient(run: Run, itemIndex: number): RecoveryClient {
	const items = { itemIndex, label: `item ${itemIndex}` };
	return {
		listCalls: async (menuid) => {
			const reply = await run.client.request({ kind: 'callQuery', menuid, callids: [''] }, items);
			return reply.kind === 'callQueryResult' ? reply.calls : [];
		},
		deletePending: async (menuid, callids) => {
			await run.client.request({ kind: 'deletePending', menuid, callids }, items);
		},
	};
}

/** The recovery's own request failed: nothing of these was sent in this try. */
function recoveryFailed(error: unknown, batch: Batch<PlannedNumber>): unknown {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	error.description =
		`An earlier try may have queued ${batch.length} call(s); looking them up in VoiceShot failed, so none was sent in this try. ${unknownOutcomeAdvice(batch)}`.trim();
	if (error instanceof NodeApiError && error.errorResponse)
		Object.assign(error.errorResponse, {
			menuid: batch[0].value.menuid,
			callids: callIdsIn(batch.map(({ value }) => value)),
		});
	return error;
}

/** Exactly-once for Call → Send and SMS → Send, over the ledger of exactlyOnce.ts. */
const sendOnce: SendOnce<PlannedNumber> = {
	async settle(run, entries) {
		const ledger = ledgerOf(run);
		if (ledger.isEmpty || entries.length === 0) return { done: [], send: entries, unsettled: [] };
		const planned = new Map(
			entries.map((entry) => [`${entry.itemIndex}.${entry.value.position}`, entry]),
		);
		const back = (sent: SendEntry) =>
			asSent(planned.get(`${sent.itemIndex}.${sent.position}`) as Entry<PlannedNumber>, sent);
		const settled = await ledger.settle(
			entries.map(sendEntryOf),
			recoveryClient(run, entries[0].itemIndex),
		);
		return {
			done: settled.queued.map(({ entry, status }) => ({
				itemIndex: entry.itemIndex,
				value: outputOf(back(entry).value, { alreadyQueued: true, status }),
			})),
			send: settled.toSend.map(back),
			unsettled: settled.unsettled.map(({ error, entries: stuck }) => {
				const batch = stuck.map(back);
				return { error: recoveryFailed(error, batch), batch };
			}),
		};
	},
	sending(run, batch) {
		ledgerOf(run).posting(batch.map(sendEntryOf));
	},
	sent(run, batch, error) {
		const ledger = ledgerOf(run);
		if (error === undefined) ledger.queued(batch.map(sendEntryOf));
		else if (!mayHaveBeenActedOn(error)) ledger.notQueued(batch.map(sendEntryOf));
	},
	close(run, complete) {
		ledgerOf(run).close(complete);
	},
};
