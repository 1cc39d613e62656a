import type { INode } from 'n8n-workflow';

import { VoiceShotClient } from '../../../nodes/shared/client';

const NODE: INode = {
	id: 'node',
	name: 'VoiceShot',
	type: 'n8n-nodes-voiceshot.voiceShot',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('the client of an operation that sends nothing', () => {
	it('has no account defaults and refuses to send', async () => {
		const client = VoiceShotClient.offline(NODE);
		expect([client.defaultMenuId, client.defaultCallerId]).toEqual(['', '']);
		await expect(client.exchange({ kind: 'pause', menuid: '1-1234' })).rejects.toMatchObject({
			message: 'This operation sends nothing to VoiceShot',
		});
	});
});
