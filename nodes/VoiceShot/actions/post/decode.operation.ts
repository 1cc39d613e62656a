import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { includeAttributesOption, includeRawXmlOption, itemOfPost } from '../../../shared/post';
import { decodePost, type VoiceShotPost } from '../../../shared/xml';
import { optionsField, shownFor } from '../common/fields';
import { checkedTimeZone } from '../common/parameters';
import { InputError } from '../../../shared/errors';
import type { Operation } from '../operation';
import { timeZoneOption } from '../../../shared/timezones';

const show = shownFor('post', 'decode');

const properties: INodeProperties[] = [
	{
		displayName:
			"Most workflows need the VoiceShot Trigger, not this. Use it when VoiceShot's call events or summaries reach n8n's own Webhook node (HTTP Method POST, Options → Raw Body on): it makes of each the item the trigger would give, a voicemail as binary data. Protect that Webhook node with its own authentication: it does not check VoiceShot's login.",
		name: 'decodeNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Post In',
		name: 'postSource',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary Field',
				value: 'binary',
				description: "The body as received: the Webhook node's Raw Body",
			},
			{ name: 'Text', value: 'text', description: 'The XML as text, e.g. from an expression' },
		],
		displayOptions: show,
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the post',
		displayOptions: { show: { ...show.show, postSource: ['binary'] } },
	},
	{
		displayName: 'Post XML',
		name: 'postXml',
		type: 'string',
		default: '',
		required: true,
		description: 'The XML VoiceShot posted, as text',
		typeOptions: { rows: 4 },
		displayOptions: { show: { ...show.show, postSource: ['text'] } },
	},
	optionsField('post', 'decode', [
		includeAttributesOption,
		includeRawXmlOption,
		timeZoneOption('used to read dateandtime into dateandtimeIso'),
	]),
];

export const operation: Operation<INodeExecutionData> = {
	resource: 'post',
	operation: 'decode',
	name: 'Decode',
	action: 'Read a VoiceShot post from a Webhook node',
	summary:
		"Turn what VoiceShot posted to n8n's own Webhook node into the item the VoiceShot Trigger gives",
	properties,
	async read({ context }, itemIndex) {
		const options = context.getNodeParameter('options', itemIndex, {}) as {
			includeAttributes?: boolean;
			includeRawXml?: boolean;
			timeZone?: string;
		};
		const timeZone = checkedTimeZone(context, options.timeZone);
		let body: Buffer | string;
		let field: string;
		if (context.getNodeParameter('postSource', itemIndex, 'binary') === 'text') {
			field = 'Post XML';
			const text: unknown = context.getNodeParameter('postXml', itemIndex, '');
			if (typeof text !== 'string') throw new InputError(field, `is not text but ${typeof text}`);
			body = text;
		} else {
			field = 'Input Binary Field';
			const property = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
			if (!context.getInputData()[itemIndex]?.binary?.[property]) {
				throw new InputError(
					field,
					`"${property}" is not among the item's binary data (in the Webhook node, turn on Options → Raw Body)`,
				);
			}
			body = await context.helpers.getBinaryDataBuffer(itemIndex, property);
		}
		let post: VoiceShotPost | Error;
		try {
			post = decodePost(body);
		} catch (error) {
			post = error instanceof Error ? error : new Error(String(error));
		}
		if (post instanceof Error)
			throw new InputError(field, `is not a VoiceShot post: ${post.message}`);
		const item = await itemOfPost(
			post,
			body,
			{
				timeZone,
				includeAttributes: options.includeAttributes,
				includeRawXml: options.includeRawXml,
			},
			(data, fileName, mimeType) => context.helpers.prepareBinaryData(data, fileName, mimeType),
		);
		return [item];
	},
	output: (batch) => batch.map(({ value }) => [value.json]),
	binary: (value) => value.binary,
};
