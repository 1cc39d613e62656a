import { batchesOf, itemsLabel } from '../../../nodes/VoiceShot/actions/batch';
import type { Entry, Operation } from '../../../nodes/VoiceShot/actions/operation';
import { fakeContext } from './fakeContext';

type Value = { menuid: string; n: number };

const keyed = { batchKey: (value: Value) => value.menuid } as Operation<Value>;
const unkeyed = {} as Operation<Value>;

function entries(...spec: Array<[number, string]>): Array<Entry<Value>> {
	return spec.map(([itemIndex, menuid], n) => ({ itemIndex, value: { menuid, n } }));
}

function shape(batches: Array<Array<Entry<Value>>>): number[][] {
	return batches.map((batch) => batch.map((entry) => entry.value.n));
}

describe('batchesOf', () => {
	const input = entries([0, 'a'], [0, 'b'], [1, 'a'], [2, 'a'], [2, 'b']);

	it('batch mode: per key, in input order, at most Batch Size entries', () => {
		const context = fakeContext({ parameters: { 'options.batchSize': 2 } });
		expect(shape(batchesOf(context, keyed, input))).toEqual([[0, 2], [3], [1, 4]]);
	});

	it('per item, or without a batch key: one batch per input item', () => {
		const perItem = fakeContext({ parameters: { 'options.sendMode': 'perItem' } });
		expect(shape(batchesOf(perItem, keyed, input))).toEqual([[0, 1], [2], [3, 4]]);
		expect(shape(batchesOf(fakeContext(), unkeyed, input))).toEqual([[0, 1], [2], [3, 4]]);
	});

	it('a Batch Size below 1 or not a number is the default (1000)', () => {
		for (const size of [0, 'x']) {
			const context = fakeContext({ parameters: { 'options.batchSize': size } });
			expect(shape(batchesOf(context, keyed, input))).toEqual([
				[0, 2, 3],
				[1, 4],
			]);
		}
	});
});

describe('itemsLabel', () => {
	it('names items as n8n does', () => {
		expect(itemsLabel(entries([3, 'a'], [3, 'a']))).toBe('item 3');
		expect(itemsLabel(entries([0, 'a'], [1, 'a'], [2, 'a']))).toBe('items 0–2');
		expect(itemsLabel(entries([0, 'a'], [2, 'a'], [5, 'a']))).toBe('items 0, 2, 5');
		const many = entries(...Array.from({ length: 12 }, (_, i): [number, string] => [i * 2, 'a']));
		expect(itemsLabel(many)).toBe('items 0, 2, 4, 6, 8, 10, 12, 14, 16, 18 and 2 more');
	});
});
