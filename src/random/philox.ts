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
 * 64-bit product, is computed in float64 by splitting the constant into 16-bit halves, every
 * intermediate being an integer below 2^53 and therefore exact. Only integer-exact operations are
 * used, so the output is identical on every JavaScript engine and platform.
 *
 * Verified against the Random123 known-answer vectors (tests/kat_vectors) and an independent
 * Python implementation (tools/fixtures/random.py).
 *
 * @module
 */

const M0 = 0xd2511f53;
const M0_HI = 0xd251;
const M0_LO = 0x1f53;
const M1 = 0xcd9e8d57;
const M1_HI = 0xcd9e;
const M1_LO = 0x8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO32 = 4294967296;

/**
 * Fills `out[offset .. offset + 4·nBlocks)` with the Philox4x32-10 blocks of nBlocks consecutive
 * counters starting at (c0, c1, c2, c3), under key (k0, k1). "Consecutive" increments the 64-bit
 * low half (c1·2^32 + c0) modulo 2^64; c2 and c3 stay fixed. All word arguments are uint32 values.
 * This is the hot loop of the random streams.
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
  let lo = c0;
  let hi = c1;
  for (let b = 0; b < nBlocks; b++) {
    if (b > 0) {
      lo = lo + 1;
      if (lo === TWO32) {
        lo = 0;
        hi = (hi + 1) >>> 0;
      }
    }
    let x0 = lo;
    let x1 = hi;
    let x2 = c2;
    let x3 = c3;
    let ka = k0;
    let kb = k1;
    for (let r = 0; r < 10; r++) {
      if (r > 0) {
        ka = (ka + W0) >>> 0;
        kb = (kb + W1) >>> 0;
      }
      // hi(M0·x0): x0·M0 = 2^16·(x0·M0_HI + ⌊x0·M0_LO / 2^16⌋) + (x0·M0_LO mod 2^16), all exact.
      const hi0 = ((x0 * M0_HI + ((x0 * M0_LO) / 65536 >>> 0)) / 65536) >>> 0;
      const lo0 = Math.imul(x0, M0) >>> 0;
      const hi1 = ((x2 * M1_HI + ((x2 * M1_LO) / 65536 >>> 0)) / 65536) >>> 0;
      const lo1 = Math.imul(x2, M1) >>> 0;
      x0 = (hi1 ^ x1 ^ ka) >>> 0;
      x1 = lo1;
      x2 = (hi0 ^ x3 ^ kb) >>> 0;
      x3 = lo0;
    }
    const o = offset + 4 * b;
    out[o] = x0;
    out[o + 1] = x1;
    out[o + 2] = x2;
    out[o + 3] = x3;
  }
}

/**
 * One Philox4x32-10 block: the bijection of the 128-bit counter `ctr` (four uint32 words, word 0
 * least significant) under the 64-bit key `key` (two uint32 words).
 *
 * **Special cases.** Words are reduced modulo 2^32 (`>>> 0`); pass integers in [0, 2^32).
 *
 * @example
 * philox4x32(Uint32Array.of(0, 0, 0, 0), Uint32Array.of(0, 0));
 * // → Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] (Random123 known answer)
 */
export function philox4x32(ctr: ArrayLike<number>, key: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(4);
  philoxFill(out, 0, 1, ctr[0] >>> 0, ctr[1] >>> 0, ctr[2] >>> 0, ctr[3] >>> 0, key[0] >>> 0, key[1] >>> 0);
  return out;
}
