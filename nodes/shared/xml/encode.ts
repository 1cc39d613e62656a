import { describePosition, VoiceShotXmlError, type ValuePosition } from './errors';
import {
	CALL_COMMAND_FIELDS,
	PROMPT_CONTENT_FIELDS,
	type CallCommand,
	type Login,
	type PhoneNumber,
	type Prompt,
	type RequestKind,
	type RequestOf,
	type SaveFileRequest,
	type SendRequest,
	type VoiceShotRequest,
} from './model';
import { DATE_AND_TIME_PATTERN, MAX_CALLID_LENGTH } from './readings';
import { wireNumberProblem } from '../phoneNumber';
import { attribute, escapeText, invalid, missing } from './write';

function requireText(value: string | undefined, field: string, position?: ValuePosition): void {
	if (value === undefined || value === '') throw missing(field, 'is required', position);
}

function checkCallid(callid: string | undefined, position?: ValuePosition): void {
	if (callid !== undefined && callid.length > MAX_CALLID_LENGTH) {
		throw invalid(
			'callid',
			`is ${callid.length} characters long; VoiceShot takes at most ${MAX_CALLID_LENGTH}: ${JSON.stringify(callid)}`,
			position,
		);
	}
}

function checkCallerid(
	request: SendRequest,
	callerid: string | undefined,
	position?: ValuePosition,
): void {
	if (callerid === undefined) return;
	const problem = request.channel === 'voice' ? wireNumberProblem(callerid, 'callerId') : undefined;
	if (problem) throw invalid('callerid', problem, position);
	if (request.channel === 'sms' && callerid.trim() === '') {
		throw invalid(
			'callerid',
			"must be the account's SMS ID on an SMS send, got an empty value",
			position,
		);
	}
}

function positionOf(number: number | undefined, prompt: number): ValuePosition {
	return number === undefined ? { prompt } : { number, prompt };
}

function checkPrompts(request: SendRequest, prompts: Prompt[] = [], number?: number): void {
	for (let index = 0; index < prompts.length; index++) {
		const prompt = prompts[index];
		if (request.channel === 'sms') {
			if (!prompt.txt)
				throw missing('txt', 'is required: the text of the message', positionOf(number, index));
			continue;
		}
		if (!prompt.promptid) throw missing('promptid', 'is required', positionOf(number, index));
		if (!PROMPT_CONTENT_FIELDS.some((field) => prompt[field])) {
			const at = positionOf(number, index);
			throw new VoiceShotXmlError(
				'missingField',
				`one of ${PROMPT_CONTENT_FIELDS.join(', ')}${describePosition(at)} is required: what the prompt plays`,
				'tts',
				at,
				'is required: what the prompt plays',
			);
		}
		const problem =
			prompt.transferto === undefined ? undefined : wireNumberProblem(prompt.transferto);
		if (problem) throw invalid('transferto', problem, positionOf(number, index));
	}
}

function checkNumber(request: SendRequest, entry: PhoneNumber, index: number): void {
	const problem =
		typeof entry.number === 'string'
			? wireNumberProblem(entry.number)
			: `is not a phone number: ${JSON.stringify(entry.number)}`;
	if (problem) throw invalid('number', problem, { number: index });
	if (entry.callid !== undefined && entry.callid.length > MAX_CALLID_LENGTH)
		checkCallid(entry.callid, { number: index });
	if (entry.callerid !== undefined) checkCallerid(request, entry.callerid, { number: index });
	if (entry.dateandtime !== undefined && !DATE_AND_TIME_PATTERN.test(entry.dateandtime)) {
		throw invalid(
			'dateandtime',
			`must read like 1/31/2026 3:00 PM, got ${JSON.stringify(entry.dateandtime)}`,
			{ number: index },
		);
	}
	if (entry.prompts) checkPrompts(request, entry.prompts, index);
	if (request.channel === 'sms' && !request.prompts?.length && !entry.prompts?.length) {
		throw missing('txt', 'is required: an SMS send needs the text of the message', {
			number: index,
		});
	}
}

/** What XML's base64 content of a sound file may hold: the alphabet, padding and white space. */
const BASE64_TEXT = /^[A-Za-z0-9+/=\t\n\r ]*$/;

/**
 * Checks a request as the encoder does, values and characters, and throws VoiceShotXmlError naming
 * field and position. Writing a request is how its characters are checked, so it is written and dropped
 * (a sound file's bytes are not: they are only counted).
 */
export function validateRequest(request: VoiceShotRequest): void {
	if (request.kind === 'saveFile') saveFileEnvelope(request);
	else encodeRequest(request);
}

function login(request: Login): string {
	return (
		(request.username ? attribute('username', request.username) : '') +
		(request.password ? attribute('password', request.password) : '')
	);
}

/** The attributes of a prompt and of a phone number, in the order they are written. */
const PROMPT_ATTRIBUTES = ['promptid', 'tts', 'filename', 'transferto', 'alttts', 'txt'] as const;
const NUMBER_ATTRIBUTES = ['number', 'callid', 'callerid', 'dateandtime', 'ext'] as const;

/** The fields of T that hold text. */
type TextKey<T> = { [K in keyof T]-?: T[K] extends string | undefined ? K : never }[keyof T] &
	string;

/** The named text fields of `values` as attributes, in the order of `names`. */
function attributesOf<T>(values: T, names: readonly TextKey<T>[], at: ValuePosition): string {
	return names.map((name) => attribute(name, values[name] as string | undefined, at)).join('');
}

function promptsXml(prompts: Prompt[], number?: number): string {
	let xml = '<prompts>';
	prompts.forEach((prompt, index) => {
		const at = positionOf(number, index);
		xml += '<prompt' + attributesOf(prompt, PROMPT_ATTRIBUTES, at) + '/>';
	});
	return xml + '</prompts>';
}

/** A send: prompts for every number, then each number with its own values and prompts. */
function sendXml(request: SendRequest, actionAttribute: string): string {
	let xml =
		'<campaign' +
		attribute('menuid', request.menuid) +
		actionAttribute +
		attribute('callerid', request.callerid) +
		attribute('callid', request.callid) +
		login(request) +
		'>';
	if (request.prompts?.length) xml += promptsXml(request.prompts);
	xml += '<phonenumbers>';
	request.numbers.forEach((entry, index) => {
		const at = { number: index };
		xml +=
			'<phonenumber' +
			attributesOf(entry, NUMBER_ATTRIBUTES, at) +
			(entry.prompts?.length ? `>${promptsXml(entry.prompts, index)}</phonenumber>` : '/>');
	});
	return xml + '</phonenumbers></campaign>';
}

/** Delete Pending and call query: a campaign and its Call IDs (a blank one: every call). */
function callidsRequestXml(
	request: RequestOf<'deletePending' | 'callQuery'>,
	actionAttribute: string,
): string {
	const callids = request.callids.length ? request.callids : [''];
	let out = `<campaign${attribute('menuid', request.menuid)}${actionAttribute}${login(request)}><phonenumbers>`;
	callids.forEach((callid, index) => {
		out += `<phonenumber${attribute('callid', callid, { number: index })}/>`;
	});
	return out + '</phonenumbers></campaign>';
}

/** Pause and resume: a campaign alone. */
function campaignXml(request: RequestOf<'pause' | 'resume'>, actionAttribute: string): string {
	return `<campaign${attribute('menuid', request.menuid)}${actionAttribute}${login(request)}/>`;
}

const SAVE_FILE_NAMESPACE = ' xmlns:dt="urn:schemas-microsoft-com:datatypes" dt:dt="bin.base64"';

function saveFileEnvelope(request: SaveFileRequest): { head: string; tail: string } {
	validate(request);
	return {
		head: `<campaign${attribute('action', REQUESTS.saveFile.actionNumber)}${login(request)}><file${SAVE_FILE_NAMESPACE}${attribute('filename', request.filename)} fileaction="save">`,
		tail: '</file></campaign>',
	};
}

/** Bytes turned into base64 a slice at a time, so that a large file never becomes one more whole string. */
const BASE64_SLICE = 3 * 64 * 1024;

/**
 * A sound-file save as the bytes of the HTTP body, written straight into one buffer:
 * a 20 MB file costs its base64 once, not the several copies string concatenation makes.
 */
export function encodeSaveFileBody(request: SaveFileRequest): Buffer {
	const { head, tail } = saveFileEnvelope(request);
	const content = request.content;
	if (typeof content === 'string')
		return Buffer.from(head + escapeText(content, 'content') + tail, 'utf8');
	const headLength = Buffer.byteLength(head, 'utf8');
	const base64Length = Math.ceil(content.length / 3) * 4;
	const body = Buffer.allocUnsafe(headLength + base64Length + tail.length);
	let offset = body.write(head, 0, 'utf8');
	for (let start = 0; start < content.length; start += BASE64_SLICE) {
		offset += body.write(
			content.subarray(start, start + BASE64_SLICE).toString('base64'),
			offset,
			'latin1',
		);
	}
	body.write(tail, offset, 'latin1');
	return body;
}

/** How one kind of request is checked and written. */
interface RequestCodec<K extends RequestKind> {
	/** VoiceShot's action number. */
	actionNumber: number;
	/** The checks of VoiceShot's documented rules; which characters XML can carry is checked as each value is written. */
	validate(request: RequestOf<K>): void;
	/** The request's XML; `actionAttribute` is its ` action="n"`, written. */
	write(request: RequestOf<K>, actionAttribute: string): string;
}

/**
 * Every request kind, one entry each: a kind without an entry does not compile. A new VoiceShot
 * action is a type in model.ts and an entry here (docs/wire-layer.md).
 */
const REQUESTS: { [K in RequestKind]: RequestCodec<K> } = {
	send: {
		actionNumber: 0,
		validate(request) {
			requireText(request.menuid, 'menuid');
			checkCallid(request.callid);
			checkCallerid(request, request.callerid);
			checkPrompts(request, request.prompts);
			if (request.numbers.length === 0)
				throw missing('number', 'is required: a send needs at least one phone number');
			request.numbers.forEach((entry, index) => checkNumber(request, entry, index));
		},
		write: sendXml,
	},
	saveFile: {
		actionNumber: 1,
		validate(request) {
			requireText(request.filename, 'filename');
			const content = request.content;
			if (typeof content === 'string' ? content.trim() === '' : content.length === 0)
				throw missing('content', 'is required: the sound file is empty');
			if (typeof content === 'string' && !BASE64_TEXT.test(content))
				throw invalid('content', 'is not base64');
		},
		write: (request) => encodeSaveFileBody(request).toString('utf8'),
	},
	deleteFile: {
		actionNumber: 1,
		validate: (request) => requireText(request.filename, 'filename'),
		write: (request, actionAttribute) =>
			`<campaign${actionAttribute}${login(request)}><file${attribute('filename', request.filename)} fileaction="delete"/></campaign>`,
	},
	deletePending: {
		actionNumber: 2,
		validate(request) {
			requireText(request.menuid, 'menuid');
			if (request.callids.length === 0)
				throw missing('callid', 'is required: which calls to delete');
			request.callids.forEach((callid, index) => {
				requireText(callid, 'callid', { number: index });
				checkCallid(callid, { number: index });
			});
		},
		write: callidsRequestXml,
	},
	callQuery: {
		actionNumber: 3,
		validate(request) {
			requireText(request.menuid, 'menuid');
			request.callids.forEach((callid, index) => checkCallid(callid, { number: index }));
		},
		write: callidsRequestXml,
	},
	testConfiguration: {
		actionNumber: 6,
		validate: () => undefined,
		write: (request, actionAttribute) => `<campaign${actionAttribute}${login(request)}/>`,
	},
	pause: {
		actionNumber: 7,
		validate: (request) => requireText(request.menuid, 'menuid'),
		write: campaignXml,
	},
	resume: {
		actionNumber: 8,
		validate: (request) => requireText(request.menuid, 'menuid'),
		write: campaignXml,
	},
};

/** VoiceShot's action number of a request kind. */
export function actionNumberOf(kind: RequestKind): number {
	return REQUESTS[kind].actionNumber;
}

function codecOf<K extends RequestKind>(request: RequestOf<K>): RequestCodec<K> {
	return REQUESTS[request.kind as K];
}

function validate(request: VoiceShotRequest): void {
	codecOf(request).validate(request);
}

/** Validates and writes a request as VoiceShot reads it. */
export function encodeRequest(request: VoiceShotRequest): string {
	validate(request);
	const codec = codecOf(request);
	return codec.write(request, attribute('action', codec.actionNumber));
}

/** Writes the reply to a call event. A command with no field set is the empty body: no command. */
export function encodeCallCommand(command: CallCommand): string {
	let out = '';
	for (const field of CALL_COMMAND_FIELDS) {
		const value = command[field];
		if (value !== undefined && value !== '') out += attribute(field, value);
	}
	for (const [field, kind] of [
		['callerid', 'callerId'],
		['transferto', 'phone'],
	] as const) {
		const value = command[field];
		const problem = value ? wireNumberProblem(value, kind) : undefined;
		if (problem) throw invalid(field, problem);
	}
	if (command.dtmf !== undefined && command.dtmf !== '' && !/^[0-9*#,wW]+$/.test(command.dtmf)) {
		throw invalid('dtmf', `holds keys a phone cannot send: ${JSON.stringify(command.dtmf)}`);
	}
	return out === '' ? '' : `<prompt${out}/>`;
}
