import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { connectionOf, exchange, type VoiceShotCredentials } from './client';
import { describeFailure } from './errors';

/** The credential's default campaigns, checked by the test when set, by the name the panel shows. */
const DEFAULT_CAMPAIGNS = [
	['defaultMenuId', 'Default Menu ID'],
	['defaultSmsMenuId', 'Default SMS Menu ID'],
] as const;

/** A Call ID no call carries: the query that checks a Menu ID lists nothing. */
const PROBE_CALLID = 'n8n-credential-test';

/**
 * Sends "test configuration" (action 6): errorid 0 means this n8n server may use VoiceShot. Then
 * asks for the calls of each default campaign that is set (a read-only call query): errorid 19
 * means no campaign has that Menu ID.
 */
export async function testCredentials(
	context: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as VoiceShotCredentials;
	// The credential-test context offers only `request`; n8n provides no `httpRequest` there.
	// `encoding: null` hands the reply's bytes to the codec, which decodes them exactly.
	try {
		const connection = connectionOf(
			data,
			async (options) =>
				(await context.helpers.request({
					uri: options.url,
					method: options.method,
					body: options.body,
					headers: options.headers,
					timeout: options.timeout,
					encoding: null,
				})) as unknown,
		);
		await exchange(connection, { kind: 'testConfiguration' });
		for (const [field, label] of DEFAULT_CAMPAIGNS) {
			const menuid = (data[field] ?? '').trim();
			if (menuid === '') continue;
			try {
				await exchange(connection, { kind: 'callQuery', menuid, callids: [PROBE_CALLID] });
			} catch (error) {
				return { status: 'Error', message: `${label} ${menuid}: ${describeFailure(error)}` };
			}
		}
	} catch (error) {
		return { status: 'Error', message: describeFailure(error) };
	}
	return { status: 'OK', message: 'VoiceShot accepts requests from this n8n server' };
}

/** The credential test both nodes offer (`testedBy: 'voiceShotApiTest'`): n8n may ask either. */
export const credentialTest = {
	async voiceShotApiTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		return await testCredentials(this, credential);
	},
};
