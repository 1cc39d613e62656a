import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { settle } from './settle';
import {
	DEFAULT_TIMEOUT_MS,
	ERROR_HINTS,
	postXml,
	VoiceShotTransportError,
	type Endpoint,
} from './transport';
import { encodeRequest, type Login } from './xml';

/** The fields of the voiceShotApi credentials, as both nodes read them. */
export interface VoiceShotCredentials {
	apiUrl?: string;
	fallbackUrl?: string;
	timeoutSeconds?: number | string;
	username?: string;
	password?: string;
	defaultMenuId?: string;
	defaultCallerId?: string;
	callbackUsername?: string;
	callbackPassword?: string;
}

export function loginOf(credentials: VoiceShotCredentials): Login {
	const login: Login = {};
	if (credentials.username) login.username = credentials.username;
	if (credentials.password) login.password = credentials.password;
	return login;
}

/** The request timeout in ms; empty means the default (60 s). Throws on a value that is not a positive number. */
export function timeoutMsOf(credentials: VoiceShotCredentials): number {
	const raw = credentials.timeoutSeconds;
	if (raw === undefined || raw === null || raw === '') return DEFAULT_TIMEOUT_MS;
	const seconds = Number(raw);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new Error(
			`The credentials' Timeout (Seconds) is ${JSON.stringify(raw)}: give a number of seconds above 0`,
		);
	}
	return Math.round(seconds * 1000);
}

export function endpointOf(credentials: VoiceShotCredentials): Endpoint {
	return {
		apiUrl: (credentials.apiUrl || 'https://api.voiceshot.com/ivrapi.asp').trim(),
		fallbackUrl: credentials.fallbackUrl?.trim() || undefined,
		timeoutMs: timeoutMsOf(credentials),
	};
}

/** Posts "test configuration" (action 6): errorid 0 means this n8n server may use VoiceShot. */
export async function testCredentials(
	context: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as VoiceShotCredentials;
	const body = encodeRequest({ kind: 'testConfiguration', ...loginOf(data) });
	// The credential-test context offers only `request`; n8n provides no `httpRequest` there.
	const send = async (options: object) => (await context.helpers.request(options)) as unknown;
	const result = await settle(async () =>
		postXml(
			async (options) =>
				await send({
					uri: options.url,
					method: options.method,
					body: options.body,
					headers: options.headers,
					timeout: options.timeout,
				}),
			endpointOf(data),
			body,
		),
	);
	if (!result.ok) {
		const message =
			result.error instanceof VoiceShotTransportError ? result.error.message : String(result.error);
		return { status: 'Error', message };
	}
	const { reply } = result.value;
	if (reply.kind === 'result' && reply.errorid !== 0) {
		const hint = ERROR_HINTS[reply.errorid];
		return {
			status: 'Error',
			message: `VoiceShot answered errorid ${reply.errorid}: ${reply.comment}${hint ? ` ${hint}` : ''}`,
		};
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
