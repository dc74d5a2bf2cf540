/**
 * The commands of the non-linear-network model kinds, by kind. A new kind adds one module here and
 * one entry below; `exact`, `simulate` and `compare` dispatch through this table.
 * @module
 */
import { mixedLinearCommands } from './mixed-linear.js';
import { scalarWidthCommands } from './scalar-width.js';
import { singleNeuronCommands } from './single-neuron.js';
import type { KindCommands } from './types.js';

export type { KindCommands, CommandOutput } from './types.js';

/** Commands by model kind (the linear kinds two-layer-linear and deep-linear are handled by the commands themselves). */
export const KIND_COMMANDS: Readonly<Record<string, KindCommands>> = {
  'mixed-linear': mixedLinearCommands as unknown as KindCommands,
  'scalar-width': scalarWidthCommands as unknown as KindCommands,
  'single-neuron': singleNeuronCommands as unknown as KindCommands,
};
