import { decodePost } from '../nodes/shared/xml';
import { postToItem, type PostItem } from '../nodes/shared/post';

/** The voicemail recording of the trigger bench: 5 MiB. */
export const RECORDING_BYTES = 5 * 1024 * 1024;

/** A WAV-sized recording of deterministic noise (noise, so that nothing about it is special). */
export function recordingOf(size: number): Buffer {
	const data = Buffer.allocUnsafe(size);
	let state = 0x9e3779b9;
	for (let i = 0; i < size; i++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		data[i] = state & 0xff;
	}
	return data;
}

/**
 * A call summary carrying `recording` as VoiceShot sends it: XML declaration, CRLF line ends,
 * tab indentation, the base64 in 76-character lines inside a prompt's `<file>`.
 */
export function summaryBodyOf(recording: Buffer): {
	body: Buffer;
	base64Start: number;
	base64End: number;
} {
	const base64 = (recording.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
	const head = [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<campaign menuid="1-1234" duration="41" phonenumber="8182238964" status="Successful" comment="Answering Machine" callid="order-42" dateandtime="5/20/2004 10:50:50 PM">',
		'\t<prompts>',
		'\t\t<prompt promptid="1" keypress=""></prompt>',
		'\t\t<prompt promptid="2" keypress=""><file filename="order-42.wav">',
	].join('\r\n');
	const tail = ['</file></prompt>', '\t</prompts>', '</campaign>'].join('\r\n');
	const body = Buffer.from(head + base64 + tail, 'utf8');
	return {
		body,
		base64Start: Buffer.byteLength(head),
		base64End: Buffer.byteLength(head) + base64.length,
	};
}

/**
 * What the trigger's webhook does with a received body before handing the recording to n8n
 * (`prepareBinaryData`): decode (the codec reads the bytes), item with the recording's bytes.
 */
export function readPost(body: Buffer): PostItem {
	return postToItem(decodePost(body), 'America/New_York');
}
