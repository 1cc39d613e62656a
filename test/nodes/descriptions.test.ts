/**
 * What a person reads in the editor, the same way in both nodes and the credentials: n8n's UX
 * wording for placeholders, and time zones chosen from one list.
 */
import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { VoiceShotApi } from '../../credentials/VoiceShotApi.credentials';
import { VoiceShot } from '../../nodes/VoiceShot/VoiceShot.node';
import { VoiceShotTrigger } from '../../nodes/VoiceShotTrigger/VoiceShotTrigger.node';

/** Every parameter, nested ones (in collections and fixed collections) included, with its path. */
function* parametersOf(
	properties: INodeProperties[],
	path: string,
): Generator<{ path: string; parameter: INodeProperties }> {
	for (const parameter of properties) {
		const here = `${path} → ${parameter.displayName}`;
		yield { path: here, parameter };
		for (const option of parameter.options ?? []) {
			if ('values' in option) {
				yield* parametersOf(
					(option as INodePropertyCollection).values,
					`${here} → ${option.displayName}`,
				);
			} else if ('type' in option) {
				yield* parametersOf([option as INodeProperties], here);
			}
		}
	}
}

const EVERY_PARAMETER = [
	...parametersOf(new VoiceShot().description.properties, 'VoiceShot'),
	...parametersOf(new VoiceShotTrigger().description.properties, 'VoiceShot Trigger'),
	...parametersOf(new VoiceShotApi().properties, 'VoiceShot API credentials'),
];

describe('parameter wording in both nodes and the credentials', () => {
	it('finds the nested parameters too', () => {
		const paths = EVERY_PARAMETER.map(({ path }) => path);
		expect(paths).toContain('VoiceShot → Prompts → Prompt → Content');
		expect(paths).toContain('VoiceShot → Options → Time Zone Name or ID');
	});

	it('placeholders are examples ("e.g. …"), or "Add …" on collections', () => {
		const wrong = EVERY_PARAMETER.filter(({ parameter }) => {
			const { placeholder, type } = parameter;
			if (placeholder === undefined) return false;
			if (type === 'collection' || type === 'fixedCollection')
				return !/^Add [a-z]+$/.test(placeholder);
			return !placeholder.startsWith('e.g. ');
		}).map(({ path, parameter }) => `${path}: ${parameter.placeholder}`);
		expect(wrong).toEqual([]);
	});

	it('every time zone is chosen from the one list', () => {
		const zones = EVERY_PARAMETER.filter(({ parameter }) => /time ?zone/i.test(parameter.name));
		expect(zones.length).toBeGreaterThanOrEqual(4);
		const notFromTheList = zones
			.filter(({ parameter }) => parameter.typeOptions?.loadOptionsMethod !== 'getTimeZones')
			.map(({ path }) => path);
		expect(notFromTheList).toEqual([]);
	});
});
