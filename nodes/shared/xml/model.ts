/**
 * The typed model of every message the VoiceShot IVR API knows.
 * Requests go to VoiceShot, replies come back, posts arrive at the user's URLs,
 * and call commands answer a call event.
 */

/** Attributes exactly as sent, names lower-cased. Unknown ones are kept here too. */
export type Attributes = Record<string, string>;

export interface Prompt {
	/** The campaign's API prompt placeholder. Not used by SMS prompts. */
	promptid?: string;
	/** Text to speak. */
	tts?: string;
	/** An uploaded .wav file to play. */
	filename?: string;
	/** A number to transfer the call to. */
	transferto?: string;
	/** Text spoken to an answering machine. */
	alttts?: string;
	/** The text of an SMS. */
	txt?: string;
}

export const PROMPT_CONTENT_FIELDS = ['tts', 'filename', 'transferto', 'alttts', 'txt'] as const;

export interface Login {
	username?: string;
	password?: string;
}

export interface PhoneNumber {
	number: string;
	callid?: string;
	callerid?: string;
	/** VoiceShot's own form: `M/D/YYYY h:mm AM`. */
	dateandtime?: string;
	ext?: string;
	/** Prompts for this number alone. */
	prompts?: Prompt[];
}

/** Action 0. A voice campaign takes 10-digit caller IDs; a text-message campaign its SMS ID. */
export interface SendRequest extends Login {
	kind: 'send';
	channel: 'voice' | 'sms';
	menuid: string;
	callerid?: string;
	callid?: string;
	/** Prompts for every number. */
	prompts?: Prompt[];
	numbers: PhoneNumber[];
}

/** Action 1, save. `content` is the file's bytes, or their base64 form. */
export interface SaveFileRequest extends Login {
	kind: 'saveFile';
	filename: string;
	content: Buffer | string;
}

/** Action 1, delete. */
export interface DeleteFileRequest extends Login {
	kind: 'deleteFile';
	filename: string;
}

/** Action 2: delete calls not yet dialing. */
export interface DeletePendingRequest extends Login {
	kind: 'deletePending';
	menuid: string;
	callids: string[];
}

/** Action 3. An empty callid asks for every call of the campaign. */
export interface CallQueryRequest extends Login {
	kind: 'callQuery';
	menuid: string;
	callids: string[];
}

/** Action 6. */
export interface TestConfigurationRequest extends Login {
	kind: 'testConfiguration';
}

/** Action 7. */
export interface PauseRequest extends Login {
	kind: 'pause';
	menuid: string;
}

/** Action 8. */
export interface ResumeRequest extends Login {
	kind: 'resume';
	menuid: string;
}

export type VoiceShotRequest =
	| SendRequest
	| SaveFileRequest
	| DeleteFileRequest
	| DeletePendingRequest
	| CallQueryRequest
	| TestConfigurationRequest
	| PauseRequest
	| ResumeRequest;

export type RequestKind = VoiceShotRequest['kind'];

/** The request of one kind. */
export type RequestOf<K extends RequestKind> = Extract<VoiceShotRequest, { kind: K }>;

/** `<campaign errorid="0" comment="ok"/>`. */
export interface ResultReply {
	kind: 'result';
	errorid: number;
	comment: string;
	attributes: Attributes;
	/** The calls an error reply listed anyway (never dropped). */
	calls?: QueriedCall[];
}

export interface PromptKeypress {
	promptid: string;
	keypress: string;
	attributes: Attributes;
}

export interface QueriedCall {
	number: string;
	callid: string;
	dateandtime?: string;
	duration?: number;
	status?: string;
	comment?: string;
	prompts: PromptKeypress[];
	attributes: Attributes;
}

/** The answer to a call query. */
export interface CallQueryReply {
	kind: 'callQueryResult';
	menuid: string;
	calls: QueriedCall[];
	attributes: Attributes;
	/** When the reply also carried `errorid="0"`. */
	errorid?: number;
}

export type VoiceShotReply = ResultReply | CallQueryReply;

/** A voicemail recording inside a call summary, its content base64 as sent. */
export interface Recording {
	/** The prompt the recording was made at, when it sits inside one. */
	promptid?: string;
	filename: string;
	base64: string;
	attributes: Attributes;
}

interface PostBase {
	menuid: string;
	callid: string;
	attributes: Attributes;
}

/** Call event: an inbound call was answered (action 4). */
export interface AnswerEvent extends PostBase {
	kind: 'answer';
	action: 4;
	callerid?: string;
	dnis?: string;
}

/** Call event: a caller pressed keys at a prompt. */
export interface KeypressEvent extends PostBase {
	kind: 'keypress';
	promptid: string;
	keypress: string;
}

/** Call event: an inbound call hung up (action 5). */
export interface HangupEvent extends PostBase {
	kind: 'hangup';
	action: 5;
	duration?: number;
}

/** The Test button of the Call Events or Call Summary URL. */
export interface TestEvent extends PostBase {
	kind: 'test';
	action?: number;
	comment: string;
}

export interface CallSummary extends PostBase {
	kind: 'callSummary';
	direction: 'outbound' | 'inbound';
	/** The number called (outbound). */
	phonenumber?: string;
	/** The caller (inbound). */
	callerid?: string;
	status?: string;
	comment?: string;
	duration?: number;
	dateandtime?: string;
	prompts: PromptKeypress[];
	recordings: Recording[];
}

export interface SmsSummary extends PostBase {
	kind: 'smsSummary';
	direction: 'outbound' | 'inbound';
	phonenumber?: string;
	callerid?: string;
	status?: string;
	comment?: string;
	dateandtime?: string;
	/** The texts received (inbound). */
	texts: string[];
}

/** A well-formed post of a shape the codec does not know. Kept whole, never lost. */
export interface UnknownPost extends PostBase {
	kind: 'unknown';
	root: string;
}

export type VoiceShotPost =
	| AnswerEvent
	| KeypressEvent
	| HangupEvent
	| TestEvent
	| CallSummary
	| SmsSummary
	| UnknownPost;

export type PostKind = VoiceShotPost['kind'];

/** The reply to a call event that steers the live call. All fields empty: no command. */
export interface CallCommand {
	goto?: string;
	tts?: string;
	filename?: string;
	transferto?: string;
	callerid?: string;
	dtmf?: string;
}

export const CALL_COMMAND_FIELDS = [
	'goto',
	'tts',
	'filename',
	'transferto',
	'callerid',
	'dtmf',
] as const;
