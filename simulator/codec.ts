/**
 * The simulator's half of the codec: what VoiceShot writes (replies, posts) and reads (requests).
 * It reuses the node's writer (nodes/shared/xml/write.ts) and reader (parse.ts, decode.ts); the
 * published package does not carry it.
 */
import {
	VoiceShotXmlError,
	PROMPT_CONTENT_FIELDS,
	type Attributes,
	type PhoneNumber,
	type Prompt,
	type PromptKeypress,
	type QueriedCall,
	type Recording,
	type VoiceShotPost,
	type VoiceShotReply,
	type VoiceShotRequest,
	type DecodeInput,
	type Login,
	type RequestKind,
	type RequestOf,
	type SendRequest,
	actionNumberOf,
	type ParseLimits,
	type XmlElement,
} from '../nodes/shared/xml';
import { child, children, optionalNumber } from '../nodes/shared/xml/decode';
import { isXmlName, parseXml } from '../nodes/shared/xml/parse';
import { RECORDING_NAME_ATTRIBUTES } from '../nodes/shared/xml/readings';
import { attribute, escapeText, invalid } from '../nodes/shared/xml/write';

/*
 * Replies and posts (what the simulator writes). A decoded value carries every attribute as sent in
 * `attributes`; writing it back writes the typed fields (they win), then every attribute not written
 * yet, under the name it came with (`lasterror`, `phonenumber`, `name`...), so that decoding what
 * was encoded gives the same value and nothing VoiceShot sent is lost.
 */
type Field = readonly [name: string, value: string | number | undefined];

function fieldsXml(fields: readonly Field[], raw: Attributes | undefined): string {
	let out = '';
	const written = new Set<string>();
	for (const [name, value] of fields) {
		if (value === undefined) continue;
		out += attribute(name, value);
		written.add(name);
	}
	for (const name in raw) {
		if (written.has(name)) continue;
		if (!isXmlName(name)) {
			throw new VoiceShotXmlError(
				'unencodable',
				`attribute name ${JSON.stringify(name)} is not an XML name`,
				name,
			);
		}
		if (written.has(name.toLowerCase())) {
			throw new VoiceShotXmlError(
				'unencodable',
				`attribute ${name} differs from ${name.toLowerCase()} only in case, and attribute names are read in any case`,
				name,
			);
		}
		out += attribute(name, raw[name]);
		written.add(name.toLowerCase());
	}
	return out;
}

/** A text field the decoder defaults to '' when absent: written only when set or sent. */
function textField(typed: string | undefined, raw: string | undefined): string | undefined {
	return typed === '' && raw === undefined ? undefined : typed;
}

/** A number field: the raw form when it reads as the same number (` 15`, `015`), else the number. */
function numberField(
	typed: number | undefined,
	raw: string | undefined,
): string | number | undefined {
	if (typed === undefined) return undefined;
	return raw !== undefined && raw.trim() !== '' && Number(raw) === typed ? raw : typed;
}

/** `comment`, or `lasterror` when that is the name it came with. */
function commentName(raw: Attributes | undefined): string {
	return raw && raw.comment === undefined && raw.lasterror !== undefined ? 'lasterror' : 'comment';
}

function keypressXml(prompts: PromptKeypress[], recordings: Recording[] = []): string {
	if (prompts.length === 0 && recordings.length === 0) return '';
	const placed = new Array<boolean>(recordings.length).fill(false);
	let out = '<prompts>';
	for (const prompt of prompts) {
		const raw = prompt.attributes;
		out +=
			'<prompt' +
			fieldsXml(
				[
					['promptid', textField(prompt.promptid, raw?.promptid)],
					['keypress', textField(prompt.keypress, raw?.keypress)],
				],
				raw,
			) +
			'>';
		recordings.forEach((recording, index) => {
			if (
				!placed[index] &&
				recording.promptid !== undefined &&
				recording.promptid === prompt.promptid
			) {
				out += recordingXml(recording);
				placed[index] = true;
			}
		});
		out += '</prompt>';
	}
	recordings.forEach((recording, index) => {
		if (!placed[index])
			out += `<prompt${attribute('promptid', recording.promptid)}>${recordingXml(recording)}</prompt>`;
	});
	return out + '</prompts>';
}

function recordingXml(recording: Recording): string {
	const raw = recording.attributes;
	const nameAttribute =
		RECORDING_NAME_ATTRIBUTES.find(
			(name) => raw?.[name] !== undefined && raw[name] === recording.filename,
		) ?? 'filename';
	return `<file${fieldsXml([[nameAttribute, textField(recording.filename, raw?.[nameAttribute])]], raw)}>${escapeText(
		recording.base64,
		'recording',
	)}</file>`;
}

function callsXml(calls: QueriedCall[]): string {
	let out = '<phonenumbers>';
	for (const call of calls) {
		const raw = call.attributes;
		const numberName =
			raw && raw.number === undefined && raw.phonenumber !== undefined ? 'phonenumber' : 'number';
		out +=
			'<phonenumber' +
			fieldsXml(
				[
					[numberName, textField(call.number, raw?.[numberName])],
					['dateandtime', call.dateandtime],
					['callid', textField(call.callid, raw?.callid)],
					['duration', numberField(call.duration, raw?.duration)],
					['status', call.status],
					[commentName(raw), call.comment],
				],
				raw,
			) +
			'>' +
			keypressXml(call.prompts) +
			'</phonenumber>';
	}
	return out + '</phonenumbers>';
}

function checkErrorid(errorid: number | undefined): void {
	if (errorid !== undefined && !Number.isInteger(errorid))
		throw invalid('errorid', `must be a whole number, got ${errorid}`);
}

/**
 * Writes VoiceShot's reply to a request: what the simulator answers. A new reply kind does not
 * compile without its case.
 */
export function encodeReply(reply: VoiceShotReply): string {
	const raw = reply.attributes;
	checkErrorid(reply.errorid);
	switch (reply.kind) {
		case 'result': {
			const fields = fieldsXml(
				[
					['errorid', numberField(reply.errorid, raw?.errorid)],
					[commentName(raw), textField(reply.comment, raw?.[commentName(raw)])],
				],
				raw,
			);
			return reply.calls
				? `<campaign${fields}>${callsXml(reply.calls)}</campaign>`
				: `<campaign${fields}/>`;
		}
		case 'callQueryResult':
			return `<campaign${fieldsXml(
				[
					['menuid', textField(reply.menuid, raw?.menuid)],
					['errorid', numberField(reply.errorid, raw?.errorid)],
				],
				raw,
			)}>${callsXml(reply.calls)}</campaign>`;
	}
}

/** Writes what VoiceShot posts to a user's Call Events or Call Summary URL: what the simulator sends. */
export function encodePost(post: VoiceShotPost): string {
	const raw = post.attributes;
	const menuid: Field = ['menuid', textField(post.menuid, raw?.menuid)];
	const callid: Field = ['callid', textField(post.callid, raw?.callid)];
	switch (post.kind) {
		case 'keypress':
			return `<prompt${fieldsXml(
				[
					menuid,
					callid,
					['promptid', post.promptid],
					['keypress', textField(post.keypress, raw?.keypress)],
				],
				raw,
			)}/>`;
		case 'answer':
			return `<campaign${fieldsXml(
				[
					menuid,
					callid,
					['action', numberField(4, raw?.action)],
					['callerid', post.callerid],
					['dnis', post.dnis],
				],
				raw,
			)}/>`;
		case 'hangup':
			return `<campaign${fieldsXml(
				[
					menuid,
					callid,
					['action', numberField(5, raw?.action)],
					['duration', numberField(post.duration, raw?.duration)],
				],
				raw,
			)}/>`;
		case 'test':
			return `<campaign${fieldsXml(
				[
					menuid,
					callid,
					['action', numberField(post.action, raw?.action)],
					[commentName(raw), post.comment],
				],
				raw,
			)}/>`;
		case 'callSummary':
			return (
				'<campaign' +
				fieldsXml(
					[
						menuid,
						['duration', numberField(post.duration, raw?.duration)],
						['phonenumber', post.phonenumber],
						['callerid', post.callerid],
						['status', post.status],
						[commentName(raw), post.comment],
						callid,
						['dateandtime', post.dateandtime],
					],
					raw,
				) +
				`>${keypressXml(post.prompts, post.recordings)}</campaign>`
			);
		case 'smsSummary': {
			const texts = post.texts
				.map((txt, index) => `<prompt${attribute('txt', txt, { prompt: index })}/>`)
				.join('');
			return (
				'<campaign' +
				fieldsXml(
					[
						menuid,
						callid,
						['phonenumber', post.phonenumber],
						['callerid', post.callerid],
						['status', post.status],
						[commentName(raw), post.comment],
						['dateandtime', post.dateandtime],
					],
					raw,
				) +
				`>${texts ? `<prompts>${texts}</prompts>` : ''}</campaign>`
			);
		}
		case 'unknown':
			if (!isXmlName(post.root)) {
				throw new VoiceShotXmlError(
					'unencodable',
					`root ${JSON.stringify(post.root)} is not an XML name`,
					'root',
				);
			}
			return `<${post.root}${fieldsXml([menuid, callid], raw)}/>`;
	}
}

function promptList(parent: XmlElement | undefined): Prompt[] | undefined {
	const list = parent ? child(parent, 'prompts') : undefined;
	if (!list) return undefined;
	return children(list, 'prompt').map((prompt) => {
		const result: Prompt = {};
		for (const field of ['promptid', ...PROMPT_CONTENT_FIELDS] as const) {
			if (prompt.attributes[field] !== undefined) result[field] = prompt.attributes[field];
		}
		return result;
	});
}

function missingElement(field: string, message: string): VoiceShotXmlError {
	return new VoiceShotXmlError('missingField', message, field);
}

function loginOf(root: XmlElement): { username?: string; password?: string } {
	const login: { username?: string; password?: string } = {};
	if (root.attributes.username !== undefined) login.username = root.attributes.username;
	if (root.attributes.password !== undefined) login.password = root.attributes.password;
	return login;
}

function requiredMenuid(root: XmlElement): string {
	const menuid = root.attributes.menuid;
	if (menuid === undefined || menuid === '') throw missingElement('menuid', 'menuid is missing');
	return menuid;
}

/** The `<phonenumber>` elements of a request, each with its `name` attribute, which it must have. */
function phoneNumbersOf(
	root: XmlElement,
	name: 'number' | 'callid',
): Array<{ entry: XmlElement; value: string }> {
	const list = child(root, 'phonenumbers');
	if (!list) throw missingElement('phonenumbers', 'The <phonenumbers> element is missing');
	const entries = children(list, 'phonenumber');
	if (entries.length === 0) throw missingElement('phonenumber', 'No <phonenumber> element');
	return entries.map((entry, index) => {
		const value = entry.attributes[name];
		if (value === undefined) {
			throw new VoiceShotXmlError(
				'missingField',
				`${name} is missing (phone number ${index + 1})`,
				name,
				{ number: index },
			);
		}
		return { entry, value };
	});
}

function callidsOf(root: XmlElement): string[] {
	return phoneNumbersOf(root, 'callid').map(({ value }) => value);
}

/** A send's numbers, each with its own values and prompts. */
function numbersOf(root: XmlElement): PhoneNumber[] {
	return phoneNumbersOf(root, 'number').map(({ entry, value }) => {
		const result: PhoneNumber = { number: value };
		for (const field of ['callid', 'callerid', 'dateandtime', 'ext'] as const) {
			if (entry.attributes[field] !== undefined) result[field] = entry.attributes[field];
		}
		const prompts = promptList(entry);
		if (prompts) result.prompts = prompts;
		return result;
	});
}

/** The `<file>` of a save or a delete (both action 1): its name, what to do, its content. */
function fileOf(root: XmlElement): { filename: string; fileaction: string; content: string } {
	const file = child(root, 'file');
	if (!file) throw missingElement('file', 'The <file> element is missing');
	const filename = file.attributes.filename ?? file.attributes.name;
	if (filename === undefined || filename === '')
		throw missingElement('filename', 'filename is missing');
	const fileaction = (file.attributes.fileaction ?? '').toLowerCase();
	if (fileaction !== 'save' && fileaction !== 'delete') {
		throw new VoiceShotXmlError(
			'invalidValue',
			`fileaction must be save or delete, got ${JSON.stringify(file.attributes.fileaction)}`,
			'fileaction',
		);
	}
	return { filename, fileaction, content: file.text };
}

/**
 * How each request kind is read, one entry each: a kind without an entry does not compile. Kinds
 * that share an action number (a file's save and delete) answer undefined for a body of the other.
 */
const READERS: {
	[K in RequestKind]: (root: XmlElement) => Omit<RequestOf<K>, keyof Login> | undefined;
} = {
	send(root) {
		const numbers = numbersOf(root);
		const prompts = promptList(root);
		const isSms = [prompts, ...numbers.map((entry) => entry.prompts)].some((list) =>
			list?.some((prompt) => prompt.txt !== undefined),
		);
		const request: Omit<SendRequest, keyof Login> = {
			kind: 'send',
			channel: isSms ? 'sms' : 'voice',
			menuid: requiredMenuid(root),
			numbers,
		};
		if (root.attributes.callerid !== undefined) request.callerid = root.attributes.callerid;
		if (root.attributes.callid !== undefined) request.callid = root.attributes.callid;
		if (prompts) request.prompts = prompts;
		return request;
	},
	saveFile(root) {
		const { filename, fileaction, content } = fileOf(root);
		return fileaction === 'save' ? { kind: 'saveFile', filename, content } : undefined;
	},
	deleteFile(root) {
		const { filename, fileaction } = fileOf(root);
		return fileaction === 'delete' ? { kind: 'deleteFile', filename } : undefined;
	},
	deletePending: (root) => ({
		kind: 'deletePending',
		menuid: requiredMenuid(root),
		callids: callidsOf(root),
	}),
	callQuery(root) {
		const menuid = requiredMenuid(root);
		const list = child(root, 'phonenumbers');
		return { kind: 'callQuery', menuid, callids: list ? callidsOf(root) : [''] };
	},
	testConfiguration: () => ({ kind: 'testConfiguration' }),
	pause: (root) => ({ kind: 'pause', menuid: requiredMenuid(root) }),
	resume: (root) => ({ kind: 'resume', menuid: requiredMenuid(root) }),
};

/** Every request kind. */
export const REQUEST_KINDS = Object.keys(READERS) as RequestKind[];

/**
 * Reads a request as VoiceShot would: the structure only. Values are checked by `validateRequest`.
 * Errors name the missing element or attribute in `field`.
 */
export function decodeRequest(input: DecodeInput, limits?: ParseLimits): VoiceShotRequest {
	return requestOf(parseXml(input, limits));
}

/** decodeRequest of an element already read (the oracle tests read it with other parsers). */
export function requestOf(root: XmlElement): VoiceShotRequest {
	if (root.name !== 'campaign')
		throw missingElement('campaign', `Expected a <campaign> element, got <${root.name}>`);
	const actionText = root.attributes.action;
	if (actionText === undefined || actionText.trim() === '')
		throw missingElement('action', 'action is missing');
	const login = loginOf(root);
	const action = optionalNumber(actionText);
	for (const kind of REQUEST_KINDS) {
		if (actionNumberOf(kind) !== action) continue;
		const request = READERS[kind](root);
		if (request) return { ...request, ...login } as VoiceShotRequest;
	}
	throw new VoiceShotXmlError(
		'invalidValue',
		`action ${JSON.stringify(actionText)} is not one VoiceShot takes`,
		'action',
	);
}
