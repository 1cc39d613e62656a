import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingRequest, VoiceShotClient } from '../../shared/client';
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
	/** The request carrying a batch. Absent when nothing goes to VoiceShot (Call Command → Reply). */
	request?(run: Run, batch: Batch<V>): OutgoingRequest | Promise<OutgoingRequest>;
	/** The output json of each entry of a sent batch, in the batch's order. */
	output(batch: Batch<V>, reply: VoiceShotReply | undefined): IDataObject[][];
	/** What the user needs to follow up on a failed request, for the entries of one item. */
	details?(values: V[]): IDataObject;
	/** What to do when a request may have been acted on (the connection broke after sending). */
	unknownOutcome?(batch: Batch<V>): string;
	/** What earlier requests of this execution did (`count` entries) when a later one stops it. */
	alreadyDone?(count: number): string;
	/** Runs once after every item, with the items that succeeded. */
	finish?(run: Run, succeeded: Array<Entry<IDataObject>>): void;
}
