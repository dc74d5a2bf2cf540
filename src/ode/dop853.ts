/**
 * The DOP853 pair: an explicit Runge–Kutta method of order 8 with embedded error estimators of
 * orders 5 and 3, and its 7th-order continuous extension.
 *
 * **Method.** With k₁ = f(tₙ, yₙ) and stages kₛ = f(tₙ + cₛh, yₙ + h Σⱼ aₛⱼ kⱼ), s = 2…12, the new
 * state is yₙ₊₁ = yₙ + h Σ bⱼ kⱼ. The error is measured as in Hairer's `dop853`: with
 * skᵢ = atolᵢ + rtol·max(|yₙ,ᵢ|, |yₙ₊₁,ᵢ|), e₅ = h Σ eⱼ kⱼ and e₃ = h (Σ bⱼkⱼ − Σ b̂ⱼkⱼ),
 *
 *   err = |h| · ‖e₅/sk‖² / sqrt(N · (‖e₅/sk‖² + 0.01 ‖e₃/sk‖²))      (with the h factored out),
 *
 * which behaves like an 8th-order estimate for small h and stays robust for large h. The dense
 * output (Hairer's `contd8`) uses k₁₃ = f(tₙ + h, yₙ₊₁) and three extra stages k₁₄…k₁₆:
 *
 *   u(θ) = c₀ + θ(c₁ + (1−θ)(c₂ + θ(c₃ + (1−θ)(c₄ + θ(c₅ + (1−θ)(c₆ + θ c₇)))))),
 *
 * with c₀ = yₙ, c₁ = yₙ₊₁ − yₙ, c₂ = h k₁ − c₁, c₃ = c₁ − h k₁₃ − c₂, c₄…₇ = h Σ dᵣⱼ kⱼ; it has
 * order 7 uniformly on the step.
 *
 * References: Prince & Dormand (1981); Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.5–II.6.
 *
 * @module
 */
import type { OdeRhs } from './types.js';
import { DOP853_A, DOP853_BHH, DOP853_C, DOP853_D, DOP853_E5 } from './tableaux.js';
import { compileRow, stageCombination, weightedSum, type EmbeddedPair } from './pair.js';

const A_ROWS = DOP853_A.map((row) => (row.length === 0 ? compileRow([[0, 0]]) : compileRow(row)));
const B_ROW = A_ROWS[12];
const D_ROWS = DOP853_D.map(compileRow);

// Error-estimator weights pulled into constants for the fused error loop.
const [ER1, ER6, ER7, ER8, ER9, ER10, ER11, ER12] = DOP853_E5.map(([, v]) => v);
const [BHH1, BHH2, BHH3] = DOP853_BHH.map(([, v]) => v);

/**
 * Creates the DOP853 pair for an n-dimensional state (allocates 16 stage buffers once).
 *
 * @example
 * const pair = createDop853(2, (t, y, dy) => { dy[0] = y[1]; dy[1] = -y[0]; });
 */
export function createDop853(n: number, rhs: OdeRhs): EmbeddedPair {
  // K[0] is set to the caller's f at each attempt, K[12] to fNew when the dense output is formed.
  const K: Float64Array[] = [];
  for (let s = 0; s < 16; s++) K.push(s === 0 || s === 12 ? new Float64Array(0) : new Float64Array(n));
  const yStage = new Float64Array(n);
  const acc = new Float64Array(n);

  return {
    order: 8,
    controller: { safe: 0.9, fac1: 0.333, fac2: 6, beta: 0, expo1: 1 / 8 },
    fevalsPerAttempt: 11,
    fsalInAttempt: false,
    denseBlocks: 8,
    fevalsPerDense: 3,

    attempt(t, h, y, f, yNew, _fNew, rtol, atol) {
      K[0] = f;
      for (let s = 1; s < 12; s++) {
        stageCombination(yStage, y, h, A_ROWS[s], K, acc, n);
        rhs(t + DOP853_C[s] * h, yStage, K[s]);
      }
      // acc = Σ bⱼ kⱼ, yNew = y + h·acc.
      stageCombination(yNew, y, h, B_ROW, K, acc, n);
      const k1 = K[0];
      const k6 = K[5];
      const k7 = K[6];
      const k8 = K[7];
      const k9 = K[8];
      const k10 = K[9];
      const k11 = K[10];
      const k12 = K[11];
      let err5 = 0;
      let err3 = 0;
      for (let i = 0; i < n; i++) {
        const yi = y[i];
        const yn = yNew[i];
        const sk = atol[i] + rtol * Math.max(Math.abs(yi), Math.abs(yn));
        const e3 = acc[i] - BHH1 * k1[i] - BHH2 * k9[i] - BHH3 * k12[i];
        const e5 =
          ER1 * k1[i] +
          ER6 * k6[i] +
          ER7 * k7[i] +
          ER8 * k8[i] +
          ER9 * k9[i] +
          ER10 * k10[i] +
          ER11 * k11[i] +
          ER12 * k12[i];
        const r3 = e3 / sk;
        const r5 = e5 / sk;
        err3 += r3 * r3;
        err5 += r5 * r5;
        if (!Number.isFinite(yn)) return NaN;
      }
      let deno = err5 + 0.01 * err3;
      if (deno <= 0) deno = 1;
      return Math.abs(h) * err5 * Math.sqrt(1 / (n * deno));
    },

    prepareDense(t, h, y, f, yNew, fNew, cont) {
      K[0] = f;
      K[12] = fNew;
      for (let s = 13; s < 16; s++) {
        stageCombination(yStage, y, h, A_ROWS[s], K, acc, n);
        rhs(t + DOP853_C[s] * h, yStage, K[s]);
      }
      for (let i = 0; i < n; i++) {
        const ydiff = yNew[i] - y[i];
        const bspl = h * f[i] - ydiff;
        cont[i] = y[i];
        cont[n + i] = ydiff;
        cont[2 * n + i] = bspl;
        cont[3 * n + i] = ydiff - h * fNew[i] - bspl;
      }
      for (let r = 0; r < 4; r++) weightedSum(cont, (4 + r) * n, h, D_ROWS[r], K, n);
    },

    evalDense(cont, theta, out) {
      const s = theta;
      const s1 = 1 - theta;
      for (let i = 0; i < n; i++) {
        const conpar = cont[4 * n + i] + s * (cont[5 * n + i] + s1 * (cont[6 * n + i] + s * cont[7 * n + i]));
        out[i] =
          cont[i] + s * (cont[n + i] + s1 * (cont[2 * n + i] + s * (cont[3 * n + i] + s1 * conpar)));
      }
    },
  };
}
