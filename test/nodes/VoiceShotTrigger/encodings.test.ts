/**
 * The trigger reads a post's bytes in the encoding they declare, exactly, or answers 400 naming
 * what it cannot read: never a byte quietly replaced (real HTTP, real engine: test/helpers/webhook.ts).
 */
import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShotTrigger } from '../../../nodes/VoiceShotTrigger/VoiceShotTrigger.node';
import { cleanupEngine } from '../../helpers/engine';
import { runWebhook } from '../../helpers/webhook';

afterAll(() => cleanupEngine());

async function post(rawBody: Buffer) {
	return await runWebhook({
		nodeType: VoiceShotTrigger,
		credentialTypes: [VoiceShotApi],
		credentials: { voiceShotApi: { cred1: {} } },
		parameters: { options: { includeRawXml: true } },
		settings: { executionOrder: 'v1', timezone: 'America/New_York' },
		request: { headers: { 'content-type': 'application/octet-stream' }, rawBody },
	});
}

const keypress = (keypress: string) =>
	`<prompt menuid="1-1234" callid="order-1" promptid="1" keypress="${keypress}"/>`;

function declared(encoding: string, bytes: Buffer): Buffer {
	return Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="${encoding}"?>`), bytes]);
}

describe('the encoding of a post', () => {
	it('windows-1252 is read with its own table: 0x80 is "€", not U+0080', async () => {
		const call = await post(declared('windows-1252', Buffer.from(keypress('\u0080#'), 'latin1')));
		expect(call.response.statusCode).toBe(200);
		const [item] = call.execution!.items('Trigger');
		expect(item.json.keypress).toBe('€#');
		expect(item.json.rawXml).toBe('<?xml version="1.0" encoding="windows-1252"?>' + keypress('€#'));
	});

	it('UTF-16 with its byte-order mark is read', async () => {
		const text = '<?xml version="1.0" encoding="UTF-16"?>' + keypress('é');
		const call = await post(
			Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
		);
		expect(call.response.statusCode).toBe(200);
		expect(call.execution!.items('Trigger')[0].json.keypress).toBe('é');
	});

	it.each([
		[
			'invalid UTF-8',
			Buffer.concat([
				Buffer.from(keypress('1')).subarray(0, 20),
				Buffer.from([0xff]),
				Buffer.from('"/>'),
			]),
			'Bad request: The body is not valid UTF-8: byte 0xFF at offset 20',
		],
		[
			'a declared Shift_JIS',
			declared('Shift_JIS', Buffer.from(keypress('1'))),
			'Bad request: The body declares encoding="Shift_JIS", which is not read here',
		],
		[
			'US-ASCII with a byte above 0x7F',
			declared('US-ASCII', Buffer.from(keypress('\u00e9'), 'latin1')),
			'Bad request: The body declares US-ASCII but holds byte 0xE9',
		],
	])(
		'%s is answered 400 naming what cannot be read, and starts nothing',
		async (_name, body, reason) => {
			const call = await post(body);
			expect(call.response.statusCode).toBe(400);
			expect(call.response.text.startsWith(reason)).toBe(true);
			expect(call.execution).toBeUndefined();
		},
	);
});
