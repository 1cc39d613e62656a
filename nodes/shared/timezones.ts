import type { ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The value meaning "the workflow's time zone" in a time-zone list. */
export const WORKFLOW_TIME_ZONE = '';

/**
 * The time zones the running Node.js knows (canonical IANA names, and UTC), for a list parameter
 * (a `loadOptions` method), after an entry for the workflow's own time zone.
 */
export function timeZoneOptions(): INodePropertyOptions[] {
	const zones = new Set(Intl.supportedValuesOf('timeZone'));
	zones.add('UTC');
	return [
		{ name: "The Workflow's Time Zone", value: WORKFLOW_TIME_ZONE },
		...[...zones].sort().map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone })),
	];
}

/** The `loadOptions` methods of both nodes: the time-zone list. */
export const loadOptions = {
	async getTimeZones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return timeZoneOptions();
	},
};

/** The Time Zone option of every node and operation that reads or writes VoiceShot's dates. */
export function timeZoneOption(
	purpose: string,
	displayName = 'Time Zone Name or ID',
): INodeProperties {
	return {
		displayName,
		name: 'timeZone',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTimeZones' },
		default: WORKFLOW_TIME_ZONE,
		description: `The time zone of your VoiceShot account, ${purpose}; by default the workflow's. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}
