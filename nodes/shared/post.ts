import type {
	IBinaryData,
	IBinaryKeyData,
	IDataObject,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { decodeBase64 } from './bytes';
import { compact } from './json';
import { voiceShotDateTimeToIso } from './datetime';
import {
	bytesToText,
	type CallSummary,
	type PromptKeypress,
	type Recording,
	type SmsSummary,
	type VoiceShotPost,
} from './xml';

/** The binary property of the first voicemail recording; later ones get `_1`, `_2`, … */
export const VOICEMAIL_PROPERTY = 'voicemail';
export const VOICEMAIL_MIME_TYPE = 'audio/wav';

/** A voicemail recording's bytes, and the binary property and file name they go under. */
export interface RecordingFile {
	binaryProperty: string;
	fileName: string;
	data: Buffer;
}

export interface PostItem {
	json: IDataObject;
	/** In the order of `json.recordings`. */
	files: RecordingFile[];
}

function keypressesOf(prompts: PromptKeypress[]): { list: IDataObject[]; byPrompt: IDataObject } {
	return {
		list: prompts.map(({ promptid, keypress }) => ({ promptid, keypress })),
		byPrompt: Object.fromEntries(prompts.map(({ promptid, keypress }) => [promptid, keypress])),
	};
}

/** The file name a recording is stored under: its own name without any folder part, else `<callid>.wav`. */
export function recordingFileName(recording: Recording, callid: string, index: number): string {
	const own = recording.filename.split(/[\\/]/).pop()?.trim() ?? '';
	if (own !== '' && own !== '.' && own !== '..') return own;
	const base = callid.replace(/[^A-Za-z0-9._-]/g, '_') || 'voicemail';
	return index === 0 ? `${base}.wav` : `${base}_${index}.wav`;
}

export function voicemailProperty(index: number): string {
	return index === 0 ? VOICEMAIL_PROPERTY : `${VOICEMAIL_PROPERTY}_${index}`;
}

/** What a call or SMS summary says of the call, the known values only. */
function summaryFields(post: CallSummary | SmsSummary, timeZone: string): IDataObject {
	return compact({
		phonenumber: post.phonenumber,
		callerid: post.callerid,
		status: post.status,
		comment: post.comment,
		duration: post.kind === 'callSummary' ? post.duration : undefined,
		dateandtime: post.dateandtime,
		dateandtimeIso: voiceShotDateTimeToIso(post.dateandtime, timeZone),
	});
}

/**
 * The item a post becomes: its typed fields and the bytes of its voicemail recordings, decoded
 * from base64 once (the base64 never goes into the JSON). The raw copies (attributes, XML) are
 * options, added by the node.
 */
export function postToItem(post: VoiceShotPost, timeZone: string): PostItem {
	const json: IDataObject = { kind: post.kind };
	const files: RecordingFile[] = [];
	if (post.kind === 'callSummary' || post.kind === 'smsSummary') json.direction = post.direction;
	if (post.kind === 'unknown') json.root = post.root;
	json.menuid = post.menuid;
	json.callid = post.callid;
	switch (post.kind) {
		case 'callSummary': {
			const keys = keypressesOf(post.prompts);
			Object.assign(json, summaryFields(post, timeZone));
			json.keypresses = keys.list;
			json.keypressByPrompt = keys.byPrompt;
			json.recordings = post.recordings.map((recording, index) => {
				const file: RecordingFile = {
					binaryProperty: voicemailProperty(index),
					fileName: recordingFileName(recording, post.callid, index),
					// Lenient like Buffer.from(base64): line breaks and blanks are skipped.
					data: decodeBase64(recording.base64),
				};
				files.push(file);
				return compact({
					promptid: recording.promptid,
					fileName: file.fileName,
					binaryProperty: file.binaryProperty,
				});
			});
			break;
		}
		case 'smsSummary':
			Object.assign(json, summaryFields(post, timeZone));
			json.texts = post.texts;
			break;
		case 'answer':
			Object.assign(json, compact({ callerid: post.callerid, dnis: post.dnis }));
			break;
		case 'keypress':
			json.promptid = post.promptid;
			json.keypress = post.keypress;
			break;
		case 'hangup':
			Object.assign(json, compact({ duration: post.duration }));
			break;
		case 'test':
			json.comment = post.comment;
			break;
	}
	return { json, files };
}

/** The option of both nodes that adds every attribute as sent (`PostItemOptions.includeAttributes`). */
export const includeAttributesOption: INodeProperties = {
	displayName: 'Include Raw Attributes',
	name: 'includeAttributes',
	type: 'boolean',
	default: false,
	description:
		'Whether to add every attribute of the post as sent, in "attributes". Unrecognized posts always carry them.',
};

/** The option of both nodes that adds the body as received (`PostItemOptions.includeRawXml`). */
export const includeRawXmlOption: INodeProperties = {
	displayName: 'Include Raw XML',
	name: 'includeRawXml',
	type: 'boolean',
	default: false,
	description:
		'Whether to add the body as received, in "rawXml". Unrecognized posts always carry it.',
};

export interface PostItemOptions {
	/** where `dateandtime` is read (an IANA time zone, already checked) */
	timeZone: string;
	/** adds every attribute as sent, in `attributes` (unrecognized posts always carry them) */
	includeAttributes?: boolean;
	/** adds the body as received, in `rawXml` (unrecognized posts always carry it) */
	includeRawXml?: boolean;
}

/**
 * The n8n item a decoded post becomes, the same from the VoiceShot Trigger and from the VoiceShot
 * node's Webhook Post → Decode: `postToItem`'s json, the recordings as binary data (`prepareBinaryData`
 * is the calling node's helper), `attributes` and `rawXml` when asked.
 */
export async function itemOfPost(
	post: VoiceShotPost,
	body: Buffer | string,
	options: PostItemOptions,
	prepareBinaryData: (data: Buffer, fileName: string, mimeType: string) => Promise<IBinaryData>,
): Promise<INodeExecutionData> {
	const { json, files } = postToItem(post, options.timeZone);
	if (options.includeAttributes || post.kind === 'unknown') json.attributes = post.attributes;
	if (options.includeRawXml || post.kind === 'unknown') {
		json.rawXml = typeof body === 'string' ? body : bytesToText(body);
	}
	const item: INodeExecutionData = { json };
	if (files.length > 0) {
		const binary: IBinaryKeyData = {};
		for (const file of files) {
			binary[file.binaryProperty] = await prepareBinaryData(
				file.data,
				file.fileName,
				VOICEMAIL_MIME_TYPE,
			);
		}
		item.binary = binary;
	}
	return item;
}
