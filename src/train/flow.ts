/**
 * Gradient flow of a linear network of any depth, integrated with the adaptive DOP853 method.
 *
 * @module
 */
import type { LinalgBackend } from '../linalg/backend.js';
import { ConfigError, ConvergenceError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import { isExactIdentity, layerWidths, LinearGradientWorkspace } from '../models/linear-network.js';
import type { LinearWeights, Trajectory } from '../models/types.js';
import { solveMatrixSystemIvp } from '../ode/index.js';
import type { OdeMethod } from '../ode/types.js';
import { taskLoss } from '../tasks/index.js';
import type { LinearTask } from '../tasks/types.js';
import { workingLayers } from './options.js';

/** Default tolerances of {@link gradientFlow}. */
export const FLOW_DEFAULT_RTOL = 1e-10;
/** Default absolute tolerance of {@link gradientFlow} (the relative one is {@link FLOW_DEFAULT_RTOL}). */
export const FLOW_DEFAULT_ATOL = 1e-12;

/** Options of {@link gradientFlow}. */
export interface GradientFlowOptions {
  /** Linear-algebra backend of the products (default: `getBackend()`). */
  backend?: LinalgBackend;
  /** Output times t/τ: finite, ≥ 0, strictly increasing (the flow starts at t = 0 in any case). */
  times: readonly number[];
  /** Relative tolerance (default 1e-10). */
  rtol?: number;
  /** Absolute tolerance (default 1e-12). */
  atol?: number;
  /** Integrator (default `'dop853'`; `'rk4'`/`'euler'` need `step`). */
  method?: OdeMethod;
  /** Step of a fixed-step method. */
  step?: number;
  /** Most integrator steps (default that of solveIvp, 1e6). */
  maxSteps?: number;
  /**
   * Per-layer rate multipliers c_l > 0: τ dW_l/dt = c_l·(−∂L/∂W_l) (default all 1). GD with
   * per-layer rates η_l and time unit η_ref approaches the flow with c_l = η_l/η_ref.
   */
  layerRates?: readonly number[];
}

/**
 * Gradient flow τ dW_l/dt = (W_L⋯W_{l+1})ᵀ (Σ_yx − WΣ_xx) (W_{l−1}⋯W₁)ᵀ (Dominé et al. 2025, §1
 * "Gradient flow" and "Deep extension"; L = 2: τẆ₁ = W₂ᵀE, τẆ₂ = EW₁ᵀ), any Σ_xx and depth, from
 * the given weights, reported at `times` (units of τ).
 *
 * **Method.** `solveMatrixSystemIvp` (DOP853 by default, rtol 1e-10, atol 1e-12) on the stacked
 * layers; the right-hand side uses a preallocated workspace and direct `gemm` calls. Gradient flow
 * conserves every W_{l+1}ᵀW_{l+1} − W_lW_lᵀ (§2.1; measured in test/train).
 *
 * **Special cases.** `times` all 0 returns the initial weights without integrating. The loss is
 * `taskLoss(task, W)` at each time.
 *
 * @throws ConfigError for invalid times or options; ShapeError when the weights do not fit the task;
 * ConvergenceError (with `reached`) when the integrator fails (step-size underflow, maxSteps)
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const { W1, W2 } = lambdaBalancedInit({ lambda: 0, ni: 2, no: 2, scale: 0.1, aligned: task, stream: createRandom(0, 'init') });
 * const traj = gradientFlow(task, { W1, W2 }, { times: [0, 1, 2, 5, 10] });
 * traj.weights[4].length; // → 2 ([W1(10), W2(10)])
 * const [W1t, W2t] = traj.weights[4];
 * relativeError(matmul(W2t, W1t), exactSolution(task, { W1, W2 }).at(10).W) < 1e-6; // → true
 */
export function gradientFlow(task: LinearTask, weights: LinearWeights, options: GradientFlowOptions): Trajectory {
  const what = 'gradientFlow';
  if (options === null || typeof options !== 'object') throw new ConfigError(`${what}: options with times are required, e.g. { times: [0, 1, 10] }.`);
  const layers = workingLayers(task, weights, what);
  const L = layers.length;
  const times = options.times;
  if (!Array.isArray(times) || times.length === 0) {
    throw new ConfigError(`${what}: times must be a non-empty list of output times (units of τ).`, { path: 'times' });
  }
  times.forEach((t, i) => {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
      throw new ConfigError(`${what}: times[${i}] = ${String(t)} must be a finite time ≥ 0.`, { path: `times[${i}]` });
    }
    if (i > 0 && !(t > times[i - 1])) {
      throw new ConfigError(`${what}: times must be strictly increasing, but times[${i}] = ${t} follows ${times[i - 1]}.`, { path: `times[${i}]` });
    }
  });
  const rtol = options.rtol ?? FLOW_DEFAULT_RTOL;
  const atol = options.atol ?? FLOW_DEFAULT_ATOL;
  const method = options.method ?? 'dop853';
  let c: Float64Array | undefined;
  if (options.layerRates !== undefined) {
    const lr = options.layerRates;
    if (!Array.isArray(lr) || lr.length !== L || lr.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x <= 0)) {
      throw new ConfigError(`${what}: layerRates must list ${L} positive finite multipliers, one per layer.`, { path: 'layerRates' });
    }
    c = Float64Array.from(lr);
  }
  const ws = new LinearGradientWorkspace(layerWidths(layers), options.backend ? { backend: options.backend } : {});
  const identity = isExactIdentity(task.sigmaXX);
  const tEnd = times[times.length - 1];
  let states: Matrix[][];
  let nfev = 0;
  if (tEnd === 0) {
    states = [layers];
  } else {
    try {
      const res = solveMatrixSystemIvp(
        (_t, Ws, dWs) => {
          ws.forward(Ws);
          ws.residualFromTask(task.sigmaYX, task.sigmaXX, identity);
          ws.negativeGradients(dWs);
          if (c !== undefined) {
            for (let l = 0; l < L; l++) {
              const d = dWs[l].data;
              const s = c[l];
              for (let i = 0; i < d.length; i++) d[i] *= s;
            }
          }
        },
        [0, tEnd],
        layers,
        {
          method,
          rtol,
          atol,
          tEval: times,
          ...(options.step !== undefined ? { step: options.step } : {}),
          ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
        },
      );
      states = res.y.map((ms) => ms.map((M) => M.clone()));
      nfev = res.stats.nfev;
    } catch (e) {
      if (e instanceof ConvergenceError) {
        throw new ConvergenceError(
          `${what}: the integrator stopped at t = ${e.reached ?? '?'} before t = ${tEnd} (${e.message}); loosen rtol/atol, raise maxSteps, or check that the weights stay bounded.`,
          { reached: e.reached, cause: e },
        );
      }
      throw e;
    }
  }
  const loss = Float64Array.from(states, (ms) => taskLoss(task, ws.forward(ms)));
  return {
    t: Float64Array.from(times),
    weights: states,
    loss,
    provenance: {
      kind: 'simulation',
      method: 'flow',
      rtol,
      atol,
      integrator: method,
      nfev,
      ...(c !== undefined ? { learningRates: Array.from(c) } : {}),
    },
  };
}
