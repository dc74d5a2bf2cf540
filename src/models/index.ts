/**
 * Linear-network models: two-layer and deep linear networks, their loss on a task, exact
 * gradients (full-batch and mini-batch) and the balance quantities (Dominé et al. 2025, §1–§2).
 *
 * @module
 */
export type { TwoLayerWeights, DeepLinearWeights, LinearWeights, Trajectory, TrajectoryProvenance } from './types.js';
export {
  layersOf,
  layerWidths,
  isExactIdentity,
  checkTaskFits,
  LinearGradientWorkspace,
  networkFunction,
  linearForward,
  twoLayerForward,
  linearGradients,
  deepLinearGradients,
  linearLoss,
  deepLinearLoss,
  twoLayerLoss,
  twoLayerGradients,
  batchGradients,
  batchLoss,
  consecutiveBalances,
  balanceDriftPerStep,
  type BackendChoice,
  type LinearGradients,
  type TwoLayerGradients,
} from './linear-network.js';
export {
  scalarWidthInit,
  scalarWidthSlope,
  scalarWidthLoss,
  scalarWidthNtk,
  scalarWidthZeta,
  scalarWidthInvariants,
  scalarWidthVelocity,
  rescaledNorms,
  validateScalarWidthParams,
  validateScalarWidthTask,
  validateScalarWidthWeights,
  type ScalarWidthParams,
  type ScalarWidthTask,
  type ScalarWidthWeights,
  type ScalarWidthInitOptions,
} from './scalar-width.js';
