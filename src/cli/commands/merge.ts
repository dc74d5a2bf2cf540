/**
 * `lazyrich merge <target> <source…> [--json]`: joins the stores of a sweep's shards (`lazyrich
 * sweep --shard i/n`) into one store, created when missing. Points done in two stores must agree
 * bit for bit; points done nowhere stay pending, so `lazyrich sweep <config> --out <target>`
 * finishes them. The work is `mergeStores` (src/store/merge.ts).
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { mergeStores } from '../../store/index.js';

/**
 * Merges and returns the text to print.
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { expandSweep } from '../../experiments/sweep/index.js';
 * import { openStore } from '../../store/index.js';
 * const sweep = expandSweep({
 *   model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 },
 *   init: { kind: 'explicit', u: [0.1, 0.2], w: [0.3, -0.1] }, train: { method: 'gd', learningRate: 0.01, steps: 50 },
 *   sweep: { axes: [{ path: 'model.kappa', values: [0.1, 0.5] }] },
 * });
 * const root = mkdtempSync(join(tmpdir(), 'lazyrich-example-'));
 * for (const i of [0, 1]) openStore(join(root, `shard-${i}`), { sweep }).close();
 * const text = runMerge(join(root, 'grid'), [join(root, 'shard-0'), join(root, 'shard-1')], {});
 * text.length > 0; // → true (the one-line merge report)
 */
export function runMerge(target: string, sources: string[], options: { json?: boolean }): string {
  const report = mergeStores(target, sources);
  if (options.json) return JSON.stringify({ target, sources, ...report }) + '\n';
  const s = report.status;
  const agreed = report.agreed > 0 ? ` (${report.agreed} already there and equal)` : '';
  return `merge: ${sources.length} store${sources.length === 1 ? '' : 's'} into ${target}: copied ${report.copied} point${report.copied === 1 ? '' : 's'}${agreed}; ${target} now has ${s.done}/${s.total} done, ${s.failed} failed, ${s.pending} pending\n`;
}

/**
 * Registers `merge` on the program.
 * @example
 * import { Command } from 'commander';
 * const program = new Command();
 * const ctx = { io: { out: () => {}, err: () => {} }, env: {}, backend: () => { throw new Error('not needed to register'); } };
 * registerMerge(program, ctx); // lazyrich merge out out/shard-0 out/shard-1
 * program.commands.map((c) => c.name()); // → ["merge"]
 */
export function registerMerge(program: Command, ctx: CliContext): void {
  program
    .command('merge')
    .description('merge the shard stores of one sweep into a target store (created when missing)')
    .argument('<target>', 'target store folder')
    .argument('<source...>', 'shard store folders')
    .option('--json', 'print the merge report as JSON')
    .action((target: string, sources: string[], opts: { json?: boolean }) => {
      ctx.io.out(runMerge(target, sources, opts));
    });
}
