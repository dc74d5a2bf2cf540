/**
 * Test helper: the reference gradient flow of a two-layer linear network on a whitened task,
 *   dW₁/dt = W₂ᵀ(Σ_yx − W₂W₁),  dW₂/dt = (Σ_yx − W₂W₁)W₁ᵀ   (τ = 1, Σ_xx = I, spec §1),
 * integrated by DOP853 (`solveMatrixSystemIvp`) at tight tolerances. The right-hand side is written
 * with plain loops, independent of the closed form under test.
 */
import { Matrix } from '../../../src/linalg/matrix.js';
import { solveMatrixSystemIvp } from '../../../src/ode/index.js';

export interface FlowSample {
  t: number;
  W1: Matrix;
  W2: Matrix;
}

/** W₁(t), W₂(t) at each of `times` (ascending, first ≥ 0). */
export function referenceFlow(
  sigma: Matrix,
  W1: Matrix,
  W2: Matrix,
  times: readonly number[],
  tol = { rtol: 1e-12, atol: 1e-12 },
): FlowSample[] {
  const nh = W1.rows;
  const ni = W1.cols;
  const no = W2.rows;
  const E = new Float64Array(no * ni);
  const S = sigma.data;
  const tEnd = times[times.length - 1];
  if (tEnd === 0) return times.map((t) => ({ t, W1: W1.clone(), W2: W2.clone() }));
  const res = solveMatrixSystemIvp(
    (_t, Ms, dMs) => {
      const A = Ms[0].data;
      const B = Ms[1].data;
      const dA = dMs[0].data;
      const dB = dMs[1].data;
      for (let o = 0; o < no; o++) {
        for (let i = 0; i < ni; i++) {
          let w = 0;
          for (let h = 0; h < nh; h++) w += B[o * nh + h] * A[h * ni + i];
          E[o * ni + i] = S[o * ni + i] - w;
        }
      }
      for (let h = 0; h < nh; h++) {
        for (let i = 0; i < ni; i++) {
          let v = 0;
          for (let o = 0; o < no; o++) v += B[o * nh + h] * E[o * ni + i];
          dA[h * ni + i] = v;
        }
      }
      for (let o = 0; o < no; o++) {
        for (let h = 0; h < nh; h++) {
          let v = 0;
          for (let i = 0; i < ni; i++) v += E[o * ni + i] * A[h * ni + i];
          dB[o * nh + h] = v;
        }
      }
    },
    [0, tEnd],
    [W1, W2],
    { method: 'dop853', rtol: tol.rtol, atol: tol.atol, tEval: times, maxSteps: 10_000_000 },
  );
  return times.map((t, k) => ({ t, W1: res.y[k][0], W2: res.y[k][1] }));
}

/** QQᵀ = [W₁ᵀW₁, W₁ᵀW₂ᵀ; W₂W₁, W₂W₂ᵀ] from the weights, by plain loops. */
export function qqtOf(W1: Matrix, W2: Matrix): Matrix {
  const nh = W1.rows;
  const ni = W1.cols;
  const no = W2.rows;
  const n = ni + no;
  // Q = [W₁ᵀ; W₂] (n × N_h)
  const Q = new Float64Array(n * nh);
  for (let i = 0; i < ni; i++) for (let h = 0; h < nh; h++) Q[i * nh + h] = W1.data[h * ni + i];
  for (let o = 0; o < no; o++) for (let h = 0; h < nh; h++) Q[(ni + o) * nh + h] = W2.data[o * nh + h];
  const out = new Matrix(n, n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let h = 0; h < nh; h++) s += Q[a * nh + h] * Q[b * nh + h];
      out.data[a * n + b] = s;
    }
  }
  return out;
}

/** ‖A − B‖_F / ‖B‖_F by plain loops. */
export function relFro(A: Matrix, B: Matrix): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < B.data.length; i++) {
    const d = A.data[i] - B.data[i];
    num += d * d;
    den += B.data[i] * B.data[i];
  }
  return Math.sqrt(num / den);
}

/** ‖A − B‖_F by plain loops. */
export function distFro(A: Matrix, B: Matrix): number {
  let num = 0;
  for (let i = 0; i < B.data.length; i++) {
    const d = A.data[i] - B.data[i];
    num += d * d;
  }
  return Math.sqrt(num);
}
