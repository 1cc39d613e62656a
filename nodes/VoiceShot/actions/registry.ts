import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { execute, sends } from './executor';
import type { Operation } from './operation';
import * as listed from './operations';

/**
 * The resources in the order a user looks for them (n8n's node creator lists the actions in this
 * order), and the operation each shows first; `then`: the order of the others, where it matters.
 */
const RESOURCES: Array<{ name: string; value: string; defaultOperation: string; then?: string[] }> =
	[
		{
			name: 'Call',
			value: 'call',
			defaultOperation: 'send',
			then: ['getOutcome', 'query', 'deletePending'],
		},
		{ name: 'SMS', value: 'sms', defaultOperation: 'send' },
		{ name: 'Live Call', value: 'callCommand', defaultOperation: 'reply' },
		{ name: 'Campaign', value: 'campaign', defaultOperation: 'pause' },
		{ name: 'Sound File', value: 'soundFile', defaultOperation: 'upload' },
		{ name: 'Webhook Post', value: 'post', defaultOperation: 'decode' },
	];

/**
 * By resource, each resource's default operation first. n8n looks a parameter's description up by
 * name in this order on every read (menuId and options exist in several operations), so Call → Send
 * comes first.
 */
const OPERATIONS: Array<Operation<unknown>> = Object.values(listed).sort(
	(a, b) =>
		rank(a) - rank(b) ||
		Number(!isDefault(a)) - Number(!isDefault(b)) ||
		place(a) - place(b) ||
		a.name.localeCompare(b.name),
);

/** Where `then` puts an operation among its resource's others (unlisted: after, by name). */
function place(operation: Operation<unknown>): number {
	const index = RESOURCES[rank(operation)]?.then?.indexOf(operation.operation) ?? -1;
	return index === -1 ? Infinity : index;
}

function rank(operation: Operation<unknown>): number {
	return RESOURCES.findIndex((resource) => resource.value === operation.resource);
}

function isDefault(operation: Operation<unknown>): boolean {
	return RESOURCES[rank(operation)]?.defaultOperation === operation.operation;
}

function operationPicker({
	value: resource,
	defaultOperation,
}: (typeof RESOURCES)[number]): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		default: defaultOperation,
		options: OPERATIONS.filter((operation) => operation.resource === resource).map(
			({ name, operation, action, summary }) => ({
				name,
				value: operation,
				action,
				description: summary,
			}),
		),
	};
}

/** Resources none of whose operations sends a request: they need no VoiceShot credentials. */
export const OFFLINE_RESOURCES = RESOURCES.map(({ value }) => value).filter((resource) =>
	OPERATIONS.every((operation) => operation.resource !== resource || !sends(operation)),
);

/** The canvas subtitle: the operation's action in words ("Send calls"). */
const ACTIONS = JSON.stringify(
	Object.fromEntries(
		OPERATIONS.map((entry) => [`${entry.resource}.${entry.operation}`, entry.action]),
	),
);
export const SUBTITLE = `={{ (${ACTIONS})[$parameter["resource"] + "." + $parameter["operation"]] || $parameter["operation"] }}`;

/** The node's properties: the resource, an operation picker per resource, every operation's parameters. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'call',
		options: RESOURCES.map(({ name, value }) => ({ name, value })),
	},
	...RESOURCES.map(operationPicker),
	...OPERATIONS.flatMap((operation) => operation.properties),
];

/** Runs the operation the node's Resource and Operation select. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationValue = this.getNodeParameter('operation', 0) as string;
	const selected = OPERATIONS.find(
		(operation) => operation.resource === resource && operation.operation === operationValue,
	);
	if (!selected) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationValue}" of "${resource}" is not supported`,
		);
	}
	const items = await execute(this, selected);
	return selected.outputs ? selected.outputs(this, items) : [items];
}
