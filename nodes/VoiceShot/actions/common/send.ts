import { randomUUID } from 'crypto';
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

/** One phone number to call or text, with its campaign and its place among the item's numbers. */
export interface PlannedNumber {
	menuid: string;
	position: number;
	entry: PhoneNumber;
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

/** Above a send's fields: what its output means and where the outcomes come from. */
export function queuedNotice(resource: string, things: string, outcomes: string): INodeProperties {
	return {
		displayName: `Send queues the ${things}: VoiceShot places them later, and each output item says queued: true. How each one went comes later, ${outcomes}.`,
		name: 'queuedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: [resource], operation: ['send'] } },
	};
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
	const entries = numbers.map((number, position): PhoneNumber => {
		const entry: PhoneNumber = {
			number,
			callid: callid ?? newCallId(run, itemIndex, position, number),
		};
		if (message.callerid !== undefined) entry.callerid = message.callerid;
		if (dateandtime !== undefined) entry.dateandtime = dateandtime;
		if (message.ext !== undefined) entry.ext = message.ext;
		if (message.prompts?.length) entry.prompts = message.prompts;
		return entry;
	});
	validateRequest({ kind: 'send', channel, menuid, numbers: entries });
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
		alreadyDone: (count) =>
			`${count} call(s) of earlier requests of this execution were queued before this one failed; they are not undone.`,
	};
}

/** A number's output: what was sent, queued (VoiceShot dials later), and VoiceShot's comment or what an earlier try left. */
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
				itemIndex: planned.itemIndex,
				value: outputOf(planned.value, { alreadyQueued: true, status }),
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
