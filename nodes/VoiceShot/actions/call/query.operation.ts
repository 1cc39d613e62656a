import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { voiceShotDateTimeToIso } from '../../../shared/datetime';
import { readings } from '../../../shared/xml';
import { connect, request } from '../common/connection';
import { menuIdField, optionsField, shownFor, timeZoneOption } from '../common/fields';
import { compact, eachItem } from '../common/items';
import { inputError, menuIdOf, timeZoneOf } from '../common/parameters';

const show = shownFor('call', 'query');

export const description: INodeProperties[] = [
	menuIdField('call', 'query'),
	{
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		default: '',
		description:
			'The Call ID of the call or call group to report. Empty: every call of the campaign.',
		displayOptions: show,
	},
	optionsField('call', 'query', [timeZoneOption("used to turn VoiceShot's dates into ISO dates")]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await connect(this);
	return await eachItem(this, async (itemIndex) => {
		const menuid = menuIdOf(this, connection, itemIndex);
		const callid = String(this.getNodeParameter('callId', itemIndex, '') ?? '').trim();
		if (callid.length > readings.MAX_CALLID_LENGTH) {
			throw inputError(
				connection.node,
				itemIndex,
				'Call ID',
				`is longer than VoiceShot's ${readings.MAX_CALLID_LENGTH} characters`,
			);
		}
		const { timeZone: givenZone } = this.getNodeParameter('options', itemIndex, {}) as {
			timeZone?: string;
		};
		const timeZone = timeZoneOf(this, itemIndex, givenZone);
		const reply = await request(
			connection,
			{ kind: 'callQuery', menuid, callids: [callid] },
			itemIndex,
		);
		if (reply.kind !== 'callQueryResult') return [];
		return reply.calls.map((call) =>
			compact({
				menuid: reply.menuid || menuid,
				number: call.number,
				callid: call.callid,
				status: call.status,
				comment: call.comment,
				duration: call.duration,
				dateandtime: call.dateandtime,
				dateandtimeIso: voiceShotDateTimeToIso(call.dateandtime, timeZone),
				keypresses: call.prompts.map(({ promptid, keypress }) => ({ promptid, keypress })),
				keypressByPrompt: Object.fromEntries(
					call.prompts.map(({ promptid, keypress }) => [promptid, keypress]),
				),
				attributes: call.attributes,
			}),
		);
	});
}
