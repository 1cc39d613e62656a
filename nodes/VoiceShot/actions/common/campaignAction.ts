import { menuIdField } from './fields';
import { menuIdOf } from './parameters';
import type { Operation } from '../operation';

/** Pause (action 7) and resume (action 8) differ only in the action and what they report. */
export function campaignAction(
	kind: 'pause' | 'resume',
	picker: Pick<Operation<string>, 'name' | 'action' | 'summary'>,
): Operation<string> {
	return {
		...picker,
		resource: 'campaign',
		operation: kind,
		properties: [menuIdField('campaign', kind)],
		fields: { menuid: 'Menu ID' },
		read: ({ context, client }, itemIndex) => [menuIdOf(context, client, itemIndex)],
		request: (_run, [{ value: menuid }]) => ({ kind, menuid }),
		output: ([{ value: menuid }], reply) => [
			[
				{
					menuid,
					paused: kind === 'pause',
					errorid: 0,
					comment: reply?.kind === 'result' ? reply.comment : 'ok',
				},
			],
		],
		details: ([menuid]) => ({ menuid }),
	};
}
