/**
 * The reference simulation for the §4 theory: train f(x) = w₂ᵀW₁x on a whitened teacher β until the
 * loss is below a tolerance, by gradient flow (DOP853, rtol 1e-10; the default) or full-batch GD,
 * through issue 4's `src/train` and `src/tasks` (loss ½‖w₂ᵀW₁ − βᵀ‖², i.e. (1/2n)‖w₂ᵀW₁X − y‖² with
 * XXᵀ = nI).
 *
 * @module
 */
import { ConfigError, ConvergenceError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';
import { whitenedTask } from '../../tasks/index.js';
import { gradientFlow, trainGradientDescent } from '../../train/index.js';

/** Options of {@link trainTwoLayerToConvergence}. */
export interface ConvergenceRunOptions {
  /** Stop once the loss is below this (default 1e-12). */
  lossTolerance?: number;
  /** `'flow'` (default) or `'gd'` (then `learningRate` is required). */
  method?: 'flow' | 'gd';
  learningRate?: number;
  /** Give up (ConvergenceError) after this much time t (default 1e5; GD: t = η·steps). */
  maxTime?: number;
}

/** Result of {@link trainTwoLayerToConvergence}: final weights, loss and time t reached. */
export interface ConvergenceRun {
  W1: Matrix;
  /** Final readout as a 1×h matrix. */
  W2: Matrix;
  loss: number;
  t: number;
}

/**
 * Trains from (W1, w2) on the whitened teacher β until loss < tolerance (spec §4.2 numerical check,
 * recipes R3–R5). Time in units of τ (GD: t = η·steps). The run continues in chunks (t doubling),
 * each restarting the integrator from the last weights.
 *
 * @throws ConfigError for bad options; ConvergenceError when maxTime is reached first
 * @example
 * const W1 = gaussianMatrix(createRandom(0, 'W1'), 4, 3, { std: 0.1 }); // h × d
 * const w2 = createRandom(0, 'w2').normalArray(4, 0, 0.1);
 * const run = trainTwoLayerToConvergence(W1, w2, [1, -0.5, 0.2]); // gradient flow to loss < 1e-12
 * run.loss < 1e-12; // → true
 */
export function trainTwoLayerToConvergence(W1: Matrix, w2: ArrayLike<number>, beta: ArrayLike<number>, options: ConvergenceRunOptions = {}): ConvergenceRun {
  const tol = options.lossTolerance ?? 1e-12;
  if (!(tol > 0)) throw new ConfigError(`trainTwoLayerToConvergence: lossTolerance = ${String(tol)} must be > 0.`, { path: 'lossTolerance' });
  const method = options.method ?? 'flow';
  const maxTime = options.maxTime ?? 1e5;
  if (method === 'gd' && !(options.learningRate !== undefined && options.learningRate > 0)) {
    throw new ConfigError('trainTwoLayerToConvergence: method gd needs learningRate > 0.', { path: 'learningRate' });
  }
  const task = whitenedTask(Matrix.rowVector(beta), { name: 'teacher β' });
  let A = W1.clone();
  let B = Matrix.rowVector(w2);
  let t = 0;
  let chunk = 8;
  let loss = Infinity;
  while (t < maxTime) {
    if (method === 'flow') {
      const tr = gradientFlow(task, { W1: A, W2: B }, { times: [chunk] });
      const last = tr.weights[tr.weights.length - 1]!;
      A = last[0]!;
      B = last[1]!;
      loss = tr.loss[tr.loss.length - 1]!;
    } else {
      const eta = options.learningRate!;
      const steps = Math.max(1, Math.round(chunk / eta));
      const tr = trainGradientDescent(task, { W1: A, W2: B }, { learningRate: eta, steps, record: { every: steps } });
      const last = tr.weights[tr.weights.length - 1]!;
      A = last[0]!;
      B = last[1]!;
      loss = tr.loss[tr.loss.length - 1]!;
    }
    t += chunk;
    if (loss < tol) return { W1: A, W2: B, loss, t };
    chunk *= 2;
  }
  throw new ConvergenceError(`trainTwoLayerToConvergence: the loss is ${loss} at t = ${t}, above ${tol}; raise maxTime or lossTolerance (a saddle at zero init never escapes).`, { reached: t });
}
