import type { IExecuteFunctions } from 'n8n-workflow';

import {
	isTimeZone,
	toVoiceShotDateTime,
	voiceShotDateTimeToInstant,
} from '../../../shared/datetime';
import { InputError } from '../../../shared/errors';
import { splitList } from '../../../shared/list';
import { readings, type Prompt, type ValuePosition } from '../../../shared/xml';
import { numberRefusal, readPhoneNumber, type NumberKind } from '../../../shared/phoneNumber';
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

/** Refuses a Call ID longer than VoiceShot takes; `inList`: the field holds several, so quote it. */
export function checkCallidLength(callid: string, field: string, inList = false): void {
	if (callid.length <= readings.MAX_CALLID_LENGTH) return;
	const tooLong = `longer than VoiceShot's ${readings.MAX_CALLID_LENGTH} characters`;
	throw new InputError(
		field,
		inList ? `holds ${JSON.stringify(callid)}, ${tooLong}` : `is ${tooLong}`,
	);
}

/** The Call ID parameter, trimmed and checked for length (empty stays empty). */
export function callIdOf(context: IExecuteFunctions, itemIndex: number): string {
	const callid = String(context.getNodeParameter('callId', itemIndex, '') ?? '').trim();
	checkCallidLength(callid, 'Call ID');
	return callid;
}

/**
 * One number field's value (Caller ID, Transfer To…): its digits, or an error naming the field
 * that says which rule the value breaks (phoneNumber.ts).
 */
export function phoneNumberOf(
	value: string,
	field: string,
	kind: NumberKind = 'phone',
	position?: ValuePosition,
): string {
	const read = readPhoneNumber(value, kind);
	if ('problem' in read) throw new InputError(field, numberRefusal(value, read.problem), position);
	return read.number;
}

/**
 * The numbers a parameter holds (one, a list separated by commas, semicolons or lines, or an
 * array), each as normalised and as written.
 */
export function phoneNumbersOf(
	raw: unknown,
	field: string,
): Array<{ number: string; written: string }> {
	const numbers = splitList(raw).map((written) => ({
		number: phoneNumberOf(written, field),
		written,
	}));
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
		if (type === 'transferto')
			content = phoneNumberOf(content, 'Prompts: Content', 'phone', { prompt: index });
		return { promptid: String(entry.promptId ?? '').trim(), [type]: content };
	});
}
