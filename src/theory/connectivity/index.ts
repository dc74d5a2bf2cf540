/**
 * Initial-connectivity rank theory (Liu et al., ICLR 2024; spec `connectivity.md` §4): Theorem 1's
 * expected kernel alignment, the §4.3 task-alignment identities, Proposition 1 and the anisotropic
 * teacher of Fig. 3, plus the converged reference simulation.
 *
 * @module
 */
export {
  ntkMatrix,
  theorem1Factor,
  expectedKernelAlignment,
  expectedKernelAlignmentFromSpectrum,
  richLimitKernelAlignment,
  kernelTaskAlignment,
  meanTaskAlignment,
  readoutTaskAlignment,
  fullTaskAlignment,
  anisotropicTeacher,
  type TaskAlignmentKind,
  type AnisotropicTeacher,
} from './alignment.js';
export { trainTwoLayerToConvergence, type ConvergenceRun, type ConvergenceRunOptions } from './simulate.js';
