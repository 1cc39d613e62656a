import type { INodeProperties } from 'n8n-workflow';

import { shownFor } from '../common/fields';
import { InputError } from '../../../shared/errors';
import type { Operation } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. greeting.wav',
		description: 'The name of the sound file to delete from VoiceShot',
		displayOptions: shownFor('soundFile', 'delete'),
	},
];

export const operation: Operation<string> = {
	resource: 'soundFile',
	operation: 'delete',
	name: 'Delete',
	action: 'Delete a sound file',
	summary: 'Remove a sound file from VoiceShot',
	properties,
	fields: { filename: 'File Name' },
	read({ context }, itemIndex) {
		const filename = String(context.getNodeParameter('fileName', itemIndex, '') ?? '').trim();
		if (!filename) throw new InputError('File Name', 'is empty');
		return [filename];
	},
	request: (_run, [{ value: filename }]) => ({ kind: 'deleteFile', filename }),
	output: ([{ value: filename }], reply) => [
		[
			{
				filename,
				deleted: true,
				errorid: 0,
				comment: reply?.kind === 'result' ? reply.comment : 'ok',
			},
		],
	],
	details: ([filename]) => ({ filename }),
};
