import { cleanupEngine } from '../../helpers/engine';
import { startHarness, type Harness } from './fixture';

/* Live Call → Reply: each Command sends its own fields and nothing a hidden field holds. */

let harness: Harness;
beforeAll(async () => {
	harness = await startHarness();
});
afterAll(async () => {
	await harness.sim.close();
	cleanupEngine();
});

/** Every field filled in, as an imported or older workflow may hold them next to a Command. */
const ALL_FIELDS = {
	goto: '6',
	tts: 'Thank you',
	filename: 'imsorry.wav',
	transferto: '8182238964',
	callerid: '8008049314',
	dtmf: '100',
};

async function reply(parameters: Record<string, unknown>) {
	const result = await harness.run({
		parameters: { resource: 'callCommand', operation: 'reply', ...parameters },
	});
	return {
		error: result.error?.message,
		xml: result.error ? undefined : result.json('VoiceShot')[0].callCommand,
		responses: result.sentResponses.map((response) => response.body),
	};
}

describe('Live Call → Reply: the Command choice', () => {
	it.each([
		['goto', '<prompt goto="6" tts="Thank you"/>'],
		['speak', '<prompt goto="6" tts="Thank you" transferto="8182238964"/>'],
		['play', '<prompt goto="6" filename="imsorry.wav"/>'],
		['transfer', '<prompt transferto="8182238964" callerid="8008049314"/>'],
		['tones', '<prompt goto="6" dtmf="100"/>'],
	])('%s sends only its own fields, hidden ones left out', async (command, xml) => {
		expect(await reply({ command, ...ALL_FIELDS })).toEqual({
			error: undefined,
			xml,
			responses: [xml],
		});
	});

	it.each([
		['goto', { goto: '2' }, '<prompt goto="2"/>'],
		['speak', { tts: 'Goodbye' }, '<prompt tts="Goodbye"/>'],
		['play', { filename: 'hello.wav' }, '<prompt filename="hello.wav"/>'],
		['transfer', { transferto: '8182238964' }, '<prompt transferto="8182238964"/>'],
		['tones', { dtmf: '1w2' }, '<prompt dtmf="1w2"/>'],
	])('%s with its optional fields empty', async (command, fields, xml) => {
		expect((await reply({ command, ...fields })).xml).toBe(xml);
	});

	it.each([
		['goto', 'Next Prompt', 'Go to Prompt'],
		['play', 'Sound File', 'Play Sound File'],
		['transfer', 'Transfer To', 'Transfer'],
		['tones', 'DTMF Tones', 'Send Tones'],
	])('%s without its field fails naming it, and answers nothing', async (command, label, name) => {
		const result = await reply({ command, tts: 'Thank you' });
		expect(result.error).toBe(`${label} is needed by Command "${name}" [item 0]`);
		expect(result.responses).toEqual([]);
	});

	it('Speak Text sends whichever of its fields an expression filled', async () => {
		expect(await reply({ goto: '3', tts: 'Order 42 ships Monday' })).toMatchObject({
			xml: '<prompt goto="3" tts="Order 42 ships Monday"/>',
		});
		expect(await reply({ tts: 'Connecting you', transferto: '8005550199' })).toMatchObject({
			xml: '<prompt tts="Connecting you" transferto="8005550199"/>',
		});
		expect(await reply({ tts: '={{ "" }}', transferto: '={{ "8005550199" }}' })).toMatchObject({
			xml: '<prompt transferto="8005550199"/>',
		});
	});

	it('Speak Text with none of its fields fails naming them, and answers nothing (never an empty command)', async () => {
		// a sound file, caller ID or tones are not Speak Text's: they do not count
		const result = await reply({ tts: '  ', filename: 'imsorry.wav', dtmf: '1' });
		expect(result.error).toBe(
			'Text to Speak is needed by Command "Speak Text", unless Next Prompt or Transfer To is given [item 0]',
		);
		expect(result.responses).toEqual([]);
	});

	it('an unknown Command from an expression fails naming it', async () => {
		const result = await reply({ command: '={{ "hangup" }}', goto: '2' });
		expect(result.error).toBe('Command "hangup" is not a command [item 0]');
	});
});
