import type { INodeProperties } from 'n8n-workflow';

import { includeRawXmlOption } from '../shared/post';
import type { PostKind } from '../shared/xml';

export const EVENT_OPTIONS: Array<{ name: string; value: PostKind; description: string }> = [
	{
		name: 'Answer',
		value: 'answer',
		description: 'Call Events URL: an inbound call was answered (action 4)',
	},
	{
		name: 'Call Summary',
		value: 'callSummary',
		description:
			'Call Summary URL: the end of an outbound or inbound call, with its status, keypresses and any voicemail',
	},
	{
		name: 'Hang-Up',
		value: 'hangup',
		description: 'Call Events URL: an inbound call hung up (action 5)',
	},
	{
		name: 'Keypress',
		value: 'keypress',
		description:
			'Call Events URL: a caller pressed keys at a prompt. Its reply can steer the call.',
	},
	{
		name: 'SMS Summary',
		value: 'smsSummary',
		description: 'Call Summary URL: an outbound text message was sent, or an inbound one received',
	},
	{
		name: 'Test Button',
		value: 'test',
		description: 'The Test button beside either URL in VoiceShot (comment "Test")',
	},
	{
		name: 'Unrecognized Post',
		value: 'unknown',
		description:
			'Well-formed XML of a shape VoiceShot has not documented, delivered with its raw XML so that nothing is lost',
	},
];

export const ALL_EVENTS: PostKind[] = EVENT_OPTIONS.map((option) => option.value);

export const properties: INodeProperties[] = [
	{
		displayName:
			'Copy the Production URL above into VoiceShot: Campaign, Options, Developer tab. Paste it as the <b>Call Events URL</b> (keypresses; answer and hang-up of inbound calls) and/or as the <b>Call Summary URL</b> (one post at the end of each call or text message); one trigger can serve both. VoiceShot has no API for this, so activating the workflow registers nothing at VoiceShot.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName:
			'Posts that are not VoiceShot XML get 400 from this node. Before it runs, n8n itself answers 422 to malformed XML sent as text/xml, and 413 to a body over N8N_PAYLOAD_SIZE_MAX (16 MiB by default; raise it if voicemail recordings are long).',
		name: 'inputNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{
				name: 'Basic Auth',
				value: 'basicAuth',
				description:
					"The username and password entered beside the URLs in VoiceShot, kept in the credential's Callback Username and Callback Password",
			},
		],
		default: 'none',
		description:
			'Whether posts must carry the HTTP basic-auth login set in VoiceShot. A missing or wrong login is answered 401 and starts nothing.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: ['answer', 'callSummary', 'hangup', 'keypress', 'smsSummary', 'test', 'unknown'],
		description:
			'The posts that start the workflow. Others are answered 200 OK and start nothing. None selected means all.',
	},
	{
		displayName: 'Menu IDs',
		name: 'menuIds',
		type: 'string',
		default: '',
		placeholder: '1-1234, 1-4567',
		description:
			'Only posts of these campaigns start the workflow (comma-separated). Empty: every campaign.',
	},
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		options: [
			{
				name: 'Immediately',
				value: 'onReceived',
				description:
					'Answer 200 OK with an empty body as soon as the post arrives: no call command',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description:
					'Answer with the "callCommand" field (call command XML) of the first item of the last node that ran',
			},
			{
				name: "Using 'Respond to Webhook' Node",
				value: 'responseNode',
				description:
					"Answer with what the VoiceShot node's Call Command: Reply operation (or a Respond to Webhook node) sends",
			},
		],
		default: 'onReceived',
		description:
			'How VoiceShot is answered. The answer to a call event may steer the live call: a call command such as &lt;prompt goto="7" tts="Your package arrives Monday"/&gt;. VoiceShot ignores answers to summaries.',
	},
	{
		displayName:
			'The answer is the "callCommand" field of the last node\'s first item: the XML that the VoiceShot node\'s Call Command: Reply operation outputs. No such field: an empty answer, meaning no command. VoiceShot waits for the answer while the caller is on the line, so keep such workflows short.',
		name: 'lastNodeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { responseMode: ['lastNode'] } },
	},
	{
		displayName:
			"Add the VoiceShot node's Call Command: Reply operation (or a Respond to Webhook node answering text/xml) to the workflow. If none answers, VoiceShot gets an empty 200 OK: no command.",
		name: 'responseNodeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { responseMode: ['responseNode'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			includeRawXmlOption,
			{
				displayName: 'VoiceShot Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'America/Los_Angeles',
				description:
					"The IANA time zone of the VoiceShot account, used to read dateandtime into dateandtimeIso. VoiceShot does not say which zone it writes. Empty: the workflow's time zone.",
			},
		],
	},
];
