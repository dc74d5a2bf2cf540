/**
 * The demo that `npm start` runs until the explorer exists: gradient flow of a two-layer linear
 * network from two λ-balanced initialisations with the same small network function, one balanced
 * (λ = 0, rich) and one strongly unbalanced (λ ≫ 0, lazy), integrated with DOP853 on the core.
 *
 * It shows the paper's central picture (Dominé et al., ICLR 2025, §2–3): with λ = 0 the singular
 * values of W = W₂W₁ are learned one after another along sigmoidal curves and the weights move far
 * from their start (rich); with large λ every mode is learned at once, exponentially, and the
 * weights barely move relative to their size (lazy). It also checks, as a real number, that the
 * balance W₂ᵀW₂ − W₁W₁ᵀ = λI is conserved by the flow (§2.1).
 *
 * Time is t/τ (gradient flow with τ = 1; one GD step of rate η is Δt = η). The initial weights come
 * from `lambdaBalancedInit` (§2.3: W₁ = R diag(s₁) Vᵀ, W₂ = U diag(s₂) Rᵀ, s₁s₂ = s, s₂² − s₁² = λ)
 * with one stream for every λ, so the runs share U, V, R and differ only in their balance.
 *
 * Pure: no I/O; every draw comes from `seed`.
 * @module
 */
import { Matrix } from '../linalg/matrix.js';
import { gemm, matmul, sub } from '../linalg/ops.js';
import { frobeniusNorm } from '../linalg/norms.js';
import { svdValues } from '../linalg/decompositions.js';
import { createRandom } from '../random/index.js';
import { haarSemiOrthogonal } from '../random/matrices.js';
import { lambdaBalancedInit } from '../init/index.js';
import { solveMatrixSystemIvp } from '../ode/index.js';
import { DomainError } from '../errors/index.js';
import { smallMultiples } from '../plot/index.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Seed of every random draw (default 0). */
  seed?: number;
  /** Input, hidden and output sizes (default 4, 3, 3; the hidden size must be min(N_i, N_o)). */
  sizes?: [number, number, number];
  /** Target singular values of Σ_yx, descending (default [3, 2, 1]). */
  targetSingularValues?: number[];
  /** Singular values of the initial network function W(0) (default 1e-3). */
  initialScale?: number;
  /** The λ values to run (default [0, 8]). */
  lambdas?: number[];
  /** End time t/τ (default 12). */
  tEnd?: number;
  /** Number of evenly spaced output times on [0, tEnd] (default 241, i.e. Δt = 0.05). */
  samples?: number;
}

/** One λ's trajectory. */
export interface DemoRun {
  lambda: number;
  /** Singular values of W(t), one Float64Array (descending) per output time. */
  singularValues: Float64Array[];
  /** Loss ½‖W − Σ_yx‖²_F (whitened inputs, up to the task's constant) per output time. */
  loss: Float64Array;
  /** Relative weight change ‖Q(t) − Q(0)‖_F / ‖Q(0)‖_F with Q = [W₁ᵀ; W₂], per output time. */
  relativeWeightChange: Float64Array;
  /** max over output times of ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F: conservation of the balance (§2.1). */
  balanceDrift: number;
  /** Right-hand-side evaluations used by DOP853. */
  nfev: number;
}

/** Result of {@link runDemo}. */
export interface DemoResult {
  /** Output times t/τ. */
  t: Float64Array;
  targetSingularValues: number[];
  runs: DemoRun[];
  sizes: [number, number, number];
  seed: number;
}

/**
 * Runs the demo.
 * @throws DomainError when the hidden size is not min(N_i, N_o) or the targets do not fit.
 * @example
 * const demo = runDemo({ seed: 1 });
 * demo.runs[0].singularValues.at(-1); // → ≈ [3, 2, 1]
 */
export function runDemo(options: DemoOptions = {}): DemoResult {
  const seed = options.seed ?? 0;
  const [ni, nh, no] = options.sizes ?? [4, 3, 3];
  const targets = options.targetSingularValues ?? [3, 2, 1];
  const scale = options.initialScale ?? 1e-3;
  const lambdas = options.lambdas ?? [0, 8];
  const tEnd = options.tEnd ?? 12;
  const samples = options.samples ?? 241;
  if (nh !== Math.min(ni, no)) {
    throw new DomainError(`demo: the hidden size must be min(N_i, N_o) = ${Math.min(ni, no)}, got ${nh}.`);
  }
  if (targets.length !== nh) {
    throw new DomainError(`demo: give ${nh} target singular values, got ${targets.length}.`);
  }

  const rng = createRandom(seed, 'demo');
  // Task Σ_yx = Ũ diag(targets) Ṽᵀ (whitened inputs).
  const Ut = haarSemiOrthogonal(rng.split('task', 'U'), no, nh);
  const Vt = haarSemiOrthogonal(rng.split('task', 'V'), ni, nh);
  const sigmaYX = matmul(matmul(Ut, Matrix.diag(targets)), Vt, { transB: true });
  // Initial network function directions (U, V, R from the child streams 'init'/'U', 'V', 'R'),
  // shared by every λ so only the balance differs.
  const initStream = rng.split('init');

  const t = new Float64Array(samples);
  for (let k = 0; k < samples; k++) t[k] = (tEnd * k) / (samples - 1);

  const runs = lambdas.map((lambda): DemoRun => {
    const { W1: W10, W2: W20 } = lambdaBalancedInit({ lambda, ni, no, scale, stream: initStream });
    const E = new Matrix(no, ni);
    // τ dW₁/dt = W₂ᵀE, τ dW₂/dt = E W₁ᵀ with E = Σ_yx − W₂W₁ (Σ_xx = I); τ = 1.
    const sol = solveMatrixSystemIvp(
      (_t, [W1, W2], [dW1, dW2]) => {
        E.data.set(sigmaYX.data);
        gemm(-1, W2, W1, 1, E);
        gemm(1, W2, E, 0, dW1, { transA: true });
        gemm(1, E, W1, 0, dW2, { transB: true });
      },
      [0, tEnd],
      [W10, W20],
      { method: 'dop853', rtol: 1e-10, atol: 1e-12, tEval: t },
    );
    const q0 = Math.hypot(frobeniusNorm(W10), frobeniusNorm(W20));
    const singularValues: Float64Array[] = [];
    const loss = new Float64Array(samples);
    const change = new Float64Array(samples);
    let drift = 0;
    sol.y.forEach(([W1, W2], k) => {
      const W = matmul(W2, W1);
      singularValues.push(svdValues(W));
      loss[k] = 0.5 * frobeniusNorm(sub(W, sigmaYX)) ** 2;
      change[k] = Math.hypot(frobeniusNorm(sub(W1, W10)), frobeniusNorm(sub(W2, W20))) / q0;
      const balance = sub(matmul(W2, W2, { transA: true }), matmul(W1, W1, { transB: true }));
      for (let i = 0; i < nh; i++) balance.data[i * nh + i] -= lambda;
      drift = Math.max(drift, frobeniusNorm(balance));
    });
    return { lambda, singularValues, loss, relativeWeightChange: change, balanceDrift: drift, nfev: sol.stats.nfev };
  });
  return { t, targetSingularValues: targets, runs, sizes: [ni, nh, no], seed };
}

/**
 * The demo's figure (pure): singular values of W(t) per λ with the targets as reference lines, and
 * the relative weight change on a log axis.
 */
export function demoFigure(result: DemoResult): string {
  const t = Array.from(result.t);
  const singularSeries = result.runs.flatMap((run, r) =>
    result.targetSingularValues.map((_, a) => ({
      x: t,
      y: run.singularValues.map((s) => s[a]),
      label: a === 0 ? `λ = ${run.lambda}` : undefined,
      color: ['#0072b2', '#d55e00', '#009e73', '#cc79a7'][r % 4],
      dash: r === 0 ? '' : '6 3',
    })),
  );
  return smallMultiples({
    title: 'Two-layer linear network under gradient flow (DOP853): rich (λ = 0) vs lazy (λ ≫ 0)',
    columns: 2,
    panelWidth: 460,
    panelHeight: 320,
    panels: [
      {
        kind: 'line',
        title: 'singular values of W = W₂W₁',
        series: singularSeries,
        x: { label: 'time', unit: 't/τ' },
        y: { label: 'singular value' },
        lines: result.targetSingularValues.map((s) => ({ kind: 'horizontal' as const, y: s })),
      },
      {
        kind: 'line',
        title: 'relative weight change',
        series: result.runs.map((run) => ({
          x: t.slice(1),
          y: Array.from(run.relativeWeightChange).slice(1),
          label: `λ = ${run.lambda}`,
        })),
        x: { label: 'time', unit: 't/τ' },
        y: { label: '‖Q(t) − Q(0)‖ / ‖Q(0)‖', scale: 'log' },
      },
    ],
  });
}
