/**
 * Where VoiceShot's documentation is silent, the codec chooses the tolerant reading.
 * Every such choice lives here, so that it is easy to find and to change.
 * The README lists them under "What the API does not document".
 */

/** Phone numbers: digits only, 10 (US) to 15 (E.164's longest). Summaries show 11-digit numbers. */
export const PHONE_NUMBER_PATTERN = /^[0-9]{10,15}$/;

/** Voice caller IDs: exactly 10 digits (documented, errorid 9). */
export const VOICE_CALLER_ID_PATTERN = /^[0-9]{10}$/;

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

/**
 * Telling a summary of a text message from one of a voice call: VoiceShot's samples of SMS
 * summaries carry no `duration` and no keypress prompts, an inbound one a `txt` prompt.
 * So a summary with a `txt` prompt, or with neither `duration` nor prompts, is read as an SMS summary.
 */
export const SMS_SUMMARY_RULE = 'txt prompt, or neither duration nor prompts';

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
export const TEST_EVENT_RULE =
	'comment "Test" with an action, or with no phonenumber, callerid or children';

/**
 * Leading whitespace before the XML declaration is accepted (XML itself does not allow it; web
 * servers often add a line break). Values are kept exactly as sent: no attribute-value normalisation
 * and no line-end normalisation (a literal tab, line feed or CR LF in an attribute stays as it came).
 */
export const KEPT_AS_SENT =
	'leading whitespace tolerated; no attribute-value or line-end normalisation';

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
