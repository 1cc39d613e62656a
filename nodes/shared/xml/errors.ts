export type XmlErrorCode =
	| 'empty'
	| 'malformed'
	| 'doctype'
	| 'tooLarge'
	| 'tooDeep'
	| 'unexpectedRoot'
	| 'missingField'
	| 'invalidValue'
	| 'unencodable'
	/** Bytes that cannot be read in the encoding the body has or declares. */
	| 'encoding';

/** Where in a message a bad value sits: which number, which prompt. */
export interface ValuePosition {
	/** 0-based index of the phone number (or callid) in the request. */
	number?: number;
	/** 0-based index of the prompt within its prompts list. */
	prompt?: number;
}

export class VoiceShotXmlError extends Error {
	readonly code: XmlErrorCode;
	readonly field?: string;
	readonly position?: ValuePosition;
	/** What is wrong with the field, read after its name and position ("is required"). */
	readonly reason: string;

	constructor(
		code: XmlErrorCode,
		message: string,
		field?: string,
		position?: ValuePosition,
		reason = message,
	) {
		super(message);
		this.name = 'VoiceShotXmlError';
		this.code = code;
		this.field = field;
		this.position = position;
		this.reason = reason;
	}
}

export function describePosition(position: ValuePosition | undefined): string {
	if (!position) return '';
	const parts: string[] = [];
	if (position.number !== undefined) parts.push(`phone number ${position.number + 1}`);
	if (position.prompt !== undefined) parts.push(`prompt ${position.prompt + 1}`);
	return parts.length ? ` (${parts.join(', ')})` : '';
}

export function isVoiceShotXmlError(error: unknown): error is VoiceShotXmlError {
	return error instanceof VoiceShotXmlError;
}
