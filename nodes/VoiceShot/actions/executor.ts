import {
	NodeApiError,
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { compact } from '../../shared/json';
import { VoiceShotClient, type OutgoingRequest } from '../../shared/client';
import { nodeErrorOf, sentences, type ErrorPlace } from '../../shared/errors';
import { batchesOf, itemsLabel } from './batch';
import type { VoiceShotReply } from '../../shared/xml';
import type { Batch, Entry, Operation, Run } from './operation';

type NodeError = NodeApiError | NodeOperationError;

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

/** Where a batch's error happened, and what the user needs to follow it up. */
function placeOf<V>(operation: Operation<V>, batch: Batch<V>, aftermath?: string): ErrorPlace {
	return {
		itemIndex: batch[0].itemIndex,
		items: itemsLabel(batch),
		fields: operation.fields,
		details: operation.details?.(batch.map((entry) => entry.value)) as JsonObject | undefined,
		unknownOutcome: operation.unknownOutcome?.(batch),
		aftermath,
	};
}

/**
 * Sends one batch: the output of its entries, or the error its request failed with. Every batch's
 * request leaves the node here; the only other requests are the look-ups of exactly-once
 * (common/send.ts) before any batch.
 */
async function sendBatch<V>(
	run: Run,
	operation: Operation<V>,
	batch: Batch<V>,
): Promise<{ results: IDataObject[][] } | { error: unknown }> {
	if (operation.exchange) {
		try {
			return {
				results: await operation.exchange(
					run,
					batch,
					async (request) => await run.client.exchange(request),
				),
			};
		} catch (error) {
			return { error };
		}
	}
	if (!operation.request) return { results: operation.output?.(batch, undefined) ?? [] };
	let request: OutgoingRequest;
	try {
		request = await operation.request(run, batch);
	} catch (error) {
		return { error };
	}
	operation.exactlyOnce?.posting(run, batch);
	let reply: VoiceShotReply;
	try {
		reply = await run.client.exchange(request);
	} catch (error) {
		operation.exactlyOnce?.posted(run, batch, error);
		return { error };
	}
	operation.exactlyOnce?.posted(run, batch);
	return { results: operation.output?.(batch, reply) ?? [] };
}

/** Whether an operation sends requests to VoiceShot (and so needs the credential). */
export function sends<V>(operation: Operation<V>): boolean {
	return operation.request !== undefined || operation.exchange !== undefined;
}

/**
 * Runs an operation over the input items: reads and checks every item first, then sends the
 * entries in batches (or per item), and returns one output per entry, paired with its item, in
 * input order. "Continue on Fail" turns a failed item, or each item of a failed batch, into a
 * failed item; otherwise the first failure stops the node. Every error is worded once, by
 * `nodeErrorOf` (shared/errors.ts).
 */
export async function execute<V>(
	context: IExecuteFunctions,
	operation: Operation<V>,
): Promise<INodeExecutionData[]> {
	const client = sends(operation)
		? await VoiceShotClient.of(context)
		: VoiceShotClient.offline(context.getNode());
	const run: Run = { context, client };
	const node = context.getNode();
	const output: Array<Entry<INodeExecutionData>> = [];
	const succeeded: Array<Entry<IDataObject>> = [];
	let failures = 0;
	const fail = (error: NodeError, itemIndex: number, details?: IDataObject) => {
		failures++;
		output.push({ itemIndex, value: failedItem(context, error, itemIndex, details) });
	};
	/** How many entries earlier requests of this try sent. */
	let sentCount = 0;
	/** What became of each entry sent (or settled): its output, or its error. */
	const outcomes = new Map<Entry<V>, IDataObject | NodeError>();
	const failBatch = (error: unknown, batch: Batch<V>, advice?: string) => {
		if (!context.continueOnFail()) {
			const sentBefore = sentCount > 0 ? operation.alreadyDone?.(sentCount) : undefined;
			throw nodeErrorOf(node, error, placeOf(operation, batch, sentences(advice, sentBefore)));
		}
		const nodeError = nodeErrorOf(node, error, placeOf(operation, batch, advice));
		for (const entry of batch) outcomes.set(entry, nodeError);
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
			const stops = !context.continueOnFail();
			const nodeError = nodeErrorOf(node, error, {
				itemIndex,
				items: `item ${itemIndex}`,
				fields: operation.fields,
				aftermath:
					stops && sends(operation)
						? `Nothing was sent to VoiceShot: every item is checked before any request goes out, and item ${itemIndex} did not pass.`
						: undefined,
			});
			if (stops) throw nodeError;
			fail(nodeError, itemIndex);
		}
	}

	const { firsts, repeats } = splitRepeats(operation, entries);
	let toSend = firsts;
	if (operation.exactlyOnce) {
		const settled = await operation.exactlyOnce.settle(run, firsts);
		for (const { planned, json } of settled.queued) {
			succeed(planned.itemIndex, json);
			outcomes.set(planned, json);
		}
		for (const { error, batch, advice } of settled.unsettled) failBatch(error, batch, advice);
		toSend = settled.toSend;
	}

	for (const batch of batchesOf(context, operation, toSend)) {
		const sent = await sendBatch(run, operation, batch);
		if ('error' in sent) {
			failBatch(sent.error, batch);
			continue;
		}
		const { results } = sent;
		batch.forEach((entry, index) => {
			const binary = operation.binary?.(entry.value);
			for (const json of results[index] ?? []) succeed(entry.itemIndex, json, binary);
			if (results[index]?.[0]) outcomes.set(entry, results[index][0]);
		});
		sentCount += batch.length;
	}

	for (const { entry, first } of repeats) {
		const outcome = outcomes.get(first);
		if (outcome === undefined) continue;
		if (outcome instanceof NodeApiError || outcome instanceof NodeOperationError)
			fail(outcome, entry.itemIndex, operation.details?.([entry.value]));
		else succeed(entry.itemIndex, operation.repeatOutput?.(entry.value, outcome) ?? outcome);
	}

	operation.exactlyOnce?.close(run, failures === 0);
	operation.finish?.(run, succeeded);
	output.sort((a, b) => a.itemIndex - b.itemIndex);
	return output.map(({ value }) => value);
}

/** The first entry of each repeat key, in input order, and the later ones with their first. */
function splitRepeats<V>(
	operation: Operation<V>,
	entries: Array<Entry<V>>,
): { firsts: Array<Entry<V>>; repeats: Array<{ entry: Entry<V>; first: Entry<V> }> } {
	if (!operation.repeatKey) return { firsts: entries, repeats: [] };
	const byKey = new Map<string, Entry<V>>();
	const firsts: Array<Entry<V>> = [];
	const repeats: Array<{ entry: Entry<V>; first: Entry<V> }> = [];
	for (const entry of entries) {
		const key = operation.repeatKey(entry.value);
		const first = key === undefined ? undefined : byKey.get(key);
		if (first) {
			repeats.push({ entry, first });
			continue;
		}
		if (key !== undefined) byKey.set(key, entry);
		firsts.push(entry);
	}
	return { firsts, repeats };
}
