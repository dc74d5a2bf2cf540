/**
 * The explorer server: binds 127.0.0.1 only, serves the app, docs, stores and report read-only,
 * refuses traversal, oversized and non-GET requests, and shuts down cleanly on SIGINT.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathSegments, readReportIndex, startExplorerServer, type ExplorerServer, type StoreSource } from '../../src/web/server.js';
import type { PointRow } from '../../src/store/types.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `request` verbatim over TCP (no client-side normalisation) and parses the reply. */
function raw(port: number, request: string | Buffer, host = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const socket = connect(port, host);
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', fail);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? NaN);
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      ok({ status, headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(request);
  });
}

function get(port: number, target: string, extra = ''): Promise<RawResponse> {
  return raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`);
}

const SECRET = 'outside-secret-7f3a';

describe('explorer server', () => {
  let dir: string;
  let app: string;
  let report: string;
  let server: ExplorerServer;
  const rows: PointRow[] = [
    { index: 0, key: 'abc123', replicate: 0, seed: 1, assignments: { lambda: 0.5 }, status: 'done', summary: { loss: 0.25 }, labels: null, error: null, elapsedMs: 3 },
    { index: 1, key: 'def456', replicate: 0, seed: 2, assignments: { lambda: 1 }, status: 'failed', summary: null, labels: null, error: 'diverged.', elapsedMs: 1 },
  ];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lazyrich-server-'));
    app = join(dir, 'web');
    mkdirSync(join(app, 'assets'), { recursive: true });
    writeFileSync(join(app, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(app, 'assets', 'main.js'), 'console.log(1);');
    writeFileSync(join(dir, 'secret.txt'), SECRET);
    symlinkSync(join(dir, 'secret.txt'), join(app, 'leak.txt'));
    symlinkSync(dir, join(app, 'up'));
    symlinkSync(join(app, 'assets', 'main.js'), join(app, 'alias.js'));
    report = join(dir, 'report');
    mkdirSync(join(report, 'paper', 'fig1'), { recursive: true });
    writeFileSync(
      join(report, 'paper', 'fig1', 'checks.json'),
      JSON.stringify({ id: 'paper/fig1', budget: 'quick', seed: 0, checks: [{ name: 'c', paper: '1', ours: '1.01', tolerance: '5%', pass: true }], notes: ['n'] }),
    );
    writeFileSync(join(report, 'paper', 'fig1', 'fig1.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(report, 'paper', 'fig1', 'loss.csv'), 't,loss\n0,1\n');
    const arrays = join(dir, 'store', 'arrays', 'abc123');
    mkdirSync(arrays, { recursive: true });
    writeFileSync(join(arrays, 'series.t.npy'), Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]));
    const store: StoreSource = {
      name: 'sweep1',
      dir: join(dir, 'store'),
      describe: () => ({ points: rows.length }),
      rows: () => rows,
      arraysDir: (key) => (rows.some((r) => r.key === key && r.status === 'done') ? join(dir, 'store', 'arrays', key) : undefined),
    };
    server = await startExplorerServer({ appDir: app, docsDir: join(dir, 'no-docs'), stores: [store], reportDir: report, port: 0 });
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('binds 127.0.0.1 only', async () => {
    const address = server.server.address();
    assert.ok(address && typeof address === 'object');
    assert.equal(address.address, '127.0.0.1');
    assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
    // Any non-loopback IPv4 address of this machine must refuse the connection.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) {
      await assert.rejects(get(server.port, '/').then(() => raw(server.port, 'GET / HTTP/1.1\r\n\r\n', external.address)), /ECONNREFUSED/);
    }
  });

  test('serves the app: index at /, assets with content types, HEAD without a body', async () => {
    const index = await get(server.port, '/');
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type'], /text\/html/);
    assert.match(index.headers['content-security-policy'], /default-src 'self'/);
    assert.equal(index.body, '<!doctype html><title>app</title>');
    const withQuery = await get(server.port, '/?view=two-layer&lambda=0.5');
    assert.equal(withQuery.status, 200);
    const js = await get(server.port, '/assets/main.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /javascript/);
    assert.equal(js.headers['x-content-type-options'], 'nosniff');
    const head = await raw(server.port, 'HEAD /assets/main.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String('console.log(1);'.length));
    assert.equal(head.body, '');
    assert.equal((await get(server.port, '/nope.js')).status, 404);
    // A symlink that stays inside the root is served.
    assert.equal((await get(server.port, '/alias.js')).body, 'console.log(1);');
  });

  test('refuses path traversal, encoded dots and slashes, absolute paths and symlinks out of the root', async () => {
    const attempts = [
      '/../package.json',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2e%2e/package.json',
      '/.%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/%2fetc%2fpasswd',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '//etc/passwd',
      '/etc/passwd',
      `/${encodeURIComponent(join(dir, 'secret.txt'))}`,
      `${join(dir, 'secret.txt')}`,
      '/leak.txt',
      '/up/secret.txt',
      '/%00secret.txt',
      '/%zz',
      'http://127.0.0.1/../secret.txt',
      '/api/report/../../secret.txt',
      '/api/report/%2e%2e/secret.txt',
      '/api/report/..%2f..%2fsecret.txt',
      '/api/stores/sweep1/points/abc123/arrays/..%2f..%2f..%2fsecret.txt',
      '/api/stores/sweep1/points/../../../secret.txt',
      '/docs/../secret.txt',
    ];
    for (const target of attempts) {
      const r = await get(server.port, target);
      assert.ok(r.status === 400 || r.status === 404, `${target}: status ${r.status}`);
      assert.ok(!r.body.includes(SECRET), `${target} leaked the file`);
      assert.ok(!r.body.includes('"name": "lazyrich"'), `${target} leaked package.json`);
    }
    assert.throws(() => pathSegments('/a/%2e%2e/b'), /dot segments/);
    assert.deepEqual(pathSegments('/a//b%20c/'), ['a', 'b c']);
  });

  test('refuses non-GET methods, bodies, oversized URLs and headers', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await raw(server.port, `${method} / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      assert.equal(r.status, 405, method);
      assert.equal(r.headers['allow'], 'GET, HEAD');
    }
    const body = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    assert.equal(body.status, 413);
    const chunked = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
    assert.equal(chunked.status, 413);
    const longUrl = await get(server.port, `/?q=${'a'.repeat(10_000)}`);
    assert.equal(longUrl.status, 414);
    const bigHeader = await get(server.port, '/', `X-Big: ${'b'.repeat(40_000)}\r\n`);
    assert.equal(bigHeader.status, 431);
    // The server still answers after the refusals.
    assert.equal((await get(server.port, '/')).status, 200);
  });

  test('/docs says how to build the docs when dist/docs is missing', async () => {
    const r = await get(server.port, '/docs/');
    assert.equal(r.status, 404);
    assert.match(r.body, /npm run docs/);
    assert.equal((await get(server.port, '/docs')).status, 301);
  });

  test('serves the named stores read-only', async () => {
    const list = JSON.parse((await get(server.port, '/api/stores')).body) as { stores: { name: string; points: number }[] };
    assert.deepEqual(list.stores, [{ name: 'sweep1', points: 2 }]);
    const points = JSON.parse((await get(server.port, '/api/stores/sweep1/points')).body) as { points: PointRow[] };
    assert.deepEqual(points.points, rows);
    const npy = await get(server.port, '/api/stores/sweep1/points/abc123/arrays/series.t.npy');
    assert.equal(npy.status, 200);
    assert.equal(npy.headers['content-type'], 'application/octet-stream');
    assert.equal(npy.body.slice(1), 'NUMPY');
    const files = JSON.parse((await get(server.port, '/api/stores/sweep1/points/abc123/arrays')).body) as { files: string[] };
    assert.deepEqual(files.files, ['series.t.npy']);
    assert.equal((await get(server.port, '/api/stores/sweep1/points/def456/arrays/series.t.npy')).status, 404);
    assert.equal((await get(server.port, '/api/stores/other/points')).status, 404);
  });

  test('serves the report folder: index with checks and figures, files by path', async () => {
    const index = JSON.parse((await get(server.port, '/api/report/index.json')).body) as { experiments: { id: string; path: string; figures: string[]; checks: unknown[] }[] };
    assert.equal(index.experiments.length, 1);
    assert.equal(index.experiments[0].id, 'paper/fig1');
    assert.equal(index.experiments[0].path, 'paper/fig1');
    assert.deepEqual(index.experiments[0].figures, ['fig1.svg']);
    assert.equal(index.experiments[0].checks.length, 1);
    assert.deepEqual(readReportIndex(report), index.experiments);
    const svg = await get(server.port, '/api/report/paper/fig1/fig1.svg');
    assert.equal(svg.status, 200);
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
  });
});

test('a server without --report answers /api/report with 404', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lazyrich-server-'));
  writeFileSync(join(dir, 'index.html'), 'x');
  const s = await startExplorerServer({ appDir: dir, port: 0 });
  try {
    assert.equal((await get(s.port, '/api/report/index.json')).status, 404);
    assert.deepEqual(JSON.parse((await get(s.port, '/api/stores')).body), { stores: [] });
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('explore in a child process: prints the URL, serves, and exits 0 on SIGINT', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lazyrich-explore-'));
  mkdirSync(join(root, 'dist', 'web'), { recursive: true });
  writeFileSync(join(root, 'dist', 'web', 'index.html'), '<!doctype html><title>child</title>');
  const script = `
    import { startExplore, serveUntilSignal } from ${JSON.stringify(join(REPO, 'src/cli/commands/explore.ts'))};
    const log = (l) => process.stdout.write(l + '\\n');
    const server = await startExplore({ port: '0', build: false }, log, ${JSON.stringify(root)});
    await serveUntilSignal(server, log);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((ok, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /lazyrich explorer: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(out);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`child exited ${code}: ${err}`)));
  });
  const port = Number(new URL(url).port);
  const page = await get(port, '/');
  assert.equal(page.status, 200);
  assert.match(page.body, /child/);
  const exit = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  child.kill('SIGINT');
  assert.equal(await exit, 0, err);
  assert.match(out, /lazyrich explorer: stopped/);
  await assert.rejects(get(port, '/'), /ECONNREFUSED/);
  rmSync(root, { recursive: true, force: true });
});

test('a real sweep store read through src/store: listing, rows, a done point\'s arrays; a failed point has none', async () => {
  const { smallSweep, fakeResult, tempDir } = await import('../store/helpers.js');
  const { openStore } = await import('../../src/store/index.js');
  const { decodeNpy } = await import('../../src/io/npy.js');
  const { openStoreSource } = await import('../../src/web/server.js');
  const { openStores } = await import('../../src/cli/commands/explore.js');
  const dir = tempDir('lazyrich-explore-store-');
  const storeDir = join(dir, 'grid');
  const sweep = smallSweep();
  const store = openStore(storeDir, { sweep });
  const [p0, p1] = sweep.points;
  const r0 = fakeResult(p0);
  store.recordDone(p0, r0, 5);
  store.recordFailed(p1, 'diverged at step 3.', 1);
  const expectedRows = store.rows();
  store.close();
  const app = join(dir, 'web');
  mkdirSync(app);
  writeFileSync(join(app, 'index.html'), 'x');
  const s = await startExplorerServer({ appDir: app, stores: openStores([storeDir]), port: 0 });
  try {
    const list = JSON.parse((await get(s.port, '/api/stores')).body) as { stores: { name: string; status: { done: number; failed: number; total: number } }[] };
    assert.equal(list.stores.length, 1);
    assert.equal(list.stores[0].name, 'grid');
    assert.deepEqual(list.stores[0].status, { total: sweep.points.length, pending: sweep.points.length - 2, done: 1, failed: 1 });
    const rows = JSON.parse((await get(s.port, '/api/stores/grid/points')).body) as { points: unknown[] };
    assert.deepEqual(rows.points, JSON.parse(JSON.stringify(expectedRows)));
    const files = JSON.parse((await get(s.port, `/api/stores/grid/points/${p0.key}/arrays`)).body) as { files: string[] };
    assert.ok(files.files.includes('series.t.npy') && files.files.includes('series.loss.npy'), files.files.join(', '));
    const t = await new Promise<Buffer>((ok, fail) => {
      const sock = connect(s.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      sock.on('data', (c) => chunks.push(c));
      sock.on('error', fail);
      sock.on('close', () => {
        const all = Buffer.concat(chunks);
        ok(all.subarray(all.indexOf('\r\n\r\n') + 4));
      });
      sock.write(`GET /api/stores/grid/points/${p0.key}/arrays/series.t.npy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    });
    assert.deepEqual(Array.from(decodeNpy(new Uint8Array(t)).data), Array.from(r0.series!.t));
    assert.equal((await get(s.port, `/api/stores/grid/points/${p1.key}/arrays/series.t.npy`)).status, 404);
  } finally {
    await s.close();
  }
  // A folder that holds no store is refused when the command starts, with the store's own sentence.
  const { LazyrichError } = await import('../../src/errors/index.js');
  assert.throws(() => openStoreSource(app, 'web'), LazyrichError);
});

test('explore options: bad --port, --store and --report are one-sentence ConfigErrors; staleness follows mtimes', async () => {
  const { parsePort, openStores, appIsStale, startExplore } = await import('../../src/cli/commands/explore.js');
  const { ConfigError } = await import('../../src/errors/index.js');
  const { utimesSync } = await import('node:fs');
  assert.equal(parsePort('0'), 0);
  assert.equal(parsePort('8080'), 8080);
  for (const bad of ['abc', '-1', '65536', '1.5']) assert.throws(() => parsePort(bad), (e: Error) => e instanceof ConfigError && /--port/.test(e.message));
  const root = mkdtempSync(join(tmpdir(), 'lazyrich-stale-'));
  try {
    writeFileSync(join(root, 'file.txt'), 'x');
    assert.throws(() => openStores([join(root, 'file.txt')]), (e: Error) => e instanceof ConfigError && /--store/.test(e.message));
    await assert.rejects(startExplore({ port: '0', report: join(root, 'missing'), build: false }, () => {}, root), (e: Error) => e instanceof ConfigError && /--report/.test(e.message));
    await assert.rejects(startExplore({ port: '0', build: false }, () => {}, root), (e: Error) => e instanceof ConfigError && /--no-build/.test(e.message));
    mkdirSync(join(root, 'src', 'web'), { recursive: true });
    mkdirSync(join(root, 'dist', 'web'), { recursive: true });
    writeFileSync(join(root, 'src', 'web', 'a.ts'), '');
    writeFileSync(join(root, 'dist', 'web', 'index.html'), '');
    const old = new Date(Date.now() - 60_000);
    const now = new Date();
    for (const p of [join(root, 'src', 'web', 'a.ts'), join(root, 'src', 'web'), join(root, 'src')]) utimesSync(p, old, old);
    utimesSync(join(root, 'dist', 'web', 'index.html'), now, now);
    assert.equal(appIsStale(root), false);
    utimesSync(join(root, 'src', 'web', 'a.ts'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    assert.equal(appIsStale(root), true);
    rmSync(join(root, 'dist', 'web', 'index.html'));
    assert.equal(appIsStale(root), true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
