/**
 * Getting started (docs/getting-started.md): the exact solution and gradient descent from the same
 * weights, plotted into one SVG.
 *
 *   node --import tsx examples/first-plot.ts [out-dir]
 *
 * Writes `first-plot.svg` (loss over t/τ: the closed form as a line, GD as dots) into out-dir
 * (default: the current folder) and prints the regime and the final losses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linalg, random, tasks, init, theory, train, plot } from '../src/index.js';

const task = tasks.whitenedTask(linalg.Matrix.from([[2, 0.5], [0.1, 1]]));
// λ = 0 and a small scale: the rich regime, modes learned one after the other.
const w0 = init.lambdaBalancedInit({ lambda: 0, ni: 2, no: 2, scale: 0.01, stream: random.createRandom(7, 'init') });
const exact = theory.lazyToRich.exactSolution(task, w0); // closed form; time in t/τ
const gd = train.trainGradientDescent(task, w0, { learningRate: 0.05, steps: 200, record: { every: 5 } }); // t = k·η

const times = Array.from({ length: 201 }, (_, k) => k * 0.05);
const svg = plot.linePlot({
  title: 'Exact solution vs gradient descent (λ = 0, rich)',
  x: { label: 't/τ' },
  y: { label: 'loss', scale: 'log' },
  series: [
    { x: times, y: times.map((t) => exact.loss(t)), label: 'exact' },
    { x: gd.t, y: gd.loss, marker: 'circle', label: 'GD, η = 0.05' },
  ],
});
const out = process.argv[2] ?? '.';
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'first-plot.svg'), svg);
console.log(`regime: ${exact.diagnostics.regime}`);
console.log(`loss at t = 10: exact ${exact.loss(10).toExponential(3)}, GD ${(gd.loss.at(-1) as number).toExponential(3)}`);
console.log(`wrote ${join(out, 'first-plot.svg')}`);
