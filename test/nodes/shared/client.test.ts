import { VoiceShotClient } from '../../../nodes/shared/client';
import { NODE } from '../VoiceShot/fakeContext';

describe('the client of an operation that sends nothing', () => {
	it('has no account defaults and refuses to send', async () => {
		const client = VoiceShotClient.offline(NODE);
		expect([client.defaultMenuId, client.defaultCallerId]).toEqual(['', '']);
		await expect(client.exchange({ kind: 'pause', menuid: '1-1234' })).rejects.toMatchObject({
			message: 'This operation sends nothing to VoiceShot',
		});
	});
});
