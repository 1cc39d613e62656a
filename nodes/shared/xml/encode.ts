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
	type Recording,
	type SendRequest,
	type VoiceShotPost,
	type VoiceShotReply,
	type VoiceShotRequest,
} from './model';
import * as readings from './readings';
import { describeCharacter, findUnencodable, isXmlName } from './parse';

// Read once: some module loaders turn every use of an imported binding into a getter call.
const {
	DATE_AND_TIME_PATTERN,
	MAX_CALLID_LENGTH,
	PHONE_NUMBER_PATTERN,
	RECORDING_NAME_ATTRIBUTES,
	VOICE_CALLER_ID_PATTERN,
} = readings;

const NEEDS_ESCAPE = /[&<>"\t\n\r]/;
const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	'\t': '&#9;',
	'\n': '&#10;',
	'\r': '&#13;',
};

function refuseUnencodable(value: string, field: string, position?: ValuePosition): void {
	const bad = findUnencodable(value);
	if (bad !== -1) {
		throw new VoiceShotXmlError(
			'unencodable',
			`${field}${describePosition(position)} holds the character ${describeCharacter(value, bad)} at offset ${bad}, which XML cannot carry`,
			field,
			position,
		);
	}
}

/**
 * Everything that needs a second look: control characters, XML's metacharacters, surrogates (a pair is
 * fine, a lone one is not), U+FFFE/U+FFFF. A value without any is written as it is, after one scan.
 */
// eslint-disable-next-line no-control-regex
const NEEDS_A_LOOK = /[\u0000-\u001F&<>"\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Escapes a value for a double-quoted attribute; tabs and line breaks become character references, so they are kept as they are. */
export function escapeAttribute(value: string, field: string, position?: ValuePosition): string {
	if (!NEEDS_A_LOOK.test(value)) return value;
	refuseUnencodable(value, field, position);
	return NEEDS_ESCAPE.test(value) ? escapeMetacharacters(value) : value;
}

function escapeText(value: string, field: string): string {
	if (!NEEDS_A_LOOK.test(value)) return value;
	refuseUnencodable(value, field);
	return value.indexOf('&') === -1 && value.indexOf('<') === -1 && value.indexOf('>') === -1
		? value
		: value.replace(/[&<>]/g, (c) => ESCAPES[c]);
}

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
	return ` ${name}="${escapeAttribute(value, name, position)}"`;
}

function invalid(field: string, message: string, position?: ValuePosition): VoiceShotXmlError {
	return new VoiceShotXmlError(
		'invalidValue',
		`${field}${describePosition(position)} ${message}`,
		field,
		position,
	);
}

function missing(field: string, message: string, position?: ValuePosition): VoiceShotXmlError {
	return new VoiceShotXmlError(
		'missingField',
		`${field}${describePosition(position)} ${message}`,
		field,
		position,
	);
}

function requireText(value: string | undefined, field: string, position?: ValuePosition): string {
	if (value === undefined || value === '') throw missing(field, 'is required', position);
	return value;
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

const PROMPT_TEXT_FIELDS = ['promptid', ...PROMPT_CONTENT_FIELDS] as const;
const NUMBER_TEXT_FIELDS = ['callid', 'callerid', 'dateandtime', 'ext'] as const;

/** A value's position, built only when an error needs it. */
function positionOf(number: number | undefined, prompt?: number): ValuePosition {
	const position: ValuePosition = {};
	if (number !== undefined) position.number = number;
	if (prompt !== undefined) position.prompt = prompt;
	return position;
}

function checkPrompts(
	request: SendRequest,
	prompts: Prompt[] | undefined,
	numberIndex: number | undefined,
	characters: boolean,
): void {
	if (!prompts) return;
	for (let index = 0; index < prompts.length; index++) {
		const prompt = prompts[index];
		if (characters) {
			for (const field of PROMPT_TEXT_FIELDS) {
				const value = prompt[field];
				if (value !== undefined && findUnencodable(value) !== -1)
					refuseUnencodable(value, field, positionOf(numberIndex, index));
			}
		}
		if (request.channel === 'sms') {
			if (prompt.txt === undefined || prompt.txt === '') {
				throw missing(
					'txt',
					'is required: the text of the message',
					positionOf(numberIndex, index),
				);
			}
			continue;
		}
		if (prompt.promptid === undefined || prompt.promptid === '')
			requireText(prompt.promptid, 'promptid', positionOf(numberIndex, index));
		if (!hasContent(prompt)) {
			throw missing(
				'tts',
				'or filename, transferto or alttts is required: what the prompt plays',
				positionOf(numberIndex, index),
			);
		}
		if (prompt.transferto !== undefined && !PHONE_NUMBER_PATTERN.test(prompt.transferto)) {
			throw invalid(
				'transferto',
				`is not a phone number: ${JSON.stringify(prompt.transferto)}`,
				positionOf(numberIndex, index),
			);
		}
	}
}

/** One of PROMPT_CONTENT_FIELDS is set and not empty (written out: this runs for every prompt of a send). */
function hasContent(prompt: Prompt): boolean {
	return Boolean(prompt.tts || prompt.filename || prompt.transferto || prompt.alttts || prompt.txt);
}

function checkNumber(
	request: SendRequest,
	entry: PhoneNumberEntry,
	index: number,
	characters: boolean,
): void {
	if (characters) {
		for (const field of NUMBER_TEXT_FIELDS) {
			const value = entry[field];
			if (value !== undefined && findUnencodable(value) !== -1)
				refuseUnencodable(value, field, positionOf(index));
		}
	}
	if (typeof entry.number !== 'string' || !PHONE_NUMBER_PATTERN.test(entry.number)) {
		throw invalid(
			'number',
			`is not a phone number (10 to 15 digits): ${JSON.stringify(entry.number)}`,
			positionOf(index),
		);
	}
	if (entry.callid !== undefined && entry.callid.length > MAX_CALLID_LENGTH)
		checkCallid(entry.callid, positionOf(index));
	if (entry.callerid !== undefined) checkCallerid(request, entry.callerid, positionOf(index));
	if (entry.dateandtime !== undefined && !DATE_AND_TIME_PATTERN.test(entry.dateandtime)) {
		throw invalid(
			'dateandtime',
			`must read like 1/31/2026 3:00 PM, got ${JSON.stringify(entry.dateandtime)}`,
			positionOf(index),
		);
	}
	checkPrompts(request, entry.prompts, index, characters);
	if (request.channel === 'sms' && !request.prompts?.length && !entry.prompts?.length) {
		throw missing(
			'txt',
			'is required: an SMS send needs the text of the message',
			positionOf(index),
		);
	}
}

/** Checks what VoiceShot documents of a request's values; throws VoiceShotXmlError naming field and position. */
export function validateRequest(request: VoiceShotRequest): void {
	validate(request, true);
}

/**
 * `characters`: also refuse what XML cannot carry. The encoder passes false, because it checks
 * every value's characters anyway as it escapes it, in the same scan.
 */
function validate(request: VoiceShotRequest, characters: boolean): void {
	switch (request.kind) {
		case 'send': {
			requireText(request.menuid, 'menuid');
			refuseUnencodable(request.menuid, 'menuid');
			if (request.callid !== undefined) refuseUnencodable(request.callid, 'callid');
			if (request.callerid !== undefined) refuseUnencodable(request.callerid, 'callerid');
			checkCallid(request.callid);
			checkCallerid(request, request.callerid);
			checkPrompts(request, request.prompts, undefined, characters);
			const numbers = request.numbers;
			if (numbers.length === 0)
				throw missing('number', 'is required: a send needs at least one phone number');
			for (let index = 0; index < numbers.length; index++)
				checkNumber(request, numbers[index], index, characters);
			return;
		}
		case 'saveFile':
			requireText(request.filename, 'filename');
			if (
				typeof request.content === 'string'
					? request.content.trim() === ''
					: request.content.length === 0
			) {
				throw missing('content', 'is required: the sound file is empty');
			}
			if (typeof request.content === 'string' && !/^[A-Za-z0-9+/=\s]*$/.test(request.content)) {
				throw invalid('content', 'is not base64');
			}
			return;
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

function login(request: Login): string {
	return (
		(request.username ? attribute('username', request.username) : '') +
		(request.password ? attribute('password', request.password) : '')
	);
}

function callidList(callids: string[]): string {
	let out = '<phonenumbers>';
	for (let index = 0; index < callids.length; index++) {
		out += `<phonenumber callid="${escapeAttribute(callids[index], 'callid', { number: index })}"/>`;
	}
	return out + '</phonenumbers>';
}

const SAVE_FILE_NAMESPACE = ' xmlns:dt="urn:schemas-microsoft-com:datatypes" dt:dt="bin.base64"';

type SaveFileRequest = Extract<VoiceShotRequest, { kind: 'saveFile' }>;

function saveFileEnvelope(request: SaveFileRequest): { head: string; tail: string } {
	validateRequest(request);
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
	if (typeof content === 'string') return Buffer.from(head + content + tail, 'utf8');
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

/** NEEDS_A_LOOK.test, by hand for short values (callids, promptids), where a loop beats a regex call. */
function needsALook(value: string): boolean {
	if (value.length > 16) return NEEDS_A_LOOK.test(value);
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (
			c < 0x20 ||
			c === 0x22 ||
			c === 0x26 ||
			c === 0x3c ||
			c === 0x3e ||
			(c >= 0xd800 && c <= 0xdfff) ||
			c >= 0xfffe
		)
			return true;
	}
	return false;
}

/** Escapes a value of a send as it is written: one scan when it holds nothing to escape or refuse. */
function escapeAt(value: string, field: string, number?: number, prompt?: number): string {
	if (!needsALook(value)) return value;
	if (findUnencodable(value) !== -1) refuseUnencodable(value, field, positionOf(number, prompt));
	return NEEDS_ESCAPE.test(value) ? escapeMetacharacters(value) : value;
}

const ESCAPE_ALL = /[&<>"\t\n\r]/g;
const escapeCharacter = (c: string): string => ESCAPES[c];

function escapeMetacharacters(value: string): string {
	return value.replace(ESCAPE_ALL, escapeCharacter);
}

/*
 * The send writer joins as few pieces as it can: each attribute's closing quote travels with the
 * next attribute's name (`" tts="`), so a number with a callid and one prompt is about a dozen
 * concatenations, close to the floor of writing the same string by hand.
 */
function promptsAt(prompts: Prompt[], number?: number): string {
	let out = '<prompts>';
	for (let index = 0; index < prompts.length; index++) {
		const prompt = prompts[index];
		const a = prompt.promptid;
		const b = prompt.tts;
		const c = prompt.filename;
		const d = prompt.transferto;
		const e = prompt.alttts;
		const f = prompt.txt;
		// Whether an attribute is open before each field: its closing quote goes with the next name.
		const beforeB = a !== undefined;
		const beforeC = beforeB || b !== undefined;
		const beforeD = beforeC || c !== undefined;
		const beforeE = beforeD || d !== undefined;
		const beforeF = beforeE || e !== undefined;
		const atEnd = beforeF || f !== undefined;
		out +=
			'<prompt' +
			(a === undefined ? '' : ' promptid="') +
			(a === undefined ? '' : escapeAt(a, 'promptid', number, index)) +
			(b === undefined ? '' : beforeB ? '" tts="' : ' tts="') +
			(b === undefined ? '' : escapeAt(b, 'tts', number, index)) +
			(c === undefined ? '' : beforeC ? '" filename="' : ' filename="') +
			(c === undefined ? '' : escapeAt(c, 'filename', number, index)) +
			(d === undefined ? '' : beforeD ? '" transferto="' : ' transferto="') +
			(d === undefined ? '' : escapeAt(d, 'transferto', number, index)) +
			(e === undefined ? '' : beforeE ? '" alttts="' : ' alttts="') +
			(e === undefined ? '' : escapeAt(e, 'alttts', number, index)) +
			(f === undefined ? '' : beforeF ? '" txt="' : ' txt="') +
			(f === undefined ? '' : escapeAt(f, 'txt', number, index)) +
			(atEnd ? '"/>' : '/>');
	}
	return out + '</prompts>';
}

/**
 * A send, the one request that grows with the data (10,000 numbers and more): written by plain
 * concatenation, each value escaped (and checked for what XML cannot carry) in one scan. Each line
 * is one chain of `+` in which an absent attribute adds '' (free) and a closing quote travels with
 * the next name, so that it costs about as many pieces as writing the same string by hand.
 */
function encodeSend(request: SendRequest, action: number): string {
	let out =
		'<campaign' +
		attribute('menuid', request.menuid) +
		` action="${action}"` +
		attribute('callerid', request.callerid) +
		attribute('callid', request.callid) +
		login(request) +
		'>';
	if (request.prompts?.length) out += promptsAt(request.prompts);
	out += '<phonenumbers>';
	const numbers = request.numbers;
	for (let index = 0; index < numbers.length; index++) {
		const entry = numbers[index];
		const callid = entry.callid;
		const callerid = entry.callerid;
		const dateandtime = entry.dateandtime;
		const ext = entry.ext;
		const prompts = entry.prompts;
		// validate() has checked the number: digits only, nothing to escape.
		out +=
			'<phonenumber number="' +
			entry.number +
			(callid === undefined ? '' : '" callid="') +
			(callid === undefined ? '' : escapeAt(callid, 'callid', index)) +
			(callerid === undefined ? '' : '" callerid="') +
			(callerid === undefined ? '' : escapeAt(callerid, 'callerid', index)) +
			(dateandtime === undefined ? '' : '" dateandtime="') +
			(dateandtime === undefined ? '' : escapeAt(dateandtime, 'dateandtime', index)) +
			(ext === undefined ? '' : '" ext="') +
			(ext === undefined ? '' : escapeAt(ext, 'ext', index)) +
			(prompts?.length ? '">' + promptsAt(prompts, index) + '</phonenumber>' : '"/>');
	}
	return out + '</phonenumbers></campaign>';
}

/** Validates and writes a request as VoiceShot reads it. */
export function encodeRequest(request: VoiceShotRequest): string {
	validate(request, request.kind !== 'send');
	const action = REQUEST_ACTIONS[request.kind];
	switch (request.kind) {
		case 'send':
			return encodeSend(request, action);
		case 'saveFile': {
			const { head, tail } = saveFileEnvelope(request);
			return (
				head +
				(typeof request.content === 'string'
					? request.content
					: request.content.toString('base64')) +
				tail
			);
		}
		case 'deleteFile':
			return `<campaign action="1"${login(request)}><file${attribute('filename', request.filename)} fileaction="delete"/></campaign>`;
		case 'deletePending':
		case 'callQuery':
			return `<campaign${attribute('menuid', request.menuid)} action="${action}"${login(request)}>${callidList(
				request.callids.length ? request.callids : [''],
			)}</campaign>`;
		case 'testConfiguration':
			return `<campaign action="${action}"${login(request)}/>`;
		case 'pause':
		case 'resume':
			return `<campaign${attribute('menuid', request.menuid)} action="${action}"${login(request)}/>`;
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
	const written: string[] = [];
	for (const [name, value] of fields) {
		if (value === undefined) continue;
		out += attribute(name, value);
		written.push(name);
	}
	if (raw) {
		for (const name in raw) {
			if (written.includes(name)) continue;
			if (!isXmlName(name)) {
				throw new VoiceShotXmlError(
					'unencodable',
					`attribute name ${JSON.stringify(name)} is not an XML name`,
					name,
				);
			}
			out += attribute(name, raw[name]);
		}
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

/** Writes VoiceShot's reply to a request: what the simulator answers. */
export function encodeReply(reply: VoiceShotReply): string {
	if (reply.kind === 'result') {
		const raw = reply.attributes;
		if (!Number.isInteger(reply.errorid))
			throw invalid('errorid', `must be a whole number, got ${reply.errorid}`);
		return `<campaign${fieldsXml(
			[
				['errorid', numberField(reply.errorid, raw?.errorid)],
				[commentName(raw), textField(reply.comment, raw?.[commentName(raw)])],
			],
			raw,
		)}/>`;
	}
	let out = `<campaign${fieldsXml([['menuid', textField(reply.menuid, reply.attributes?.menuid)]], reply.attributes)}><phonenumbers>`;
	for (const call of reply.calls) {
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
	return out + '</phonenumbers></campaign>';
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
