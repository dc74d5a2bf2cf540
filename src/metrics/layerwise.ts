/**
 * Layer-wise feature-learning diagnostics of deep networks (Xu & Ziyin 2025; spec
 * `mixed-and-three-mechanisms.md` B.6): per-layer norm and direction change, the layer-wise NTK, an
 * alignment measure between consecutive layers that reduces to ζ of B.6, and a mechanism label per
 * layer with B.6's decision rule.
 *
 * **Alignment between consecutive layers.** With `W̃_l = W_l/√η_l` (raw weights over the square
 * root of the layer's learning rate, B.3's rescaling), for layers l and l+1:
 * `ζ_l := 2‖W̃_{l+1}W̃_l‖_F / (‖W̃_{l+1}‖_F² + ‖W̃_l‖_F²) ∈ [0, 1]` (bound by
 * ‖AB‖_F ≤ ‖A‖_F‖B‖_F ≤ (‖A‖_F²+‖B‖_F²)/2). When the product is 1 × 1 (scalar input and output of
 * the pair) the sign of the product is kept, so for a two-layer net on 1-D data with
 * `W_1 = w` (d × 1), `W_2 = uᵀ` (1 × d) it is exactly `ζ = 2ũᵀw̃/(‖ũ‖²+‖w̃‖²)` of B.6 (tested).
 * ζ_l = 1 iff the two layers are rank one, balanced (‖W̃_{l+1}‖ = ‖W̃_l‖) and aligned (the right
 * singular vector of W̃_{l+1} equals the left one of W̃_l) — the state B.6's "learning by
 * alignment" drives to; i.i.d. Gaussian layers of width n give ζ_l = O(n^{−1/2}), as B.6's ζ₀.
 * (The nuclear-norm variant would equal 1 for any balanced aligned pair of any rank but is O(1)
 * at random init, so it would hide the rise from ≈ 0 that B.6 describes.)
 *
 * **Layer-wise NTK.** On probe inputs `X` (p rows), `K_l(x, x') = η_l Σ_c ⟨∂F_c(x)/∂W_l, ∂F_c(x')/∂W_l⟩
 * = η_l m_l² (Σ_c δ_l^c(x)·δ_l^c(x')) (h_{l−1}(x)·h_{l−1}(x'))`, summed over the outputs c, with
 * `δ_l^c = ∂F_c/∂Z_l`. The learning-rate-weighted total `Σ_l K_l` is the kernel of gradient flow
 * (B.2); for the two-layer 1-D net `tr(Σ_l K_l)/p` is B.2's K.
 *
 * **Mechanism label (B.6 rule, ε = 0.05).** Per layer: `ρ_K = tr K_l(T)/tr K_l(0)`,
 * `Δ|ζ|` = mean of `|ζ(T)| − |ζ(0)|` over the (one or two) consecutive pairs that contain the layer;
 * `kernel` if |ρ_K − 1| < ε; else `alignment` if ρ_K > 1 and Δ|ζ| > 0; `disalignment` if ρ_K < 1
 * and Δ|ζ| < 0; else `mixed` (the rule does not decide). `rescaling` is flagged when the direction
 * is kept (cos > 1 − ε) while the norm changes (ratio outside [1 − ε, 1 + ε]).
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { getBackend } from '../linalg/backend.js';
import { Matrix } from '../linalg/matrix.js';
import { checkMlp, mlpBackward, mlpForward, type Mlp } from '../models/mlp.js';

/** Norm and direction change of one layer between two states. */
export interface LayerChange {
  /** ‖W(T)‖_F / ‖W(0)‖_F. */
  normRatio: number;
  /** ⟨W(0), W(T)⟩ / (‖W(0)‖‖W(T)‖): 1 = direction kept. */
  cosine: number;
  /** ‖W(T) − W(0)‖_F / ‖W(0)‖_F. */
  relativeChange: number;
}

/**
 * Per-layer norm ratio, direction cosine and relative change.
 *
 * @throws ShapeError when the lists differ; DomainError for an all-zero initial layer.
 * @example
 * const W0 = [Matrix.from([[1, 0], [0, 1]]), Matrix.from([[1, 1]])];
 * const W = [Matrix.from([[2, 0], [0, 2]]), Matrix.from([[1, -1]])];
 * layerChanges(W0, W)[0]; // → { normRatio: 2, cosine: 1, relativeChange: 1 }
 * layerChanges(W0, W)[1].cosine; // → 0
 */
export function layerChanges(W0: readonly Matrix[], W: readonly Matrix[]): LayerChange[] {
  if (W0.length !== W.length) throw new ShapeError(`layerChanges: ${W0.length} initial and ${W.length} final layers; give the same network twice.`);
  return W0.map((A, l) => {
    const B = W[l]!;
    if (A.rows !== B.rows || A.cols !== B.cols) throw ShapeError.mismatch('layerChanges', A.shape, B.shape, `layer ${l + 1} changed shape`);
    let aa = 0;
    let bb = 0;
    let ab = 0;
    let dd = 0;
    for (let k = 0; k < A.data.length; k++) {
      const a = A.data[k]!;
      const b = B.data[k]!;
      aa += a * a;
      bb += b * b;
      ab += a * b;
      dd += (b - a) * (b - a);
    }
    if (aa === 0 || bb === 0) throw new DomainError(`layerChanges: layer ${l + 1} is all zero, so its direction is undefined; start from non-zero weights.`);
    return { normRatio: Math.sqrt(bb / aa), cosine: ab / Math.sqrt(aa * bb), relativeChange: Math.sqrt(dd / aa) };
  });
}

/**
 * ζ_l for each consecutive pair (l, l+1), l = 1 … L−1 (module comment).
 *
 * @example
 * const w = Matrix.from([[1], [2]]); // d × 1
 * const uT = Matrix.from([[1, 2]]); // 1 × d
 * consecutiveAlignment([w, uT], [1, 1]); // → [1]
 */
export function consecutiveAlignment(weights: readonly Matrix[], learningRates: readonly number[]): number[] {
  if (learningRates.length !== weights.length) throw new ShapeError(`consecutiveAlignment: ${weights.length} layers but ${learningRates.length} learning rates.`);
  const out: number[] = [];
  for (let l = 0; l + 1 < weights.length; l++) {
    const A = weights[l]!;
    const B = weights[l + 1]!;
    if (B.cols !== A.rows) throw ShapeError.mismatch('consecutiveAlignment', A.shape, B.shape, `layer ${l + 2} input width must equal layer ${l + 1} output width`);
    const ea = learningRates[l]!;
    const eb = learningRates[l + 1]!;
    let na = 0;
    let nb = 0;
    for (const v of A.data) na += v * v;
    for (const v of B.data) nb += v * v;
    const P = Matrix.zeros(B.rows, A.cols);
    getBackend().gemm(false, false, 1, B, A, 0, P);
    const den = na / ea + nb / eb;
    if (den === 0) throw new DomainError(`consecutiveAlignment: layers ${l + 1} and ${l + 2} are both zero, so ζ is undefined.`);
    let num: number;
    if (P.rows === 1 && P.cols === 1) num = P.data[0]!;
    else {
      let s = 0;
      for (const v of P.data) s += v * v;
      num = Math.sqrt(s);
    }
    out.push((2 * num) / Math.sqrt(ea * eb) / den);
  }
  return out;
}

/**
 * Layer-wise NTKs `K_l` (p × p each) on the probe inputs (module comment).
 *
 * @example
 * const net = createMlp(createRandom(0, 'init'), { widths: [4, 8, 3], parametrization: 'mup', learningRate: 0.05 });
 * const X = gaussianMatrix(createRandom(0, 'X'), 5, 4); // batch × n_0
 * const Ks = layerNtks(net, X); // one p × p kernel per layer
 * Ks.map((K) => K.rows); // → [5, 5]
 */
export function layerNtks(net: Mlp, X: Matrix): Matrix[] {
  checkMlp(net, X);
  const be = getBackend();
  const fwd = mlpForward(net, X);
  const p = X.rows;
  const L = net.weights.length;
  const C = fwd.out.cols;
  const deltaGram = net.weights.map(() => Matrix.zeros(p, p));
  for (let c = 0; c < C; c++) {
    const G = Matrix.zeros(p, C);
    for (let i = 0; i < p; i++) G.data[i * C + c] = 1;
    const { deltas } = mlpBackward(net, fwd, G);
    for (let l = 0; l < L; l++) be.gemm(false, true, 1, deltas[l]!, deltas[l]!, 1, deltaGram[l]!);
  }
  return net.weights.map((_, l) => {
    const H = fwd.H[l]!;
    const K = Matrix.zeros(p, p);
    be.gemm(false, true, 1, H, H, 0, K);
    const s = net.learningRates[l]! * net.multipliers[l]! ** 2;
    const dg = deltaGram[l]!.data;
    for (let k = 0; k < K.data.length; k++) K.data[k] = s * K.data[k]! * dg[k]!;
    return K;
  });
}

/** Trace of a square matrix. */
function tr(K: Matrix): number {
  let s = 0;
  for (let i = 0; i < K.rows; i++) s += K.data[i * K.cols + i]!;
  return s;
}

/** Mechanism of one layer under B.6's rule. */
export type LayerMechanism = 'kernel' | 'alignment' | 'disalignment' | 'mixed';

/** A layer's label and the numbers behind it. */
export interface LayerMechanismLabel {
  layer: number;
  mechanism: LayerMechanism;
  rescaling: boolean;
  rhoK: number;
  deltaAbsZeta: number;
  cosine: number;
  normRatio: number;
}

/**
 * Classifies every layer with B.6's rule (module comment).
 *
 * @param ntk0 / ntkT - layer-wise NTKs (or their traces) at the start and the end.
 * @param zeta0 / zetaT - {@link consecutiveAlignment} at the start and the end (L − 1 values).
 * @param changes - {@link layerChanges} between start and end.
 * @example
 * const changes = layerChanges([Matrix.from([[1]]), Matrix.from([[1]])], [Matrix.from([[2]]), Matrix.from([[2]])]);
 * // The layer kernels doubled and the consecutive alignment grew: alignment.
 * classifyLayers([1, 1], [2, 2], [0.1], [0.9], changes)[0].mechanism; // → "alignment"
 */
export function classifyLayers(
  ntk0: readonly (Matrix | number)[],
  ntkT: readonly (Matrix | number)[],
  zeta0: readonly number[],
  zetaT: readonly number[],
  changes: readonly LayerChange[],
  epsilon = 0.05,
): LayerMechanismLabel[] {
  const L = changes.length;
  if (ntk0.length !== L || ntkT.length !== L || zeta0.length !== L - 1 || zetaT.length !== L - 1) {
    throw new ShapeError(`classifyLayers: give ${L} kernels at each end and ${L - 1} ζ values at each end (one per consecutive pair).`);
  }
  const trace = (k: Matrix | number): number => (typeof k === 'number' ? k : tr(k));
  return changes.map((ch, l) => {
    const rhoK = trace(ntkT[l]!) / trace(ntk0[l]!);
    const pairs: number[] = [];
    if (l > 0) pairs.push(Math.abs(zetaT[l - 1]!) - Math.abs(zeta0[l - 1]!));
    if (l < L - 1) pairs.push(Math.abs(zetaT[l]!) - Math.abs(zeta0[l]!));
    const dz = pairs.length === 0 ? 0 : pairs.reduce((a, b) => a + b, 0) / pairs.length;
    let mechanism: LayerMechanism;
    if (Math.abs(rhoK - 1) < epsilon) mechanism = 'kernel';
    else if (rhoK > 1 && dz > 0) mechanism = 'alignment';
    else if (rhoK < 1 && dz < 0) mechanism = 'disalignment';
    else mechanism = 'mixed';
    const rescaling = ch.cosine > 1 - epsilon && (ch.normRatio < 1 - epsilon || ch.normRatio > 1 + epsilon);
    return { layer: l + 1, mechanism, rescaling, rhoK, deltaAbsZeta: dz, cosine: ch.cosine, normRatio: ch.normRatio };
  });
}
