import type { IDataObject } from 'n8n-workflow';

/** Drops undefined and null values so that output JSON shows only what is known. */
export function compact(value: Record<string, unknown>): IDataObject {
	const result: IDataObject = {};
	for (const key in value) {
		if (value[key] !== undefined && value[key] !== null)
			result[key] = value[key] as IDataObject[string];
	}
	return result;
}
