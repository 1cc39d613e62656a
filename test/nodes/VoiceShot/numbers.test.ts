import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { cleanupEngine } from '../../helpers/engine';
import type { SendRequest } from '../../../nodes/shared/xml';
import { decodeRequest } from '../../../simulator/codec';
import { receivedBodies, startHarness, type Harness } from './fixture';

let harness: Harness;

beforeAll(async () => {
	harness = await startHarness();
});
afterEach(async () => await harness.sim.reset());
afterAll(async () => {
	await harness.sim.close();
	cleanupEngine();
});

const EXAMPLE = 'A valid number looks like (818) 555-0100 or +1 818 555 0100';
const send = { resource: 'call', operation: 'send' };
const reply = { resource: 'callCommand', operation: 'reply', command: 'transfer' };

/** Every number field, as the panel names it: where a value goes, and what to read back. */
const FIELDS: Array<{
	label: string;
	run: (value: string) => { parameters: INodeParameters; credentials?: IDataObject };
}> = [
	{ label: 'Phone Numbers', run: (value) => ({ parameters: { ...send, phoneNumbers: value } }) },
	{
		label: 'Caller ID',
		run: (value) => ({ parameters: { ...send, phoneNumbers: '8185550100', callerId: value } }),
	},
	{
		label: 'Default Caller ID (of the credential)',
		run: (value) => ({
			parameters: { ...send, phoneNumbers: '8185550100' },
			credentials: { defaultCallerId: value },
		}),
	},
	{
		label: 'Prompts: Content (prompt 1)',
		run: (value) => ({
			parameters: {
				...send,
				phoneNumbers: '8185550100',
				prompts: { prompt: [{ promptId: '1', type: 'transferto', content: value }] },
			},
		}),
	},
	{
		label: 'Transfer To',
		run: (value) => ({ parameters: { ...reply, transferto: value } }),
	},
	{
		label: 'Caller ID',
		run: (value) => ({ parameters: { ...reply, transferto: '8185550100', callerid: value } }),
	},
];

/** The digits each field sent: the request's numbers, caller IDs and transfers, or the reply. */
function sent(json: IDataObject[]): string[] {
	const digits: string[] = [];
	for (const body of receivedBodies(harness.sim)) {
		const request = decodeRequest(body) as SendRequest;
		if (request.callerid) digits.push(request.callerid);
		for (const entry of request.numbers) digits.push(entry.number);
		for (const prompt of request.prompts ?? [])
			if (prompt.transferto) digits.push(prompt.transferto);
	}
	for (const { callCommand } of json)
		for (const [, value] of String(callCommand ?? '').matchAll(/"([0-9]+)"/g)) digits.push(value);
	return digits;
}

describe('One rule for every number field', () => {
	it.each(FIELDS.map((field, index) => [field.label, index]))(
		'%s takes (800) 555-0100 and +1 800 555 0100 as 8005550100',
		async (_label, index) => {
			for (const written of ['(800) 555-0100', '+1 800.555.0100', '1-800-555-0100']) {
				const result = await harness.run(FIELDS[index as number].run(written));
				expect(result.error).toBeUndefined();
				expect(sent(result.json('VoiceShot'))).toContain('8005550100');
				await harness.sim.reset();
			}
		},
	);

	const refusals: Array<[string, string]> = [
		[
			'555-1234',
			'has 7 digits: the area code is missing (a North American number has 10: area code, exchange, line)',
		],
		[
			'+44 20 7946 0958',
			'has a country code other than +1: only +1 (the United States, Canada and the Caribbean) is understood',
		],
		['123 456 7890', 'has area code 123: area codes start with 2 to 9'],
		[
			'(911) 555-0100',
			'has 911 for an area code: N11 codes (411, 911…) are service codes, not area codes',
		],
		[
			'818 055 0100',
			'has exchange 055 (the 3 digits after the area code): exchanges start with 2 to 9',
		],
		[
			'818-411-0100',
			'has exchange 411 (the 3 digits after the area code): N11 codes are service codes, not exchanges',
		],
		[
			'1 (900) 555-0100',
			"has area code 900: premium rate, where the caller pays the number's charges, so it is never called",
		],
		[
			'290-555-0100',
			'has area code 290: the numbering plan keeps N9X, 37X and 96X for its own expansion and never assigns them',
		],
		[
			'818-555-CALL',
			'has "C" in it: only digits, spaces, dashes, dots, parentheses and a leading +1 are understood',
		],
	];

	it.each(refusals)(
		'every field refuses %s with the same text, naming item and field, and sends nothing',
		async (value, rule) => {
			for (const field of FIELDS) {
				const result = await harness.run(field.run(value));
				expect(result.error?.message).toBe(
					`${field.label} holds ${JSON.stringify(value)}, which ${rule}. ${EXAMPLE} [item 0]`,
				);
				expect(receivedBodies(harness.sim)).toEqual([]);
			}
		},
	);

	it('a caller ID is North American: 12 digits are a phone number, not a caller ID', async () => {
		const phone = await harness.run(FIELDS[0].run('442079460958'));
		expect(phone.error).toBeUndefined();
		const callerId = await harness.run(FIELDS[1].run('442079460958'));
		expect(callerId.error?.message).toBe(
			`Caller ID holds "442079460958", which has 12 digits: a caller ID is a North American number of 10 digits. ${EXAMPLE} [item 0]`,
		);
	});

	it('fiction numbers 555-0100 to 555-0199 and toll-free numbers stay callable', async () => {
		const result = await harness.run(FIELDS[0].run('212-555-0199, 800-555-0100'));
		expect(result.error).toBeUndefined();
		expect(harness.sim.calls().map((call) => call.number)).toEqual(['2125550199', '8005550100']);
	});
});
