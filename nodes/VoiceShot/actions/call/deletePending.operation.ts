import type { INodeProperties } from 'n8n-workflow';

import { menuIdField, optionsField, sendModeOptions, shownFor } from '../common/fields';
import { checkCallidLength, menuIdOf } from '../common/parameters';
import { InputError } from '../../../shared/errors';
import { splitList } from '../../../shared/list';
import type { Operation } from '../operation';

const show = shownFor('call', 'deletePending');

const properties: INodeProperties[] = [
	menuIdField('call', 'deletePending'),
	{
		displayName: 'Call IDs',
		name: 'callIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order-1042, order-1043',
		description:
			'The Call IDs of calls to delete, separated by commas. Only calls not yet dialing are deleted; a Call ID shared by a call group deletes the group.',
		displayOptions: show,
	},
	optionsField('call', 'deletePending', sendModeOptions),
];

interface PendingCall {
	menuid: string;
	callid: string;
}

export const operation: Operation<PendingCall> = {
	resource: 'call',
	operation: 'deletePending',
	name: 'Delete Pending',
	action: 'Delete pending calls',
	summary: 'Delete calls not yet dialing, by Call ID',
	properties,
	fields: { menuid: 'Menu ID', callid: 'Call IDs' },
	read({ context, client }, itemIndex) {
		const menuid = menuIdOf(context, client, itemIndex);
		const callids = splitList(context.getNodeParameter('callIds', itemIndex));
		if (callids.length === 0) throw new InputError('Call IDs', 'is empty');
		for (const callid of callids) checkCallidLength(callid, 'Call IDs', true);
		return callids.map((callid) => ({ menuid, callid }));
	},
	batchKey: (pending) => pending.menuid,
	request: (_run, batch) => ({
		kind: 'deletePending',
		menuid: batch[0].value.menuid,
		callids: batch.map(({ value }) => value.callid),
	}),
	output: (batch, reply) =>
		batch.map(({ value: { menuid, callid } }) => [
			{
				menuid,
				callid,
				deleteRequested: true,
				errorid: 0,
				...(reply?.kind === 'result' ? { comment: reply.comment } : {}),
			},
		]),
	details: (pending) => ({
		menuid: pending[0].menuid,
		callids: pending.map(({ callid }) => callid),
	}),
	alreadyDone: (count) =>
		`Deleting ${count} call(s) was requested by earlier requests of this execution before this one failed.`,
};
