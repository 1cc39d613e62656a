import {
	NodeApiError,
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { VoiceShotClient } from '../../shared/client';
import { batchesOf, itemsLabel } from './batch';
import type { VoiceShotReply } from '../../shared/xml';
import type { Batch, Entry, Operation, Run } from './operation';

type NodeError = NodeApiError | NodeOperationError;

/** Any error as one n8n shows with the item's index. */
function asNodeError(run: Run, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(run.client.node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/** Drops undefined and null values so that output JSON shows only what is known. */
export function compact(value: Record<string, unknown>): IDataObject {
	const result: IDataObject = {};
	for (const key in value) {
		if (value[key] !== undefined && value[key] !== null)
			result[key] = value[key] as IDataObject[string];
	}
	return result;
}

/**
 * A failed item as an output item. With "Continue (using error output)" n8n moves an item to the
 * error output when its json holds only `error`, `message` and `details`, so what the user needs
 * goes under `details`; with "Continue (regular output)" it stays beside `error` as it always was.
 */
export function failedItem(
	context: IExecuteFunctions,
	error: NodeError,
	itemIndex: number,
	details: IDataObject = {},
): INodeExecutionData {
	const response =
		error instanceof NodeApiError ? (error.errorResponse as IDataObject | undefined) : undefined;
	const known = compact({
		description: error.description,
		errorid: response?.errorid,
		comment: response?.comment,
	});
	if (context.getNode().onError === 'continueErrorOutput') {
		return {
			json: { error: error.message, details: { ...known, ...details } },
			pairedItem: { item: itemIndex },
		};
	}
	const { description, ...reply } = known;
	const json: IDataObject = { error: error.message, ...details };
	if (description !== undefined) json.errorDescription = description;
	return { json: { ...json, ...reply }, pairedItem: { item: itemIndex } };
}

/**
 * Sends one batch and returns the output of its entries. Every request of every operation leaves
 * the node here.
 */
async function sendBatch<V>(
	run: Run,
	operation: Operation<V>,
	batch: Batch<V>,
): Promise<IDataObject[][]> {
	if (!operation.request) return operation.output(batch, undefined);
	const request = await operation.request(run, batch);
	operation.once?.sending(run, batch);
	let reply: VoiceShotReply;
	try {
		reply = await run.client.request(request, {
			itemIndex: batch[0].itemIndex,
			label: itemsLabel(batch),
			unknownOutcome: () => operation.unknownOutcome?.(batch),
			details: () =>
				operation.details?.(batch.map((entry) => entry.value)) as JsonObject | undefined,
		});
	} catch (error) {
		operation.once?.sent(run, batch, error);
		throw asNodeError(run, error, batch[0].itemIndex);
	}
	operation.once?.sent(run, batch);
	return operation.output(batch, reply);
}

/**
 * Runs an operation over the input items: reads and checks every item first, then sends the
 * entries in batches (or per item), and returns one output per entry, paired with its item, in
 * input order. "Continue on Fail" turns a failed item, or each item of a failed batch, into a
 * failed item; otherwise the first failure stops the node.
 */
export async function execute<V>(
	context: IExecuteFunctions,
	operation: Operation<V>,
): Promise<INodeExecutionData[]> {
	const client = operation.request
		? await VoiceShotClient.of(context)
		: VoiceShotClient.offline(context.getNode());
	const run: Run = { context, client };
	const output: Array<Entry<INodeExecutionData>> = [];
	const succeeded: Array<Entry<IDataObject>> = [];
	let failures = 0;
	const fail = (error: NodeError, itemIndex: number, details?: IDataObject) => {
		failures++;
		output.push({ itemIndex, value: failedItem(context, error, itemIndex, details) });
	};
	let done = 0;
	const failBatch = (error: unknown, batch: Batch<V>) => {
		const nodeError = asNodeError(run, error, batch[0].itemIndex);
		if (!context.continueOnFail()) throw withAlreadyDone(operation, nodeError, done);
		for (const itemIndex of new Set(batch.map((entry) => entry.itemIndex))) {
			const values = batch
				.filter((entry) => entry.itemIndex === itemIndex)
				.map((entry) => entry.value);
			fail(nodeError, itemIndex, operation.details?.(values));
		}
	};
	const succeed = (itemIndex: number, json: IDataObject, binary?: IBinaryKeyData) => {
		const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
		if (binary) item.binary = binary;
		output.push({ itemIndex, value: item });
		succeeded.push({ itemIndex, value: json });
	};

	const entries: Array<Entry<V>> = [];
	const count = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			for (const value of await operation.read(run, itemIndex)) entries.push({ itemIndex, value });
		} catch (error) {
			const nodeError = asNodeError(run, error, itemIndex);
			if (!context.continueOnFail()) throw nothingSent(operation, nodeError, itemIndex);
			fail(nodeError, itemIndex);
		}
	}

	let toSend = entries;
	if (operation.once) {
		const settlement = await operation.once.settle(run, entries);
		for (const { itemIndex, value } of settlement.done) succeed(itemIndex, value);
		for (const { error, batch } of settlement.unsettled) failBatch(error, batch);
		toSend = settlement.send;
	}

	for (const batch of batchesOf(context, operation, toSend)) {
		let results: IDataObject[][];
		try {
			results = await sendBatch(run, operation, batch);
		} catch (error) {
			failBatch(error, batch);
			continue;
		}
		batch.forEach(({ itemIndex, value }, index) => {
			const binary = operation.binary?.(value);
			for (const json of results[index] ?? []) succeed(itemIndex, json, binary);
		});
		done += batch.length;
	}

	operation.once?.close(run, failures === 0);
	operation.finish?.(run, succeeded);
	output.sort((a, b) => a.itemIndex - b.itemIndex);
	return output.map(({ value }) => value);
}

function appendDescription(error: NodeError, text: string): NodeError {
	error.description = `${error.description ?? ''} ${text}`.trim();
	return error;
}

function nothingSent<V>(operation: Operation<V>, error: NodeError, itemIndex: number): NodeError {
	if (!operation.request) return error;
	return appendDescription(
		error,
		`Nothing was sent to VoiceShot: every item is checked before any request goes out, and item ${itemIndex} did not pass.`,
	);
}

function withAlreadyDone<V>(operation: Operation<V>, error: NodeError, done: number): NodeError {
	if (done === 0 || !operation.alreadyDone) return error;
	return appendDescription(error, operation.alreadyDone(done));
}
