/**
 * The fault matrix on the real engine: a send whose outcome is unknown, then Retry On Fail (3
 * tries). Every number must be queued exactly once, the execution must succeed, and the output
 * must pair every input item and name the calls actually queued.
 */
import type { FaultSpec, Simulator } from '../../../simulator';
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

/** The client's timeout in the matrix, and a reply slower than it. */
const TIMEOUT_SECONDS = 1;

export const UNKNOWN_OUTCOME_FAULTS: Record<string, { fault: FaultSpec; processed: boolean }> = {
	'drop after read': { fault: { type: 'dropAfterRead' }, processed: true },
	timeout: { fault: { type: 'slowReply', ms: 1500 }, processed: true },
	'500 after processing': {
		fault: { type: 'status', status: 500, process: true },
		processed: true,
	},
	'500 before processing': { fault: { type: 'status', status: 500 }, processed: false },
};

const contacts = [
	{ order: 'A1', phones: '8185550100' },
	{ order: 'B2', phones: '8185550117, 8185550152' },
	{ order: 'C3', phones: '8185550163' },
];
const NUMBERS = ['8185550100', '8185550117', '8185550152', '8185550163'];

const channels = {
	'Call → Send': {
		resource: 'call',
		operation: 'send',
		prompts: { prompt: [{ promptId: '1', type: 'tts', content: '=Order {{ $json.order }}' }] },
	},
	'SMS → Send': { resource: 'sms', operation: 'send', message: '=Order {{ $json.order }} ships' },
};

const cells = Object.entries(UNKNOWN_OUTCOME_FAULTS).flatMap(([faultName, fault]) =>
	(['batch', 'perItem'] as const).flatMap((sendMode) =>
		(['generated', 'user'] as const).flatMap((callids) =>
			[true, false].flatMap((queryListsPending) =>
				Object.keys(channels).map((channel) => ({
					faultName,
					...fault,
					sendMode,
					callids,
					queryListsPending,
					channel: channel as keyof typeof channels,
				})),
			),
		),
	),
);

describe.each(cells)(
	'$channel, $faultName, $sendMode, $callids Call IDs, query lists pending: $queryListsPending',
	({ fault, processed, sendMode, callids, queryListsPending, channel }) => {
		it('queues every number exactly once and succeeds', async () => {
			sim.configure({ queryListsPending });
			await sim.setFault({ ...fault, action: '0', times: 1 } as FaultSpec);
			const result = await runSend(sim, {
				items: contacts,
				parameters: {
					...channels[channel],
					phoneNumbers: '={{ $json.phones }}',
					options: {
						sendMode,
						batchSize: 2,
						...(callids === 'user' ? { callId: '=order-{{ $json.order }}' } : {}),
					},
				},
				settings: RETRY_3,
				credentials: { timeoutSeconds: TIMEOUT_SECONDS },
			});
			expect(result.error?.message).toBeUndefined();
			expect(result.status).toBe('success');
			expect(liveCallsPerNumber(sim)).toEqual(Object.fromEntries(NUMBERS.map((n) => [n, 1])));

			const items = result.items('VoiceShot');
			expect(items.map((item) => [item.pairedItem, item.json.phonenumber])).toEqual([
				[{ item: 0 }, '8185550100'],
				[{ item: 1 }, '8185550117'],
				[{ item: 1 }, '8185550152'],
				[{ item: 2 }, '8185550163'],
			]);
			const live = sim.calls().filter((call) => call.status !== 'deleted');
			for (const { json } of items) {
				expect(
					live.filter((call) => call.callid === json.callid && call.number === json.phonenumber),
				).toHaveLength(1);
				if (callids === 'user') expect(json.callid).toMatch(/^order-[ABC][123]$/);
				else expect(json.callid).toMatch(/^n8n-[0-9a-f]{32}$/);
			}
			// The faulted request: the first (batch: two numbers; per item: item 0's one number).
			const firstRequest = sendMode === 'batch' ? 2 : 1;
			const found = items.filter((item) => item.json.alreadyQueued === true);
			// Found by the query only when it lists pending calls; else deleted and sent again.
			expect(found).toHaveLength(processed && queryListsPending ? firstRequest : 0);
			const kinds = requestKinds(sim);
			expect(kinds[0]).toBe('send');
			expect(kinds[1]).toBe('callQuery');
			expect(kinds.filter((kind) => kind === 'deletePending').length).toBe(
				processed && queryListsPending ? 0 : 1,
			);
		});
	},
);
