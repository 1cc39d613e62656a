import { startRecordingServer } from '../../helpers/http';
import { startHarness, type Harness } from './fixture';

/* A reply's bytes reach the codec as bytes: read in their encoding, never with a byte replaced. */

let harness: Harness;
beforeAll(async () => {
	harness = await startHarness();
});
afterAll(async () => await harness.sim.close());

async function pauseAgainst(reply: Buffer) {
	const api = await startRecordingServer(() => ({
		headers: { 'content-type': 'text/xml' },
		body: reply,
	}));
	try {
		return await harness.run({
			parameters: { resource: 'campaign', operation: 'pause' },
			credentials: { apiUrl: `${api.url}/ivrapi.asp` },
		});
	} finally {
		await api.close();
	}
}

describe("VoiceShot's reply bytes", () => {
	it('invalid UTF-8 fails the node, naming the byte and its offset', async () => {
		const reply = Buffer.concat([
			Buffer.from('<campaign errorid="0" comment="caf'),
			Buffer.from([0xe9]),
			Buffer.from('"/>'),
		]);
		const result = await pauseAgainst(reply);
		expect(result.error?.message).toContain(
			"VoiceShot's reply could not be read: The body is not valid UTF-8: byte 0xE9 at offset 34",
		);
	});

	it('a declared windows-1252 reply is read with its own characters', async () => {
		const reply = Buffer.concat([
			Buffer.from('<?xml version="1.0" encoding="windows-1252"?><campaign errorid="0" comment="'),
			Buffer.from([0x80, 0x93, 0x6f, 0x6b, 0x94]),
			Buffer.from('"/>'),
		]);
		const result = await pauseAgainst(reply);
		expect(result.error).toBeUndefined();
		expect(result.json('VoiceShot')).toEqual([
			{ menuid: '1-1234', paused: true, errorid: 0, comment: '€“ok”' },
		]);
	});
});
