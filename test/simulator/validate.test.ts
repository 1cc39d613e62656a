/** Every errorid the simulator claims, over real HTTP. */
import fc from 'fast-check';

import { startSimulator, type Simulator } from '../../simulator';
import { ERROR_COMMENTS } from '../../simulator/validate';
import { errorid, postXml, request, sendXml, wavBase64 } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ callDelayMs: null });
});

afterEach(async () => {
	await sim.reset();
});

afterAll(async () => {
	await sim.close();
});

const prompt = '<prompts><prompt promptid="1" tts="Hi"/></prompts>';
const numbers = '<phonenumbers><phonenumber number="8185550100"/></phonenumbers>';

describe('the reply', () => {
	it('is <campaign errorid comment/> with the documented comment, as text/xml', async () => {
		const { status, text } = await postXml(sim.url, '<campaign action="6"/>');
		expect(status).toBe(200);
		expect(text).toBe('<campaign errorid="0" comment="ok"/>');
		const refused = await postXml(sim.url, '<campaign action="7" menuid="9-9"/>');
		expect(refused.text).toBe(`<campaign errorid="19" comment="${ERROR_COMMENTS[19]}"/>`);
	});

	it('answers at VoiceShot path whatever its case, and 404 elsewhere', async () => {
		expect(
			(await postXml(sim.url.replace('ivrapi.asp', 'IvrApi.ASP'), '<campaign action="6"/>')).text,
		).toContain('errorid="0"');
		expect((await postXml(sim.baseUrl + '/other', '<campaign action="6"/>')).status).toBe(404);
	});
});

describe('errorids', () => {
	const cases: Array<[number, string, string]> = [
		[3, 'malformed XML', '<campaign action="0"'],
		[3, 'an empty body', ''],
		[3, 'a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><campaign action="6"/>'],
		[3, 'two roots', '<campaign action="6"/><campaign action="6"/>'],
		[18, 'a root other than campaign', '<campaigns action="6"/>'],
		[
			18,
			'a campaign inside the campaign',
			`<campaign action="0" menuid="1-1234">${prompt}${numbers}<campaign/></campaign>`,
		],
		[4, 'no action', '<campaign menuid="1-1234"/>'],
		[4, 'a blank action', '<campaign action=" " menuid="1-1234"/>'],
		[4, 'an action VoiceShot does not take', '<campaign action="9" menuid="1-1234"/>'],
		[4, 'an event-only action', '<campaign action="4" menuid="1-1234"/>'],
		[5, 'no menuid on pause', '<campaign action="7"/>'],
		[5, 'no menuid on resume', '<campaign action="8"/>'],
		[5, 'no menuid on a send', `<campaign action="0">${prompt}${numbers}</campaign>`],
		[5, 'an empty menuid on a query', '<campaign action="3" menuid=""/>'],
		[
			6,
			'no callid on delete',
			'<campaign action="2" menuid="1-1234"><phonenumbers><phonenumber/></phonenumbers></campaign>',
		],
		[
			6,
			'a blank callid on delete',
			'<campaign action="2" menuid="1-1234"><phonenumbers><phonenumber callid=""/></phonenumbers></campaign>',
		],
		[6, 'a callid over 50 characters', sendXml([{ number: '8185550100', callid: 'x'.repeat(51) }])],
		[
			7,
			'a transferto that is not a number',
			`<campaign action="0" menuid="1-1234"><prompts><prompt promptid="1" transferto="help"/></prompts>${numbers}</campaign>`,
		],
		[
			8,
			'a phonenumber without number',
			'<campaign action="0" menuid="1-1234"><phonenumbers><phonenumber callid="1"/></phonenumbers></campaign>',
		],
		[8, 'a number that is not a phone number', sendXml(['555-0100'])],
		[8, 'a North American number with no such area code', sendXml(['1235550100'])],
		[8, 'a North American number with no such exchange', sendXml(['18180550100'])],
		[8, 'a premium-rate number', sendXml(['9005550100'])],
		[9, 'a caller ID with an N11 area code', sendXml(['8185550100'], ' callerid="4115550100"')],
		[9, 'a caller ID of 9 digits', sendXml(['8185550100'], ' callerid="818555010"')],
		[
			9,
			'a caller ID with letters on a number',
			sendXml([{ number: '8185550100', extra: ' callerid="81855501OO"' }]),
		],
		[
			10,
			'a date in the wrong form',
			sendXml([{ number: '8185550100', dateandtime: '2026-01-01 10:00' }]),
		],
		[
			10,
			'a date that does not exist',
			sendXml([{ number: '8185550100', dateandtime: '2/30/2026 3:00 PM' }]),
		],
		[10, 'an hour of 13', sendXml([{ number: '8185550100', dateandtime: '1/1/2026 13:00 PM' }])],
		[
			11,
			'a prompt without promptid',
			`<campaign action="0" menuid="1-1234"><prompts><prompt tts="Hi"/></prompts>${numbers}</campaign>`,
		],
		[
			12,
			'a prompt without tts or file',
			`<campaign action="0" menuid="1-1234"><prompts><prompt promptid="1"/></prompts>${numbers}</campaign>`,
		],
		[
			12,
			'an SMS prompt without text',
			`<campaign action="0" menuid="1-1234"><prompts><prompt txt=""/></prompts>${numbers}</campaign>`,
		],
		[13, 'a file without filename', '<campaign action="1"><file fileaction="delete"/></campaign>'],
		[
			14,
			'an empty <prompts>',
			`<campaign action="0" menuid="1-1234"><prompts/>${numbers}</campaign>`,
		],
		[
			14,
			'something else inside <prompts>',
			`<campaign action="0" menuid="1-1234"><prompts><phrase/></prompts>${numbers}</campaign>`,
		],
		[
			15,
			'a prompt outside <prompts>',
			`<campaign action="0" menuid="1-1234"><prompt promptid="1" tts="Hi"/>${numbers}</campaign>`,
		],
		[
			15,
			'a prompt right inside <phonenumber>',
			'<campaign action="0" menuid="1-1234"><phonenumbers><phonenumber number="8185550100"><prompt promptid="1" tts="Hi"/></phonenumber></phonenumbers></campaign>',
		],
		[
			15,
			'<prompts> inside <phonenumbers>',
			`<campaign action="0" menuid="1-1234"><phonenumbers><phonenumber number="8185550100"/>${prompt}</phonenumbers></campaign>`,
		],
		[
			16,
			'an empty <phonenumbers>',
			`<campaign action="0" menuid="1-1234">${prompt}<phonenumbers/></campaign>`,
		],
		[
			16,
			'something else inside <phonenumbers>',
			`<campaign action="2" menuid="1-1234"><phonenumbers><number callid="1"/></phonenumbers></campaign>`,
		],
		[
			17,
			'no <phonenumbers> on a send',
			`<campaign action="0" menuid="1-1234">${prompt}</campaign>`,
		],
		[17, 'no <phonenumbers> on delete', '<campaign action="2" menuid="1-1234"/>'],
		[
			17,
			'a phonenumber outside <phonenumbers>',
			`<campaign action="0" menuid="1-1234">${prompt}<phonenumber number="8185550100"/></campaign>`,
		],
		[
			17,
			'two <phonenumbers>',
			`<campaign action="0" menuid="1-1234">${prompt}${numbers}${numbers}</campaign>`,
		],
		[19, 'an unknown menuid on a send', sendXml(['8185550100']).replace('1-1234', '1-9999')],
		[19, 'an unknown menuid on a query', '<campaign action="3" menuid="2-2"/>'],
		[20, 'no <file>', '<campaign action="1"/>'],
		[
			20,
			'a fileaction other than save or delete',
			'<campaign action="1"><file filename="a.wav" fileaction="download"/></campaign>',
		],
		[
			20,
			'a file name that is not .wav',
			`<campaign action="1"><file filename="a.mp3" fileaction="save">${wavBase64()}</file></campaign>`,
		],
		[
			20,
			'a file name with a path',
			'<campaign action="1"><file filename="../a.wav" fileaction="delete"/></campaign>',
		],
		[
			21,
			'a sound file that is not a WAV',
			`<campaign action="1"><file filename="a.wav" fileaction="save">${Buffer.from('ID3 this is an mp3').toString('base64')}</file></campaign>`,
		],
		[
			21,
			'a sound file that is not base64',
			'<campaign action="1"><file filename="a.wav" fileaction="save">not base64!</file></campaign>',
		],
		[
			21,
			'an empty sound file',
			'<campaign action="1"><file filename="a.wav" fileaction="save"></file></campaign>',
		],
	];

	it.each(cases)('%i for %s', async (expected, _what, xml) => {
		expect(await errorid(sim.url, xml)).toBe(expected);
		const entry = sim.state.requests[sim.state.requests.length - 1];
		expect(entry.errorid).toBe(expected);
		expect(entry.detail).toBeTruthy();
	});

	it('0 for the documented samples', async () => {
		expect(
			await errorid(sim.url, sendXml(['8185550100', '8185550117'], ' callerid="8185550199"')),
		).toBe(0);
		expect(
			await errorid(
				sim.url,
				sendXml([{ number: '8185550100', dateandtime: '1/1/2003 3:00 PM', callid: '7' }]),
			),
		).toBe(0);
		expect(await errorid(sim.url, '<campaign menuid="1-1234" action="7" />')).toBe(0);
		expect(
			await errorid(
				sim.url,
				`<campaign action="1"><file xmlns:dt="urn:schemas-microsoft-com:datatypes" dt:dt="bin.base64" filename="hello.wav" fileaction="save">${wavBase64()}</file></campaign>`,
			),
		).toBe(0);
		expect(
			await errorid(
				sim.url,
				'<campaign action="1"><file filename="hello.wav" fileaction="delete"/></campaign >',
			),
		).toBe(0);
		expect(
			await errorid(
				sim.url,
				'<campaign action="2" menuid="1-1234"><phonenumbers><phonenumber callid="001"/></phonenumbers></campaign>',
			),
		).toBe(0);
		expect(
			await errorid(sim.url, '<?xml version="1.0" encoding="utf-8"?><campaign action="6"/>'),
		).toBe(0);
	});

	it('0 for an SMS send whose caller ID is an SMS ID', async () => {
		const xml =
			'<campaign menuid="1-1234" action="0" callerid="user@example.com"><prompts><prompt txt="Call me"/></prompts><phonenumbers><phonenumber number="8185550100"/></phonenumbers></campaign>';
		expect(await errorid(sim.url, xml)).toBe(0);
		expect(sim.calls()[0].channel).toBe('sms');
	});

	it('accepts VoiceShot own upload sample (a WAV cut short)', async () => {
		const sample =
			'UklGRmZGAABXQVZFZm10IBIAAAABAAEAgD4AAAB9AAACABAAAABmYWN0BAAAAKAPAABkYXRh\n' +
			'QB8AAAgAIAAoACAAGAAgAFAAOAAwAEgAIAAoABgACAAgADgASAAYABgAGAD4//j/8P/I/7j/ uP/A/+D/mP+Y/7j/oP+g/4j/mP9o/1j/eP9Y/1j/YP8w/zD/WP9A/1D/SP9Y/1j/YP9o/3j/';
		expect(
			await errorid(
				sim.url,
				`<campaign action="1"><file filename="hello.wav" fileaction="save">${sample}</file></campaign>`,
			),
		).toBe(0);
	});
});

describe('errorid 1', () => {
	it('refuses callers that are not registered IPs, and takes them when listed', async () => {
		sim.configure({ registeredIps: ['10.9.9.9'] });
		expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(1);
		expect(await errorid(sim.url, sendXml(['8185550100']))).toBe(1);
		expect(sim.calls()).toHaveLength(0);
		sim.configure({ registeredIps: ['10.9.9.9', '127.0.0.1'] });
		expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(0);
	});

	it('reads X-Forwarded-For only when told to trust it', async () => {
		sim.configure({ registeredIps: ['10.9.9.9'] });
		expect(
			await errorid(sim.url, '<campaign action="6"/>', { 'x-forwarded-for': '10.9.9.9' }),
		).toBe(1);
		sim.configure({ trustForwardedFor: true });
		expect(
			await errorid(sim.url, '<campaign action="6"/>', { 'x-forwarded-for': '10.9.9.9' }),
		).toBe(0);
	});

	it('refuses a wrong or missing login when one is set', async () => {
		sim.configure({ login: { username: 'dev', password: 's3cret' } });
		expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(1);
		expect(await errorid(sim.url, '<campaign action="6" username="dev" password="nope"/>')).toBe(1);
		expect(await errorid(sim.url, '<campaign action="6" username="dev" password="s3cret"/>')).toBe(
			0,
		);
	});
});

describe('errorid 9 when caller IDs are required', () => {
	it('refuses a voice send with no caller ID anywhere, and takes one on the number', async () => {
		sim.configure({ requireCallerId: true });
		expect(await errorid(sim.url, sendXml(['8185550100']))).toBe(9);
		expect(
			await errorid(sim.url, sendXml([{ number: '8185550100', extra: ' callerid="8185550199"' }])),
		).toBe(0);
	});
});

describe('errorid 2 and codes VoiceShot may add', () => {
	it('comes from the errorid fault, with the documented or given comment', async () => {
		await sim.setFault({ type: 'errorid', errorid: 2, times: 1 });
		const { text } = await postXml(sim.url, '<campaign action="6"/>');
		expect(text).toBe(`<campaign errorid="2" comment="${ERROR_COMMENTS[2]}"/>`);
		await sim.setFault({ type: 'errorid', errorid: 42, comment: 'Something new.', times: 1 });
		expect((await postXml(sim.url, '<campaign action="6"/>')).text).toBe(
			'<campaign errorid="42" comment="Something new."/>',
		);
		expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(0);
	});
});

describe('robustness', () => {
	it('a bad request never changes the state nor stops the server', async () => {
		expect(await errorid(sim.url, sendXml(['8185550100', 'nope']))).toBe(8);
		expect(sim.calls()).toHaveLength(0);
		const junk = [
			Buffer.from([0xff, 0xfe, 0x00, 0x01]),
			'<campaign action="0" menuid="1-1234">' +
				'<a>'.repeat(40) +
				'</a>'.repeat(40) +
				'</campaign>',
			'&&&',
			'<campaign action="1"><file filename="a.wav" fileaction="save">' +
				'A'.repeat(10) +
				'</file></campaign>',
		];
		for (const body of junk) expect([3, 21]).toContain(await errorid(sim.url, body));
		expect(await errorid(sim.url, sendXml(['8185550100']))).toBe(0);
		expect(sim.calls()).toHaveLength(1);
	});

	it('answers any body, cut or mangled, with a documented errorid, and changes state only on errorid 0', async () => {
		const valid = sendXml(
			[
				{ number: '8185550100', callid: 'a' },
				{ number: '8185550101', callid: 'b', dateandtime: '1/1/2003 3:00 PM' },
			],
			' callerid="8185550199"',
		);
		const mangled = fc.oneof(
			fc.string({ maxLength: 200 }),
			fc
				.tuple(fc.nat(valid.length), fc.nat(valid.length))
				.map(([from, to]) => valid.slice(0, Math.min(from, to)) + valid.slice(Math.max(from, to))),
			fc
				.tuple(
					fc.nat(valid.length - 1),
					fc.constantFrom(
						'<',
						'>',
						'"',
						'&',
						'/',
						' ',
						'x',
						'\u0000',
						'<prompt/>',
						'<phonenumber/>',
						'<campaign>',
					),
				)
				.map(([at, insert]) => valid.slice(0, at) + insert + valid.slice(at)),
		);
		await fc.assert(
			fc.asyncProperty(mangled, async (body) => {
				const before = sim.calls().length;
				const reply = await request(sim.url, body);
				if (reply.kind !== 'result') throw new Error('a send never answers a call query result');
				expect(Object.keys(ERROR_COMMENTS).map(Number)).toContain(reply.errorid);
				expect(reply.comment).toBe(ERROR_COMMENTS[reply.errorid]);
				if (reply.errorid !== 0) expect(sim.calls()).toHaveLength(before);
			}),
			{ numRuns: 150 },
		);
		expect(await errorid(sim.url, '<campaign action="6"/>')).toBe(0);
	});
});

describe('voice and text-message campaigns', () => {
	it('refuses a text message to a voice campaign and a call to a text-message campaign (errorid 19)', async () => {
		sim.addCampaign({ menuid: '5-1', channel: 'voice' });
		sim.addCampaign({ menuid: '5-2', channel: 'sms' });
		const text = (menuid: string) =>
			`<campaign menuid="${menuid}" action="0"><phonenumbers><phonenumber number="8185550100"><prompts><prompt txt="Hi"/></prompts></phonenumber></phonenumbers></campaign>`;
		const call = (menuid: string) =>
			`<campaign menuid="${menuid}" action="0" callerid="8005550100">${prompt}${numbers}</campaign>`;
		expect(await errorid(sim.url, text('5-1'))).toBe(19);
		expect(await errorid(sim.url, call('5-2'))).toBe(19);
		expect(sim.calls()).toEqual([]);
		expect(await errorid(sim.url, call('5-1'))).toBe(0);
		expect(await errorid(sim.url, text('5-2'))).toBe(0);
		expect(sim.calls().map((entry) => [entry.menuid, entry.channel])).toEqual([
			['5-1', 'voice'],
			['5-2', 'sms'],
		]);
		expect(sim.state.requests.at(-3)?.detail).toMatch(/is a text-message campaign/);
	});
});
