import { VoiceShotXmlError } from '../../nodes/shared/xml';

const NOTHING = Symbol('nothing thrown');

/** What `run` throws, which must be the codec's typed error; anything else (a value, another error) fails the test. */
export function refusal(run: () => unknown): VoiceShotXmlError {
	let caught: unknown = NOTHING;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	if (caught instanceof VoiceShotXmlError) return caught;
	throw new Error(
		caught === NOTHING
			? 'expected a VoiceShotXmlError, got a value'
			: `expected a VoiceShotXmlError, got ${String(caught)}`,
	);
}
