/**
 * Linear regression tasks for the exact learning dynamics of linear networks (Dominé et al., ICLR
 * 2025, "From Lazy to Rich"; spec `lazy-to-rich.md` §1, §5): whitened tasks given by Σ_yx, tasks from
 * data with optional PCA/ZCA whitening, random low-rank and Gaussian regression tasks, the
 * hierarchical semantic task, reversal, the task SVD and the loss.
 *
 * @example
 * import { semanticTask, taskSvd } from './tasks/index.js';
 * taskSvd(semanticTask()).s; // → [1, 1, 0.7071, 0.7071, 0.5, 0.5, 0.5, 0.5]
 *
 * @module
 */
export type { LinearTask, DataTask, TaskSvd, WhiteningKind, WhiteningReport } from './types.js';
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
} from './tasks.js';
export { whiteningReport, requireWhitened, DEFAULT_WHITENING_TOLERANCE } from './whitening.js';
export { taskSvd } from './svd.js';
export * from './cognitive/index.js';
export { noisyLowRankTask, matrixTask, trainError, testError, matrixCost, type NoisyLowRankTask, type NoisyLowRankTaskOptions } from './noisy-low-rank.js';
