/**
 * Cell-type block connectivity with Dale's law (spec `connectivity.md` §2.4 [D]): the toolkit's
 * stand-in for Liu et al.'s "experimentally-driven" initial connectivity, whose tables are unknown.
 *
 * @module
 */
import { ConfigError, DomainError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';
import type { RandomStream } from '../../random/index.js';
import { rescaleConnectivity, type ConnectivityScale } from './rank.js';

/** One cell type: name, fraction of the N units, sign of its outgoing weights (+1 excitatory, −1 inhibitory). */
export interface CellType {
  name: string;
  fraction: number;
  sign: 1 | -1;
}

/** How the generated matrix is balanced (spec §2.4: "subtract the row means or scale I weights"). */
export type CellTypeBalance = 'none' | 'row-mean' | 'inhibitory-scale';

/** Options of {@link cellTypeConnectivity}. Tables are indexed [post type][pre type] (row = receiving unit). */
export interface CellTypeConnectivityOptions {
  n: number;
  types: readonly CellType[];
  /** K×K connection probabilities P[post][pre] ∈ [0, 1]. */
  probability: readonly (readonly number[])[];
  /** K×K mean strengths μ[post][pre] > 0 (mean of the log-normal magnitude). */
  strength: readonly (readonly number[])[];
  /** Log-normal spread s ≥ 0: magnitude = μ·exp(s·Z − s²/2), Z ~ N(0, 1) (mean μ for every s). Default 0.5. */
  logSpread?: number;
  /**
   * `'none'` (default, Dale's law kept); `'row-mean'` subtracts each row's mean from every entry (zero
   * row sums; breaks Dale's law and sparsity); `'inhibitory-scale'` scales each row's I weights so the
   * row sum is 0 (keeps Dale's law and sparsity; a row with E inputs but no I input is refused).
   */
  balance?: CellTypeBalance;
  /** Final rescaling (e.g. `{ frobenius: 1.25·√N }` to match the Gaussian control). Default: none. */
  scale?: ConnectivityScale;
  stream: RandomStream;
}

/** Result of {@link cellTypeConnectivity}. */
export interface CellTypeConnectivity {
  W: Matrix;
  /** Type index of each unit (units are grouped by type, in the order of `types`). */
  typeOf: Int32Array;
  /** Number of units of each type. */
  counts: number[];
  typeNames: string[];
}

/**
 * **Illustrative** default tables (E 80 %, PV 10 %, SST 10 %), loosely shaped like published mouse-V1
 * cell-type tables (dense PV→E/PV inhibition, SST inhibiting E and PV but not SST, sparse E→E). They
 * are NOT the tables of Liu et al. (unknown, spec §2.4, §9 item 4) and not fitted to any data set;
 * use them to exercise the pipeline, and pass your own tables for claims about biology.
 */
export const ILLUSTRATIVE_CELL_TYPES: Readonly<{
  label: string;
  types: readonly CellType[];
  probability: readonly (readonly number[])[];
  strength: readonly (readonly number[])[];
  logSpread: number;
}> = Object.freeze({
  label: 'illustrative (not from data; not the paper\'s tables)',
  types: Object.freeze([
    Object.freeze({ name: 'E', fraction: 0.8, sign: 1 as const }),
    Object.freeze({ name: 'PV', fraction: 0.1, sign: -1 as const }),
    Object.freeze({ name: 'SST', fraction: 0.1, sign: -1 as const }),
  ]),
  // rows: post (E, PV, SST); columns: pre (E, PV, SST)
  probability: Object.freeze([
    Object.freeze([0.1, 0.5, 0.3]),
    Object.freeze([0.4, 0.5, 0.3]),
    Object.freeze([0.3, 0.3, 0.1]),
  ]),
  strength: Object.freeze([
    Object.freeze([1.0, 2.0, 1.5]),
    Object.freeze([1.0, 2.0, 1.5]),
    Object.freeze([1.0, 1.0, 1.0]),
  ]),
  logSpread: 0.5,
});

function checkTable(table: readonly (readonly number[])[], k: number, name: string, check: (v: number) => boolean, rule: string): void {
  if (!Array.isArray(table) || table.length !== k) throw new ConfigError(`cellTypeConnectivity: ${name} must be a ${k}×${k} table (one row per type).`, { path: name });
  for (let a = 0; a < k; a++) {
    const row = table[a];
    if (!Array.isArray(row) || row.length !== k) throw new ConfigError(`cellTypeConnectivity: ${name}[${a}] must have ${k} entries (one per presynaptic type).`, { path: `${name}[${a}]` });
    for (let b = 0; b < k; b++) {
      const v = row[b] as number;
      if (typeof v !== 'number' || !check(v)) throw new ConfigError(`cellTypeConnectivity: ${name}[${a}][${b}] = ${String(v)}; ${rule}.`, { path: `${name}[${a}][${b}]` });
    }
  }
}

/**
 * Unit counts per type from fractions (largest-remainder rounding, summing to n; ties to the earlier type).
 * @example cellTypeCounts(10, [0.34, 0.33, 0.33]); // → [4, 3, 3]
 */
export function cellTypeCounts(n: number, fractions: readonly number[]): number[] {
  const raw = fractions.map((f) => f * n);
  const counts = raw.map((x) => Math.floor(x));
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((p, q) => q.r - p.r || p.i - q.i);
  for (let t = 0; left > 0; t = (t + 1) % order.length, left--) counts[order[t]!.i]! += 1;
  return counts;
}

/**
 * Samples a signed sparse cell-type connectivity matrix obeying Dale's law (spec §2.4 [D]):
 * W_ij = sign(type j)·Bernoulli(P[type i][type j])·LogNormal(μ[type i][type j], s), then the optional
 * balance and rescaling. The block means give a low effective rank and an outlier eigenvalue (for an
 * E-dominated unbalanced matrix); balancing removes the outlier.
 *
 * **Method.** Units are grouped by type (counts by largest-remainder rounding of f_k·N). Entry (i, j)
 * uses two draws of `stream.split('connect')` and `stream.split('strength')` in row-major order, so a
 * change of the tables does not shift other entries' draws. Self-connections are allowed.
 *
 * @throws ConfigError when fractions are negative or do not sum to 1 (±1e-9), a probability is outside
 *   [0, 1], a strength is ≤ 0, a value is NaN, or n < 1; DomainError when 'inhibitory-scale' meets a row
 *   with excitatory input and no inhibitory input
 * @example
 * const { W } = cellTypeConnectivity({ n: 300, ...ILLUSTRATIVE_CELL_TYPES, scale: { frobenius: 1.25 * Math.sqrt(300) }, stream: createRandom(0, 'bio') });
 */
export function cellTypeConnectivity(options: CellTypeConnectivityOptions): CellTypeConnectivity {
  const n = options.n;
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError(`cellTypeConnectivity: n = ${String(n)} must be a positive integer.`, { path: 'n' });
  const types = options.types;
  if (!Array.isArray(types) || types.length < 1) throw new ConfigError('cellTypeConnectivity: types must list at least one cell type.', { path: 'types' });
  const k = types.length;
  let total = 0;
  types.forEach((t, a) => {
    if (!Number.isFinite(t.fraction) || t.fraction < 0) throw new ConfigError(`cellTypeConnectivity: types[${a}].fraction = ${String(t.fraction)} must be a finite number ≥ 0.`, { path: `types[${a}].fraction` });
    if (t.sign !== 1 && t.sign !== -1) throw new ConfigError(`cellTypeConnectivity: types[${a}].sign must be +1 (excitatory) or −1 (inhibitory).`, { path: `types[${a}].sign` });
    total += t.fraction;
  });
  if (Math.abs(total - 1) > 1e-9) throw new ConfigError(`cellTypeConnectivity: the type fractions sum to ${total}; they must sum to 1.`, { path: 'types' });
  checkTable(options.probability, k, 'probability', (v) => Number.isFinite(v) && v >= 0 && v <= 1, 'probabilities must be in [0, 1]');
  checkTable(options.strength, k, 'strength', (v) => Number.isFinite(v) && v > 0, 'mean strengths must be finite and > 0');
  const s = options.logSpread ?? 0.5;
  if (!Number.isFinite(s) || s < 0) throw new ConfigError(`cellTypeConnectivity: logSpread = ${String(s)} must be finite and ≥ 0.`, { path: 'logSpread' });
  const balance = options.balance ?? 'none';
  if (!['none', 'row-mean', 'inhibitory-scale'].includes(balance)) {
    throw new ConfigError(`cellTypeConnectivity: balance = '${String(balance)}' is unknown; use 'none', 'row-mean' or 'inhibitory-scale'.`, { path: 'balance' });
  }

  const counts = cellTypeCounts(n, types.map((t) => t.fraction));
  const typeOf = new Int32Array(n);
  let at = 0;
  counts.forEach((c, a) => {
    for (let q = 0; q < c; q++) typeOf[at++] = a;
  });
  const connect = options.stream.split('connect');
  const strength = options.stream.split('strength');
  const W = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    const ti = typeOf[i]!;
    for (let j = 0; j < n; j++) {
      const tj = typeOf[j]!;
      const u = connect.uniform();
      const z = strength.normal();
      if (u < options.probability[ti]![tj]!) {
        W.data[i * n + j] = types[tj]!.sign * options.strength[ti]![tj]! * Math.exp(s * z - (s * s) / 2);
      }
    }
  }
  if (balance === 'row-mean') {
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let j = 0; j < n; j++) m += W.data[i * n + j]!;
      m /= n;
      for (let j = 0; j < n; j++) W.data[i * n + j] = W.data[i * n + j]! - m;
    }
  } else if (balance === 'inhibitory-scale') {
    for (let i = 0; i < n; i++) {
      let e = 0;
      let inh = 0;
      for (let j = 0; j < n; j++) {
        const v = W.data[i * n + j]!;
        if (v > 0) e += v;
        else inh -= v;
      }
      if (inh === 0) {
        if (e > 0) throw new DomainError(`cellTypeConnectivity: row ${i} has excitatory input but no inhibitory input, so 'inhibitory-scale' cannot balance it; raise the I→${types[typeOf[i]!]!.name} probabilities or use balance 'row-mean'.`);
        continue;
      }
      const f = e / inh;
      for (let j = 0; j < n; j++) if (W.data[i * n + j]! < 0) W.data[i * n + j] = W.data[i * n + j]! * f;
    }
  }
  const out = options.scale === undefined ? W : rescaleConnectivity(W, options.scale, 'cellTypeConnectivity');
  return { W: out, typeOf, counts, typeNames: types.map((t) => t.name) };
}
