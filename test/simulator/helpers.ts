/** Talking to a running simulator over real HTTP. */
import { decodeReply, type VoiceShotReply } from '../../nodes/shared/xml';
import { silentWav } from '../../simulator';

export interface Posted {
	status: number;
	text: string;
}

/** POSTs raw XML the way VoiceShot's clients do. */
export async function postXml(
	url: string,
	xml: string | Buffer,
	headers: Record<string, string> = {},
): Promise<Posted> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'text/xml', ...headers },
		body: xml,
	});
	return { status: response.status, text: await response.text() };
}

/** POSTs and decodes the reply with the project's codec. */
export async function request(
	url: string,
	xml: string | Buffer,
	headers?: Record<string, string>,
): Promise<VoiceShotReply> {
	const { status, text } = await postXml(url, xml, headers);
	if (status !== 200) throw new Error(`HTTP ${status}: ${text}`);
	return decodeReply(text);
}

/** The errorid of a result reply (fails the test on a call-query result). */
export async function errorid(
	url: string,
	xml: string | Buffer,
	headers?: Record<string, string>,
): Promise<number> {
	const reply = await request(url, xml, headers);
	if (reply.kind !== 'result')
		throw new Error(`expected <campaign errorid>, got a call query result`);
	return reply.errorid;
}

export async function query(url: string, menuid = '1-1234', callid = '') {
	const reply = await request(
		url,
		`<campaign action="3" menuid="${menuid}"><phonenumbers><phonenumber callid="${callid}"/></phonenumbers></campaign>`,
	);
	if (reply.kind !== 'callQueryResult')
		throw new Error(`expected a call query result, got errorid ${reply.errorid}`);
	return reply.calls;
}

export async function control(
	baseUrl: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; json: unknown }> {
	const response = await fetch(baseUrl + path, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown = text;
	if ((response.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(text);
	return { status: response.status, json };
}

/** A send of the given numbers (callids c<index> unless told), one TTS prompt for all. */
export function sendXml(
	numbers: Array<
		string | { number: string; callid?: string; dateandtime?: string; extra?: string }
	>,
	attributes = '',
): string {
	const entries = numbers
		.map((entry) => {
			const item = typeof entry === 'string' ? { number: entry } : entry;
			return (
				`<phonenumber number="${item.number}"` +
				(item.callid !== undefined ? ` callid="${item.callid}"` : '') +
				(item.dateandtime !== undefined ? ` dateandtime="${item.dateandtime}"` : '') +
				(item.extra ?? '') +
				'/>'
			);
		})
		.join('');
	return `<campaign menuid="1-1234" action="0"${attributes}><prompts><prompt promptid="1" tts="Hello"/></prompts><phonenumbers>${entries}</phonenumbers></campaign>`;
}

/** A tiny valid WAV, base64. */
export function wavBase64(): string {
	return silentWav(1).toString('base64');
}
