/**
 * A request body → the errorid VoiceShot would answer, or the decoded request.
 * Decoding uses the project's codec; the checks around it are VoiceShot's, as documented.
 */
import {
	actionNumberOf,
	isVoiceShotXmlError,
	parseXml,
	validateRequest,
	type RequestKind,
	type RequestOf,
	type VoiceShotRequest,
	type XmlElement,
} from '../nodes/shared/xml';
import { decodeRequest, REQUEST_KINDS } from './codec';
import { parseDateAndTime } from './time';
import { strictBase64, wavProblem } from './wav';

/** VoiceShot's errorids and their comments, exactly as documented. */
export const ERROR_COMMENTS: Record<number, string> = {
	0: 'ok',
	1: 'IP address is not registered with VoiceShot.',
	2: 'Your free trial has ended.',
	3: 'XML file malformed or missing.',
	4: 'No action defined.',
	5: 'Data Validation Error: Menuid missing or misplaced',
	6: 'Data Validation Error: Callid missing or misplaced',
	7: 'General parse error.',
	8: 'Data Validation Error: Phonenumber missing or misplace',
	9: 'Data Validation Error: CallerID missing, misplaced, or less than or greater than 10 numeric digits',
	10: 'Data Validation Error: Date/Time given is invalid.',
	11: 'Data Validation Error: Promptid missing or misplaced',
	12: 'Data Validation Error: TTS Text missing or misplace',
	13: 'Data Validation Error: Filename missing or misplaced',
	14: 'XML parse error: PROMPT tag missing or misplaced',
	15: 'XML parse error: PROMPTS tag missing or misplaced',
	16: 'XML parse error: PHONENUMBER tag missing or misplaced',
	17: 'XML parse error: PHONENUMBERS tag missing or misplaced',
	18: 'XML parse error: campaign tag missing or misplaced',
	19: 'Data Validation Error: Invalid menuid, no campaign available for listed menuid.',
	20: 'Data Validation Error: File attributes missing or incorrect',
	21: 'Wav format invalid.',
};

/** The codec names what is wrong in `field`; VoiceShot answers with an errorid. */
const FIELD_ERRORIDS: Record<string, number> = {
	campaign: 18,
	action: 4,
	menuid: 5,
	callid: 6,
	number: 8,
	callerid: 9,
	dateandtime: 10,
	promptid: 11,
	tts: 12,
	txt: 12,
	filename: 13,
	phonenumber: 16,
	phonenumbers: 17,
	file: 20,
	fileaction: 20,
	content: 21,
};

export interface Rejection {
	errorid: number;
	comment: string;
	/** What exactly is wrong, for the log (VoiceShot says only the comment). */
	detail: string;
}

export type Checked =
	| { ok: true; request: VoiceShotRequest; action: string }
	| { ok: false; rejection: Rejection; action?: string };

export interface CheckContext {
	knowsMenuid(menuid: string): boolean;
	/** The kind of send a campaign takes; undefined: either. */
	channelOf?(menuid: string): 'voice' | 'sms' | undefined;
	login?: { username: string; password: string };
	requireCallerId: boolean;
	timezoneOffsetMinutes?: number;
}

export function rejection(errorid: number, detail: string): Rejection {
	return { errorid, comment: ERROR_COMMENTS[errorid] ?? 'Unknown error.', detail };
}

function refuse(errorid: number, detail: string, action?: string): Checked {
	return { ok: false, rejection: rejection(errorid, detail), action };
}

/** Runs a codec step; a codec error becomes the errorid its field maps to (7 when none does). */
function viaCodec<T>(step: () => T, fallback: number): { value: T } | { rejection: Rejection } {
	let value: T;
	try {
		value = step();
	} catch (error) {
		if (isVoiceShotXmlError(error)) {
			if (
				error.code === 'missingField' ||
				error.code === 'invalidValue' ||
				error.code === 'unexpectedRoot'
			) {
				return {
					rejection: rejection(error.field ? (FIELD_ERRORIDS[error.field] ?? 7) : 7, error.message),
				};
			}
			return { rejection: rejection(fallback, error.message) };
		}
		return { rejection: rejection(7, error instanceof Error ? error.message : String(error)) };
	}
	return { value };
}

const VALID_ACTIONS = new Set(REQUEST_KINDS.map(actionNumberOf));

/** Checks where VoiceShot's tags sit; the codec's decoder skips what it does not expect. */
function misplaced(root: XmlElement, action: number): Rejection | undefined {
	const numbersMatter = action === 0 || action === 2 || action === 3;
	const promptsMatter = action === 0;
	const walk = (element: XmlElement): Rejection | undefined => {
		let prompts = 0;
		let phonenumbers = 0;
		let files = 0;
		for (const child of element.children) {
			switch (child.name) {
				case 'campaign':
					return rejection(18, `<campaign> inside <${element.name}>`);
				case 'phonenumbers':
					if (!numbersMatter) break;
					if (element !== root) return rejection(17, `<phonenumbers> inside <${element.name}>`);
					if (++phonenumbers > 1) return rejection(17, 'more than one <phonenumbers>');
					if (child.children.length === 0)
						return rejection(16, '<phonenumbers> holds no <phonenumber>');
					for (const entry of child.children) {
						if (promptsMatter && (entry.name === 'prompts' || entry.name === 'prompt')) {
							return rejection(
								15,
								`<${entry.name}> inside <phonenumbers>, outside any <phonenumber>`,
							);
						}
						if (entry.name !== 'phonenumber')
							return rejection(16, `<${entry.name}> inside <phonenumbers>`);
					}
					break;
				case 'phonenumber':
					if (numbersMatter && element.name !== 'phonenumbers') {
						return rejection(17, `<phonenumber> outside <phonenumbers> (inside <${element.name}>)`);
					}
					break;
				case 'prompts':
					if (!promptsMatter) break;
					if (element !== root && element.name !== 'phonenumber')
						return rejection(15, `<prompts> inside <${element.name}>`);
					if (++prompts > 1)
						return rejection(15, `more than one <prompts> inside <${element.name}>`);
					if (child.children.length === 0) return rejection(14, '<prompts> holds no <prompt>');
					for (const entry of child.children) {
						if (entry.name !== 'prompt') return rejection(14, `<${entry.name}> inside <prompts>`);
					}
					break;
				case 'prompt':
					if (promptsMatter && element.name !== 'prompts') {
						return rejection(15, `<prompt> outside <prompts> (inside <${element.name}>)`);
					}
					break;
				case 'file':
					if (action === 1 && element === root && ++files > 1)
						return rejection(20, 'more than one <file>');
					break;
			}
			if (child.children.length > 0) {
				const found = walk(child);
				if (found) return found;
			}
		}
		return undefined;
	};
	return walk(root);
}

function checkFileName(filename: string): Rejection | undefined {
	if (!/\.wav$/i.test(filename))
		return rejection(20, `filename ${JSON.stringify(filename)} is not a .wav file`);
	if (/[/\\:*?"<>|]|\.\./.test(filename))
		return rejection(
			20,
			`filename ${JSON.stringify(filename)} holds a path or a character Windows refuses`,
		);
	return undefined;
}

type ExtraCheck<K extends RequestKind> = (
	request: RequestOf<K>,
	context: CheckContext,
) => Rejection | undefined;

const NONE = (): undefined => undefined;

/** Value checks VoiceShot makes that the codec's validator does not, one entry per request kind. */
const EXTRA_CHECKS: { [K in RequestKind]: ExtraCheck<K> } = {
	send(request, context) {
		const channel = context.channelOf?.(request.menuid);
		if (channel !== undefined && channel !== request.channel) {
			// Our reading: VoiceShot finds no campaign of that kind for the menuid (its answer is not documented).
			return rejection(
				19,
				`menuid ${JSON.stringify(request.menuid)} is a ${channel === 'sms' ? 'text-message' : 'voice'} campaign, not one for ${request.channel === 'sms' ? 'text messages' : 'calls'}`,
			);
		}
		for (let index = 0; index < request.numbers.length; index++) {
			const entry = request.numbers[index];
			if (
				entry.dateandtime !== undefined &&
				parseDateAndTime(entry.dateandtime, context.timezoneOffsetMinutes) === undefined
			) {
				return rejection(
					10,
					`dateandtime ${JSON.stringify(entry.dateandtime)} (phone number ${index + 1}) is not a real date and time`,
				);
			}
			if (
				context.requireCallerId &&
				request.channel === 'voice' &&
				!request.callerid &&
				!entry.callerid
			) {
				return rejection(9, `no callerid on <campaign> nor on phone number ${index + 1}`);
			}
		}
		return undefined;
	},
	saveFile(request) {
		const bad = checkFileName(request.filename);
		if (bad) return bad;
		const bytes = strictBase64(
			typeof request.content === 'string' ? request.content : request.content.toString('base64'),
		);
		if (!bytes) return rejection(21, 'the file content is not base64');
		const problem = wavProblem(bytes);
		return problem ? rejection(21, problem) : undefined;
	},
	deleteFile: (request) => checkFileName(request.filename),
	deletePending: NONE,
	callQuery: NONE,
	testConfiguration: NONE,
	pause: NONE,
	resume: NONE,
};

function extraChecks<K extends RequestKind>(
	request: RequestOf<K>,
	context: CheckContext,
): Rejection | undefined {
	return (EXTRA_CHECKS[request.kind as K] as ExtraCheck<K>)(request, context);
}

/**
 * The first reading: well-formed, `<campaign>`, an action, the login, the tags in their places.
 * Its own function so that the parsed tree is let go before the codec decodes the body.
 */
function readStructure(
	body: Buffer,
	context: CheckContext,
): { ok: false; checked: Checked } | { ok: true; action: string } {
	const parsed = viaCodec(() => parseXml(body), 3);
	if ('rejection' in parsed) return { ok: false, checked: refuse(3, parsed.rejection.detail) };
	const root = parsed.value;
	if (root.name !== 'campaign')
		return { ok: false, checked: refuse(18, `the root element is <${root.name}>, not <campaign>`) };
	const actionText = root.attributes.action;
	if (actionText === undefined || actionText.trim() === '')
		return { ok: false, checked: refuse(4, 'no action attribute on <campaign>') };
	const action = /^\s*[0-9]+\s*$/.test(actionText) ? Number(actionText) : NaN;
	if (!VALID_ACTIONS.has(action))
		return {
			ok: false,
			checked: refuse(
				4,
				`action ${JSON.stringify(actionText)} is not one VoiceShot takes`,
				actionText,
			),
		};
	if (context.login) {
		const { username, password } = root.attributes;
		if (username !== context.login.username || password !== context.login.password) {
			return {
				ok: false,
				checked: refuse(
					1,
					username === undefined
						? 'no username/password on <campaign>'
						: 'wrong username or password',
					actionText,
				),
			};
		}
	}
	const wrongPlace = misplaced(root, action);
	if (wrongPlace)
		return { ok: false, checked: { ok: false, rejection: wrongPlace, action: actionText } };
	return { ok: true, action: actionText };
}

/** The whole of VoiceShot's reading of a request, in its order. */
export function checkRequest(body: Buffer, context: CheckContext): Checked {
	const structure = readStructure(body, context);
	if (!structure.ok) return structure.checked;
	const actionText = structure.action;
	const decoded = viaCodec(() => decodeRequest(body), 7);
	if ('rejection' in decoded)
		return { ok: false, rejection: decoded.rejection, action: actionText };
	const request = decoded.value;
	if ('menuid' in request && !context.knowsMenuid(request.menuid)) {
		return refuse(19, `no campaign has menuid ${JSON.stringify(request.menuid)}`, actionText);
	}
	const validated = viaCodec(() => validateRequest(request), 7);
	if ('rejection' in validated)
		return { ok: false, rejection: validated.rejection, action: actionText };
	const extra = extraChecks(request, context);
	if (extra) return { ok: false, rejection: extra, action: actionText };
	return { ok: true, request, action: actionText };
}
