import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { connectionOf, exchange, type VoiceShotCredentials } from './client';
import { describeFailure } from './errors';

/** Sends "test configuration" (action 6): errorid 0 means this n8n server may use VoiceShot. */
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
