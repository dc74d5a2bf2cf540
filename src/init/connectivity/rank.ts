/**
 * Rank-controlled initial connectivity (Liu et al., ICLR 2024; spec `connectivity.md` §2.1–2.2):
 * the Gaussian base W0 = g·G/√N, rank-r truncation with the paper's Frobenius renormalisation (or
 * the spectral-radius / σ₁ controls), spectrum shaping, low-rank plus noise, task-aligned low rank
 * (Prop. 1) and the entry-shuffle control. Every random draw comes from an explicit stream.
 *
 * @module
 */
import { ConfigError, DomainError, ShapeError } from '../../errors/index.js';
import { Matrix, assertFinite } from '../../linalg/matrix.js';
import { svd } from '../../linalg/decompositions.js';
import { frobeniusNorm } from '../../linalg/norms.js';
import { gaussianMatrix, haarSemiOrthogonal, randomUnitVector, type RandomStream } from '../../random/index.js';
import { spectralRadius } from '../../metrics/effective-rank.js';

/** How a reshaped matrix is rescaled: to a Frobenius norm, a spectral radius max|λ| or a top singular value σ₁. */
export type ConnectivityScale = { frobenius: number } | { spectralRadius: number } | { sigma1: number };

/** The quantity a truncation keeps equal to the full matrix's (spec §2.1; `'none'` keeps the plain truncation). */
export type TruncationNorm = 'frobenius' | 'spectral-radius' | 'sigma1' | 'none';

function checkPositiveInt(value: number, path: string, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${path} = ${String(value)} is not a positive integer; pass ${what}.`, { path });
  }
}

function checkPositiveFinite(value: number, path: string, what: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${path} = ${String(value)} must be a finite number > 0 (${what}).`, { path });
  }
}

/**
 * The paper's Gaussian base W0 = g·G/√N with G_ij ~ N(0, 1) (spec §1.1; code default g = 1.25,
 * reviewer 2 quotes 1.5). Spectral radius ≈ g, ‖W0‖_F ≈ g√N.
 *
 * @param options - `n` (N ≥ 1), `gain` g > 0 (default 1.25), `stream` (draws N² normals row-major)
 * @throws ConfigError for a bad n or gain
 * @example
 * const W0 = gaussianConnectivity({ n: 300, gain: 1.25, stream: createRandom(0, 'W0') });
 */
export function gaussianConnectivity(options: { n: number; gain?: number; stream: RandomStream }): Matrix {
  checkPositiveInt(options.n, 'gaussianConnectivity.n', 'the number of units N ≥ 1');
  const gain = options.gain ?? 1.25;
  checkPositiveFinite(gain, 'gaussianConnectivity.gain', 'the gain g of W0 = g·G/√N');
  return gaussianMatrix(options.stream, options.n, options.n, { std: gain / Math.sqrt(options.n) });
}

/**
 * W rescaled by a positive factor so that its Frobenius norm, spectral radius or σ₁ equals the target.
 *
 * @throws ConfigError for a non-positive target; DomainError when the measured quantity is 0 (e.g. a
 *   nilpotent matrix has spectral radius 0 and cannot be rescaled to a non-zero radius)
 * @example
 * const W = gaussianConnectivity({ n: 50, stream: createRandom(0, 'W0') });
 * const Wm = rescaleConnectivity(W, { spectralRadius: 0.9 }); // dynamics-matched control of §2.1
 * spectralRadius(Wm); // → 0.9
 */
export function rescaleConnectivity(W: Matrix, target: ConnectivityScale, what = 'rescaleConnectivity'): Matrix {
  assertFinite(W, `${what}: W`);
  let value: number;
  let current: number;
  let name: string;
  if ('frobenius' in target) {
    value = target.frobenius;
    current = frobeniusNorm(W);
    name = 'Frobenius norm';
  } else if ('spectralRadius' in target) {
    value = target.spectralRadius;
    if (!W.isSquare) throw new ShapeError(`${what}: a spectral radius needs a square W, got ${W.rows}×${W.cols}; rescale by frobenius or sigma1 instead.`);
    current = spectralRadius(W);
    name = 'spectral radius';
  } else if ('sigma1' in target) {
    value = target.sigma1;
    current = W.rows > 0 && W.cols > 0 ? svd(W).s[0]! : 0;
    name = 'top singular value σ₁';
  } else {
    throw new ConfigError(`${what}: the scale target must be { frobenius }, { spectralRadius } or { sigma1 }.`, { path: `${what}.scale` });
  }
  checkPositiveFinite(value, `${what}.scale`, `the target ${name}`);
  // Relative to the matrix's size: a radius of 1e-14·‖W‖_F is round-off, not a radius.
  if (!(current > 1e-13 * frobeniusNorm(W)) || current === 0) {
    throw new DomainError(`${what}: the ${name} of W is ${current} (zero up to round-off), so W cannot be rescaled to ${value}; use another normalisation (e.g. frobenius).`);
  }
  const out = W.clone();
  const f = value / current;
  for (let k = 0; k < out.data.length; k++) out.data[k] = out.data[k]! * f;
  return out;
}

/**
 * Best rank-r approximation of W (top r singular triplets), renormalised as in Liu et al.'s code
 * (spec §2.1 [V-code]): by default W_r·‖W‖_F/‖W_r‖_F, i.e. the kept singular values are scaled up
 * uniformly by √(Σσ²/Σ_{i≤r}σ_i²). `'spectral-radius'` matches max|λ| instead (the dynamics-matched
 * control of §2.1), `'sigma1'` keeps σ₁ (= the plain truncation), `'none'` returns the plain
 * truncation.
 *
 * **Special cases.** r = min(m, n) returns W itself (to round-off) under every normalisation. Rank 1
 * puts the whole Frobenius norm (≈ g√N) into σ₁ while its one eigenvalue σ₁(v₁ᵀu₁) is O(g): strongly
 * non-normal (§2.1).
 *
 * @param W - any real finite matrix with at least one non-zero singular value
 * @param rank - 1 ≤ r ≤ min(rows, cols)
 * @param options - `normalize` (default `'frobenius'`)
 * @throws ConfigError for r outside [1, min(m, n)] or an unknown normalisation; DomainError on NaN/±∞,
 *   a zero W, or (spectral radius) a truncation whose eigenvalues are all 0
 * @example
 * const W0 = gaussianConnectivity({ n: 50, stream: createRandom(0, 'W0') });
 * const W30 = truncateRank(W0, 30); // ‖W30‖_F = ‖W0‖_F, rank 30
 * matrixRank(W30); // → 30
 * frobeniusNorm(W30) / frobeniusNorm(W0); // → 1.000000
 */
export function truncateRank(W: Matrix, rank: number, options: { normalize?: TruncationNorm } = {}): Matrix {
  return truncateRanks(W, [rank], options)[0]!;
}

/**
 * {@link truncateRank} for several ranks from one SVD of W (the paper's protocol: the same W0 is
 * truncated for every rank, spec §1.3). Returns one matrix per entry of `ranks`, in order.
 *
 * @example
 * const W0 = gaussianConnectivity({ n: 40, stream: createRandom(0, 'W0') });
 * const [W1, W10, W40] = truncateRanks(W0, [1, 10, 40]);
 * [matrixRank(W1), matrixRank(W10), matrixRank(W40)]; // → [1, 10, 40]
 */
export function truncateRanks(W: Matrix, ranks: readonly number[], options: { normalize?: TruncationNorm } = {}): Matrix[] {
  assertFinite(W, 'truncateRank: W');
  const k = Math.min(W.rows, W.cols);
  for (const rank of ranks) {
    if (!Number.isSafeInteger(rank) || rank < 1 || rank > k) {
      throw new ConfigError(`truncateRank: rank = ${String(rank)} must be an integer in [1, ${k}] (min of W's ${W.rows}×${W.cols} shape).`, { path: 'rank' });
    }
  }
  const normalize = options.normalize ?? 'frobenius';
  if (!['frobenius', 'spectral-radius', 'sigma1', 'none'].includes(normalize)) {
    throw new ConfigError(`truncateRank: normalize = '${String(normalize)}' is unknown; use 'frobenius', 'spectral-radius', 'sigma1' or 'none'.`, { path: 'normalize' });
  }
  if (normalize === 'spectral-radius' && !W.isSquare) {
    throw new ShapeError(`truncateRank: normalize 'spectral-radius' needs a square W, got ${W.rows}×${W.cols}.`);
  }
  const { U, s, Vt } = svd(W);
  if (!(s[0]! > 0)) throw new DomainError('truncateRank: W is the zero matrix, which has no rank-r truncation; pass a non-zero W.');
  const rho = normalize === 'spectral-radius' ? spectralRadius(W) : 0;
  return ranks.map((rank) => {
    const Wr = new Matrix(W.rows, W.cols);
    for (let i = 0; i < W.rows; i++) {
      for (let j = 0; j < W.cols; j++) {
        let acc = 0;
        for (let q = 0; q < rank; q++) acc += U.data[i * U.cols + q]! * s[q]! * Vt.data[q * Vt.cols + j]!;
        Wr.data[i * W.cols + j] = acc;
      }
    }
    if (normalize === 'none' || normalize === 'sigma1') return Wr;
    if (normalize === 'spectral-radius') return rescaleConnectivity(Wr, { spectralRadius: rho }, 'truncateRank');
    let all = 0;
    let kept = 0;
    for (let q = 0; q < s.length; q++) all += s[q]! * s[q]!;
    for (let q = 0; q < rank; q++) kept += s[q]! * s[q]!;
    const f = Math.sqrt(all / kept);
    for (let t = 0; t < Wr.data.length; t++) Wr.data[t] = Wr.data[t]! * f;
    return Wr;
  });
}

/** A singular-value profile for {@link shapedSpectrum}: s_i ∝ i^(−p) or s_i ∝ exp(−(i−1)/ℓ), i = 1…N. */
export type SpectrumProfile = { kind: 'power'; exponent: number } | { kind: 'exponential'; length: number } | { kind: 'values'; values: ArrayLike<number> };

/**
 * The profile's singular values (descending, unnormalised) for N values.
 * @example spectrumProfileValues({ kind: 'power', exponent: 1 }, 3); // → [1, 0.5, 0.333333]
 */
export function spectrumProfileValues(profile: SpectrumProfile, n: number): Float64Array {
  const s = new Float64Array(n);
  if (profile.kind === 'power') {
    if (!Number.isFinite(profile.exponent) || profile.exponent < 0) {
      throw new ConfigError(`shapedSpectrum: profile.exponent = ${String(profile.exponent)} must be finite and ≥ 0 (s_i ∝ i^(−p)).`, { path: 'profile.exponent' });
    }
    for (let i = 0; i < n; i++) s[i] = Math.pow(i + 1, -profile.exponent);
  } else if (profile.kind === 'exponential') {
    checkPositiveFinite(profile.length, 'shapedSpectrum.profile.length', 'the decay length ℓ of s_i ∝ exp(−(i−1)/ℓ)');
    for (let i = 0; i < n; i++) s[i] = Math.exp(-i / profile.length);
  } else if (profile.kind === 'values') {
    if (profile.values.length !== n) {
      throw new ConfigError(`shapedSpectrum: profile.values has ${profile.values.length} entries; pass min(rows, cols) = ${n}.`, { path: 'profile.values' });
    }
    for (let i = 0; i < n; i++) {
      const v = profile.values[i]!;
      if (!Number.isFinite(v) || v < 0) throw new ConfigError(`shapedSpectrum: profile.values[${i}] = ${String(v)} must be finite and ≥ 0.`, { path: `profile.values[${i}]` });
      s[i] = v;
    }
  } else {
    throw new ConfigError(`shapedSpectrum: profile.kind must be 'power', 'exponential' or 'values'.`, { path: 'profile.kind' });
  }
  return s;
}

/**
 * W = U diag(s) Vᵀ with Haar-random U, V and a prescribed singular-value profile, rescaled to a
 * Frobenius norm (spec §2.2 [D]): varies the effective rank continuously (power exponent p = 0 is
 * flat, PR = N; large p approaches rank 1).
 *
 * @param options - `rows`, `cols` (default rows), `profile`, `frobenius` (default g√rows with g = 1.25,
 *   the norm of the matching Gaussian W0), `stream` (splits 'U' and 'V')
 * @throws ConfigError on bad sizes/profiles; DomainError when every profile value is 0
 * @example
 * const W = shapedSpectrum({ rows: 100, profile: { kind: 'power', exponent: 1 }, stream: createRandom(0, 'W') });
 */
export function shapedSpectrum(options: { rows: number; cols?: number; profile: SpectrumProfile; frobenius?: number; stream: RandomStream }): Matrix {
  const rows = options.rows;
  const cols = options.cols ?? rows;
  checkPositiveInt(rows, 'shapedSpectrum.rows', 'the number of rows ≥ 1');
  checkPositiveInt(cols, 'shapedSpectrum.cols', 'the number of columns ≥ 1');
  const k = Math.min(rows, cols);
  const frob = options.frobenius ?? 1.25 * Math.sqrt(rows);
  checkPositiveFinite(frob, 'shapedSpectrum.frobenius', 'the target Frobenius norm');
  const s = spectrumProfileValues(options.profile, k);
  let norm = 0;
  for (let i = 0; i < k; i++) norm += s[i]! * s[i]!;
  if (!(norm > 0)) throw new DomainError('shapedSpectrum: every singular value of the profile is 0; pass a profile with a positive value.');
  const f = frob / Math.sqrt(norm);
  const U = haarSemiOrthogonal(options.stream.split('U'), rows, k);
  const V = haarSemiOrthogonal(options.stream.split('V'), cols, k);
  const W = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let q = 0; q < k; q++) acc += U.data[i * k + q]! * s[q]! * V.data[j * k + q]!;
      W.data[i * cols + j] = acc * f;
    }
  }
  return W;
}

/**
 * Low-rank plus noise (Mastrogiuseppe–Ostojic style; spec §2.2 [D]): W = Σ_{k≤r} m_k n_kᵀ/N + ε·G/√N
 * with m_k, n_k, G standard Gaussian, optionally rescaled to a Frobenius norm.
 *
 * @param options - `n` (N), `rank` r (1…N), `noise` ε ≥ 0, `frobenius` (optional target), `stream`
 *   (splits 'm', 'n', 'noise')
 * @throws ConfigError for r outside [1, N], ε < 0 or a bad target
 * @example
 * const stream = createRandom(0, 'lowrank');
 * const W = lowRankPlusNoise({ n: 200, rank: 2, noise: 0.5, frobenius: 1.25 * Math.sqrt(200), stream });
 * frobeniusNorm(W); // → 17.6777
 */
export function lowRankPlusNoise(options: { n: number; rank: number; noise: number; frobenius?: number; stream: RandomStream }): Matrix {
  const n = options.n;
  checkPositiveInt(n, 'lowRankPlusNoise.n', 'the number of units N ≥ 1');
  if (!Number.isSafeInteger(options.rank) || options.rank < 1 || options.rank > n) {
    throw new ConfigError(`lowRankPlusNoise.rank = ${String(options.rank)} must be an integer in [1, N = ${n}].`, { path: 'lowRankPlusNoise.rank' });
  }
  if (!Number.isFinite(options.noise) || options.noise < 0) {
    throw new ConfigError(`lowRankPlusNoise.noise = ${String(options.noise)} must be finite and ≥ 0 (the ε of ε·G/√N).`, { path: 'lowRankPlusNoise.noise' });
  }
  const r = options.rank;
  const m = gaussianMatrix(options.stream.split('m'), n, r);
  const nn = gaussianMatrix(options.stream.split('n'), n, r);
  const W = gaussianMatrix(options.stream.split('noise'), n, n, { std: options.noise / Math.sqrt(n) });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let q = 0; q < r; q++) acc += m.data[i * r + q]! * nn.data[j * r + q]!;
      W.data[i * n + j] = W.data[i * n + j]! + acc / n;
    }
  }
  return options.frobenius === undefined ? W : rescaleConnectivity(W, { frobenius: options.frobenius }, 'lowRankPlusNoise');
}

/**
 * Task-aligned rank-1 first layer (Liu et al. Prop. 1, Fig. 3; spec §2.2, §4.4 [V-src idea, D
 * formula]): W₁(0) = σ·u β̂ᵀ (h × d) with β̂ = β/‖β‖ and u a unit vector (random from `stream`, or
 * given). ‖W₁‖_F = σ; its readout-block task alignment ‖W₁β̂‖²/‖W₁‖_F² is exactly 1.
 *
 * @param options - `beta` (length d, non-zero), `hidden` h, `sigma` (Frobenius norm, > 0; use the norm
 *   of the matching Gaussian init), `u` (length h) or `stream`
 * @throws ConfigError when β is zero or non-finite, sizes disagree, or neither u nor stream is given
 * @example
 * const beta = [1, 0, 0];
 * const W1 = taskAlignedLowRank({ beta, hidden: 50, sigma: Math.sqrt(50), stream: createRandom(0, 'u') });
 * [W1.rows, W1.cols, matrixRank(W1)]; // → [50, 3, 1]
 */
export function taskAlignedLowRank(options: { beta: ArrayLike<number>; hidden: number; sigma: number; u?: ArrayLike<number>; stream?: RandomStream }): Matrix {
  const d = options.beta.length;
  checkPositiveInt(d, 'taskAlignedLowRank.beta.length', 'a task vector β with at least one entry');
  checkPositiveInt(options.hidden, 'taskAlignedLowRank.hidden', 'the hidden width h ≥ 1');
  checkPositiveFinite(options.sigma, 'taskAlignedLowRank.sigma', 'the Frobenius norm σ of W₁(0)');
  let bn = 0;
  for (let i = 0; i < d; i++) {
    const b = options.beta[i]!;
    if (!Number.isFinite(b)) throw new ConfigError(`taskAlignedLowRank: beta[${i}] = ${String(b)} is not finite; pass a finite task vector.`, { path: `beta[${i}]` });
    bn += b * b;
  }
  if (bn === 0) throw new ConfigError('taskAlignedLowRank: beta is the zero vector, which has no direction; pass a non-zero task vector.', { path: 'beta' });
  bn = Math.sqrt(bn);
  let u: Float64Array;
  if (options.u !== undefined) {
    if (options.u.length !== options.hidden) throw new ConfigError(`taskAlignedLowRank: u has ${options.u.length} entries; pass h = ${options.hidden}.`, { path: 'u' });
    let un = 0;
    for (let i = 0; i < options.u.length; i++) un += options.u[i]! * options.u[i]!;
    if (!(un > 0) || !Number.isFinite(un)) throw new ConfigError('taskAlignedLowRank: u must be a finite non-zero vector.', { path: 'u' });
    un = Math.sqrt(un);
    u = Float64Array.from(options.u, (x) => x / un);
  } else if (options.stream !== undefined) {
    u = randomUnitVector(options.stream, options.hidden);
  } else {
    throw new ConfigError('taskAlignedLowRank: pass either the unit vector u or a stream to draw it.', { path: 'u' });
  }
  const W = new Matrix(options.hidden, d);
  for (let i = 0; i < options.hidden; i++) for (let j = 0; j < d; j++) W.data[i * d + j] = (options.sigma * u[i]! * options.beta[j]!) / bn;
  return W;
}

/**
 * The shuffle control (spec §2.4 [D]): the entries of W permuted uniformly at random. Keeps the weight
 * distribution (hence ‖W‖_F, the sign counts, the sparsity) and destroys the block structure, which
 * raises the effective rank. A plain shuffle breaks Dale's law (column signs); pass `columnGroups`
 * (e.g. +1/−1 per presynaptic unit) to permute entries only among columns of the same group, which
 * keeps every column's sign — and with it the rank-1 sign-mean component, so the effective rank stays
 * low (measured with the illustrative tables at N = 200: 0.090 cell-type, 0.101 sign-preserving
 * shuffle, 0.403 plain shuffle): the low effective rank of a Dale matrix comes mostly from its signs.
 *
 * @param options - `keepDiagonal` (default false): permute only off-diagonal entries of a square W;
 *   `columnGroups`: one integer label per column
 * @throws ShapeError for keepDiagonal on a non-square W or a columnGroups of the wrong length
 * @example
 * const Wbio = Matrix.from([[0, -1, 2], [1, 0, -3], [2, -2, 0]]); // column 1 inhibitory, 0 and 2 excitatory
 * const signs = [1, -1, 1];
 * const control = shuffleEntries(Wbio, createRandom(0, 'shuffle'));
 * const daleControl = shuffleEntries(Wbio, createRandom(0, 'shuffle'), { columnGroups: signs });
 * [0, 1, 2].map((i) => daleControl.get(i, 1) <= 0); // → [true, true, true]
 */
export function shuffleEntries(W: Matrix, stream: RandomStream, options: { keepDiagonal?: boolean; columnGroups?: ArrayLike<number> } = {}): Matrix {
  assertFinite(W, 'shuffleEntries: W');
  if (options.keepDiagonal === true && !W.isSquare) throw new ShapeError(`shuffleEntries: keepDiagonal needs a square W, got ${W.rows}×${W.cols}.`);
  const groups = options.columnGroups;
  if (groups !== undefined && groups.length !== W.cols) {
    throw new ShapeError(`shuffleEntries: columnGroups has ${groups.length} labels; pass one per column (${W.cols}).`);
  }
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < W.rows; i++) {
    for (let j = 0; j < W.cols; j++) {
      if (options.keepDiagonal === true && i === j) continue;
      const g = groups === undefined ? 0 : groups[j]!;
      let b = buckets.get(g);
      if (b === undefined) {
        b = [];
        buckets.set(g, b);
      }
      b.push(i * W.cols + j);
    }
  }
  const out = W.clone();
  const labels = [...buckets.keys()].sort((a, b) => a - b);
  for (const g of labels) {
    const idx = buckets.get(g)!;
    const p = stream.permutation(idx.length);
    for (let k = 0; k < idx.length; k++) out.data[idx[k]!] = W.data[idx[p[k]!]!]!;
  }
  return out;
}
