/**
 * Duplicate Numbers on the real engine: a number that comes again in the same campaign, in any item
 * of the run, is called once (the default) and its later rows are paired with `duplicateOf`; in
 * batch and per-item mode, with Retry On Fail and with n8n's error output.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../../simulator';
import {
	liveCallsPerNumber,
	requestKinds,
	RETRY_3,
	runSend,
	simulatorForTests,
} from './retry-fixture';

const simulator = simulatorForTests();
let sim: Simulator;
beforeEach(() => {
	sim = simulator();
});

/** A CRM export: Ada twice (written two ways), Bo once, and Ada's number again inside Cy's row. */
const rows: IDataObject[] = [
	{ name: 'Ada', phone: '(818) 555-0100' },
	{ name: 'Bo', phone: '818-555-0117' },
	{ name: 'Ada again', phone: '+1 818 555 0100' },
	{ name: 'Cy', phone: '818-555-0152, 818.555.0100' },
];

function send(options: INodeParameters = {}, resource = 'call'): INodeParameters {
	return {
		resource,
		operation: 'send',
		phoneNumbers: '={{ $json.phone }}',
		...(resource === 'sms' ? { message: 'Your table is ready' } : {}),
		options,
	};
}

describe.each<[string, INodeParameters]>([
	['batch', { sendMode: 'batch', batchSize: 2 }],
	['per-item', { sendMode: 'perItem' }],
])('Duplicate Numbers, %s mode', (_mode, mode) => {
	it('calls each number once by default; a repeated row is paired with duplicateOf, the Call ID it shares', async () => {
		const result = await runSend(sim, { items: rows, parameters: send(mode) });
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({ '8185550100': 1, '8185550117': 1, '8185550152': 1 });
		const items = result.items('VoiceShot');
		expect(items.map((item) => [item.pairedItem, item.json.phonenumber])).toEqual([
			[{ item: 0 }, '8185550100'],
			[{ item: 1 }, '8185550117'],
			[{ item: 2 }, '8185550100'],
			[{ item: 3 }, '8185550152'],
			[{ item: 3 }, '8185550100'],
		]);
		const placed = sim.calls().find((call) => call.number === '8185550100')?.callid;
		expect(items[0].json.callid).toBe(placed);
		expect(items[2].json).toEqual({
			menuid: '1-1234',
			phonenumber: '8185550100',
			duplicateOf: placed,
		});
		expect(items[4].json).toEqual({
			menuid: '1-1234',
			phonenumber: '8185550100',
			duplicateOf: placed,
		});
		expect(items[3].json.duplicateOf).toBeUndefined();
	});

	it('"Call Every Row" calls every row, as written', async () => {
		const result = await runSend(sim, {
			items: rows,
			parameters: send({ ...mode, duplicates: 'every' }),
		});
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({ '8185550100': 3, '8185550117': 1, '8185550152': 1 });
		expect(result.json('VoiceShot').some((json) => json.duplicateOf !== undefined)).toBe(false);
	});

	it('SMS → Send texts each number once too', async () => {
		const result = await runSend(sim, { items: rows, parameters: send(mode, 'sms') });
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({ '8185550100': 1, '8185550117': 1, '8185550152': 1 });
		expect(result.json('VoiceShot').filter((json) => json.duplicateOf)).toHaveLength(2);
	});

	it('the same number in two campaigns is called in each', async () => {
		sim.addCampaign('1-5678');
		const result = await runSend(sim, {
			items: [
				{ phone: '8185550100', menu: '1-1234' },
				{ phone: '8185550100', menu: '1-5678' },
			],
			parameters: { ...send(mode), menuId: '={{ $json.menu }}' },
		});
		expect(result.status).toBe('success');
		expect(sim.calls().map((call) => call.menuid)).toEqual(['1-1234', '1-5678']);
	});

	it('Retry On Fail: a lost reply is settled, the number is queued once, and its repeats still point at it', async () => {
		await sim.setFault({ type: 'dropAfterRead', action: '0', times: 1 });
		const result = await runSend(sim, { items: rows, parameters: send(mode), settings: RETRY_3 });
		expect(result.status).toBe('success');
		expect(liveCallsPerNumber(sim)).toEqual({ '8185550100': 1, '8185550117': 1, '8185550152': 1 });
		expect(requestKinds(sim).filter((kind) => kind === 'send').length).toBeLessThanOrEqual(
			mode.sendMode === 'perItem' ? 3 : 2,
		);
		const placed = sim.calls().find((call) => call.number === '8185550100')?.callid;
		const json = result.json('VoiceShot');
		expect(json.filter((item) => item.duplicateOf === placed)).toHaveLength(2);
		expect(json[0].callid).toBe(placed);
	});

	it("error output: when the first row's request is refused, its repeats fail with it, paired", async () => {
		await sim.setFault({ type: 'errorid', errorid: 2, action: '0', times: 1 });
		const result = await runSend(sim, {
			items: rows,
			parameters: send(mode),
			settings: { onError: 'continueErrorOutput' },
		});
		expect(result.status).toBe('success');
		const failed = result.items('VoiceShot', 1);
		expect(failed.map((item) => item.pairedItem)).toEqual(
			mode.sendMode === 'perItem'
				? [{ item: 0 }, { item: 2 }, { item: 3 }]
				: [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }],
		);
		expect(failed.every((item) => /free trial/i.test(JSON.stringify(item.json)))).toBe(true);
		const succeeded = result.items('VoiceShot', 0);
		expect(succeeded.some((item) => item.json.duplicateOf !== undefined)).toBe(false);
	});
});
