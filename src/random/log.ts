/**
 * A natural logarithm made only of IEEE-754 additions, multiplications and divisions, so that its
 * result is bit-identical on every JavaScript engine (ECMAScript leaves `Math.log`'s last bit to
 * the implementation; V8 ports fdlibm, other engines may call the platform libm). The normal
 * sampler uses it so that normal draws are reproducible everywhere, not just under V8.
 *
 * **Method.** The classical argument reduction (Cody & Waite 1980; Muller, "Elementary Functions",
 * §11): x = 2^k·m with m ∈ [√½, √2) by exact power-of-two scaling, f = m − 1 (exact, Sterbenz),
 * s = f / (2 + f), and
 *
 *     log(1 + f) = 2 atanh(s) = f − f²/2 + s·(f²/2 + R),   R = Σ_{i=1}^{12} 2 z^i / (2i + 1),  z = s²,
 *
 * with |s| ≤ 0.1716, so the truncated series is below 2^−60 relative. Then
 * log x = k·ln2_hi + (log(1 + f) + k·ln2_lo), ln 2 split so that k·ln2_hi is exact for |k| < 2^11.
 * The Taylor coefficients are used (not minimax ones) so anyone can re-derive them.
 *
 * Measured accuracy: within 1 ulp of the correctly rounded log (mpmath) at 324 test points
 * (tools/fixtures/random.py), correctly rounded at ~95% of them.
 *
 * @module
 */

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO32 = 4294967296;
const TWO_M32 = 2.3283064365386963e-10;
const SQRT_HALF = 0.7071067811865476;
const SQRT_TWO = 1.4142135623730951;
const C1 = 2 / 3;
const C2 = 2 / 5;
const C3 = 2 / 7;
const C4 = 2 / 9;
const C5 = 2 / 11;
const C6 = 2 / 13;
const C7 = 2 / 15;
const C8 = 2 / 17;
const C9 = 2 / 19;
const C10 = 2 / 21;
const C11 = 2 / 23;
const C12 = 2 / 25;

/**
 * Natural logarithm of a positive finite x, bit-reproducible across engines (≤ 1 ulp error).
 *
 * **Special cases.** x = 1 gives +0. The caller guarantees 0 < x < ∞ (NaN, 0, negative and
 * infinite arguments are not handled: the only caller, the normal sampler, never passes them).
 *
 * @example
 * deterministicLog(Math.E); // → ≈ 1 (within 1 ulp)
 */
export function deterministicLog(x: number): number {
  let k = 0;
  let m = x;
  while (m < TWO_M32) {
    m *= TWO32;
    k -= 32;
  }
  while (m >= TWO32) {
    m /= TWO32;
    k += 32;
  }
  while (m < SQRT_HALF) {
    m *= 2;
    k -= 1;
  }
  while (m >= SQRT_TWO) {
    m /= 2;
    k += 1;
  }
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  const r =
    z *
    (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * (C6 + z * (C7 + z * (C8 + z * (C9 + z * (C10 + z * (C11 + z * C12)))))))))));
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
}
