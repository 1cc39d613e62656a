import {
	classifyFailure,
	mayHaveActed,
	transmit,
	VoiceShotTransportError,
	type HttpSender,
} from '../../../nodes/shared/transport';

const URL = 'https://user:secret@api.example.test/ivrapi.asp';

describe('the failure kinds', () => {
	it.each([
		['an HTTP status', { response: { status: 404 } }, 'httpStatus', false],
		['an HTTP 5xx', { httpCode: '503' }, 'httpStatus', true],
		['a refused connection', { code: 'ECONNREFUSED' }, 'notDelivered', false],
		[
			'a host not found, nested',
			{ cause: { errors: [{ code: 'ENOTFOUND' }] } },
			'notDelivered',
			false,
		],
		['a reset after sending', { code: 'ECONNRESET' }, 'unknownOutcome', true],
		['a timeout', { code: 'ETIMEDOUT' }, 'unknownOutcome', true],
		['an error without a code', new Error('socket hang up'), 'unknownOutcome', true],
	])('%s', (_name, error, failure, acted) => {
		const classified = classifyFailure(error, URL);
		expect(classified.failure).toBe(failure);
		expect(mayHaveActed(classified)).toBe(acted);
		expect(classified.message).not.toContain('secret');
	});

	it('a reply that could not be read may have been acted on; anything not a transport failure did not', () => {
		expect(mayHaveActed(new VoiceShotTransportError('badReply', URL, 'unreadable'))).toBe(true);
		expect(mayHaveActed(new Error('anything else'))).toBe(false);
	});
});

describe('transmit', () => {
	function sender(answers: Array<unknown>): { send: HttpSender; urls: string[] } {
		const urls: string[] = [];
		return {
			urls,
			send: async ({ url }) => {
				urls.push(url);
				const answer = answers.shift();
				if (
					answer instanceof Error ||
					(answer && typeof answer === 'object' && !Buffer.isBuffer(answer))
				)
					throw answer;
				return answer;
			},
		};
	}

	it('goes to the fallback URL once, only when no connection could be made', async () => {
		const { send, urls } = sender([
			{ code: 'ECONNREFUSED' },
			Buffer.from('<campaign errorid="0"/>'),
		]);
		const { url } = await transmit(send, { apiUrl: 'http://a/', fallbackUrl: 'http://b/' }, '<x/>');
		expect(urls).toEqual(['http://a/', 'http://b/']);
		expect(url).toBe('http://b/');
	});

	it('never falls back after the request may have reached VoiceShot', async () => {
		const { send, urls } = sender([{ code: 'ECONNRESET' }]);
		await expect(
			transmit(send, { apiUrl: 'http://a/', fallbackUrl: 'http://b/' }, '<x/>'),
		).rejects.toMatchObject({ failure: 'unknownOutcome' });
		expect(urls).toEqual(['http://a/']);
	});

	it('names both failures when the fallback fails too', async () => {
		const { send } = sender([{ code: 'ECONNREFUSED' }, { code: 'ENOTFOUND' }]);
		await expect(
			transmit(send, { apiUrl: 'http://a/', fallbackUrl: 'http://b/' }, '<x/>'),
		).rejects.toThrow(/connection refused; then the fallback URL: .*host not found/);
	});
});
