/**
 * Cognitive tasks for recurrent networks (Liu et al., ICLR 2024; spec `connectivity.md` §1.2):
 * neurogym 2AF / DMS / CXT generators and sequential image batches.
 * @module
 */
export type { SequenceBatch } from './types.js';
export {
  neurogymBatch,
  neurogymProbeSet,
  neurogymInputSize,
  concatBatches,
  firstTrials,
  NEUROGYM_STEPS,
  NEUROGYM_NOISE_STD,
  COHERENCES_2AF,
  COHERENCES_CXT,
  type NeurogymTaskName,
} from './neurogym.js';
export { sequentialImageBatch, randomImageBatch, type ImageSet } from './sequential-images.js';
