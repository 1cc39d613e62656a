import { createHash, timingSafeEqual } from 'crypto';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/** The login VoiceShot sends with each post, as read from an `Authorization: Basic …` header. */
export interface BasicLogin {
	username: string;
	password: string;
}

/** Reads `Authorization: Basic base64(username:password)`; undefined when absent or not basic auth. */
export function readBasicAuth(header: string | string[] | undefined): BasicLogin | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string') return undefined;
	const match = /^[\t ]*Basic[\t ]+([A-Za-z0-9+/=._~-]+)[\t ]*$/i.exec(value);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon === -1) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Compares a login with the expected one in time that does not depend on where they differ:
 * both sides are hashed to equal-length digests, and both fields are always compared.
 */
export function sameLogin(given: BasicLogin | undefined, expected: BasicLogin): boolean {
	const username = given?.username ?? '';
	const password = given?.password ?? '';
	const usernameMatches = timingSafeEqual(digest(username), digest(expected.username));
	const passwordMatches = timingSafeEqual(digest(password), digest(expected.password));
	return given !== undefined && usernameMatches && passwordMatches;
}

/**
 * The Callback Login credential's test: VoiceShot offers no way to check a callback login, so the
 * test says whether both fields are set, which the trigger needs.
 */
export const callbackLoginTest = {
	async voiceShotCallbackLoginTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const { username, password } = (credential.data ?? {}) as Partial<BasicLogin>;
		if (!username || !password)
			return {
				status: 'Error',
				message: 'Enter both the username and the password set beside the URLs in VoiceShot',
			};
		return {
			status: 'OK',
			message:
				'Saved. VoiceShot cannot check a callback login: press its Test button beside the URL to see the trigger accept it.',
		};
	},
};
