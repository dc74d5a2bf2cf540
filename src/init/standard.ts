/**
 * Standard random initialisations of two-layer linear networks (Gaussian, LeCun, Glorot, He,
 * "scaled") and the balance λ they approach at large width (Dominé et al., ICLR 2025, App. A.3;
 * spec `lazy-to-rich.md` §2.3 "λ from standard random inits" and §5.6).
 *
 * @module
 */
import { ConfigError } from '../errors/index.js';
import type { Matrix } from '../linalg/matrix.js';
import { gaussianMatrix } from '../random/matrices.js';
import type { RandomStream } from '../random/stream.js';

/** The standard variance-scaling schemes with a tabulated large-width λ (spec §5.6). */
export type StandardInitKind = 'lecun' | 'glorot' | 'he' | 'scaled';

/** Random two-layer weights plus the λ they are balanced to in expectation. */
export interface RandomInitWeights {
  /** N_h × N_i. */
  readonly W1: Matrix;
  /** N_o × N_h. */
  readonly W2: Matrix;
  /** Standard deviation of the entries of W₁. */
  readonly std1: number;
  /** Standard deviation of the entries of W₂. */
  readonly std2: number;
  /** E[W₂ᵀW₂ − W₁W₁ᵀ] = (N_o σ₂² − N_i σ₁²) I: the λ approached as the widths grow. */
  readonly expectedLambda: number;
}

function dims(o: { ni: unknown; nh: unknown; no: unknown }, fn: string): [number, number, number] {
  return (['ni', 'nh', 'no'] as const).map((k) => {
    const n = o[k];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
      throw new ConfigError(`${fn}: ${k} is ${String(n)}; it must be a positive integer.`, { path: k });
    }
    return n;
  }) as [number, number, number];
}

function checkStd(v: unknown, path: string, fn: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ConfigError(`${fn}: ${path} is ${String(v)}; a standard deviation must be a finite number ≥ 0.`, { path });
  }
  return v;
}

/**
 * W₁ (N_h×N_i) and W₂ (N_o×N_h) with i.i.d. N(0, std1²) and N(0, std2²) entries (spec §2.3 [T]).
 *
 * **Method.** W₁ from the child stream 'W1', W₂ from 'W2' of `stream` (row-major fills), so each layer
 * depends only on the stream identity. E[W₂ᵀW₂ − W₁W₁ᵀ] = (N_o std2² − N_i std1²) I; the deviation of
 * one draw from that is O(1/√width), so such inits are only λ-balanced as the widths → ∞ (App. A.3).
 *
 * @throws ConfigError on bad sizes or a negative / non-finite std
 * @example
 * const { W1, W2, expectedLambda } = gaussianInit({ ni: 4, nh: 50, no: 2, std1: 0.1, std2: 0.1, stream: createRandom(0) });
 * [W1.shape, W2.shape]; // → [[50, 4], [2, 50]]
 */
export function gaussianInit(options: {
  ni: number;
  nh: number;
  no: number;
  std1: number;
  std2: number;
  stream: RandomStream;
}): RandomInitWeights {
  const [ni, nh, no] = dims(options, 'gaussianInit');
  const std1 = checkStd(options.std1, 'std1', 'gaussianInit');
  const std2 = checkStd(options.std2, 'std2', 'gaussianInit');
  const W1 = gaussianMatrix(options.stream.split('W1'), nh, ni, { std: std1 });
  const W2 = gaussianMatrix(options.stream.split('W2'), no, nh, { std: std2 });
  return { W1, W2, std1, std2, expectedLambda: no * std2 * std2 - ni * std1 * std1 };
}

/**
 * Per-layer standard deviations of a variance-scaling scheme (thesis table [T], spec §5.6):
 * LeCun σ₁² = 1/N_i, σ₂² = 1/N_h; Glorot σ₁² = 2/(N_i+N_h), σ₂² = 2/(N_h+N_o); He σ₁² = 2/N_i,
 * σ₂² = 2/N_h; scaled σ₁² = α₁²/N_i, σ₂² = α₂²/N_h.
 *
 * @example standardStds('lecun', 40, 200, 80); // → { std1: 0.158114, std2: 0.0707107 } (1/√40, 1/√200)
 */
export function standardStds(
  kind: StandardInitKind,
  ni: number,
  nh: number,
  no: number,
  options: { alpha1?: number; alpha2?: number } = {},
): { std1: number; std2: number } {
  [ni, nh, no] = dims({ ni, nh, no }, 'standardStds');
  switch (kind) {
    case 'lecun':
      return { std1: Math.sqrt(1 / ni), std2: Math.sqrt(1 / nh) };
    case 'glorot':
      return { std1: Math.sqrt(2 / (ni + nh)), std2: Math.sqrt(2 / (nh + no)) };
    case 'he':
      return { std1: Math.sqrt(2 / ni), std2: Math.sqrt(2 / nh) };
    case 'scaled': {
      const a1 = options.alpha1 ?? 1;
      const a2 = options.alpha2 ?? 1;
      if (!Number.isFinite(a1) || !Number.isFinite(a2)) {
        throw new ConfigError(`standardStds: alpha1 = ${String(a1)} and alpha2 = ${String(a2)} must be finite numbers.`, {
          path: 'alpha1',
        });
      }
      return { std1: Math.abs(a1) / Math.sqrt(ni), std2: Math.abs(a2) / Math.sqrt(nh) };
    }
    default:
      throw new ConfigError(`standardStds: kind is ${JSON.stringify(kind)}; use "lecun", "glorot", "he" or "scaled".`, {
        path: 'kind',
      });
  }
}

/**
 * The λ a standard random init is balanced to in expectation (and in the infinite-width limit at
 * fixed ratios), λ = N_o σ₂² − N_i σ₁² (Dominé et al. 2025, App. A.3; spec §2.3, §5.6 [T/P; V]):
 * - LeCun: N_o/N_h − 1;
 * - Glorot: 2(N_o/(N_h+N_o) − N_i/(N_i+N_h));
 * - He: 2(N_o/N_h − 1);
 * - scaled (variance α_l²/fan_in): (N_o/N_h)α₂² − α₁².
 *
 * **Special cases.** LeCun with N_h = N_o gives 0 (zero-balanced in the limit); for 40-200-80,
 * −0.6 (sampled mean diagonal −0.618 in spec §2.3).
 *
 * @example expectedLambda('lecun', 40, 200, 80); // → -0.6
 */
export function expectedLambda(
  kind: StandardInitKind,
  ni: number,
  nh: number,
  no: number,
  options: { alpha1?: number; alpha2?: number } = {},
): number {
  [ni, nh, no] = dims({ ni, nh, no }, 'expectedLambda');
  switch (kind) {
    case 'lecun':
      return no / nh - 1;
    case 'glorot':
      return 2 * (no / (nh + no) - ni / (ni + nh));
    case 'he':
      return 2 * (no / nh - 1);
    default: {
      const { std1, std2 } = standardStds(kind, ni, nh, no, options);
      return no * std2 * std2 - ni * std1 * std1;
    }
  }
}

/**
 * A variance-scaling init ({@link standardStds}) drawn as in {@link gaussianInit}.
 * @example
 * const w = standardInit('glorot', { ni: 10, nh: 100, no: 5, stream: createRandom(2) });
 * w.W1.shape; // → [100, 10]
 */
export function standardInit(
  kind: StandardInitKind,
  options: { ni: number; nh: number; no: number; stream: RandomStream; alpha1?: number; alpha2?: number },
): RandomInitWeights {
  const { std1, std2 } = standardStds(kind, options.ni, options.nh, options.no, options);
  const w = gaussianInit({ ...options, std1, std2 });
  return { ...w, expectedLambda: expectedLambda(kind, options.ni, options.nh, options.no, options) };
}

/**
 * LeCun normal init: σ₁² = 1/N_i, σ₂² = 1/N_h (spec §2.3); `expectedLambda` = N_o/N_h − 1.
 * @example
 * const w = lecunInit({ ni: 40, nh: 200, no: 80, stream: createRandom(0, 'lecun') });
 * w.W2.shape; // → [80, 200]
 */
export function lecunInit(options: { ni: number; nh: number; no: number; stream: RandomStream }): RandomInitWeights {
  return standardInit('lecun', options);
}
