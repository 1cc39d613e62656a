import { VoiceShotXmlError, describePosition, type ValuePosition } from './errors';
import {
	CALL_COMMAND_FIELDS,
	PROMPT_CONTENT_FIELDS,
	REQUEST_ACTIONS,
	type Attributes,
	type CallCommand,
	type Login,
	type PhoneNumberEntry,
	type Prompt,
	type PromptKeypress,
	type QueriedCall,
	type Recording,
	type SaveFileRequest,
	type SendRequest,
	type VoiceShotPost,
	type VoiceShotReply,
	type VoiceShotRequest,
} from './model';
import {
	DATE_AND_TIME_PATTERN,
	MAX_CALLID_LENGTH,
	PHONE_NUMBER_PATTERN,
	RECORDING_NAME_ATTRIBUTES,
	VOICE_CALLER_ID_PATTERN,
} from './readings';
import { describeCharacter, findUnencodable, isXmlName } from './parse';

/*
 * Escaping, the one way every value is written. A character XML cannot carry is refused, naming the
 * field and where it sits. XML's metacharacters become references, and so does the white space a
 * conformant reader would change: a literal tab or line break in an attribute value (read as a
 * space) and a carriage return in text (read as a line feed).
 */
const REFERENCES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	'\t': '&#9;',
	'\n': '&#10;',
	'\r': '&#13;',
};
const IN_ATTRIBUTE = /[&<>"\t\n\r]/g;
const IN_TEXT = /[&<>\r]/g;
/** Any character to escape or to look at again; most values have none and cost this one scan. */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[\u0000-\u001F&<>"\uD800-\uDFFF\uFFFE\uFFFF]/;

function escape(value: string, inValue: RegExp, field: string, position?: ValuePosition): string {
	if (!SPECIAL.test(value)) return value;
	const bad = findUnencodable(value);
	if (bad !== -1) {
		const reason = `holds the character ${describeCharacter(value, bad)} at offset ${bad}, which XML cannot carry`;
		throw new VoiceShotXmlError(
			'unencodable',
			`${field}${describePosition(position)} ${reason}`,
			field,
			position,
			reason,
		);
	}
	return value.replace(inValue, (character) => REFERENCES[character]);
}

/** A value as written inside a double-quoted attribute. */
export function escapeAttribute(value: string, field: string, position?: ValuePosition): string {
	return escape(value, IN_ATTRIBUTE, field, position);
}

function escapeText(value: string, field: string): string {
	return escape(value, IN_TEXT, field);
}

/** ` name="value"`, or nothing when the value is absent. */
function attribute(
	name: string,
	value: string | number | undefined,
	position?: ValuePosition,
): string {
	if (value === undefined) return '';
	if (typeof value === 'number') {
		if (!Number.isFinite(value))
			throw invalid(name, `must be a finite number, got ${value}`, position);
		return ` ${name}="${value}"`;
	}
	return openingOf(name) + escapeAttribute(value, name, position) + '"';
}

/** ` name="`, built once per name the codec writes (a send writes the same few names 10,000 times). */
const OPENINGS = new Map<string, string>();

function openingOf(name: string): string {
	let opening = OPENINGS.get(name);
	if (opening === undefined) {
		opening = ` ${name}="`;
		if (OPENINGS.size < 100) OPENINGS.set(name, opening);
	}
	return opening;
}

function invalid(field: string, message: string, position?: ValuePosition): VoiceShotXmlError {
	return new VoiceShotXmlError(
		'invalidValue',
		`${field}${describePosition(position)} ${message}`,
		field,
		position,
		message,
	);
}

function missing(field: string, message: string, position?: ValuePosition): VoiceShotXmlError {
	return new VoiceShotXmlError(
		'missingField',
		`${field}${describePosition(position)} ${message}`,
		field,
		position,
		message,
	);
}

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
	if (request.channel === 'voice' && !VOICE_CALLER_ID_PATTERN.test(callerid)) {
		throw invalid(
			'callerid',
			`must be exactly 10 digits on a voice send, got ${JSON.stringify(callerid)}`,
			position,
		);
	}
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
		if (prompt.transferto !== undefined && !PHONE_NUMBER_PATTERN.test(prompt.transferto)) {
			throw invalid(
				'transferto',
				`is not a phone number: ${JSON.stringify(prompt.transferto)}`,
				positionOf(number, index),
			);
		}
	}
}

function checkNumber(request: SendRequest, entry: PhoneNumberEntry, index: number): void {
	if (typeof entry.number !== 'string' || !PHONE_NUMBER_PATTERN.test(entry.number)) {
		throw invalid(
			'number',
			`is not a phone number (10 to 15 digits): ${JSON.stringify(entry.number)}`,
			{ number: index },
		);
	}
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

/** The checks of VoiceShot's documented rules; which characters XML can carry is checked as each value is escaped. */
function validate(request: VoiceShotRequest): void {
	switch (request.kind) {
		case 'send':
			requireText(request.menuid, 'menuid');
			checkCallid(request.callid);
			checkCallerid(request, request.callerid);
			checkPrompts(request, request.prompts);
			if (request.numbers.length === 0)
				throw missing('number', 'is required: a send needs at least one phone number');
			request.numbers.forEach((entry, index) => checkNumber(request, entry, index));
			return;
		case 'saveFile': {
			requireText(request.filename, 'filename');
			const content = request.content;
			if (typeof content === 'string' ? content.trim() === '' : content.length === 0)
				throw missing('content', 'is required: the sound file is empty');
			if (typeof content === 'string' && !BASE64_TEXT.test(content))
				throw invalid('content', 'is not base64');
			return;
		}
		case 'deleteFile':
			requireText(request.filename, 'filename');
			return;
		case 'deletePending':
			requireText(request.menuid, 'menuid');
			if (request.callids.length === 0)
				throw missing('callid', 'is required: which calls to delete');
			request.callids.forEach((callid, index) => {
				requireText(callid, 'callid', { number: index });
				checkCallid(callid, { number: index });
			});
			return;
		case 'callQuery':
			requireText(request.menuid, 'menuid');
			request.callids.forEach((callid, index) => checkCallid(callid, { number: index }));
			return;
		case 'pause':
		case 'resume':
			requireText(request.menuid, 'menuid');
			return;
		case 'testConfiguration':
			return;
	}
}

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

function promptsXml(prompts: Prompt[], number?: number): string {
	let xml = '<prompts>';
	prompts.forEach((prompt, index) => {
		const at = positionOf(number, index);
		xml +=
			'<prompt' +
			attribute('promptid', prompt.promptid, at) +
			attribute('tts', prompt.tts, at) +
			attribute('filename', prompt.filename, at) +
			attribute('transferto', prompt.transferto, at) +
			attribute('alttts', prompt.alttts, at) +
			attribute('txt', prompt.txt, at) +
			'/>';
	});
	return xml + '</prompts>';
}

/** A send: prompts for every number, then each number with its own values and prompts. */
function sendXml(request: SendRequest): string {
	let xml =
		'<campaign' +
		attribute('menuid', request.menuid) +
		attribute('action', REQUEST_ACTIONS.send) +
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
			attribute('number', entry.number, at) +
			attribute('callid', entry.callid, at) +
			attribute('callerid', entry.callerid, at) +
			attribute('dateandtime', entry.dateandtime, at) +
			attribute('ext', entry.ext, at) +
			(entry.prompts?.length ? `>${promptsXml(entry.prompts, index)}</phonenumber>` : '/>');
	});
	return xml + '</phonenumbers></campaign>';
}

function callidsXml(callids: string[]): string {
	let out = '<phonenumbers>';
	callids.forEach((callid, index) => {
		out += `<phonenumber${attribute('callid', callid, { number: index })}/>`;
	});
	return out + '</phonenumbers>';
}

const SAVE_FILE_NAMESPACE = ' xmlns:dt="urn:schemas-microsoft-com:datatypes" dt:dt="bin.base64"';

function saveFileEnvelope(request: SaveFileRequest): { head: string; tail: string } {
	validate(request);
	return {
		head: `<campaign action="1"${login(request)}><file${SAVE_FILE_NAMESPACE}${attribute('filename', request.filename)} fileaction="save">`,
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

/** Validates and writes a request as VoiceShot reads it. */
export function encodeRequest(request: VoiceShotRequest): string {
	validate(request);
	const action = attribute('action', REQUEST_ACTIONS[request.kind]);
	switch (request.kind) {
		case 'send':
			return sendXml(request);
		case 'saveFile':
			return encodeSaveFileBody(request).toString('utf8');
		case 'deleteFile':
			return `<campaign${action}${login(request)}><file${attribute('filename', request.filename)} fileaction="delete"/></campaign>`;
		case 'deletePending':
		case 'callQuery': {
			const callids = request.callids.length ? request.callids : [''];
			return `<campaign${attribute('menuid', request.menuid)}${action}${login(request)}>${callidsXml(callids)}</campaign>`;
		}
		case 'testConfiguration':
			return `<campaign${action}${login(request)}/>`;
		case 'pause':
		case 'resume':
			return `<campaign${attribute('menuid', request.menuid)}${action}${login(request)}/>`;
	}
}

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

/** Writes VoiceShot's reply to a request: what the simulator answers. */
export function encodeReply(reply: VoiceShotReply): string {
	const raw = reply.attributes;
	checkErrorid(reply.errorid);
	if (reply.kind === 'result') {
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
	return `<campaign${fieldsXml(
		[
			['menuid', textField(reply.menuid, raw?.menuid)],
			['errorid', numberField(reply.errorid, raw?.errorid)],
		],
		raw,
	)}>${callsXml(reply.calls)}</campaign>`;
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

/** Writes the reply to a call event. A command with no field set is the empty body: no command. */
export function encodeCallCommand(command: CallCommand): string {
	let out = '';
	for (const field of CALL_COMMAND_FIELDS) {
		const value = command[field];
		if (value !== undefined && value !== '') out += attribute(field, value);
	}
	if (
		command.callerid !== undefined &&
		command.callerid !== '' &&
		!VOICE_CALLER_ID_PATTERN.test(command.callerid)
	) {
		throw invalid('callerid', `must be exactly 10 digits, got ${JSON.stringify(command.callerid)}`);
	}
	if (
		command.transferto !== undefined &&
		command.transferto !== '' &&
		!PHONE_NUMBER_PATTERN.test(command.transferto)
	) {
		throw invalid('transferto', `is not a phone number: ${JSON.stringify(command.transferto)}`);
	}
	if (command.dtmf !== undefined && command.dtmf !== '' && !/^[0-9*#,wW]+$/.test(command.dtmf)) {
		throw invalid('dtmf', `holds keys a phone cannot send: ${JSON.stringify(command.dtmf)}`);
	}
	return out === '' ? '' : `<prompt${out}/>`;
}
