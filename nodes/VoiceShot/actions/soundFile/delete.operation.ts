import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { connect, request } from '../common/connection';
import { shownFor } from '../common/fields';
import { eachItem } from '../common/items';
import { inputError } from '../common/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'greeting.wav',
		description: 'The name of the sound file to delete from VoiceShot',
		displayOptions: shownFor('soundFile', 'delete'),
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await connect(this);
	return await eachItem(this, async (itemIndex) => {
		const filename = String(this.getNodeParameter('fileName', itemIndex, '') ?? '').trim();
		if (!filename) throw inputError(connection.node, itemIndex, 'File Name', 'is empty');
		const reply = await request(connection, { kind: 'deleteFile', filename }, itemIndex);
		return [
			{
				filename,
				deleted: true,
				errorid: 0,
				comment: reply.kind === 'result' ? reply.comment : 'ok',
			},
		];
	});
}
