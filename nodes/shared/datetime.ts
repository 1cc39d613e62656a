import { DATE_AND_TIME_PATTERN } from './xml/readings';

/**
 * VoiceShot writes dates as `M/D/YYYY h:mm AM/PM` (seconds optional) in the account's time zone,
 * which the API does not state; the nodes take it as a time zone the user chooses.
 */

interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** Whether Intl knows the zone (an IANA name such as America/New_York, or UTC). */
export function isTimeZone(timeZone: string): boolean {
	try {
		formatterFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

function wallClockAt(instant: number, timeZone: string): WallClock {
	const parts: Record<string, number> = {};
	for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour % 24,
		minute: parts.minute,
		second: parts.second,
	};
}

function offsetMinutes(instant: number, timeZone: string): number {
	const clock = wallClockAt(instant, timeZone);
	const asUtc = Date.UTC(
		clock.year,
		clock.month - 1,
		clock.day,
		clock.hour,
		clock.minute,
		clock.second,
	);
	return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

/** The instant a wall-clock time names in a time zone. */
function instantOf(clock: WallClock, timeZone: string): number {
	const guess = Date.UTC(
		clock.year,
		clock.month - 1,
		clock.day,
		clock.hour,
		clock.minute,
		clock.second,
	);
	const first = guess - offsetMinutes(guess, timeZone) * 60000;
	return guess - offsetMinutes(first, timeZone) * 60000;
}

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

function toVoiceShotForm(clock: WallClock): string {
	const suffix = clock.hour < 12 ? 'AM' : 'PM';
	const hour12 = clock.hour % 12 === 0 ? 12 : clock.hour % 12;
	const seconds = clock.second ? `:${pad(clock.second)}` : '';
	return `${clock.month}/${clock.day}/${clock.year} ${hour12}:${pad(clock.minute)}${seconds} ${suffix}`;
}

function isValidClock(clock: WallClock): boolean {
	const probe = new Date(Date.UTC(clock.year, clock.month - 1, clock.day));
	return (
		probe.getUTCFullYear() === clock.year &&
		probe.getUTCMonth() === clock.month - 1 &&
		probe.getUTCDate() === clock.day &&
		clock.hour < 24 &&
		clock.minute < 60 &&
		clock.second < 60
	);
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

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ISO_WITH_ZONE =
	/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

interface DateLike {
	toISO?: () => string | null;
	toJSDate?: () => Date;
}

/**
 * Turns what a user gives as a schedule into VoiceShot's form, in `timeZone`:
 * VoiceShot's own form (kept), an ISO date-time with or without offset, a Date, or an n8n (Luxon) DateTime.
 * Throws an Error saying what it expected.
 */
export function toVoiceShotDateTime(value: unknown, timeZone: string): string {
	if (
		value instanceof Date ||
		(value && typeof value === 'object' && typeof (value as DateLike).toJSDate === 'function')
	) {
		const date = value instanceof Date ? value : (value as DateLike).toJSDate!();
		if (Number.isNaN(date.getTime())) throw new Error('is not a valid date');
		return toVoiceShotForm(wallClockAt(date.getTime(), timeZone));
	}
	if (typeof value !== 'string') throw new Error(`must be a date and time, got ${typeof value}`);
	const text = value.trim();
	const voiceShotForm = parseVoiceShotDateTime(text);
	if (voiceShotForm) return toVoiceShotForm(voiceShotForm);
	if (ISO_WITH_ZONE.test(text)) {
		const instant = Date.parse(text);
		if (!Number.isNaN(instant)) return toVoiceShotForm(wallClockAt(instant, timeZone));
	}
	const local = ISO_LOCAL.exec(text);
	if (local) {
		const [, year, month, day, hour, minute, second] = local;
		const clock: WallClock = {
			year: Number(year),
			month: Number(month),
			day: Number(day),
			hour: Number(hour ?? 0),
			minute: Number(minute ?? 0),
			second: Number(second ?? 0),
		};
		if (isValidClock(clock)) return toVoiceShotForm(clock);
	}
	throw new Error(
		`must be an ISO date and time (2026-12-01T15:00) or VoiceShot's form (12/1/2026 3:00 PM), got ${JSON.stringify(value)}`,
	);
}

/** The instant VoiceShot's date-time names in `timeZone`; undefined when it is not a date VoiceShot writes. */
export function voiceShotDateTimeToInstant(value: string, timeZone: string): number | undefined {
	const clock = parseVoiceShotDateTime(value);
	return clock && instantOf(clock, timeZone);
}

/** VoiceShot's date-time as ISO 8601 with the offset of `timeZone`; undefined when it is not a date VoiceShot writes. */
export function voiceShotDateTimeToIso(
	value: string | undefined,
	timeZone: string,
): string | undefined {
	if (value === undefined) return undefined;
	const clock = parseVoiceShotDateTime(value);
	if (!clock) return undefined;
	const offset = offsetMinutes(instantOf(clock, timeZone), timeZone);
	const sign = offset < 0 ? '-' : '+';
	const zone =
		offset === 0
			? 'Z'
			: `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
	return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}${zone}`;
}
