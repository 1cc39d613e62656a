/**
 * A local VoiceShot: the whole IVR API on loopback, with its callbacks and injectable faults.
 * Development tool only: not published, never imported by the node code.
 */
export {
	startSimulator,
	API_PATH,
	CONTROL_PREFIX,
	type Simulator,
	type SimulatorConfig,
	type SimSnapshot,
} from './server';
export type { InboundCallSpec, InboundSmsSpec } from './calls';
export type { ActiveFault } from './faults';
export type { CallFilter, SimState, CampaignState } from './state';
export { ERROR_COMMENTS } from './validate';
export { silentWav, wavFile } from './wav';
export type * from './types';
