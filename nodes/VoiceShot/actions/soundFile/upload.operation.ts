import type { INodeProperties } from 'n8n-workflow';

import { shownFor } from '../common/fields';
import { InputError } from '../../../shared/errors';
import type { Operation } from '../operation';

const show = shownFor('soundFile', 'upload');

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the WAV file',
		displayOptions: show,
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. greeting.wav',
		description:
			"The name VoiceShot keeps the file under, used by prompts of type Sound File. Empty: the binary data's own file name.",
		displayOptions: show,
	},
];

/** A RIFF/WAVE header: "RIFF", a size, "WAVE". */
export function isWav(bytes: Buffer): boolean {
	return (
		bytes.length >= 12 &&
		bytes.toString('latin1', 0, 4) === 'RIFF' &&
		bytes.toString('latin1', 8, 12) === 'WAVE'
	);
}

interface SoundFile {
	property: string;
	filename: string;
	bytes?: number;
}

export const operation: Operation<SoundFile> = {
	resource: 'soundFile',
	operation: 'upload',
	name: 'Upload',
	action: 'Upload a sound file',
	summary: 'Store a WAV file in VoiceShot for prompts to play',
	properties,
	fields: { filename: 'File Name', content: 'Input Binary Field' },
	read({ context }, itemIndex) {
		const property = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
		const binary = context.helpers.assertBinaryData(itemIndex, property);
		const filename =
			String(context.getNodeParameter('fileName', itemIndex, '') ?? '').trim() ||
			binary.fileName ||
			'';
		if (!filename) {
			throw new InputError('File Name', 'is empty and the binary data has no file name');
		}
		return [{ property, filename }];
	},
	// The file's bytes are read only when its request is made, so that one item's file is in memory at a time.
	async request({ context }, [{ itemIndex, value }]) {
		const content = await context.helpers.getBinaryDataBuffer(itemIndex, value.property);
		if (!isWav(content)) {
			throw new InputError(
				'Input Binary Field',
				`"${value.property}" (${value.filename}) is not a WAV file: VoiceShot plays RIFF/WAVE sound files only`,
			);
		}
		value.bytes = content.length;
		return { kind: 'saveFile', filename: value.filename, content };
	},
	output: ([{ value }], reply) => [
		[
			{
				filename: value.filename,
				bytes: value.bytes,
				uploaded: true,
				errorid: 0,
				comment: reply?.kind === 'result' ? reply.comment : 'ok',
			},
		],
	],
	details: ([{ filename }]) => ({ filename }),
};
