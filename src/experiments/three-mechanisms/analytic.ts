/** Reproduced analyses of Xu & Ziyin 2025 from the 1-D exact solution (phase diagram, the B.6 mechanism table). */
import type { Experiment } from '../types.js';
import { phaseDiagramExperiment } from './phase-diagram.js';
import { mechanismsExperiment } from './mechanisms.js';

export const threeMechanismsAnalyticExperiments: readonly Experiment[] = [phaseDiagramExperiment, mechanismsExperiment];
