/** `npm run simulator -- --port 8787 [flags]`: the simulator in a terminal. `--help` lists the flags. */
import { HELP, parseArguments, type Parsed } from './args';
import { commandLineArguments, onShutdown, setExitCode, writeError, writeLine } from './platform';
import { startSimulator } from './server';

function parse(args: string[]): Parsed {
	try {
		return parseArguments(args);
	} catch (error) {
		return { error: error instanceof Error ? error.message : String(error) };
	}
}

async function main(): Promise<void> {
	const parsed = parse(commandLineArguments());
	if ('help' in parsed) return writeLine(HELP);
	if ('error' in parsed) {
		writeError(parsed.error);
		setExitCode(2);
		return;
	}
	const sim = await startSimulator(parsed.options);
	writeLine(`VoiceShot simulator: POST ${sim.url}`);
	if (sim.primaryUrl) writeLine(`  primary (refusable) listener: ${sim.primaryUrl}`);
	writeLine(
		`  campaigns: ${[...sim.state.campaigns.keys()].join(', ')}; call delay: ${sim.config().callDelayMs ?? 'manual'}`,
	);
	writeLine(`  control API: ${sim.baseUrl}/_sim  (state: curl ${sim.baseUrl}/_sim/state)`);
	onShutdown(() => {
		writeLine('stopping');
		void sim.close();
	});
}

main().catch((error: unknown) => {
	writeError(error instanceof Error ? error.message : String(error));
	setExitCode(1);
});
