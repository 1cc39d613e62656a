import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** The login VoiceShot sends with its posts to the VoiceShot Trigger: nothing else. */
export class VoiceShotCallbackLoginApi implements ICredentialType {
	name = 'voiceShotCallbackLoginApi';

	displayName = 'VoiceShot Callback Login API';

	icon: Icon = {
		light: 'file:../nodes/VoiceShot/voiceshot.svg',
		dark: 'file:../nodes/VoiceShot/voiceshot.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-voiceshot/n8n-nodes-voiceshot#voiceshot-trigger';

	properties: INodeProperties[] = [
		{
			displayName:
				'The username and password you entered beside the Call Events and Call Summary URLs in VoiceShot (Campaign → Options → Developer tab). The VoiceShot Trigger refuses posts without them.',
			name: 'callbackLoginNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];
}
