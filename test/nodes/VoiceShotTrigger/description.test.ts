/**
 * The trigger's description as n8n reads it: the subtitle evaluated by n8n-workflow's expression
 * engine, the parameters n8n stores for a new trigger, the names in the node panel.
 */
import { NodeHelpers, Workflow, type INodeParameters } from 'n8n-workflow';

import { ALL_EVENTS, EVENT_OPTIONS, properties } from '../../../nodes/VoiceShotTrigger/description';
import { VoiceShotTrigger } from '../../../nodes/VoiceShotTrigger/VoiceShotTrigger.node';
import { isTimeZone } from '../../../nodes/shared/datetime';
import { timeZoneOptions } from '../../../nodes/shared/timezones';
import { NodeTypeRegistry } from '../../helpers/registry';
import { subtitleOf } from '../../helpers/subtitle';

const trigger = new VoiceShotTrigger();

const subtitle = (parameters: INodeParameters) => subtitleOf(trigger, parameters);

describe('canvas subtitle', () => {
	it('names the chosen events in words', () => {
		expect(subtitle({ events: ['callSummary', 'keypress'] })).toBe('Call Summary, Keypress');
		expect(subtitle({ events: ['smsSummary'] })).toBe('SMS Summary');
	});

	it('says "All events" for every event, none, or the default', () => {
		expect(subtitle({ events: EVENT_OPTIONS.map((option) => option.value) })).toBe('All events');
		expect(subtitle({ events: [] })).toBe('All events');
		expect(subtitle({})).toBe('All events');
	});
});

describe('node panel', () => {
	it('lists each event as a trigger in words, not "On <name>"', () => {
		for (const option of EVENT_OPTIONS) {
			expect(option.action).toMatch(/^When [A-Za-z]/);
			expect(option.action).not.toMatch(/callSummary|smsSummary|hangup|unknown/);
		}
		expect(new Set(EVENT_OPTIONS.map((option) => option.action)).size).toBe(EVENT_OPTIONS.length);
	});

	it("describes the pair, since the node panel shows the trigger's description above both nodes' actions", () => {
		expect(trigger.description.description).toMatch(/phone calls and text messages/);
		expect(trigger.description.description).toMatch(/start workflows on its call events/);
	});

	it('links its documentation without n8n adding parameters after the anchor', () => {
		expect(trigger.description.documentationUrl).toMatch(/^https:\/\/[^?]+#voiceshot-trigger$/);
	});
});

describe("the panel's notice", () => {
	/** The notices n8n shows for these parameter values, by its own display rules. */
	const noticesFor = (values: INodeParameters) =>
		properties
			.filter((property) => property.type === 'notice')
			.filter((notice) =>
				NodeHelpers.displayParameter(values, notice, { typeVersion: 1 }, trigger.description),
			)
			.map((notice) => notice.displayName);

	it('is one notice: how to connect VoiceShot, and the no-login warning without authentication', () => {
		const notices = noticesFor({ authentication: 'none' });
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatch(/^In VoiceShot \(Campaign → Options → Developer tab\), paste a URL/);
		expect(notices[0]).toMatch(/Test URL.*Execute step.*Production URL.*published/);
		expect(notices[0]).toMatch(/Anyone with the URL can start the workflow/);
	});

	it('with Basic Auth, the one notice says where the login goes instead of warning', () => {
		const notices = noticesFor({ authentication: 'callbackLogin' });
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatch(/^In VoiceShot \(Campaign → Options → Developer tab\), paste a URL/);
		expect(notices[0]).toMatch(/a VoiceShot Callback Login API credential\.$/);
		expect(notices[0]).not.toMatch(/Anyone with the URL/);
	});

	it("a saved workflow's Basic Auth (the API credential's callback fields) keeps its notice", () => {
		const notices = noticesFor({ authentication: 'basicAuth' });
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatch(/Callback Username and Callback Password \(the older way/);
	});
});

describe('Authentication: one credential type per purpose', () => {
	const credentialsFor = (authentication: string) =>
		(trigger.description.credentials ?? [])
			.filter((credential) =>
				NodeHelpers.displayParameter(
					{ authentication },
					credential as never,
					{ typeVersion: 1 },
					trigger.description,
				),
			)
			.map((credential) => credential.name);

	it('Basic Auth asks for the Callback Login credential only; the older choice keeps the API credential', () => {
		expect(credentialsFor('none')).toEqual([]);
		expect(credentialsFor('callbackLogin')).toEqual(['voiceShotCallbackLoginApi']);
		expect(credentialsFor('basicAuth')).toEqual(['voiceShotApi']);
		const options = properties.find((property) => property.name === 'authentication')!
			.options as Array<{ name: string; value: string }>;
		expect(options.map((option) => [option.value, option.name])).toEqual([
			['none', 'None'],
			['callbackLogin', 'Basic Auth'],
			['basicAuth', 'Basic Auth (Login in the VoiceShot API Credential)'],
		]);
	});
});

describe('Respond: offered where VoiceShot reads the answer', () => {
	const respond = properties.find((property) => property.name === 'responseMode')!;
	const shown = (events: string[]) =>
		NodeHelpers.displayParameter({ events }, respond, { typeVersion: 1 }, trigger.description);

	it('for call events a call command answers (keypress, answer), not for summaries alone', () => {
		expect(shown(['callSummary'])).toBe(false);
		expect(shown(['callSummary', 'smsSummary', 'test'])).toBe(false);
		expect(shown(['keypress'])).toBe(true);
		expect(shown(['callSummary', 'answer'])).toBe(true);
		expect(shown(ALL_EVENTS)).toBe(true);
	});

	it('names the reply the way the action list does: Live Call → Reply, not Respond to Webhook', () => {
		const names = (respond.options as Array<{ name: string }>).map((option) => option.name);
		expect(names).toEqual(['Immediately', 'When Last Node Finishes', 'By Live Call → Reply']);
	});
});

describe("the raw body: the hidden option that keeps n8n's parser away", () => {
	// n8n resolves a node's parameters with these calls: with defaults when it loads a workflow,
	// without when the editor saves one.
	const resolved = (values: INodeParameters) =>
		NodeHelpers.getNodeParameters(
			properties,
			values,
			true,
			false,
			{ typeVersion: 1 },
			trigger.description,
		);
	const saved = (values: INodeParameters) =>
		NodeHelpers.getNodeParameters(
			properties,
			values,
			false,
			false,
			{ typeVersion: 1 },
			trigger.description,
		);

	it('a new trigger has options.binaryData set, and keeps it when options are added and saved', () => {
		const fresh = resolved({})!;
		expect(fresh.options).toEqual({ binaryData: true });
		const edited = { ...fresh, options: { ...(fresh.options as object), includeRawXml: true } };
		const stored = saved(edited)!;
		expect(stored.options).toEqual({ binaryData: true, includeRawXml: true });
		expect((resolved(stored)!.options as INodeParameters).binaryData).toBe(true);
	});

	it('a trigger stored without it (older versions, options: {} by hand) stays without it', () => {
		expect(resolved({ options: {} })!.options).toEqual({});
		expect(resolved({ options: { includeRawXml: true } })!.options).toEqual({
			includeRawXml: true,
		});
	});

	it('is not one of the options a person can add', () => {
		const collection = properties.find((property) => property.name === 'options')!;
		const hidden = (collection.options as Array<{ name: string; type: string }>).filter(
			(option) => option.type === 'hidden',
		);
		expect(hidden.map((option) => option.name)).toEqual(['binaryData']);
	});
});

describe('time zone list', () => {
	it("starts with the workflow's time zone, then every zone Node.js knows, UTC included", () => {
		const options = timeZoneOptions();
		expect(options[0]).toEqual({ name: "The Workflow's Time Zone", value: '' });
		const values = options.slice(1).map((option) => String(option.value));
		expect(values).toEqual(expect.arrayContaining(['America/New_York', 'Europe/Berlin', 'UTC']));
		expect(values).toEqual([...values].sort());
		expect(values.filter((zone) => !isTimeZone(zone))).toEqual([]);
		expect(options.find((option) => option.value === 'America/Los_Angeles')?.name).toBe(
			'America/Los Angeles',
		);
	});
});

describe("the webhook's response mode as n8n evaluates it", () => {
	const responseModeFor = (parameters: INodeParameters) => {
		const node = {
			id: 'trigger',
			name: 'Trigger',
			type: 'voiceShotTrigger',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters,
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: new NodeTypeRegistry([VoiceShotTrigger]),
		});
		const expression = trigger.description.webhooks![0].responseMode as string;
		return workflow.expression.getSimpleParameterValue(node, expression, 'internal', {});
	};

	it('is the chosen Respond, and Immediately when Respond is hidden (Call Summary alone)', () => {
		expect(responseModeFor({ events: ['keypress'], responseMode: 'responseNode' })).toBe(
			'responseNode',
		);
		// n8n stores no hidden parameter: without a fallback, n8n 2.41 refuses the post with
		// "The response mode 'undefined' is not valid!" (HTTP 500)
		expect(responseModeFor({ events: ['callSummary'] })).toBe('onReceived');
	});
});
