/** The demo's credentials (`npm start`, the end-to-end suite): nothing they hold leaves loopback. */
import { NodeHelpers } from 'n8n-workflow';

import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import {
	CALLBACK_LOGIN,
	simulatorCallbackCredential,
	simulatorCredential,
} from '../../../scripts/n8n/examples';

const API_URL = 'http://127.0.0.1:8787/ivrapi.asp';

it('the API credential, as n8n resolves it with its defaults, sends to 127.0.0.1 only, fallback included', () => {
	const resolved = NodeHelpers.getNodeParameters(
		new VoiceShotApi().properties,
		simulatorCredential(API_URL).data,
		true,
		false,
		null,
		null,
	)!;
	expect(resolved.apiUrl).toBe(API_URL);
	expect(resolved.fallbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
	const urls = Object.values(resolved).filter(
		(value): value is string => typeof value === 'string' && /^https?:/.test(value),
	);
	expect(urls.every((url) => url.startsWith('http://127.0.0.1:'))).toBe(true);
});

it('the callback login has a credential of its own, not fields of the API credential', () => {
	expect(simulatorCredential(API_URL).data).not.toHaveProperty('callbackUsername');
	expect(simulatorCallbackCredential()).toMatchObject({
		type: 'voiceShotCallbackLoginApi',
		data: { username: CALLBACK_LOGIN.username, password: CALLBACK_LOGIN.password },
	});
});
