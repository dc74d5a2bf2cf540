/**
 * The Dormand–Prince 5(4) pair (DOPRI5) with Hairer's 4th-order continuous extension.
 *
 * **Method.** Seven stages with the FSAL property (k₇ = f(tₙ + h, yₙ₊₁) is the next step's k₁), so
 * six evaluations per step; the 5th-order solution is propagated (local extrapolation) and the
 * error estimate is h Σ eⱼ kⱼ with e = b − b̂. The error norm is the RMS norm
 * err = sqrt((1/N) Σᵢ (errᵢ/skᵢ)²), skᵢ = atolᵢ + rtol·max(|yₙ,ᵢ|, |yₙ₊₁,ᵢ|).
 * Dense output (Hairer's `contd5`):
 *
 *   u(θ) = c₀ + θ(c₁ + (1−θ)(c₂ + θ(c₃ + (1−θ) c₄))),
 *
 * with c₀ = yₙ, c₁ = yₙ₊₁ − yₙ, c₂ = h k₁ − c₁, c₃ = c₁ − h k₇ − c₂, c₄ = h Σ dⱼ kⱼ (order 4).
 *
 * References: Dormand & Prince (1980); Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.5–II.6.
 *
 * @module
 */
import type { OdeRhs } from './types.js';
import { DOPRI5_A, DOPRI5_C, DOPRI5_D } from './tableaux.js';
import { compileRow, stageCombination, weightedSum, type EmbeddedPair } from './pair.js';
import { DOPRI5_E } from './tableaux.js';

const A_ROWS = DOPRI5_A.map((row) => (row.length === 0 ? compileRow([[0, 0]]) : compileRow(row)));
const D_ROW = compileRow(DOPRI5_D);

const [E1, E3, E4, E5, E6, E7] = DOPRI5_E.map(([, v]) => v);

/**
 * Creates the DOPRI5 pair for an n-dimensional state (allocates its stage buffers once).
 *
 * @example
 * const pair = createDopri5(1, (t, y, dy) => { dy[0] = -y[0]; });
 */
export function createDopri5(n: number, rhs: OdeRhs): EmbeddedPair {
  // K[0] = the caller's f, K[6] = the caller's fNew (set at each attempt).
  const K: Float64Array[] = [];
  for (let s = 0; s < 7; s++) K.push(s === 0 || s === 6 ? new Float64Array(0) : new Float64Array(n));
  const yStage = new Float64Array(n);
  const acc = new Float64Array(n);

  return {
    order: 5,
    controller: { safe: 0.9, fac1: 0.2, fac2: 10, beta: 0.04, expo1: 0.2 - 0.04 * 0.75 },
    fevalsPerAttempt: 6,
    fsalInAttempt: true,
    denseBlocks: 5,
    fevalsPerDense: 0,

    attempt(t, h, y, f, yNew, fNew, rtol, atol) {
      K[0] = f;
      K[6] = fNew;
      for (let s = 1; s < 6; s++) {
        stageCombination(yStage, y, h, A_ROWS[s], K, acc, n);
        rhs(t + DOPRI5_C[s] * h, yStage, K[s]);
      }
      stageCombination(yNew, y, h, A_ROWS[6], K, acc, n);
      rhs(t + h, yNew, fNew);
      const k1 = K[0];
      const k3 = K[2];
      const k4 = K[3];
      const k5 = K[4];
      const k6 = K[5];
      const k7 = fNew;
      let err = 0;
      for (let i = 0; i < n; i++) {
        const sk = atol[i] + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
        const e = (h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i])) / sk;
        err += e * e;
      }
      return Math.sqrt(err / n);
    },

    prepareDense(_t, h, y, f, yNew, fNew, cont) {
      K[0] = f;
      K[6] = fNew;
      for (let i = 0; i < n; i++) {
        const ydiff = yNew[i] - y[i];
        const bspl = h * f[i] - ydiff;
        cont[i] = y[i];
        cont[n + i] = ydiff;
        cont[2 * n + i] = bspl;
        cont[3 * n + i] = ydiff - h * fNew[i] - bspl;
      }
      weightedSum(cont, 4 * n, h, D_ROW, K, n);
    },

    evalDense(cont, theta, out) {
      const s = theta;
      const s1 = 1 - theta;
      for (let i = 0; i < n; i++) {
        out[i] =
          cont[i] + s * (cont[n + i] + s1 * (cont[2 * n + i] + s * (cont[3 * n + i] + s1 * cont[4 * n + i])));
      }
    },
  };
}
