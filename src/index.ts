/**
 * lazyrich — exact learning dynamics and the lazy / rich / mixed regimes of neural networks, with
 * theory beside simulation from the very same weights.
 *
 * The public API is a set of namespaces, one per concept; everything here is pure (no Node APIs)
 * and runs unchanged in Node, in a worker and in the browser. Node-only helpers (files, the native
 * BLAS/LAPACK backend, PNG export) are in `lazyrich/node`. Each namespace is also its own subpath,
 * e.g. `import { svd } from 'lazyrich/linalg'`.
 *
 * Conventions: matrices are {@link linalg.Matrix} (row-major float64); time is always in units of
 * τ (GD step k is t = k·η); every random draw comes from an explicit seeded stream
 * ({@link random.createRandom}); user errors are typed ({@link errors.ConfigError},
 * {@link errors.DomainError}, …) with a one-sentence message.
 *
 * @example
 * import { linalg, tasks, init, theory, random } from 'lazyrich';
 * const task = tasks.whitenedTask(linalg.Matrix.from([[2, 0.5], [0.1, 1]]));
 * const w = init.lambdaBalancedInit({ lambda: 0, ni: 2, nh: 2, no: 2, scale: 0.1, stream: random.createRandom(7, 'init') });
 * const sol = theory.lazyToRich.exactSolution(task, w);
 * linalg.maxAbsDiff(sol.at(1000).W, task.sigmaYX) < 1e-6; // → true
 *
 * @module lazyrich
 */
export * as linalg from './api/linalg.js';
export * as random from './api/random.js';
export * as ode from './api/ode.js';
export * as tasks from './api/tasks.js';
export * as init from './api/init.js';
export * as models from './api/models.js';
export * as train from './api/train.js';
export * as theory from './api/theory.js';
export * as metrics from './api/metrics.js';
export * as experiments from './api/experiments.js';
export * as config from './api/config.js';
export * as plot from './api/plot.js';
export * as io from './api/io.js';
export * as errors from './api/errors.js';
