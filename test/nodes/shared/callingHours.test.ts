import { DateTime } from 'luxon';

import {
	callingWindow,
	nextOpening,
	zonesOf,
	type CallingWindow,
} from '../../../nodes/shared/callingHours';

const DAYTIME = callingWindow('08:00', '21:00') as CallingWindow;

/** The next opening for a number from an instant (UTC), as UTC ISO. */
function opening(number: string, utc: string, window = DAYTIME): string | undefined {
	const zones = zonesOf(number);
	if (typeof zones === 'string') throw new Error(zones);
	const found = nextOpening(DateTime.fromISO(utc, { zone: 'UTC' }), zones, window);
	return found?.toUTC().toISO() ?? undefined;
}

describe('Calling Hours: the next opening in the recipient’s zone', () => {
	it('inside the hours: now', () => {
		// 2030-01-15 15:00 UTC is 10:00 in New York.
		expect(opening('2125550100', '2030-01-15T15:00:00Z')).toBe('2030-01-15T15:00:00.000Z');
	});

	it('before the hours: 08:00 there the same day; after them: 08:00 the next day', () => {
		// 12:00 UTC is 04:00 in Los Angeles (PST, UTC−8): 08:00 PST is 16:00 UTC.
		expect(opening('2135550100', '2030-01-15T12:00:00Z')).toBe('2030-01-15T16:00:00.000Z');
		// 2030-01-16 06:00 UTC is 22:00 on the 15th in Los Angeles.
		expect(opening('2135550100', '2030-01-16T06:00:00Z')).toBe('2030-01-16T16:00:00.000Z');
	});

	it('daylight saving: the morning after the spring change opens an hour earlier in UTC', () => {
		// 2030-03-10 is the second Sunday of March: Los Angeles goes from UTC−8 to UTC−7.
		expect(opening('2135550100', '2030-03-10T07:00:00Z')).toBe('2030-03-10T15:00:00.000Z');
		expect(opening('2135550100', '2030-03-09T07:00:00Z')).toBe('2030-03-09T16:00:00.000Z');
		// And the autumn change (2030-11-03) back to UTC−8.
		expect(opening('2135550100', '2030-11-03T10:00:00Z')).toBe('2030-11-03T16:00:00.000Z');
	});

	it('Arizona keeps UTC−7 all year; Hawaii UTC−10', () => {
		expect(opening('6025550100', '2030-07-01T12:00:00Z')).toBe('2030-07-01T15:00:00.000Z');
		expect(opening('6025550100', '2030-01-15T12:00:00Z')).toBe('2030-01-15T15:00:00.000Z');
		expect(opening('8085550100', '2030-07-01T12:00:00Z')).toBe('2030-07-01T18:00:00.000Z');
	});

	it('an area code in two zones gets the hours both allow', () => {
		// 850: New York and Chicago. 13:30 UTC is 08:30 in New York, 07:30 in Chicago.
		expect(opening('8505550100', '2030-01-15T13:30:00Z')).toBe('2030-01-15T14:00:00.000Z');
		// 01:30 UTC is 20:30 in New York (inside), 19:30 in Chicago: inside both.
		expect(opening('8505550100', '2030-01-16T01:30:00Z')).toBe('2030-01-16T01:30:00.000Z');
		// 02:30 UTC is 21:30 in New York: the next opening both allow is 08:00 Chicago.
		expect(opening('8505550100', '2030-01-16T02:30:00Z')).toBe('2030-01-16T14:00:00.000Z');
	});

	it('zones that share no time inside a narrow window have no opening', () => {
		const oneHour = callingWindow('08:00', '09:00') as CallingWindow;
		// 867 spans Pacific to Eastern time: three hours apart.
		expect(opening('8675550100', '2030-01-15T12:00:00Z', oneHour)).toBeUndefined();
	});

	it('an unknown or non-geographic area code, or a number abroad, has no zone', () => {
		expect(zonesOf('8005550100')).toMatch(/^has area code 800, with no time zone/);
		expect(zonesOf('442079460958')).toMatch(/^is not North American/);
	});

	it('the window is two HH:MM clocks within one day', () => {
		expect(callingWindow('8:30', '20:00')).toEqual({ start: 510, end: 1200 });
		expect(callingWindow('25:00', '21:00')).toMatch(/^has From "25:00"/);
		expect(callingWindow('21:00', '08:00')).toMatch(/^has Until 08:00 before From 21:00/);
	});
});
