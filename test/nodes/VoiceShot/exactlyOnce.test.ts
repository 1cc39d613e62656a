import type { IContextObject } from 'n8n-workflow';

import {
	Ledger,
	stableCallid,
	type RecoveryClient,
} from '../../../nodes/VoiceShot/actions/common/exactlyOnce';
import type { PlannedNumber } from '../../../nodes/VoiceShot/actions/common/send';
import type { Entry } from '../../../nodes/VoiceShot/actions/operation';
import type { QueriedCall } from '../../../nodes/shared/xml';
import { fakeContext } from './fakeContext';

function planned(
	itemIndex: number,
	number: string,
	callid: string,
	menuid = '1-1',
): Entry<PlannedNumber> {
	return { itemIndex, value: { menuid, position: 0, entry: { number, callid } } };
}

function listed(callid: string, number: string, status = 'Successful'): QueriedCall {
	return { callid, number, status, prompts: [], attributes: {} };
}

/** VoiceShot as the recovery sees it: the listings it answers in turn, and what it was asked. */
function voiceShot(...listings: QueriedCall[][]) {
	const asked: string[] = [];
	const client: RecoveryClient = {
		listCalls: async (menuid) => {
			asked.push(`list ${menuid}`);
			return listings.shift() ?? [];
		},
		deletePending: async (menuid, callids) => {
			asked.push(`delete ${menuid} ${callids.join(',')}`);
		},
	};
	return { client, asked };
}

/** A new try of the same run: a new Ledger over the same node context. */
function tries() {
	const nodeContext: IContextObject = {};
	return () => Ledger.open(fakeContext({ nodeContext }));
}

const ada = planned(0, '8185550100', 'a');
const bo = planned(1, '8185550117', 'b');

describe('the ledger of exactly-once sends', () => {
	it('is empty before anything is posted, and settles everything to send', async () => {
		const ledger = tries()();
		expect(ledger.isEmpty).toBe(true);
		const { client, asked } = voiceShot();
		expect(await ledger.settle([ada, bo], client)).toEqual({
			queued: [],
			toSend: [ada, bo],
			unsettled: [],
		});
		expect(asked).toEqual([]);
	});

	it('a later try sends nothing VoiceShot answered ok for, without asking VoiceShot', async () => {
		const next = tries();
		const first = next();
		first.posting([ada, bo]);
		first.queued([ada]);
		first.notQueued([bo]);
		const { client, asked } = voiceShot();
		const settled = await next().settle([ada, bo], client);
		expect(settled.queued).toEqual([{ planned: ada }]);
		expect(settled.toSend).toEqual([bo]);
		expect(asked).toEqual([]);
	});

	it('an unknown outcome listed by VoiceShot is queued: nothing deleted, nothing sent', async () => {
		const next = tries();
		next().posting([ada]);
		const { client, asked } = voiceShot([listed('a', '8185550100', 'Pending')]);
		const settled = await next().settle([ada], client);
		expect(settled.queued).toEqual([{ planned: ada, status: 'Pending' }]);
		expect(settled.toSend).toEqual([]);
		expect(asked).toEqual(['list 1-1']);
	});

	it('an unknown outcome not listed is deleted, listed again, and sent again when still absent', async () => {
		const next = tries();
		next().posting([ada, bo]);
		const { client, asked } = voiceShot([], [listed('b', '8185550117', 'Dialing')]);
		const settled = await next().settle([ada, bo], client);
		expect(asked).toEqual(['list 1-1', 'delete 1-1 a,b', 'list 1-1']);
		expect(settled.queued).toEqual([{ planned: bo, status: 'Dialing' }]);
		expect(settled.toSend).toEqual([ada]);
	});

	it('keeps the Call ID and campaign an earlier try sent with', async () => {
		const next = tries();
		next().posting([planned(0, '8185550100', 'first', '2-2')]);
		const { client } = voiceShot([], []);
		const settled = await next().settle([planned(0, '8185550100', 'second', '1-1')], client);
		expect(settled.toSend).toEqual([planned(0, '8185550100', 'first', '2-2')]);
	});

	it('a failed look-up leaves the campaign unsettled: not sent, the error kept', async () => {
		const next = tries();
		next().posting([ada]);
		const failure = new Error('no connection');
		const client: RecoveryClient = {
			listCalls: async () => {
				throw failure;
			},
			deletePending: async () => undefined,
		};
		const settled = await next().settle([ada, planned(2, '8185550152', 'c', '3-3')], client);
		expect(settled.unsettled).toEqual([{ menuid: '1-1', error: failure, planned: [ada] }]);
		expect(settled.toSend).toEqual([planned(2, '8185550152', 'c', '3-3')]);
	});

	it('forgets numbers no longer planned; closing a complete try removes the run', async () => {
		const next = tries();
		const first = next();
		first.posting([ada]);
		first.queued([ada]);
		const second = next();
		await second.settle([bo], voiceShot().client);
		expect(second.isEmpty).toBe(true);
		second.posting([bo]);
		second.close(false);
		expect(next().isEmpty).toBe(false);
		next().close(true);
		expect(next().isEmpty).toBe(true);
	});
});

describe('stableCallid', () => {
	const seed = { executionId: 'e', nodeId: 'n', runIndex: 0 };

	it('is the same in every try, 36 characters, and differs by item, number and run', () => {
		const callid = stableCallid(seed, 0, 0, '8185550100');
		expect(callid).toHaveLength(36);
		expect(stableCallid({ ...seed }, 0, 0, '8185550100')).toBe(callid);
		expect(
			new Set([
				callid,
				stableCallid(seed, 1, 0, '8185550100'),
				stableCallid(seed, 0, 1, '8185550100'),
				stableCallid(seed, 0, 0, '8185550101'),
				stableCallid({ ...seed, runIndex: 1 }, 0, 0, '8185550100'),
			]).size,
		).toBe(5);
	});
});
