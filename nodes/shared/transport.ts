import type { IHttpRequestOptions } from 'n8n-workflow';

/** Where requests go: the API URL first, the fallback URL once only when the connection to the first fails. */
export interface Endpoint {
	apiUrl: string;
	fallbackUrl?: string;
	timeoutMs?: number;
}

/** Sends one HTTP request; n8n's `helpers.httpRequest`, or the credential test's `helpers.request`. */
export type HttpSender = (options: IHttpRequestOptions) => Promise<unknown>;

/**
 * Why a request failed:
 * - notDelivered: no connection could be made, so VoiceShot never saw the request;
 * - unknownOutcome: the request may have reached VoiceShot (the connection broke after sending, or a timeout);
 * - httpStatus: VoiceShot answered with an HTTP error status;
 * - badReply: the answer was not a reply VoiceShot sends.
 */
export type TransportFailure = 'notDelivered' | 'unknownOutcome' | 'httpStatus' | 'badReply';

/**
 * Whether VoiceShot may have acted on a request that failed with this error: a transport failure
 * other than a connection that could not be made or an HTTP status below 500 (an HTTP 5xx may come
 * after the work was done). A refusal, a value the codec refused, or any other error: no.
 */
export function mayHaveActed(error: unknown): boolean {
	if (!(error instanceof VoiceShotTransportError)) return false;
	if (error.failure === 'notDelivered') return false;
	if (error.failure === 'httpStatus') return error.httpCode === undefined || error.httpCode >= 500;
	return true;
}

export class VoiceShotTransportError extends Error {
	readonly failure: TransportFailure;
	readonly url: string;
	readonly httpCode?: number;

	constructor(failure: TransportFailure, url: string, message: string, httpCode?: number) {
		super(message);
		this.name = 'VoiceShotTransportError';
		this.failure = failure;
		this.url = url;
		this.httpCode = httpCode;
	}
}

/** Error codes raised before a connection exists: the request was certainly not sent. */
const CONNECTION_FAILED = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EADDRNOTAVAIL',
	'ECONNABORTED_BEFORE_SEND',
]);

interface HttpErrorShape {
	code?: string;
	message?: string;
	httpCode?: string | number;
	response?: { status?: number; statusCode?: number };
	cause?: unknown;
	errors?: unknown[];
}

function errorCodes(error: unknown, depth = 0): string[] {
	if (!error || typeof error !== 'object' || depth > 4) return [];
	const shape = error as HttpErrorShape;
	const own = typeof shape.code === 'string' ? [shape.code] : [];
	const nested = [shape.cause, ...(Array.isArray(shape.errors) ? shape.errors : [])].flatMap(
		(inner) => errorCodes(inner, depth + 1),
	);
	return [...own, ...nested];
}

function httpStatusOf(error: unknown): number | undefined {
	if (!error || typeof error !== 'object') return undefined;
	const shape = error as HttpErrorShape;
	const status = shape.response?.status ?? shape.response?.statusCode ?? Number(shape.httpCode);
	return Number.isInteger(status) && status >= 100 ? status : undefined;
}

const CODE_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	EADDRNOTAVAIL: 'address not available',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
};

/** Plain words for a network error code: n8n would replace a message holding the code with its own. */
function describeCode(code: string | undefined): string {
	return (code && CODE_WORDS[code]) ?? 'network error';
}

/** Classifies a failed HTTP request without ever quoting the request (it may carry the password). */
export function classifyFailure(error: unknown, url: string): VoiceShotTransportError {
	const status = httpStatusOf(error);
	if (status !== undefined) {
		return new VoiceShotTransportError(
			'httpStatus',
			url,
			`VoiceShot answered HTTP ${status}`,
			status,
		);
	}
	const codes = errorCodes(error);
	const connectionCode = codes.find((candidate) => CONNECTION_FAILED.has(candidate));
	if (connectionCode) {
		return new VoiceShotTransportError(
			'notDelivered',
			url,
			`Could not connect to ${safeUrl(url)}: ${describeCode(connectionCode)}`,
		);
	}
	return new VoiceShotTransportError(
		'unknownOutcome',
		url,
		`The connection to ${safeUrl(url)} failed after the request was sent (${describeCode(codes[0])}): VoiceShot may or may not have acted on it`,
	);
}

/** A URL with any user name and password removed. */
export function safeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.username = '';
		parsed.password = '';
		return parsed.toString();
	} catch {
		return '(an invalid URL)';
	}
}

async function attempt(
	send: HttpSender,
	url: string,
	body: string | Buffer,
	timeoutMs: number,
): Promise<Buffer | string | VoiceShotTransportError> {
	try {
		const response = await send({
			url,
			method: 'POST',
			body,
			headers: { 'Content-Type': 'text/xml; charset=utf-8' },
			json: false,
			// The reply's bytes: the codec decodes them in their encoding, and refuses invalid ones.
			encoding: 'arraybuffer',
			timeout: timeoutMs,
		});
		if (Buffer.isBuffer(response)) return response;
		return typeof response === 'string' ? response : String(response);
	} catch (error) {
		return classifyFailure(error, url);
	}
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** VoiceShot's IVR API: the credential's default API URL. */
export const DEFAULT_API_URL = 'https://api.voiceshot.com/ivrapi.asp';

/**
 * Sends a request's body by HTTP POST: to the API URL, and once to the fallback URL only when no
 * connection to the first could be made. Returns the reply's bytes; throws VoiceShotTransportError.
 */
export async function transmit(
	send: HttpSender,
	endpoint: Endpoint,
	body: string | Buffer,
): Promise<{ body: Buffer | string; url: string }> {
	const timeoutMs = endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	let url = endpoint.apiUrl;
	let result = await attempt(send, url, body, timeoutMs);
	if (
		result instanceof VoiceShotTransportError &&
		result.failure === 'notDelivered' &&
		endpoint.fallbackUrl
	) {
		const first = result;
		url = endpoint.fallbackUrl;
		result = await attempt(send, url, body, timeoutMs);
		if (result instanceof VoiceShotTransportError) {
			// name both URLs' failures, the fallback's last
			result = new VoiceShotTransportError(
				result.failure,
				result.url,
				`${first.message}; then the fallback URL: ${result.message}`,
				result.httpCode,
			);
		}
	}
	if (result instanceof VoiceShotTransportError) throw result;
	return { body: result, url };
}
