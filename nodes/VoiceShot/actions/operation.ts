import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { OutgoingRequest, VoiceShotClient } from '../../shared/client';
import type { FieldLabels } from '../../shared/errors';
import type { VoiceShotReply } from '../../shared/xml';

/** What an operation works with during one execution. */
export interface Run {
	context: IExecuteFunctions;
	client: VoiceShotClient;
}

/** One part of an item's work (a phone number, a Call ID, a file), tagged with the item it came from. */
export interface Entry<V> {
	itemIndex: number;
	value: V;
}

/** The entries that travel in one request, in input order. */
export type Batch<V> = Array<Entry<V>>;

/**
 * One operation of the node, run by the executor (executor.ts) and listed in operations.ts.
 * Methods, not function properties: an Operation<V> is then usable where any operation is.
 */
export interface Operation<V> {
	resource: string;
	operation: string;
	/** The operation picker's entry. */
	name: string;
	action: string;
	summary: string;
	/** The operation's parameters, each shown for its resource and operation. */
	properties: INodeProperties[];
	/**
	 * Reads and checks one item, before anything is sent: its entries. Throws an error naming the
	 * item and the field.
	 */
	read(run: Run, itemIndex: number): V[] | Promise<V[]>;
	/**
	 * Present when the operation has Send Mode and Batch Size: in batch mode, entries with the same
	 * key share requests. Without it, each item's entries make one request.
	 */
	batchKey?(value: V): string;
	/** Every entry in one batch, whatever Send Mode and Batch Size say (Call → Get Outcome). */
	oneBatch?: boolean;
	/** The request carrying a batch. Absent when nothing goes to VoiceShot (Live Call → Reply). */
	request?(run: Run, batch: Batch<V>): OutgoingRequest | Promise<OutgoingRequest>;
	/**
	 * Instead of `request` and `output`, when a batch takes several requests (Call → Get Outcome checks
	 * until the calls are final): sends them through `send`, returns the output json of each entry.
	 */
	exchange?(
		run: Run,
		batch: Batch<V>,
		send: (request: OutgoingRequest) => Promise<VoiceShotReply>,
	): Promise<IDataObject[][]>;
	/** The output json of each entry of a sent batch, in the batch's order. */
	output?(batch: Batch<V>, reply: VoiceShotReply | undefined): IDataObject[][];
	/** Present when the operation may have several outputs: spreads the executor's items over them. */
	outputs?(context: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][];
	/** Binary data of an entry's output items, when the operation makes files (Webhook Post → Decode). */
	binary?(value: V): IBinaryKeyData | undefined;
	/** What the user needs to follow up on a failed request, for the entries of one item. */
	details?(values: V[]): IDataObject;
	/** What to do when a request may have been acted on (the connection broke after sending). */
	unknownOutcome?(batch: Batch<V>): string;
	/** What earlier requests of this execution did (`count` entries) when a later one stops it. */
	alreadyDone?(count: number): string;
	/** Runs once after every item, with the items that succeeded. */
	finish?(run: Run, succeeded: Array<Entry<IDataObject>>): void;
	/** The panel's name of each codec field its requests carry, to name them in errors. */
	fields?: FieldLabels;
	/** Present on operations whose requests must never be repeated (sends): see common/exactlyOnce.ts. */
	exactlyOnce?: ExactlyOnce<V>;
	/**
	 * Entries with the same key do the same work: only the first of the execution is sent; each
	 * later one gets `repeatOutput` of the first's output, or fails as the first did. Undefined:
	 * always sent.
	 */
	repeatKey?(value: V): string | undefined;
	repeatOutput?(value: V, first: IDataObject): IDataObject;
}

/**
 * What an earlier try of this execution (n8n's Retry On Fail, or a retry of the execution) already
 * sent, so that nothing is sent twice. The executor asks it before any request and tells it about
 * each request.
 */
export interface ExactlyOnce<V> {
	/** After every item is read, before any request goes out. */
	settle(run: Run, entries: Array<Entry<V>>): Promise<Settled<V>>;
	/** Right before a batch's request goes out. */
	posting(run: Run, batch: Batch<V>): void;
	/** After a batch's request: `error` when it failed. */
	posted(run: Run, batch: Batch<V>, error?: unknown): void;
	/** At the end of a try that went through every batch; `complete` when no item failed. */
	close(run: Run, complete: boolean): void;
}

/** What settling found, in input order. */
export interface Settled<V> {
	/** Entries an earlier try queued, with their output: not sent again. */
	queued: Array<{ planned: Entry<V>; json: IDataObject }>;
	/** Never sent, or not queued: to send now. */
	toSend: Array<Entry<V>>;
	/** Entries whose earlier outcome could not be settled now: they fail as a failed batch does. */
	unsettled: Array<Unsettled<V>>;
}

/** A batch whose earlier outcome is unknown because looking it up failed; nothing of it is sent. */
export interface Unsettled<V> {
	error: unknown;
	batch: Batch<V>;
	/** What the user should know and do. */
	advice: string;
}
