import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { execute } from '../../../nodes/VoiceShot/actions/executor';
import type { Operation } from '../../../nodes/VoiceShot/actions/operation';
import { InputError } from '../../../nodes/shared/errors';
import { fakeContext } from './fakeContext';

/** A pause per item; item 1 reads badly. */
const pause: Operation<string> = {
	resource: 'campaign',
	operation: 'pause',
	name: 'Pause',
	action: 'Pause a campaign',
	summary: '',
	properties: [],
	fields: { menuid: 'Menu ID' },
	read: (_run, itemIndex) => {
		if (itemIndex === 1) throw new InputError('Menu ID', 'is empty');
		return [`${itemIndex}-1`];
	},
	request: (_run, [{ value }]) => ({ kind: 'pause', menuid: value }),
	output: ([{ value }], reply) => [
		[{ menuid: value, comment: reply?.kind === 'result' ? reply.comment : '' }],
	],
	details: ([menuid]) => ({ menuid }),
	alreadyDone: (count) => `${count} earlier.`,
};

const refuseSecond = (body: string) =>
	body.includes('menuid="2-1"')
		? '<campaign errorid="19" comment="Invalid menuid"/>'
		: '<campaign errorid="0" comment="ok"/>';

describe('execute', () => {
	it('checks every item before sending: a bad item stops the node and nothing is sent', async () => {
		const context = fakeContext({ items: 3 });
		const error = await execute(context, pause).catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: 'Menu ID is empty [item 1]',
			description:
				'Check the "Menu ID" parameter of item 1. Nothing was sent to VoiceShot: every item is checked before any request goes out, and item 1 did not pass.',
		});
		expect(context.bodies).toEqual([]);
	});

	it('continuing: one output per entry, paired, in input order; failed items in their place', async () => {
		const context = fakeContext({ items: 3, continueOnFail: true, answer: refuseSecond });
		const output = await execute(context, pause);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toEqual({ menuid: '0-1', comment: 'ok' });
		expect(output[1].json).toMatchObject({ error: 'Menu ID is empty [item 1]' });
		expect(output[2].json).toMatchObject({
			error: 'No campaign has this Menu ID: copy it from the campaign in VoiceShot. [item 2]',
			details: { errorid: 19, comment: 'Invalid menuid', menuid: '2-1' },
		});
		expect(context.bodies).toHaveLength(2);
	});

	it('a failed request stops the node, saying what earlier requests did', async () => {
		const context = fakeContext({
			items: 3,
			parameters: {},
			answer: refuseSecond,
		});
		const read = pause.read;
		const error = await execute(context, {
			...pause,
			read: (run, index) => (index === 1 ? ['x'] : read(run, index)),
		}).catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).description).toBe(
			'VoiceShot refused the request: errorid 19, Invalid menuid. 2 earlier.',
		);
	});
});
