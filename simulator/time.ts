/**
 * VoiceShot's `dateandtime`: `M/D/YYYY h:mm AM` (seconds optional), read as wall-clock time in the
 * simulator's time zone: the machine's local time, or a fixed offset from UTC when configured.
 */
import { readings } from '../nodes/shared/xml';

/** Epoch ms of a dateandtime, or undefined when it is not a real date and time. */
export function parseDateAndTime(text: string, offsetMinutes?: number): number | undefined {
	const match = readings.DATE_AND_TIME_PATTERN.exec(text.trim());
	if (!match) return undefined;
	const [, monthText, dayText, yearText, hourText, minuteText, secondText, meridiem] = match;
	const month = Number(monthText);
	const day = Number(dayText);
	const year = Number(yearText);
	const hour12 = Number(hourText);
	const minute = Number(minuteText);
	const second = secondText === undefined ? 0 : Number(secondText);
	if (month < 1 || month > 12 || day < 1 || hour12 < 1 || hour12 > 12 || minute > 59 || second > 59)
		return undefined;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day > daysInMonth) return undefined;
	const hour = (hour12 % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
	if (offsetMinutes === undefined)
		return new Date(year, month - 1, day, hour, minute, second).getTime();
	return Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
}

/** `5/22/2004 4:15:15 PM`, as VoiceShot writes it in call queries and summaries. */
export function formatDateAndTime(epochMs: number, offsetMinutes?: number): string {
	const local = offsetMinutes === undefined;
	const date = new Date(local ? epochMs : epochMs + offsetMinutes * 60_000);
	const hour = local ? date.getHours() : date.getUTCHours();
	const parts = local
		? [
				date.getMonth() + 1,
				date.getDate(),
				date.getFullYear(),
				date.getMinutes(),
				date.getSeconds(),
			]
		: [
				date.getUTCMonth() + 1,
				date.getUTCDate(),
				date.getUTCFullYear(),
				date.getUTCMinutes(),
				date.getUTCSeconds(),
			];
	const [month, day, year, minute, second] = parts;
	const hour12 = hour % 12 === 0 ? 12 : hour % 12;
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${month}/${day}/${year} ${hour12}:${pad(minute)}:${pad(second)} ${hour < 12 ? 'AM' : 'PM'}`;
}
