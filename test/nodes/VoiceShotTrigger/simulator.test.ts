/**
 * Call command round trips with the simulator: the simulator places a call, posts the keypress
 * event to the trigger over HTTP (with basic auth, as VoiceShot does), the workflow answers with
 * a call command that steers the call, and the call summary (with a voicemail recording) comes
 * back to the same trigger.
 */
import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShot } from '../../../nodes/VoiceShot/VoiceShot.node';
import { VoiceShotTrigger } from '../../../nodes/VoiceShotTrigger/VoiceShotTrigger.node';
import { decodeReply, encodeRequest } from '../../../nodes/shared/xml';
import { startSimulator, type Simulator } from '../../../simulator';
import { cleanupEngine, connect } from '../../helpers/engine';
import { Respond, SetField } from '../../helpers/test-nodes';
import {
	startWebhookServer,
	type RunningWebhookServer,
	type WebhookServerOptions,
} from '../../helpers/webhook';

afterAll(() => cleanupEngine());

const LOGIN = { callbackUsername: 'vs-callback', callbackPassword: 's3cret:pw' };
const VOICEMAIL = Buffer.from('RIFF$\u0000\u0000\u0000WAVEfmt voicemail bytes', 'latin1');

/** The command the workflow answers a keypress with: go to prompt 3 and speak the order's status. */
const COMMAND_EXPRESSION =
	'={{ $json.kind === "keypress" ? "<prompt goto=\\"3\\" tts=\\"Order " + $json.keypress + " ships Monday\\"/>" : "" }}';

async function roundTrip(downstream: WebhookServerOptions['downstream'], responseMode: string) {
	const server: RunningWebhookServer = await startWebhookServer({
		nodeType: VoiceShotTrigger,
		credentialTypes: [VoiceShotApi],
		credentials: { voiceShotApi: { cred1: LOGIN } },
		parameters: { authentication: 'basicAuth', responseMode },
		settings: { executionOrder: 'v1', timezone: 'UTC' },
		downstream,
	});
	const sim: Simulator = await startSimulator({
		callDelayMs: null,
		primaryPort: false,
		callbacks: {
			eventsUrl: server.url,
			summaryUrl: server.url,
			username: LOGIN.callbackUsername,
			password: LOGIN.callbackPassword,
		},
		outcomes: {
			default: {
				answer: 'human',
				keypresses: { '1': '42' },
				recording: { filename: 'order-42-vm.wav', base64: VOICEMAIL.toString('base64') },
			},
		},
	});
	try {
		const send = encodeRequest({
			kind: 'send',
			channel: 'voice',
			menuid: '1-1234',
			callerid: '8005550100',
			prompts: [
				{ promptid: '1', tts: 'Please key in your order number' },
				{ promptid: '2', tts: 'We could not find that order' },
				{ promptid: '3', tts: 'Goodbye' },
			],
			numbers: [{ number: '8185550100', callid: 'order-42' }],
		});
		const reply = await fetch(sim.url, {
			method: 'POST',
			headers: { 'content-type': 'text/xml' },
			body: send,
		});
		expect(decodeReply(await reply.text())).toMatchObject({ kind: 'result', errorid: 0 });
		await sim.complete({ callid: 'order-42' });
		await sim.idle();
		await server.settled();
		const [call] = sim.calls({ callid: 'order-42' });
		return { call, calls: server.calls, callbacks: sim.snapshot().callbacks };
	} finally {
		await sim.close();
		await server.close();
	}
}

function expectSteeredCall(result: Awaited<ReturnType<typeof roundTrip>>) {
	const { call, calls } = result;
	// The simulator followed the command: prompt 1, then straight to 3, speaking the text.
	expect(call.result?.commandErrors).toEqual([]);
	expect(call.result?.commands).toEqual([
		{ promptid: '1', command: { goto: '3', tts: 'Order 42 ships Monday' } },
	]);
	expect(call.result?.played).toEqual(['tts:Order 42 ships Monday']);
	expect(call.result?.prompts.map((prompt) => prompt.promptid)).toEqual(['1', '3']);

	// The trigger saw the keypress event and then the summary, each starting one execution.
	expect(calls.map((entry) => entry.execution?.status)).toEqual(['success', 'success']);
	const [keypress] = calls[0].execution!.items('Trigger');
	expect(keypress.json).toMatchObject({
		kind: 'keypress',
		menuid: '1-1234',
		callid: 'order-42',
		promptid: '1',
		keypress: '42',
	});
	const [summary] = calls[1].execution!.items('Trigger');
	expect(summary.json).toMatchObject({
		kind: 'callSummary',
		direction: 'outbound',
		menuid: '1-1234',
		callid: 'order-42',
		phonenumber: '8185550100',
		status: 'Successful',
		comment: 'Human Answer',
		keypresses: [
			{ promptid: '1', keypress: '42' },
			{ promptid: '3', keypress: '' },
		],
		keypressByPrompt: { '1': '42', '3': '' },
		recordings: [{ promptid: '3', fileName: 'order-42-vm.wav', binaryProperty: 'voicemail' }],
	});
	expect(summary.binary?.voicemail.mimeType).toBe('audio/wav');
	expect(Buffer.from(summary.binary!.voicemail.data, 'base64').equals(VOICEMAIL)).toBe(true);
}

describe('call command round trip with the simulator', () => {
	it("Using 'Respond to Webhook' Node: the VoiceShot node's Live Call → Reply steers the live call", async () => {
		const result = await roundTrip(
			{
				nodeTypes: [VoiceShot],
				nodes: [
					{
						name: 'Reply',
						type: 'n8n-nodes-voiceshot.voiceShot',
						parameters: {
							resource: 'callCommand',
							operation: 'reply',
							command: 'goto',
							goto: '3',
							tts: '={{ $json.kind === "keypress" ? "Order " + $json.keypress + " ships Monday" : "" }}',
						},
						credentials: { voiceShotApi: { id: 'cred1', name: 'VoiceShot' } },
					},
				],
				connections: connect('Trigger', 'Reply'),
			},
			'responseNode',
		);
		expectSteeredCall(result);
		expect(result.calls[0].execution!.json('Reply')).toEqual([
			{ callCommand: '<prompt goto="3" tts="Order 42 ships Monday"/>' },
		]);
	});

	it("Using 'Respond to Webhook' Node: a node's reply steers the live call", async () => {
		const result = await roundTrip(
			{
				nodeTypes: [Respond],
				nodes: [
					{
						name: 'Reply',
						type: 'testRespond',
						parameters: { body: COMMAND_EXPRESSION, contentType: 'text/xml' },
					},
				],
				connections: connect('Trigger', 'Reply'),
			},
			'responseNode',
		);
		expectSteeredCall(result);
		const answers = result.callbacks.map((entry) => [
			entry.kind,
			'status' in entry ? entry.status : undefined,
		]);
		expect(answers).toEqual([
			['keypress', 200],
			['callSummary', 200],
		]);
	});

	it("When Last Node Finishes: the last node's callCommand steers the live call", async () => {
		const result = await roundTrip(
			{
				nodeTypes: [SetField],
				nodes: [
					{
						name: 'Build',
						type: 'testSetField',
						parameters: { field: 'callCommand', value: COMMAND_EXPRESSION },
					},
				],
				connections: connect('Trigger', 'Build'),
			},
			'lastNode',
		);
		expectSteeredCall(result);
	});

	it('a simulator posting with the wrong login is refused and starts nothing', async () => {
		const server = await startWebhookServer({
			nodeType: VoiceShotTrigger,
			credentialTypes: [VoiceShotApi],
			credentials: { voiceShotApi: { cred1: LOGIN } },
			parameters: { authentication: 'basicAuth' },
		});
		const sim = await startSimulator({
			primaryPort: false,
			callbacks: {
				eventsUrl: server.url,
				summaryUrl: server.url,
				username: 'vs-callback',
				password: 'guess',
			},
		});
		try {
			const entry = await sim.testPost('1-1234', 'events');
			expect(entry).toMatchObject({ kind: 'test', status: 401 });
			await server.settled();
			expect(server.calls).toHaveLength(1);
			expect(server.calls[0].execution).toBeUndefined();
		} finally {
			await sim.close();
			await server.close();
		}
	});

	it("the simulator's Test button gets 200 OK and starts the workflow", async () => {
		const server = await startWebhookServer({ nodeType: VoiceShotTrigger, parameters: {} });
		const sim = await startSimulator({
			primaryPort: false,
			callbacks: { eventsUrl: server.url, summaryUrl: server.url },
		});
		try {
			expect(await sim.testPost('1-1234', 'summary')).toMatchObject({
				kind: 'test',
				status: 200,
				responseBody: '',
			});
			await server.settled();
			expect(server.calls[0].execution?.items('Trigger')[0].json).toMatchObject({
				kind: 'test',
				menuid: '1-1234',
				comment: 'Test',
			});
		} finally {
			await sim.close();
			await server.close();
		}
	});
});
