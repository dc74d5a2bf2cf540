/**
 * `lazyrich doctor`: what this machine gives lazyrich — Node version, the linear-algebra backend in
 * use and why (library found / not found / forced), the BLAS/LAPACK library paths and threads.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { tryLoadNativeBackend } from '../../linalg/native/index.js';

export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('print the Node version, the linear-algebra backend in use and why, and the BLAS/LAPACK paths')
    .option('--json', 'print one JSON object instead of text')
    .action((opts: { json?: boolean }) => {
      const selection = ctx.backend();
      const native = tryLoadNativeBackend();
      const report = {
        lazyrich: program.version(),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        backend: selection.name,
        forced: selection.forced,
        reason: selection.reason,
        request: ctx.env.LAZYRICH_BACKEND ?? null,
        blas: native.ok ? native.blasPath : null,
        lapack: native.ok ? native.lapackPath : null,
        blasThreads: native.ok ? native.threads : null,
        nativeAvailable: native.ok,
        nativeUnavailableReason: native.ok ? null : native.reason,
      };
      if (opts.json) {
        ctx.io.out(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      const lines = [
        `lazyrich ${report.lazyrich}`,
        `node        ${report.node} (${report.platform})`,
        `backend     ${report.backend}${report.forced ? ' (forced)' : ''}: ${report.reason}`,
        `BLAS        ${report.blas ?? 'not found'}`,
        `LAPACK      ${report.lapack ?? 'not found'}`,
        `threads     ${report.blasThreads ?? '-'}`,
      ];
      if (!native.ok) lines.push(`native      unavailable: ${native.reason}`);
      lines.push('override    LAZYRICH_BACKEND=js|native|auto or --backend <name>');
      ctx.io.out(lines.join('\n') + '\n');
    });
}
