/**
 * Lazy/rich metrics of recurrent networks (Liu et al., ICLR 2024; spec `connectivity.md` §3): weight
 * change, representation alignment, sign similarity, the empirical tangent kernel with respect to
 * W_h (factorised form and an explicit forward-mode Jacobian for checking), tangent-kernel
 * alignment, and kernel–task alignment in its two normalisations (trace and Frobenius), which are
 * different quantities and carry different names here.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { getBackend } from '../linalg/backend.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import { ctrnnForward, type CtrnnParams } from '../models/rnn.js';
import type { SequenceBatch } from '../tasks/cognitive/types.js';
import { frobeniusCosine } from './kernel-distance.js';

/** Absolute and relative weight change. */
export interface WeightChange {
  /** ‖W_f − W_0‖_F (the paper's code: recurrent matrix only). */
  absolute: number;
  /** ‖W_f − W_0‖_F / ‖W_0‖_F. */
  relative: number;
}

/**
 * Weight change ‖W_f − W₀‖_F and ‖W_f − W₀‖_F/‖W₀‖_F (spec §3, first row [V-code]: the code reports
 * the absolute norm of ΔW_h; every init has the same ‖W₀‖_F, so both rank the same).
 *
 * **Special cases.** W₀ = 0 → relative is +∞ unless ΔW = 0 (then 0).
 * @throws ShapeError on different shapes; DomainError on non-finite entries
 * @example weightChange(Matrix.identity(2), Matrix.zeros(2, 2)); // → { absolute: 1.414214, relative: 1 } (√2, 1)
 */
export function weightChange(W0: Matrix, Wf: Matrix): WeightChange {
  if (W0.rows !== Wf.rows || W0.cols !== Wf.cols) throw ShapeError.mismatch('weightChange', W0.shape, Wf.shape, 'W0 and Wf must have the same shape');
  assertFinite(W0, 'weightChange: W0');
  assertFinite(Wf, 'weightChange: Wf');
  let d = 0;
  let n = 0;
  for (let i = 0; i < W0.data.length; i++) {
    const e = Wf.data[i] - W0.data[i];
    d += e * e;
    n += W0.data[i] * W0.data[i];
  }
  const absolute = Math.sqrt(d);
  return { absolute, relative: n === 0 ? (absolute === 0 ? 0 : Infinity) : absolute / Math.sqrt(n) };
}

/**
 * Representation alignment RA = cos(K_R0, K_Rf) with the uncentred Gram matrices K_R = H Hᵀ of the
 * P × N hidden states (spec §3 [V-code]: decision step, P = 320 probe trials).
 *
 * **Method.** ⟨H₀H₀ᵀ, H_fH_fᵀ⟩_F = ‖H₀ᵀH_f‖_F² and ‖HHᵀ‖_F = ‖HᵀH‖_F, so only N × N products are formed.
 * **Special cases.** 0 when either H is zero (silent network: no representation to align).
 * @throws ShapeError on different shapes
 * @example
 * const H = Matrix.from([[1, 0, 2], [0, 1, 1]]); // trials × units
 * representationAlignment(H, H); // → 1
 */
export function representationAlignment(H0: Matrix, Hf: Matrix): number {
  if (H0.rows !== Hf.rows || H0.cols !== Hf.cols) {
    throw ShapeError.mismatch('representationAlignment', H0.shape, Hf.shape, 'both need the same trials × units');
  }
  assertFinite(H0, 'representationAlignment: H0');
  assertFinite(Hf, 'representationAlignment: Hf');
  const be = getBackend();
  const N = H0.cols;
  const C = new Matrix(N, N);
  be.gemm(true, false, 1, H0, Hf, 0, C);
  const A = new Matrix(N, N);
  be.gemm(true, false, 1, H0, H0, 0, A);
  const F = new Matrix(N, N);
  be.gemm(true, false, 1, Hf, Hf, 0, F);
  let c = 0;
  let a = 0;
  let f = 0;
  for (let i = 0; i < N * N; i++) {
    c += C.data[i] * C.data[i];
    a += A.data[i] * A.data[i];
    f += F.data[i] * F.data[i];
  }
  if (a === 0 || f === 0) return 0;
  return Math.min(1, c / Math.sqrt(a * f));
}

/**
 * Sign similarity: the fraction of entries whose sign (−1, 0, +1) is unchanged (spec §3 [V-code]
 * `np.sign(a) == np.sign(a0)`); for ReLU states, the share of unchanged active/inactive units.
 * @example signSimilarity(Matrix.from([[1, 0]]), Matrix.from([[2, 3]])); // → 0.5
 */
export function signSimilarity(A0: Matrix, Af: Matrix): number {
  if (A0.rows !== Af.rows || A0.cols !== Af.cols) throw ShapeError.mismatch('signSimilarity', A0.shape, Af.shape, 'both need the same shape');
  if (A0.data.length === 0) throw new DomainError('signSimilarity: the activity matrices are empty; pass at least one entry.');
  let same = 0;
  for (let i = 0; i < A0.data.length; i++) if (Math.sign(A0.data[i]) === Math.sign(Af.data[i])) same++;
  return same / A0.data.length;
}

/** Which output steps the tangent kernel uses: every step (neurogym, 8·B·K rows) or the last one (sequential images). */
export type NtkSteps = 'all' | 'last';

function outputSteps(batch: SequenceBatch, steps: NtkSteps): number[] {
  return steps === 'all' ? Array.from({ length: batch.steps }, (_, t) => t) : [batch.steps - 1];
}

/**
 * The empirical tangent kernel of the CTRNN logits with respect to W_h only (spec §3 [V-code]):
 * K[(t,b,k),(t',b',k')] = Σ_ij ∂o_{t,b,k}/∂W_h[i,j] · ∂o_{t',b',k'}/∂W_h[i,j], rows ordered (t, b, k)
 * with k innermost (t over the chosen steps, b over the batch's trials).
 *
 * **Method** (spec §3, factorised NTK [D]). For each output (t, k) back-propagate
 * δ_t = W_out[k,:] ⊙ 1[z_t > 0], δ_{s−1} = (δ_s((1−α)I + αW_h)) ⊙ 1[z_{s−1} > 0]; then
 * K = α² Σ_{s,s'} (D_s D_{s'}ᵀ) ⊙ (H_{s−1}H_{s'−1}ᵀ expanded over (t, k)), where D_s stacks the δ_s
 * rows. h₋₁ = 0 drops s = 0; rows with t < s are zero, so each product uses only the rows t ≥ s;
 * the (s', s) term is the transpose of the (s, s') term. All outputs are back-propagated together
 * (one (rows t > s) × N by N × N product per step). Cost of the kernel products:
 * Σ_{s≤s'} 2(T−s)(T−s')(BK)²N flops ≈ 2.6 GFLOP at T = 8, B = 32, K = 3, N = 300 (the spec's
 * "about 11 GFLOP" counts all rows for every s; rows t < s are zero). With a single output step
 * (`'last'`) every row is kept: ≈ T²/2 products of R × N by N × R (≈ 0.9 TFLOP for the paper's
 * 2000 × 2000 sequential-image kernel at T = 28). Checked against {@link rnnJacobianWh}
 * (forward-mode, exact) and against 50-digit central differences (fixtures) to ~2e-16 relative.
 *
 * **Special cases.** A silent network (all z ≤ 0) gives K = 0.
 * @example
 * const p = ctrnnInit(createRandom(0, 'rnn'), { hidden: 8, inputs: 3, outputs: 3 });
 * const batch = neurogymBatch('2AF', createRandom(0, '2AF'), 2);
 * const K = rnnNtk(p, batch); // 48 × 48 for 8 steps × 2 trials × 3 outputs
 * [K.rows, K.cols]; // → [48, 48]
 */
export function rnnNtk(p: CtrnnParams, batch: SequenceBatch, options: { steps?: NtkSteps } = {}): Matrix {
  const fwd = ctrnnForward(p, batch);
  const be = getBackend();
  const N = p.Wh.rows;
  const B = batch.batchSize;
  const Kout = p.Wout.rows;
  const a = p.alpha;
  const ts = outputSteps(batch, options.steps ?? 'all');
  const nt = ts.length;
  const R = nt * B * Kout;
  const maxT = ts[nt - 1];
  const firstRow = (s: number): number => {
    let tau = 0;
    while (tau < nt && ts[tau] < s) tau++;
    return tau * B * Kout;
  };
  const bOf = new Int32Array(R);
  for (let i = 0; i < R; i++) bOf[i] = Math.floor(i / Kout) % B;
  // D[s] for s = 1..maxT: R × N, rows (τ, b, k); only rows with t ≥ s are used. All outputs are
  // propagated together: rows t > s of D[s] are (D[s+1] rows t > s)·((1−α)I + αW_hᵀ…) masked at step
  // s, one product per step; rows t = s start as W_out[k,:] ⊙ 1[z_s > 0].
  const D: Matrix[] = [];
  for (let s = 0; s <= maxT; s++) D.push(new Matrix(s === 0 ? 0 : R, N));
  const Zd = fwd.Z.data;
  const Wo = p.Wout.data;
  for (let s = maxT; s >= 1; s--) {
    const Ds = D[s].data;
    const rs = firstRow(s);
    const rsNext = s < maxT ? firstRow(s + 1) : R;
    for (let r = rs; r < rsNext; r++) {
      const k = r % Kout;
      const zoff = (s * B + bOf[r]) * N;
      for (let n = 0; n < N; n++) Ds[r * N + n] = Zd[zoff + n] > 0 ? Wo[k * N + n] : 0;
    }
    if (rsNext < R) {
      const prev = new Matrix(R - rsNext, N, D[s + 1].data.subarray(rsNext * N));
      const cur = new Matrix(R - rsNext, N, Ds.subarray(rsNext * N));
      be.gemm(false, false, a, prev, p.Wh, 0, cur);
      for (let r = rsNext; r < R; r++) {
        const zoff = (s * B + bOf[r]) * N;
        const off = r * N;
        for (let n = 0; n < N; n++) {
          const v = cur.data[off - rsNext * N + n] + (1 - a) * prev.data[off - rsNext * N + n];
          Ds[off + n] = Zd[zoff + n] > 0 ? v : 0;
        }
      }
    }
  }
  const K = new Matrix(R, R);
  const G = new Matrix(B, B);
  // one product buffer reused for every (s, s') pair
  const Cbuf = new Float64Array(R * R);
  const Kd = K.data;
  const Gd = G.data;
  const Hd = fwd.H.data;
  for (let s = 1; s <= maxT; s++) {
    const rs = firstRow(s);
    const Hs = new Matrix(B, N, Hd.subarray((s - 1) * B * N, s * B * N));
    const Ds = new Matrix(R - rs, N, D[s].data.subarray(rs * N));
    for (let s2 = s; s2 <= maxT; s2++) {
      const rs2 = firstRow(s2);
      const Hs2 = new Matrix(B, N, Hd.subarray((s2 - 1) * B * N, s2 * B * N));
      be.gemm(false, true, 1, Hs, Hs2, 0, G);
      const Ds2 = new Matrix(R - rs2, N, D[s2].data.subarray(rs2 * N));
      const cc = R - rs2;
      const C = new Matrix(R - rs, cc, Cbuf.subarray(0, (R - rs) * cc));
      be.gemm(false, true, a * a, Ds, Ds2, 0, C);
      const Cd = C.data;
      // (s, s) terms are symmetric: add half, and the final K + Kᵀ restores them
      const w = s2 === s ? 0.5 : 1;
      for (let i = rs; i < R; i++) {
        const crow = (i - rs) * cc - rs2;
        const grow = bOf[i] * B;
        const krow = i * R;
        for (let j = rs2; j < R; j++) Kd[krow + j] += w * Cd[crow + j] * Gd[grow + bOf[j]];
      }
    }
  }
  // K = Σ_{s<s'} (term + termᵀ) + Σ_s term(s, s) = A + Aᵀ with A the half-weighted accumulation
  for (let i = 0; i < R; i++) {
    for (let j = i; j < R; j++) {
      const v = Kd[i * R + j] + Kd[j * R + i];
      Kd[i * R + j] = v;
      Kd[j * R + i] = v;
    }
  }
  return K;
}

/**
 * The Jacobian ∂o/∂W_h of the logits at the chosen steps, rows (t, b, k) as in {@link rnnNtk}, column
 * i·N + j for W_h[i, j], by forward-mode differentiation: for each entry, the tangent
 * ḣ_t = 1[z_t > 0] ⊙ ((1−α)ḣ_{t−1} + α(e_i h_{t−1,j} + W_h ḣ_{t−1})), ȯ_t = W_out ḣ_t — exact, and
 * independent of the back-propagated δ of the factorised form. For checks on small networks
 * (cost N² forward passes).
 * @example
 * const p = ctrnnInit(createRandom(0, 'rnn'), { hidden: 8, inputs: 3, outputs: 3 });
 * const batch = neurogymBatch('2AF', createRandom(0, '2AF'), 2);
 * const J = rnnJacobianWh(p, batch); // (8·B·K) × N²
 * [J.rows, J.cols]; // → [48, 64]
 */
export function rnnJacobianWh(p: CtrnnParams, batch: SequenceBatch, options: { steps?: NtkSteps } = {}): Matrix {
  const fwd = ctrnnForward(p, batch);
  const N = p.Wh.rows;
  const B = batch.batchSize;
  const Kout = p.Wout.rows;
  const T = batch.steps;
  const a = p.alpha;
  const ts = outputSteps(batch, options.steps ?? 'all');
  const R = ts.length * B * Kout;
  const J = new Matrix(R, N * N);
  const hdot = new Float64Array(B * N);
  const hnew = new Float64Array(B * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      hdot.fill(0);
      let tau = 0;
      for (let t = 0; t < T; t++) {
        for (let b = 0; b < B; b++) {
          for (let n = 0; n < N; n++) {
            let v = 0;
            if (t > 0) {
              for (let m = 0; m < N; m++) v += p.Wh.data[n * N + m] * hdot[b * N + m];
              v = (1 - a) * hdot[b * N + n] + a * v;
              if (n === i) v += a * fwd.H.data[((t - 1) * B + b) * N + j];
            }
            hnew[b * N + n] = fwd.Z.data[(t * B + b) * N + n] > 0 ? v : 0;
          }
        }
        hdot.set(hnew);
        if (tau < ts.length && ts[tau] === t) {
          for (let b = 0; b < B; b++) {
            for (let k = 0; k < Kout; k++) {
              let o = 0;
              for (let n = 0; n < N; n++) o += p.Wout.data[k * N + n] * hdot[b * N + n];
              J.data[((tau * B + b) * Kout + k) * N * N + i * N + j] = o;
            }
          }
          tau++;
        }
      }
    }
  }
  return J;
}

/**
 * J Jᵀ from {@link rnnJacobianWh}: the explicit tangent kernel, for checking {@link rnnNtk}.
 * @example
 * const p = ctrnnInit(createRandom(0, 'rnn'), { hidden: 8, inputs: 3, outputs: 3 });
 * const batch = neurogymBatch('2AF', createRandom(0, '2AF'), 2);
 * relativeError(rnnNtk(p, batch), rnnNtkExplicit(p, batch)) < 1e-12; // → true
 */
export function rnnNtkExplicit(p: CtrnnParams, batch: SequenceBatch, options: { steps?: NtkSteps } = {}): Matrix {
  const J = rnnJacobianWh(p, batch, options);
  const K = new Matrix(J.rows, J.rows);
  getBackend().gemm(false, true, 1, J, J, 0, K);
  return K;
}

/**
 * Tangent-kernel alignment KA = cos(K₀, K_f) = ⟨K₀, K_f⟩_F/(‖K₀‖_F‖K_f‖_F) (spec §3 [V-code]);
 * 1 − KA is the kernel distance of `kernelDistance`.
 * @example
 * const K = Matrix.from([[2, 1], [1, 2]]);
 * tangentKernelAlignment(K, K); // → 1
 */
export function tangentKernelAlignment(K0: Matrix, Kf: Matrix): number {
  return frobeniusCosine(K0, Kf);
}

/**
 * One-hot targets of the tangent-kernel rows (t, b, k): entry 1 where k is the label of (t, b), as an
 * R × 1 matrix for {@link kernelTaskAlignmentTrace} / {@link kernelTaskAlignmentFrobenius}.
 * Unlabelled steps (label −1) give zero rows.
 * @example
 * const batch = neurogymBatch('2AF', createRandom(0, '2AF'), 2);
 * ntkTargets(batch).rows; // → 48
 */
export function ntkTargets(batch: SequenceBatch, numClasses = batch.numClasses, options: { steps?: NtkSteps } = {}): Matrix {
  const ts = outputSteps(batch, options.steps ?? 'all');
  const B = batch.batchSize;
  const Y = new Matrix(ts.length * B * numClasses, 1);
  ts.forEach((t, tau) => {
    for (let b = 0; b < B; b++) {
      const y = batch.labels[t * B + b];
      if (y >= 0) Y.data[(tau * B + b) * numClasses + y] = 1;
    }
  });
  return Y;
}

function quadraticAndNorm(K: Matrix, Y: Matrix, what: string): { q: number; yy: number } {
  if (K.rows !== K.cols) throw new ShapeError(`${what}: the kernel must be square, got ${K.rows}x${K.cols}.`);
  if (Y.rows !== K.rows) throw ShapeError.mismatch(what, K.shape, Y.shape, 'Y needs one row per kernel row');
  assertFinite(K, `${what}: K`);
  assertFinite(Y, `${what}: Y`);
  const n = K.rows;
  const c = Y.cols;
  let q = 0;
  let yy = 0;
  for (let col = 0; col < c; col++) {
    for (let i = 0; i < n; i++) {
      const yi = Y.data[i * c + col];
      yy += yi * yi;
      if (yi === 0) continue;
      let s = 0;
      for (let j = 0; j < n; j++) s += K.data[i * n + j] * Y.data[j * c + col];
      q += yi * s;
    }
  }
  if (yy === 0) throw new DomainError(`${what}: the targets Y are all zero; the alignment is undefined.`);
  return { q, yy };
}

/**
 * Trace-normalised kernel–task alignment A_tr(K, Y) = Σ_k y_kᵀ K y_k / (‖Y‖_F² Tr K) ∈ [0, 1] for a
 * PSD K (spec §3 last row and §4.3 [D]). Not the Frobenius form: for whitened linear networks its
 * task average is exactly 1/d whatever the spectrum (§4.3).
 * @throws DomainError for Y = 0 or Tr K ≤ 0
 * @example kernelTaskAlignmentTrace(Matrix.identity(4), Matrix.column([1, 0, 0, 0])); // → 0.25
 */
export function kernelTaskAlignmentTrace(K: Matrix, Y: Matrix): number {
  const { q, yy } = quadraticAndNorm(K, Y, 'kernelTaskAlignmentTrace');
  let tr = 0;
  for (let i = 0; i < K.rows; i++) tr += K.data[i * K.rows + i];
  if (!(tr > 0)) throw new DomainError('kernelTaskAlignmentTrace: Tr K must be positive (a PSD kernel that is not zero).');
  return q / (yy * tr);
}

/**
 * Frobenius-normalised (Cristianini) kernel–task alignment A_F(K, Y) = Σ_k y_kᵀ K y_k / (‖Y‖_F² ‖K‖_F)
 * (spec §3 last row and §4.3 [D]). Grows with the kernel's effective rank; not the trace form.
 * @throws DomainError for Y = 0 or K = 0
 * @example kernelTaskAlignmentFrobenius(Matrix.identity(4), Matrix.column([1, 0, 0, 0])); // → 0.5
 */
export function kernelTaskAlignmentFrobenius(K: Matrix, Y: Matrix): number {
  const { q, yy } = quadraticAndNorm(K, Y, 'kernelTaskAlignmentFrobenius');
  let f = 0;
  for (const v of K.data) f += v * v;
  if (!(f > 0)) throw new DomainError('kernelTaskAlignmentFrobenius: the kernel is zero; its alignment is undefined.');
  return q / (yy * Math.sqrt(f));
}
