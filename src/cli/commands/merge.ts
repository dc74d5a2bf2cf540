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
 * runMerge('sweeps/grid', ['sweeps/grid/shard-0', 'sweeps/grid/shard-1'], {});
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
 * registerMerge(program, ctx); // lazyrich merge out out/shard-0 out/shard-1
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
