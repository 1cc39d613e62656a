import {
	NodeConnectionTypes,
	NodeOperationError,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { credentialTest } from '../shared/credentials';
import { isTimeZone } from '../shared/datetime';
import { itemOfPost } from '../shared/post';
import { loadOptions } from '../shared/timezones';
import { splitList } from '../shared/list';
import { decodePost, isVoiceShotXmlError, type PostKind, type VoiceShotPost } from '../shared/xml';
import { callbackLoginTest, readBasicAuth, sameLogin, type BasicLogin } from './auth';
import { ALL_EVENTS, properties, SUBTITLE } from './description';

type Body = Buffer | string;

/** Answers the post here and now; the workflow does not start. */
function answer(
	context: IWebhookFunctions,
	statusCode: number,
	text?: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const response = context.getResponseObject();
	response.status(statusCode);
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	if (text === undefined) {
		response.end();
	} else {
		response.setHeader('content-type', 'text/plain; charset=utf-8');
		response.end(text);
	}
	return { noWebhookResponse: true };
}

/** The login posts must carry: from the Callback Login credential, or (saved workflows) the API credential's callback fields. */
async function expectedLogin(
	context: IWebhookFunctions,
	authentication: 'callbackLogin' | 'basicAuth',
): Promise<BasicLogin> {
	let username: string;
	let password: string;
	let missing: string;
	if (authentication === 'callbackLogin') {
		const login = await context.getCredentials<Partial<BasicLogin>>('voiceShotCallbackLoginApi');
		username = login.username ?? '';
		password = login.password ?? '';
		missing = 'the VoiceShot Callback Login API credential has no Username or no Password';
	} else {
		const api = await context.getCredentials<{
			callbackUsername?: string;
			callbackPassword?: string;
		}>('voiceShotApi');
		username = api.callbackUsername ?? '';
		password = api.callbackPassword ?? '';
		missing = 'the VoiceShot API credential has no Callback Username or no Callback Password';
	}
	if (username === '' || password === '') {
		throw new NodeOperationError(context.getNode(), `Basic Auth is selected, but ${missing}`, {
			description:
				'Enter the username and password that you set beside the Call Events and Call Summary URLs in VoiceShot, or set Authentication to None. Until then every post is refused.',
		});
	}
	return { username, password };
}

/** raw-body's error for a body over n8n's N8N_PAYLOAD_SIZE_MAX. */
function isTooLarge(error: unknown): boolean {
	return (error as { type?: unknown } | null)?.type === 'entity.too.large';
}

/**
 * The request body as sent. n8n keeps the raw bytes as `rawBody`: read by n8n when it parsed the
 * body, else read here (the trigger asks n8n not to parse: see RAW_BODY_OPTION).
 */
async function rawBodyOf(context: IWebhookFunctions): Promise<Body> {
	const request = context.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	const body: unknown = request.body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
	if (
		body === undefined ||
		body === null ||
		(typeof body === 'object' && Object.keys(body).length === 0)
	) {
		return '';
	}
	throw new NodeOperationError(
		context.getNode(),
		'n8n did not keep the raw body of this post, so its XML cannot be read exactly as sent',
	);
}

function decode(body: Body): VoiceShotPost | Error {
	try {
		return decodePost(body);
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

function triggerTimeZone(context: IWebhookFunctions, configured: string): string {
	const timeZone = configured.trim() || context.getTimezone();
	if (!isTimeZone(timeZone)) {
		throw new NodeOperationError(context.getNode(), `"${timeZone}" is not a time zone`, {
			description:
				"Choose the Time Zone option from the list (an expression must give an IANA name such as America/New_York), or the workflow's time zone.",
		});
	}
	return timeZone;
}

function selectedEvents(value: unknown): Set<PostKind> {
	const list = Array.isArray(value) ? (value as PostKind[]) : [];
	return new Set(list.length === 0 ? ALL_EVENTS : list);
}

function menuIdsOf(value: unknown): Set<string> {
	return new Set(splitList(value));
}

export class VoiceShotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoiceShot Trigger',
		name: 'voiceShotTrigger',
		icon: { light: 'file:voiceshot.svg', dark: 'file:voiceshot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: SUBTITLE,
		// n8n's node panel shows this one for the pair (VoiceShot and its trigger): it speaks of both.
		description:
			'Place phone calls and text messages with VoiceShot, and start workflows on its call events and summaries',
		defaults: { name: 'VoiceShot Trigger' },
		documentationUrl:
			'https://github.com/n8n-nodes-voiceshot/n8n-nodes-voiceshot#voiceshot-trigger',
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'voiceShotCallbackLoginApi',
				required: true,
				testedBy: 'voiceShotCallbackLoginTest',
				displayOptions: { show: { authentication: ['callbackLogin'] } },
			},
			{
				name: 'voiceShotApi',
				required: true,
				testedBy: 'voiceShotApiTest',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'voiceshot',
				// Respond is hidden when no selected event takes an answer: n8n then has no value for it.
				responseMode: '={{$parameter["responseMode"] || "onReceived"}}',
				// n8n answers an onReceived webhook with its responseData: "noData" is an empty 200.
				responseData:
					'={{$parameter["responseMode"] === "lastNode" ? "firstEntryJson" : "noData"}}',
				// lastNode: the body is the callCommand field of the last node's first item.
				responsePropertyName: 'callCommand',
				responseContentType: 'text/xml',
			},
		],
		properties,
	};

	methods = { credentialTest: { ...credentialTest, ...callbackLoginTest }, loadOptions };

	webhookMethods = {
		default: {
			// VoiceShot has no API to register, list or remove callback URLs: the user pastes the
			// URL into the campaign's Developer tab. So there is nothing to check, create or delete.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const authentication = this.getNodeParameter('authentication', 'none');
		if (authentication === 'callbackLogin' || authentication === 'basicAuth') {
			const expected = await expectedLogin(this, authentication);
			if (!sameLogin(readBasicAuth(this.getHeaderData().authorization), expected)) {
				return answer(this, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="VoiceShot"' });
			}
		}

		let body: Body;
		try {
			body = await rawBodyOf(this);
		} catch (error) {
			if (!isTooLarge(error)) throw new NodeOperationError(this.getNode(), error as Error);
			return answer(
				this,
				413,
				"Payload too large: the post is larger than this n8n's N8N_PAYLOAD_SIZE_MAX",
			);
		}
		const post = decode(body);
		if (isVoiceShotXmlError(post)) return answer(this, 400, `Bad request: ${post.message}`);
		if (post instanceof Error) {
			throw new NodeOperationError(this.getNode(), post, { message: 'Could not read the post' });
		}

		const events = selectedEvents(this.getNodeParameter('events', ALL_EVENTS));
		const menuIds = menuIdsOf(this.getNodeParameter('menuIds', ''));
		if (!events.has(post.kind) || (menuIds.size > 0 && !menuIds.has(post.menuid))) {
			return answer(this, 200);
		}

		const options = this.getNodeParameter('options', {}) as {
			includeAttributes?: boolean;
			includeRawXml?: boolean;
			timeZone?: string;
		};
		const item = await itemOfPost(
			post,
			body,
			{
				timeZone: triggerTimeZone(this, options.timeZone ?? ''),
				includeAttributes: options.includeAttributes,
				includeRawXml: options.includeRawXml,
			},
			(data, fileName, mimeType) => this.helpers.prepareBinaryData(data, fileName, mimeType),
		);
		return { workflowData: [[item]] };
	}
}
