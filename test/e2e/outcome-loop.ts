/**
 * The long-wait loop of Call → Get Outcome as a user builds it: a webhook → Call → Send → Get
 * Outcome with Route Pending Calls Separately → Final: Done; Pending: n8n's Wait node (over 65 s, so
 * n8n saves the execution and resumes it later) → back into Get Outcome. Used by the e2e suite
 * (restart during the wait) and the queue-mode suite (resumed on a worker).
 */
import { CREDENTIAL, type Workflow } from '../../scripts/n8n/examples';
import type { Execution } from '../../scripts/n8n/instance';

/** Longer than the 65 s below which n8n's Wait node waits in memory instead of saving the execution. */
export const LOOP_WAIT_SECONDS = 70;
export const GET_OUTCOME = 'Get outcome';
export const DONE = 'Done';

export function outcomeLoop(id: string, path: string, number: string): Workflow {
	const credentials = { voiceShotApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } };
	// Done above, the Wait node below: the two outputs' lines do not cross
	const at = (index: number): [number, number] =>
		index < 3 ? [index * 220, 0] : [660 + 20 * (index - 3), index === 3 ? -140 : 140];
	const node = (
		index: number,
		name: string,
		type: string,
		typeVersion: number,
		parameters: object,
	) => ({
		id: `${id}-${index}`,
		name,
		type,
		typeVersion,
		position: at(index),
		parameters: parameters as Record<string, unknown>,
	});
	return {
		id,
		name: `Get Outcome loop through a Wait node (${id})`,
		nodes: [
			{
				...node(0, 'Alert', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, options: {} }),
				webhookId: `${id}-hook`,
			},
			{
				...node(1, 'Call', 'n8n-nodes-voiceshot.voiceShot', 1, {
					resource: 'call',
					operation: 'send',
					phoneNumbers: number,
					prompts: { prompt: [{ promptId: '1', type: 'tts', content: 'Press 1 to acknowledge.' }] },
					options: { callId: '=loop-{{ $execution.id }}' },
				}),
				credentials,
			},
			{
				...node(2, GET_OUTCOME, 'n8n-nodes-voiceshot.voiceShot', 1, {
					resource: 'call',
					operation: 'getOutcome',
					callId: '={{ $json.callid }}',
					phoneNumber: '={{ $json.phonenumber }}',
					pendingOutput: true,
				}),
				credentials,
			},
			node(3, DONE, 'n8n-nodes-base.noOp', 1, {}),
			{
				...node(4, 'Wait', 'n8n-nodes-base.wait', 1.1, {
					resume: 'timeInterval',
					amount: LOOP_WAIT_SECONDS,
					unit: 'seconds',
				}),
				webhookId: `${id}-wait`,
			},
		],
		connections: {
			Alert: { main: [[{ node: 'Call', type: 'main', index: 0 }]] },
			Call: { main: [[{ node: GET_OUTCOME, type: 'main', index: 0 }]] },
			[GET_OUTCOME]: {
				main: [
					[{ node: DONE, type: 'main', index: 0 }],
					[{ node: 'Wait', type: 'main', index: 0 }],
				],
			},
			Wait: { main: [[{ node: GET_OUTCOME, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as Workflow;
}

/** The json of every run of a node, per output. */
export function runsOf(
	execution: Execution,
	node: string,
): Array<Array<Array<Record<string, unknown>>>> {
	return (execution.data?.resultData.runData[node] ?? []).map((run) =>
		(run.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json)),
	);
}
