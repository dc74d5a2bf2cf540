/**
 * Theory of Xu & Ziyin (ICLR 2025), "Three mechanisms of feature learning in a linear network": the
 * exact solution of the width-d 1-D model (spec §B.3), its phase diagram over width exponents (§B.5)
 * and the mechanism classifier (§B.6).
 *
 * @module
 */
export { scalarWidthExact, type ScalarWidthExact, type ScalarWidthState } from './exact.js';
export {
  classifyMechanism,
  samplesFromTrajectory,
  type LayerSample,
  type LayerChange,
  type MechanismLabel,
  type MechanismClassification,
} from './mechanisms.js';
export {
  alphaExponent,
  sqrtQExponent,
  widthPhase,
  phaseValues,
  phaseBoundaries,
  phaseGrid,
  type WidthExponents,
  type WidthPhase,
  type PhasePoint,
  type PhaseValues,
  type PhaseBoundary,
} from './phase-diagram.js';
