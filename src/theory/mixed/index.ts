/**
 * Mixed dynamics of shallow linear networks (Tu, Aranguri & Jacot, NeurIPS 2024; spec
 * `mixed-and-three-mechanisms.md` Part A and §C): the scalar mixed kernel and its closed-form hitting
 * time, the self-consistent dynamics (1) (per-entry form; Euler and adaptive), its lazy, balanced and
 * aligned solutions, the closure diagnostic, the phase-diagram lines and the regime classifier.
 *
 * @module
 */
export { mixedScalarRate, mixedHittingTime, alignedSingularValue, logisticSingularValue, speedUpTimes, type MixedScalarParams } from './kernel.js';
export {
  MixedDynamicsWorkspace,
  mixedDynamicsRhs,
  mixedDynamicsEuler,
  mixedDynamicsFlow,
  type MixedEulerOptions,
  type MixedFlowOptions,
  type MixedFlowResult,
} from './dynamics.js';
export { lazyLimitSolution, alignedSolution, closureError, type ClosureError } from './limits.js';
export { phaseLines, classifyMixedRegime, lazyTestErrorPrediction, type MixedPhaseLines, type MixedRegime, type LazyTestErrorPrediction } from './phase.js';
