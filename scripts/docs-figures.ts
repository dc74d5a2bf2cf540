/**
 * Makes the figures of docs/theory-vs-simulation.md with lazyrich itself, deterministically (fixed
 * seeds, the pure-TypeScript backend so that no BLAS rounding enters the printed coordinates):
 *
 * - `step-size.svg` — relative error ‖W_GD − W_exact‖_F/‖W_exact‖_F over t/τ for η = 0.1, 0.05,
 *   0.025 from the same λ-balanced start: the error is O(η), halving with η;
 * - `balance-drift.svg` — ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F over t/τ for the same runs: gradient flow conserves
 *   the balance, GD drifts by O(η) in total;
 * - `finite-width.svg` — the closure error of the mixed dynamics (1) at an i.i.d. initialisation
 *   against the width w (d = 10), beside the Marchenko–Pastur spread 2√(d/w): (1) needs w ≫ d.
 *
 *   node --import tsx scripts/docs-figures.ts           # rewrite docs/figures/*.svg, print the numbers
 *   node --import tsx scripts/docs-figures.ts --check   # exit 1 when a committed figure differs
 *
 * test/docs/figures.test.ts regenerates them and compares them byte for byte.
 * @module
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsBackend, setBackend } from '../src/linalg/backend.js';
import { linalg, random, tasks, init, theory, train, models, plot } from '../src/index.js';

/** One generated figure and the numbers the guide quotes from it. */
export interface DocsFigure {
  /** File name under docs/figures/. */
  name: string;
  svg: string;
  /** Lines of measured numbers (printed by the script, quoted in the guide). */
  numbers: string[];
}

const ETAS = [0.1, 0.05, 0.025];

/** GD runs from one λ-balanced start at every η of {@link ETAS}: relative error and balance drift. */
function gdRuns() {
  const task = tasks.whitenedTask(linalg.Matrix.from([[2, 0.5], [0.1, 1]]));
  const lambda = -1.5;
  const w0 = init.lambdaBalancedInit({ lambda, ni: 2, no: 2, scale: 0.2, stream: random.createRandom(7, 'init') });
  const exact = theory.lazyToRich.exactSolution(task, w0);
  const tEnd = 4;
  return ETAS.map((eta) => {
    const steps = Math.round(tEnd / eta);
    const gd = train.trainGradientDescent(task, w0, { learningRate: eta, steps });
    const t = Array.from(gd.t);
    const rel = t.map((tk, k) => {
      const [W1, W2] = gd.weights[k];
      const Wex = exact.at(tk).W;
      return linalg.frobeniusNorm(linalg.sub(linalg.matmul(W2, W1), Wex)) / linalg.frobeniusNorm(Wex);
    });
    const drift = t.map((_, k) => {
      const [W1, W2] = gd.weights[k];
      const B = linalg.sub(linalg.matmul(W2, W2, { transA: true }), linalg.matmul(W1, W1, { transB: true }));
      return linalg.frobeniusNorm(linalg.sub(B, linalg.scale(linalg.Matrix.identity(2), lambda)));
    });
    return { eta, t, rel, drift, maxRel: Math.max(...rel), finalDrift: drift[drift.length - 1] };
  });
}

/**
 * Every figure of the guide with its numbers. Pure apart from selecting the js backend.
 * @example docsFigures().map((f) => f.name); // ['step-size.svg', 'balance-drift.svg', 'finite-width.svg']
 */
export function docsFigures(): DocsFigure[] {
  setBackend(jsBackend);
  const runs = gdRuns();
  const ratio = (k: number) => (runs[k + 1].maxRel / runs[k].maxRel).toFixed(3);
  const stepSize: DocsFigure = {
    name: 'step-size.svg',
    svg: plot.linePlot({
      title: 'GD vs the exact solution: the error is O(η)',
      x: { label: 't/τ' },
      y: { label: '‖W_GD − W_exact‖_F / ‖W_exact‖_F', scale: 'log' },
      series: runs.map((r) => ({ x: r.t.slice(1), y: r.rel.slice(1), label: `η = ${r.eta}` })),
    }),
    numbers: [
      ...runs.map((r) => `step size: eta = ${r.eta}: max relative error ${r.maxRel.toExponential(3)}`),
      `step size: ratios when eta halves: ${ratio(0)}, ${ratio(1)}`,
    ],
  };
  const driftRatio = (k: number) => (runs[k + 1].finalDrift / runs[k].finalDrift).toFixed(3);
  const balance: DocsFigure = {
    name: 'balance-drift.svg',
    svg: plot.linePlot({
      title: 'Balance drift of GD (gradient flow conserves W₂ᵀW₂ − W₁W₁ᵀ)',
      x: { label: 't/τ' },
      y: { label: '‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F', scale: 'log' },
      series: runs.map((r) => ({ x: r.t.slice(1), y: r.drift.slice(1), label: `η = ${r.eta}` })),
    }),
    numbers: [
      ...runs.map((r) => `balance drift: eta = ${r.eta}: final drift ${r.finalDrift.toExponential(3)}`),
      `balance drift: ratios when eta halves: ${driftRatio(0)}, ${driftRatio(1)}`,
    ],
  };
  const d = 10;
  const widths = [20, 40, 80, 160, 320, 640, 1280, 2560];
  const sigma2 = 1e-3;
  const closure = widths.map((w) => {
    const { W1, W2 } = models.mixedLinearInit({ dIn: d, dOut: d, width: w, sigma2, stream: random.createRandom(3, 'docs', 'width', w) });
    const e = theory.mixed.closureError(W1, W2, sigma2 * w);
    return Math.max(e.left, e.right);
  });
  const finite: DocsFigure = {
    name: 'finite-width.svg',
    svg: plot.linePlot({
      title: `Closure error of the mixed dynamics (1) at initialisation (d = ${d})`,
      x: { label: 'width w', scale: 'log' },
      y: { label: 'relative closure error', scale: 'log' },
      series: [
        { x: widths, y: closure, label: 'measured', marker: 'circle', line: true },
        { x: widths, y: widths.map((w) => 2 * Math.sqrt(d / w)), label: '2√(d/w)', dash: '6 3' },
      ],
    }),
    numbers: widths.map((w, k) => `finite width: w = ${w}: closure error ${closure[k].toFixed(4)} (2 sqrt(d/w) = ${(2 * Math.sqrt(d / w)).toFixed(4)})`),
  };
  return [stepSize, balance, finite];
}

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = docsFigures();
  const check = process.argv.includes('--check');
  mkdirSync(root + 'docs/figures', { recursive: true });
  for (const f of figures) {
    const path = root + 'docs/figures/' + f.name;
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        current = '';
      }
      if (current !== f.svg) {
        process.stderr.write(`docs/figures/${f.name} is stale; run: node --import tsx scripts/docs-figures.ts\n`);
        process.exitCode = 1;
      }
    } else writeFileSync(path, f.svg);
    for (const line of f.numbers) process.stdout.write(line + '\n');
  }
}
