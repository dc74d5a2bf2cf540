/** Reproduced figures and appendices of Dominé et al. 2025 (Fig. 4, App. A.3, A.4, D.1–D.4). */
import type { Experiment } from '../types.js';

export const lazyToRichApplicationExperiments: readonly Experiment[] = [];
