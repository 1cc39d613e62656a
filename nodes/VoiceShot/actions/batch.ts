import type { IExecuteFunctions } from 'n8n-workflow';

import type { Batch, Entry, Operation } from './operation';

export type SendMode = 'batch' | 'perItem';

export const DEFAULT_BATCH_SIZE = 1000;

/** Send Mode and Batch Size, read once for the whole execution. */
export function batchSettings(context: IExecuteFunctions): { mode: SendMode; batchSize: number } {
	const mode = context.getNodeParameter('options.sendMode', 0, 'batch') as SendMode;
	const size = Math.floor(
		Number(context.getNodeParameter('options.batchSize', 0, DEFAULT_BATCH_SIZE)),
	);
	return { mode, batchSize: size >= 1 ? size : DEFAULT_BATCH_SIZE };
}

/** One batch per input item. */
function byItem<V>(entries: Array<Entry<V>>): Array<Batch<V>> {
	const batches: Array<Batch<V>> = [];
	for (const entry of entries) {
		const last = batches[batches.length - 1];
		if (last && last[0].itemIndex === entry.itemIndex) last.push(entry);
		else batches.push([entry]);
	}
	return batches;
}

/**
 * Groups entries, in input order, into batches: one per input item, or, for an operation with a
 * batch key in batch mode, per key in batches of at most Batch Size entries.
 */
export function batchesOf<V>(
	context: IExecuteFunctions,
	operation: Operation<V>,
	entries: Array<Entry<V>>,
): Array<Batch<V>> {
	if (operation.oneBatch) return entries.length > 0 ? [entries] : [];
	if (!operation.batchKey) return byItem(entries);
	const { mode, batchSize } = batchSettings(context);
	if (mode === 'perItem') return byItem(entries);
	const byKey = new Map<string, Batch<V>>();
	for (const entry of entries) {
		const key = operation.batchKey(entry.value);
		const list = byKey.get(key);
		if (list) list.push(entry);
		else byKey.set(key, [entry]);
	}
	const batches: Array<Batch<V>> = [];
	for (const list of byKey.values()) {
		for (let start = 0; start < list.length; start += batchSize) {
			batches.push(list.slice(start, start + batchSize));
		}
	}
	return batches;
}

/** The items of a batch as n8n names items: "item 3", "items 0–4", "items 0, 2, 5". */
export function itemsLabel<V>(batch: Batch<V>): string {
	const indices = [...new Set(batch.map((entry) => entry.itemIndex))];
	if (indices.length === 1) return `item ${indices[0]}`;
	const first = indices[0];
	const last = indices[indices.length - 1];
	if (last - first === indices.length - 1) return `items ${first}–${last}`;
	const shown = indices.slice(0, 10).join(', ');
	return `items ${shown}${indices.length > 10 ? ` and ${indices.length - 10} more` : ''}`;
}
