/**
 * Random fault sequences over 1 to 5 tries, on the real engine: whatever fails, no number is ever
 * queued twice, and when the last try succeeds every number is queued.
 */
import fc from 'fast-check';

import type { FaultSpec } from '../../../simulator';
import { liveCallsPerNumber, runSend, simulatorForTests } from './retry-fixture';

const simulator = simulatorForTests();

const TIMEOUT_SECONDS = 0.15;

/** What happens to one request: nothing, or a fault (a 0 ms delay stands for nothing). */
const requestFault = fc.constantFrom<FaultSpec>(
	{ type: 'delay', ms: 0 },
	{ type: 'delay', ms: 0 },
	{ type: 'dropAfterRead' },
	{ type: 'dropBeforeRead' },
	{ type: 'slowReply', ms: 400 },
	{ type: 'status', status: 500, process: true },
	{ type: 'status', status: 500 },
	{ type: 'errorid', errorid: 2 },
);

const NUMBERS = ['8185550100', '8185550117', '8185550152', '8185550163', '8185550174'];

const scenario = fc.record({
	tries: fc.integer({ min: 1, max: 5 }),
	faults: fc.array(requestFault, { maxLength: 12 }),
	/** After which requests (1-based) VoiceShot starts dialing every pending call. */
	dialAfter: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }),
	queryListsPending: fc.boolean(),
	sendMode: fc.constantFrom('batch', 'perItem'),
	batchSize: fc.integer({ min: 1, max: 3 }),
	userCallids: fc.boolean(),
	items: fc.integer({ min: 1, max: 4 }),
	channel: fc.constantFrom('call', 'sms'),
	/** Settings → On Error → Continue: n8n then retries when the first output item is an error. */
	continueOnFail: fc.boolean(),
});

it('never queues a number twice, and leaves none unqueued when the last try succeeds (no error, no error item)', async () => {
	await fc.assert(
		fc.asyncProperty(scenario, async (run) => {
			const sim = simulator();
			await sim.reset();
			sim.configure({ queryListsPending: run.queryListsPending });
			for (const fault of run.faults) await sim.setFault({ ...fault, times: 1 } as FaultSpec);
			let requests = 0;
			let finished = false;
			const dialing = sim
				.waitFor(
					'request',
					() => {
						if (finished) return true;
						if (run.dialAfter.includes(++requests)) sim.dial();
						return false;
					},
					60_000,
				)
				.catch(() => undefined);
			// Item 0 has two numbers, the others one each.
			const items = Array.from({ length: run.items }, (_, index) => ({
				order: `o${index}`,
				phones: index === 0 ? `${NUMBERS[0]}, ${NUMBERS[4]}` : NUMBERS[index],
			}));
			const expected = [NUMBERS[0], NUMBERS[4], ...NUMBERS.slice(1, run.items)];
			const result = await runSend(sim, {
				items,
				parameters: {
					resource: run.channel,
					operation: 'send',
					phoneNumbers: '={{ $json.phones }}',
					...(run.channel === 'sms' ? { message: 'Hello' } : {}),
					options: {
						sendMode: run.sendMode,
						batchSize: run.batchSize,
						...(run.userCallids ? { callId: '=order-{{ $json.order }}' } : {}),
					},
				},
				settings: {
					...(run.tries === 1
						? {}
						: { retryOnFail: true, maxTries: run.tries, waitBetweenTries: 1 }),
					...(run.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
				credentials: { timeoutSeconds: TIMEOUT_SECONDS },
			});
			finished = true;
			await sim.clearFaults();
			await fetch(sim.url, { method: 'POST', body: '<campaign action="6"/>' });
			await dialing;

			const counts = liveCallsPerNumber(sim);
			for (const number of expected) expect(counts[number] ?? 0).toBeLessThanOrEqual(1);
			expect(Object.keys(counts).every((number) => expected.includes(number))).toBe(true);
			const succeeded =
				result.status === 'success' &&
				result.json('VoiceShot').every((json) => json.error === undefined);
			if (succeeded) {
				expect(counts).toEqual(Object.fromEntries(expected.map((number) => [number, 1])));
				const live = sim.calls().filter((call) => call.status !== 'deleted');
				for (const json of result.json('VoiceShot'))
					expect(
						live.some((call) => call.callid === json.callid && call.number === json.phonenumber),
					).toBe(true);
			}
		}),
		{ numRuns: 150 },
	);
}, 120_000);
