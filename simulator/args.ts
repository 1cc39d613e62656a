/** The CLI's flags → simulator options. */
import { ANSWERS } from './outcomes';
import { readTextFile } from './platform';
import type { Answer, CampaignConfig, OutcomeScript, SimulatorOptions } from './types';

export const HELP = `VoiceShot simulator: the IVR API on http://<host>:<port>/ivrapi.asp, control API under /_sim

  --port N                 main listener (default 8787); serves /ivrapi.asp and /_sim
  --primary-port N         a second /ivrapi.asp listener that the "refuse" fault closes (default: none)
  --host H                 default 127.0.0.1
  --campaign MENUID        a known campaign (repeatable, or comma-separated); default 1-1234
  --voice-campaign MENUID  a campaign for calls only: a text message to it gets errorid 19 (repeatable)
  --sms-campaign MENUID    a text-message campaign: a call to it gets errorid 19 (repeatable)
  --events-url URL         Call Events URL for every campaign
  --summary-url URL        Call Summary URL for every campaign
  --callback-user U        basic auth user for the callbacks
  --callback-password P    basic auth password for the callbacks
  --call-delay MS|manual   ms between a call's time and its completion (default 50); manual: only on POST /_sim/calls/complete
  --outcome KIND           default outcome: ${ANSWERS.join(', ')} (default human)
  --keypress PROMPT=KEYS   keys pressed at a prompt by default (repeatable), e.g. --keypress 1=2
  --voicemail              add a voicemail recording to answered calls
  --outcomes FILE.json     an outcome script {default, byNumber, byCallid, sequence}
  --registered-ip IP       only these callers are accepted (repeatable); others get errorid 1
  --login USER:PASSWORD    require <campaign username password> (errorid 1 otherwise)
  --require-callerid       errorid 9 for a voice send without a caller ID
  --query-hides-pending    the call query lists only calls dialing or finished (default: pending ones too)
  --tz-offset MINUTES      read dateandtime at this UTC offset (default: local time)
  --trust-forwarded-for    take the caller's address from X-Forwarded-For
  --quiet                  no log lines
  --help
`;

export type Parsed = { options: SimulatorOptions } | { help: true } | { error: string };

export function parseArguments(args: string[]): Parsed {
	const options: SimulatorOptions = { port: 8787, primaryPort: false, log: true };
	const campaigns: Array<string | CampaignConfig> = [];
	const callbacks: NonNullable<SimulatorOptions['callbacks']> = {};
	let answer: Answer | undefined;
	let script: OutcomeScript | undefined;
	const keypresses: Record<string, string> = {};
	let voicemail = false;
	for (let index = 0; index < args.length; index++) {
		const flag = args[index];
		const next = (): string | undefined => args[++index];
		const value = (): string => {
			const text = next();
			if (text === undefined) throw new Error(`${flag} needs a value`);
			return text;
		};
		const port = (): number => {
			const text = value();
			const number = Number(text);
			if (!Number.isInteger(number) || number < 0 || number > 65535)
				throw new Error(`${flag} needs a port number, got ${text}`);
			return number;
		};
		switch (flag) {
			case '--help':
			case '-h':
				return { help: true };
			case '--port':
				options.port = port();
				break;
			case '--primary-port':
				options.primaryPort = port();
				break;
			case '--host':
				options.host = value();
				break;
			case '--campaign':
			case '--campaigns':
				campaigns.push(
					...value()
						.split(',')
						.map((menuid) => menuid.trim())
						.filter(Boolean),
				);
				break;
			case '--voice-campaign':
				campaigns.push({ menuid: value(), channel: 'voice' });
				break;
			case '--sms-campaign':
				campaigns.push({ menuid: value(), channel: 'sms' });
				break;
			case '--events-url':
				callbacks.eventsUrl = value();
				break;
			case '--summary-url':
				callbacks.summaryUrl = value();
				break;
			case '--callback-user':
				callbacks.username = value();
				break;
			case '--callback-password':
				callbacks.password = value();
				break;
			case '--call-delay': {
				const text = value();
				if (text === 'manual') options.callDelayMs = null;
				else if (/^[0-9]+$/.test(text)) options.callDelayMs = Number(text);
				else throw new Error(`--call-delay takes milliseconds or "manual", got ${text}`);
				break;
			}
			case '--outcome': {
				const text = value() as Answer;
				if (!ANSWERS.includes(text))
					throw new Error(`--outcome takes ${ANSWERS.join(', ')}, got ${text}`);
				answer = text;
				break;
			}
			case '--keypress': {
				const match = /^([^=]+)=(.*)$/.exec(value());
				if (!match) throw new Error('--keypress takes PROMPTID=KEYS, e.g. 1=2');
				keypresses[match[1]] = match[2];
				break;
			}
			case '--voicemail':
				voicemail = true;
				break;
			case '--outcomes':
				script = JSON.parse(readTextFile(value())) as OutcomeScript;
				break;
			case '--registered-ip':
				options.registeredIps = [...(options.registeredIps ?? []), value()];
				break;
			case '--login': {
				const text = value();
				const colon = text.indexOf(':');
				if (colon < 1) throw new Error('--login takes USER:PASSWORD');
				options.login = { username: text.slice(0, colon), password: text.slice(colon + 1) };
				break;
			}
			case '--require-callerid':
				options.requireCallerId = true;
				break;
			case '--query-hides-pending':
				options.queryListsPending = false;
				break;
			case '--tz-offset': {
				const text = value();
				if (!/^-?[0-9]+$/.test(text)) throw new Error(`--tz-offset takes minutes, got ${text}`);
				options.timezoneOffsetMinutes = Number(text);
				break;
			}
			case '--trust-forwarded-for':
				options.trustForwardedFor = true;
				break;
			case '--quiet':
				options.log = false;
				break;
			default:
				throw new Error(`unknown flag ${flag} (try --help)`);
		}
	}
	if (campaigns.length) options.campaigns = campaigns;
	if (Object.keys(callbacks).length) options.callbacks = callbacks;
	if (script || answer || voicemail || Object.keys(keypresses).length) {
		const base = script ?? {};
		options.outcomes = {
			...base,
			default: {
				...base.default,
				...(answer ? { answer } : {}),
				...(Object.keys(keypresses).length ? { keypresses } : {}),
				...(voicemail ? { recording: true } : {}),
			},
		};
	}
	return { options };
}
