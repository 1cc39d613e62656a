import {
	NodeApiError,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { decodeReply, type VoiceShotReply } from './xml';

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

/** Posts a request's XML and decodes the reply. Throws VoiceShotTransportError on failure. */
export async function postXml(
	send: HttpSender,
	endpoint: Endpoint,
	body: string | Buffer,
): Promise<{ reply: VoiceShotReply; url: string }> {
	const timeoutMs = endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	let url = endpoint.apiUrl;
	let result = await attempt(send, url, body, timeoutMs);
	if (
		result instanceof VoiceShotTransportError &&
		result.failure === 'notDelivered' &&
		endpoint.fallbackUrl
	) {
		url = endpoint.fallbackUrl;
		result = await attempt(send, url, body, timeoutMs);
	}
	if (result instanceof VoiceShotTransportError) throw result;
	return { reply: decodeVoiceShotReply(result, url), url };
}

function decodeVoiceShotReply(text: Buffer | string, url: string): VoiceShotReply {
	const decoded = tryDecode(text);
	if (decoded instanceof Error) {
		throw new VoiceShotTransportError(
			'badReply',
			url,
			`VoiceShot's reply could not be read: ${decoded.message}`,
		);
	}
	return decoded;
}

function tryDecode(text: Buffer | string): VoiceShotReply | Error {
	try {
		return decodeReply(text);
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

/** What each documented errorid usually means for an n8n user, and what to do. */
export const ERROR_HINTS: Record<number, string> = {
	1: 'Register the public IP address of your n8n server in VoiceShot: Campaign, Options, Developer tab, Registered IPs.',
	2: 'Your VoiceShot free trial has ended: upgrade the account.',
	3: 'VoiceShot could not read the request. Please report this as a bug of n8n-nodes-voiceshot.',
	5: 'Set a Menu ID on the node or a Default Menu ID in the credentials.',
	9: 'The caller ID must be 10 digits and authorised in your VoiceShot account (for SMS: your SMS ID).',
	10: 'The schedule must be a valid date and time.',
	11: 'Each prompt needs the Prompt ID of an API prompt of the campaign.',
	13: 'Upload the sound file first, and check its file name.',
	19: 'No campaign has this Menu ID: copy it from the campaign in VoiceShot.',
	20: 'The sound file needs a file name and content.',
	21: 'The sound file must be a WAV file in a format VoiceShot accepts (8 kHz, 16-bit, mono PCM is safest).',
};

/** A reply with an errorid other than 0, as the error n8n shows. */
export function voiceShotApiError(
	node: INode,
	errorid: number,
	comment: string,
	itemIndex?: number,
	context?: IDataObject,
): NodeApiError {
	const hint = ERROR_HINTS[errorid];
	return new NodeApiError(node, { errorid, comment, ...context } as JsonObject, {
		message: `VoiceShot refused the request: errorid ${errorid}${comment ? `, ${comment}` : ''}`,
		description:
			hint ??
			`VoiceShot's errorid ${errorid} is not one its documentation lists; its comment is "${comment}".`,
		itemIndex,
	});
}

/** A transport failure as the error n8n shows, never quoting the request. */
export function transportApiError(
	node: INode,
	failure: VoiceShotTransportError,
	itemIndex?: number,
	description?: string,
): NodeApiError {
	return new NodeApiError(
		node,
		{ failure: failure.failure, url: safeUrl(failure.url) } as JsonObject,
		{
			message: failure.message,
			description,
			httpCode: failure.httpCode !== undefined ? String(failure.httpCode) : undefined,
			itemIndex,
		},
	);
}
