/**
 * Dominé et al. (ICLR 2025): the exact solution of a two-layer linear network beside gradient
 * descent started from the very same λ-balanced weights.
 *
 *   node --import tsx examples/lazy-to-rich.ts
 *
 * Prints, at t/τ = 0, 1, …, 5, the loss of the closed form and of GD and their relative difference
 * ‖W_GD − W_exact‖_F / ‖W_exact‖_F, then the maximum over time at η and at η/2: GD differs from the
 * gradient flow by O(η), so halving η halves the error (the ratio printed last is ≈ 0.5).
 */
import { linalg, random, tasks, init, theory, train } from '../src/index.js';

// The task: whitened inputs, so only the input–output correlation Σ_yx (N_o × N_i) matters.
const task = tasks.whitenedTask(linalg.Matrix.from([[2, 0.5], [0.1, 1]]));

// λ-balanced initial weights: W₂ᵀW₂ − W₁W₁ᵀ = λI, with W(0) = W₂W₁ of singular values 0.2.
const lambda = -1.5;
const w0 = init.lambdaBalancedInit({ lambda, ni: 2, no: 2, scale: 0.2, stream: random.createRandom(7, 'init') });

// The closed form QQᵀ(t) (§3.4); it checks λ-balance and refuses with the reason when it fails.
const exact = theory.lazyToRich.exactSolution(task, w0);
console.log(`lambda = ${exact.lambda.toFixed(4)}, regime = ${exact.diagnostics.regime}`);

/** Runs GD at rate η for tEnd/η steps; returns the largest relative error of W over 50 records. */
function compare(eta: number, tEnd: number, print: boolean): number {
  const steps = Math.round(tEnd / eta);
  const gd = train.trainGradientDescent(task, w0, { learningRate: eta, steps, record: { every: steps / 50 } });
  let worst = 0;
  gd.t.forEach((t, k) => {
    const [W1, W2] = gd.weights[k];
    const Wgd = linalg.matmul(W2, W1);
    const Wex = exact.at(t).W;
    const rel = linalg.frobeniusNorm(linalg.sub(Wgd, Wex)) / linalg.frobeniusNorm(Wex);
    worst = Math.max(worst, rel);
    if (print && k % 10 === 0) console.log(`t = ${t.toFixed(1).padStart(4)}  loss exact ${exact.loss(t).toExponential(3)}  GD ${gd.loss[k].toExponential(3)}  rel. error ${rel.toExponential(2)}`);
  });
  return worst;
}

const eta = 0.01;
const tEnd = 5; // time in units of τ: GD step k is t = k·η
const e1 = compare(eta, tEnd, true);
const e2 = compare(eta / 2, tEnd, false);
console.log(`W_exact(${tEnd}) = ${JSON.stringify(exact.at(tEnd).W.toArray().map((r) => r.map((v) => +v.toFixed(6))))}`);
console.log(`max relative error at eta = ${eta}: ${e1.toExponential(3)}`);
console.log(`max relative error at eta = ${eta / 2}: ${e2.toExponential(3)}`);
console.log(`ratio (first order in eta => 0.5): ${(e2 / e1).toFixed(3)}`);
