/**
 * Every example workflow against the advice the docs give: what a user imports must be what the
 * README recommends, or the second run of an example teaches the wrong thing.
 */
import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { VoiceShot } from '../../nodes/VoiceShot/VoiceShot.node';
import { VoiceShotTrigger } from '../../nodes/VoiceShotTrigger/VoiceShotTrigger.node';
import {
	CALLBACK_CREDENTIAL,
	CREDENTIAL,
	EXAMPLE_FILES_ROOT,
	loadAllExamples,
	type WorkflowNode,
} from '../../scripts/n8n/examples';

const DESCRIPTIONS: Record<string, INodeTypeDescription> = {
	voiceShot: new VoiceShot().description,
	voiceShotTool: new VoiceShot().description,
	voiceShotTrigger: new VoiceShotTrigger().description,
};

const EXAMPLES = loadAllExamples();
const VOICESHOT_NODES = EXAMPLES.flatMap((workflow) =>
	workflow.nodes
		.filter((node) => node.type.startsWith('n8n-nodes-voiceshot.'))
		.map((node) => ({ workflow: workflow.name, node })),
);

function description(node: WorkflowNode): INodeTypeDescription {
	return DESCRIPTIONS[node.type.slice('n8n-nodes-voiceshot.'.length)];
}

/** The parameters n8n shows for this node's settings (the others are stale or misspelled). */
function shownParameters(node: WorkflowNode): Set<string> {
	const shown = NodeHelpers.getNodeParameters(
		description(node).properties,
		node.parameters as never,
		true,
		false,
		{ typeVersion: node.typeVersion },
		description(node),
	);
	return new Set(Object.keys(shown ?? {}));
}

describe('example workflows', () => {
	it('are all loaded, each with VoiceShot nodes', () => {
		expect(EXAMPLES.length).toBeGreaterThanOrEqual(4);
		for (const workflow of EXAMPLES)
			expect(VOICESHOT_NODES.some((entry) => entry.workflow === workflow.name)).toBe(true);
	});

	it.each(VOICESHOT_NODES.map(({ workflow, node }) => [workflow, node.name, node]))(
		'%s → %s: a node type of this package, with only parameters its panel shows',
		(_workflow, _name, node) => {
			expect(description(node)).toBeDefined();
			const shown = shownParameters(node);
			const tool = new Set(['descriptionType', 'toolDescription']);
			const unknown = Object.keys(node.parameters).filter(
				(key) => !shown.has(key) && !(node.type.endsWith('Tool') && tool.has(key)),
			);
			expect(unknown).toEqual([]);
			const known: Record<string, { id: string; name: string }> = {
				[CREDENTIAL.type]: CREDENTIAL,
				[CALLBACK_CREDENTIAL.type]: CALLBACK_CREDENTIAL,
			};
			for (const [type, reference] of Object.entries(node.credentials ?? {}))
				expect(reference).toEqual({ id: known[type]?.id, name: known[type]?.name });
		},
	);

	it('sends with a Call ID unique to the run (README: Your own Call IDs), or the node-made one', () => {
		const sends = VOICESHOT_NODES.filter(
			({ node }) => node.parameters.operation === 'send' && node.parameters.resource !== undefined,
		);
		expect(sends.length).toBeGreaterThan(0);
		for (const { workflow, node } of sends) {
			const options = (node.parameters.options ?? {}) as Record<string, unknown>;
			const callId = String(options.callId ?? '');
			expect({ workflow, node: node.name, callId }).toEqual({
				workflow,
				node: node.name,
				callId: callId === '' ? '' : expect.stringContaining('$execution.id'),
			});
		}
	});

	it("read and write files only under n8n's files folder (~/.n8n-files)", () => {
		const paths = EXAMPLES.flatMap((workflow) =>
			workflow.nodes.flatMap((node) =>
				['fileSelector', 'fileName']
					.map((key) => node.parameters[key])
					.filter((value): value is string => typeof value === 'string'),
			),
		);
		expect(paths.length).toBeGreaterThan(0);
		for (const path of paths)
			expect(path.replace(/^=/, '').startsWith(EXAMPLE_FILES_ROOT + '/')).toBe(true);
	});
});
