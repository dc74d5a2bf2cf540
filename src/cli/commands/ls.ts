/**
 * `lazyrich ls <dir…> [--json]`: what a sweep store holds — sweep id, model kind, axes (with their
 * number of distinct values), counts by status, shards run into it, times and size on disk — and
 * the errors of failed points (the first 20). Only reads the store.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { canonicalJson } from '../../experiments/sweep/index.js';
import { listStore, openStore, type PointRow, type StoreInfo } from '../../store/index.js';

/** Failed points shown by `ls` at most. */
const MAX_ERRORS = 20;

/** A byte count as `512 B`, `3.4 kB`, `12.0 MB`, `1.20 GB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** What `ls` reports about one store. */
export interface LsReport extends StoreInfo {
  /** Distinct values per axis path. */
  axisValues: Record<string, number>;
  /** Failed points (the first {@link MAX_ERRORS}). */
  errors: { index: number; key: string; assignments: Record<string, unknown>; error: string | null }[];
}

/** Reads the report of the store in `dir`. */
export function lsReport(dir: string): LsReport {
  const info = listStore(dir);
  const store = openStore(dir, { create: false });
  let rows: PointRow[];
  try {
    rows = store.rows();
  } finally {
    store.close();
  }
  const axisValues: Record<string, number> = {};
  for (const p of info.paths) axisValues[p] = new Set(rows.map((r) => canonicalJson(r.assignments[p]))).size;
  const errors = rows
    .filter((r) => r.status === 'failed')
    .slice(0, MAX_ERRORS)
    .map((r) => ({ index: r.index, key: r.key, assignments: r.assignments, error: r.error }));
  return { ...info, axisValues, errors };
}

/** The text `ls` prints for one store. */
export function formatLs(r: LsReport): string {
  const s = r.status;
  const axes = r.paths.length === 0 ? '(none)' : r.paths.map((p) => `${p} (${r.axisValues[p]})`).join(' × ');
  const lines = [
    `${r.dir}: sweep ${r.sweepId}${r.kind ? `, ${r.kind}` : ''}`,
    `  axes: ${axes}`,
    `  points: ${s.total} — ${s.done} done, ${s.failed} failed, ${s.pending} pending`,
    ...(r.shards.length > 0 ? [`  shards run here: ${r.shards.join(', ')}`] : []),
    `  created ${r.created}, updated ${r.updated}; ${formatBytes(r.bytes)} on disk`,
  ];
  if (r.errors.length > 0) {
    lines.push(`  failed points${s.failed > r.errors.length ? ` (first ${r.errors.length} of ${s.failed})` : ''}:`);
    for (const e of r.errors) {
      const where = Object.entries(e.assignments).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ');
      lines.push(`    #${e.index} (${where}): ${e.error ?? 'no message'}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * Registers `ls` on the program.
 * @example
 * import { Command } from 'commander';
 * const program = new Command();
 * const ctx = { io: { out: () => {}, err: () => {} }, env: {}, backend: () => { throw new Error('not needed to register'); } };
 * registerLs(program, ctx); // lazyrich ls sweeps/grid
 * program.commands.map((c) => c.name()); // → ["ls"]
 */
export function registerLs(program: Command, ctx: CliContext): void {
  program
    .command('ls')
    .description('show what sweep stores hold: sweep id, axes, counts by status, size, errors of failed points')
    .argument('<dir...>', 'sweep store folders')
    .option('--json', 'print one JSON object per store (one per line)')
    .action((dirs: string[], opts: { json?: boolean }) => {
      for (const dir of dirs) {
        const report = lsReport(dir);
        ctx.io.out(opts.json ? JSON.stringify(report) + '\n' : formatLs(report));
      }
    });
}
