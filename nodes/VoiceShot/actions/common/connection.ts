import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { settle } from '../../../shared/settle';
import { endpointOf, loginOf, type VoiceShotCredentials } from '../../../shared/credentials';
import {
	mayHaveActed,
	postXml,
	transportApiError,
	voiceShotApiError,
	VoiceShotTransportError,
	type Endpoint,
	type HttpSender,
} from '../../../shared/transport';
import {
	encodeRequest,
	type Login,
	type VoiceShotReply,
	type VoiceShotRequest,
} from '../../../shared/xml';

/** What an operation needs to talk to VoiceShot, read once per execution from the credentials. */
export interface Connection {
	node: INode;
	send: HttpSender;
	endpoint: Endpoint;
	login: Login;
	defaultMenuId: string;
	defaultCallerId: string;
}

export async function connect(context: IExecuteFunctions): Promise<Connection> {
	const credentials = (await context.getCredentials('voiceShotApi')) as VoiceShotCredentials;
	return {
		node: context.getNode(),
		send: async (options) => await context.helpers.httpRequest(options),
		endpoint: endpointOf(credentials),
		login: loginOf(credentials),
		defaultMenuId: (credentials.defaultMenuId ?? '').trim(),
		defaultCallerId: (credentials.defaultCallerId ?? '').trim(),
	};
}

/**
 * Posts a request and returns VoiceShot's reply when its errorid is 0 (or a call-query result).
 * `describeUnknownOutcome` adds what the user should do when the request may have been acted on.
 */
export async function request(
	connection: Connection,
	payload: VoiceShotRequest | { body: string | Buffer },
	itemIndex: number,
	describeUnknownOutcome?: () => string,
): Promise<VoiceShotReply> {
	const body =
		'body' in payload ? payload.body : encodeRequest({ ...payload, ...connection.login });
	const sent = await settle(async () => await postXml(connection.send, connection.endpoint, body));
	if (!sent.ok) {
		if (sent.error instanceof VoiceShotTransportError) {
			const description =
				mayHaveActed(sent.error.failure, sent.error.httpCode) && describeUnknownOutcome
					? describeUnknownOutcome()
					: undefined;
			throw transportApiError(connection.node, sent.error, itemIndex, description);
		}
		throw new NodeOperationError(
			connection.node,
			sent.error instanceof Error ? sent.error : String(sent.error),
			{ itemIndex },
		);
	}
	const { reply } = sent.value;
	if (reply.kind === 'result' && reply.errorid !== 0) {
		throw voiceShotApiError(connection.node, reply.errorid, reply.comment, itemIndex);
	}
	return reply;
}
