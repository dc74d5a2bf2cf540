/**
 * Exact learning dynamics of two-layer linear networks under λ-balanced initialisation (Dominé et
 * al., ICLR 2025, "From Lazy to Rich"; spec `lazy-to-rich.md` §3): the closed-form eigendecomposition
 * of F (§3.2), B-singularity and regime diagnostics (§3.3, §3.5), the stable closed form QQᵀ(t)
 * (§3.4) and the unstable Fukumizu form as a cross-check (§3.1).
 *
 * @example
 * import { theory, tasks, init, linalg, random } from 'lazyrich';
 * const task = tasks.whitenedTask(linalg.Matrix.from([[2, 0.5], [0.1, 1]]));
 * const { W1, W2 } = init.lambdaBalancedInit({ lambda: -1.5, ni: 2, no: 2, scale: 0.2, stream: random.createRandom(7, 'init') });
 * const sol = theory.lazyToRich.exactSolution(task, { W1, W2 });
 * sol.at(5).W.shape; // → [2, 2] (W₂W₁ at t/τ = 5)
 * linalg.relativeError(sol.at(1e3).W, task.sigmaYX) < 1e-8; // → true (converged to Σ_yx)
 *
 * @module
 */
export type {
  ExactDiagnostics,
  ExactSolution,
  ExactSolutionOptions,
  ExactState,
  Regime,
  ShapeClass,
} from './types.js';
export {
  spectralFactors,
  fEigendecomposition,
  riccatiMatrix,
  type SpectralFactors,
  type FEigendecomposition,
  type TaskBasis,
} from './eigen-f.js';
export {
  diagnoseExact,
  delayedRichRate,
  classifyRegime,
  DEFAULT_BALANCE_TOLERANCE,
  DEFAULT_SINGULAR_TOLERANCE,
  RICH_RATIO,
  LAZY_RATIO,
} from './diagnostics.js';
export { exactSolution } from './qqt.js';
export { fukumizuQQt, FUKUMIZU_MAX_EXPONENT } from './fukumizu.js';
// Aligned per-mode solution, Saxe et al. 2014, limits and representations (engineer "aligned+metrics").
export {
  alignedModeFactors,
  alignedModeValue,
  alignedModeValues,
  alignedModeOde,
  alignedTrajectory,
  transitionFunction,
  type AlignedState,
  type AlignedModeOdeOptions,
} from './aligned.js';
export { saxeModeValue, saxeTimeToReach, saxeDeepModeValues, shallowReference, type SaxeDeepOptions } from './saxe.js';
export { largeLambdaDirection, largeLambdaLimit, sigmoidTransition, exponentialTransition } from './limits.js';
export {
  gramsFromW,
  qqtFromW,
  weightsFromW,
  convergedRepresentations,
  largeLambdaRepresentations,
  wOnlyFlow,
  type GramPair,
  type WOnlyFlowOptions,
} from './representations.js';
