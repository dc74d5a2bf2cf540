/**
 * λ-balanced initialisation of two-layer linear networks (Dominé et al., ICLR 2025, "From Lazy to
 * Rich"; spec `lazy-to-rich.md` §2): construction (§2.3), task-aligned init (§3.7) and rebalancing at
 * a fixed network function (§2.3 "Rebalancing").
 *
 * Weights are W₁ (N_h × N_i) and W₂ (N_o × N_h); the network map is W = W₂W₁; the balance condition
 * is W₂ᵀW₂ − W₁W₁ᵀ = λ I_{N_h} (λ > 0: the output layer is larger).
 *
 * @module
 */
import { ConfigError, ShapeError } from '../errors/index.js';
import { Matrix, assertFinite, shapeString } from '../linalg/matrix.js';
import { matmul } from '../linalg/ops.js';
import { svd, svdValues } from '../linalg/decompositions.js';
import { gaussianMatrix, haarOrthogonal, haarSemiOrthogonal } from '../random/matrices.js';
import type { RandomStream } from '../random/stream.js';
import { taskSvd } from '../tasks/svd.js';
import type { LinearTask, TaskSvd } from '../tasks/types.js';

/** Result of the λ-balanced constructions: the weights plus the factors they were built from. */
export interface LambdaBalancedWeights {
  /** W₁ = R diag(s1) Vᵀ (plus padding rows when N_h > min(N_i, N_o)), N_h × N_i. */
  readonly W1: Matrix;
  /** W₂ = U diag(s2) Rᵀ (plus padding columns when N_h > min(N_i, N_o)), N_o × N_h. */
  readonly W2: Matrix;
  /** The balance λ (exactly the requested value). */
  readonly lambda: number;
  /** Singular values s of the network map W = W₂W₁ = U diag(s) Vᵀ (length m = min(N_h, N_i, N_o)). */
  readonly singularValues: Float64Array;
  /** Left singular vectors of W, N_o × m. */
  readonly U: Matrix;
  /** Right singular vectors of W, N_i × m. */
  readonly V: Matrix;
  /** Hidden-layer rotation, N_h × N_h orthogonal (unobservable by every function-level quantity). */
  readonly R: Matrix;
  /** Singular values of W₁ on the active modes: s1 = √((√(λ²+4s²) − λ)/2). */
  readonly s1: Float64Array;
  /** Singular values of W₂ on the active modes: s2 = √((√(λ²+4s²) + λ)/2). */
  readonly s2: Float64Array;
  /** True when N_h = min(N_i, N_o), the width the exact solution (assumption A3) requires. */
  readonly exactTheoryApplies: boolean;
}

/**
 * The per-mode layer strengths (s1, s2) of a λ-balanced factorisation of a mode of strength s:
 * s1·s2 = s and s2² − s1² = λ (Dominé et al. 2025, spec §2.3 step 2, cancellation-free form).
 *
 * **Method.** k = √(λ² + 4s²) (as `Math.hypot(λ, 2s)`, no overflow). For λ ≥ 0: s2 = √((k + λ)/2) and
 * s1 = s·√(2/(k + λ)); for λ < 0: s1 = √((k − λ)/2) and s2 = s·√(2/(k − λ)). Both avoid the
 * cancellation of (k ∓ λ)/2 when |λ| ≫ s, so s1, s2 are accurate to a few ulps for every λ
 * (including ±1e-8, ±1e6) and s.
 *
 * **Special cases.** s = 0, λ = 0 gives (0, 0); s = 0, λ > 0 gives (0, √λ); s = 0, λ < 0 gives
 * (√|λ|, 0). A negative s is treated as |s| (put the sign into one layer yourself).
 *
 * @example
 * balancedFactors(2, [1]); // → { s1: [0.6436], s2: [1.5538] } (s1·s2 = 1, s2² − s1² = 2)
 */
export function balancedFactors(lambda: number, s: ArrayLike<number>): { s1: Float64Array; s2: Float64Array } {
  checkLambda(lambda, 'balancedFactors: lambda');
  const n = s.length;
  const s1 = new Float64Array(n);
  const s2 = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    const sa = Math.abs(s[a]);
    if (!Number.isFinite(sa)) {
      throw new ConfigError(`balancedFactors: s[${a}] is ${String(s[a])}; singular values must be finite.`, { path: `s[${a}]` });
    }
    const k = Math.hypot(lambda, 2 * sa);
    if (k === 0) continue; // s = 0 and λ = 0
    if (lambda >= 0) {
      s2[a] = Math.sqrt((k + lambda) / 2);
      s1[a] = sa * Math.sqrt(2 / (k + lambda));
    } else {
      s1[a] = Math.sqrt((k - lambda) / 2);
      s2[a] = sa * Math.sqrt(2 / (k - lambda));
    }
  }
  return { s1, s2 };
}

function checkLambda(lambda: unknown, path: string): number {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) {
    throw new ConfigError(`${path} is ${String(lambda)}; λ must be a finite number (any sign, 0 included).`, { path });
  }
  return lambda;
}

function checkDim(n: unknown, path: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`${path} is ${String(n)}; it must be a positive integer.`, { path });
  }
  return n;
}

/**
 * Throws a ConfigError when no λ-balanced pair (W₁: N_h×N_i, W₂: N_o×N_h) exists (spec §2.2): λ > 0
 * forces rank W₂ = N_h ≤ N_o and λ < 0 forces rank W₁ = N_h ≤ N_i.
 * @internal
 */
export function checkBalancedShape(lambda: number, ni: number, nh: number, no: number, path = 'nh'): void {
  if (lambda > 0 && nh > no) {
    throw new ConfigError(
      `${path}: N_h = ${nh} hidden units cannot be λ-balanced with λ = ${lambda} > 0 when N_o = ${no} < N_h, because W₂ᵀW₂ = λI + W₁W₁ᵀ would need rank N_h (Dominé et al. §2.2); use N_h = min(N_i, N_o) = ${Math.min(ni, no)} (the exact theory's width)${ni >= nh ? ' or λ ≤ 0' : ' or λ = 0'}.`,
      { path },
    );
  }
  if (lambda < 0 && nh > ni) {
    throw new ConfigError(
      `${path}: N_h = ${nh} hidden units cannot be λ-balanced with λ = ${lambda} < 0 when N_i = ${ni} < N_h, because W₁W₁ᵀ = |λ|I + W₂ᵀW₂ would need rank N_h (Dominé et al. §2.2); use N_h = min(N_i, N_o) = ${Math.min(ni, no)} (the exact theory's width)${no >= nh ? ' or λ ≥ 0' : ' or λ = 0'}.`,
      { path },
    );
  }
}

/** First `k` columns of M. */
function leadingColumns(M: Matrix, k: number): Matrix {
  const out = new Matrix(M.rows, k);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < k; j++) out.data[i * k + j] = M.data[i * M.cols + j];
  return out;
}

/**
 * Assembles W₁ = R·C₁ and W₂ = C₂·Rᵀ from the core factors (spec §2.3 step 3, extended to N_h ≠ r):
 * C₁ = Σ_α s1_α e_α v_αᵀ (+ √|λ| e_{m+j} v_{m+j}ᵀ when λ < 0 and N_h > m), C₂ = Σ_α s2_α u_α e_αᵀ
 * (+ √λ u_{m+j} e_{m+j}ᵀ when λ > 0 and N_h > m). Uall (N_o × ≥m) and Vall (N_i × ≥m) hold the
 * singular vectors, then the padding directions.
 */
function assemble(
  lambda: number,
  s1: Float64Array,
  s2: Float64Array,
  Uall: Matrix,
  Vall: Matrix,
  R: Matrix,
): { W1: Matrix; W2: Matrix } {
  const nh = R.rows;
  const ni = Vall.rows;
  const no = Uall.rows;
  const m = s1.length;
  const C1 = new Matrix(nh, ni);
  const C2 = new Matrix(no, nh);
  const root = Math.sqrt(Math.abs(lambda));
  for (let h = 0; h < nh; h++) {
    const w1 = h < m ? s1[h] : lambda < 0 ? root : 0;
    const w2 = h < m ? s2[h] : lambda > 0 ? root : 0;
    if (w1 !== 0) for (let i = 0; i < ni; i++) C1.data[h * ni + i] = w1 * Vall.data[i * Vall.cols + h];
    if (w2 !== 0) for (let o = 0; o < no; o++) C2.data[o * nh + h] = w2 * Uall.data[o * Uall.cols + h];
  }
  return { W1: matmul(R, C1), W2: matmul(C2, R, { transB: true }) };
}

/** Options of {@link lambdaBalancedInit}. Give at most one of `scale`, `singularValues`, `sigma`. */
export interface LambdaBalancedInitOptions {
  /** The balance λ: any finite number (0 and negative included). */
  lambda: number;
  /** Input dimension N_i. */
  ni: number;
  /** Output dimension N_o. */
  no: number;
  /** Hidden width N_h (default min(N_i, N_o), the exact theory's width; see the doc for others). */
  nh?: number;
  /** Every singular value of the network map W(0) equals `scale` (≥ 0). */
  scale?: number;
  /** The m = min(N_h, N_i, N_o) singular values of W(0) (each ≥ 0). */
  singularValues?: readonly number[];
  /**
   * The authors' spectrum (spec §2.3 "Choosing the scale" [T]): s = singular values of G₂G₁ with
   * G₁ (N_h×N_i), G₂ (N_o×N_h) of i.i.d. N(0, σ²) entries. This is the default, with σ = 1.
   */
  sigma?: number;
  /** Align W(0) with this task: U := Ũ, V := Ṽ from `taskSvd` (spec §2.3 step 1, §3.7). */
  aligned?: LinearTask | TaskSvd;
  /** Source of every random draw (U, V, R and the `sigma` spectrum), via named child streams. */
  stream: RandomStream;
}

function isTaskSvd(x: LinearTask | TaskSvd): x is TaskSvd {
  return (x as TaskSvd).Ufull !== undefined;
}

/**
 * A λ-balanced initialisation W₁, W₂ with W₂ᵀW₂ − W₁W₁ᵀ = λ I exactly (to round-off) and a chosen
 * spectrum of W(0) = W₂W₁ (Dominé et al. 2025, spec §2.3, Algorithm 1 "Get λ-balanced" of the
 * Anguita thesis, with the cancellation-free formulas and the Haar sign fix).
 *
 * **Method.**
 * 1. U (N_o×m), V (N_i×m) Haar-random with orthonormal columns (`haarSemiOrthogonal` on the child
 *    streams 'U' and 'V', sign-corrected QR), or Ũ, Ṽ of the task when `aligned`; R (N_h×N_h) Haar
 *    orthogonal from the child stream 'R'.
 * 2. (s1, s2) = {@link balancedFactors}(λ, s): s1·s2 = s, s2² − s1² = λ.
 * 3. W₁ = R diag(s1) Vᵀ, W₂ = U diag(s2) Rᵀ. Then W = U diag(s) Vᵀ, W₁ᵀW₁ = V diag(s1²) Vᵀ and
 *    W₂W₂ᵀ = U diag(s2²) Uᵀ.
 * The draws do not depend on λ or on the spectrum: the same stream gives the same U, V, R for every λ,
 * so a λ sweep changes only the balance.
 *
 * Assumptions and widths (spec §2.2). The exact solution needs N_h = min(N_i, N_o) (the default;
 * `exactTheoryApplies` reports it). Other widths are built when a λ-balanced pair exists:
 * - N_h < min(N_i, N_o) (bottleneck): W has rank ≤ N_h, m = N_h modes;
 * - N_h > min(N_i, N_o) with λ > 0 needs N_o ≥ N_h; the extra hidden units get W₂ columns √λ·u
 *   (u ⊥ the modes, from Ũ_⊥ when aligned) and zero W₁ rows; λ < 0 mirrors this and needs N_i ≥ N_h;
 * - λ = 0 with N_h > min(N_i, N_o): the extra units are zero in both layers (dead forever; the
 *   padded variant of spec §2.2 [T]).
 *
 * **Special cases.** λ = 0 gives s1 = s2 = √s (zero-balanced, Braun et al. 2022). |λ| ≫ s gives one
 * layer ≈ √|λ| R-rotated isometry and the other ≈ s/√|λ|. scale = 0 gives W(0) = 0 (one layer 0 and
 * the other √|λ|·isometry; both 0 at λ = 0, a saddle).
 *
 * Time units: none (an initial condition; t/τ = 0).
 *
 * @throws ConfigError on a non-finite λ, bad sizes, a negative or non-finite scale / singular value /
 * sigma, more than one spectrum option, a task of the wrong shape, a missing stream, or an N_h for which
 * no λ-balanced pair exists (the message gives the §2.2 reason and the fix)
 * @example
 * const init = lambdaBalancedInit({ lambda: -1.5, ni: 2, no: 2, scale: 0.2, stream: createRandom(7, 'init') });
 * // init.W2ᵀinit.W2 − init.W1 init.W1ᵀ = −1.5·I; singular values of W₂W₁ = [0.2, 0.2]
 * svdValues(matmul(init.W2, init.W1)); // → [0.2000, 0.2000]
 * measureBalance(init.W1, init.W2).lambda; // → -1.500000
 */
export function lambdaBalancedInit(options: LambdaBalancedInitOptions): LambdaBalancedWeights {
  const lambda = checkLambda(options.lambda, 'lambdaBalancedInit: lambda');
  const ni = checkDim(options.ni, 'lambdaBalancedInit: ni');
  const no = checkDim(options.no, 'lambdaBalancedInit: no');
  const r = Math.min(ni, no);
  const nh = options.nh === undefined ? r : checkDim(options.nh, 'lambdaBalancedInit: nh');
  checkBalancedShape(lambda, ni, nh, no, 'lambdaBalancedInit: nh');
  const stream = options.stream;
  if (stream === undefined || stream === null || typeof (stream as RandomStream).split !== 'function') {
    throw new ConfigError('lambdaBalancedInit: stream is missing; pass a RandomStream, e.g. createRandom(seed, "init").', {
      path: 'stream',
    });
  }
  const m = Math.min(nh, r);
  const given = [options.scale, options.singularValues, options.sigma].filter((v) => v !== undefined).length;
  if (given > 1) {
    throw new ConfigError('lambdaBalancedInit: give only one of scale, singularValues and sigma to set the spectrum of W(0).', {
      path: 'scale',
    });
  }
  let s: Float64Array;
  if (options.scale !== undefined) {
    const scale = options.scale;
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0) {
      throw new ConfigError(`lambdaBalancedInit: scale is ${String(scale)}; it must be a finite number ≥ 0 (the singular values of W(0)).`, {
        path: 'scale',
      });
    }
    s = new Float64Array(m).fill(scale);
  } else if (options.singularValues !== undefined) {
    const sv = options.singularValues;
    if (sv.length !== m) {
      throw new ConfigError(
        `lambdaBalancedInit: singularValues has ${sv.length} entries; W(0) of a ${ni}-${nh}-${no} network has m = min(N_i, N_h, N_o) = ${m}.`,
        { path: 'singularValues' },
      );
    }
    s = Float64Array.from(sv);
    s.forEach((v, a) => {
      if (!Number.isFinite(v) || v < 0) {
        throw new ConfigError(`lambdaBalancedInit: singularValues[${a}] is ${String(sv[a])}; it must be a finite number ≥ 0.`, {
          path: `singularValues[${a}]`,
        });
      }
    });
  } else {
    const sigma = options.sigma ?? 1;
    if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma < 0) {
      throw new ConfigError(`lambdaBalancedInit: sigma is ${String(sigma)}; it must be a finite number ≥ 0.`, { path: 'sigma' });
    }
    const G1 = gaussianMatrix(stream.split('sigma', 'W1'), nh, ni, { std: sigma });
    const G2 = gaussianMatrix(stream.split('sigma', 'W2'), no, nh, { std: sigma });
    s = Float64Array.from(svdValues(matmul(G2, G1)).subarray(0, m));
  }

  const padU = lambda > 0 && nh > m ? nh - m : 0;
  const padV = lambda < 0 && nh > m ? nh - m : 0;
  let Uall: Matrix;
  let Vall: Matrix;
  if (options.aligned !== undefined) {
    const a = options.aligned;
    const ts = isTaskSvd(a) ? a : taskSvd(a);
    if (ts.Ufull.rows !== no || ts.Vfull.rows !== ni) {
      throw new ConfigError(
        `lambdaBalancedInit: the aligned task is ${ts.Vfull.rows} → ${ts.Ufull.rows} (N_i → N_o) but the network is ${ni} → ${no}; use a task of the network's shape.`,
        { path: 'aligned' },
      );
    }
    Uall = leadingColumns(ts.Ufull, m + padU);
    Vall = leadingColumns(ts.Vfull, m + padV);
  } else {
    Uall = haarSemiOrthogonal(stream.split('U'), no, m + padU);
    Vall = haarSemiOrthogonal(stream.split('V'), ni, m + padV);
  }
  const R = haarOrthogonal(stream.split('R'), nh);
  const { s1, s2 } = balancedFactors(lambda, s);
  const { W1, W2 } = assemble(lambda, s1, s2, Uall, Vall, R);
  return {
    W1,
    W2,
    lambda,
    singularValues: s,
    U: leadingColumns(Uall, m),
    V: leadingColumns(Vall, m),
    R,
    s1,
    s2,
    exactTheoryApplies: nh === r,
  };
}

/** Result of {@link taskAlignedInit}: the λ-balanced weights plus the signed mode strengths. */
export interface TaskAlignedWeights extends LambdaBalancedWeights {
  /** The signed initial mode strengths a_α(0); W(0) = Ũ diag(a₀) Ṽᵀ. */
  readonly a0: Float64Array;
}

/**
 * The task-aligned λ-balanced initialisation W(0) = Ũ diag(a₀) Ṽᵀ (Dominé et al. 2025, spec §3.7),
 * under which the modes decouple and a_α(t) follows the per-mode closed form.
 *
 * **Method.** (Ũ, Ṽ) from {@link taskSvd}; per mode (s1, s2) = balancedFactors(λ, |a_α|) and
 * W₁ = R diag(sign(a_α)·s1) Ṽᵀ, W₂ = Ũ diag(s2) Rᵀ, so W₂ᵀW₂ − W₁W₁ᵀ = λI and W₂W₁ = Ũ diag(a₀) Ṽᵀ.
 * N_h = min(N_i, N_o). R is the identity unless given (it is unobservable).
 *
 * Assumptions: the per-mode solution of §3.7 additionally needs whitened inputs (not checked here).
 *
 * **Special cases.** Any sign of a₀, including negative (reversal, §5.9) and 0 (a saddle at λ = 0).
 * A scalar a₀ is used for every mode.
 *
 * @throws ConfigError on a non-finite λ or a₀ entry, or an a₀ array of length ≠ min(N_i, N_o);
 * ShapeError when R is not N_h × N_h
 * @example
 * const init = taskAlignedInit({ task: semanticTask(), lambda: 0, a0: 1e-3 });
 * svdValues(matmul(init.W2, init.W1))[0]; // → 0.001000 (every mode starts at a₀)
 */
export function taskAlignedInit(options: {
  task: LinearTask | TaskSvd;
  lambda: number;
  a0: number | readonly number[];
  R?: Matrix;
}): TaskAlignedWeights {
  const lambda = checkLambda(options.lambda, 'taskAlignedInit: lambda');
  const ts = isTaskSvd(options.task) ? options.task : taskSvd(options.task);
  const r = ts.r;
  const a0 = typeof options.a0 === 'number' ? new Float64Array(r).fill(options.a0) : Float64Array.from(options.a0);
  if (a0.length !== r) {
    throw new ConfigError(`taskAlignedInit: a0 has ${a0.length} entries; give one per task mode, r = min(N_i, N_o) = ${r}.`, {
      path: 'a0',
    });
  }
  a0.forEach((v, a) => {
    if (!Number.isFinite(v)) {
      throw new ConfigError(`taskAlignedInit: a0[${a}] is ${String(v)}; it must be a finite number.`, { path: `a0[${a}]` });
    }
  });
  let R = Matrix.identity(r);
  if (options.R !== undefined) {
    if (options.R.rows !== r || options.R.cols !== r) {
      throw new ShapeError(`taskAlignedInit: R is ${shapeString(options.R)} but must be N_h x N_h = ${r}x${r}.`);
    }
    assertFinite(options.R, 'taskAlignedInit: R');
    R = options.R.clone();
  }
  const s = a0.map(Math.abs);
  const { s1, s2 } = balancedFactors(lambda, s);
  const s1Signed = s1.map((v, a) => (a0[a] < 0 ? -v : v));
  const { W1, W2 } = assemble(lambda, s1Signed, s2, ts.U, ts.V, R);
  return { W1, W2, lambda, singularValues: s, U: ts.U.clone(), V: ts.V.clone(), R, s1, s2, exactTheoryApplies: true, a0 };
}

/**
 * Rebalances two-layer weights to a new λ′ at a fixed network function W = W₂W₁ (Dominé et al. 2025,
 * spec §2.3 "Rebalancing" [D, V]; used for fine-tuning, §5.10).
 *
 * **Method.** Compact SVD W = U diag(s) Vᵀ, then step 3 of §2.3 with λ′: W₁′ = R diag(s1′) Vᵀ,
 * W₂′ = U diag(s2′) Rᵀ. Without a stream, R is the orthogonal Procrustes solution closest to the
 * given weights, R = polar(W₁ V diag(s1′) + W₂ᵀ U diag(s2′)), so rebalancing already λ′-balanced weights
 * returns them (to round-off); with a stream, R is Haar-random from its child 'R'.
 *
 * Assumptions: N_h = min(N_i, N_o) (the map needs one hidden unit per mode).
 *
 * **Special cases.** A rank-deficient W works (its zero modes get s1′·s2′ = 0). λ′ = 0 gives the
 * zero-balanced factorisation.
 *
 * @throws ShapeError when W₁, W₂ do not chain; ConfigError when N_h ≠ min(N_i, N_o) or λ′ is not
 * finite; DomainError on non-finite weights
 * @example
 * const { W1, W2 } = lambdaBalancedInit({ lambda: 0, ni: 2, no: 2, scale: 0.5, stream: createRandom(1, 'init') });
 * const ft = rebalance(W1, W2, 5); // same W₂W₁, now W₂ᵀW₂ − W₁W₁ᵀ = 5I
 * maxAbsDiff(matmul(ft.W2, ft.W1), matmul(W2, W1)) < 1e-12; // → true
 * Math.round(measureBalance(ft.W1, ft.W2).lambda * 1e9) / 1e9; // → 5
 */
export function rebalance(W1: Matrix, W2: Matrix, lambdaNew: number, stream?: RandomStream): LambdaBalancedWeights {
  const lambda = checkLambda(lambdaNew, 'rebalance: lambda');
  if (W2.cols !== W1.rows) {
    throw ShapeError.mismatch('rebalance', [W1.rows, W1.cols], [W2.rows, W2.cols], `W1 is N_h x N_i and W2 is N_o x N_h, but W1 has ${W1.rows} rows and W2 has ${W2.cols} columns`);
  }
  assertFinite(W1, 'rebalance: W1');
  assertFinite(W2, 'rebalance: W2');
  const nh = W1.rows;
  const ni = W1.cols;
  const no = W2.rows;
  const r = Math.min(ni, no);
  if (nh !== r) {
    throw new ConfigError(
      `rebalance: N_h = ${nh} but rebalancing at fixed W needs N_h = min(N_i, N_o) = ${r} (one hidden unit per mode of W); use a ${ni}-${r}-${no} network.`,
      { path: 'nh' },
    );
  }
  const { U, s, Vt } = svd(matmul(W2, W1), { name: 'rebalance: W2·W1' });
  const V = new Matrix(ni, r);
  for (let i = 0; i < ni; i++) for (let a = 0; a < r; a++) V.data[i * r + a] = Vt.data[a * ni + i];
  const sv = Float64Array.from(s.subarray(0, r));
  const { s1, s2 } = balancedFactors(lambda, sv);
  let R: Matrix;
  if (stream !== undefined) {
    R = haarOrthogonal(stream.split('R'), nh);
  } else {
    // Procrustes: argmin_R ‖R diag(s1)Vᵀ − W₁‖² + ‖U diag(s2)Rᵀ − W₂‖² = polar(W₁V diag(s1) + W₂ᵀU diag(s2)).
    const A = matmul(W1, V);
    const B = matmul(W2, U, { transA: true });
    const M = new Matrix(nh, r);
    for (let h = 0; h < nh; h++) for (let a = 0; a < r; a++) M.data[h * r + a] = A.data[h * r + a] * s1[a] + B.data[h * r + a] * s2[a];
    const p = svd(M, { name: 'rebalance: Procrustes matrix' });
    R = matmul(p.U, p.Vt);
  }
  const { W1: W1n, W2: W2n } = assemble(lambda, s1, s2, U.clone(), V, R);
  return { W1: W1n, W2: W2n, lambda, singularValues: sv, U: U.clone(), V, R, s1, s2, exactTheoryApplies: true };
}
