/**
 * Initial-rank theory of Liu et al. (ICLR 2024) for the two-layer linear network f(x) = w₂ᵀW₁x on
 * whitened data (spec `connectivity.md` §4): the NTK matrix M = ‖w₂‖²I + W₁ᵀW₁, Theorem 1's expected
 * initial-to-final kernel alignment, the task-alignment identities of §4.3, Proposition 1 and the
 * anisotropic teacher with feature modulation F of Fig. 3.
 *
 * Conventions: inputs X ∈ ℝ^{d×n} with XXᵀ = nI, targets y = βᵀX, loss (1/2n)‖w₂ᵀW₁X − y‖²,
 * gradient flow in time t (GD with step η approximates it at t = η·steps). For such X every
 * alignment below equals the one of the n×n NTK K = XᵀMX (cos(K, K') = cos(M, M'),
 * yᵀKy/(‖y‖²Tr K) = β̂ᵀMβ̂/Tr M, yᵀKy/(‖y‖²‖K‖_F) = β̂ᵀMβ̂/‖M‖_F).
 *
 * Status: Theorem 1 and Prop. 1 are reconstructions ([D] in the spec, §4.2 and §4.4: derived and
 * numerically checked, not transcribed from the paper, whose full text was unavailable).
 *
 * @module
 */
import { ConfigError, DomainError, ShapeError } from '../../errors/index.js';
import { Matrix, assertFinite } from '../../linalg/matrix.js';
import { matmul } from '../../linalg/ops.js';
import { haarOrthogonal, type RandomStream } from '../../random/index.js';

function vectorOf(w: ArrayLike<number> | Matrix, what: string): Float64Array {
  if (w instanceof Matrix) {
    if (w.rows !== 1 && w.cols !== 1) throw new ShapeError(`${what}: expected a vector (1×h or h×1), got ${w.rows}×${w.cols}; the theory is for one output (c = 1).`);
    assertFinite(w, what);
    return Float64Array.from(w.data);
  }
  const v = Float64Array.from(w);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) throw new DomainError(`${what}[${i}] = ${String(v[i])} is not finite; pass finite weights.`);
  return v;
}

function unit(beta: ArrayLike<number>, d: number, what: string): Float64Array {
  if (beta.length !== d) throw new ShapeError(`${what}: the task vector has ${beta.length} entries; the network has d = ${d} inputs.`);
  let n = 0;
  for (let i = 0; i < d; i++) {
    const b = beta[i]!;
    if (!Number.isFinite(b)) throw new DomainError(`${what}: β[${i}] = ${String(b)} is not finite.`);
    n += b * b;
  }
  if (n === 0) throw new DomainError(`${what}: β is the zero vector, which defines no task direction; pass a non-zero β.`);
  n = Math.sqrt(n);
  return Float64Array.from({ length: d }, (_, i) => beta[i]! / n);
}

function frob(M: Matrix): number {
  let s = 0;
  for (let k = 0; k < M.data.length; k++) s += M.data[k]! * M.data[k]!;
  return Math.sqrt(s);
}

function traceOf(M: Matrix): number {
  let s = 0;
  for (let i = 0; i < M.rows; i++) s += M.data[i * M.cols + i]!;
  return s;
}

function quad(M: Matrix, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < M.rows; i++) {
    let r = 0;
    for (let j = 0; j < M.cols; j++) r += M.data[i * M.cols + j]! * v[j]!;
    s += v[i]! * r;
  }
  return s;
}

/**
 * The NTK matrix M = ‖w₂‖²I_d + W₁ᵀW₁ of f(x) = w₂ᵀW₁x, all parameters (spec §4.2 Step 1 [D]):
 * K(x, x') = xᵀMx'.
 *
 * @param W1 - h × d; @param w2 - length h (or 1×h / h×1 matrix)
 * @throws ShapeError when the lengths disagree; DomainError on NaN/±∞
 * @example
 * ntkMatrix(Matrix.from([[1, 0]]), [2]); // → [[5, 0], [0, 4]]
 */
export function ntkMatrix(W1: Matrix, w2: ArrayLike<number> | Matrix): Matrix {
  assertFinite(W1, 'ntkMatrix: W1');
  const v = vectorOf(w2, 'ntkMatrix: w2');
  if (v.length !== W1.rows) throw new ShapeError(`ntkMatrix: w2 has ${v.length} entries but W1 has h = ${W1.rows} rows; pass w2 of length h.`);
  const M = matmul(W1, W1, { transA: true });
  let rho2 = 0;
  for (let i = 0; i < v.length; i++) rho2 += v[i]! * v[i]!;
  for (let i = 0; i < M.rows; i++) M.data[i * M.cols + i] = M.data[i * M.cols + i]! + rho2;
  return M;
}

/**
 * (d+1)/(d·√(d+3)), the dimension factor of Theorem 1 (spec §4.2 Step 3): E_ŵ[cos(M₀, I + ŵŵᵀ)] =
 * factor · Tr M₀/‖M₀‖_F, from ‖I + ŵŵᵀ‖_F = √(d+3) and E[ŵᵀM₀ŵ] = Tr M₀/d (reviewer 2's "d instead
 * of 3" remark fits this step [V-src]).
 * @throws ConfigError unless d is a positive integer
 * @example theorem1Factor(20); // → 0.2189 (21/(20·√23))
 */
export function theorem1Factor(d: number): number {
  if (!Number.isSafeInteger(d) || d < 1) throw new ConfigError(`theorem1Factor: d = ${String(d)} must be a positive integer (the input dimension).`, { path: 'd' });
  return (d + 1) / (d * Math.sqrt(d + 3));
}

/**
 * Theorem 1 (Liu et al. 2024, reconstructed in spec §4.2 [D]): the task-averaged alignment between the
 * initial NTK and the final NTK of the small-initialisation (rich) limit,
 *
 *   E_ŵ[cos(K₀, K_∞)] = (d+1)/(d√(d+3)) · Tr M₀/‖M₀‖_F,   M₀ = ‖w₂(0)‖²I + W₁(0)ᵀW₁(0),
 *
 * for teachers β = s·ŵ with ŵ uniform on the unit sphere (any s > 0).
 *
 * **Method.** In the σ → 0 limit gradient flow ends at the balanced rank-1 solution, M_∞ = s(I + ŵŵᵀ)
 * (‖I + ŵŵᵀ‖_F = √(d+3)); E[ŵᵀM₀ŵ] = Tr M₀/d gives the factor. The task average is exact for the
 * limit kernel (checked by Monte Carlo in the tests); the simulation at finite σ approaches it from
 * above (spec: 0.320 sim vs 0.302 formula at r = 1, g = 0.05; 0.893 vs 0.890 at r = 20).
 *
 * **Assumptions.** Whitened inputs, one output, isotropic task ensemble, σ = ‖W₁(0)‖_F small (rich
 * limit); at moderate σ the formula is a lower bound in the spec's runs, not an identity. Time: the
 * limit t → ∞ of gradient flow (t in units of τ; GD: t = η·steps).
 *
 * **Special cases.** Tr M/‖M‖_F ∈ [1, √d]: rank-1 W₁ with ρ = 0 gives the minimum (d+1)/(d√(d+3));
 * equal singular values on all d directions give √d·(d+1)/(d√(d+3)). With ρ² ≪ σ²/d the ratio is
 * √PR(W₁(0)).
 *
 * @param W1 - h × d initial first layer; @param w2 - initial readout (length h)
 * @throws ShapeError / DomainError on bad weights; DomainError when M₀ = 0 (both layers zero: the
 *   cosine is undefined)
 * @example
 * // d = 20, rank-1 W₁, ρ = 0: (21/(20·√23))·1 ≈ 0.219
 * const W1rank1 = outer(Float64Array.of(1, -1, 2, 0, 1), Float64Array.from({ length: 20 }, (_, i) => (i === 0 ? 1 : 0))); // h = 5
 * expectedKernelAlignment(W1rank1, new Float64Array(5)); // → 0.219
 */
export function expectedKernelAlignment(W1: Matrix, w2: ArrayLike<number> | Matrix): number {
  const M = ntkMatrix(W1, w2);
  const f = frob(M);
  if (f === 0) throw new DomainError('expectedKernelAlignment: both layers are zero, so K₀ = 0 has no direction and the alignment is undefined; start from non-zero weights.');
  return theorem1Factor(M.rows) * (traceOf(M) / f);
}

/**
 * Theorem 1 from the spectrum alone: (d+1)/(d√(d+3)) · (dρ² + Σσ_i²)/√(dρ⁴ + 2ρ²Σσ_i² + Σσ_i⁴),
 * with σ_i the singular values of W₁(0) (at most d of them) and ρ = ‖w₂(0)‖ (spec §4.2).
 *
 * @example
 * expectedKernelAlignmentFromSpectrum([1, 1, 1, 1], 0, 4); // → 0.945 (√4·5/(4√7))
 */
export function expectedKernelAlignmentFromSpectrum(singularValues: ArrayLike<number>, rho: number, d: number): number {
  const f = theorem1Factor(d);
  if (singularValues.length > d) throw new ShapeError(`expectedKernelAlignmentFromSpectrum: ${singularValues.length} singular values for d = ${d}; W₁ᵀW₁ is d×d, so pass at most d.`);
  if (!Number.isFinite(rho) || rho < 0) throw new ConfigError(`expectedKernelAlignmentFromSpectrum: rho = ${String(rho)} must be ‖w₂‖ ≥ 0.`, { path: 'rho' });
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < singularValues.length; i++) {
    const s = singularValues[i]!;
    if (!Number.isFinite(s) || s < 0) throw new ConfigError(`expectedKernelAlignmentFromSpectrum: singularValues[${i}] = ${String(s)} must be finite and ≥ 0.`, { path: `singularValues[${i}]` });
    s2 += s * s;
    s4 += s * s * s * s;
  }
  const r2 = rho * rho;
  const den = Math.sqrt(d * r2 * r2 + 2 * r2 * s2 + s4);
  if (den === 0) throw new DomainError('expectedKernelAlignmentFromSpectrum: ρ = 0 and every σ_i = 0 (zero network); the alignment is undefined.');
  return (f * (d * r2 + s2)) / den;
}

/**
 * Per-task version of Theorem 1's quantity: cos(M₀, I + β̂β̂ᵀ), the alignment of the initial NTK with
 * the rich-limit final NTK of task β (spec §4.2 Step 2). Its average over isotropic β̂ is
 * {@link expectedKernelAlignment} exactly.
 *
 * **Time.** The final kernel is the t → ∞ limit of gradient flow from σ → 0 (t in units of τ).
 *
 * @throws ShapeError / DomainError for a non-square or zero M₀, a zero or wrong-length β
 * @example
 * richLimitKernelAlignment(Matrix.identity(2), [1, 0]); // → 0.9487 ((2 + 1)/(√2·√5))
 */
export function richLimitKernelAlignment(M0: Matrix, beta: ArrayLike<number>): number {
  checkSquare(M0, 'richLimitKernelAlignment: M0');
  const b = unit(beta, M0.rows, 'richLimitKernelAlignment');
  const f = frob(M0);
  if (f === 0) throw new DomainError('richLimitKernelAlignment: M0 is zero, so its direction (and the alignment) is undefined.');
  return (traceOf(M0) + quad(M0, b)) / (f * Math.sqrt(M0.rows + 3));
}

function checkSquare(M: Matrix, what: string): void {
  if (!M.isSquare) throw new ShapeError(`${what}: expected the d×d NTK matrix M, got ${M.rows}×${M.cols}.`);
  assertFinite(M, what);
}

/** Which normalisation of the kernel–task alignment (spec §3, §4.3: never swap them silently). */
export type TaskAlignmentKind = 'trace' | 'frobenius';

/**
 * Kernel–task alignment of K = XᵀMX with y = βᵀX on whitened data (spec §3 table, §4.3 [D]):
 * `'trace'`: A_tr = yᵀKy/(‖y‖²Tr K) = β̂ᵀMβ̂/Tr M ∈ [0, 1]; `'frobenius'` (Cristianini):
 * A_F = yᵀKy/(‖y‖²‖K‖_F) = β̂ᵀMβ̂/‖M‖_F.
 *
 * @param M - d×d PSD NTK matrix (e.g. {@link ntkMatrix}); @param beta - task vector (any non-zero scale)
 * @throws ShapeError / DomainError on bad input or a zero M
 * @example
 * kernelTaskAlignment(Matrix.identity(4), [1, 0, 0, 0], 'trace'); // → 0.25
 */
export function kernelTaskAlignment(M: Matrix, beta: ArrayLike<number>, kind: TaskAlignmentKind): number {
  checkSquare(M, 'kernelTaskAlignment: M');
  const b = unit(beta, M.rows, 'kernelTaskAlignment');
  const q = quad(M, b);
  if (kind === 'trace') {
    const t = traceOf(M);
    if (!(t > 0)) throw new DomainError('kernelTaskAlignment: Tr M ≤ 0; an NTK matrix is PSD and non-zero — check M.');
    return q / t;
  }
  if (kind === 'frobenius') {
    const f = frob(M);
    if (f === 0) throw new DomainError('kernelTaskAlignment: M is zero; the alignment is undefined.');
    return q / f;
  }
  throw new ConfigError(`kernelTaskAlignment: kind '${String(kind)}' is unknown; use 'trace' or 'frobenius'.`, { path: 'kind' });
}

/**
 * The task-averaged alignments of §4.3 (exact for any M, isotropic β̂): E[A_tr] = 1/d (independent of
 * the spectrum: rank only changes the spread) and E[A_F] = Tr M/(d‖M‖_F) (grows with effective rank).
 *
 * @example
 * meanTaskAlignment(Matrix.identity(4)); // → { trace: 0.25, frobenius: 0.5 }
 */
export function meanTaskAlignment(M: Matrix): { trace: number; frobenius: number } {
  checkSquare(M, 'meanTaskAlignment: M');
  const f = frob(M);
  if (f === 0) throw new DomainError('meanTaskAlignment: M is zero; the alignment is undefined.');
  return { trace: 1 / M.rows, frobenius: traceOf(M) / (M.rows * f) };
}

/**
 * Proposition 1 (spec §4.4 [D], reconstructed): task alignment of the readout block K₂ = XᵀW₁ᵀW₁X,
 * A_tr(K₂, y) = ‖W₁β̂‖²/‖W₁‖_F² ≤ 1, with equality iff W₁ = c·uβ̂ᵀ (rank 1, aligned). For a random
 * isotropic W₁ its task average is 1/d.
 *
 * @example
 * const beta = [1, 0, 0];
 * const stream = createRandom(0, 'u');
 * readoutTaskAlignment(taskAlignedLowRank({ beta, hidden: 5, sigma: 1, stream }), beta); // → 1
 */
export function readoutTaskAlignment(W1: Matrix, beta: ArrayLike<number>): number {
  assertFinite(W1, 'readoutTaskAlignment: W1');
  const b = unit(beta, W1.cols, 'readoutTaskAlignment');
  let num = 0;
  for (let i = 0; i < W1.rows; i++) {
    let r = 0;
    for (let j = 0; j < W1.cols; j++) r += W1.data[i * W1.cols + j]! * b[j]!;
    num += r * r;
  }
  const f = frob(W1);
  if (f === 0) throw new DomainError('readoutTaskAlignment: W1 is zero; the alignment is undefined.');
  return num / (f * f);
}

/**
 * Proposition 1 for the full NTK (spec §4.4 [D]): A_tr(K, y) = (ρ² + ‖W₁β̂‖²)/(dρ² + ‖W₁‖_F²),
 * ρ = ‖w₂‖. Equals {@link kernelTaskAlignment}(ntkMatrix(W1, w2), β, 'trace').
 *
 * @example
 * // 0.73 for aligned rank 1 at d = 20, h = 50, g = 1 (spec Fig. 3 table); a small case:
 * const beta = [1, 0, 0];
 * const W1 = taskAlignedLowRank({ beta, hidden: 5, sigma: 1, stream: createRandom(0, 'u') });
 * fullTaskAlignment(W1, new Float64Array(5).fill(0.1), beta); // → 0.913043
 */
export function fullTaskAlignment(W1: Matrix, w2: ArrayLike<number> | Matrix, beta: ArrayLike<number>): number {
  const v = vectorOf(w2, 'fullTaskAlignment: w2');
  if (v.length !== W1.rows) throw new ShapeError(`fullTaskAlignment: w2 has ${v.length} entries but W1 has h = ${W1.rows} rows.`);
  let rho2 = 0;
  for (let i = 0; i < v.length; i++) rho2 += v[i]! * v[i]!;
  const f = frob(W1);
  const a = readoutTaskAlignment(W1, beta) * f * f;
  return (rho2 + a) / (W1.cols * rho2 + f * f);
}

/** The anisotropic student–teacher of Fig. 3 (spec §1.4, §2.2, §4.4). */
export interface AnisotropicTeacher {
  /** Feature modulation F = U diag(s) Vᵀ (d×d), top ⌊d/2⌋ singular values κ, the rest 1. */
  F: Matrix;
  /** Its rank-⌊d/2⌋ truncation F_{d/2} = U_{:k} κ V_{:k}ᵀ (the κ part; well defined even at κ = 1). */
  Fhalf: Matrix;
  /** The random teacher weights w (length d, N(0, 1) entries). */
  w: Float64Array;
  /** Task vector β = Fᵀw, rescaled to ‖β‖ = `norm` ([R]: the spec's Fig. 3 Gaussian column is flat in κ, consistent with a fixed ‖β‖). */
  beta: Float64Array;
  /** Partial-alignment vector β_p = F_{d/2}ᵀw (same norm as β). */
  betaPartial: Float64Array;
  /** (β̂_p·β̂)²: the readout alignment of the partial init with the task; → 1 as κ → ∞. */
  partialOverlap: number;
}

/**
 * Builds Fig. 3's anisotropic teacher (Liu et al. Fig. 3 caption [V-src]; target y = wᵀFx with
 * student input x, i.e. β = Fᵀw [R]): F = U diag(κ,…,κ,1,…,1) Vᵀ with Haar U, V (streams 'U', 'V'),
 * w ~ N(0, I) (stream 'w'), β = Fᵀw and the partial β_p = F_{d/2}ᵀw, both scaled to ‖β‖ = `norm`.
 *
 * **Special cases.** κ = 1: F is orthogonal, β_p is the projection of β on a random half-space, so
 * (β̂_p·β̂)² ≈ 1/2. κ → ∞: (β̂_p·β̂)² → 1. d = 1: F_{d/2} has rank 0 and is refused.
 *
 * @param options - `d` ≥ 2, `kappa` ≥ 1, `norm` (default 1), `stream`
 * @throws ConfigError for d < 2 or κ < 1
 * @example
 * const T = anisotropicTeacher({ d: 20, kappa: 4, stream: createRandom(0, 'teacher') });
 */
export function anisotropicTeacher(options: { d: number; kappa: number; norm?: number; stream: RandomStream }): AnisotropicTeacher {
  const d = options.d;
  if (!Number.isSafeInteger(d) || d < 2) throw new ConfigError(`anisotropicTeacher: d = ${String(d)} must be an integer ≥ 2 (F_{d/2} needs rank ≥ 1).`, { path: 'd' });
  if (!Number.isFinite(options.kappa) || options.kappa < 1) throw new ConfigError(`anisotropicTeacher: kappa = ${String(options.kappa)} must be ≥ 1 (the condition number of F).`, { path: 'kappa' });
  const norm = options.norm ?? 1;
  if (!Number.isFinite(norm) || norm <= 0) throw new ConfigError(`anisotropicTeacher: norm = ${String(norm)} must be > 0.`, { path: 'norm' });
  const k = Math.floor(d / 2);
  const U = haarOrthogonal(options.stream.split('U'), d);
  const V = haarOrthogonal(options.stream.split('V'), d);
  const F = new Matrix(d, d);
  const Fhalf = new Matrix(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let a = 0;
      let b = 0;
      for (let q = 0; q < d; q++) {
        const s = q < k ? options.kappa : 1;
        const term = U.data[i * d + q]! * s * V.data[j * d + q]!;
        a += term;
        if (q < k) b += term;
      }
      F.data[i * d + j] = a;
      Fhalf.data[i * d + j] = b;
    }
  }
  const w = options.stream.split('w').normalArray(d);
  const beta = new Float64Array(d);
  const betaPartial = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) {
      beta[j] = beta[j]! + F.data[i * d + j]! * w[i]!;
      betaPartial[j] = betaPartial[j]! + Fhalf.data[i * d + j]! * w[i]!;
    }
  }
  const nb = Math.hypot(...beta);
  const np = Math.hypot(...betaPartial);
  let dotp = 0;
  for (let j = 0; j < d; j++) {
    beta[j] = (beta[j]! / nb) * norm;
    betaPartial[j] = (betaPartial[j]! / np) * norm;
    dotp += beta[j]! * betaPartial[j]!;
  }
  const c = dotp / (norm * norm);
  return { F, Fhalf, w, beta, betaPartial, partialOverlap: c * c };
}
