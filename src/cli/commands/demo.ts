/**
 * `lazyrich demo`: what `npm start` runs until the explorer exists. Computes the demo of
 * `src/experiments/demo.ts` on the selected backend, prints a table, and with `--out` writes the
 * figure (SVG and PNG) and the data (JSON).
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { runDemo, demoFigure } from '../../experiments/demo.js';
import { svgToPng } from '../../io/png.node.js';
import { ConfigError } from '../../errors/index.js';

/** Times (t/τ) printed in the table; the figure and JSON keep every output time. */
const TABLE_TIMES = [0, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 7, 8, 10, 12];

function nearestIndex(t: Float64Array, value: number): number {
  let best = 0;
  for (let k = 1; k < t.length; k++) if (Math.abs(t[k] - value) < Math.abs(t[best] - value)) best = k;
  return best;
}

function fmt(x: number, digits = 3): string {
  return x.toFixed(digits).padStart(digits + 4);
}

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('gradient flow of a two-layer linear network from a rich (λ = 0) and a lazy (λ = 8) start')
    .option('--seed <n>', 'seed of every random draw', '0')
    .option('--out <dir>', 'also write demo.svg, demo.png and demo.json to this folder')
    .action((opts: { seed: string; out?: string }) => {
      const seed = Number(opts.seed);
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new ConfigError(`--seed: expected a non-negative integer, got "${opts.seed}".`, { path: 'seed' });
      }
      const selection = ctx.backend();
      const result = runDemo({ seed });
      const { t, runs, targetSingularValues } = result;
      const [ni, nh, no] = result.sizes;
      const lines: string[] = [];
      lines.push(`lazyrich demo — ${ni}-${nh}-${no} linear network, whitened task with singular values ${targetSingularValues.join(', ')}`);
      lines.push(`gradient flow by DOP853 (rtol 1e-10), time t/τ, seed ${seed}, backend ${selection.name}`);
      for (const run of runs) {
        lines.push('');
        lines.push(`λ = ${run.lambda}   (${run.lambda === 0 ? 'balanced: rich, modes learned one after another' : 'unbalanced: lazy, modes learned together'})`);
        lines.push(`   t/τ    loss     σ₁(W)   σ₂(W)   σ₃(W)   ‖ΔQ‖/‖Q₀‖`);
        for (const tk of TABLE_TIMES) {
          const k = nearestIndex(t, tk);
          const s = run.singularValues[k];
          lines.push(`${fmt(t[k], 1)} ${fmt(run.loss[k])} ${Array.from(s.slice(0, 3), (v) => fmt(v)).join(' ')}   ${run.relativeWeightChange[k].toExponential(2)}`);
        }
        lines.push(`   balance W₂ᵀW₂ − W₁W₁ᵀ − λI conserved to ${run.balanceDrift.toExponential(1)} (Frobenius), ${run.nfev} RHS evaluations`);
      }
      if (opts.out) {
        mkdirSync(opts.out, { recursive: true });
        const svg = demoFigure(result);
        writeFileSync(join(opts.out, 'demo.svg'), svg);
        writeFileSync(join(opts.out, 'demo.png'), svgToPng(svg, { scale: 2 }));
        const data = {
          t: Array.from(t),
          units: { t: 't/tau' },
          seed,
          sizes: result.sizes,
          targetSingularValues,
          runs: runs.map((r) => ({
            lambda: r.lambda,
            singularValues: r.singularValues.map((s) => Array.from(s)),
            loss: Array.from(r.loss),
            relativeWeightChange: Array.from(r.relativeWeightChange),
            balanceDrift: r.balanceDrift,
          })),
        };
        writeFileSync(join(opts.out, 'demo.json'), JSON.stringify(data, null, 1));
        lines.push('', `wrote ${join(opts.out, 'demo.svg')}, demo.png and demo.json`);
      }
      ctx.io.out(lines.join('\n') + '\n');
    });
}
