import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { settle } from '../../../shared/settle';
import { readings } from '../../../shared/xml';
import { connect, request } from '../common/connection';
import { menuIdField, optionsField, sendModeOptions, shownFor } from '../common/fields';
import { asNodeError, errorItem } from '../common/items';
import { inputError, menuIdOf } from '../common/parameters';
import { batchSettings, groupIntoPosts } from '../common/batch';

const show = shownFor('call', 'deletePending');

export const description: INodeProperties[] = [
	menuIdField('call', 'deletePending'),
	{
		displayName: 'Call IDs',
		name: 'callIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'n8n-3f1c…, order-1042',
		description:
			'The Call IDs of calls to delete, separated by commas. Only calls not yet dialing are deleted; a Call ID shared by a call group deletes the group.',
		displayOptions: show,
	},
	optionsField('call', 'deletePending', sendModeOptions),
];

interface Planned {
	itemIndex: number;
	menuid: string;
	callid: string;
}

function callIdsOf(raw: unknown): string[] {
	const values = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[,;\n]+/);
	return values.map((value) => value.trim()).filter((value) => value !== '');
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await connect(this);
	const count = this.getInputData().length;
	const { mode, batchSize } = batchSettings(this);
	const output: Array<{ order: number; item: INodeExecutionData }> = [];
	const planned: Planned[] = [];

	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const result = await settle(async () => {
			const menuid = menuIdOf(this, connection, itemIndex);
			const callids = callIdsOf(this.getNodeParameter('callIds', itemIndex));
			if (callids.length === 0)
				throw inputError(connection.node, itemIndex, 'Call IDs', 'is empty');
			const tooLong = callids.find((callid) => callid.length > readings.MAX_CALLID_LENGTH);
			if (tooLong) {
				throw inputError(
					connection.node,
					itemIndex,
					'Call IDs',
					`holds ${JSON.stringify(tooLong)}, longer than VoiceShot's ${readings.MAX_CALLID_LENGTH} characters`,
				);
			}
			return callids.map((callid) => ({ itemIndex, menuid, callid }));
		});
		if (result.ok) {
			planned.push(...result.value);
			continue;
		}
		if (!this.continueOnFail()) throw asNodeError(this, result.error, itemIndex);
		output.push({ order: itemIndex, item: errorItem(result.error, itemIndex) });
	}

	for (const post of groupIntoPosts(planned, mode, batchSize)) {
		const menuid = post[0].menuid;
		const result = await settle(
			async () =>
				await request(
					connection,
					{ kind: 'deletePending', menuid, callids: post.map((entry) => entry.callid) },
					post[0].itemIndex,
				),
		);
		if (result.ok) {
			for (const entry of post) {
				const json: IDataObject = {
					menuid,
					callid: entry.callid,
					deleteRequested: true,
					errorid: 0,
				};
				if (result.value.kind === 'result') json.comment = result.value.comment;
				output.push({
					order: entry.itemIndex,
					item: { json, pairedItem: { item: entry.itemIndex } },
				});
			}
			continue;
		}
		if (!this.continueOnFail()) throw asNodeError(this, result.error, post[0].itemIndex);
		for (const itemIndex of new Set(post.map((entry) => entry.itemIndex))) {
			const callids = post
				.filter((entry) => entry.itemIndex === itemIndex)
				.map((entry) => entry.callid);
			output.push({
				order: itemIndex,
				item: errorItem(result.error, itemIndex, { menuid, callids }),
			});
		}
	}
	output.sort((a, b) => a.order - b.order);
	return output.map(({ item }) => item);
}
