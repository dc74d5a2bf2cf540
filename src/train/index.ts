/**
 * Training linear networks: full-batch gradient descent, mini-batch SGD and gradient flow (adaptive
 * DOP853), all returning a {@link Trajectory} with time in units of τ (t/τ = k·η; Dominé et al.
 * 2025, §1).
 *
 * @module
 */
export type { Trajectory, TrajectoryProvenance } from '../models/types.js';
export { trainGradientDescent, type GradientDescentOptions } from './gd.js';
export { trainSgd, type SgdOptions } from './sgd.js';
export { gradientFlow, FLOW_DEFAULT_RTOL, FLOW_DEFAULT_ATOL, type GradientFlowOptions } from './flow.js';
export { gdStabilityEstimate, type GdStabilityEstimate } from './stability.js';
export type { LearningRateOptions, RecordOptions } from './options.js';
export { trainMixedGd, type MixedGdOptions, type MixedGdRun } from './mixed-gd.js';
export {
  scalarWidthFlow,
  scalarWidthGd,
  type ScalarWidthRun,
  type ScalarWidthFlowOptions,
  type ScalarWidthGdOptions,
} from './scalar-width.js';
