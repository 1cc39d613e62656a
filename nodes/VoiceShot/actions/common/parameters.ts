import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { isTimeZone, toVoiceShotDateTime } from '../../../shared/datetime';
import { describePosition, isVoiceShotXmlError, readings, type Prompt } from '../../../shared/xml';
import type { VoiceShotClient } from '../../../shared/client';

/** A bad parameter value, named by item and field. */
export function inputError(
	node: INode,
	itemIndex: number,
	field: string,
	message: string,
): NodeOperationError {
	return new NodeOperationError(node, `${field} ${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `Check the "${field}" parameter of item ${itemIndex}.`,
	});
}

/** A codec refusal (a value XML or VoiceShot cannot take), named by item and field. */
export function codecInputError(
	node: INode,
	itemIndex: number,
	error: unknown,
	fieldLabels: Record<string, string> = {},
): NodeOperationError {
	if (isVoiceShotXmlError(error)) {
		const label = error.field ? (fieldLabels[error.field] ?? error.field) : 'A value';
		const detail = error.message.startsWith(`${error.field}${describePosition(error.position)} `)
			? error.message.slice(`${error.field}${describePosition(error.position)} `.length)
			: error.message;
		return inputError(node, itemIndex, `${label}${describePosition(error.position)}`, detail);
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

export function menuIdOf(
	context: IExecuteFunctions,
	client: VoiceShotClient,
	itemIndex: number,
): string {
	const menuId =
		String(context.getNodeParameter('menuId', itemIndex, '') ?? '').trim() || client.defaultMenuId;
	if (!menuId) {
		throw inputError(
			client.node,
			itemIndex,
			'Menu ID',
			'is empty and the credential sets no Default Menu ID',
		);
	}
	return menuId;
}

const NUMBER_SEPARATORS = /[,;\n]+/;
const NUMBER_PUNCTUATION = /[\s\-.()]/g;

/**
 * Normalises one phone number: spaces, dashes, dots and parentheses go, and a leading +1.
 * Anything else that is not a phone number stays an error, never silently changed.
 */
export function normalisePhoneNumber(value: string): string | undefined {
	let digits = value.replace(NUMBER_PUNCTUATION, '');
	if (digits.startsWith('+1')) digits = digits.slice(2);
	return readings.PHONE_NUMBER_PATTERN.test(digits) ? digits : undefined;
}

/** The numbers a parameter holds: one, a list separated by commas, semicolons or lines, or an array. */
export function phoneNumbersOf(
	node: INode,
	itemIndex: number,
	raw: unknown,
	field: string,
): string[] {
	const values = Array.isArray(raw)
		? raw.map((value) => String(value))
		: String(raw ?? '').split(NUMBER_SEPARATORS);
	const numbers: string[] = [];
	for (const value of values) {
		if (value.trim() === '') continue;
		const number = normalisePhoneNumber(value);
		if (!number)
			throw inputError(
				node,
				itemIndex,
				field,
				`holds ${JSON.stringify(value.trim())}, which is not a phone number`,
			);
		numbers.push(number);
	}
	if (numbers.length === 0)
		throw inputError(node, itemIndex, field, 'is empty: give at least one phone number');
	return numbers;
}

/** The Time Zone option, or the workflow's time zone, checked. */
export function checkedTimeZone(
	context: IExecuteFunctions,
	itemIndex: number,
	given: string | undefined,
): string {
	const timeZone = given?.trim() || context.getTimezone();
	if (!isTimeZone(timeZone))
		throw inputError(
			context.getNode(),
			itemIndex,
			'Time Zone',
			`${JSON.stringify(timeZone)} is not a time zone (try America/New_York)`,
		);
	return timeZone;
}

export function scheduleOf(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	timeZone: string,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let result: string | Error;
	try {
		result = toVoiceShotDateTime(value, timeZone);
	} catch (error) {
		result = error instanceof Error ? error : new Error(String(error));
	}
	if (result instanceof Error)
		throw inputError(context.getNode(), itemIndex, 'Schedule', result.message);
	return result;
}

export type PromptType = 'tts' | 'filename' | 'transferto' | 'alttts';

export interface PromptParameter {
	promptId?: string;
	type?: PromptType;
	content?: string;
}

const PROMPT_TYPES = new Set<PromptType>(['tts', 'filename', 'transferto', 'alttts']);

/** The prompts of the "Prompts" parameter, in VoiceShot's model. */
export function promptsOf(node: INode, itemIndex: number, entries: PromptParameter[]): Prompt[] {
	return entries.map((entry, index) => {
		const type = entry.type ?? 'tts';
		if (!PROMPT_TYPES.has(type))
			throw inputError(
				node,
				itemIndex,
				`Prompts (prompt ${index + 1})`,
				`has an unknown type ${JSON.stringify(type)}`,
			);
		let content = String(entry.content ?? '');
		if (type === 'transferto') {
			const number = normalisePhoneNumber(content);
			if (!number)
				throw inputError(
					node,
					itemIndex,
					`Prompts (prompt ${index + 1})`,
					`transfer number ${JSON.stringify(content)} is not a phone number`,
				);
			content = number;
		}
		return { promptid: String(entry.promptId ?? '').trim(), [type]: content };
	});
}
