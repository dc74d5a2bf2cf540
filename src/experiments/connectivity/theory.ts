/** Reproduced theory figures of Liu et al. 2024 (Fig. 3, Fig. 4, the Theorem 1 table). */
import type { Experiment } from '../types.js';

export const connectivityTheoryExperiments: readonly Experiment[] = [];
