/**
 * Lazy/rich metrics of linear networks (Dominé et al., ICLR 2025; spec `lazy-to-rich.md` §4.2–4.4,
 * §5.8): NTK and kernel distance, RSMs, relative weight change, task-specificity, noise
 * sensitivities and forgetting. Every metric is a function of a state (Gram matrices, weights or the
 * network function), so the same call serves the closed form and simulations.
 *
 * @module
 */
export {
  gramState,
  ntk,
  ntkInnerProduct,
  ntkKernelDistance,
  jacobianFiniteDifference,
  ntkFiniteDifference,
  type GramState,
  type NtkStateLike,
  type NtkOrdering,
} from './ntk.js';
export { kernelDistance, frobeniusCosine } from './kernel-distance.js';
export { rsmInput, rsmOutput } from './rsm.js';
export { relativeWeightChange } from './weight-change.js';
export { taskSpecificity } from './task-specificity.js';
export { inputNoiseSensitivity, parameterNoiseSensitivity } from './noise.js';
export { forgetting, convergedForgetting, taskLossRate } from './forgetting.js';
export {
  effectiveRanks,
  effectiveRanksFromSpectrum,
  participationRatio,
  stableRank,
  entropyRank,
  eigenvalueEffectiveRank,
  eigenvalues,
  spectralRadius,
  spectrumPlot,
  eigenvaluePlot,
  type EffectiveRanks,
  type Eigenvalues,
  type SpectrumEntry,
} from './effective-rank.js';
export {
  weightChange,
  representationAlignment,
  signSimilarity,
  rnnNtk,
  rnnJacobianWh,
  rnnNtkExplicit,
  tangentKernelAlignment,
  ntkTargets,
  kernelTaskAlignmentTrace,
  kernelTaskAlignmentFrobenius,
  type WeightChange,
  type NtkSteps,
} from './alignment.js';
export { layerChanges, consecutiveAlignment, layerNtks, classifyLayers, type LayerChange, type LayerMechanism, type LayerMechanismLabel } from './layerwise.js';
