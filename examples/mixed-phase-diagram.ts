/**
 * Tu, Aranguri & Jacot (NeurIPS 2024): the (γ_σ², γ_w) phase diagram of the mixed regime, with its
 * theory lines, for a noisy rank-5 target Y = A* + E of size d = 100.
 *
 *   node --import tsx examples/mixed-phase-diagram.ts [out-dir]
 *
 * The init variance is σ² = d^γ_σ² and the width w = d^γ_w. Each cell is labelled by the finite-d
 * classifier (spec §A.5-7): c = σ²w against the singular values y₁ ≥ … ≥ y_k of Y — L lazy (c > y₁),
 * A active (c < y_k/4), B boundary in between; a trailing * marks infinite noise (σ⁴w > 1) and a
 * trailing u an underparameterised width (w < k). The theory lines printed below the table are
 * γ_w = 1 − γ_σ² (active/lazy), γ_w = −2γ_σ² (infinite noise) and γ_w = log_d k (width = rank).
 * With an output folder, the diagram is also written as phase-diagram.svg.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { linalg, random, tasks, theory, plot } from '../src/index.js';

const d = 100;
const k = 5;
const task = tasks.noisyLowRankTask({ d, rank: k, stream: random.createRandom(0, 'mixed-example') });
const y = linalg.svdValues(task.Y); // descending
console.log(`d = ${d}, rank k = ${k}, y_1 = ${y[0].toFixed(4)}, y_k = ${y[k - 1].toFixed(4)}`);

const gammaS = [-1.75, -1.25, -0.75, -0.25, 0.25];
const gammaW = [1.9, 1.4, 0.9, 0.6, 0.3];
console.log(`gamma_w \\ gamma_s2 ${gammaS.map((g) => g.toFixed(2).padStart(6)).join('')}`);
const points: { gs: number; gw: number; regime: string }[] = [];
for (const gw of gammaW) {
  const cells = gammaS.map((gs) => {
    const r = theory.mixed.classifyMixedRegime({ sigma2: d ** gs, width: d ** gw, singularValues: y, rank: k, gammaSigma2: gs, gammaW: gw });
    points.push({ gs, gw, regime: r.regime });
    return `${r.regime[0].toUpperCase()}${r.infiniteNoise ? '*' : ''}${r.underparameterized ? 'u' : ''}`.padStart(6);
  });
  console.log(`${gw.toFixed(2).padStart(18)} ${cells.join('')}`);
}

const lines = theory.mixed.phaseLines(d, k);
for (const gs of [-1.25, 0.25]) {
  console.log(`theory lines at gamma_s2 = ${gs}: active/lazy ${lines.activeLazy(gs).toFixed(4)}, infinite noise ${lines.infiniteNoise(gs).toFixed(4)}, underparameterised ${lines.underparameterized(gs).toFixed(4)}`);
}

const out = process.argv[2];
if (out !== undefined) {
  const xs = [-2, 0.5];
  const series = (['lazy', 'boundary', 'active'] as const).map((regime) => ({
    x: points.filter((p) => p.regime === regime).map((p) => p.gs),
    y: points.filter((p) => p.regime === regime).map((p) => p.gw),
    marker: 'circle' as const,
    label: regime,
  }));
  const svg = plot.linePlot({
    title: `Mixed regime phase diagram (d = ${d}, rank ${k})`,
    x: { label: 'γ_σ²' },
    y: { label: 'γ_w' },
    series: [
      ...series,
      { x: xs, y: xs.map(lines.activeLazy), label: 'active/lazy: γ_w = 1 − γ_σ²' },
      { x: xs, y: xs.map(lines.infiniteNoise), label: 'infinite noise: γ_w = −2γ_σ²', dash: '6 3' },
      { x: xs, y: xs.map(lines.underparameterized), label: 'width = rank', dash: '2 3' },
    ],
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'phase-diagram.svg'), svg);
  console.log(`wrote ${join(out, 'phase-diagram.svg')}`);
}
