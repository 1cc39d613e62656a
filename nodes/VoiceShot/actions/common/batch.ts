import type { IExecuteFunctions } from 'n8n-workflow';

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

/**
 * Groups entries, in input order, into posts: one post per input item, or per campaign in posts
 * of at most `batchSize` entries.
 */
export function groupIntoPosts<T extends { itemIndex: number; menuid: string }>(
	entries: T[],
	mode: SendMode,
	batchSize: number,
): T[][] {
	const posts: T[][] = [];
	if (mode === 'perItem') {
		for (const entry of entries) {
			const last = posts[posts.length - 1];
			if (last && last[0].itemIndex === entry.itemIndex) last.push(entry);
			else posts.push([entry]);
		}
		return posts;
	}
	const byMenu = new Map<string, T[]>();
	for (const entry of entries) {
		const list = byMenu.get(entry.menuid);
		if (list) list.push(entry);
		else byMenu.set(entry.menuid, [entry]);
	}
	for (const list of byMenu.values()) {
		for (let start = 0; start < list.length; start += batchSize) {
			posts.push(list.slice(start, start + batchSize));
		}
	}
	return posts;
}
