/**
 * Training the CTRNN of Liu et al. (ICLR 2024) as in the authors' code (spec `connectivity.md` §1.3
 * [V-code]): a fresh mini-batch every iteration, mean cross-entropy, back-propagation through time,
 * SGD with PyTorch-style momentum (v ← μv + g, θ ← θ − lr·v; μ = 0.9, lr = 0.003) or Adam (PyTorch
 * form), all three weight matrices trained, the loss logged every 100 iterations as the running mean
 * of the last 100, and the learning-rate selection protocol (lowest mean of the last 20 logged
 * losses).
 *
 * Time unit: iterations (one optimiser step per mini-batch). Pure: batches come from the caller's
 * function, usually drawing from a seeded stream.
 *
 * @module
 */
import { ConfigError, ConvergenceError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import { cloneCtrnn, ctrnnLossAndGradients, type CtrnnParams } from '../models/rnn.js';
import type { SequenceBatch } from '../tasks/cognitive/types.js';

/** SGD with momentum (PyTorch, no dampening, no Nesterov, no weight decay) or Adam (PyTorch defaults). */
export type RnnOptimizer =
  | { kind: 'sgd'; momentum?: number }
  | { kind: 'adam'; beta1?: number; beta2?: number; eps?: number };

/** The trainable matrices. */
export type RnnWeightName = 'Win' | 'Wh' | 'Wout';

/** Options of {@link trainRnn}. */
export interface TrainRnnOptions {
  /** Step size (paper: 0.003). */
  learningRate: number;
  /** Number of mini-batches (paper: 10 000). */
  iterations: number;
  /** The mini-batch of iteration i (0-based); called once per iteration. */
  batch: (iteration: number) => SequenceBatch;
  /** Default `{ kind: 'sgd', momentum: 0.9 }`. */
  optimizer?: RnnOptimizer;
  /** Logging period in iterations (default 100). */
  logEvery?: number;
  /** Which matrices are trained (default all three, as the paper). */
  train?: readonly RnnWeightName[];
  /** On a non-finite loss: throw a ConvergenceError (default) or stop and report `diverged`. */
  onDivergence?: 'throw' | 'stop';
}

/** What {@link trainRnn} returns. */
export interface TrainRnnResult {
  params: CtrnnParams;
  /** Loss of every iteration's mini-batch (before that iteration's update). */
  losses: number[];
  /** Logged running means: at iterations logEvery, 2·logEvery, …, the mean of the previous logEvery losses. */
  logged: { iteration: number; loss: number }[];
  iterations: number;
  diverged: boolean;
}

function checkOptions(o: TrainRnnOptions): void {
  if (!(o.learningRate > 0) || !Number.isFinite(o.learningRate)) {
    throw new ConfigError(`trainRnn: learningRate must be a positive finite number, got ${String(o.learningRate)}.`, { path: 'learningRate' });
  }
  if (!Number.isInteger(o.iterations) || o.iterations < 0) {
    throw new ConfigError(`trainRnn: iterations must be a non-negative integer, got ${String(o.iterations)}.`, { path: 'iterations' });
  }
  const le = o.logEvery ?? 100;
  if (!Number.isInteger(le) || le < 1) throw new ConfigError(`trainRnn: logEvery must be a positive integer, got ${String(le)}.`, { path: 'logEvery' });
  const opt = o.optimizer ?? { kind: 'sgd' };
  if (opt.kind === 'sgd') {
    const m = opt.momentum ?? 0.9;
    if (!(m >= 0 && m < 1)) throw new ConfigError(`trainRnn: momentum must be in [0, 1), got ${String(m)}.`, { path: 'optimizer.momentum' });
  } else {
    const b1 = opt.beta1 ?? 0.9;
    const b2 = opt.beta2 ?? 0.999;
    const eps = opt.eps ?? 1e-8;
    if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) throw new ConfigError('trainRnn: Adam betas must be in [0, 1).', { path: 'optimizer' });
    if (!(eps > 0)) throw new ConfigError('trainRnn: Adam eps must be positive.', { path: 'optimizer.eps' });
  }
}

/**
 * Trains a copy of `initial` (spec §1.3 [V-code]).
 *
 * **Method.** Iteration i: batch(i) → loss and BPTT gradients g → update every trained matrix.
 * SGD: v ← μ·v + g (v₀ = 0, so the first step uses v = g, as PyTorch), θ ← θ − lr·v.
 * Adam: m ← β₁m + (1−β₁)g, s ← β₂s + (1−β₂)g², θ ← θ − lr·(m/(1−β₁ⁱ))/(√(s/(1−β₂ⁱ)) + ε).
 *
 * **Special cases.** iterations = 0 returns a copy of the initial weights.
 * @throws ConfigError for bad options; ConvergenceError on a non-finite loss (unless onDivergence = 'stop')
 * @example
 * const p0 = ctrnnInit(createRandom(0, 'rnn'), { hidden: 8, inputs: 3, outputs: 3 });
 * const s = createRandom(0, 'batches');
 * const r = trainRnn(p0, { learningRate: 0.003, iterations: 20, logEvery: 10, batch: () => neurogymBatch('2AF', s, 8) });
 * r.logged.map((l) => l.iteration); // → [10, 20]
 */
export function trainRnn(initial: CtrnnParams, o: TrainRnnOptions): TrainRnnResult {
  checkOptions(o);
  const p = cloneCtrnn(initial);
  const opt = o.optimizer ?? { kind: 'sgd' };
  const names = o.train ?? (['Win', 'Wh', 'Wout'] as const);
  const logEvery = o.logEvery ?? 100;
  const lr = o.learningRate;
  const state1 = new Map<RnnWeightName, Float64Array>();
  const state2 = new Map<RnnWeightName, Float64Array>();
  for (const n of names) {
    state1.set(n, new Float64Array(p[n].data.length));
    if (opt.kind === 'adam') state2.set(n, new Float64Array(p[n].data.length));
  }
  const losses: number[] = [];
  const logged: { iteration: number; loss: number }[] = [];
  let diverged = false;
  let window = 0;
  for (let it = 0; it < o.iterations; it++) {
    const { loss, grads } = ctrnnLossAndGradients(p, o.batch(it));
    if (!Number.isFinite(loss)) {
      if ((o.onDivergence ?? 'throw') === 'throw') {
        throw new ConvergenceError(
          `trainRnn: the loss became ${String(loss)} at iteration ${it}; lower learningRate (now ${lr}).`,
          { reached: it, path: 'learningRate' },
        );
      }
      diverged = true;
      break;
    }
    losses.push(loss);
    window += loss;
    if ((it + 1) % logEvery === 0) {
      logged.push({ iteration: it + 1, loss: window / logEvery });
      window = 0;
    }
    for (const n of names) {
      const w = p[n].data;
      const g = (grads[n] as Matrix).data;
      const m = state1.get(n) as Float64Array;
      if (opt.kind === 'sgd') {
        const mu = opt.momentum ?? 0.9;
        for (let i = 0; i < w.length; i++) {
          m[i] = mu * m[i] + g[i];
          w[i] -= lr * m[i];
        }
      } else {
        const b1 = opt.beta1 ?? 0.9;
        const b2 = opt.beta2 ?? 0.999;
        const eps = opt.eps ?? 1e-8;
        const s = state2.get(n) as Float64Array;
        const c1 = 1 - b1 ** (it + 1);
        const c2 = 1 - b2 ** (it + 1);
        for (let i = 0; i < w.length; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          s[i] = b2 * s[i] + (1 - b2) * g[i] * g[i];
          w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(s[i] / c2) + eps);
        }
      }
    }
  }
  return { params: p, losses, logged, iterations: losses.length, diverged };
}

/** One candidate of {@link selectLearningRate}. */
export interface LearningRateCandidate {
  learningRate: number;
  result: TrainRnnResult;
  /** Mean of the last `lastLogged` logged losses (+∞ for a diverged run or one with nothing logged). */
  score: number;
}

/**
 * The learning-rate selection protocol of the code (spec §1.3 [V-code]): train once per learning
 * rate and keep the run with the lowest mean of its last 20 logged losses (ties → the first).
 * A diverged run scores +∞.
 *
 * @param run trains with one learning rate (use onDivergence: 'stop')
 * @throws ConfigError for an empty list; ConvergenceError when every run diverged
 * @example
 * const p0 = ctrnnInit(createRandom(0, 'rnn'), { hidden: 8, inputs: 3, outputs: 3 });
 * const s = createRandom(0, 'batches');
 * const opts = { iterations: 20, logEvery: 10, batch: () => neurogymBatch('2AF', s, 8) };
 * const { best } = selectLearningRate([0.001, 0.003, 0.01], (lr) => trainRnn(p0, { ...opts, learningRate: lr, onDivergence: 'stop' }));
 * [0.001, 0.003, 0.01].includes(best.learningRate); // → true
 */
export function selectLearningRate(
  learningRates: readonly number[],
  run: (learningRate: number) => TrainRnnResult,
  lastLogged = 20,
): { best: LearningRateCandidate; candidates: LearningRateCandidate[] } {
  if (learningRates.length === 0) throw new ConfigError('selectLearningRate: pass at least one learning rate.', { path: 'learningRates' });
  const candidates: LearningRateCandidate[] = learningRates.map((lr) => {
    const result = run(lr);
    const tail = result.logged.slice(-lastLogged);
    const score = result.diverged || tail.length === 0 ? Infinity : tail.reduce((s, l) => s + l.loss, 0) / tail.length;
    return { learningRate: lr, result, score };
  });
  let best = candidates[0];
  for (const c of candidates) if (c.score < best.score) best = c;
  if (!Number.isFinite(best.score)) {
    throw new ConvergenceError('selectLearningRate: every learning rate diverged or logged nothing; try smaller rates or more iterations.');
  }
  return { best, candidates };
}
