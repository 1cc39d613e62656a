/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling, never published: reads GENERIC_TIMEZONE */
/**
 * One time zone for a local n8n and its simulator. n8n reads VoiceShot's `dateandtime` (which
 * carries no zone) in the workflow's time zone, by default GENERIC_TIMEZONE (n8n's own default:
 * America/New_York); the simulator writes and reads it at a UTC offset. Both come from here, so a
 * call placed now comes back dated now.
 */

/** The zone and the settings that make n8n and the simulator agree on it. */
export interface SharedTimeZone {
	/** an IANA zone: n8n's GENERIC_TIMEZONE */
	timeZone: string;
	/** the zone's UTC offset at start: the simulator's `timezoneOffsetMinutes` (`--tz-offset`) */
	offsetMinutes: number;
}

/** The zone's offset from UTC at `at`, in minutes (New York in winter: -300). */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
	const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
		.formatToParts(at)
		.find((part) => part.type === 'timeZoneName')?.value;
	const match = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name ?? '');
	if (!match) throw new Error(`cannot read the UTC offset of ${timeZone} (${name})`);
	if (match[1] === undefined) return 0;
	const minutes = Number(match[2]) * 60 + Number(match[3]);
	return match[1] === '-' ? -minutes : minutes;
}

/**
 * GENERIC_TIMEZONE when it is set, else this machine's zone, with its offset now. The offset is
 * fixed for the run: across a daylight-saving change the two differ by an hour until restarted.
 */
export function sharedTimeZone(
	env: NodeJS.ProcessEnv = process.env,
	at: Date = new Date(),
): SharedTimeZone {
	const timeZone =
		env.GENERIC_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
	return { timeZone, offsetMinutes: utcOffsetMinutes(timeZone, at) };
}
