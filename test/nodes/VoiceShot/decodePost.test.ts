/**
 * Webhook Post → Decode on the real engine: a post held as binary data (what n8n's Webhook node with Raw
 * Body gives) becomes the same item the VoiceShot Trigger makes of the same bytes over real HTTP,
 * and what the trigger refuses with 400 fails the item, naming it and the field.
 */
import type { INodeParameters } from 'n8n-workflow';

import { VoiceShotApi } from '../../../credentials/VoiceShotApi.credentials';
import { VoiceShotTrigger } from '../../../nodes/VoiceShotTrigger/VoiceShotTrigger.node';
import { cleanupEngine } from '../../helpers/engine';
import { runWebhook } from '../../helpers/webhook';
import {
	SAMPLE_POSTS,
	XML_DECLARATION,
	summaryWithVoicemail,
	wavBytes,
} from '../VoiceShotTrigger/samples';
import { startHarness, type Harness } from './fixture';

let harness: Harness;
beforeAll(async () => {
	harness = await startHarness();
});
afterAll(async () => {
	await harness.sim.close();
	cleanupEngine();
});

const TIMEZONE = 'America/New_York';

async function decoded(body: string | Buffer, parameters: INodeParameters = {}) {
	const run = await harness.run({
		before: [
			{
				name: 'Post',
				type: 'testBase64Binary',
				parameters: { base64: Buffer.from(body).toString('base64'), fileName: 'post.xml' },
			},
		],
		parameters: { resource: 'post', operation: 'decode', ...parameters },
	});
	return run;
}

async function triggered(body: string | Buffer, options: INodeParameters = {}) {
	return await runWebhook({
		nodeType: VoiceShotTrigger,
		credentialTypes: [VoiceShotApi],
		credentials: { voiceShotApi: { cred1: {} } },
		parameters: { options },
		settings: { executionOrder: 'v1', timezone: TIMEZONE },
		request: { headers: { 'content-type': 'text/plain' }, rawBody: body },
	});
}

/** An item with its binary data read back: metadata and bytes, comparable across nodes. */
async function comparable(item: {
	json: unknown;
	binary?: Record<string, { data: string; mimeType: string; fileName?: string }>;
}) {
	const binary = Object.fromEntries(
		Object.entries(item.binary ?? {}).map(([name, data]) => [
			name,
			{ mimeType: data.mimeType, fileName: data.fileName, bytes: Buffer.from(data.data, 'base64') },
		]),
	);
	return { json: item.json, binary };
}

describe('Webhook Post → Decode gives the item the VoiceShot Trigger gives', () => {
	const bodies = [
		...SAMPLE_POSTS.map((sample) => ({
			name: sample.name,
			body: `${XML_DECLARATION}\r\n${sample.xml}`,
		})),
		{
			name: 'call summary with two voicemail recordings',
			voicemails: ['voicemail', 'voicemail_1'],
			body: summaryWithVoicemail([
				{ data: wavBytes(800, 3) },
				{ data: wavBytes(400, 5), attributes: 'filename="second.wav"' },
			]),
		},
		{
			name: 'unrecognized post',
			body: '<campaign menuid="1-1234" callid="x" action="99" novel="1"/>',
		},
	];

	it.each(bodies as Array<{ name: string; body: string; voicemails?: string[] }>)(
		'$name',
		async ({ body, voicemails = [] }) => {
			const viaTrigger = await triggered(body, { includeRawXml: true, includeAttributes: true });
			expect(viaTrigger.error).toBeUndefined();
			const [triggerItem] = viaTrigger.execution!.items('Trigger');
			const viaNode = await decoded(body, {
				options: { includeRawXml: true, includeAttributes: true },
			});
			expect(viaNode.error).toBeUndefined();
			const [nodeItem] = viaNode.items('VoiceShot');
			expect(await comparable(nodeItem as never)).toEqual(await comparable(triggerItem as never));
			expect(nodeItem.pairedItem).toEqual({ item: 0 });
			expect(Object.keys(nodeItem.binary ?? {})).toEqual(voicemails);
		},
	);

	it('reads the post from text too, with its own time zone', async () => {
		const sample = SAMPLE_POSTS.find((entry) => entry.json.kind === 'callSummary')!;
		const run = await decoded('ignored', {
			postSource: 'text',
			postXml: sample.xml,
			options: { timeZone: 'America/Los_Angeles' },
		});
		expect(run.error).toBeUndefined();
		const viaTrigger = await triggered(sample.xml, { timeZone: 'America/Los_Angeles' });
		expect(run.json('VoiceShot')).toEqual([viaTrigger.execution!.items('Trigger')[0].json]);
	});
});

describe('Webhook Post → Decode refuses what the trigger refuses, naming the item and the field', () => {
	const refused = [
		{ name: 'empty', body: '' },
		{ name: 'not XML', body: 'hello' },
		{ name: 'malformed', body: '<campaign menuid="1-1234"><prompts></campaign>' },
		{
			name: 'DOCTYPE',
			body: '<!DOCTYPE campaign [<!ENTITY x "y">]><campaign menuid="1-1234" callid="&x;"/>',
		},
	];

	it.each(refused)('$name', async ({ body }) => {
		const viaTrigger = await triggered(body);
		expect(viaTrigger.response.statusCode).toBe(400);
		const reason = viaTrigger.response.text.replace(/^Bad request: /, '');

		const failed = await decoded(body);
		expect(failed.error?.message).toBe(
			`Input Binary Field is not a VoiceShot post: ${reason} [item 0]`,
		);
	});

	it('with Continue On Fail, the refused item becomes an error item and the others are decoded', async () => {
		const run = await harness.run({
			items: [{ xml: 'hello' }, { xml: SAMPLE_POSTS[0].xml }],
			continueOnFail: true,
			parameters: {
				resource: 'post',
				operation: 'decode',
				postSource: 'text',
				postXml: '={{ $json.xml }}',
			},
		});
		expect(run.error).toBeUndefined();
		const items = run.items('VoiceShot');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.error).toMatch(/^Post XML is not a VoiceShot post: .* \[item 0\]$/);
		const typed = { ...SAMPLE_POSTS[0].json };
		delete typed.attributes;
		expect(items[1].json).toEqual(typed);
	});

	it('says which binary field is missing', async () => {
		const run = await harness.run({ parameters: { resource: 'post', operation: 'decode' } });
		expect(run.error?.message).toBe(
			'Input Binary Field "data" is not among the item\'s binary data (in the Webhook node, turn on Options → Raw Body) [item 0]',
		);
	});
});
