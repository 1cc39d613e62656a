/**
 * The one place an error becomes what the user reads. The codec, the client and the parameter
 * readers throw typed errors carrying structure (field, position, reason; errorid and comment; the
 * failure kind); `nodeErrorOf` words any of them once, for the items it concerns.
 */
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { DEFAULT_API_URL, mayHaveActed, safeUrl, VoiceShotTransportError } from './transport';
import { describePosition, VoiceShotXmlError, type ValuePosition } from './xml';

/** What each documented errorid usually means for an n8n user, and what to do. */
export const ERROR_HINTS: Record<number, string> = {
	1: 'Register the public IP address of your n8n server in VoiceShot: Campaign, Options, Developer tab, Registered IPs.',
	2: 'Your VoiceShot free trial has ended: upgrade the account.',
	3: 'VoiceShot could not read the request. Please report this as a bug of n8n-nodes-voiceshot.',
	5: 'Set a Menu ID on the node or a Default Menu ID in the credential.',
	9: 'The caller ID must be 10 digits and authorised in your VoiceShot account (for SMS: your SMS ID).',
	10: 'The schedule must be a valid date and time.',
	11: 'Each prompt needs the Prompt ID of an API prompt of the campaign.',
	13: 'Upload the sound file first, and check its file name.',
	19: 'No campaign has this Menu ID: copy it from the campaign in VoiceShot.',
	20: 'The sound file needs a file name and content.',
	21: 'The sound file must be a WAV file in a format VoiceShot accepts (8 kHz, 16-bit, mono PCM is safest).',
};

/** Said when an answer did not come from VoiceShot's API (HTTP 4xx, or a body VoiceShot never sends). */
export const CHECK_API_URL = `Check the credential's API URL: it must be VoiceShot's IVR API address, ${DEFAULT_API_URL}.`;

/** A reply whose errorid is not 0. */
export class VoiceShotRefusal extends Error {
	constructor(
		readonly errorid: number,
		readonly comment: string,
	) {
		super(`VoiceShot refused the request: errorid ${errorid}${comment ? `, ${comment}` : ''}`);
		this.name = 'VoiceShotRefusal';
	}
}

/** A parameter value the node cannot use, named as the panel shows it. */
export class InputError extends Error {
	constructor(
		/** The parameter as the panel shows it: "Phone Numbers", "Prompts: Content". */
		readonly field: string,
		/** What is wrong, read after the field: "is empty". */
		readonly reason: string,
		readonly position?: ValuePosition,
	) {
		super(`${field}${describePosition(position)} ${reason}`);
		this.name = 'InputError';
	}
}

/** The panel's name of each codec field an operation's requests carry (`callerid` → "Caller ID"). */
export type FieldLabels = Readonly<Record<string, string>>;

/** What to do first after a failed request: the hint, when one is known. */
export function hintOf(error: unknown): string | undefined {
	if (error instanceof VoiceShotRefusal) return ERROR_HINTS[error.errorid];
	if (error instanceof VoiceShotTransportError) {
		if (error.failure === 'badReply') return CHECK_API_URL;
		if (error.failure === 'httpStatus' && error.httpCode !== undefined && error.httpCode < 500)
			return CHECK_API_URL;
	}
	return undefined;
}

/** The codec's refusal as an input error, its field named as the panel shows it. */
function asInputError(error: VoiceShotXmlError, fields: FieldLabels): InputError {
	const field = error.field === undefined ? 'A value' : (fields[error.field] ?? error.field);
	return new InputError(field, error.reason, error.position);
}

/** Where an error happened and what the user must know besides it. */
export interface ErrorPlace {
	/** The first item concerned: n8n shows the error with it. */
	itemIndex: number;
	/** "item 3", "items 0–4", as n8n names items: ends the message. */
	items: string;
	/** The panel's names of the codec's fields. */
	fields?: FieldLabels;
	/** Kept with the error for the user to follow up (menuid, callids). */
	details?: JsonObject;
	/** What to do when the request may have been acted on (VoiceShot may have queued calls). */
	unknownOutcome?: string;
	/** What the failure means for the rest of the run: nothing was sent, or what was sent before. */
	aftermath?: string;
}

/** The given sentences, in order, the absent ones left out; each but the last ends with a full stop. */
export function sentences(...parts: Array<string | undefined>): string | undefined {
	const given = parts.filter((part): part is string => part !== undefined && part !== '');
	if (given.length === 0) return undefined;
	return given
		.map((part, index) => (index < given.length - 1 && !/[.!?]$/.test(part) ? `${part}.` : part))
		.join(' ');
}

/** Any error as the NodeApiError or NodeOperationError the user sees, worded once. */
export function nodeErrorOf(
	node: INode,
	error: unknown,
	place: ErrorPlace,
): NodeApiError | NodeOperationError {
	const { itemIndex, items, details = {}, aftermath } = place;
	if (error instanceof VoiceShotRefusal) {
		const hint = hintOf(error);
		return new NodeApiError(
			node,
			{ errorid: error.errorid, comment: error.comment, ...details },
			{
				message: `${hint ?? error.message} [${items}]`,
				description: sentences(hint ? error.message : undefined, aftermath),
				itemIndex,
			},
		);
	}
	if (error instanceof VoiceShotTransportError) {
		return new NodeApiError(
			node,
			{ failure: error.failure, url: safeUrl(error.url), ...details },
			{
				message: `${error.message} [${items}]`,
				description: sentences(
					hintOf(error),
					mayHaveActed(error) ? place.unknownOutcome : undefined,
					aftermath,
				),
				httpCode: error.httpCode !== undefined ? String(error.httpCode) : undefined,
				itemIndex,
			},
		);
	}
	const input =
		error instanceof VoiceShotXmlError ? asInputError(error, place.fields ?? {}) : error;
	if (input instanceof InputError) {
		return new NodeOperationError(node, `${input.message} [${items}]`, {
			itemIndex,
			description: sentences(`Check the "${input.field}" parameter of ${items}.`, aftermath),
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = sentences(error.description ?? undefined, aftermath);
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
		description: aftermath,
	});
}

/** A failed request in one sentence, what to do first: for the credential test. */
export function describeFailure(error: unknown): string {
	const hint = hintOf(error);
	if (error instanceof VoiceShotRefusal)
		return sentences(hint, `(VoiceShot answered errorid ${error.errorid}: ${error.comment})`) ?? '';
	const message = error instanceof Error ? error.message : String(error);
	return sentences(message, hint) ?? message;
}
