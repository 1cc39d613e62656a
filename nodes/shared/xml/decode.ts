import { VoiceShotXmlError } from './errors';
import type {
	Attributes,
	CallCommand,
	CallQueryReply,
	PromptKeypress,
	QueriedCall,
	Recording,
	ResultReply,
	VoiceShotPost,
	VoiceShotReply,
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

export function get(element: XmlElement, name: string): string | undefined {
	const value = element.attributes[name];
	if (value !== undefined) return value;
	for (const alias in ATTRIBUTE_ALIASES) {
		if (ATTRIBUTE_ALIASES[alias] === name && element.attributes[alias] !== undefined)
			return element.attributes[alias];
	}
	return undefined;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
	return element.children.find((candidate) => candidate.name === name);
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
	return element ? element.children.filter((candidate) => candidate.name === name) : [];
}

/** A whole number where the API means a number; undefined (the raw value stays in `attributes`) where it is not one. */
export function optionalNumber(value: string | undefined): number | undefined {
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

export function expectRoot(root: XmlElement, name: string): void {
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
 * only an errorid other than 0 makes it a result, and then its calls are kept in `calls`. A reply
 * with neither an errorid nor the marks of a call query, or holding anything but `<phonenumbers>`,
 * is of no kind the codec knows: it is refused, never read as another kind.
 */
export function decodeReply(input: DecodeInput, limits?: ParseLimits): VoiceShotReply {
	return replyOf(parseXml(input, limits));
}

/** decodeReply of an element already read (the oracle tests read it with other parsers). */
export function replyOf(root: XmlElement): VoiceShotReply {
	expectRoot(root, 'campaign');
	const listsCalls = child(root, 'phonenumbers') !== undefined;
	// Only a call query answers without an errorid: it names its campaign or lists calls.
	if (
		root.attributes.errorid === undefined &&
		!listsCalls &&
		root.attributes.menuid === undefined
	) {
		throw new VoiceShotXmlError(
			'missingField',
			'The reply has no errorid and is no call-query result (no menuid, no <phonenumbers>)',
			'errorid',
		);
	}
	const unknown = root.children.find((element) => element.name !== 'phonenumbers');
	if (unknown !== undefined || !/^[\t\n\r ]*$/.test(root.text)) {
		const content = unknown ? `a <${unknown.name}> element` : 'text';
		throw new VoiceShotXmlError(
			'invalidValue',
			`The reply holds ${content}, which no reply kind the node knows carries; it is refused rather than read as a result or a call query`,
			unknown?.name ?? 'campaign',
		);
	}
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
	return postOf(parseXml(input, limits));
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
	const summary = {
		direction,
		menuid,
		callid,
		phonenumber: attributes.phonenumber,
		callerid: attributes.callerid,
		status: attributes.status,
		comment,
	} as const;
	if (isSmsSummary(root, prompts)) {
		return {
			kind: 'smsSummary',
			...summary,
			dateandtime: attributes.dateandtime,
			texts,
			attributes,
		};
	}
	return {
		kind: 'callSummary',
		...summary,
		duration: optionalNumber(attributes.duration),
		dateandtime: attributes.dateandtime,
		prompts: keypresses(prompts),
		recordings: recordingsOf(prompts, root),
		attributes,
	};
}

/** Reads the reply to a call event. An empty body is the empty command. */
export function decodeCallCommand(input: DecodeInput, limits?: ParseLimits): CallCommand {
	const text = typeof input === 'string' ? input : input.toString('utf8');
	if (text.replace(/^\uFEFF/, '').trim() === '') return {};
	return callCommandOf(parseXml(input, limits));
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
