import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IDataObject,
} from 'n8n-workflow';

import { settle } from '../../../shared/settle';

/** An item's error as an output item, for "Continue on Fail". */
export function errorItem(
	error: unknown,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const message = error instanceof Error ? error.message : String(error);
	const description =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error.description
			: undefined;
	const json: IDataObject = { error: message, ...extra };
	if (description) json.errorDescription = description;
	if (error instanceof NodeApiError && error.errorResponse) {
		const { errorid, comment } = error.errorResponse as IDataObject;
		if (errorid !== undefined) json.errorid = errorid;
		if (comment !== undefined) json.comment = comment;
	}
	return { json, pairedItem: { item: itemIndex } };
}

/** Any error as one n8n shows with the item's index. */
export function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/** Runs an operation item by item; with "Continue on Fail" a failing item becomes an error item and the rest go on. */
export async function eachItem(
	context: IExecuteFunctions,
	run: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const result = await settle(async () => await run(itemIndex));
		if (result.ok) {
			for (const json of result.value) output.push({ json, pairedItem: { item: itemIndex } });
			continue;
		}
		if (!context.continueOnFail()) throw asNodeError(context, result.error, itemIndex);
		output.push(errorItem(result.error, itemIndex));
	}
	return output;
}

/** Drops undefined values so that output JSON shows only what is known. */
export function compact<T extends Record<string, unknown>>(value: T): IDataObject {
	const result: IDataObject = {};
	for (const key in value) {
		if (value[key] !== undefined) result[key] = value[key] as IDataObject[string];
	}
	return result;
}
