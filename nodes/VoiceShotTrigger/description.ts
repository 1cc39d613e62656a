import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { includeAttributesOption, includeRawXmlOption } from '../shared/post';
import type { PostKind } from '../shared/xml';
import { timeZoneOption } from '../shared/timezones';

interface EventOption extends INodePropertyOptions {
	value: PostKind;
	/** The trigger's name in n8n's node panel (n8n writes "On <name>" without it). */
	action: string;
	description: string;
}

export const EVENT_OPTIONS: EventOption[] = [
	{
		name: 'Answer',
		value: 'answer',
		action: 'When an inbound call is answered',
		description: 'Call Events URL: an inbound call was answered',
	},
	{
		name: 'Call Summary',
		value: 'callSummary',
		action: 'When a call ends (call summary)',
		description:
			'Call Summary URL: the end of an outbound or inbound call, with its status, keypresses and any voicemail',
	},
	{
		name: 'Hang-Up',
		value: 'hangup',
		action: 'When an inbound caller hangs up',
		description: 'Call Events URL: an inbound caller hung up',
	},
	{
		name: 'Keypress',
		value: 'keypress',
		action: 'When a caller presses keys',
		description:
			'Call Events URL: a caller pressed keys at a prompt. Its reply can steer the call.',
	},
	{
		name: 'SMS Summary',
		value: 'smsSummary',
		action: 'When a text message is sent or received (SMS summary)',
		description: 'Call Summary URL: an outbound text message was sent, or an inbound one received',
	},
	{
		name: 'Test Button',
		value: 'test',
		action: "When VoiceShot's Test button is pressed",
		description: 'The Test button beside either URL in VoiceShot (comment "Test")',
	},
	{
		name: 'Unrecognized Post',
		value: 'unknown',
		action: 'When VoiceShot posts something unrecognized',
		description:
			'Well-formed XML of a shape VoiceShot has not documented, delivered with its raw XML so that nothing is lost',
	},
];

export const ALL_EVENTS: PostKind[] = EVENT_OPTIONS.map((option) => option.value);

/** The posts whose answer VoiceShot reads: a call command steers the live call. */
const ANSWERED_EVENTS: PostKind[] = ['answer', 'keypress'];

/** The canvas subtitle: the chosen events by name, or "All events". */
const EVENT_NAMES = JSON.stringify(
	Object.fromEntries(EVENT_OPTIONS.map((option) => [option.value, option.name])),
);
export const SUBTITLE = `={{ [0, ${EVENT_OPTIONS.length}].includes(($parameter["events"] || []).length) ? "All events" : $parameter["events"].map((event) => (${EVENT_NAMES})[event] || event).join(", ") }}`;

/**
 * n8n parses a webhook's body by its Content-Type (XML with its own parser, answering 422 when
 * that fails) unless the start node is at typeVersion 1 and `options.binaryData` is truthy
 * (n8n 2.41.1: webhooks/webhook-helpers, parseRequestBody). So the Options collection carries a
 * hidden `binaryData: true` from its default: the trigger then reads every body as raw bytes.
 */
export const RAW_BODY_OPTION = 'binaryData';

/** How to connect VoiceShot, the start of the trigger's one notice. */
const SETUP =
	'In VoiceShot (Campaign → Options → Developer tab), paste a URL from <b>Webhook URLs</b> as the Call Events or Call Summary URL. The <b>Test URL</b> receives posts while this node listens (<b>Execute step</b>), the <b>Production URL</b> while the workflow is published.';

export const properties: INodeProperties[] = [
	{
		displayName: `${SETUP} Anyone with the URL can start the workflow: choose Basic Auth to require the login set in VoiceShot.`,
		name: 'setupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'] } },
	},
	{
		displayName: `${SETUP} The login set beside the URLs in VoiceShot goes into a VoiceShot Callback Login API credential.`,
		name: 'callbackLoginNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['callbackLogin'] } },
	},
	{
		displayName: `${SETUP} The login set beside the URLs in VoiceShot goes into the VoiceShot API credential's Callback Username and Callback Password (the older way: Basic Auth with a VoiceShot Callback Login API credential holds nothing else).`,
		name: 'basicAuthNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['basicAuth'] } },
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'None',
				value: 'none',
				description: 'Any post to the URL is accepted',
			},
			{
				name: 'Basic Auth',
				value: 'callbackLogin',
				description:
					'Posts must carry the username and password entered beside the URLs in VoiceShot, kept in a VoiceShot Callback Login API credential',
			},
			{
				name: 'Basic Auth (Login in the VoiceShot API Credential)',
				value: 'basicAuth',
				description:
					"The older way, kept for saved workflows: the login in the VoiceShot API credential's Callback Username and Callback Password",
			},
		],
		default: 'none',
		description:
			'Whether posts must carry the login set in VoiceShot. A post without it is refused and starts nothing.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: ['answer', 'callSummary', 'hangup', 'keypress', 'smsSummary', 'test', 'unknown'],
		description:
			'The posts that start the workflow. Others are acknowledged and start nothing. None selected means all.',
	},
	{
		displayName: 'Menu IDs',
		name: 'menuIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1-1234, 1-4567',
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
				description: 'Answer as soon as the post arrives, with no call command',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description:
					'Answer with the "callCommand" field (call command XML) of the first item of the last node that ran; none: an empty answer',
			},
			{
				name: 'By Live Call → Reply',
				value: 'responseNode',
				description:
					"Answer with what the VoiceShot node's Live Call → Reply operation sends (or n8n's Respond to Webhook node); none: an empty answer",
			},
		],
		default: 'onReceived',
		// VoiceShot reads the answer to these call events only; it ignores answers to summaries.
		displayOptions: { show: { events: ANSWERED_EVENTS } },
		description:
			'How VoiceShot is answered. The answer to a call event may steer the live call (a call command such as &lt;prompt goto="7"/&gt;) while the caller waits, so keep such workflows short. VoiceShot ignores answers to summaries.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: { [RAW_BODY_OPTION]: true },
		options: [
			includeAttributesOption,
			includeRawXmlOption,
			{
				displayName: 'Read Raw Body',
				name: RAW_BODY_OPTION,
				type: 'hidden',
				default: true,
			},
			timeZoneOption('used to read dateandtime into dateandtimeIso'),
		],
	},
];
