/**
 * The explorer's HTTP server (Node only). It binds **127.0.0.1 only** and serves, read-only:
 *
 * - the built app (`dist/web`, made by Vite from `src/web/app`) at `/`;
 * - the API documentation (`dist/docs`, made by TypeDoc with `npm run docs`) under `/docs/`, or a
 *   404 page saying how to build it;
 * - the sweep stores named on the command line under `/api/stores` (listed by name; each store's
 *   point rows at `/api/stores/<name>/points` and a finished point's arrays at
 *   `/api/stores/<name>/points/<key>/arrays/<file>.npy`);
 * - one `lazyrich reproduce` output folder under `/api/report/` (`index.json` lists its
 *   experiments with their checks and figures; any file of the folder by its relative path).
 *
 * It refuses what it does not serve: methods other than GET and HEAD (405), request bodies (413),
 * URLs longer than {@link SERVER_LIMITS}.maxUrlBytes (414), headers over `maxHeaderBytes` (431,
 * from Node's parser), malformed or encoded-slash paths and `.`/`..` segments (400), and anything
 * that resolves — after following symlinks — outside the folder it was looked up in (404).
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { PointRow } from '../store/types.js';
import { listStore, openStore, type SweepStore } from '../store/index.js';

/** The only interface the server ever listens on. */
export const SERVER_HOST = '127.0.0.1';

/** Size limits of requests (bytes). */
export const SERVER_LIMITS = {
  /** Longest accepted request target (path + query); longer ones get 414. */
  maxUrlBytes: 8192,
  /** Largest total header size Node's parser accepts; larger ones get 431. */
  maxHeaderBytes: 16384,
} as const;

/** Content types by file extension. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.npy': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Read access to one sweep store, as the server needs it. {@link storeSourceFromDir} builds one
 * from a store folder through `src/store/`; tests may pass their own.
 */
export interface StoreSource {
  /** Name under `/api/stores/<name>` (the folder's base name, made unique). */
  name: string;
  /** Absolute folder of the store (shown in the listing). */
  dir: string;
  /** What the listing says about the store (sweep name, counts…); a JSON-serialisable object. */
  describe(): Record<string, unknown>;
  /** Every point row of the index. */
  rows(): PointRow[];
  /**
   * Absolute folder holding the `.npy` arrays of the point with this key, or undefined when the
   * key is unknown or the point has no arrays.
   */
  arraysDir(key: string): string | undefined;
}

/** Options of {@link startExplorerServer}. */
export interface ExplorerServerOptions {
  /** Folder of the built app (`dist/web`); must hold `index.html`. */
  appDir: string;
  /** Folder of the TypeDoc output (`dist/docs`); `/docs/` says how to build it when absent. */
  docsDir?: string;
  /** Sweep stores to serve under `/api/stores`. */
  stores?: StoreSource[];
  /** A `lazyrich reproduce` output folder to serve under `/api/report/`. */
  reportDir?: string;
  /** Port (0 = a free port chosen by the system). Default 0. */
  port?: number;
}

/** A running explorer server. */
export interface ExplorerServer {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections, ends idle ones and resolves once closed. */
  close(): Promise<void>;
}

/** An HTTP failure with its status code and a one-sentence reason. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Common headers of every response. */
function baseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/** Content-Security-Policy of the app and docs pages: only this origin, no eval. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

function sendText(res: ServerResponse, head: boolean, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...baseHeaders(contentType), 'Content-Length': String(buf.length) });
  res.end(head ? undefined : buf);
}

function sendJson(res: ServerResponse, head: boolean, value: unknown): void {
  sendText(res, head, 200, JSON.stringify(value), CONTENT_TYPES['.json']);
}

function sendFile(res: ServerResponse, head: boolean, file: string, stats: Stats): void {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = { ...baseHeaders(type), 'Content-Length': String(stats.size) };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
  res.writeHead(200, headers);
  if (head) {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Splits a raw request path into decoded segments, refusing (400) what could escape a folder or
 * is ambiguous: malformed percent-encoding, encoded `/` or `\`, backslashes, NUL bytes, and `.` or
 * `..` segments (raw or encoded). Empty segments (`a//b`, a trailing `/`) are dropped.
 *
 * @example
 * pathSegments('/api/report/a%20b/fig.svg'); // ['api', 'report', 'a b', 'fig.svg']
 * pathSegments('/%2e%2e/package.json');      // throws HttpError (status 400)
 */
export function pathSegments(rawPath: string): string[] {
  if (/%2f|%5c/i.test(rawPath) || rawPath.includes('\\')) throw new HttpError(400, 'encoded slashes and backslashes are not allowed in paths');
  const out: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, 'malformed percent-encoding in the path');
    }
    if (seg === '.' || seg === '..') throw new HttpError(400, 'dot segments are not allowed in paths');
    if (seg.includes('\0') || seg.includes('/') || seg.includes('\\')) throw new HttpError(400, 'illegal character in the path');
    out.push(seg);
  }
  return out;
}

/**
 * Resolves `segments` inside `root` and returns the real path of an existing regular file in it,
 * or undefined. Symlinks are followed and the target must still lie inside `root`'s real path.
 * A directory resolves to its `index.html` when `index` is true.
 */
export function resolveInside(root: string, segments: readonly string[], index = false): { file: string; stats: Stats } | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  let candidate = resolve(realRoot, ...segments);
  for (let pass = 0; pass < 2; pass++) {
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      return undefined;
    }
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return undefined;
    const stats = statSync(real);
    if (stats.isFile()) return { file: real, stats };
    if (!stats.isDirectory() || !index || pass > 0) return undefined;
    candidate = join(real, 'index.html');
  }
  return undefined;
}

/** The page `/docs/` shows when the TypeDoc output is missing. */
const DOCS_MISSING = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lazyrich: API docs not built</title></head>
<body><h1>API documentation not built</h1><p>The API documentation is generated by TypeDoc. Run <code>npm run docs</code>
in the lazyrich folder (it writes <code>dist/docs</code>), then reload this page.</p><p><a href="/">Back to the explorer</a></p></body></html>
`;

/** One experiment of a reproduction report, as `/api/report/index.json` lists it. */
export interface ReportEntry {
  /** Experiment id, e.g. `lazy-to-rich/fig2`. */
  id: string;
  /** Folder of the experiment relative to the report root (`/api/report/<path>/…`). */
  path: string;
  budget: string | null;
  seed: number | null;
  checks: { name: string; paper: string; ours: string; tolerance: string; pass: boolean }[];
  notes: string[];
  /** Figure file names (SVG) in the folder. */
  figures: string[];
  /** Table file names (CSV) in the folder. */
  tables: string[];
}

/**
 * Reads the experiments of a `lazyrich reproduce` output folder: every folder (up to three levels
 * deep) holding a `checks.json`, with its checks, notes, figures and tables, sorted by id.
 */
export function readReportIndex(reportDir: string): ReportEntry[] {
  const out: ReportEntry[] = [];
  const visit = (dir: string, rel: string[], depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    if (names.includes('checks.json')) {
      try {
        const doc = JSON.parse(readFileSync(join(dir, 'checks.json'), 'utf8')) as {
          id?: string;
          budget?: string;
          seed?: number;
          checks?: ReportEntry['checks'];
          notes?: string[];
        };
        out.push({
          id: typeof doc.id === 'string' ? doc.id : rel.join('/'),
          path: rel.join('/'),
          budget: typeof doc.budget === 'string' ? doc.budget : null,
          seed: typeof doc.seed === 'number' ? doc.seed : null,
          checks: Array.isArray(doc.checks) ? doc.checks : [],
          notes: Array.isArray(doc.notes) ? doc.notes : [],
          figures: names.filter((n) => n.endsWith('.svg')),
          tables: names.filter((n) => n.endsWith('.csv')),
        });
      } catch {
        // A torn or foreign checks.json is skipped, not served as an experiment.
      }
    }
    if (depth >= 3) return;
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let st: Stats;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) visit(p, [...rel, name], depth + 1);
    }
  };
  visit(reportDir, [], 0);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Answers one request (exported for tests through {@link startExplorerServer}). */
function handle(options: ExplorerServerOptions, req: IncomingMessage, res: ServerResponse): void {
  const method = req.method ?? 'GET';
  const head = method === 'HEAD';
  try {
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, `method ${method} is not allowed; this server is read-only (GET, HEAD)`);
    }
    const rawUrl = req.url ?? '/';
    if (Buffer.byteLength(rawUrl) > SERVER_LIMITS.maxUrlBytes) throw new HttpError(414, `the request URL is longer than ${SERVER_LIMITS.maxUrlBytes} bytes`);
    const length = req.headers['content-length'];
    if ((length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined) {
      throw new HttpError(413, 'request bodies are not accepted');
    }
    if (!rawUrl.startsWith('/')) throw new HttpError(400, 'the request target must be an absolute path');
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const segs = pathSegments(rawPath);

    if (segs[0] === 'api') return handleApi(options, segs.slice(1), head, res);
    if (segs[0] === 'docs') {
      if (segs.length === 1 && !rawPath.endsWith('/')) {
        res.writeHead(301, { ...baseHeaders('text/plain; charset=utf-8'), Location: '/docs/' });
        res.end();
        return;
      }
      const docs = options.docsDir && existsSync(join(options.docsDir, 'index.html')) ? options.docsDir : undefined;
      if (!docs) return sendText(res, head, 404, DOCS_MISSING, CONTENT_TYPES['.html']);
      const found = resolveInside(docs, segs.slice(1), true);
      if (!found) throw new HttpError(404, 'no such documentation page');
      return sendFile(res, head, found.file, found.stats);
    }
    const found = resolveInside(options.appDir, segs, true);
    if (!found) throw new HttpError(404, 'not found');
    return sendFile(res, head, found.file, found.stats);
  } catch (error) {
    if (error instanceof HttpError) return sendText(res, head, error.status, `${error.message}\n`);
    const message = error instanceof Error ? error.message : String(error);
    return sendText(res, head, 500, `internal error: ${message}\n`);
  }
}

/** `/api/...`: stores and the report. */
function handleApi(options: ExplorerServerOptions, segs: string[], head: boolean, res: ServerResponse): void {
  const stores = options.stores ?? [];
  if (segs[0] === 'stores') {
    if (segs.length === 1) {
      return sendJson(res, head, { stores: stores.map((s) => ({ name: s.name, ...s.describe() })) });
    }
    const store = stores.find((s) => s.name === segs[1]);
    if (!store) throw new HttpError(404, `no store named "${segs[1]}" is served`);
    if (segs.length === 2) return sendJson(res, head, { name: store.name, ...store.describe() });
    if (segs[2] === 'points' && segs.length === 3) return sendJson(res, head, { name: store.name, points: store.rows() });
    if (segs[2] === 'points' && segs[4] === 'arrays') {
      const dir = store.arraysDir(segs[3]);
      if (!dir) throw new HttpError(404, `store "${store.name}" has no arrays for point "${segs[3]}"`);
      if (segs.length === 5) {
        const files = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.npy')).sort() : [];
        return sendJson(res, head, { key: segs[3], files });
      }
      if (segs.length !== 6 || !segs[5].endsWith('.npy')) throw new HttpError(404, 'arrays are served as <name>.npy');
      const found = resolveInside(dir, [segs[5]]);
      if (!found) throw new HttpError(404, `point "${segs[3]}" has no array ${segs[5]}`);
      return sendFile(res, head, found.file, found.stats);
    }
    throw new HttpError(404, 'unknown store path');
  }
  if (segs[0] === 'report') {
    if (!options.reportDir) throw new HttpError(404, 'no report folder is served (start with --report <dir>)');
    if (segs.length === 1 || (segs.length === 2 && segs[1] === 'index.json')) {
      return sendJson(res, head, { root: basename(resolve(options.reportDir)), experiments: readReportIndex(options.reportDir) });
    }
    const found = resolveInside(options.reportDir, segs.slice(1));
    if (!found) throw new HttpError(404, 'no such report file');
    return sendFile(res, head, found.file, found.stats);
  }
  if (segs[0] === 'info' && segs.length === 1) {
    return sendJson(res, head, {
      stores: stores.map((s) => s.name),
      report: options.reportDir !== undefined,
      docs: options.docsDir !== undefined && existsSync(join(options.docsDir, 'index.html')),
    });
  }
  throw new HttpError(404, 'unknown API path');
}

/**
 * Starts the explorer server on 127.0.0.1 and resolves once it listens.
 *
 * @example
 * import { mkdirSync, writeFileSync } from 'node:fs';
 * mkdirSync('app', { recursive: true });
 * writeFileSync('app/index.html', '<!doctype html><title>explorer</title>'); // the built app is dist/web
 * const s = await startExplorerServer({ appDir: 'app', port: 0 });
 * s.url.startsWith('http://127.0.0.1:'); // → true (e.g. http://127.0.0.1:43817/)
 * await s.close();
 */
export async function startExplorerServer(options: ExplorerServerOptions): Promise<ExplorerServer> {
  if (!existsSync(join(options.appDir, 'index.html'))) {
    throw new Error(`the explorer app is not built: ${join(options.appDir, 'index.html')} is missing`);
  }
  const server = createServer({ maxHeaderSize: SERVER_LIMITS.maxHeaderBytes }, (req, res) => handle(options, req, res));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, SERVER_HOST, () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${SERVER_HOST}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/**
 * A {@link StoreSource} over a sweep store folder, read through `src/store/` (the index is opened
 * for each request and closed again, so a sweep still writing into the store is seen as it grows).
 * @throws LazyrichError when `dir` holds no store or a damaged one
 * @example
 * import { expandSweep } from '../experiments/sweep/index.js';
 * import { openStore } from '../store/index.js';
 * const sweep = expandSweep({ model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1], w: [0.3] }, train: { method: 'gd', learningRate: 0.01, steps: 10 }, sweep: { axes: [{ path: 'model.kappa', values: [0.1, 0.5] }] } });
 * openStore('sweeps/grid', { sweep }).close();
 * const source = openStoreSource('sweeps/grid', 'grid');
 * source.name; // → "grid"
 */
export function openStoreSource(dir: string, name: string): StoreSource {
  listStore(dir);
  const withStore = <T>(f: (s: SweepStore) => T): T => {
    const s = openStore(dir, { create: false });
    try {
      return f(s);
    } finally {
      s.close();
    }
  };
  return {
    name,
    dir,
    describe: () => {
      const info = listStore(dir);
      return { sweepId: info.sweepId, kind: info.kind, paths: info.paths, status: info.status, updated: info.updated };
    },
    rows: () => withStore((s) => s.rows()),
    arraysDir: (key) =>
      withStore((s) => {
        const row = s.row(key);
        return row && row.status === 'done' ? s.arraysDir(key) : undefined;
      }),
  };
}
