/** Reproduced figures of Kunin et al. 2024 (single-neuron phase portrait, Fig. 1 two-layer ReLU). */
import type { Experiment } from '../types.js';
import { phasePortraitExperiment } from './phase-portrait.js';
import { fig1Experiment } from './fig1.js';

export const kuninExperiments: readonly Experiment[] = [phasePortraitExperiment, fig1Experiment];
