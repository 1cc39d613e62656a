import { VoiceShotXmlError } from './errors';
import type {
	Attributes,
	CallCommand,
	CallQueryReply,
	PhoneNumberEntry,
	Prompt,
	PromptKeypress,
	QueriedCall,
	Recording,
	ResultReply,
	VoiceShotPost,
	VoiceShotReply,
	VoiceShotRequest,
} from './model';
import { CALL_COMMAND_FIELDS } from './model';
import { parseXml, type ParseLimits, type XmlElement } from './parse';
import {
	ATTRIBUTE_ALIASES,
	RECORDING_NAME_ATTRIBUTES,
	isSmsSummary,
	isTestEvent,
} from './readings';

export type DecodeInput = string | Buffer;

function get(element: XmlElement, name: string): string | undefined {
	const value = element.attributes[name];
	if (value !== undefined) return value;
	for (const alias in ATTRIBUTE_ALIASES) {
		if (ATTRIBUTE_ALIASES[alias] === name && element.attributes[alias] !== undefined)
			return element.attributes[alias];
	}
	return undefined;
}

function child(element: XmlElement, name: string): XmlElement | undefined {
	return element.children.find((candidate) => candidate.name === name);
}

function children(element: XmlElement | undefined, name: string): XmlElement[] {
	return element ? element.children.filter((candidate) => candidate.name === name) : [];
}

/** A whole number where the API means a number; undefined (the raw value stays in `attributes`) where it is not one. */
function optionalNumber(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	return /^-?[0-9]+(\.[0-9]+)?$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** errorid: a whole number. Anything else is refused, with the comment, so that nothing VoiceShot said is lost. */
function errorIdOf(element: XmlElement): number {
	const raw = get(element, 'errorid');
	if (raw === undefined || !/^[\t\n\r ]*-?[0-9]+[\t\n\r ]*$/.test(raw)) {
		const comment = get(element, 'comment');
		throw new VoiceShotXmlError(
			'invalidValue',
			`errorid must be a whole number, got ${JSON.stringify(raw)}${comment === undefined ? '' : ` (comment: ${JSON.stringify(comment)})`}`,
			'errorid',
		);
	}
	return Number(raw);
}

function keypresses(prompts: XmlElement[]): PromptKeypress[] {
	return prompts
		.filter(
			(prompt) =>
				prompt.attributes.promptid !== undefined || prompt.attributes.keypress !== undefined,
		)
		.map((prompt) => ({
			promptid: prompt.attributes.promptid ?? '',
			keypress: prompt.attributes.keypress ?? '',
			attributes: prompt.attributes,
		}));
}

function recordingsOf(prompts: XmlElement[], root: XmlElement): Recording[] {
	const recordings: Recording[] = [];
	const collect = (file: XmlElement, promptid?: string) => {
		const nameAttribute = RECORDING_NAME_ATTRIBUTES.find(
			(name) => file.attributes[name] !== undefined,
		);
		recordings.push({
			promptid,
			filename: nameAttribute ? file.attributes[nameAttribute] : '',
			base64: file.text,
			attributes: file.attributes,
		});
	};
	for (const prompt of prompts) {
		for (const file of children(prompt, 'file')) collect(file, prompt.attributes.promptid);
	}
	for (const file of children(root, 'file')) collect(file);
	return recordings;
}

function parse(input: DecodeInput, limits?: ParseLimits): XmlElement {
	return parseXml(input, limits);
}

function expectRoot(root: XmlElement, name: string): void {
	if (root.name !== name) {
		throw new VoiceShotXmlError(
			'unexpectedRoot',
			`Expected a <${name}> element, got <${root.name}>`,
			name,
		);
	}
}

/**
 * Reads VoiceShot's reply to a request: a result, or the calls of a call query. A reply that lists
 * calls is a call-query result, whatever else it carries (its errorid, when there is one, is kept);
 * only an errorid other than 0 makes it a result, and then its calls are kept in `calls`.
 */
export function decodeReply(input: DecodeInput, limits?: ParseLimits): VoiceShotReply {
	return replyOf(parse(input, limits));
}

/** decodeReply of an element already read (the oracle tests read it with other parsers). */
export function replyOf(root: XmlElement): VoiceShotReply {
	expectRoot(root, 'campaign');
	const listsCalls = child(root, 'phonenumbers') !== undefined;
	if (root.attributes.errorid === undefined) return decodeCallQuery(root);
	const errorid = errorIdOf(root);
	if (listsCalls && errorid === 0) return { ...decodeCallQuery(root), errorid };
	const result: ResultReply = {
		kind: 'result',
		errorid,
		comment: get(root, 'comment') ?? '',
		attributes: root.attributes,
	};
	if (listsCalls) result.calls = decodeCallQuery(root).calls;
	return result;
}

function decodeCallQuery(root: XmlElement): CallQueryReply {
	const calls: QueriedCall[] = children(child(root, 'phonenumbers'), 'phonenumber').map(
		(entry) => ({
			number: entry.attributes.number ?? entry.attributes.phonenumber ?? '',
			callid: entry.attributes.callid ?? '',
			dateandtime: entry.attributes.dateandtime,
			duration: optionalNumber(entry.attributes.duration),
			status: entry.attributes.status,
			comment: get(entry, 'comment'),
			prompts: keypresses(children(child(entry, 'prompts'), 'prompt')),
			attributes: entry.attributes,
		}),
	);
	return {
		kind: 'callQueryResult',
		menuid: root.attributes.menuid ?? '',
		calls,
		attributes: root.attributes,
	};
}

/** Reads what VoiceShot posts to the Call Events or Call Summary URL. A well-formed post of another shape is kind `unknown`. */
export function decodePost(input: DecodeInput, limits?: ParseLimits): VoiceShotPost {
	return postOf(parse(input, limits));
}

/** decodePost of an element already read (the oracle tests read it with other parsers). */
export function postOf(root: XmlElement): VoiceShotPost {
	const attributes = root.attributes;
	const menuid = attributes.menuid ?? '';
	const callid = attributes.callid ?? '';
	if (root.name === 'prompt' && attributes.promptid !== undefined) {
		return {
			kind: 'keypress',
			menuid,
			callid,
			promptid: attributes.promptid,
			keypress: attributes.keypress ?? '',
			attributes,
		};
	}
	if (root.name !== 'campaign' || attributes.errorid !== undefined) {
		return { kind: 'unknown', root: root.name, menuid, callid, attributes };
	}
	const comment = get(root, 'comment');
	if (isTestEvent(root, comment)) {
		return {
			kind: 'test',
			menuid,
			callid,
			action: optionalNumber(attributes.action),
			comment: comment as string,
			attributes,
		};
	}
	if (attributes.action !== undefined) {
		const action = optionalNumber(attributes.action);
		if (action === 4) {
			return {
				kind: 'answer',
				action,
				menuid,
				callid,
				callerid: attributes.callerid,
				dnis: attributes.dnis,
				attributes,
			};
		}
		if (action === 5) {
			return {
				kind: 'hangup',
				action,
				menuid,
				callid,
				duration: optionalNumber(attributes.duration),
				attributes,
			};
		}
		return { kind: 'unknown', root: root.name, menuid, callid, attributes };
	}
	const prompts = children(child(root, 'prompts'), 'prompt');
	const texts = prompts
		.filter((prompt) => prompt.attributes.txt !== undefined)
		.map((prompt) => prompt.attributes.txt);
	const direction =
		attributes.phonenumber === undefined && attributes.callerid !== undefined
			? 'inbound'
			: 'outbound';
	if (isSmsSummary(root, prompts)) {
		return {
			kind: 'smsSummary',
			direction,
			menuid,
			callid,
			phonenumber: attributes.phonenumber,
			callerid: attributes.callerid,
			status: attributes.status,
			comment: get(root, 'comment'),
			dateandtime: attributes.dateandtime,
			texts,
			attributes,
		};
	}
	return {
		kind: 'callSummary',
		direction,
		menuid,
		callid,
		phonenumber: attributes.phonenumber,
		callerid: attributes.callerid,
		status: attributes.status,
		comment: get(root, 'comment'),
		duration: optionalNumber(attributes.duration),
		dateandtime: attributes.dateandtime,
		prompts: keypresses(prompts),
		recordings: recordingsOf(prompts, root),
		attributes,
	};
}

function promptList(parent: XmlElement | undefined): Prompt[] | undefined {
	const list = parent ? child(parent, 'prompts') : undefined;
	if (!list) return undefined;
	return children(list, 'prompt').map((prompt) => {
		const result: Prompt = {};
		for (const field of ['promptid', 'tts', 'filename', 'transferto', 'alttts', 'txt'] as const) {
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

function callidsOf(root: XmlElement): string[] {
	const list = child(root, 'phonenumbers');
	if (!list) throw missingElement('phonenumbers', 'The <phonenumbers> element is missing');
	const entries = children(list, 'phonenumber');
	if (entries.length === 0) throw missingElement('phonenumber', 'No <phonenumber> element');
	return entries.map((entry, index) => {
		const callid = entry.attributes.callid;
		if (callid === undefined) {
			throw new VoiceShotXmlError(
				'missingField',
				`callid is missing (phone number ${index + 1})`,
				'callid',
				{ number: index },
			);
		}
		return callid;
	});
}

/**
 * Reads a request as VoiceShot would: the structure only. Values are checked by `validateRequest`.
 * Errors name the missing element or attribute in `field`.
 */
export function decodeRequest(input: DecodeInput, limits?: ParseLimits): VoiceShotRequest {
	return requestOf(parse(input, limits));
}

/** decodeRequest of an element already read (the oracle tests read it with other parsers). */
export function requestOf(root: XmlElement): VoiceShotRequest {
	if (root.name !== 'campaign')
		throw missingElement('campaign', `Expected a <campaign> element, got <${root.name}>`);
	const actionText = root.attributes.action;
	if (actionText === undefined || actionText.trim() === '')
		throw missingElement('action', 'action is missing');
	const login = loginOf(root);
	switch (optionalNumber(actionText)) {
		case 0: {
			const list = child(root, 'phonenumbers');
			if (!list) throw missingElement('phonenumbers', 'The <phonenumbers> element is missing');
			const entries = children(list, 'phonenumber');
			if (entries.length === 0) throw missingElement('phonenumber', 'No <phonenumber> element');
			const numbers = entries.map((entry, index): PhoneNumberEntry => {
				const number = entry.attributes.number;
				if (number === undefined) {
					throw new VoiceShotXmlError(
						'missingField',
						`number is missing (phone number ${index + 1})`,
						'number',
						{ number: index },
					);
				}
				const result: PhoneNumberEntry = { number };
				for (const field of ['callid', 'callerid', 'dateandtime', 'ext'] as const) {
					if (entry.attributes[field] !== undefined) result[field] = entry.attributes[field];
				}
				const prompts = promptList(entry);
				if (prompts) result.prompts = prompts;
				return result;
			});
			const prompts = promptList(root);
			const isSms = [prompts, ...numbers.map((entry) => entry.prompts)].some((list) =>
				list?.some((prompt) => prompt.txt !== undefined),
			);
			const request: VoiceShotRequest = {
				kind: 'send',
				channel: isSms ? 'sms' : 'voice',
				menuid: requiredMenuid(root),
				numbers,
				...login,
			};
			if (root.attributes.callerid !== undefined) request.callerid = root.attributes.callerid;
			if (root.attributes.callid !== undefined) request.callid = root.attributes.callid;
			if (prompts) request.prompts = prompts;
			return request;
		}
		case 1: {
			const file = child(root, 'file');
			if (!file) throw missingElement('file', 'The <file> element is missing');
			const filename = file.attributes.filename ?? file.attributes.name;
			if (filename === undefined || filename === '')
				throw missingElement('filename', 'filename is missing');
			const fileaction = (file.attributes.fileaction ?? '').toLowerCase();
			if (fileaction === 'save')
				return { kind: 'saveFile', filename, content: file.text, ...login };
			if (fileaction === 'delete') return { kind: 'deleteFile', filename, ...login };
			throw new VoiceShotXmlError(
				'invalidValue',
				`fileaction must be save or delete, got ${JSON.stringify(file.attributes.fileaction)}`,
				'fileaction',
			);
		}
		case 2:
			return {
				kind: 'deletePending',
				menuid: requiredMenuid(root),
				callids: callidsOf(root),
				...login,
			};
		case 3: {
			const menuid = requiredMenuid(root);
			const list = child(root, 'phonenumbers');
			return { kind: 'callQuery', menuid, callids: list ? callidsOf(root) : [''], ...login };
		}
		case 6:
			return { kind: 'testConfiguration', ...login };
		case 7:
			return { kind: 'pause', menuid: requiredMenuid(root), ...login };
		case 8:
			return { kind: 'resume', menuid: requiredMenuid(root), ...login };
		default:
			throw new VoiceShotXmlError(
				'invalidValue',
				`action ${JSON.stringify(actionText)} is not one VoiceShot takes`,
				'action',
			);
	}
}

/** Reads the reply to a call event. An empty body is the empty command. */
export function decodeCallCommand(input: DecodeInput, limits?: ParseLimits): CallCommand {
	const text = typeof input === 'string' ? input : input.toString('utf8');
	if (text.replace(/^\uFEFF/, '').trim() === '') return {};
	return callCommandOf(parse(input, limits));
}

/** decodeCallCommand of an element already read. */
export function callCommandOf(root: XmlElement): CallCommand {
	expectRoot(root, 'prompt');
	const command: CallCommand = {};
	for (const field of CALL_COMMAND_FIELDS) {
		if (root.attributes[field] !== undefined) command[field] = root.attributes[field];
	}
	return command;
}

export type { Attributes };
