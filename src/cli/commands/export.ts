/**
 * `lazyrich export <dir> --format csv|json|npy [--output file-or-folder] [--series]`: a sweep
 * store's results for other tools. csv and json go to stdout, or to `--output` (written to a
 * temporary name and renamed, so a reader never sees half a file); npy writes a folder of `.npy`
 * vectors plus `manifest.json` that NumPy reads with `np.load` (the layout is documented in
 * src/store/export.ts). The store is only read.
 * @module
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliContext } from '../main.js';
import { ConfigError, LazyrichError } from '../../errors/index.js';
import { EXPORT_FORMATS, exportStore, openStore, type ExportFormat } from '../../store/index.js';

/** Options of {@link runExport}. */
export interface ExportCommandOptions {
  format: ExportFormat;
  /** File (csv, json) or folder (npy); stdout for csv/json when absent. */
  output?: string;
  /** json: include every done point's series. */
  series?: boolean;
}

/** Writes `text` to `file` atomically (temporary name in the same folder, then rename). */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : String((cause as Error).message);
    throw new LazyrichError(`--output: cannot write ${file} (${why}); give a writable file path.`, { code: 'io', path: '--output', cause });
  }
}

/**
 * Exports the store in `dir`; returns what goes to stdout (the csv/json text, or the one-line
 * report of the files written).
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
 * openStore(join(root, 'grid'), { sweep }).close(); // a sweep with no point run yet
 * runExport(join(root, 'grid'), { format: 'csv' }).split('\n').length > 1; // → true (a header and one row per point)
 */
export function runExport(dir: string, options: ExportCommandOptions): string {
  if (options.format === 'npy' && options.output === undefined) {
    throw new ConfigError('--output: the npy export writes a folder of .npy files; name it with --output <folder>.', { path: '--output' });
  }
  const store = openStore(dir, { create: false });
  try {
    const result = exportStore(store, options.format, { series: options.series ?? false, ...(options.format === 'npy' ? { out: options.output } : {}) });
    if (result.format === 'npy') return `export: wrote ${result.files.length} files (${store.rows().length} points) to ${result.dir}\n`;
    if (options.output === undefined) return result.text;
    writeAtomically(options.output, result.text);
    return `export: wrote ${options.output} (${result.format}, ${store.rows().length} points)\n`;
  } finally {
    store.close();
  }
}

/**
 * Registers `export` on the program.
 * @example
 * import { Command } from 'commander';
 * const program = new Command();
 * const ctx = { io: { out: () => {}, err: () => {} }, env: {}, backend: () => { throw new Error('not needed to register'); } };
 * registerExport(program, ctx); // lazyrich export sweeps/grid --format csv > grid.csv
 * program.commands.map((c) => c.name()); // → ["export"]
 */
export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('export a sweep store as csv or json (stdout or --output) or as a folder of .npy files')
    .argument('<dir>', 'sweep store folder')
    .addOption(new Option('--format <format>', 'export format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('--output <path>', 'file to write (csv, json; default stdout) or folder (npy, required)')
    .option('--series', 'json: include every done point\'s time series')
    .action((dir: string, opts: ExportCommandOptions) => {
      ctx.io.out(runExport(dir, opts));
    });
}
