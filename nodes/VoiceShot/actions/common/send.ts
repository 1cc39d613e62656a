import { randomUUID } from 'crypto';
import {
	NodeApiError,
	NodeOperationError,
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
import {
	SendLedger,
	sendMayHaveActed,
	stableCallid,
	type RecoveryClient,
	type SendEntry,
} from './exactlyOnce';
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

/** The Call ID of the item's number at `position` when the user gives none. */
export type CallidMaker = (itemIndex: number, position: number, number: string) => string;

/** One item's calls or messages: the parameters every send has, and the channel's message. */
export function planItem(
	context: IExecuteFunctions,
	connection: Connection,
	itemIndex: number,
	readMessage: MessageReader,
	makeCallid: CallidMaker,
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
		numbers: numbers.map((number, position): PhoneNumberEntry => {
			const entry: PhoneNumberEntry = {
				number,
				callid: callid ?? makeCallid(itemIndex, position, number),
			};
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

interface Entry {
	itemIndex: number;
	/** Which of the item's numbers. */
	position: number;
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
export function entriesOf(items: PlannedItem[]): Entry[] {
	return items.flatMap(({ itemIndex, menuid, numbers }) =>
		numbers.map((entry, position): Entry => ({ itemIndex, position, menuid, entry })),
	);
}

export function postsOf(entries: Entry[], mode: SendMode, batchSize: number): Post[] {
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

/** The Call IDs the node makes: stable within this execution, node and run (see exactlyOnce.ts). */
function callidMaker(context: IExecuteFunctions): CallidMaker {
	const seed = {
		executionId: context.getExecutionId() || randomUUID(),
		nodeId: context.getNode().id || context.getNode().name,
		runIndex: context.getWorkflowDataProxy(0).$runIndex,
	};
	return (itemIndex, position, number) => stableCallid(seed, itemIndex, position, number);
}

function recoveryClient(connection: Connection, itemIndex: number): RecoveryClient {
	return {
		listCalls: async (menuid) => {
			const reply = await request(
				connection,
				{ kind: 'callQuery', menuid, callids: [''] },
				itemIndex,
			);
			return reply.kind === 'callQueryResult' ? reply.calls : [];
		},
		deletePending: async (menuid, callids) => {
			await request(connection, { kind: 'deletePending', menuid, callids }, itemIndex);
		},
	};
}

function sentItem(entry: Entry, comment: string): INodeExecutionData {
	return {
		json: compact({
			menuid: entry.menuid,
			number: entry.entry.number,
			callid: entry.entry.callid,
			callerid: entry.entry.callerid,
			dateandtime: entry.entry.dateandtime,
			ext: entry.entry.ext,
			errorid: 0,
			comment,
		}),
		pairedItem: { item: entry.itemIndex },
	};
}

/** A call an earlier try of this execution queued: reported, not sent again. */
function alreadyQueuedItem(entry: Entry, status: string | undefined): INodeExecutionData {
	return {
		json: compact({
			menuid: entry.menuid,
			number: entry.entry.number,
			callid: entry.entry.callid,
			callerid: entry.entry.callerid,
			dateandtime: entry.entry.dateandtime,
			ext: entry.entry.ext,
			errorid: 0,
			alreadyQueued: true,
			status,
		}),
		pairedItem: { item: entry.itemIndex },
	};
}

function recoveryFailed(
	context: IExecuteFunctions,
	error: unknown,
	entries: Entry[],
): NodeApiError | NodeOperationError {
	const nodeError = asNodeError(context, error, entries[0].itemIndex);
	nodeError.description =
		`An earlier try of Retry On Fail may have queued ${entries.length} call(s); looking them up in VoiceShot failed, so none was sent in this try. ${unknownOutcomeAdvice(entries)}`.trim();
	if (nodeError instanceof NodeApiError)
		(nodeError.errorResponse as IDataObject).callids = callidsOf(entries);
	return nodeError;
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
	const makeCallid = callidMaker(context);

	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const result = await settle(async () => {
			const item = planItem(context, connection, itemIndex, readMessage, makeCallid);
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

	let entries = entriesOf(planned);
	const ledger = SendLedger.open(context);
	if (!ledger.isEmpty && entries.length > 0) {
		const byKey = new Map(entries.map((entry) => [`${entry.itemIndex}.${entry.position}`, entry]));
		const withCallid = (sendEntry: SendEntry): Entry => {
			const entry = byKey.get(`${sendEntry.itemIndex}.${sendEntry.position}`) as Entry;
			return { ...entry, entry: { ...entry.entry, callid: sendEntry.callid } };
		};
		const settled = await ledger.settle(
			entries.map(toSendEntry),
			recoveryClient(connection, entries[0].itemIndex),
		);
		for (const { entry, status } of settled.queued) {
			const queued = withCallid(entry);
			output.push({ order: queued.itemIndex, item: alreadyQueuedItem(queued, status) });
		}
		for (const { error, entries: stuck } of settled.unsettled) {
			const failed = recoveryFailed(context, error, stuck.map(withCallid));
			if (!context.continueOnFail()) throw failed;
			for (const itemIndex of new Set(stuck.map((entry) => entry.itemIndex))) {
				const callids = stuck
					.filter((entry) => entry.itemIndex === itemIndex)
					.map((entry) => entry.callid);
				output.push({ order: itemIndex, item: errorItem(failed, itemIndex, { callids }) });
			}
		}
		entries = settled.toSend.map(withCallid);
	}

	await sendPosts();
	ledger.close(output.every(({ item }) => item.json.error === undefined));
	output.sort((a, b) => a.order - b.order);
	return output.map(({ item }) => item);

	async function sendPosts(): Promise<void> {
		let sent = 0;
		for (const post of postsOf(entries, mode, batchSize)) {
			const firstItem = post.entries[0].itemIndex;
			ledger.posting(post.entries.map(toSendEntry));
			const result = await settle(
				async () =>
					await request(connection, requestOf(channel, post), firstItem, () =>
						unknownOutcomeAdvice(post.entries),
					),
			);
			if (result.ok) {
				ledger.queued(post.entries.map(toSendEntry));
				const comment = result.value.kind === 'result' ? result.value.comment : 'ok';
				for (const entry of post.entries)
					output.push({ order: entry.itemIndex, item: sentItem(entry, comment) });
				sent += post.entries.length;
				continue;
			}
			const error = result.error;
			if (!sendMayHaveActed(error)) ledger.notQueued(post.entries.map(toSendEntry));
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
	}
}

function toSendEntry(entry: Entry): SendEntry {
	return {
		itemIndex: entry.itemIndex,
		position: entry.position,
		menuid: entry.menuid,
		number: entry.entry.number,
		callid: entry.entry.callid ?? '',
	};
}
