import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import {
	DEFAULT_TIMEOUT_MS,
	mayHaveActed,
	safeUrl,
	transmit,
	VoiceShotTransportError,
	type Endpoint,
	type HttpSender,
	type TransportFailure,
} from './transport';
import {
	decodeReply,
	encodeCallCommand,
	encodeRequest,
	encodeSaveFileBody,
	validateRequest,
	type CallCommand,
	type Login,
	type VoiceShotReply,
	type VoiceShotRequest,
} from './xml';

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

/** How requests reach VoiceShot: the HTTP sender, the URLs and the login every request carries. */
export interface Connection {
	send: HttpSender;
	endpoint: Endpoint;
	login: Login;
}

/** The request timeout in ms; empty means the default (60 s). Throws on a value that is not a positive number. */
export function timeoutMsOf(credentials: VoiceShotCredentials): number {
	const raw = credentials.timeoutSeconds;
	if (raw === undefined || raw === null || raw === '') return DEFAULT_TIMEOUT_MS;
	const seconds = Number(raw);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new Error(
			`The credential's Timeout (Seconds) is ${JSON.stringify(raw)}: give a number of seconds above 0`,
		);
	}
	return Math.round(seconds * 1000);
}

export function connectionOf(credentials: VoiceShotCredentials, send: HttpSender): Connection {
	const login: Login = {};
	if (credentials.username) login.username = credentials.username;
	if (credentials.password) login.password = credentials.password;
	return {
		send,
		login,
		endpoint: {
			apiUrl: (credentials.apiUrl || 'https://api.voiceshot.com/ivrapi.asp').trim(),
			fallbackUrl: credentials.fallbackUrl?.trim() || undefined,
			timeoutMs: timeoutMsOf(credentials),
		},
	};
}

type WithoutLogin<R> = R extends unknown ? Omit<R, keyof Login> : never;

/** A request as an operation builds it; the client adds the login. */
export type OutgoingRequest = WithoutLogin<VoiceShotRequest>;

/** What each documented errorid usually means for an n8n user, and what to do. */
export const ERROR_HINTS: Record<number, string> = {
	1: 'Register the public IP address of your n8n server in VoiceShot: Campaign, Options, Developer tab, Registered IPs.',
	2: 'Your VoiceShot free trial has ended: upgrade the account.',
	3: 'VoiceShot could not read the request. Please report this as a bug of n8n-nodes-voiceshot.',
	5: 'Set a Menu ID on the node or a Default Menu ID in the credential.',
	9: 'The caller ID must be 10 digits and authorised in your VoiceShot account (for SMS: your SMS ID).',
	10: 'The schedule must be a valid date and time.',
	11: 'Each prompt needs the Prompt ID of an API prompt of the campaign.',
	13: 'Upload the sound file first, and check its file name.',
	19: 'No campaign has this Menu ID: copy it from the campaign in VoiceShot.',
	20: 'The sound file needs a file name and content.',
	21: 'The sound file must be a WAV file in a format VoiceShot accepts (8 kHz, 16-bit, mono PCM is safest).',
};

/** A reply whose errorid is not 0. */
export class VoiceShotRefusal extends Error {
	readonly errorid: number;
	readonly comment: string;

	constructor(errorid: number, comment: string) {
		super(`VoiceShot refused the request: errorid ${errorid}${comment ? `, ${comment}` : ''}`);
		this.name = 'VoiceShotRefusal';
		this.errorid = errorid;
		this.comment = comment;
	}

	get hint(): string {
		return (
			ERROR_HINTS[this.errorid] ??
			`VoiceShot's errorid ${this.errorid} is not one its documentation lists; its comment is "${this.comment}".`
		);
	}
}

function readReply(bytes: Buffer | string, url: string): VoiceShotReply | VoiceShotTransportError {
	try {
		return decodeReply(bytes);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return new VoiceShotTransportError(
			'badReply',
			url,
			`VoiceShot's reply could not be read: ${reason}`,
		);
	}
}

/**
 * Encodes a request (a sound file straight into the body's bytes), sends it, decodes the reply.
 * Returns the reply when its errorid is 0 (or a call-query result). Throws VoiceShotRefusal,
 * VoiceShotTransportError, or the codec's VoiceShotXmlError for a value it cannot send.
 */
export async function exchange(
	connection: Connection,
	request: OutgoingRequest,
): Promise<VoiceShotReply> {
	const full = { ...request, ...connection.login } as VoiceShotRequest;
	const body = full.kind === 'saveFile' ? encodeSaveFileBody(full) : encodeRequest(full);
	const { body: replyBody, url } = await transmit(connection.send, connection.endpoint, body);
	const reply = readReply(replyBody, url);
	if (reply instanceof VoiceShotTransportError) throw reply;
	if (reply.kind === 'result' && reply.errorid !== 0) {
		throw new VoiceShotRefusal(reply.errorid, reply.comment);
	}
	return reply;
}

/** A failed exchange in one sentence, for the credential test. */
export function describeFailure(error: unknown): string {
	if (error instanceof VoiceShotRefusal) {
		const hint = ERROR_HINTS[error.errorid];
		return `VoiceShot answered errorid ${error.errorid}: ${error.comment}${hint ? ` ${hint}` : ''}`;
	}
	return error instanceof Error ? error.message : String(error);
}

/** Whether VoiceShot may have acted on a request that failed with this error (as `request` throws it). */
export function mayHaveBeenActedOn(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const failure = (error.errorResponse as { failure?: TransportFailure } | undefined)?.failure;
	if (failure === undefined) return false;
	const httpCode = error.httpCode === null ? NaN : Number(error.httpCode);
	return mayHaveActed(failure, Number.isFinite(httpCode) ? httpCode : undefined);
}

/** Which input items a request carries, to name them in its errors. */
export interface RequestItems {
	/** The first item: n8n shows an error with it. */
	itemIndex: number;
	/** "item 3", "items 0–4": appended to the error's message the way n8n names items. */
	label: string;
	/** What the user should do when the request may have been acted on. */
	unknownOutcome?: () => string | undefined;
	/** Kept with the error for the user to follow up (menuid, callids). */
	details?: () => JsonObject | undefined;
}

/** The node's one way to VoiceShot: typed requests in, typed replies or n8n errors out. */
export class VoiceShotClient {
	readonly node: INode;
	readonly defaultMenuId: string;
	readonly defaultCallerId: string;
	/** undefined for an operation that sends nothing: see `offline`. */
	private readonly connection: Connection | undefined;

	/** Without `account`, the client of an operation that sends nothing: it refuses to send. */
	private constructor(
		node: INode,
		account?: { credentials: VoiceShotCredentials; send: HttpSender },
	) {
		this.node = node;
		this.connection = account && connectionOf(account.credentials, account.send);
		this.defaultMenuId = (account?.credentials.defaultMenuId ?? '').trim();
		this.defaultCallerId = (account?.credentials.defaultCallerId ?? '').trim();
	}

	/** For operations that send nothing (Call Command → Reply, Post → Decode): no credentials. */
	static offline(node: INode): VoiceShotClient {
		return new VoiceShotClient(node);
	}

	static async of(context: IExecuteFunctions): Promise<VoiceShotClient> {
		const credentials = (await context.getCredentials('voiceShotApi')) as VoiceShotCredentials;
		return new VoiceShotClient(context.getNode(), {
			credentials,
			send: async (options) => await context.helpers.httpRequest(options),
		});
	}

	/** Checks what VoiceShot documents of a request's values; throws VoiceShotXmlError naming field and position. */
	check(request: OutgoingRequest): void {
		validateRequest(request as VoiceShotRequest);
	}

	/** Sends a request; a refusal or a failure becomes the NodeApiError n8n shows, naming the items. */
	async request(request: OutgoingRequest, items: RequestItems): Promise<VoiceShotReply> {
		if (!this.connection) {
			throw new NodeOperationError(this.node, 'This operation sends nothing to VoiceShot', {
				itemIndex: items.itemIndex,
			});
		}
		try {
			return await exchange(this.connection, request);
		} catch (error) {
			throw this.nodeError(error, items);
		}
	}

	private nodeError(error: unknown, items: RequestItems): NodeApiError | NodeOperationError {
		const { itemIndex, label } = items;
		const details = items.details?.() ?? {};
		if (error instanceof VoiceShotRefusal) {
			return new NodeApiError(
				this.node,
				{ errorid: error.errorid, comment: error.comment, ...details },
				{ message: `${error.message} [${label}]`, description: error.hint, itemIndex },
			);
		}
		if (error instanceof VoiceShotTransportError) {
			return new NodeApiError(
				this.node,
				{ failure: error.failure, url: safeUrl(error.url), ...details },
				{
					message: `${error.message} [${label}]`,
					description: mayHaveActed(error.failure, error.httpCode)
						? items.unknownOutcome?.()
						: undefined,
					httpCode: error.httpCode !== undefined ? String(error.httpCode) : undefined,
					itemIndex,
				},
			);
		}
		return new NodeOperationError(this.node, error instanceof Error ? error : String(error), {
			itemIndex,
		});
	}
}

/** The XML of a call command, the answer to a call event VoiceShot posts. Throws VoiceShotXmlError. */
export function callCommandXml(command: CallCommand): string {
	return encodeCallCommand(command);
}
