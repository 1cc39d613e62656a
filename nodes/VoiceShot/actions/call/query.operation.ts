import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { voiceShotDateTimeToIso } from '../../../shared/datetime';
import type { QueriedCall } from '../../../shared/xml';
import { callIdOption, menuIdField, optionsField, shownFor } from '../common/fields';
import { callIdOf, checkedTimeZone, menuIdOf } from '../common/parameters';
import { InputError } from '../../../shared/errors';
import { compact } from '../../../shared/json';
import type { Operation } from '../operation';
import { timeZoneOption } from '../../../shared/timezones';

const show = shownFor('call', 'query');

/** What Simplify keeps of each call. */
const SIMPLE_FIELDS = [
	'callid',
	'phonenumber',
	'status',
	'comment',
	'duration',
	'dateandtimeIso',
	'keypressByPrompt',
];

const properties: INodeProperties[] = [
	menuIdField('call', 'query'),
	{
		...callIdOption,
		description:
			'The Call ID given when the call was sent (the "callid" field of Send\'s output): that call, or every call of its call group. Empty: every call of the campaign.',
		displayOptions: show,
	},
	{
		displayName:
			'A Call ID VoiceShot does not list (yet) gives no item, and n8n stops this branch there ("No output data returned"). To go on with an empty item instead, turn on Settings → Always Output Data.',
		name: 'nothingFoundNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show.show, returnAll: [false] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: `Whether to return a simplified version of the response instead of the raw data: ${SIMPLE_FIELDS.join(', ')}`,
		displayOptions: show,
	},
	optionsField('call', 'query', [
		{
			displayName: 'Include Raw Attributes',
			name: 'includeAttributes',
			type: 'boolean',
			default: false,
			description:
				'Whether to add every attribute of the call as VoiceShot sent it, in "attributes" (not simplified)',
		},
		timeZoneOption("used to turn VoiceShot's dates into ISO dates"),
	]),
];

/** A call as the call query reports it, with its duration a number, an ISO date and keypresses by prompt. */
export function queriedCallJson(menuid: string, call: QueriedCall, timeZone: string): IDataObject {
	return compact({
		menuid,
		phonenumber: call.number,
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
	});
}

interface CallQuery {
	menuid: string;
	callid: string;
	timeZone: string;
	/** the most calls to output; undefined: all */
	limit?: number;
	simplify: boolean;
	includeAttributes: boolean;
}

export const operation: Operation<CallQuery> = {
	resource: 'call',
	operation: 'query',
	name: 'Query',
	action: 'Query calls',
	summary: 'Report the status, duration and keypresses of calls',
	properties,
	fields: { menuid: 'Menu ID', callid: 'Call ID' },
	read({ context, client }, itemIndex) {
		const menuid = menuIdOf(context, client, itemIndex);
		const callid = callIdOf(context, itemIndex);
		const { timeZone, includeAttributes } = context.getNodeParameter('options', itemIndex, {}) as {
			timeZone?: string;
			includeAttributes?: boolean;
		};
		const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : Number(context.getNodeParameter('limit', itemIndex, 50));
		if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
			throw new InputError('Limit', 'must be a whole number of at least 1');
		}
		return [
			{
				menuid,
				callid,
				timeZone: checkedTimeZone(context, timeZone),
				limit,
				simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
				includeAttributes: includeAttributes === true,
			},
		];
	},
	request: (_run, [{ value }]) => ({
		kind: 'callQuery',
		menuid: value.menuid,
		callids: [value.callid],
	}),
	output: ([{ value }], reply) => {
		if (reply?.kind !== 'callQueryResult') return [[]];
		const calls = value.limit === undefined ? reply.calls : reply.calls.slice(0, value.limit);
		return [
			calls.map((call) => {
				const json = queriedCallJson(reply.menuid || value.menuid, call, value.timeZone);
				const output: IDataObject = value.simplify
					? Object.fromEntries(
							SIMPLE_FIELDS.filter((key) => key in json).map((key) => [key, json[key]]),
						)
					: json;
				if (value.includeAttributes) output.attributes = call.attributes;
				return output;
			}),
		];
	},
	details: ([{ menuid, callid }]) => (callid ? { menuid, callids: [callid] } : { menuid }),
};
