/**
 * What a person reads in the editor, the same way in both nodes and the credentials: n8n's UX
 * wording for placeholders, and time zones chosen from one list.
 */
import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { VoiceShotApi } from '../../credentials/VoiceShotApi.credentials';
import { VoiceShotCallbackLoginApi } from '../../credentials/VoiceShotCallbackLoginApi.credentials';
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
	...parametersOf(
		new VoiceShotCallbackLoginApi().properties,
		'VoiceShot Callback Login API credentials',
	),
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

/** The words a person reads of a parameter: its name, description, hint and its options'. */
function wordsOf(parameter: INodeProperties): string[] {
	const words = [parameter.displayName, parameter.description, parameter.hint];
	for (const option of parameter.options ?? []) {
		if ('value' in option) words.push(option.name, option.description);
	}
	return words.filter((text): text is string => typeof text === 'string');
}

describe('one way of saying each thing', () => {
	it('a name is written one way wherever it appears (e.g. "Go to Prompt", not also "Go To Prompt")', () => {
		const spellings = new Map<string, Set<string>>();
		for (const { parameter } of EVERY_PARAMETER) {
			const names = [parameter.displayName];
			for (const option of parameter.options ?? []) {
				if ('value' in option) names.push(option.name);
			}
			for (const name of names) {
				const key = name.toLowerCase();
				spellings.set(key, (spellings.get(key) ?? new Set()).add(name));
			}
		}
		const twoWays = [...spellings.values()].filter((set) => set.size > 1).map((set) => [...set]);
		expect(twoWays).toEqual([]);
	});

	it('the panels speak of what a person does, not of HTTP status codes or VoiceShot action numbers', () => {
		const technical = EVERY_PARAMETER.flatMap(({ path, parameter }) =>
			wordsOf(parameter)
				.filter((text) => /\b[1-5]\d\d\b|\baction \d\b/i.test(text))
				.map((text) => `${path}: ${text}`),
		);
		expect(technical).toEqual([]);
	});

	it('the credential is "the credential" (n8n\'s word in the panel), never "the credentials"', () => {
		const plural = EVERY_PARAMETER.flatMap(({ path, parameter }) =>
			wordsOf(parameter)
				.filter((text) => /\bcredentials\b/i.test(text))
				.map((text) => `${path}: ${text}`),
		);
		expect(plural).toEqual([]);
	});

	it('every time zone is described the same way, differing only in what it is for', () => {
		const descriptions = EVERY_PARAMETER.filter(({ parameter }) =>
			/time ?zone/i.test(parameter.name),
		).map(({ parameter }) => parameter.description ?? '');
		const shape =
			/^The time zone of your VoiceShot account, [^;]+; by default the workflow's\. Choose from the list, or specify an ID using an <a href="https:\/\/docs\.n8n\.io\/code\/expressions\/">expression<\/a>\.$/;
		expect(descriptions.filter((description) => !shape.test(description))).toEqual([]);
	});
});
