/** The JSON control API, the in-process helpers, the CLI flags, and the small pure parts. */
import { startSimulator, type Simulator, type SimCall, type SimSnapshot } from '../../simulator';
import { parseArguments } from '../../simulator/args';
import { formatDateAndTime, parseDateAndTime } from '../../simulator/time';
import { silentWav, wavProblem } from '../../simulator/wav';
import { control, errorid, query, sendXml } from './helpers';

describe('control API', () => {
	let sim: Simulator;

	beforeAll(async () => {
		sim = await startSimulator({ callDelayMs: null });
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	it('lists its routes', async () => {
		const { status, json } = await control(sim.baseUrl, 'GET', '/_sim');
		expect(status).toBe(200);
		expect(json).toMatchObject({ url: sim.url, primaryUrl: sim.primaryUrl });
		expect(Object.keys((json as { routes: object }).routes).length).toBeGreaterThan(10);
		expect((await control(sim.baseUrl, 'GET', '/_sim/nothing')).status).toBe(404);
	});

	it('shows the state: requests with their bodies, calls, campaigns, files', async () => {
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 's' }]));
		await errorid(sim.url, '<campaign action="7"/>');
		const state = (await control(sim.baseUrl, 'GET', '/_sim/state')).json as SimSnapshot;
		expect(state.requests.map((entry) => [entry.kind ?? entry.action, entry.errorid])).toEqual([
			['send', 0],
			['7', 5],
		]);
		expect(state.requests[0].body).toContain('8185550100');
		expect(state.requests[0].remote).toBe('127.0.0.1');
		expect(state.calls).toHaveLength(1);
		expect(state.campaigns).toEqual([
			{
				menuid: '1-1234',
				paused: false,
				basicAuth: false,
				calls: { pending: 1, dialing: 0, completed: 0, deleted: 0 },
			},
		]);
		expect(
			((await control(sim.baseUrl, 'GET', '/_sim/state?calls=false')).json as SimSnapshot).calls,
		).toHaveLength(0);
		const since = (
			await control(sim.baseUrl, 'GET', `/_sim/requests?since=${state.requests[0].id}`)
		).json as unknown[];
		expect(since).toHaveLength(1);
	});

	it('filters calls, dials and completes them on request', async () => {
		await errorid(
			sim.url,
			sendXml([
				{ number: '8185550100', callid: 'a' },
				{ number: '8185550101', callid: 'b' },
			]),
		);
		expect((await control(sim.baseUrl, 'GET', '/_sim/calls?callid=b')).json).toHaveLength(1);
		expect((await control(sim.baseUrl, 'GET', '/_sim/calls?status=bogus')).status).toBe(400);
		const dialed = (await control(sim.baseUrl, 'POST', '/_sim/calls/dial', { callid: 'a' }))
			.json as SimCall[];
		expect(dialed.map((call) => call.status)).toEqual(['dialing']);
		const done = (await control(sim.baseUrl, 'POST', '/_sim/calls/complete', {})).json as SimCall[];
		expect(done.map((call) => [call.callid, call.status])).toEqual([
			['a', 'completed'],
			['b', 'completed'],
		]);
		expect((await control(sim.baseUrl, 'GET', '/_sim/calls?status=completed')).json).toHaveLength(
			2,
		);
	});

	it('sets the outcome script', async () => {
		const { status } = await control(sim.baseUrl, 'PUT', '/_sim/outcomes', {
			default: { answer: 'busy' },
		});
		expect(status).toBe(200);
		await errorid(sim.url, sendXml([{ number: '8185550100', callid: 'o' }]));
		await sim.complete();
		expect((await query(sim.url))[0].comment).toBe('Busy');
	});

	it('changes the config, and refuses bad values', async () => {
		const changed = await control(sim.baseUrl, 'PUT', '/_sim/config', {
			registeredIps: ['10.9.9.9'],
			login: { username: 'u', password: 'p' },
		});
		expect(changed.json).toMatchObject({ registeredIps: ['10.9.9.9'], login: true });
		expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(1);
		await control(sim.baseUrl, 'PUT', '/_sim/config', { registeredIps: [], login: null });
		expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(0);
		expect((await control(sim.baseUrl, 'PUT', '/_sim/config', { callDelayMs: -1 })).status).toBe(
			400,
		);
		expect((await control(sim.baseUrl, 'PUT', '/_sim/config', { colour: 'red' })).status).toBe(400);
		expect(
			(await control(sim.baseUrl, 'PUT', '/_sim/config', { callDelayMs: 'manual' })).json,
		).toMatchObject({ callDelayMs: null });
		const masked = await control(sim.baseUrl, 'PUT', '/_sim/config', {
			callbacks: { summaryUrl: 'http://127.0.0.1:1/s', username: 'a', password: 'b' },
		});
		expect(masked.json).toMatchObject({ callbacks: { username: 'a', password: '***' } });
	});

	it('adds and removes campaigns', async () => {
		expect(await errorid(sim.url, '<campaign action="7" menuid="2-22"/>')).toBe(19);
		expect((await control(sim.baseUrl, 'POST', '/_sim/campaigns', { menuid: '2-22' })).status).toBe(
			200,
		);
		expect(await errorid(sim.url, '<campaign action="7" menuid="2-22"/>')).toBe(0);
		expect((await control(sim.baseUrl, 'DELETE', '/_sim/campaigns/2-22')).status).toBe(200);
		expect(await errorid(sim.url, '<campaign action="7" menuid="2-22"/>')).toBe(19);
		expect((await control(sim.baseUrl, 'POST', '/_sim/campaigns', {})).status).toBe(400);
	});

	it('resets over HTTP', async () => {
		await errorid(sim.url, sendXml(['8185550100']));
		expect((await control(sim.baseUrl, 'POST', '/_sim/reset')).status).toBe(200);
		expect(sim.calls()).toHaveLength(0);
	});

	it('waitFor by event type resolves with the next event, and times out with a message', async () => {
		const next = sim.waitFor(
			'request',
			(event) => event.type === 'request' && event.entry.kind === 'testConfiguration',
		);
		await errorid(sim.url, '<campaign action="6"/>');
		expect(await next).toMatchObject({ type: 'request', entry: { errorid: 0 } });
		await expect(sim.waitFor(() => false, 50)).rejects.toThrow(/timed out after 50 ms/);
		await expect(
			sim.waitFor(() => {
				throw new Error('bad predicate');
			}),
		).rejects.toThrow('bad predicate');
	});
});

describe('start options', () => {
	it('takes campaigns, a fixed time zone and a clock', async () => {
		const fixed = Date.UTC(2026, 0, 15, 17, 0, 0);
		const sim = await startSimulator({
			campaigns: ['9-9'],
			timezoneOffsetMinutes: -300,
			now: () => fixed,
			callDelayMs: null,
			primaryPort: false,
		});
		try {
			expect(sim.primaryUrl).toBeUndefined();
			expect(await errorid(sim.url, sendXml(['8185550100']))).toBe(19);
			const xml = sendXml([
				{ number: '8185550100', callid: 'due', dateandtime: '1/15/2026 11:59 AM' },
				{ number: '8185550101', callid: 'later', dateandtime: '1/15/2026 12:01 PM' },
			]).replace('1-1234', '9-9');
			expect(await errorid(sim.url, xml)).toBe(0);
			expect((await sim.complete()).map((call) => call.callid)).toEqual(['due']);
			expect((await query(sim.url, '9-9', 'due'))[0].dateandtime).toBe('1/15/2026 12:00:00 PM');
		} finally {
			await sim.close();
		}
	});
});

describe('CLI flags', () => {
	it('reads every flag', () => {
		const parsed = parseArguments([
			'--port',
			'8787',
			'--primary-port',
			'8788',
			'--campaign',
			'1-1234,2-2',
			'--campaign',
			'3-3',
			'--events-url',
			'http://127.0.0.1:5678/e',
			'--summary-url',
			'http://127.0.0.1:5678/s',
			'--callback-user',
			'u',
			'--callback-password',
			'p',
			'--call-delay',
			'manual',
			'--outcome',
			'machine',
			'--keypress',
			'1=2',
			'--voicemail',
			'--registered-ip',
			'10.0.0.1',
			'--login',
			'user:pa:ss',
			'--require-callerid',
			'--tz-offset',
			'-300',
			'--trust-forwarded-for',
			'--quiet',
		]);
		expect(parsed).toEqual({
			options: {
				port: 8787,
				primaryPort: 8788,
				log: false,
				campaigns: ['1-1234', '2-2', '3-3'],
				callbacks: {
					eventsUrl: 'http://127.0.0.1:5678/e',
					summaryUrl: 'http://127.0.0.1:5678/s',
					username: 'u',
					password: 'p',
				},
				callDelayMs: null,
				outcomes: { default: { answer: 'machine', keypresses: { '1': '2' }, recording: true } },
				registeredIps: ['10.0.0.1'],
				login: { username: 'user', password: 'pa:ss' },
				requireCallerId: true,
				timezoneOffsetMinutes: -300,
				trustForwardedFor: true,
			},
		});
	});

	it('refuses what it does not know', () => {
		expect(() => parseArguments(['--colour'])).toThrow(/unknown flag/);
		expect(() => parseArguments(['--port'])).toThrow(/needs a value/);
		expect(() => parseArguments(['--port', 'x'])).toThrow(/port number/);
		expect(() => parseArguments(['--outcome', 'ghost'])).toThrow(/--outcome/);
		expect(parseArguments(['--help'])).toEqual({ help: true });
	});
});

describe('dates and WAVs', () => {
	it('reads and writes VoiceShot dates', () => {
		expect(parseDateAndTime('1/1/2003 3:00 PM', 0)).toBe(Date.UTC(2003, 0, 1, 15));
		expect(parseDateAndTime('12/31/2026 12:30:15 AM', 60)).toBe(Date.UTC(2026, 11, 30, 23, 30, 15));
		expect(parseDateAndTime('2/29/2025 1:00 PM')).toBeUndefined();
		expect(parseDateAndTime('2/29/2024 1:00 PM')).toBeDefined();
		expect(parseDateAndTime('0/1/2024 1:00 PM')).toBeUndefined();
		expect(formatDateAndTime(Date.UTC(2004, 4, 22, 16, 15, 15), 0)).toBe('5/22/2004 4:15:15 PM');
		expect(formatDateAndTime(Date.UTC(2004, 4, 22, 0, 5, 0), 0)).toBe('5/22/2004 12:05:00 AM');
	});

	it('knows a WAV', () => {
		expect(wavProblem(silentWav())).toBeUndefined();
		expect(wavProblem(Buffer.from('RIFF....WAVE'))).toBe('no fmt chunk');
		expect(wavProblem(Buffer.from('hello world!'))).toBe('not a RIFF/WAVE file');
	});
});
