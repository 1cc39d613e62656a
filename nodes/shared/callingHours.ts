import type { DateTime } from 'luxon';

import { AREA_CODE_SOURCE, AREA_CODE_ZONES } from './areaCodes';

/**
 * Calling Hours: when a number may be called, in its own time zone, taken from its area code
 * (areaCodes.ts). An area code that spans several zones gets the hours every one of them allows.
 */

/** Minutes after midnight: calls may start from `start` until before `end`. */
export interface CallingWindow {
	start: number;
	end: number;
}

export const DEFAULT_WINDOW = { start: '08:00', end: '21:00' };

const CLOCK = /^([01]?[0-9]|2[0-3]):([0-5][0-9])$/;

function minutesOf(clock: string): number | undefined {
	const match = CLOCK.exec(clock.trim());
	return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** The window from two HH:MM clocks, or why not. */
export function callingWindow(start: string, end: string): CallingWindow | string {
	const from = minutesOf(start);
	const until = minutesOf(end);
	if (from === undefined)
		return `has From ${JSON.stringify(start)}: write a time as HH:MM, e.g. 08:00`;
	if (until === undefined)
		return `has Until ${JSON.stringify(end)}: write a time as HH:MM, e.g. 21:00`;
	if (until <= from) return `has Until ${end} before From ${start}: the window is within one day`;
	return { start: from, end: until };
}

export function describeWindow(window: CallingWindow): string {
	const clock = (minutes: number) =>
		`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
	return `${clock(window.start)}–${clock(window.end)}`;
}

/** The time zones of a normalised number (10 digits), or why they are unknown. */
export function zonesOf(number: string): string[] | string {
	if (number.length !== 10)
		return 'is not North American: Calling Hours knows the time zones of North American area codes only';
	const area = number.slice(0, 3);
	const zones = AREA_CODE_ZONES[area];
	if (!zones)
		return `has area code ${area}, with no time zone in the area-code table (${AREA_CODE_SOURCE}): toll-free and other non-geographic codes have none, and a code newer than the table is not in it`;
	return zones.split(' ');
}

/**
 * The first instant at or after `from` that is inside the window in every zone, or undefined when
 * the zones share no such time (a narrow window across distant zones).
 */
export function nextOpening(
	from: DateTime,
	zones: string[],
	window: CallingWindow,
): DateTime | undefined {
	let at = from;
	for (let step = 0; step < 2 * zones.length + 4; step++) {
		let latest = at;
		for (const zone of zones) {
			const local = at.setZone(zone);
			const minutes = local.hour * 60 + local.minute + local.second / 60;
			if (minutes >= window.start && minutes < window.end) continue;
			const day = minutes < window.start ? local : local.plus({ days: 1 });
			const opening = day.set({
				hour: Math.floor(window.start / 60),
				minute: window.start % 60,
				second: 0,
				millisecond: 0,
			});
			if (opening > latest) latest = opening;
		}
		if (latest.equals(at)) return at;
		at = latest;
	}
	return undefined;
}
