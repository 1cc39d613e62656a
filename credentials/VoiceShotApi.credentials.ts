import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { DEFAULT_API_URL } from '../nodes/shared/transport';

export class VoiceShotApi implements ICredentialType {
	name = 'voiceShotApi';

	displayName = 'VoiceShot API';

	icon: Icon = {
		light: 'file:../nodes/VoiceShot/voiceshot.svg',
		dark: 'file:../nodes/VoiceShot/voiceshot.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-voiceshot/n8n-nodes-voiceshot/blob/main/docs/before-the-first-call.md#configure-voiceshot';

	properties: INodeProperties[] = [
		{
			displayName:
				'VoiceShot admits API calls by IP address: register the public IP address of this n8n server under Campaign, Options, Developer tab, Registered IPs. A call from another address is refused with errorid 1.',
			name: 'registeredIpNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Username',
			name: 'username',
			type: 'string',
			default: '',
			description:
				'Only if VoiceShot gave you a login for API requests to your campaigns: sent with each request when set. Most accounts are admitted by their registered IP address alone.',
		},
		{
			displayName: 'API Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password of that API login: sent with each request when set',
		},
		{
			displayName: 'Default Menu ID',
			name: 'defaultMenuId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1-1234',
			description: 'The voice campaign used when a node leaves its Menu ID empty',
		},
		{
			displayName: 'Default SMS Menu ID',
			name: 'defaultSmsMenuId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2-5678',
			description:
				'The text-message campaign used when SMS → Send leaves its Menu ID empty. Text messages never go to the Default Menu ID (a voice campaign).',
		},
		{
			displayName: 'Default Caller ID',
			name: 'defaultCallerId',
			type: 'string',
			default: '',
			placeholder: 'e.g. (800) 555-0100',
			description:
				'The North American number (10 digits, any punctuation) shown to people called when a node sets none. It must be authorised in your VoiceShot account.',
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: DEFAULT_API_URL,
			description:
				'Where requests go first. Change it only to reach a VoiceShot simulator or proxy.',
		},
		{
			displayName: 'Fallback URL',
			name: 'fallbackUrl',
			type: 'string',
			default: 'https://apiproxy.voiceshot.com/ivrapi.asp',
			description:
				"Where a request goes once, only when the connection to the API URL fails, as VoiceShot's own programs do. Leave empty to never fall back.",
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 0.1, numberPrecision: 2 },
			description:
				'How long to wait for VoiceShot to answer a request. A send that times out may still have been queued: see the docs on Retry On Fail and re-runs.',
		},
		{
			displayName: 'Callback Username',
			name: 'callbackUsername',
			type: 'string',
			default: '',
			description:
				"Older: only for a VoiceShot Trigger saved with 'Basic Auth (Login in the VoiceShot API Credential)'. New triggers keep this login in a VoiceShot Callback Login API credential.",
		},
		{
			displayName: 'Callback Password',
			name: 'callbackPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Older: only for a VoiceShot Trigger saved with 'Basic Auth (Login in the VoiceShot API Credential)'",
		},
	];
}
