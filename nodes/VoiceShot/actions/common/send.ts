import { randomUUID } from 'crypto';
import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	isVoiceShotXmlError,
	validateRequest,
	type PhoneNumberEntry,
	type Prompt,
	type SendRequest,
} from '../../../shared/xml';
import { settle } from '../../../shared/settle';
import { batchSettings, groupIntoPosts, type SendMode } from './batch';
import { connect, request, type Connection } from './connection';
import { asNodeError, compact, errorItem } from './items';
import { codecInputError, menuIdOf, phoneNumbersOf, scheduleOf, timeZoneOf } from './parameters';

/** One input item's calls or messages, read and checked before anything is sent. */
export interface PlannedItem {
	itemIndex: number;
	menuid: string;
	numbers: PhoneNumberEntry[];
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
	connection: Connection,
	itemIndex: number,
) => ItemMessage;

interface SharedOptions {
	callId?: string;
	schedule?: unknown;
	timeZone?: string;
}

/** One item's calls or messages: the parameters every send has, and the channel's message. */
export function planItem(
	context: IExecuteFunctions,
	connection: Connection,
	itemIndex: number,
	readMessage: MessageReader,
): PlannedItem {
	const options = context.getNodeParameter('options', itemIndex, {}) as SharedOptions;
	const menuid = menuIdOf(context, connection, itemIndex);
	const numbers = phoneNumbersOf(
		connection.node,
		itemIndex,
		context.getNodeParameter('phoneNumbers', itemIndex),
		'Phone Numbers',
	);
	const message = readMessage(context, connection, itemIndex);
	const timeZone = timeZoneOf(context, itemIndex, options.timeZone);
	const dateandtime = scheduleOf(context, itemIndex, options.schedule, timeZone);
	const callid = options.callId?.trim() || undefined;
	return {
		itemIndex,
		menuid,
		numbers: numbers.map((number): PhoneNumberEntry => {
			const entry: PhoneNumberEntry = { number, callid: callid ?? newCallid() };
			if (message.callerid !== undefined) entry.callerid = message.callerid;
			if (dateandtime !== undefined) entry.dateandtime = dateandtime;
			if (message.ext !== undefined) entry.ext = message.ext;
			if (message.prompts?.length) entry.prompts = message.prompts;
			return entry;
		}),
	};
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

export function newCallid(): string {
	return `n8n-${randomUUID()}`;
}

interface Entry {
	itemIndex: number;
	menuid: string;
	entry: PhoneNumberEntry;
}

interface Post {
	menuid: string;
	entries: Entry[];
}

function samePrompts(a: Prompt[] | undefined, b: Prompt[] | undefined): boolean {
	return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/**
 * One post's request. Prompts and caller ID shared by every number go on the campaign once;
 * where they differ, each number carries its own.
 */
export function requestOf(channel: SendRequest['channel'], post: Post): SendRequest {
	const entries = post.entries.map(({ entry }) => entry);
	const first = entries[0];
	const sharedPrompts = entries.every((entry) => samePrompts(entry.prompts, first.prompts));
	const sharedCallerid = entries.every((entry) => entry.callerid === first.callerid);
	const send: SendRequest = {
		kind: 'send',
		channel,
		menuid: post.menuid,
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

/** Splits planned items into posts: per item, or in batches of at most `batchSize` numbers per campaign. */
export function postsOf(items: PlannedItem[], mode: SendMode, batchSize: number): Post[] {
	const entries = items.flatMap(({ itemIndex, menuid, numbers }) =>
		numbers.map((entry): Entry => ({ itemIndex, menuid, entry })),
	);
	return groupIntoPosts(entries, mode, batchSize).map((post) => ({
		menuid: post[0].menuid,
		entries: post,
	}));
}

function callidsOf(entries: Entry[]): string[] {
	return entries.map(({ entry }) => entry.callid ?? '');
}

function unknownOutcomeAdvice(entries: Entry[]): string {
	const callids = [...new Set(callidsOf(entries))];
	const shown = callids.slice(0, 20).join(', ');
	const more =
		callids.length > 20 ? ` and ${callids.length - 20} more (listed in the error's details)` : '';
	return (
		`This send was NOT repeated, so that nobody is called twice. VoiceShot may have queued these ${entries.length} calls: ` +
		`run VoiceShot → Call → Query with callid ${shown}${more} to see which were placed before sending again.`
	);
}

/** Sends planned items, batched or per item, and returns one output item per call, paired to its input item. */
export async function sendPlanned(
	context: IExecuteFunctions,
	channel: SendRequest['channel'],
	readMessage: MessageReader,
): Promise<INodeExecutionData[]> {
	const connection = await connect(context);
	const count = context.getInputData().length;
	const { mode, batchSize } = batchSettings(context);
	const output: Array<{ order: number; item: INodeExecutionData }> = [];
	const planned: PlannedItem[] = [];

	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const result = await settle(async () => {
			const item = planItem(context, connection, itemIndex, readMessage);
			validateRequest({
				kind: 'send',
				channel,
				menuid: item.menuid,
				numbers: item.numbers,
			});
			return item;
		});
		if (result.ok) {
			planned.push(result.value);
			continue;
		}
		const error = isVoiceShotXmlError(result.error)
			? codecInputError(connection.node, itemIndex, result.error, FIELD_LABELS)
			: result.error;
		if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
		output.push({ order: itemIndex, item: errorItem(error, itemIndex) });
	}

	let sent = 0;
	for (const post of postsOf(planned, mode, batchSize)) {
		const firstItem = post.entries[0].itemIndex;
		const result = await settle(
			async () =>
				await request(connection, requestOf(channel, post), firstItem, () =>
					unknownOutcomeAdvice(post.entries),
				),
		);
		if (result.ok) {
			for (const { itemIndex, entry } of post.entries) {
				output.push({
					order: itemIndex,
					item: {
						json: compact({
							menuid: post.menuid,
							number: entry.number,
							callid: entry.callid,
							callerid: entry.callerid,
							dateandtime: entry.dateandtime,
							ext: entry.ext,
							errorid: 0,
							comment: result.value.kind === 'result' ? result.value.comment : 'ok',
						}),
						pairedItem: { item: itemIndex },
					},
				});
			}
			sent += post.entries.length;
			continue;
		}
		const error = result.error;
		if (!context.continueOnFail()) {
			const nodeError = asNodeError(context, error, firstItem);
			if (sent > 0) {
				nodeError.description =
					`${nodeError.description ?? ''} ${sent} call(s) of earlier posts of this execution were queued before this one failed; they are not undone.`.trim();
			}
			if (nodeError instanceof NodeApiError) {
				(nodeError.errorResponse as IDataObject).callids = callidsOf(post.entries);
			}
			throw nodeError;
		}
		for (const itemIndex of new Set(post.entries.map((entry) => entry.itemIndex))) {
			const callids = post.entries
				.filter((entry) => entry.itemIndex === itemIndex)
				.map(({ entry }) => entry.callid ?? '');
			output.push({
				order: itemIndex,
				item: errorItem(error, itemIndex, { menuid: post.menuid, callids }),
			});
		}
	}

	output.sort((a, b) => a.order - b.order);
	return output.map(({ item }) => item);
}
