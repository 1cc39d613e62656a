import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { connect, request } from './connection';
import { menuIdField } from './fields';
import { eachItem } from './items';
import { menuIdOf } from './parameters';

/** Pause (action 7) and resume (action 8) differ only in the action and what they report. */
export function campaignAction(kind: 'pause' | 'resume'): {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;
} {
	return {
		description: [menuIdField('campaign', kind)],
		async execute(this: IExecuteFunctions) {
			const connection = await connect(this);
			return await eachItem(this, async (itemIndex) => {
				const menuid = menuIdOf(this, connection, itemIndex);
				const reply = await request(connection, { kind, menuid }, itemIndex);
				return [
					{
						menuid,
						paused: kind === 'pause',
						errorid: 0,
						comment: reply.kind === 'result' ? reply.comment : 'ok',
					},
				];
			});
		},
	};
}
