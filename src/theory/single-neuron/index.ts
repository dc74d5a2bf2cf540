/**
 * Single-neuron exact solution of Kunin et al. 2024 ("Get rich quick"; spec `connectivity.md` §6):
 * δ-conserving dynamics, Riccati ζ(t) on both branches, the balanced closed form, kernel distance
 * and the implicit-bias (mirror) potential.
 * @module
 */
export {
  singleNeuronExact,
  balancedExact,
  coordinates,
  conservedQuantity,
  riccatiZeta,
  singleNeuronKernelDistance,
  type SingleNeuronRates,
  type SingleNeuronParams,
  type SingleNeuronPoint,
  type SingleNeuronSolution,
  type WhitenedVectorTask,
} from './exact.js';
export { mirrorPotential, mirrorPotentialGradient, implicitBiasSolution } from './implicit-bias.js';
