/**
 * Kunin et al. (2024, "Get rich quick"): the exact solution of a single neuron f(x) = a·wᵀx on a
 * whitened task, for three values of the conserved quantity δ = η_w a² − η_a ‖w‖², beside gradient
 * descent from the same start.
 *
 *   node --import tsx examples/kunin-single-neuron.ts
 *
 * All three starts have the same small predictor β(0) = a·w (so the same initial function) and
 * differ only in how its size is split between the layers. Per δ it prints β(T) at T = 40, the
 * alignment φ = cos∠(w, β*) at 0 and T, the kernel distance S(0, T) between the initial and final
 * tangent kernels (≈ 0: lazy; large: rich) and the largest relative error of GD (η = 0.01) against
 * the closed form. δ ≫ 0 (a large readout) learns lazily; δ ≈ 0 and δ < 0 learn richly.
 */
import { models, theory } from '../src/index.js';

const rates = { etaW: 1, etaA: 1 };
const task = { betaStar: [1, -0.5, 0.25] };
const T = 40;
const eta = 0.01;
const beta0 = [0.01, 0.02, -0.01]; // β(0) = a·w, the same for every δ
const norm0 = Math.hypot(...beta0);

for (const a of [3, Math.sqrt(norm0), 0.02]) {
  const w = beta0.map((b) => b / a); // same β(0), different split between a and w
  const init = { a, w };
  const sol = theory.singleNeuron.singleNeuronExact(rates, task, init);
  const end = sol.at(T);
  const gd = models.singleNeuronGd(rates, task, init, { learningRate: eta, steps: Math.round(T / eta), recordEvery: 100 });
  let worst = 0;
  gd.t.forEach((t, k) => {
    const p = models.singleNeuronParams(gd.weights[k]); // { a, w } at record k
    const betaGd = p.w.map((v) => v * p.a);
    const betaEx = sol.at(t).beta;
    const diff = Math.hypot(...betaEx.map((v, i) => v - betaGd[i]));
    worst = Math.max(worst, diff / Math.hypot(...betaEx));
  });
  console.log(
    `delta = ${(Math.abs(sol.delta) < 1e-12 ? 0 : sol.delta).toFixed(6).padStart(9)}: a0 = ${a.toFixed(9)}, beta(T) = [${end.beta.map((v) => v.toFixed(6)).join(', ')}], ` +
      `phi ${sol.at(0).phi.toFixed(4)} -> ${end.phi.toFixed(4)}, kernel distance S(0,T) = ${end.kernelDistance.toFixed(4)}, GD max rel. error ${worst.toExponential(2)}`,
  );
}
