/**
 * NumPy in, NumPy out: load data arrays from `.npy` files, run the exact learning dynamics of a
 * two-layer linear network on them, and write the results back as `.npy` for NumPy.
 *
 *   node --import tsx examples/numpy-roundtrip.ts <dir>
 *
 * Reads `<dir>/X.npy` (inputs, N_i × P) and `<dir>/Y.npy` (targets, N_o × P), e.g. made with
 *   python3 -c "import numpy as np; r = np.random.default_rng(0); X = r.normal(size=(3, 50));
 *   np.save('X.npy', X); np.save('Y.npy', np.array([[1, -2, 0.5], [0, 1, 1]]) @ X)"
 * (when they are missing, the script writes such a pair itself with our own writer). The inputs are
 * PCA-whitened, a small balanced (λ = 0, rich) initialisation is drawn, and the closed form of
 * Dominé et al. (§3.4) gives the trajectory. It writes `t.npy` (times t/τ), `loss.npy` (the loss
 * at those times) and `W.npy`: the learned map at t = 100 in the ORIGINAL input coordinates,
 * W·T with T the whitening transform, which converges to the least-squares solution Y X⁺.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { linalg, random, tasks, init, theory } from '../src/index.js';
import { readNpyMatrix, writeNpy } from '../src/index.node.js';

const dir = process.argv[2] ?? '.';
if (!existsSync(join(dir, 'X.npy')) || !existsSync(join(dir, 'Y.npy'))) {
  const X = random.gaussianMatrix(random.createRandom(0, 'numpy-example'), 3, 50);
  writeNpy(join(dir, 'X.npy'), X);
  writeNpy(join(dir, 'Y.npy'), linalg.matmul(linalg.Matrix.from([[1, -2, 0.5], [0, 1, 1]]), X));
  console.log(`wrote example inputs X.npy and Y.npy to ${dir}`);
}
const X = readNpyMatrix(join(dir, 'X.npy'));
const Y = readNpyMatrix(join(dir, 'Y.npy'));
console.log(`read X ${X.rows}x${X.cols} and Y ${Y.rows}x${Y.cols}`);

const task = tasks.taskFromData(X, Y, { whiten: 'pca' });
const w0 = init.lambdaBalancedInit({ lambda: 0, ni: X.rows, no: Y.rows, scale: 1e-3, stream: random.createRandom(1, 'init') });
const sol = theory.lazyToRich.exactSolution(task, w0);

const times = Array.from({ length: 41 }, (_, k) => k * 2.5); // t/τ = 0, 2.5, …, 100
const loss = Float64Array.from(times, (t) => sol.loss(t));
const T = task.whiteningTransform as linalg.Matrix;
const W = linalg.matmul(sol.at(times[times.length - 1]).W, T); // back to the original inputs

writeNpy(join(dir, 't.npy'), Float64Array.from(times));
writeNpy(join(dir, 'loss.npy'), loss);
writeNpy(join(dir, 'W.npy'), W);
// Least squares W Xᵀ ≈ Y ⇔ X Wᵀ ≈ Yᵀ, solved column by column.
const ls = linalg.transpose(linalg.lstsq(linalg.transpose(X), linalg.transpose(Y)).solution as linalg.Matrix);
console.log(`loss: ${loss[0].toExponential(4)} at t = 0 -> ${loss[loss.length - 1].toExponential(4)} at t = 100`);
console.log(`max |W(100) - least squares| = ${linalg.maxAbsDiff(W, ls).toExponential(2)}`);
console.log(`wrote t.npy, loss.npy (${times.length} values) and W.npy (${W.rows}x${W.cols}) to ${dir}`);
