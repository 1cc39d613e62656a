/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling, never published: it prepares a local n8n */
/**
 * The example workflows of `examples/` and what they need to run against the simulator in a
 * local n8n: the credentials pointing at the simulator, the CSV where the spreadsheet workflow
 * reads it, the simulator's campaign posting to the trigger workflows' production URLs.
 * Shared by `npm start` and the end-to-end suite, so that both run exactly what users import.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CampaignConfig, OutcomeScript } from '../../simulator';
import type { Importable, N8nInstance } from './instance';
import { REPO_ROOT } from './provision';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** The folder the examples read and write files in, as written in them: n8n's default `~/.n8n-files` in its Docker image. */
export const EXAMPLE_FILES_ROOT = '/home/node/.n8n-files';

/** The credentials every example references. */
export const CREDENTIAL = {
	id: 'vsSimulatorCred1',
	name: 'VoiceShot account',
	type: 'voiceShotApi',
} as const;

/** The credential of the example triggers: the login VoiceShot sends with its posts. */
export const CALLBACK_CREDENTIAL = {
	id: 'vsSimulatorLogin1',
	name: 'VoiceShot callback login',
	type: 'voiceShotCallbackLoginApi',
} as const;

/** The simulator's campaign: the Default Menu ID of the credentials. */
export const MENU_ID = '1-1234';
/** The simulator's text-message campaign: the Default SMS Menu ID of the credentials. */
export const SMS_MENU_ID = '2-5678';
export const CALLER_ID = '8005550100';

/** Basic auth between the simulator's callbacks and the triggers (local test data only). */
export const CALLBACK_LOGIN = {
	username: 'voiceshot',
	password: 'dummy-callback-password',
} as const;

/** The trigger's webhook path (its node description: `path: 'voiceshot'`, not a full path). */
const TRIGGER_PATH = 'voiceshot';

export const EXAMPLES = {
	spreadsheet: {
		file: 'calls-from-a-spreadsheet.json',
		id: 'vsExampleSheet01',
		manualTrigger: "When clicking 'Execute workflow'",
	},
	summaries: {
		file: 'call-summaries.json',
		id: 'vsExampleSumry01',
		webhookId: 'voiceshot-call-summaries',
	},
	ivr: { file: 'live-ivr.json', id: 'vsExampleIvr0001', webhookId: 'voiceshot-live-ivr' },
	agent: { file: 'ai-agent-places-calls.json', id: 'vsExampleAgent01' },
	onCall: {
		file: 'on-call-escalation.json',
		id: 'vsExampleOnCall1',
		manualTrigger: "When clicking 'Execute workflow'",
		webhookPath: 'on-call-alert',
	},
} as const;

export type ExampleName = keyof typeof EXAMPLES;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
	/** n8n's node setting On Error, when not the default (stop the workflow) */
	onError?: string;
}

export interface Workflow extends Importable {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
}

/** An example workflow as shipped. */
export function loadExample(name: ExampleName): Workflow {
	return JSON.parse(readFileSync(join(EXAMPLES_DIR, EXAMPLES[name].file), 'utf8')) as Workflow;
}

export function loadAllExamples(): Workflow[] {
	return (Object.keys(EXAMPLES) as ExampleName[]).map(loadExample);
}

/** The example's file paths moved from `EXAMPLE_FILES_ROOT` into `filesDir` (the instance's allowed folder). */
export function localize<T>(value: T, filesDir: string): T {
	if (typeof value === 'string') return value.split(EXAMPLE_FILES_ROOT).join(filesDir) as T;
	if (Array.isArray(value)) return value.map((entry: unknown) => localize(entry, filesDir)) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, localize(entry, filesDir)]),
		) as T;
	}
	return value;
}

/** Production URL of an example trigger workflow on an n8n at `baseUrl`. */
export function triggerUrl(baseUrl: string, name: 'summaries' | 'ivr'): string {
	return `${baseUrl}/webhook/${EXAMPLES[name].webhookId}/${TRIGGER_PATH}`;
}

/** The simulator's campaign: summaries to the summaries example, keypress events to the IVR example. */
export function simulatorCampaign(n8nBaseUrl: string): CampaignConfig {
	return {
		menuid: MENU_ID,
		channel: 'voice',
		summaryUrl: triggerUrl(n8nBaseUrl, 'summaries'),
		eventsUrl: triggerUrl(n8nBaseUrl, 'ivr'),
		username: CALLBACK_LOGIN.username,
		password: CALLBACK_LOGIN.password,
	};
}

/** The campaigns the examples' credential names (Default Menu ID, Default SMS Menu ID), without callbacks. */
export const CREDENTIAL_CAMPAIGNS: CampaignConfig[] = [
	{ menuid: MENU_ID, channel: 'voice' },
	{ menuid: SMS_MENU_ID, channel: 'sms' },
];

/**
 * The simulator's campaigns: the voice one, and a text-message one (the Default SMS Menu ID) to
 * which a call is refused, as a text to the voice one is, as VoiceShot would.
 */
export function simulatorCampaigns(n8nBaseUrl: string): CampaignConfig[] {
	const voice = simulatorCampaign(n8nBaseUrl);
	return [voice, { ...voice, menuid: SMS_MENU_ID, channel: 'sms' }];
}

/** How each contact of `examples/contacts.csv` answers (`examples/simulator-outcomes.json`). */
export function exampleOutcomes(): OutcomeScript {
	return JSON.parse(
		readFileSync(join(EXAMPLES_DIR, 'simulator-outcomes.json'), 'utf8'),
	) as OutcomeScript;
}

/**
 * The credentials of the examples, pointing at a simulator's API URL. The fallback is the same
 * loopback URL, not empty: an empty field may be shown (and saved back) as VoiceShot's real
 * fallback, and nothing may leave 127.0.0.1 when the simulator is down.
 */
export function simulatorCredential(apiUrl: string) {
	return {
		...CREDENTIAL,
		data: {
			apiUrl,
			fallbackUrl: apiUrl,
			username: '',
			password: '',
			defaultMenuId: MENU_ID,
			defaultSmsMenuId: SMS_MENU_ID,
			defaultCallerId: CALLER_ID,
		},
	};
}

/** The example triggers' callback login: what the simulator's campaign sends. */
export function simulatorCallbackCredential() {
	return { ...CALLBACK_CREDENTIAL, data: { ...CALLBACK_LOGIN } };
}

/** Places `examples/contacts.csv` where the localized spreadsheet example reads it. */
export function placeExampleFiles(filesDir: string): void {
	mkdirSync(join(filesDir, 'voiceshot', 'voicemail'), { recursive: true });
	copyFileSync(join(EXAMPLES_DIR, 'contacts.csv'), join(filesDir, 'voiceshot', 'contacts.csv'));
}

export interface ImportOptions {
	/** the folder n8n may read and write (N8N_RESTRICT_FILE_ACCESS_TO) */
	filesDir: string;
	/** the simulator's `/ivrapi.asp` URL */
	apiUrl: string;
	/** import the example workflows too (else only the credentials) */
	workflows?: boolean;
	/** more workflows to import alongside (tests) */
	extraWorkflows?: Workflow[];
	/** changes a workflow before it is imported (tests that must not depend on the time of day) */
	adapt?: (workflow: Workflow) => Workflow;
}

/**
 * While n8n is stopped: imports the credentials (pointing at the simulator) and the example
 * workflows (file paths localized), activates the two trigger workflows, and copies the CSV.
 */
export async function importExamples(
	n8n: N8nInstance,
	options: ImportOptions,
): Promise<Workflow[]> {
	placeExampleFiles(options.filesDir);
	await n8n.importCredentials([simulatorCredential(options.apiUrl), simulatorCallbackCredential()]);
	if (options.workflows === false) return [];
	const workflows = [...loadAllExamples(), ...(options.extraWorkflows ?? [])].map((workflow) =>
		localize(options.adapt?.(workflow) ?? workflow, options.filesDir),
	);
	await n8n.importWorkflows(workflows);
	await n8n.publishWorkflow(EXAMPLES.summaries.id);
	await n8n.publishWorkflow(EXAMPLES.ivr.id);
	return workflows;
}
