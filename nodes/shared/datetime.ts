import { DateTime } from 'luxon';

import { DATE_AND_TIME_PATTERN } from './xml/readings';

/**
 * VoiceShot writes dates as `M/D/YYYY h:mm AM/PM` (seconds optional) in the account's time zone,
 * which the API does not state; the nodes take it as a time zone the user chooses. Time-zone
 * arithmetic is luxon's, the copy n8n ships (n8n resolves it for community packages).
 */

interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** Whether the zone is one luxon (and so Intl) knows: an IANA name such as America/New_York, or UTC. */
export function isTimeZone(timeZone: string): boolean {
	return timeZone !== '' && DateTime.now().setZone(timeZone).isValid;
}

/** An instant written in VoiceShot's form, as the wall clock of `timeZone`. */
export function toVoiceShotForm(instant: DateTime, timeZone: string): string {
	const clock = instant.setZone(timeZone);
	return clock.toFormat(clock.second ? 'M/d/yyyy h:mm:ss a' : 'M/d/yyyy h:mm a', {
		locale: 'en-US',
	});
}

function clockForm(clock: WallClock): string {
	return toVoiceShotForm(DateTime.fromObject(clock, { zone: 'UTC' }), 'UTC');
}

function isValidClock(clock: WallClock): boolean {
	return DateTime.fromObject(clock, { zone: 'UTC' }).isValid;
}

/** Reads VoiceShot's `M/D/YYYY h:mm[:ss] AM/PM`; undefined when it is not that form or names no real date. */
export function parseVoiceShotDateTime(value: string): WallClock | undefined {
	const match = DATE_AND_TIME_PATTERN.exec(value.trim());
	if (!match) return undefined;
	const [, month, day, year, hour, minute, second, suffix] = match;
	const hour12 = Number(hour);
	if (hour12 < 1 || hour12 > 12) return undefined;
	const pm = suffix.toUpperCase() === 'PM';
	const clock: WallClock = {
		year: Number(year),
		month: Number(month),
		day: Number(day),
		hour: (hour12 % 12) + (pm ? 12 : 0),
		minute: Number(minute),
		second: second ? Number(second) : 0,
	};
	return isValidClock(clock) ? clock : undefined;
}

const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const ISO_WITH_ZONE =
	/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

interface DateLike {
	toJSDate?: () => Date;
}

/**
 * The instant a schedule names: a Date, an n8n (luxon) DateTime, an ISO date-time with or without
 * offset (without: the wall clock of `timeZone`), or VoiceShot's own form (in `timeZone`).
 * Throws an Error saying what it expected.
 */
export function scheduleInstant(value: unknown, timeZone: string): DateTime {
	if (
		value instanceof Date ||
		(value && typeof value === 'object' && typeof (value as DateLike).toJSDate === 'function')
	) {
		const date = value instanceof Date ? value : (value as DateLike).toJSDate!();
		const instant = DateTime.fromJSDate(date, { zone: timeZone });
		if (!instant.isValid) throw new Error('is not a valid date');
		return instant;
	}
	if (typeof value !== 'string') throw new Error(`must be a date and time, got ${typeof value}`);
	const text = value.trim();
	const voiceShotForm = parseVoiceShotDateTime(text);
	if (voiceShotForm) return DateTime.fromObject(voiceShotForm, { zone: timeZone });
	if (ISO_WITH_ZONE.test(text) || ISO_LOCAL.test(text)) {
		const instant = DateTime.fromISO(text.replace(' ', 'T'), { zone: timeZone });
		if (instant.isValid) return instant;
	}
	throw new Error(
		`must be an ISO date and time (2026-12-01T15:00) or VoiceShot's form (12/1/2026 3:00 PM), got ${JSON.stringify(value)}`,
	);
}

/**
 * Turns what a user gives as a schedule into VoiceShot's form, in `timeZone`. A wall clock without
 * offset is kept as written (in a daylight-saving gap too: VoiceShot reads it).
 */
export function toVoiceShotDateTime(value: unknown, timeZone: string): string {
	if (typeof value === 'string') {
		const text = value.trim();
		const clock = parseVoiceShotDateTime(text);
		if (clock) return clockForm(clock);
		if (ISO_LOCAL.test(text)) {
			const local = DateTime.fromISO(text.replace(' ', 'T'), { zone: 'UTC' });
			if (local.isValid) return toVoiceShotForm(local, 'UTC');
		}
	}
	return toVoiceShotForm(scheduleInstant(value, timeZone), timeZone);
}

/** An instant as ISO 8601 with its offset, to the second (`Z` for offset 0). */
export function isoWithOffset(instant: DateTime): string {
	return (
		instant.toFormat("yyyy-MM-dd'T'HH:mm:ss") +
		(instant.offset === 0 ? 'Z' : instant.toFormat('ZZ'))
	);
}

/** The instant VoiceShot's date-time names in `timeZone`, in ms; undefined when it is not a date VoiceShot writes. */
export function voiceShotDateTimeToInstant(value: string, timeZone: string): number | undefined {
	const clock = parseVoiceShotDateTime(value);
	return clock && DateTime.fromObject(clock, { zone: timeZone }).toMillis();
}

/** VoiceShot's date-time as ISO 8601 with the offset of `timeZone`; undefined when it is not a date VoiceShot writes. */
export function voiceShotDateTimeToIso(
	value: string | undefined,
	timeZone: string,
): string | undefined {
	if (value === undefined) return undefined;
	const clock = parseVoiceShotDateTime(value);
	if (!clock) return undefined;
	return isoWithOffset(DateTime.fromObject(clock, { zone: timeZone }));
}
