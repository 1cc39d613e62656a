import {
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readings, validateRequest, type QueriedCall } from '../../../shared/xml';
import { timeZoneOption } from '../../../shared/timezones';
import { menuIdField, optionsField, shownFor } from '../common/fields';
import { InputError } from '../../../shared/errors';
import { callIdOf, checkedTimeZone, menuIdOf, phoneNumberOf } from '../common/parameters';
import type { Batch, Entry, Operation, Run } from '../operation';
import { queriedCallJson } from './query.operation';

const show = shownFor('call', 'getOutcome');

/** The longest wait inside the node: a waiting node holds its execution, and n8n cannot save it. */
export const MAX_WAIT_SECONDS = 300;
const MAX_INTERVAL_SECONDS = 60;

/**
 * From this many Call IDs of one campaign on, a check lists the campaign once (a call query without
 * callid) instead of querying each Call ID: see bench/outcome.bench.ts and its figures.
 */
export const LISTING_FROM = 10;

/** Outputs when Route Pending Calls Separately is on. */
export const FINAL_OUTPUT = 0;
export const PENDING_OUTPUT = 1;

/** What Simplify keeps of the call, besides the input item's own fields. */
const RAW_ONLY_FIELDS = ['dateandtime', 'keypresses'];

const properties: INodeProperties[] = [
	menuIdField('call', 'getOutcome'),
	{
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		default: '={{ $json.callid }}',
		required: true,
		placeholder: 'e.g. alert-web1-1042',
		description:
			'The Call ID the call was sent with (the "callid" field of Call → Send\'s output). A call group: every call of it.',
		displayOptions: show,
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '={{ $json.phonenumber }}',
		placeholder: 'e.g. (818) 555-0100',
		description:
			"Only the call to this number, when the Call ID is a call group's. Empty: every call with the Call ID.",
		displayOptions: show,
	},
	{
		displayName: 'Route Pending Calls Separately',
		name: 'pendingOutput',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description:
			'Whether calls not final yet leave by a second output, Pending, to go through a Wait node and back into this node; final calls leave by Final. n8n saves an execution that waits longer than 65 seconds and resumes it later, after a restart too.',
		displayOptions: show,
	},
	{
		displayName: 'Wait Until Final',
		name: 'waitUntilFinal',
		type: 'boolean',
		default: false,
		description: `Whether to check again every Check Interval until every call is final or Max Wait has passed. The execution is held the whole time (up to ${MAX_WAIT_SECONDS / 60} minutes): for longer waits, use Route Pending Calls Separately with a Wait node.`,
		displayOptions: show,
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		default: 120,
		typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
		description: `How long to wait at most, up to ${MAX_WAIT_SECONDS / 60} minutes. Calls still not final then come out with "final" false.`,
		displayOptions: { show: { ...show.show, waitUntilFinal: [true] } },
	},
	{
		displayName: 'Check Interval (Seconds)',
		name: 'checkIntervalSeconds',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1, maxValue: MAX_INTERVAL_SECONDS },
		description: 'How long to wait between two checks',
		displayOptions: { show: { ...show.show, waitUntilFinal: [true] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to leave out the raw date and the list of keypresses (dateandtime, keypresses); the outcome, status, comment, duration, ISO date and keypresses by prompt stay',
		displayOptions: show,
	},
	optionsField('call', 'getOutcome', [
		timeZoneOption("used to turn VoiceShot's dates into ISO dates"),
	]),
];

interface OutcomeCheck {
	menuid: string;
	callid: string;
	/** The number's key (readings.sameNumberKey) when the item names one call of a group. */
	number?: string;
	timeZone: string;
	simplify: boolean;
	wait?: { maxMs: number; intervalMs: number };
	item: IDataObject;
}

function secondsOf(
	run: Run,
	itemIndex: number,
	name: string,
	field: string,
	{ min, max, fallback }: { min: number; max: number; fallback: number },
): number {
	const value = Number(run.context.getNodeParameter(name, itemIndex, fallback));
	if (!(Number.isFinite(value) && value >= min && value <= max)) {
		throw new InputError(field, `must be between ${min} and ${max}`);
	}
	return value * 1000;
}

/** The outcome fields of one call, or of a Call ID VoiceShot does not list (yet). */
function outcomeJson(check: OutcomeCheck, call: QueriedCall | undefined): IDataObject {
	if (!call) {
		return {
			menuid: check.menuid,
			callid: check.callid,
			outcome: 'pending',
			final: false,
			status: '',
			comment: '',
			duration: 0,
			keypressByPrompt: {},
		};
	}
	const json = queriedCallJson(check.menuid, call, check.timeZone);
	const { outcome, final } = readings.callOutcome(call.status ?? '', call.comment ?? '');
	const result: IDataObject = {
		menuid: json.menuid,
		callid: json.callid,
		phonenumber: json.phonenumber,
		outcome,
		final,
		status: call.status ?? '',
		comment: call.comment ?? '',
		duration: call.duration ?? 0,
	};
	for (const [key, value] of Object.entries(json)) if (!(key in result)) result[key] = value;
	if (check.simplify) for (const key of RAW_ONLY_FIELDS) delete result[key];
	return result;
}

/** The calls of one check that belong to an item. */
function callsOf(check: OutcomeCheck, calls: QueriedCall[]): QueriedCall[] {
	return calls.filter(
		(call) =>
			call.callid === check.callid &&
			(check.number === undefined || readings.sameNumberKey(call.number) === check.number),
	);
}

function isFinal(calls: QueriedCall[]): boolean {
	return (
		calls.length > 0 &&
		calls.every((call) => readings.callOutcome(call.status ?? '', call.comment ?? '').final)
	);
}

type Send = Parameters<NonNullable<Operation<OutcomeCheck>['exchange']>>[2];

/** One check of the given entries: per campaign, a query per Call ID or one listing. */
async function check(
	send: Send,
	entries: Batch<OutcomeCheck>,
): Promise<Map<Entry<OutcomeCheck>, QueriedCall[]>> {
	const byCampaign = new Map<string, Batch<OutcomeCheck>>();
	for (const entry of entries) {
		const list = byCampaign.get(entry.value.menuid) ?? [];
		list.push(entry);
		byCampaign.set(entry.value.menuid, list);
	}
	const found = new Map<Entry<OutcomeCheck>, QueriedCall[]>();
	for (const [menuid, list] of byCampaign) {
		const callids = [...new Set(list.map((entry) => entry.value.callid))];
		const queries = callids.length >= LISTING_FROM ? [''] : callids;
		const calls: QueriedCall[] = [];
		for (const callid of queries) {
			const reply = await send({ kind: 'callQuery', menuid, callids: [callid] });
			if (reply.kind === 'callQueryResult') calls.push(...reply.calls);
		}
		for (const entry of list) found.set(entry, callsOf(entry.value, calls));
	}
	return found;
}

export const operation: Operation<OutcomeCheck> = {
	resource: 'call',
	operation: 'getOutcome',
	name: 'Get Outcome',
	action: 'Get the outcome of calls',
	summary:
		'Whether each call was answered, went to voicemail, was busy or unanswered, or is still pending, with its keypresses',
	properties,
	read(run, itemIndex) {
		const { context, client } = run;
		const menuid = menuIdOf(context, client, itemIndex);
		const callid = callIdOf(context, itemIndex);
		if (callid === '') {
			throw new InputError(
				'Call ID',
				'is empty: give the Call ID the call was sent with (the "callid" field of Call → Send\'s output)',
			);
		}
		// a Call ID XML cannot carry fails here, before any request
		validateRequest({ kind: 'callQuery', menuid, callids: [callid] });
		const rawNumber = String(context.getNodeParameter('phoneNumber', itemIndex, '') ?? '').trim();
		const number =
			rawNumber === ''
				? undefined
				: readings.sameNumberKey(phoneNumberOf(rawNumber, 'Phone Number'));
		const { timeZone } = context.getNodeParameter('options', itemIndex, {}) as {
			timeZone?: string;
		};
		const waitUntilFinal = context.getNodeParameter('waitUntilFinal', itemIndex, false) === true;
		return [
			{
				menuid,
				callid,
				number,
				timeZone: checkedTimeZone(context, timeZone),
				simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
				wait: waitUntilFinal
					? {
							maxMs: secondsOf(run, itemIndex, 'maxWaitSeconds', 'Max Wait (Seconds)', {
								min: 1,
								max: MAX_WAIT_SECONDS,
								fallback: 120,
							}),
							intervalMs: secondsOf(
								run,
								itemIndex,
								'checkIntervalSeconds',
								'Check Interval (Seconds)',
								{ min: 1, max: MAX_INTERVAL_SECONDS, fallback: 10 },
							),
						}
					: undefined,
				item: context.getInputData()[itemIndex]?.json ?? {},
			},
		];
	},
	oneBatch: true,
	fields: { menuid: 'Menu ID', callid: 'Call ID' },
	async exchange({ context }, batch, send) {
		const wait = batch[0].value.wait;
		const deadline = Date.now() + (wait?.maxMs ?? 0);
		const signal = context.getExecutionCancelSignal();
		const calls = new Map<Entry<OutcomeCheck>, QueriedCall[]>();
		let outstanding = batch;
		for (;;) {
			for (const [entry, found] of await check(send, outstanding)) calls.set(entry, found);
			outstanding = outstanding.filter((entry) => !isFinal(calls.get(entry) ?? []));
			const left = deadline - Date.now();
			if (!wait || outstanding.length === 0 || left <= 0 || signal?.aborted) break;
			try {
				await sleep(Math.min(wait.intervalMs, left), signal);
			} catch {
				break;
			}
		}
		return batch.map((entry) => {
			const found = calls.get(entry) ?? [];
			const outcomes = found.length > 0 ? found : [undefined];
			return outcomes.map((call) => ({ ...entry.value.item, ...outcomeJson(entry.value, call) }));
		});
	},
	outputs(context, items) {
		const asTool = context.getNode().type.endsWith('Tool');
		if (asTool || context.getNodeParameter('pendingOutput', 0, false) !== true) return [items];
		const outputs: INodeExecutionData[][] = [[], []];
		for (const item of items) {
			outputs[item.json.final === false ? PENDING_OUTPUT : FINAL_OUTPUT].push(item);
		}
		return outputs;
	},
	details: ([{ menuid, callid }]) => ({ menuid, callids: [callid] }),
};

/** The node's outputs in the editor: Final and Pending when Get Outcome routes pending calls apart. */
export const OUTPUTS_EXPRESSION = `={{ $parameter.resource === "call" && $parameter.operation === "getOutcome" && $parameter.pendingOutput === true ? [{ type: "main", displayName: "Final" }, { type: "main", displayName: "Pending" }] : ["main"] }}`;
