import type { XmlElement } from './parse';

/**
 * Where VoiceShot's documentation is silent, the codec chooses the tolerant reading. Each such
 * choice is here, as the constant or the rule the codec runs, so that it is easy to find and to
 * change. docs/api-readings.md lists them.
 */

/*
 * Phone numbers and caller IDs follow one rule, in ../phoneNumber.ts: 10 digits (North American,
 * checked by the numbering plan) to 15 (E.164's longest); summaries show 11-digit numbers; a voice
 * caller ID is exactly 10 digits (documented, errorid 9).
 */

/** callid: at most 50 characters (documented). */
export const MAX_CALLID_LENGTH = 50;

/**
 * dateandtime: VoiceShot's samples show `1/1/2003 3:00 PM` and `5/22/2004 4:15:15 PM`.
 * Seconds are optional; the time zone is not documented (it is the account's).
 */
export const DATE_AND_TIME_PATTERN =
	/^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])$/;

/** Largest body the decoder reads: a summary may carry a voicemail recording as base64. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Deepest element nesting the decoder accepts. VoiceShot's deepest message nests five levels. */
export const MAX_DEPTH = 16;

/** Names VoiceShot or its demos use for the same attribute. */
export const ATTRIBUTE_ALIASES: Record<string, string> = {
	lasterror: 'comment',
};

/** A recording's file name may come as `filename` or `name`. */
export const RECORDING_NAME_ATTRIBUTES = ['filename', 'name', 'fileid'] as const;

/**
 * The Test button: VoiceShot's sample is a campaign with action 5 and comment `Test`. What the Call
 * Summary URL's Test button sends is not documented, so a campaign whose comment is `Test` (any case)
 * is a test event when it has an action, or when it has no number, no caller and no children.
 */
export function isTestEvent(root: XmlElement, comment: string | undefined): boolean {
	if (comment === undefined || comment.trim().toLowerCase() !== 'test') return false;
	if (root.attributes.action !== undefined) return true;
	return (
		root.attributes.phonenumber === undefined &&
		root.attributes.callerid === undefined &&
		root.children.length === 0
	);
}

/**
 * Telling a summary of a text message from one of a voice call: VoiceShot's samples of SMS
 * summaries carry no `duration` and no keypress prompts, an inbound one a `txt` prompt. So a
 * summary with a `txt` prompt, or with neither `duration`, prompts nor a recording, is an SMS summary.
 */
export function isSmsSummary(root: XmlElement, prompts: XmlElement[]): boolean {
	return (
		prompts.some((prompt) => prompt.attributes.txt !== undefined) ||
		(root.attributes.duration === undefined &&
			prompts.length === 0 &&
			!root.children.some((element) => element.name === 'file'))
	);
}

/*
 * The reader's own choices (parse.ts): leading whitespace before the XML declaration is accepted
 * (web servers often add a line break); values are kept exactly as sent, with no attribute-value
 * and no line-end normalisation. How the reader differs from a conformant XML parser, each difference
 * counted against saxes, is listed in test/codec/oracle/differences.ts.
 */
/**
 * Numbers in VoiceShot's replies may carry the US country code (summaries show `18182238964` for a
 * call sent to `8182238964`): when a call query is matched to what was sent, an 11-digit number
 * starting with 1 is the same as its last 10 digits.
 */
export function sameNumberKey(number: string): string {
	return number.length === 11 && number.startsWith('1') ? number.slice(1) : number;
}

/**
 * Call statuses VoiceShot might report for a call that will not be placed (the full list of
 * statuses is not documented; the simulator does not list deleted calls at all).
 */
export const NOT_LIVE_STATUS = /delet|cancel/i;

/** What became of a call, for a workflow to route on (Call → Get Outcome). */
export type CallOutcome =
	| 'answered'
	| 'voicemail'
	| 'busy'
	| 'noAnswer'
	| 'failed'
	| 'pending'
	| 'other';

/**
 * Statuses of a call not done yet. VoiceShot documents only `Successful`; a call not yet placed or
 * still ringing may read `Pending` (seen: a ringing call reads `Pending`, with no keypress yet). The
 * other words are guesses at what a queue reports, and an empty status means nothing reported yet.
 */
export const WAITING_STATUS = /^$|pend|queue|schedul|dial|ring|progress|paus|retry|wait|hold/i;

/** How a finished call ended, from its comment (or a status that says it): first match wins. */
const ENDINGS: Array<[RegExp, CallOutcome]> = [
	[/machine|voice ?mail/i, 'voicemail'],
	[/busy/i, 'busy'],
	[/no ?answer/i, 'noAnswer'],
	[/human/i, 'answered'],
	[/intercept|fail|invalid|disconnect/i, 'failed'],
];

function endingOf(text: string): CallOutcome | undefined {
	return ENDINGS.find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * A call's outcome from what the call query reports. `Successful` with `Answering Machine` is a
 * voicemail pickup, not an answer; a waiting status (WAITING_STATUS) is `pending`, never a call that
 * went unanswered. `Successful` with another comment counts as answered (a delivered text has an
 * empty one), `Unsuccessful` without a known comment as failed. A status that itself names an ending
 * (`Busy`) is that ending; any other status is `other`, kept as sent in `status`, and final, so that
 * a loop waiting for it ends.
 */
export function callOutcome(
	status: string,
	comment: string,
): { outcome: CallOutcome; final: boolean } {
	const said = status.trim();
	if (WAITING_STATUS.test(said)) return { outcome: 'pending', final: false };
	const ending = endingOf(comment);
	if (/^successful$/i.test(said)) {
		return { outcome: ending === 'voicemail' ? 'voicemail' : 'answered', final: true };
	}
	if (/^unsuccessful$/i.test(said)) {
		const failed = ending === undefined || ending === 'answered' || ending === 'voicemail';
		return { outcome: failed ? 'failed' : ending, final: true };
	}
	return { outcome: endingOf(said) ?? 'other', final: true };
}
