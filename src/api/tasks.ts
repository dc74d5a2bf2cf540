/**
 * Tasks: what is learned. Whitened linear regression tasks given by Σ_yx, tasks from data with
 * optional PCA/ZCA whitening, random low-rank and Gaussian regression tasks, the hierarchical
 * semantic task, reversal (Dominé et al. 2025, spec §1, §5); the noisy low-rank matrix task of Tu et
 * al. 2024 (spec §A.1); the cognitive tasks 2AF/DMS/CXT and sequential images of Liu et al. 2024.
 *
 * @example
 * import { tasks } from 'lazyrich';
 * Array.from(tasks.taskSvd(tasks.semanticTask()).s); // → [1, 1, 0.7071, 0.7071, 0.5, 0.5, 0.5, 0.5]
 *
 * @module
 */
export type { LinearTask, DataTask, TaskSvd, WhiteningKind, WhiteningReport } from '../tasks/types.js';
export {
  whitenedTask,
  taskFromData,
  randomLowRankTask,
  gaussianRegressionTask,
  semanticTask,
  reversedTask,
  taskLoss,
  SEMANTIC_ITEMS_BY_FEATURES,
  SEMANTIC_ITEM_LABELS,
  SEMANTIC_FEATURE_LABELS,
  type SemanticTask,
  type TaskFromDataOptions,
  type RandomLowRankTaskOptions,
  type GaussianRegressionTaskOptions,
} from '../tasks/tasks.js';
export { whiteningReport, requireWhitened, DEFAULT_WHITENING_TOLERANCE } from '../tasks/whitening.js';
export { taskSvd } from '../tasks/svd.js';
export { noisyLowRankTask, matrixTask, trainError, testError, matrixCost, type NoisyLowRankTask, type NoisyLowRankTaskOptions } from '../tasks/noisy-low-rank.js';
export {
  type SequenceBatch,
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
  sequentialImageBatch,
  randomImageBatch,
  type ImageSet,
} from '../tasks/cognitive/index.js';
