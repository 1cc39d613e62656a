/** Placing calls and calling back: outcomes, events, summaries, call commands, inbound traffic. */
import { decodePost, type VoiceShotPost } from '../../nodes/shared/xml';
import { startSimulator, type Simulator } from '../../simulator';
import { sleep } from '../../simulator/platform';
import { wavProblem } from '../../simulator/wav';
import { startRecordingServer, type RecordedRequest, type Reply } from '../helpers/http';
import { control, errorid, query, sendXml } from './helpers';

type Receiver = Awaited<ReturnType<typeof startRecordingServer>>;

let sim: Simulator;
let receiver: Receiver;
/** What the Call Events URL answers to a keypress event; default: no command. */
let answerEvent: (post: VoiceShotPost) => Reply = () => ({ status: 200, body: '' });

const threePrompts =
	'<campaign menuid="1-1234" action="0"><prompts><prompt promptid="1" tts="One"/><prompt promptid="2" tts="Two"/><prompt promptid="3" tts="Three"/></prompts>' +
	'<phonenumbers><phonenumber number="8185550100" callid="ivr"/></phonenumbers></campaign>';

function posts(path: string): VoiceShotPost[] {
	return receiver.requests
		.filter((request) => request.url === path)
		.map((request) => decodePost(request.body));
}

beforeAll(async () => {
	receiver = await startRecordingServer((request: RecordedRequest) => {
		if (request.url === '/events') return answerEvent(decodePost(request.body));
		return { status: 200, body: '' };
	});
	sim = await startSimulator({
		callDelayMs: 5,
		callbacks: {
			eventsUrl: `${receiver.url}/events`,
			summaryUrl: `${receiver.url}/summary`,
			username: 'hook',
			password: 'pa:ss',
		},
	});
});

afterEach(async () => {
	await sim.idle();
	await sim.reset();
	receiver.requests.length = 0;
	answerEvent = () => ({ status: 200, body: '' });
});

afterAll(async () => {
	await sim.close();
	await receiver.close();
});

describe('call summaries', () => {
	it('posts the summary as raw XML with basic auth once the call completes', async () => {
		sim.setOutcomes({
			default: { answer: 'human', keypresses: { '1': '#' }, durationSeconds: 14 },
		});
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: '123' }]));
		await sim.waitFor((s) => s.state.callbacks.find((entry) => entry.target === 'summary'));
		const request = receiver.requests.find((entry) => entry.url === '/summary');
		expect(request?.method).toBe('POST');
		expect(request?.headers['content-type']).toMatch(/^text\/xml/);
		expect(request?.headers.authorization).toBe(
			'Basic ' + Buffer.from('hook:pa:ss').toString('base64'),
		);
		const body = request?.body.toString('utf8') ?? '';
		expect(body).toMatch(
			/^<campaign menuid="1-1234" duration="14" phonenumber="8185550100" status="Successful" comment="Human Answer" callid="123" dateandtime="[^"]+"><prompts><prompt promptid="1" keypress="#"><\/prompt><\/prompts><\/campaign>$/,
		);
		expect(decodePost(body)).toMatchObject({
			kind: 'callSummary',
			direction: 'outbound',
			phonenumber: '8185550100',
			callid: '123',
			duration: 14,
		});
		expect(sim.state.callbacks.find((entry) => entry.target === 'summary')).toMatchObject({
			status: 200,
			kind: 'callSummary',
			menuid: '1-1234',
			callid: '123',
		});
	});

	it('sends no Authorization header when no username and password are set', async () => {
		sim.configure({ callbacks: { summaryUrl: `${receiver.url}/summary` } });
		await errorid(sim.url, sendXml(['8185550100']));
		await sim.waitFor((s) => s.state.callbacks.length === 1);
		expect(receiver.requests[0].headers.authorization).toBeUndefined();
	});

	it('reports each outcome: answering machine, busy, no answer, failed, by number, callid or sequence', async () => {
		sim.setOutcomes({
			byNumber: { '8185550101': { answer: 'busy' } },
			byCallid: { nm: { answer: 'noanswer' } },
			sequence: [{ answer: 'machine' }, { answer: 'failed' }],
			default: { answer: 'human', comment: 'Custom' },
		});
		await errorid(
			sim.url,
			sendXml([
				{ number: '8185550100', callid: 'm' },
				{ number: '8185550101', callid: 'b' },
				{ number: '8185550102', callid: 'nm' },
				{ number: '8185550103', callid: 'f' },
				{ number: '8185550104', callid: 'h' },
			]),
		);
		await sim.waitFor(
			(s) => s.state.callbacks.filter((entry) => entry.target === 'summary').length === 5,
		);
		const byCallid = Object.fromEntries(
			(await query(sim.url)).map((call) => [
				call.callid,
				`${call.status}/${call.comment}/${call.duration}`,
			]),
		);
		expect(byCallid).toEqual({
			m: 'Successful/Answering Machine/20',
			b: 'Unsuccessful/Busy/0',
			nm: 'Unsuccessful/No Answer/0',
			f: 'Unsuccessful/Operator Intercept/0',
			h: 'Successful/Custom/15',
		});
		const busy = posts('/summary').find((post) => post.callid === 'b');
		expect(busy).toMatchObject({
			kind: 'callSummary',
			status: 'Unsuccessful',
			comment: 'Busy',
			duration: 0,
			prompts: [],
		});
		expect(posts('/events')).toHaveLength(0);
	});

	it('carries a voicemail recording, a valid WAV, inside the summary', async () => {
		sim.setOutcomes({ default: { answer: 'human', keypresses: { '1': '1' }, recording: true } });
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'vm' }]));
		await sim.waitFor((s) => s.state.callbacks.find((entry) => entry.target === 'summary'));
		const summary = posts('/summary')[0];
		if (summary.kind !== 'callSummary')
			throw new Error(`expected a call summary, got ${summary.kind}`);
		expect(summary.recordings).toHaveLength(1);
		expect(summary.recordings[0]).toMatchObject({ promptid: '1', filename: 'vm.wav' });
		expect(wavProblem(Buffer.from(summary.recordings[0].base64, 'base64'))).toBeUndefined();
	});

	it('an outbound text message gets an SMS summary', async () => {
		const xml =
			'<campaign menuid="1-1234" action="0" callerid="user@example.com"><prompts><prompt txt="Hi"/></prompts><phonenumbers><phonenumber number="8185550100" callid="9870"/></phonenumbers></campaign>';
		await errorid(sim.url, xml);
		await sim.waitFor((s) => s.state.callbacks.length === 1);
		expect(posts('/summary')[0]).toMatchObject({
			kind: 'smsSummary',
			direction: 'outbound',
			phonenumber: '8185550100',
			status: 'Successful',
			callid: '9870',
		});
	});

	it('a campaign can have URLs of its own', async () => {
		sim.addCampaign({ menuid: '7-7', summaryUrl: `${receiver.url}/other` });
		await errorid(sim.url, sendXml(['8185550100']).replace('1-1234', '7-7'));
		await sim.waitFor((s) => s.state.callbacks.length === 1);
		expect(receiver.requests[0].url).toBe('/other');
		expect(receiver.requests[0].headers.authorization).toBeDefined();
	});

	it('reset cuts a callback in flight at once and leaves nothing behind', async () => {
		answerEvent = () => ({ status: 200, body: '' });
		const slow = await startRecordingServer(async () => {
			await sleep(3000);
			return { status: 200, body: '' };
		});
		try {
			sim.configure({ callbacks: { summaryUrl: `${slow.url}/summary` } });
			await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'slow' }]));
			await sim.waitFor(() => slow.requests.length === 1);
			const started = Date.now();
			await sim.reset();
			expect(Date.now() - started).toBeLessThan(1000);
			expect(sim.state.callbacks).toHaveLength(0);
			expect(sim.calls()).toHaveLength(0);
		} finally {
			await slow.close();
		}
	});

	it('records a callback that fails, and the call still completes', async () => {
		sim.configure({ callbacks: { summaryUrl: 'http://127.0.0.1:1/summary' } });
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'x' }]));
		const entry = await sim.waitFor((s) => s.state.callbacks[0]);
		expect(entry.error).toBeTruthy();
		expect(entry.status).toBeUndefined();
		expect(sim.calls({ callid: 'x' })[0].status).toBe('completed');
	});
});

describe('call events and call commands', () => {
	it('posts a keypress event per prompt where keys are pressed, in order', async () => {
		sim.setOutcomes({ default: { keypresses: { '1': '1', '3': '42' } } });
		await errorid(sim.url, threePrompts);
		await sim.waitFor((s) => s.calls({ callid: 'ivr', status: 'completed' })[0]);
		const events = receiver.requests.filter((request) => request.url === '/events');
		expect(events.map((request) => request.body.toString())).toEqual([
			'<prompt menuid="1-1234" callid="ivr" promptid="1" keypress="1"/>',
			'<prompt menuid="1-1234" callid="ivr" promptid="3" keypress="42"/>',
		]);
		expect(events[0].headers.authorization).toMatch(/^Basic /);
		expect(
			sim
				.calls({ callid: 'ivr' })[0]
				.result?.prompts.map((prompt) => `${prompt.promptid}:${prompt.keypress}`),
		).toEqual(['1:1', '2:', '3:42']);
	});

	it('follows a goto command and records it with its tts', async () => {
		sim.setOutcomes({ default: { keypresses: { '1': '1', '3': '9' } } });
		answerEvent = (post) =>
			post.kind === 'keypress' && post.promptid === '1'
				? {
						status: 200,
						headers: { 'content-type': 'text/xml' },
						body: '<prompt goto="3" tts="Your package comes Monday"/>',
					}
				: { status: 200, body: '' };
		await errorid(sim.url, threePrompts);
		const call = await sim.waitFor((s) => s.calls({ callid: 'ivr', status: 'completed' })[0]);
		expect(call.result?.prompts.map((prompt) => prompt.promptid)).toEqual(['1', '3']);
		expect(call.result?.commands).toEqual([
			{ promptid: '1', command: { goto: '3', tts: 'Your package comes Monday' } },
		]);
		expect(call.result?.played).toEqual(['tts:Your package comes Monday']);
		const [queried] = await query(sim.url, '1-1234', 'ivr');
		expect(queried.prompts.map((prompt) => `${prompt.promptid}:${prompt.keypress}`)).toEqual([
			'1:1',
			'3:9',
		]);
	});

	it('a transferto command ends the prompts there', async () => {
		sim.setOutcomes({ default: { keypresses: { '1': '0', '2': '5' } } });
		answerEvent = () => ({
			status: 200,
			body: '<prompt transferto="8182238964" callerid="8008049314"/>',
		});
		await errorid(sim.url, threePrompts);
		const call = await sim.waitFor((s) => s.calls({ callid: 'ivr', status: 'completed' })[0]);
		expect(call.result?.transferredTo).toBe('8182238964');
		expect(call.result?.prompts).toHaveLength(1);
	});

	it('a reply that is not a call command is recorded and the call goes on', async () => {
		sim.setOutcomes({ default: { keypresses: { '1': '1' } } });
		answerEvent = () => ({ status: 200, body: '<campaign goto="2"/>' });
		await errorid(sim.url, threePrompts);
		const call = await sim.waitFor((s) => s.calls({ callid: 'ivr', status: 'completed' })[0]);
		expect(call.result?.commandErrors).toHaveLength(1);
		expect(call.result?.prompts).toHaveLength(3);
	});

	it('a goto loop ends', async () => {
		sim.setOutcomes({ default: { keypresses: { '1': '1' } } });
		answerEvent = () => ({ status: 200, body: '<prompt goto="1"/>' });
		await errorid(sim.url, threePrompts);
		const call = await sim.waitFor((s) => s.calls({ callid: 'ivr', status: 'completed' })[0], 5000);
		expect(call.result?.prompts.length).toBeLessThanOrEqual(50);
	});
});

describe('inbound calls and texts', () => {
	it('an inbound call posts answer, keypress, hang-up, then the inbound summary', async () => {
		const { status, json } = await control(sim.baseUrl, 'POST', '/_sim/inbound/call', {
			callerid: '8182238964',
			dnis: '8002848509',
			callid: '2145437',
			keypresses: { '1': '1234' },
			durationSeconds: 28,
		});
		expect(status).toBe(200);
		expect(json).toMatchObject({ direction: 'inbound', status: 'completed', callid: '2145437' });
		expect(receiver.requests.map((request) => request.body.toString())).toEqual([
			'<campaign menuid="1-1234" callid="2145437" action="4" callerid="8182238964" dnis="8002848509"/>',
			'<prompt menuid="1-1234" callid="2145437" promptid="1" keypress="1234"/>',
			'<campaign menuid="1-1234" callid="2145437" action="5" duration="28"/>',
			expect.stringMatching(
				/^<campaign menuid="1-1234" duration="28" callerid="8182238964" callid="2145437" dateandtime="[^"]+"><prompts><prompt promptid="1" keypress="1234"><\/prompt><\/prompts><\/campaign>$/,
			),
		]);
		expect(posts('/summary')[0]).toMatchObject({
			kind: 'callSummary',
			direction: 'inbound',
			callerid: '8182238964',
		});
		expect(await query(sim.url)).toHaveLength(0);
	});

	it('an inbound text posts an SMS summary with its text', async () => {
		await sim.inboundSms({ callerid: '8185550100', txt: 'Call me & soon', callid: '970' });
		expect(receiver.requests[0].body.toString()).toBe(
			'<campaign menuid="1-1234" callid="970" callerid="8185550100"><prompts><prompt txt="Call me &amp; soon"/></prompts></campaign>',
		);
		expect(posts('/summary')[0]).toMatchObject({
			kind: 'smsSummary',
			direction: 'inbound',
			texts: ['Call me & soon'],
		});
	});

	it('the Test button post', async () => {
		const { json } = await control(sim.baseUrl, 'POST', '/_sim/test-post', {
			menuid: '1-1234',
			target: 'events',
		});
		expect(json).toMatchObject({ status: 200, kind: 'test' });
		expect(receiver.requests[0].body.toString()).toBe(
			'<campaign menuid="1-1234" callid="0" action="5" comment="Test"/>',
		);
	});
});

describe('far schedules', () => {
	/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the test watches Node's timers and warnings */
	it('stays idle with a call scheduled years ahead, and after deleting it', async () => {
		const warnings: string[] = [];
		const onWarning = (warning: Error) => warnings.push(warning.name);
		process.on('warning', onWarning);
		const timers = jest.spyOn(globalThis, 'setTimeout');
		try {
			await errorid(
				sim.url,
				sendXml([{ number: '8185550100', callid: 'far', dateandtime: '1/1/2040 9:00 AM' }]),
			);
			await sleep(200);
			expect(sim.calls({ callid: 'far' })[0].status).toBe('pending');
			await errorid(
				sim.url,
				'<campaign action="2" menuid="1-1234"><phonenumbers><phonenumber callid="far"/></phonenumbers></campaign>',
			);
			await sleep(200);
			expect(sim.calls({ callid: 'far' })[0].status).toBe('deleted');
			// The scheduler arms one timer for the far call; a timer firing at once would re-arm it again and again.
			const armedBySimulator = timers.mock.calls.filter(([, ms]) => (ms ?? 0) > 1000);
			expect(armedBySimulator.length).toBe(1);
			expect(timers.mock.calls.length).toBeLessThan(20);
			expect(warnings).not.toContain('TimeoutOverflowWarning');
		} finally {
			timers.mockRestore();
			process.off('warning', onWarning);
		}
	});
});
