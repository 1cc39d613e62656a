/**
 * n8n and the simulator of `npm start` and the end-to-end tests share one time zone: a date the
 * simulator writes now, read by the node's own reader in n8n's GENERIC_TIMEZONE, is now.
 */
import { voiceShotDateTimeToIso } from '../../../nodes/shared/datetime';
import { sharedTimeZone, utcOffsetMinutes } from '../../../scripts/n8n/timezone';
import { formatDateAndTime } from '../../../simulator/time';

const WINTER = new Date('2026-01-15T12:00:00Z');
const SUMMER = new Date('2026-07-15T12:00:00Z');

it.each([
	['America/New_York', WINTER, -300],
	['America/New_York', SUMMER, -240],
	['UTC', WINTER, 0],
	['Asia/Kolkata', WINTER, 330],
	['America/St_Johns', WINTER, -210],
	['Pacific/Chatham', WINTER, 825],
])('the UTC offset of %s on %s is %i minutes', (zone, at, minutes) => {
	expect(utcOffsetMinutes(zone, at)).toBe(minutes);
});

it('takes GENERIC_TIMEZONE when set, else the machine zone', () => {
	expect(sharedTimeZone({ GENERIC_TIMEZONE: 'Asia/Kolkata' }, WINTER)).toEqual({
		timeZone: 'Asia/Kolkata',
		offsetMinutes: 330,
	});
	const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
	expect(sharedTimeZone({}, WINTER).timeZone).toBe(machine);
});

it('refuses a zone it cannot read', () => {
	expect(() => sharedTimeZone({ GENERIC_TIMEZONE: 'Mars/Olympus' })).toThrow();
});

describe.each(['America/New_York', 'UTC', 'Asia/Kolkata', 'America/Los_Angeles'])(
	'with GENERIC_TIMEZONE=%s',
	(zone) => {
		it.each([WINTER, SUMMER])('a call the simulator dates %s reads back as that instant', (at) => {
			const shared = sharedTimeZone({ GENERIC_TIMEZONE: zone }, at);
			const written = formatDateAndTime(at.getTime(), shared.offsetMinutes);
			const read = voiceShotDateTimeToIso(written, shared.timeZone);
			expect(Date.parse(read!)).toBe(at.getTime());
		});
	},
);

it('would catch the mismatch npm start had: the simulator in UTC, n8n in New York', () => {
	const written = formatDateAndTime(WINTER.getTime(), 0);
	const read = voiceShotDateTimeToIso(written, 'America/New_York');
	expect(Date.parse(read!) - WINTER.getTime()).toBe(5 * 3_600_000);
});
