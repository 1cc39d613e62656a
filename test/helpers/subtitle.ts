/** A node's canvas subtitle as the editor shows it: evaluated by n8n-workflow's expression engine. */
import { Workflow, type INodeParameters, type INodeType } from 'n8n-workflow';

import { NodeTypeRegistry } from './registry';

export function subtitleOf(node: INodeType, parameters: INodeParameters): unknown {
	const workflow = new Workflow({
		nodes: [
			{
				id: 'node',
				name: 'Node',
				type: node.description.name,
				typeVersion: 1,
				position: [0, 0],
				parameters,
			},
		],
		connections: {},
		active: false,
		nodeTypes: new NodeTypeRegistry([node]),
	});
	return workflow.expression.getSimpleParameterValue(
		workflow.getNode('Node')!,
		node.description.subtitle,
		'internal',
		{},
	);
}
