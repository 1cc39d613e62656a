import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { encodeSaveFileBody } from '../../../shared/xml';
import { connect, request } from '../common/connection';
import { shownFor } from '../common/fields';
import { eachItem } from '../common/items';
import { inputError } from '../common/parameters';

const show = shownFor('soundFile', 'upload');

export const description: INodeProperties[] = [
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
		placeholder: 'greeting.wav',
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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await connect(this);
	return await eachItem(this, async (itemIndex) => {
		const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
		const binary = this.helpers.assertBinaryData(itemIndex, property);
		const filename =
			String(this.getNodeParameter('fileName', itemIndex, '') ?? '').trim() ||
			binary.fileName ||
			'';
		if (!filename) {
			throw inputError(
				connection.node,
				itemIndex,
				'File Name',
				'is empty and the binary data has no file name',
			);
		}
		const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, property);
		if (!isWav(bytes)) {
			throw inputError(
				connection.node,
				itemIndex,
				'Input Binary Field',
				`"${property}" (${filename}) is not a WAV file: VoiceShot plays RIFF/WAVE sound files only`,
			);
		}
		const body = encodeSaveFileBody({
			kind: 'saveFile',
			filename,
			content: bytes,
			...connection.login,
		});
		const reply = await request(connection, { body }, itemIndex);
		return [
			{
				filename,
				bytes: bytes.length,
				uploaded: true,
				errorid: 0,
				comment: reply.kind === 'result' ? reply.comment : 'ok',
			},
		];
	});
}
