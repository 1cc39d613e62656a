import type { IExecuteFunctions } from 'n8n-workflow';

import {
	isTimeZone,
	toVoiceShotDateTime,
	voiceShotDateTimeToInstant,
} from '../../../shared/datetime';
import { InputError } from '../../../shared/errors';
import { splitList } from '../../../shared/list';
import { readings, type Prompt } from '../../../shared/xml';
import type { VoiceShotClient } from '../../../shared/client';

/** The Menu ID parameter, else the credential's default for the channel (SMS: its own, never the voice one). */
export function menuIdOf(
	context: IExecuteFunctions,
	client: VoiceShotClient,
	itemIndex: number,
	channel: 'voice' | 'sms' = 'voice',
): string {
	const fallback = channel === 'sms' ? client.defaultSmsMenuId : client.defaultMenuId;
	const menuId = String(context.getNodeParameter('menuId', itemIndex, '') ?? '').trim() || fallback;
	if (!menuId) {
		throw new InputError(
			'Menu ID',
			channel === 'sms'
				? 'is empty and the credential sets no Default SMS Menu ID (the Default Menu ID is a voice campaign)'
				: 'is empty and the credential sets no Default Menu ID',
		);
	}
	return menuId;
}

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
export function phoneNumbersOf(raw: unknown, field: string): string[] {
	const numbers: string[] = [];
	for (const value of splitList(raw)) {
		const number = normalisePhoneNumber(value);
		if (!number)
			throw new InputError(
				field,
				`holds ${JSON.stringify(value.trim())}, which is not a phone number`,
			);
		numbers.push(number);
	}
	if (numbers.length === 0) throw new InputError(field, 'is empty: give at least one phone number');
	return numbers;
}

/** The Time Zone option, or the workflow's time zone, checked. */
export function checkedTimeZone(context: IExecuteFunctions, given: string | undefined): string {
	const timeZone = given?.trim() || context.getTimezone();
	if (!isTimeZone(timeZone))
		throw new InputError(
			'Time Zone',
			`${JSON.stringify(timeZone)} is not a time zone (try America/New_York)`,
		);
	return timeZone;
}

/** A Schedule this far behind the clock is refused: most often a wrong year, date or time zone. */
const PAST_SCHEDULE_GRACE_MS = 15 * 60_000;

export function scheduleOf(value: unknown, timeZone: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let result: string | Error;
	try {
		result = toVoiceShotDateTime(value, timeZone);
	} catch (error) {
		result = error instanceof Error ? error : new Error(String(error));
	}
	if (result instanceof Error) throw new InputError('Schedule', result.message);
	const instant = voiceShotDateTimeToInstant(result, timeZone) ?? Infinity;
	if (instant < Date.now() - PAST_SCHEDULE_GRACE_MS)
		throw new InputError(
			'Schedule',
			`${result} (${timeZone}) is in the past, and VoiceShot does not say what it does with a past time: leave Schedule empty to send as soon as possible`,
		);
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
export function promptsOf(entries: PromptParameter[]): Prompt[] {
	return entries.map((entry, index) => {
		const type = entry.type ?? 'tts';
		if (!PROMPT_TYPES.has(type))
			throw new InputError('Prompts', `has an unknown type ${JSON.stringify(type)}`, {
				prompt: index,
			});
		let content = String(entry.content ?? '');
		if (type === 'transferto') {
			const number = normalisePhoneNumber(content);
			if (!number)
				throw new InputError(
					'Prompts',
					`transfer number ${JSON.stringify(content)} is not a phone number`,
					{ prompt: index },
				);
			content = number;
		}
		return { promptid: String(entry.promptId ?? '').trim(), [type]: content };
	});
}
