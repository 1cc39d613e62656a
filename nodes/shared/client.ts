import type { IExecuteFunctions, INode } from 'n8n-workflow';

import {
	DEFAULT_API_URL,
	DEFAULT_TIMEOUT_MS,
	transmit,
	VoiceShotTransportError,
	type Endpoint,
	type HttpSender,
} from './transport';
import { VoiceShotRefusal } from './errors';
import {
	decodeReply,
	encodeRequest,
	encodeSaveFileBody,
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
	defaultSmsMenuId?: string;
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
			apiUrl: (credentials.apiUrl || DEFAULT_API_URL).trim(),
			fallbackUrl: credentials.fallbackUrl?.trim() || undefined,
			timeoutMs: timeoutMsOf(credentials),
		},
	};
}

type WithoutLogin<R> = R extends unknown ? Omit<R, keyof Login> : never;

/** A request as an operation builds it; the client adds the login. */
export type OutgoingRequest = WithoutLogin<VoiceShotRequest>;

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

/** The node's one way to VoiceShot: typed requests in, typed replies or typed errors out (errors.ts words them). */
export class VoiceShotClient {
	readonly node: INode;
	readonly defaultMenuId: string;
	readonly defaultSmsMenuId: string;
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
		this.defaultSmsMenuId = (account?.credentials.defaultSmsMenuId ?? '').trim();
		this.defaultCallerId = (account?.credentials.defaultCallerId ?? '').trim();
	}

	/** For operations that send nothing (Live Call → Reply, Webhook Post → Decode): no credentials. */
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

	/**
	 * Sends a request and returns VoiceShot's reply. Throws the typed errors of `exchange`, which
	 * errors.ts words for the user.
	 */
	async exchange(request: OutgoingRequest): Promise<VoiceShotReply> {
		if (!this.connection) throw new Error('This operation sends nothing to VoiceShot');
		return await exchange(this.connection, request);
	}
}
