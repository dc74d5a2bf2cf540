/**
 * Effective rank of a connectivity matrix (Liu et al., ICLR 2024; spec `connectivity.md` §2.3): the
 * paper's normalised nuclear-to-spectral ratio on singular values (and, labelled, on eigenvalue
 * moduli), the participation ratio, the stable rank and the Roy–Vetterli entropy rank, plus the
 * eigenvalues of a general real square matrix and SVG plots of spectra.
 *
 * All measures are invariant to scaling W by a non-zero constant. A zero matrix has no effective rank
 * (DomainError).
 *
 * @module
 */
import { ConvergenceError, DomainError, ShapeError } from '../errors/index.js';
import { Matrix, assertFinite } from '../linalg/matrix.js';
import { svdValues } from '../linalg/decompositions.js';
import { linePlot } from '../plot/index.js';

/** Every effective-rank measure of one matrix (all from the singular values σ₁ ≥ σ₂ ≥ … ≥ 0). */
export interface EffectiveRanks {
  /** min(rows, cols): the N the paper divides by. */
  n: number;
  /** The paper's measure on singular values: Σσ_i / (σ₁·N) ∈ (0, 1] (§2.3). */
  paper: number;
  /** Σσ_i / σ₁ = ‖W‖_* / ‖W‖₂ ∈ [1, N] (the paper's measure without the 1/N). */
  nuclearOverSpectral: number;
  /** Participation ratio (Σσ_i²)² / Σσ_i⁴ ∈ [1, N]. */
  participationRatio: number;
  /** Stable rank ‖W‖_F²/‖W‖₂² = Σσ_i²/σ₁² ∈ [1, N]. */
  stableRank: number;
  /** Roy–Vetterli entropy rank exp(−Σ p_i ln p_i), p_i = σ_i/Σσ_j, ∈ [1, N]. */
  entropyRank: number;
}

function checkSpectrum(values: ArrayLike<number>, what: string): { n: number; max: number } {
  const n = values.length;
  if (n < 1) throw new ShapeError(`${what}: the spectrum is empty; pass a matrix with at least one row and one column.`);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || v < 0) {
      throw new DomainError(`${what}: spectrum entry ${i} is ${String(v)}; singular values (or eigenvalue moduli) must be finite and ≥ 0.`);
    }
    if (v > max) max = v;
  }
  if (max === 0) {
    throw new DomainError(`${what}: the matrix is zero, which has no effective rank; pass a matrix with a non-zero entry.`);
  }
  return { n, max };
}

/**
 * Every effective-rank measure from a list of singular values (any order, all ≥ 0).
 *
 * **Method.** Values are divided by their maximum first (so σ up to 1e±300 neither overflows nor
 * underflows), then the sums of §2.3 are formed.
 *
 * **Special cases.** One non-zero value: every absolute measure is 1 and `paper` is 1/N. Equal values:
 * every absolute measure is N and `paper` is 1.
 *
 * @param values - singular values (or eigenvalue moduli), finite, ≥ 0, not all zero
 * @param what - name used in error messages
 * @throws DomainError on a negative/non-finite value or an all-zero spectrum; ShapeError when empty
 * @example
 * effectiveRanksFromSpectrum([2, 1, 1]).participationRatio; // → 2 ((4+1+1)²/(16+1+1))
 */
export function effectiveRanksFromSpectrum(values: ArrayLike<number>, what = 'effectiveRanksFromSpectrum'): EffectiveRanks {
  const { n, max } = checkSpectrum(values, what);
  let s1 = 0;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]! / max;
    s1 += x;
    s2 += x * x;
    s4 += x * x * x * x;
  }
  let h = 0;
  for (let i = 0; i < n; i++) {
    const p = values[i]! / max / s1;
    if (p > 0) h -= p * Math.log(p);
  }
  return {
    n,
    paper: s1 / n,
    nuclearOverSpectral: s1,
    participationRatio: (s2 * s2) / s4,
    stableRank: s2,
    entropyRank: Math.exp(h),
  };
}

/**
 * Every effective-rank measure of W from its singular values (Liu et al. 2024, §2.3 of the spec).
 *
 * **Method.** σ = svdValues(W) (high relative accuracy in the js backend), then
 * {@link effectiveRanksFromSpectrum}. `paper` = Σσ_i/(σ₁·N), N = min(rows, cols): the paper's
 * formula Σ|λ_i|/(|λ₁|N) evaluated on singular values (labelled "singular values"; see
 * {@link eigenvalueEffectiveRank} for eigenvalue moduli).
 *
 * **Special cases.** Rank-1 W: PR = stable rank = entropy rank = Σσ/σ₁ = 1 exactly and `paper` = 1/N.
 * An N×N Gaussian: `paper` → 4/(3π) ≈ 0.424, PR → N/2, entropy rank ≈ 0.80·N (quarter-circle law).
 *
 * @param W - any real matrix, finite, not zero
 * @throws DomainError on NaN/±∞ entries or a zero matrix
 * @example
 * effectiveRanks(Matrix.identity(4)).paper; // → 1
 */
export function effectiveRanks(W: Matrix): EffectiveRanks {
  assertFinite(W, 'effectiveRanks: W');
  return effectiveRanksFromSpectrum(svdValues(W), 'effectiveRanks: W');
}

/**
 * Participation ratio (Σσ_i²)²/Σσ_i⁴ of W's singular values (see {@link effectiveRanks}); the
 * effective rank that appears in Theorem 1 (spec §4.2: Tr M/‖M‖_F → √PR).
 * @example participationRatio(Matrix.diag([2, 1, 1])); // → 2
 */
export function participationRatio(W: Matrix): number {
  return effectiveRanks(W).participationRatio;
}

/**
 * Stable rank ‖W‖_F²/‖W‖₂² (see {@link effectiveRanks}).
 * @example stableRank(Matrix.diag([2, 1, 1])); // → 1.5
 */
export function stableRank(W: Matrix): number {
  return effectiveRanks(W).stableRank;
}

/**
 * Roy–Vetterli entropy rank exp(−Σp_i ln p_i), p_i = σ_i/Σσ_j (see {@link effectiveRanks}).
 * @example entropyRank(Matrix.identity(3)); // → 3
 */
export function entropyRank(W: Matrix): number {
  return effectiveRanks(W).entropyRank;
}

/**
 * The paper's effective rank on **eigenvalue moduli**: Σ|λ_i| / (max|λ|·N), for a square W. This is
 * the literal reading of reviewer 4's quote (spec §2.3); for non-normal W it differs from the
 * singular-value version (for a rank-r truncated Gaussian only r eigenvalues are non-zero too, but
 * their moduli are not the σ_i).
 *
 * @param W - square, finite, with a non-zero eigenvalue
 * @throws ShapeError when W is not square; DomainError when every eigenvalue is 0 (nilpotent W)
 * @example
 * eigenvalueEffectiveRank(Matrix.from([[2, 0], [0, -1]])); // → 0.75 ((2 + 1)/(2·2))
 */
export function eigenvalueEffectiveRank(W: Matrix): number {
  const { re, im } = eigenvalues(W);
  const moduli = new Float64Array(re.length);
  for (let i = 0; i < re.length; i++) moduli[i] = Math.hypot(re[i]!, im[i]!);
  return effectiveRanksFromSpectrum(moduli, 'eigenvalueEffectiveRank: eigenvalue moduli of W').paper;
}

/** Eigenvalues of a real square matrix: real parts `re`, imaginary parts `im` (conjugate pairs adjacent). */
export interface Eigenvalues {
  re: Float64Array;
  im: Float64Array;
}

/**
 * Eigenvalues of a general real square matrix (non-symmetric allowed), sorted by decreasing modulus.
 *
 * **Method.** Householder reduction to upper Hessenberg form, then the Francis implicit double-shift
 * QR iteration with deflation on negligible sub-diagonal entries (Golub & Van Loan, Matrix
 * Computations, §7.4–7.5), exceptional shifts after 10 and 20 stalled iterations. Backward stable:
 * the eigenvalues of W + E with ‖E‖ ≈ ε‖W‖. Cost O(n³).
 *
 * **Special cases.** 0×0 → empty; 1×1 → the entry; complex eigenvalues come as adjacent conjugate
 * pairs (positive imaginary part first).
 *
 * @param W - square, finite
 * @throws ShapeError when W is not square; DomainError on NaN/±∞; ConvergenceError when one eigenvalue
 *   needs more than 60 QR iterations (not seen on any test matrix)
 * @example
 * eigenvalues(Matrix.from([[0, -1], [1, 0]])); // → { re: [0, 0], im: [1, -1] }
 */
export function eigenvalues(W: Matrix): Eigenvalues {
  if (!W.isSquare) throw new ShapeError(`eigenvalues: W is ${W.rows}×${W.cols}; eigenvalues need a square matrix (use effectiveRanks for singular values).`);
  assertFinite(W, 'eigenvalues: W');
  const n = W.rows;
  const a: Float64Array[] = [];
  for (let i = 0; i < n; i++) a.push(Float64Array.from(W.row(i)));
  hessenberg(a, n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  hessenbergQr(a, n, re, im);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => {
    const d = Math.hypot(re[j]!, im[j]!) - Math.hypot(re[i]!, im[i]!);
    if (d !== 0) return d;
    if (re[j]! !== re[i]!) return re[j]! - re[i]!;
    return im[j]! - im[i]!;
  });
  return { re: Float64Array.from(order, (i) => re[i]!), im: Float64Array.from(order, (i) => im[i]!) };
}

/**
 * Spectral radius max|λ_i| of a square matrix (see {@link eigenvalues}).
 * @example spectralRadius(Matrix.from([[0, -2], [2, 0]])); // → 2
 */
export function spectralRadius(W: Matrix): number {
  const { re, im } = eigenvalues(W);
  let r = 0;
  for (let i = 0; i < re.length; i++) r = Math.max(r, Math.hypot(re[i]!, im[i]!));
  return r;
}

/** In-place Householder reduction of a (rows as arrays) to upper Hessenberg form (similarity). */
function hessenberg(a: Float64Array[], n: number): void {
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let alpha = 0;
    for (let i = k + 1; i < n; i++) alpha = Math.hypot(alpha, a[i]![k]!);
    if (alpha === 0) continue;
    const x0 = a[k + 1]![k]!;
    const sign = x0 >= 0 ? 1 : -1;
    for (let i = k + 1; i < n; i++) v[i] = a[i]![k]!;
    v[k + 1] = x0 + sign * alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += v[i]! * v[i]!;
    if (vv === 0) continue;
    // A ← (I − 2vvᵀ/vᵀv) A
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += v[i]! * a[i]![j]!;
      s = (2 * s) / vv;
      for (let i = k + 1; i < n; i++) a[i]![j] = a[i]![j]! - s * v[i]!;
    }
    // A ← A (I − 2vvᵀ/vᵀv)
    for (let i = 0; i < n; i++) {
      const row = a[i]!;
      let s = 0;
      for (let j = k + 1; j < n; j++) s += row[j]! * v[j]!;
      s = (2 * s) / vv;
      for (let j = k + 1; j < n; j++) row[j] = row[j]! - s * v[j]!;
    }
    for (let i = k + 2; i < n; i++) a[i]![k] = 0;
  }
}

function withSign(x: number, s: number): number {
  return s >= 0 ? Math.abs(x) : -Math.abs(x);
}

/** Francis double-shift QR on an upper Hessenberg matrix (eigenvalues only). */
function hessenbergQr(a: Float64Array[], n: number, wr: Float64Array, wi: Float64Array): void {
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(a[i]![j]!);
  let nn = n - 1;
  let t = 0;
  let its = 0;
  let p = 0;
  let q = 0;
  let r = 0;
  let x = 0;
  let y = 0;
  let z = 0;
  let w = 0;
  while (nn >= 0) {
    let l = nn;
    for (; l >= 1; l--) {
      let s = Math.abs(a[l - 1]![l - 1]!) + Math.abs(a[l]![l]!);
      if (s === 0) s = anorm;
      if (Math.abs(a[l]![l - 1]!) + s === s) {
        a[l]![l - 1] = 0;
        break;
      }
    }
    x = a[nn]![nn]!;
    if (l === nn) {
      wr[nn] = x + t;
      wi[nn] = 0;
      nn -= 1;
      its = 0;
      continue;
    }
    y = a[nn - 1]![nn - 1]!;
    w = a[nn]![nn - 1]! * a[nn - 1]![nn]!;
    if (l === nn - 1) {
      p = 0.5 * (y - x);
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      x += t;
      if (q >= 0) {
        z = p + withSign(z, p);
        wr[nn - 1] = wr[nn] = x + z;
        if (z !== 0) wr[nn] = x - w / z;
        wi[nn - 1] = wi[nn] = 0;
      } else {
        wr[nn - 1] = wr[nn] = x + p;
        wi[nn - 1] = z;
        wi[nn] = -z;
      }
      nn -= 2;
      its = 0;
      continue;
    }
    if (its === 60) {
      throw new ConvergenceError('eigenvalues: the QR iteration did not converge in 60 iterations on one eigenvalue; rescale W or check its entries.', { reached: its });
    }
    if (its === 10 || its === 20) {
      t += x;
      for (let i = 0; i <= nn; i++) a[i]![i] = a[i]![i]! - x;
      const s = Math.abs(a[nn]![nn - 1]!) + Math.abs(a[nn - 1]![nn - 2]!);
      y = x = 0.75 * s;
      w = -0.4375 * s * s;
    }
    its += 1;
    let m = nn - 2;
    for (; m >= l; m--) {
      z = a[m]![m]!;
      r = x - z;
      const s0 = y - z;
      p = (r * s0 - w) / a[m + 1]![m]! + a[m]![m + 1]!;
      q = a[m + 1]![m + 1]! - z - r - s0;
      r = a[m + 2]![m + 1]!;
      const s = Math.abs(p) + Math.abs(q) + Math.abs(r);
      p /= s;
      q /= s;
      r /= s;
      if (m === l) break;
      const u = Math.abs(a[m]![m - 1]!) * (Math.abs(q) + Math.abs(r));
      const v = Math.abs(p) * (Math.abs(a[m - 1]![m - 1]!) + Math.abs(z) + Math.abs(a[m + 1]![m + 1]!));
      if (u + v === v) break;
    }
    for (let i = m + 2; i <= nn; i++) {
      a[i]![i - 2] = 0;
      if (i !== m + 2) a[i]![i - 3] = 0;
    }
    for (let k = m; k <= nn - 1; k++) {
      if (k !== m) {
        p = a[k]![k - 1]!;
        q = a[k + 1]![k - 1]!;
        r = k !== nn - 1 ? a[k + 2]![k - 1]! : 0;
        x = Math.abs(p) + Math.abs(q) + Math.abs(r);
        if (x !== 0) {
          p /= x;
          q /= x;
          r /= x;
        }
      }
      const s = withSign(Math.sqrt(p * p + q * q + r * r), p);
      if (s === 0) continue;
      if (k === m) {
        if (l !== m) a[k]![k - 1] = -a[k]![k - 1]!;
      } else {
        a[k]![k - 1] = -s * x;
      }
      p += s;
      x = p / s;
      y = q / s;
      z = r / s;
      q /= p;
      r /= p;
      for (let j = k; j <= nn; j++) {
        let pp = a[k]![j]! + q * a[k + 1]![j]!;
        if (k !== nn - 1) {
          pp += r * a[k + 2]![j]!;
          a[k + 2]![j] = a[k + 2]![j]! - pp * z;
        }
        a[k + 1]![j] = a[k + 1]![j]! - pp * y;
        a[k]![j] = a[k]![j]! - pp * x;
      }
      const mmin = nn < k + 3 ? nn : k + 3;
      for (let i = l; i <= mmin; i++) {
        let pp = x * a[i]![k]! + y * a[i]![k + 1]!;
        if (k !== nn - 1) {
          pp += z * a[i]![k + 2]!;
          a[i]![k + 2] = a[i]![k + 2]! - pp * r;
        }
        a[i]![k + 1] = a[i]![k + 1]! - pp * q;
        a[i]![k] = a[i]![k]! - pp;
      }
    }
  }
}

/** One matrix to plot in {@link spectrumPlot} / {@link eigenvaluePlot}. */
export interface SpectrumEntry {
  label: string;
  W: Matrix;
}

/**
 * SVG of the singular-value spectra σ_i/σ₁ against the index i (log y), one line per matrix, with the
 * paper's effective rank in the legend. Pure (src/plot).
 *
 * @example
 * const W = gaussianConnectivity({ n: 40, stream: createRandom(0, 'W0') });
 * const Wr = truncateRank(W, 5);
 * const svg = spectrumPlot([{ label: 'Gaussian', W }, { label: 'rank 5', W: Wr }]);
 * svg.startsWith('<svg'); // → true
 */
export function spectrumPlot(entries: readonly SpectrumEntry[], options: { title?: string } = {}): string {
  const series = entries.map((e) => {
    const s = svdValues(e.W);
    const er = effectiveRanksFromSpectrum(s, `spectrumPlot: ${e.label}`);
    const s1 = s[0]!;
    return {
      x: Array.from(s, (_, i) => i + 1),
      y: Array.from(s, (v) => (v / s1 > 1e-16 ? v / s1 : Number.NaN)),
      label: `${e.label} (eff. rank ${er.paper.toFixed(3)}, PR ${er.participationRatio.toFixed(1)})`,
    };
  });
  return linePlot({
    series,
    x: { label: 'index i', scale: 'log' },
    y: { label: 'σ_i / σ₁ (singular values)', scale: 'log' },
    title: options.title ?? 'Singular-value spectra',
  });
}

/**
 * SVG of the eigenvalues in the complex plane (one marker series per matrix), with the unit circle
 * scaled by `radius` when given. Pure (src/plot).
 *
 * @example
 * const W = gaussianConnectivity({ n: 40, gain: 1, stream: createRandom(0, 'W0') });
 * const svg = eigenvaluePlot([{ label: 'Gaussian', W }], { radius: 1 });
 * svg.startsWith('<svg'); // → true
 */
export function eigenvaluePlot(entries: readonly SpectrumEntry[], options: { title?: string; radius?: number } = {}): string {
  const series: { x: number[]; y: number[]; label?: string; marker?: 'circle'; line?: boolean; color?: string }[] = entries.map((e) => {
    const { re, im } = eigenvalues(e.W);
    return { x: Array.from(re), y: Array.from(im), label: `${e.label} (eigenvalues)`, marker: 'circle' as const };
  });
  if (options.radius !== undefined) {
    const k = 181;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < k; i++) {
      const th = (2 * Math.PI * i) / (k - 1);
      xs.push(options.radius * Math.cos(th));
      ys.push(options.radius * Math.sin(th));
    }
    series.push({ x: xs, y: ys, label: `|λ| = ${options.radius}`, line: true, color: '#888888' });
  }
  return linePlot({
    series,
    x: { label: 'Re λ' },
    y: { label: 'Im λ' },
    title: options.title ?? 'Eigenvalues',
  });
}
