/**
 * Initialisations of two-layer linear networks (Dominé et al., ICLR 2025, "From Lazy to Rich"; spec
 * `lazy-to-rich.md` §2, §3.7, App. A.3): the λ-balanced construction for every shape and λ, the
 * task-aligned init, explicit weights, Gaussian / LeCun / Glorot / He inits with their large-width λ,
 * measuring the balance of any pair and rebalancing at a fixed network function.
 *
 * @example
 * import { lambdaBalancedInit, measureBalance } from './init/index.js';
 * const init = lambdaBalancedInit({ lambda: 2, ni: 5, no: 3, scale: 0.1, stream: createRandom(0, 'init') });
 * measureBalance(init.W1, init.W2).lambda; // → 2
 *
 * @module
 */
export {
  lambdaBalancedInit,
  taskAlignedInit,
  rebalance,
  balancedFactors,
  checkBalancedShape,
  type LambdaBalancedInitOptions,
  type LambdaBalancedWeights,
  type TaskAlignedWeights,
} from './balanced.js';
export {
  gaussianInit,
  lecunInit,
  standardInit,
  standardStds,
  expectedLambda,
  type StandardInitKind,
  type RandomInitWeights,
} from './standard.js';
export { explicitInit, measureBalance, type BalanceMeasurement } from './explicit.js';
export * from './connectivity/index.js';
