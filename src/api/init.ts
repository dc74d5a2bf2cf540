/**
 * Initialisations: a recipe turns options and an explicit random stream into weights. The
 * λ-balanced construction for every shape and λ, the task-aligned init, explicit weights, Gaussian /
 * LeCun / Glorot / He inits with their large-width λ, measuring the balance of a pair and
 * rebalancing at a fixed network function (Dominé et al. 2025, spec §2, §3.7, App. A.3); and the
 * rank-controlled and cell-type recurrent connectivity of Liu et al. 2024 (spec connectivity §2).
 *
 * @example
 * import { init, random } from 'lazyrich';
 * const w = init.lambdaBalancedInit({ lambda: 2, ni: 5, nh: 3, no: 3, scale: 0.1, stream: random.createRandom(0, 'init') });
 * Math.round(init.measureBalance(w.W1, w.W2).lambda * 1e9) / 1e9; // → 2
 *
 * @module
 */
export {
  lambdaBalancedInit,
  taskAlignedInit,
  rebalance,
  balancedFactors,
  type LambdaBalancedInitOptions,
  type LambdaBalancedWeights,
  type TaskAlignedWeights,
} from '../init/balanced.js';
export {
  gaussianInit,
  lecunInit,
  standardInit,
  standardStds,
  expectedLambda,
  type StandardInitKind,
  type RandomInitWeights,
} from '../init/standard.js';
export { explicitInit, measureBalance, type BalanceMeasurement } from '../init/explicit.js';
export * from '../init/connectivity/index.js';
