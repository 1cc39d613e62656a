/** Which outcome each call gets, and what VoiceShot reports for it. */
import type { Answer, OutcomeScript, OutcomeSpec, SimCall } from './types';

export class Outcomes {
	private script: OutcomeScript = {};
	private next = 0;

	constructor(script?: OutcomeScript) {
		if (script) this.set(script);
	}

	set(script: OutcomeScript): void {
		this.script = script;
		this.next = 0;
	}

	get(): OutcomeScript {
		return this.script;
	}

	/** byCallid, byNumber, the next of the sequence, the default, else a human answer. */
	resolve(call: SimCall): OutcomeSpec {
		const { byCallid, byNumber, sequence } = this.script;
		if (call.callid !== '' && byCallid?.[call.callid]) return byCallid[call.callid];
		if (byNumber?.[call.number]) return byNumber[call.number];
		if (sequence && this.next < sequence.length) return sequence[this.next++];
		return this.script.default ?? { answer: 'human' };
	}
}

export const ANSWERS: readonly Answer[] = ['human', 'machine', 'busy', 'noanswer', 'failed'];

/**
 * status and comment of a finished call. VoiceShot documents `Successful` with `Human Answer` or
 * `Answering Machine`; `Busy`, `No Answer`, `Operator Intercept` come from integrations.
 * `Unsuccessful` for calls that did not connect is the simulator's choice.
 */
export function reportOf(
	answer: Answer,
	channel: 'voice' | 'sms',
): { status: string; comment: string; answered: boolean } {
	if (channel === 'sms') {
		return answer === 'failed' || answer === 'busy' || answer === 'noanswer'
			? { status: 'Unsuccessful', comment: 'Failed', answered: false }
			: { status: 'Successful', comment: '', answered: true };
	}
	switch (answer) {
		case 'human':
			return { status: 'Successful', comment: 'Human Answer', answered: true };
		case 'machine':
			return { status: 'Successful', comment: 'Answering Machine', answered: true };
		case 'busy':
			return { status: 'Unsuccessful', comment: 'Busy', answered: false };
		case 'noanswer':
			return { status: 'Unsuccessful', comment: 'No Answer', answered: false };
		case 'failed':
			return { status: 'Unsuccessful', comment: 'Operator Intercept', answered: false };
	}
}

export function defaultDuration(answer: Answer): number {
	return answer === 'human' ? 15 : answer === 'machine' ? 20 : 0;
}
