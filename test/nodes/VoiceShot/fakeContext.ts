import type { IContextObject, IExecuteFunctions, INode } from 'n8n-workflow';

export const NODE: INode = {
	id: 'node-1',
	name: 'VoiceShot',
	type: 'n8n-nodes-voiceshot.voiceShot',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface FakeOptions {
	items?: number;
	parameters?: Record<string, unknown>;
	continueOnFail?: boolean;
	nodeContext?: IContextObject;
	runIndex?: number;
	/** The HTTP sender's answer to each request body. */
	answer?: (body: string) => string;
}

/**
 * The few members of n8n's execute context a unit of the executor reads. Whole workflows run on the
 * real engine elsewhere (test/helpers/engine.ts); these tests look at one unit's decisions.
 */
export function fakeContext(options: FakeOptions = {}): IExecuteFunctions & { bodies: string[] } {
	const nodeContext = options.nodeContext ?? {};
	const bodies: string[] = [];
	const context = {
		bodies,
		getNode: () => ({
			...NODE,
			onError: options.continueOnFail ? 'continueErrorOutput' : undefined,
		}),
		getInputData: () =>
			Array.from({ length: options.items ?? 1 }, (_, index) => ({ json: { index } })),
		continueOnFail: () => options.continueOnFail === true,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = options.parameters?.[name];
			if (typeof value === 'function') return (value as (index: number) => unknown)(itemIndex);
			return value === undefined ? fallback : value;
		},
		getContext: () => nodeContext,
		getWorkflowDataProxy: () => ({ $runIndex: options.runIndex ?? 0 }),
		getExecutionId: () => 'execution-1',
		getTimezone: () => 'America/New_York',
		getCredentials: async () => ({ apiUrl: 'http://127.0.0.1:1/ivrapi.asp', fallbackUrl: '' }),
		helpers: {
			httpRequest: async ({ body }: { body: string | Buffer }) => {
				const text = body.toString();
				bodies.push(text);
				return Buffer.from(options.answer?.(text) ?? '<campaign errorid="0" comment="ok"/>');
			},
		},
	};
	return context as unknown as IExecuteFunctions & { bodies: string[] };
}
