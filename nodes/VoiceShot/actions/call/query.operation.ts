import type { INodeProperties } from 'n8n-workflow';

import { voiceShotDateTimeToIso } from '../../../shared/datetime';
import { readings } from '../../../shared/xml';
import { menuIdField, optionsField, shownFor, timeZoneOption } from '../common/fields';
import { checkedTimeZone, inputError, menuIdOf } from '../common/parameters';
import { compact } from '../executor';
import type { Operation } from '../operation';

const show = shownFor('call', 'query');

const properties: INodeProperties[] = [
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

interface CallQuery {
	menuid: string;
	callid: string;
	timeZone: string;
}

export const operation: Operation<CallQuery> = {
	resource: 'call',
	operation: 'query',
	name: 'Query',
	action: 'Query calls',
	summary: 'Report the status, duration and keypresses of calls',
	properties,
	read({ context, client }, itemIndex) {
		const menuid = menuIdOf(context, client, itemIndex);
		const callid = String(context.getNodeParameter('callId', itemIndex, '') ?? '').trim();
		if (callid.length > readings.MAX_CALLID_LENGTH) {
			throw inputError(
				client.node,
				itemIndex,
				'Call ID',
				`is longer than VoiceShot's ${readings.MAX_CALLID_LENGTH} characters`,
			);
		}
		const { timeZone } = context.getNodeParameter('options', itemIndex, {}) as {
			timeZone?: string;
		};
		return [{ menuid, callid, timeZone: checkedTimeZone(context, itemIndex, timeZone) }];
	},
	request: (_run, [{ value }]) => ({
		kind: 'callQuery',
		menuid: value.menuid,
		callids: [value.callid],
	}),
	output: ([{ value }], reply) => {
		if (reply?.kind !== 'callQueryResult') return [[]];
		return [
			reply.calls.map((call) =>
				compact({
					menuid: reply.menuid || value.menuid,
					number: call.number,
					callid: call.callid,
					status: call.status,
					comment: call.comment,
					duration: call.duration,
					dateandtime: call.dateandtime,
					dateandtimeIso: voiceShotDateTimeToIso(call.dateandtime, value.timeZone),
					keypresses: call.prompts.map(({ promptid, keypress }) => ({ promptid, keypress })),
					keypressByPrompt: Object.fromEntries(
						call.prompts.map(({ promptid, keypress }) => [promptid, keypress]),
					),
					attributes: call.attributes,
				}),
			),
		];
	},
	details: ([{ menuid, callid }]) => ({ menuid, callids: [callid] }),
};
