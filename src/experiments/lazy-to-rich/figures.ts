/**
 * Reproduced figures of Dominé et al. 2025, "From Lazy to Rich" (ICLR 2025): Fig. 2 (exact solution
 * vs simulation), Fig. 3 (singular values, task-aligned init) and Fig. 5 (architecture × λ, delayed
 * rich). See the spec `lazy-to-rich.md` §5.2, §5.3, §5.5 and recipes R5, R7, R9.
 * @module
 */
import type { Experiment } from '../types.js';
import { fig2Experiment } from './fig2.js';
import { fig3Experiment } from './fig3.js';
import { fig5Experiment } from './fig5.js';

/** The figure experiments, in report order. */
export const lazyToRichFigureExperiments: readonly Experiment[] = [fig2Experiment, fig3Experiment, fig5Experiment];
