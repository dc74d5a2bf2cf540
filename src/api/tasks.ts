/**
 * Tasks: what is learned. Whitened linear regression tasks given by Σ_yx, tasks from data with
 * optional PCA/ZCA whitening, random low-rank and Gaussian regression tasks, the hierarchical
 * semantic task, reversal (Dominé et al. 2025, spec §1, §5); the noisy low-rank matrix task of Tu et
 * al. 2024 (spec §A.1); the cognitive tasks 2AF/DMS/CXT and sequential images of Liu et al. 2024.
 *
 * @example
 * import { tasks } from 'lazyrich';
 * Array.from(tasks.taskSvd(tasks.semanticTask()).s); // → [1, 1, 0.7071, 0.7071, 0.5, 0.5, 0.5, 0.5]
 *
 * @module
 */
// The tasks folder's own entry is already the user-facing list (no internals), so it is re-exported whole.
export * from '../tasks/index.js';
