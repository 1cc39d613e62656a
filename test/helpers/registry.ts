/**
 * Node-type and credential-type registries for the test engine (see engine.ts).
 *
 * n8n looks node types up by the name a workflow's node carries in `type`. A community
 * package's nodes are named `<package>.<node>` (`n8n-nodes-voiceshot.voiceShot`), so a
 * registered type answers to its bare `description.name` and to any `<prefix>.<name>`.
 */
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';
import type {
	ICredentialType,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;
/** A node type given as an instance or as its class (instantiated without arguments). */
export type NodeTypeInput = AnyNodeType | (new () => AnyNodeType);
/** A credential type given as an instance or as its class. */
export type CredentialTypeInput = ICredentialType | (new () => ICredentialType);

/** Type names accepted by `runWorkflow`: a list (keyed by description.name) or an explicit map. */
export type NodeTypesInput = NodeTypeInput[] | Record<string, NodeTypeInput>;

function instantiate<T extends object>(input: T | (new () => T)): T {
	return typeof input === 'function' ? new (input as new () => T)() : input;
}

export class NodeTypeRegistry implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	constructor(input: NodeTypesInput = []) {
		if (Array.isArray(input)) {
			for (const item of input) this.add(instantiate(item));
		} else {
			for (const [name, item] of Object.entries(input)) this.add(instantiate(item), name);
		}
	}

	add(nodeType: AnyNodeType, name = nodeType.description.name): this {
		this.types.set(name, nodeType);
		return this;
	}

	has(name: string): boolean {
		return this.find(name) !== undefined;
	}

	private find(name: string): AnyNodeType | undefined {
		const exact = this.types.get(name);
		if (exact) return exact;
		const dot = name.lastIndexOf('.');
		return dot === -1 ? undefined : this.types.get(name.slice(dot + 1));
	}

	getByName(name: string): AnyNodeType {
		const nodeType = this.find(name);
		if (!nodeType) {
			throw new UnexpectedError(`Test engine: unknown node type "${name}"`, {
				extra: { known: [...this.types.keys()] },
			});
		}
		return nodeType;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [name, nodeType] of this.types) {
			known[name] = { className: nodeType.constructor.name, sourcePath: '' };
		}
		return known;
	}

	/** The version the editor gives a newly added node: defaultVersion, else the latest. */
	defaultVersion(name: string): number {
		const nodeType = this.getByName(name);
		if (nodeType.description.defaultVersion !== undefined) {
			return nodeType.description.defaultVersion;
		}
		if ('nodeVersions' in nodeType) return nodeType.currentVersion;
		const { version } = nodeType.description;
		return Array.isArray(version) ? Math.max(...version) : version;
	}
}

export class CredentialTypeRegistry {
	private readonly types = new Map<string, ICredentialType>();

	constructor(input: CredentialTypeInput[] = []) {
		for (const item of input) {
			const type = instantiate(item);
			this.types.set(type.name, type);
		}
	}

	recognizes(name: string): boolean {
		return this.types.has(name);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) {
			throw new UnexpectedError(`Test engine: unknown credential type "${name}"`, {
				extra: { known: [...this.types.keys()] },
			});
		}
		return type;
	}

	/** All ancestors named through `extends`, nearest first. */
	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}
