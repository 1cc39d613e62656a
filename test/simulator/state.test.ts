/** State transitions over HTTP: send, pause, resume, delete pending, query, sound files. */
import { startSimulator, type Simulator } from '../../simulator';
import { formatDateAndTime } from '../../simulator/time';
import { control, errorid, query, sendXml, wavBase64 } from './helpers';

describe('in manual mode', () => {
	let sim: Simulator;

	beforeAll(async () => {
		sim = await startSimulator({ callDelayMs: 'manual', campaigns: ['1-1234', '34896-482723414'] });
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	it('queues each number with its callid, prompts and caller ID, and the query reports them pending', async () => {
		const xml =
			'<campaign menuid="1-1234" action="0" callerid="8185550199" callid="group">' +
			'<prompts><prompt promptid="1" tts="For all"/><prompt promptid="2" tts="Second"/></prompts><phonenumbers>' +
			'<phonenumber number="8185550100" callid="a"><prompts><prompt promptid="1" tts="Just for a"/></prompts></phonenumber>' +
			'<phonenumber number="8185550117" callerid="8185550188" ext="12"/></phonenumbers></campaign>';
		expect(await errorid(sim.url, xml)).toBe(0);
		const [a, b] = sim.calls();
		expect(a).toMatchObject({
			callid: 'a',
			number: '8185550100',
			callerid: '8185550199',
			status: 'pending',
			menuid: '1-1234',
		});
		expect(a.prompts).toEqual([
			{ promptid: '2', tts: 'Second' },
			{ promptid: '1', tts: 'Just for a' },
		]);
		expect(b).toMatchObject({ callid: 'group', callerid: '8185550188', ext: '12' });
		expect(b.prompts).toHaveLength(2);
		const calls = await query(sim.url);
		expect(calls.map((call) => [call.number, call.callid, call.status])).toEqual([
			['8185550100', 'a', 'Pending'],
			['8185550117', 'group', 'Pending'],
		]);
		expect(await query(sim.url, '1-1234', 'a')).toHaveLength(1);
		expect(await query(sim.url, '1-1234', 'nobody')).toHaveLength(0);
		expect(await query(sim.url, '34896-482723414')).toHaveLength(0);
	});

	it('a call query without <phonenumbers> reports every call', async () => {
		await errorid(sim.url, sendXml(['8185550100', '8185550101']));
		const reply = await fetch(sim.url, {
			method: 'POST',
			body: '<campaign action="3" menuid="1-1234"/>',
		});
		expect((await reply.text()).match(/<phonenumber /g)).toHaveLength(2);
	});

	it('a completed call is reported with status, comment, duration and keys', async () => {
		sim.setOutcomes({
			default: { answer: 'human', keypresses: { '1': '2' }, durationSeconds: 33 },
		});
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'k' }]));
		await sim.complete({ callid: 'k' });
		const [call] = await query(sim.url, '1-1234', 'k');
		expect(call).toMatchObject({
			status: 'Successful',
			comment: 'Human Answer',
			duration: 33,
			callid: 'k',
			number: '8185550100',
		});
		expect(call.prompts.map((prompt) => [prompt.promptid, prompt.keypress])).toEqual([['1', '2']]);
		expect(call.dateandtime).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/);
	});

	it('delete pending removes only calls not yet dialing, by callid or call group', async () => {
		await errorid(
			sim.url,
			sendXml([
				{ number: '8185550100', callid: '001' },
				{ number: '8185550101', callid: '002' },
				{ number: '8185550102', callid: '002' },
				{ number: '8185550103', callid: '003' },
			]),
		);
		expect(sim.dial({ callid: '003' })).toHaveLength(1);
		const xml =
			'<campaign action="2" menuid="1-1234"><phonenumbers><phonenumber callid="002"/><phonenumber callid="003"/><phonenumber callid="zzz"/></phonenumbers></campaign>';
		expect(await errorid(sim.url, xml)).toBe(0);
		expect((await query(sim.url)).map((call) => [call.callid, call.status])).toEqual([
			['001', 'Pending'],
			['003', 'Dialing'],
		]);
		expect(sim.calls({ status: 'deleted' })).toHaveLength(2);
		await sim.complete({});
		expect(sim.calls({ status: 'deleted' })).toHaveLength(2);
		expect(sim.calls({ status: 'completed' }).map((call) => call.callid)).toEqual(['001', '003']);
	});

	it('pause holds pending calls and resume lets them go', async () => {
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'p' }]));
		expect(await errorid(sim.url, '<campaign menuid="1-1234" action="7"/>')).toBe(0);
		expect(sim.state.campaigns.get('1-1234')?.paused).toBe(true);
		expect((await query(sim.url))[0].status).toBe('Paused');
		expect(await sim.complete({})).toHaveLength(0);
		expect(await errorid(sim.url, '<campaign menuid="1-1234" action="8"/>')).toBe(0);
		expect((await query(sim.url))[0].status).toBe('Pending');
		expect(await sim.complete({})).toHaveLength(1);
	});

	it('a call scheduled later stays pending; one in the past is due', async () => {
		const later = formatDateAndTime(Date.now() + 3 * 3600_000).replace(/:\d\d (AM|PM)$/, ' $1');
		await errorid(
			sim.url,
			sendXml([
				{ number: '8185550100', callid: 'later', dateandtime: later },
				{ number: '8185550101', callid: 'past', dateandtime: '1/1/2003 3:00 PM' },
			]),
		);
		const completed = await sim.complete({});
		expect(completed.map((call) => call.callid)).toEqual(['past']);
		expect(sim.calls({ callid: 'later' })[0].status).toBe('pending');
		expect(sim.calls({ callid: 'later' })[0].scheduledAt).toBeGreaterThan(
			Date.now() + 2 * 3600_000,
		);
		expect(await sim.complete({ callid: 'later' }, true)).toHaveLength(1);
	});

	it('saves, replaces and deletes sound files', async () => {
		const save = `<campaign action="1"><file xmlns:dt="urn:schemas-microsoft-com:datatypes" dt:dt="bin.base64" filename="Hello.wav" fileaction="save">${wavBase64()}</file></campaign>`;
		expect(await errorid(sim.url, save)).toBe(0);
		expect(sim.state.files.get('hello.wav')?.bytes.toString('base64')).toBe(wavBase64());
		expect(await errorid(sim.url, save.replace('Hello.wav', 'HELLO.WAV'))).toBe(0);
		expect(sim.state.files.size).toBe(1);
		const download = await fetch(`${sim.baseUrl}/_sim/files/hello.wav`);
		expect(Buffer.from(await download.arrayBuffer()).toString('base64')).toBe(wavBase64());
		expect(
			await errorid(
				sim.url,
				'<campaign action="1"><file filename="hello.wav" fileaction="delete"/></campaign>',
			),
		).toBe(0);
		expect(sim.state.files.size).toBe(0);
		expect(
			await errorid(
				sim.url,
				'<campaign action="1"><file filename="gone.wav" fileaction="delete"/></campaign>',
			),
		).toBe(0);
	});

	it('reset forgets calls, files, pauses and logs', async () => {
		await errorid(sim.url, sendXml(['8185550100']));
		await errorid(sim.url, '<campaign menuid="1-1234" action="7"/>');
		sim.addCampaign('5-5');
		await sim.reset();
		expect(sim.calls()).toHaveLength(0);
		expect(sim.state.requests).toHaveLength(0);
		expect(sim.state.campaigns.get('1-1234')?.paused).toBe(false);
		expect(sim.state.campaigns.has('5-5')).toBe(false);
	});
});

describe('with the call delay', () => {
	let sim: Simulator;

	beforeAll(async () => {
		sim = await startSimulator({ callDelayMs: 20 });
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	it('places queued calls, which the query then reports completed', async () => {
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'x' }]));
		await sim.waitFor((s) => s.calls({ callid: 'x', status: 'completed' })[0]);
		expect((await query(sim.url, '1-1234', 'x'))[0]).toMatchObject({
			status: 'Successful',
			comment: 'Human Answer',
		});
	});

	it('does not place the calls of a paused campaign until it resumes', async () => {
		await errorid(sim.url, '<campaign menuid="1-1234" action="7"/>');
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'held' }]));
		await sim.waitFor((s) => s.calls({ callid: 'held' })[0]?.held);
		expect(sim.calls({ callid: 'held' })[0].status).toBe('pending');
		await errorid(sim.url, '<campaign menuid="1-1234" action="8"/>');
		await sim.waitFor((s) => s.calls({ callid: 'held', status: 'completed' })[0]);
	});

	it('switching to manual mode stops placing calls, and back', async () => {
		sim.configure({ callDelayMs: null });
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'm' }]));
		await expect(sim.waitFor('callDialing', 100)).rejects.toThrow(/timed out/);
		sim.configure({ callDelayMs: 5 });
		await sim.waitFor((s) => s.calls({ callid: 'm', status: 'completed' })[0]);
	});

	it('takes 10,000 numbers in one post quickly, and completes them without blocking the server', async () => {
		const numbers = Array.from({ length: 10_000 }, (_, index) => ({
			number: `81855${String(index).padStart(5, '0')}`,
			callid: `b${index}`,
		}));
		const started = Date.now();
		expect(await errorid(sim.url, sendXml(numbers))).toBe(0);
		const took = Date.now() - started;
		expect(took).toBeLessThan(3000);
		expect(sim.calls()).toHaveLength(10_000);
		// The server answers while the calls complete.
		expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(0);
		await sim.waitFor(
			(s) => s.snapshot({ calls: false }).campaigns[0].calls.completed === 10_000,
			10_000,
		);
		expect((await query(sim.url, '1-1234', 'b9999'))[0].status).toBe('Successful');
		const control_ = await control(sim.baseUrl, 'GET', '/_sim/state?calls=false');
		expect(control_.status).toBe(200);
	});
});
