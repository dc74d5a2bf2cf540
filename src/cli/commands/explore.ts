/**
 * `lazyrich explore [--port n] [--store dir…] [--report dir] [--no-build] [--rebuild]`: builds the
 * web explorer with Vite's JavaScript API when `dist/web` is missing or older than its sources
 * (`src/`, `vite.config.ts`), serves it on 127.0.0.1 (see `src/web/server.ts`) with the named
 * sweep stores and reproduction report, prints the URL and runs until Ctrl-C (SIGINT) or SIGTERM,
 * then closes the server and exits 0.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { ConfigError } from '../../errors/index.js';
import { openStoreSource, startExplorerServer, type ExplorerServer, type StoreSource } from '../../web/server.js';

/** The repository root (where package.json and vite.config.ts live). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** Where Vite writes the app (`build.outDir` of vite.config.ts). */
export const APP_DIST = join(REPO_ROOT, 'dist', 'web');

/** Where TypeDoc writes the API documentation (`npm run docs`). */
export const DOCS_DIST = join(REPO_ROOT, 'dist', 'docs');

/** Newest modification time (ms) of the files under `path` (a file or folder), 0 if absent. */
export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/**
 * Whether the built app is missing or older than what it is built from: every file under `src/`
 * (the app imports the pure core), `vite.config.ts` and `package.json`.
 */
export function appIsStale(root: string = REPO_ROOT, dist: string = join(root, 'dist', 'web')): boolean {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'vite.config.ts')), newestMtime(join(root, 'package.json')));
  return sources > built;
}

/**
 * Builds the explorer into `dist/web` (or `outDir`) with Vite's JavaScript API and the repository's
 * `vite.config.ts`. Vite's own output is limited to warnings and errors.
 *
 * @example
 * await buildExplorerApp(); // writes dist/web/index.html and its assets
 */
export async function buildExplorerApp(root: string = REPO_ROOT, outDir?: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    mode: 'production',
    // Rolldown's plugin-timing report is noise on a user's console; warnings and errors still show.
    build: { ...(outDir ? { outDir, emptyOutDir: true } : {}), rolldownOptions: { checks: { bundlerTimings: false } } },
  });
}

/** Options of `explore` as commander parses them. */
export interface ExploreOptions {
  port?: string;
  store?: string[];
  report?: string;
  /** false with --no-build. */
  build?: boolean;
  rebuild?: boolean;
}

/** Parses `--port`: an integer 0–65535 (0 = any free port). */
export function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new ConfigError(`--port: expected an integer from 0 to 65535 (0 picks a free port), got "${text}".`, { path: '--port' });
  }
  return Number(text);
}

/** Port used when `--port` is not given. */
export const DEFAULT_PORT = 8740;

/** Opens the stores named by `--store`, giving each a unique name (its folder's base name). */
export function openStores(dirs: readonly string[]): StoreSource[] {
  const out: StoreSource[] = [];
  const used = new Set<string>();
  for (const dir of dirs) {
    const abs = resolve(dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new ConfigError(`--store: "${dir}" is not a folder; give the folder a sweep wrote (it holds index.sqlite).`, { path: '--store' });
    }
    let name = basename(abs) || 'store';
    for (let i = 2; used.has(name); i++) name = `${basename(abs)}-${i}`;
    used.add(name);
    out.push(openStoreSource(abs, name));
  }
  return out;
}

/**
 * Builds (when needed), starts the server and returns it; the caller decides when to close it.
 * `log` receives the progress lines and the URL line `lazyrich explorer: http://127.0.0.1:<port>/`.
 */
export async function startExplore(opts: ExploreOptions, log: (line: string) => void, root: string = REPO_ROOT): Promise<ExplorerServer> {
  const port = parsePort(opts.port);
  const stores = openStores(opts.store ?? []);
  let reportDir: string | undefined;
  if (opts.report !== undefined) {
    reportDir = resolve(opts.report);
    if (!existsSync(reportDir) || !statSync(reportDir).isDirectory()) {
      throw new ConfigError(`--report: "${opts.report}" is not a folder; give the --out folder of "lazyrich reproduce all".`, { path: '--report' });
    }
  }
  const dist = join(root, 'dist', 'web');
  if (opts.build === false) {
    if (!existsSync(join(dist, 'index.html'))) {
      throw new ConfigError(`--no-build: the explorer is not built (${join(dist, 'index.html')} is missing); run without --no-build once.`, { path: '--no-build' });
    }
  } else if (opts.rebuild || appIsStale(root, dist)) {
    log('lazyrich explorer: building the app with Vite…');
    await buildExplorerApp(root);
  }
  let server: ExplorerServer;
  try {
    server = await startExplorerServer({ appDir: dist, docsDir: join(root, 'dist', 'docs'), stores, reportDir, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`--port: port ${port} is already in use; choose another one or --port 0 for a free one.`, { path: '--port' });
    if (code === 'EACCES') throw new ConfigError(`--port: port ${port} needs privileges; choose one above 1023 or --port 0.`, { path: '--port' });
    throw error;
  }
  log(`lazyrich explorer: ${server.url}`);
  return server;
}

/** Registers `lazyrich explore` on the program (see the module comment). */
export function registerExplore(program: Command, ctx: CliContext): void {
  program
    .command('explore')
    .description('build (when needed) and serve the web explorer on 127.0.0.1; Ctrl-C stops it')
    .option('--port <n>', `port (0 picks a free one; default ${DEFAULT_PORT})`)
    .option('--store <dir...>', 'sweep store folder(s) to serve read-only under /api/stores')
    .option('--report <dir>', 'a "lazyrich reproduce all --out" folder to show in the gallery')
    .option('--no-build', 'never build; serve dist/web as it is')
    .option('--rebuild', 'build the app even when dist/web is up to date')
    .action(async (opts: ExploreOptions) => {
      const server = await startExplore(opts, (line) => ctx.io.out(`${line}\n`));
      await serveUntilSignal(server, (line) => ctx.io.out(`${line}\n`));
    });
}

/**
 * Resolves once SIGINT (Ctrl-C) or SIGTERM arrived and the server closed; logs
 * `lazyrich explorer: stopped`. The signal handlers are removed again.
 */
export function serveUntilSignal(server: ExplorerServer, log: (line: string) => void): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(() => {
        log('lazyrich explorer: stopped');
        done();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
