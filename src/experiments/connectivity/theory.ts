/** Reproduced theory figures of Liu et al. 2024 (Fig. 3, Fig. 4, the Theorem 1 table). */
import type { Experiment } from '../types.js';
import { fig3ConnectivityExperiment } from './fig3.js';
import { fig4ConnectivityExperiment } from './fig4.js';
import { theorem1Experiment } from './theorem1.js';

export const connectivityTheoryExperiments: readonly Experiment[] = [theorem1Experiment, fig3ConnectivityExperiment, fig4ConnectivityExperiment];
