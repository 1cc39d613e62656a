/**
 * The action node's description as n8n reads it: its canvas subtitle evaluated by n8n-workflow's
 * expression engine, its Docs link, and which options n8n's display rules offer.
 */
import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import * as listed from '../../../nodes/VoiceShot/actions/operations';
import { VoiceShot } from '../../../nodes/VoiceShot/VoiceShot.node';
import { subtitleOf } from '../../helpers/subtitle';

const node = new VoiceShot();
const OPERATIONS = Object.values(listed);

const subtitle = (parameters: INodeParameters) => subtitleOf(node, parameters);

describe('canvas subtitle', () => {
	it("is each operation's action in words", () => {
		expect(subtitle({ resource: 'call', operation: 'send' })).toBe('Send calls');
		expect(subtitle({ resource: 'callCommand', operation: 'reply' })).toBe('Reply to a live call');
		for (const entry of OPERATIONS) {
			expect(subtitle({ resource: entry.resource, operation: entry.operation })).toBe(entry.action);
		}
		expect(new Set(OPERATIONS.map((entry) => entry.action)).size).toBe(OPERATIONS.length);
	});
});

it('links its documentation without n8n adding parameters after the anchor', () => {
	expect(node.description.documentationUrl).toMatch(/^https:\/\/[^?]+#voiceshot-node$/);
});

describe('Options of sending operations', () => {
	const optionsOf = (resource: string) =>
		node.description.properties.find(
			(property) =>
				property.name === 'options' &&
				NodeHelpers.displayParameter(
					{ resource, operation: 'send' },
					property,
					{ typeVersion: 1 },
					node.description,
				),
		)!.options as INodeProperties[];

	/** The options n8n offers to add, for the collection's current value. */
	const offered = (resource: string, value: INodeParameters) =>
		optionsOf(resource)
			.filter((option) =>
				NodeHelpers.displayParameter(value, option, { typeVersion: 1 }, node.description, {
					resource,
					operation: 'send',
					options: value,
				}),
			)
			.map((option) => option.displayName);

	it.each(['call', 'sms'])(
		'%s: the time zone of the Schedule sits next to it in the list n8n sorts by name',
		(resource) => {
			const names = offered(resource, {}).sort((a, b) => a.localeCompare(b));
			expect(names[names.indexOf('Schedule') + 1]).toBe('Schedule Time Zone Name or ID');
		},
	);

	it.each(['call', 'sms'])('%s: Batch Size in batch mode (the default) only', (resource) => {
		expect(offered(resource, {})).toContain('Batch Size');
		expect(offered(resource, { sendMode: 'batch' })).toContain('Batch Size');
		expect(offered(resource, { sendMode: 'perItem' })).not.toContain('Batch Size');
		expect(offered(resource, { sendMode: 'perItem' })).toContain('Send Mode');
	});
});

describe('Call → Send prompts', () => {
	const shown = node.description.properties.filter((property) =>
		NodeHelpers.displayParameter(
			{ resource: 'call', operation: 'send' },
			property,
			{ typeVersion: 1 },
			node.description,
		),
	);

	it('a notice right above Prompts says what a Prompt ID names and what a send without prompts plays', () => {
		const index = shown.findIndex((property) => property.name === 'prompts');
		expect(shown[index - 1]).toMatchObject({ type: 'notice' });
		expect(shown[index - 1].displayName).toMatch(/API prompt.*campaign in VoiceShot/);
		expect(shown[index - 1].displayName).toMatch(/With no prompts.*own recorded message/);
	});

	it('Content is a multi-line field, like the SMS Message', () => {
		const prompt = (
			shown.find((property) => property.name === 'prompts')!.options as Array<{
				values: INodeProperties[];
			}>
		)[0];
		const content = prompt.values.find((value) => value.name === 'content')!;
		expect(content.typeOptions?.rows).toBeGreaterThanOrEqual(3);
	});
});

it.each([
	['call', /Call → Get Outcome \(or Query\) by its Call ID.*Call Summary/],
	['sms', /SMS Summary.*Message ID/],
])(
	'%s → Send opens with a notice: the output means queued, outcomes come later',
	(resource, where) => {
		const [first] = node.description.properties.filter(
			(property) =>
				property.type !== 'options' &&
				NodeHelpers.displayParameter(
					{ resource, operation: 'send' },
					property,
					{ typeVersion: 1 },
					node.description,
				),
		);
		expect(first.type).toBe('notice');
		expect(first.displayName).toMatch(/^Send queues the .*queued: true/);
		expect(first.displayName).toMatch(where);
	},
);

describe("the action list of n8n's node creator", () => {
	/** As the node creator builds it: each Resource option in order, then its Operation options in order. */
	function actionList(): string[] {
		const properties = node.description.properties;
		const resources = properties.find((property) => property.name === 'resource')!
			.options as Array<{ name: string; value: string }>;
		return resources.flatMap((resource) => {
			const picker = properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes(resource.value),
			)!;
			return (picker.options as Array<{ action: string }>).map(
				(option) => `${resource.name.toUpperCase()} ACTIONS: ${option.action}`,
			);
		});
	}

	it('starts with Send calls, then texts; live-call and webhook actions last, named for a caller', () => {
		expect(actionList()).toEqual([
			'CALL ACTIONS: Send calls',
			'CALL ACTIONS: Get the outcome of calls',
			'CALL ACTIONS: Query calls',
			'CALL ACTIONS: Delete pending calls',
			'SMS ACTIONS: Send text messages',
			'LIVE CALL ACTIONS: Reply to a live call',
			'CAMPAIGN ACTIONS: Pause a campaign',
			'CAMPAIGN ACTIONS: Resume a campaign',
			'SOUND FILE ACTIONS: Upload a sound file',
			'SOUND FILE ACTIONS: Delete a sound file',
			'WEBHOOK POST ACTIONS: Read a VoiceShot post from a Webhook node',
		]);
	});
});
