/**
 * Philox4x32-10, the counter-based generator behind every lazyrich random stream.
 *
 * A counter-based generator is a keyed bijection of a 128-bit counter: block `b` of a stream is
 * `philox(counter(b), key)`, so any block can be computed directly, streams with different keys (or
 * counter high words) never share state, and splitting work over N workers needs no coordination.
 *
 * **Method.** Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11,
 * §3.3 and Table 2. One round maps the counter words (x0, x1, x2, x3) and key (k0, k1) to
 *
 *     (hi(M1·x2) ⊕ x1 ⊕ k0,  lo(M1·x2),  hi(M0·x0) ⊕ x3 ⊕ k1,  lo(M0·x0))
 *
 * with M0 = 0xD2511F53, M1 = 0xCD9E8D57; between rounds the key is bumped by the Weyl constants
 * (0x9E3779B9, 0xBB67AE85). Ten rounds. `lo` is `Math.imul`; `hi`, the high word of the exact
 * 64-bit product, is assembled from 16-bit partial products (see {@link philoxFill}). Only exact
 * 32-bit integer operations are used, so the output is identical on every JavaScript engine and
 * platform.
 *
 * Verified against the Random123 known-answer vectors (tests/kat_vectors) and an independent
 * Python implementation (tools/fixtures/random.py).
 *
 * @module
 */

// Constants as int32 bit patterns: every word below is kept as int32 bits, so V8 never boxes a
// value ≥ 2^31 as a double (3× faster than uint32 arithmetic in float64; measured).
const M0 = 0xd2511f53 | 0;
const M0_HI = 0xd251;
const M0_LO = 0x1f53;
const M1 = 0xcd9e8d57 | 0;
const M1_HI = 0xcd9e;
const M1_LO = 0x8d57;
const W0 = 0x9e3779b9 | 0;
const W1 = 0xbb67ae85 | 0;

/**
 * Fills `out[offset .. offset + 4·nBlocks)` with the Philox4x32-10 blocks of nBlocks consecutive
 * counters starting at (c0, c1, c2, c3), under key (k0, k1). "Consecutive" increments the 64-bit
 * low half (c1·2^32 + c0) modulo 2^64; c2 and c3 stay fixed. Word arguments are uint32 (or int32)
 * bit patterns. This is the hot loop of the random streams.
 *
 * The high word of the 32×32-bit product x·M is assembled from four 16×16-bit partial products
 * (each exact in `Math.imul`): with x = xh·2^16 + xl and M = Mh·2^16 + Ml,
 * hi(x·M) = xh·Mh + ⌊xl·Mh / 2^16⌋ + ⌊xh·Ml / 2^16⌋ + ⌊mid / 2^16⌋ (mod 2^32), where
 * mid = ⌊xl·Ml / 2^16⌋ + (xl·Mh mod 2^16) + (xh·Ml mod 2^16) carries the middle column.
 */
export function philoxFill(
  out: Uint32Array,
  offset: number,
  nBlocks: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
): void {
  let lo = c0 | 0;
  let hi = c1 | 0;
  for (let b = 0; b < nBlocks; b++) {
    let x0 = lo;
    let x1 = hi;
    let x2 = c2 | 0;
    let x3 = c3 | 0;
    let ka = k0 | 0;
    let kb = k1 | 0;
    for (let r = 0; r < 10; r++) {
      // hi(M0·x0)
      let xl = x0 & 0xffff;
      let xh = x0 >>> 16;
      let ll = Math.imul(xl, M0_LO);
      let lh = Math.imul(xl, M0_HI);
      let hl = Math.imul(xh, M0_LO);
      let mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
      const hi0 = (Math.imul(xh, M0_HI) + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
      // hi(M1·x2)
      xl = x2 & 0xffff;
      xh = x2 >>> 16;
      ll = Math.imul(xl, M1_LO);
      lh = Math.imul(xl, M1_HI);
      hl = Math.imul(xh, M1_LO);
      mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
      const hi1 = (Math.imul(xh, M1_HI) + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
      const lo0 = Math.imul(x0, M0);
      x0 = hi1 ^ x1 ^ ka;
      x1 = Math.imul(x2, M1);
      x2 = hi0 ^ x3 ^ kb;
      x3 = lo0;
      // key schedule (the bump after the last round is unused)
      ka = (ka + W0) | 0;
      kb = (kb + W1) | 0;
    }
    const o = offset + 4 * b;
    out[o] = x0;
    out[o + 1] = x1;
    out[o + 2] = x2;
    out[o + 3] = x3;
    lo = (lo + 1) | 0;
    if (lo === 0) hi = (hi + 1) | 0;
  }
}

/**
 * One Philox4x32-10 block: the bijection of the 128-bit counter `ctr` (four uint32 words, word 0
 * least significant) under the 64-bit key `key` (two uint32 words).
 *
 * **Special cases.** Words are reduced modulo 2^32 (`>>> 0`); pass integers in [0, 2^32).
 *
 * @example
 * Array.from(philox4x32(Uint32Array.of(0, 0, 0, 0), Uint32Array.of(0, 0)), (x) => x.toString(16));
 * // → ["6627e8d5", "e169c58d", "bc57ac4c", "9b00dbd8"] (Random123 known answer)
 */
export function philox4x32(ctr: ArrayLike<number>, key: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(4);
  philoxFill(out, 0, 1, ctr[0] >>> 0, ctr[1] >>> 0, ctr[2] >>> 0, ctr[3] >>> 0, key[0] >>> 0, key[1] >>> 0);
  return out;
}
