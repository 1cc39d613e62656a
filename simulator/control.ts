/** The small JSON control API under /_sim on the main listener: state, faults, outcomes, inbound traffic, reset. */
import type { InboundCallSpec, InboundSmsSpec } from './calls';
import { readFault } from './faults';
import type { ServerResponse } from './platform';
import type { Simulator, SimulatorConfig } from './server';
import type { CallFilter } from './state';
import type { CallStatus, CampaignConfig, OutcomeScript } from './types';

export const CONTROL_ROUTES: Record<string, string> = {
	'GET /_sim': 'this list',
	'GET /_sim/state[?calls=false]':
		'everything: config, campaigns, calls, files, requests, callbacks, faults, outcomes',
	'GET /_sim/calls[?menuid=&callid=&number=&status=&direction=&id=]': 'calls matching the query',
	'GET /_sim/requests[?since=<id>]': 'requests received at /ivrapi.asp (body, errorid, fault)',
	'GET /_sim/callbacks[?since=<id>]':
		'posts made to the Call Events and Call Summary URLs (xml, auth, reply)',
	'GET /_sim/files': 'uploaded sound files; GET /_sim/files/<name> returns the bytes',
	'GET|PUT /_sim/config':
		'callDelayMs (number or null = manual), registeredIps, login, requireCallerId, queryListsPending, trustForwardedFor, timezoneOffsetMinutes, callbacks',
	'POST /_sim/campaigns':
		'{menuid, eventsUrl?, summaryUrl?, username?, password?}: add or update a campaign',
	'DELETE /_sim/campaigns/<menuid>': 'forget a campaign (its menuid then gets errorid 19)',
	'GET|POST|DELETE /_sim/faults':
		'list, add ({type, ...}), clear all; DELETE /_sim/faults/<id> removes one',
	'GET|PUT /_sim/outcomes': 'the outcome script {default, byNumber, byCallid, sequence}',
	'POST /_sim/calls/dial': '{menuid?, callid?, number?, id?, force?}: pending → dialing',
	'POST /_sim/calls/complete':
		'{menuid?, callid?, number?, id?, force?}: complete now, callbacks included',
	'POST /_sim/inbound/call':
		'{menuid?, callerid?, dnis?, callid?, prompts?, keypresses?, durationSeconds?, recording?}',
	'POST /_sim/inbound/sms': '{menuid?, callerid?, txt, callid?}',
	'POST /_sim/test-post': '{menuid, target: "events"|"summary"}: what the Test button sends',
	'POST /_sim/reset': 'back to how it started',
};

function send(response: ServerResponse, status: number, value: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(value, null, 2) + '\n');
}

function readJson(body: Buffer): { value: Record<string, unknown> } | { error: string } {
	const text = body.toString('utf8').trim();
	if (text === '') return { value: {} };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return {
			error: `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
		};
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return { error: 'the body must be a JSON object' };
	return { value: value as Record<string, unknown> };
}

const STATUSES = new Set(['pending', 'dialing', 'completed', 'deleted']);

function filterOf(source: Record<string, unknown>): CallFilter | string {
	const filter: CallFilter = {};
	for (const key of ['menuid', 'callid', 'number', 'id'] as const) {
		const value = source[key];
		if (value === undefined || value === null) continue;
		if (typeof value !== 'string') return `"${key}" must be a string`;
		filter[key] = value;
	}
	if (source.status !== undefined) {
		const statuses = String(source.status).split(',');
		if (!statuses.every((status) => STATUSES.has(status)))
			return '"status" must be pending, dialing, completed or deleted';
		filter.status = statuses as CallStatus[];
	}
	if (source.direction !== undefined) {
		if (source.direction !== 'outbound' && source.direction !== 'inbound')
			return '"direction" must be outbound or inbound';
		filter.direction = source.direction;
	}
	return filter;
}

function since<T extends { id: number }>(entries: T[], query: URLSearchParams): T[] {
	const from = Number(query.get('since') ?? 0);
	return Number.isFinite(from) && from > 0 ? entries.filter((entry) => entry.id > from) : entries;
}

const CONFIG_KEYS = new Set([
	'callDelayMs',
	'registeredIps',
	'login',
	'requireCallerId',
	'queryListsPending',
	'trustForwardedFor',
	'timezoneOffsetMinutes',
	'callbacks',
]);

function configOf(input: Record<string, unknown>): Partial<SimulatorConfig> | string {
	for (const key of Object.keys(input))
		if (!CONFIG_KEYS.has(key)) return `unknown config key "${key}"`;
	const delay = input.callDelayMs;
	if (
		delay !== undefined &&
		delay !== null &&
		delay !== 'manual' &&
		!(typeof delay === 'number' && delay >= 0)
	) {
		return '"callDelayMs" must be a number ≥ 0, null or "manual"';
	}
	if (
		input.registeredIps !== undefined &&
		!(
			Array.isArray(input.registeredIps) &&
			input.registeredIps.every((ip) => typeof ip === 'string')
		)
	) {
		return '"registeredIps" must be a list of strings';
	}
	const login = input.login as Record<string, unknown> | null | undefined;
	if (
		login !== undefined &&
		login !== null &&
		(typeof login.username !== 'string' || typeof login.password !== 'string')
	) {
		return '"login" must be {username, password} or null';
	}
	if (
		input.callbacks !== undefined &&
		(typeof input.callbacks !== 'object' || input.callbacks === null)
	)
		return '"callbacks" must be an object';
	for (const key of ['requireCallerId', 'queryListsPending', 'trustForwardedFor'])
		if (input[key] !== undefined && typeof input[key] !== 'boolean')
			return `"${key}" must be true or false`;
	const changes = { ...input } as Partial<SimulatorConfig> & Record<string, unknown>;
	if (delay === 'manual') changes.callDelayMs = null;
	if (login === null) changes.login = undefined;
	return changes;
}

/** Serves one control request. */
export async function handleControl(
	sim: Simulator,
	method: string,
	rawUrl: string,
	body: Buffer,
	response: ServerResponse,
): Promise<void> {
	const url = new URL(rawUrl, 'http://simulator');
	const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
	const route = `${method} /${parts[0] ?? ''}`;
	const json = method === 'POST' || method === 'PUT' ? readJson(body) : { value: {} };
	if ('error' in json) return send(response, 400, { error: json.error });
	const input = json.value;
	switch (route) {
		case 'GET /':
			return send(response, 200, {
				url: sim.url,
				primaryUrl: sim.primaryUrl,
				routes: CONTROL_ROUTES,
			});
		case 'GET /state':
			return send(
				response,
				200,
				sim.snapshot({ calls: url.searchParams.get('calls') !== 'false' }),
			);
		case 'GET /calls': {
			const filter = filterOf(Object.fromEntries(url.searchParams));
			if (typeof filter === 'string') return send(response, 400, { error: filter });
			return send(response, 200, sim.calls(filter));
		}
		case 'GET /requests':
			return send(response, 200, since(sim.state.requests, url.searchParams));
		case 'GET /callbacks':
			return send(response, 200, since(sim.state.callbacks, url.searchParams));
		case 'GET /files': {
			if (parts[1] !== undefined) {
				const file = sim.state.files.get(parts[1].toLowerCase());
				if (!file) return send(response, 404, { error: `no file ${parts[1]}` });
				response.writeHead(200, { 'content-type': 'audio/wav' });
				response.end(file.bytes);
				return;
			}
			return send(response, 200, sim.snapshot({ calls: false }).files);
		}
		case 'GET /config':
			return send(response, 200, sim.snapshot({ calls: false }).config);
		case 'PUT /config': {
			const changes = configOf(input);
			if (typeof changes === 'string') return send(response, 400, { error: changes });
			sim.configure(changes);
			return send(response, 200, sim.snapshot({ calls: false }).config);
		}
		case 'POST /campaigns': {
			if (typeof input.menuid !== 'string' || input.menuid === '')
				return send(response, 400, { error: '"menuid" is required' });
			sim.addCampaign(input as unknown as CampaignConfig);
			return send(response, 200, sim.snapshot({ calls: false }).campaigns);
		}
		case 'DELETE /campaigns':
			if (parts[1] === undefined)
				return send(response, 400, { error: 'DELETE /_sim/campaigns/<menuid>' });
			return send(response, sim.removeCampaign(parts[1]) ? 200 : 404, { removed: parts[1] });
		case 'GET /faults':
			return send(response, 200, sim.snapshot({ calls: false }).faults);
		case 'POST /faults': {
			const fault = readFault(input);
			if (typeof fault === 'string') return send(response, 400, { error: fault });
			return send(response, 200, await sim.setFault(fault));
		}
		case 'DELETE /faults':
			if (parts[1] !== undefined)
				return send(response, (await sim.removeFault(Number(parts[1]))) ? 200 : 404, {
					removed: parts[1],
				});
			await sim.clearFaults();
			return send(response, 200, []);
		case 'GET /outcomes':
			return send(response, 200, sim.outcomes.get());
		case 'PUT /outcomes':
			sim.setOutcomes(input as OutcomeScript);
			return send(response, 200, sim.outcomes.get());
		case 'POST /calls': {
			const filter = filterOf(input);
			if (typeof filter === 'string') return send(response, 400, { error: filter });
			const force = input.force === true;
			if (parts[1] === 'dial') return send(response, 200, sim.dial(filter, force));
			if (parts[1] === 'complete') return send(response, 200, await sim.complete(filter, force));
			return send(response, 404, { error: 'POST /_sim/calls/dial or /_sim/calls/complete' });
		}
		case 'POST /inbound': {
			if (parts[1] === 'call')
				return send(response, 200, await sim.inboundCall(input as InboundCallSpec));
			if (parts[1] === 'sms') {
				if (typeof input.txt !== 'string')
					return send(response, 400, { error: '"txt" is required' });
				return send(response, 200, await sim.inboundSms(input as unknown as InboundSmsSpec));
			}
			return send(response, 404, { error: 'POST /_sim/inbound/call or /_sim/inbound/sms' });
		}
		case 'POST /test-post': {
			const target =
				input.target === 'summary' ? 'summary' : input.target === 'events' ? 'events' : undefined;
			if (typeof input.menuid !== 'string' || !target)
				return send(response, 400, { error: '{menuid, target: "events"|"summary"}' });
			const entry = await sim.testPost(input.menuid, target);
			return send(
				response,
				entry ? 200 : 409,
				entry ?? { error: `no ${target} URL is set for ${input.menuid}` },
			);
		}
		case 'POST /reset':
			await sim.reset();
			return send(response, 200, { reset: true });
		default:
			return send(response, 404, {
				error: `no route ${method} ${url.pathname}`,
				routes: CONTROL_ROUTES,
			});
	}
}
