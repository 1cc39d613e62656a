import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VoiceShotClient } from '../../../shared/client';
import {
	isVoiceShotXmlError,
	type PhoneNumberEntry,
	type Prompt,
	type SendRequest,
} from '../../../shared/xml';
import { compact } from '../executor';
import type { Batch, Operation, Run } from '../operation';
import {
	checkedTimeZone,
	codecInputError,
	menuIdOf,
	phoneNumbersOf,
	scheduleOf,
} from './parameters';

/** One phone number to call or text, with its campaign. */
export interface PlannedNumber {
	menuid: string;
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

/** The Call ID of a number sent without one: every call gets its own. */
export function newCallId(): string {
	return `n8n-${randomUUID()}`;
}

/** The parameter a codec field comes from, to name it as the user sees it. */
const FIELD_LABELS: Record<string, string> = {
	menuid: 'Menu ID',
	number: 'Phone Numbers',
	callid: 'Call ID',
	callerid: 'Caller ID / SMS ID',
	dateandtime: 'Schedule',
	ext: 'Extension',
	promptid: 'Prompts: Prompt ID',
	tts: 'Prompts: Content',
	filename: 'Prompts: Content',
	transferto: 'Prompts: Content',
	alttts: 'Prompts: Content',
	txt: 'Message',
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
	const entries = numbers.map((number): PhoneNumberEntry => {
		const entry: PhoneNumberEntry = { number, callid: callid ?? newCallId() };
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
			? codecInputError(client.node, itemIndex, error, FIELD_LABELS)
			: error;
	}
	return entries.map((entry) => ({ menuid, entry }));
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
			return batch.map(({ value: { menuid, entry } }): IDataObject[] => [
				compact({
					menuid,
					phonenumber: entry.number,
					callid: entry.callid,
					callerid: entry.callerid,
					dateandtime: entry.dateandtime,
					ext: entry.ext,
					errorid: 0,
					comment,
				}),
			]);
		},
		details: (numbers) => ({ menuid: numbers[0].menuid, callids: callIdsIn(numbers) }),
		unknownOutcome: unknownOutcomeAdvice,
		alreadyDone: (count) =>
			`${count} call(s) of earlier requests of this execution were queued before this one failed; they are not undone.`,
	};
}
