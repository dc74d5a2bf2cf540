/**
 * Deterministic benchmark inputs and the O(n²) helpers the correctness checks use.
 *
 * The generator is a 64-bit linear congruential generator (Knuth's MMIX constants) in BigInt-free
 * form: two 32-bit halves, 53 bits per draw. It is not a research-grade stream (the project's
 * seeded streams live in `src/random/`); it only has to give the same well-conditioned-enough
 * numbers on every run and machine, and it is independent of code other engineers are changing.
 *
 * @module
 */
import { Matrix } from '../src/linalg/matrix.js';

/** Uniform numbers in [-1, 1) from a fixed seed (deterministic across runs and machines). */
export function uniformStream(seed: number): () => number {
  // 64-bit LCG x ← a·x + c (mod 2^64), a = 6364136223846793005, c = 1442695040888963407.
  let hi = (seed * 2654435761) >>> 0;
  let lo = (seed ^ 0x9e3779b9) >>> 0;
  const aHi = 0x5851f42d;
  const aLo = 0x4c957f2d;
  const cHi = 0x14057b7e;
  const cLo = 0xf767814f;
  return () => {
    // (hi·2^32 + lo)·(aHi·2^32 + aLo) + c, keeping the low 64 bits, in 16-bit limbs via Math.imul.
    const loProd = mul32(lo, aLo);
    let newLo = loProd.lo + cLo;
    const carry = newLo > 0xffffffff ? 1 : 0;
    newLo >>>= 0;
    const newHi = (loProd.hi + Math.imul(hi, aLo) + Math.imul(lo, aHi) + cHi + carry) >>> 0;
    hi = newHi;
    lo = newLo;
    // Top 53 bits → [0, 1) → [-1, 1).
    const u = (hi * 2097152 + (lo >>> 11)) / 9007199254740992;
    return 2 * u - 1;
  };
}

/** Full 64-bit product of two unsigned 32-bit integers, as {hi, lo}. */
function mul32(a: number, b: number): { hi: number; lo: number } {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lo = ((mid & 0xffff) * 65536 + (p00 & 0xffff)) >>> 0;
  const hi = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
  return { hi, lo };
}

/** An m × n matrix of uniform [-1, 1) entries from `seed`. */
export function randomMatrix(m: number, n: number, seed: number): Matrix {
  const next = uniformStream(seed);
  const out = new Matrix(m, n);
  for (let k = 0; k < out.data.length; k++) out.data[k] = next();
  return out;
}

/** A symmetric n × n matrix (G + Gᵀ)/2 with G from {@link randomMatrix}. */
export function randomSymmetric(n: number, seed: number): Matrix {
  const g = randomMatrix(n, n, seed);
  const out = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out.data[i * n + j] = 0.5 * (g.data[i * n + j] + g.data[j * n + i]);
  }
  return out;
}

/** y = A x, or Aᵀ x when `transpose`. */
export function matVec(A: Matrix, x: Float64Array, transpose = false): Float64Array {
  const { rows, cols, data } = A;
  if (!transpose) {
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      const off = i * cols;
      for (let j = 0; j < cols; j++) s += data[off + j] * x[j];
      y[i] = s;
    }
    return y;
  }
  const y = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    const off = i * cols;
    for (let j = 0; j < cols; j++) y[j] += data[off + j] * xi;
  }
  return y;
}

/** Euclidean norm of a vector, or Frobenius norm of a matrix's data. */
export function norm2(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}

/** ‖a − b‖₂. */
export function diffNorm(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}

/** Fixed probe vectors for the checks: `count` vectors of length n. */
export function probes(n: number, count: number): Float64Array[] {
  const next = uniformStream(7777 + n);
  return Array.from({ length: count }, () => Float64Array.from({ length: n }, next));
}
