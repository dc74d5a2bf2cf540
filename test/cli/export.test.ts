/**
 * `lazyrich export` and `lazyrich ls` on a real sweep store: csv (parsed back, numbers exact),
 * csv to a file (same text), json (and --series), npy read back by NumPy in python3 (bit-identical
 * to the stored values; skipped with the reason when python3 or NumPy is missing), and ls.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/errors.js';
import { jsBackend, setBackend } from '../../src/linalg/backend.js';
import { openStore } from '../../src/store/index.js';
import type { PointRow } from '../../src/store/types.js';
import { gridDocument, hexOf, tempDir, writeDocument } from './sweep.helpers.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s) };
  const code = await main(['node', 'lazyrich', ...args], io, { LAZYRICH_BACKEND: 'js' });
  setBackend(jsBackend);
  return { code, out, err };
}

/** RFC 4180 CSV → rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

const numpy = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
const numpySkip = numpy.status === 0 ? false : `python3 with NumPy is not available (${numpy.error?.message ?? numpy.stderr.trim().split('\n').pop()})`;

describe('lazyrich export / ls', () => {
  const dir = tempDir();
  const store = join(dir, 'store');
  let rows: PointRow[];
  let paths: string[];

  before(async () => {
    const config = writeDocument(dir, gridDocument({ lrs: [0.05, 3], replicates: 2 })); // 12 points, 6 failing (η = 3 diverges)
    const r = await run(['sweep', config, '--out', store, '--workers', '2']);
    assert.equal(r.code, 1, r.err);
    const s = openStore(store);
    rows = s.rows();
    paths = s.paths;
    s.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('csv on stdout parses back to the stored values exactly', async () => {
    const r = await run(['export', store, '--format', 'csv']);
    assert.equal(r.code, 0, r.err);
    const [header, ...body] = parseCsv(r.out);
    const metrics = [...new Set(rows.flatMap((row) => Object.keys(row.summary ?? {})))];
    assert.deepEqual(header.slice(0, 5 + paths.length), ['index', 'key', 'replicate', 'seed', 'status', ...paths]);
    assert.deepEqual(header.slice(5 + paths.length, 5 + paths.length + metrics.length), metrics);
    assert.deepEqual(header.slice(-2), ['elapsed_ms', 'error']);
    assert.equal(body.length, rows.length);
    body.forEach((fields, i) => {
      const row = rows[i];
      const get = (name: string): string => fields[header.indexOf(name)];
      assert.equal(Number(get('index')), row.index);
      assert.equal(get('key'), row.key);
      assert.equal(Number(get('seed')), row.seed);
      assert.equal(get('status'), row.status);
      for (const p of paths) assert.equal(Number(get(p)), row.assignments[p]);
      for (const m of metrics) {
        const v = row.summary?.[m];
        if (v === undefined || v === null) assert.equal(get(m), '');
        else assert.equal(Number(get(m)), v, `${m} of point ${row.index}`);
      }
      assert.equal(get('error'), row.error ?? '');
    });
    assert.equal(body.filter((f) => f[4] === 'failed').length, 6);

    const toFile = await run(['export', store, '--format', 'csv', '--output', join(dir, 'out.csv')]);
    assert.equal(toFile.code, 0, toFile.err);
    assert.equal(readFileSync(join(dir, 'out.csv'), 'utf8'), r.out);
  });

  test('json (with --series) holds the stored rows and series', async () => {
    const r = await run(['export', store, '--format', 'json', '--series']);
    assert.equal(r.code, 0, r.err);
    const parsed = JSON.parse(r.out) as { paths: string[]; rows: { key: string; status: string; summary: Record<string, number | null> | null; error: string | null; series?: { t: number[]; columns: Record<string, number[]> } }[] };
    assert.deepEqual(parsed.paths, paths);
    const s = openStore(store);
    try {
      parsed.rows.forEach((jr, i) => {
        assert.equal(jr.key, rows[i].key);
        assert.equal(jr.status, rows[i].status);
        assert.deepEqual(jr.summary, rows[i].summary);
        assert.equal(jr.error, rows[i].error);
        if (jr.status === 'done') {
          const { series } = s.readArrays(jr.key);
          assert.deepEqual(jr.series!.t, Array.from(series!.t));
          assert.deepEqual(jr.series!.columns.loss, Array.from(series!.columns.loss));
        }
      });
    } finally {
      s.close();
    }
  });

  test('npy read back by NumPy equals the stored values bit for bit', { skip: numpySkip }, async () => {
    const out = join(dir, 'npy');
    const r = await run(['export', store, '--format', 'npy', '--output', out]);
    assert.equal(r.code, 0, r.err);
    const py = spawnSync(
      'python3',
      ['-c', "import json,os,sys,numpy as np\nd=sys.argv[1]\nprint(json.dumps({f:{'dtype':str(a.dtype),'shape':list(a.shape),'hex':a.astype('<f8').tobytes().hex()} for f in sorted(os.listdir(d)) if f.endswith('.npy') for a in [np.load(os.path.join(d,f))]}))", out],
      { encoding: 'utf8' },
    );
    assert.equal(py.status, 0, py.stderr);
    const got = JSON.parse(py.stdout) as Record<string, { dtype: string; shape: number[]; hex: string }>;
    const vec = (f: (row: PointRow) => number | null | undefined): string => hexOf(Float64Array.from(rows, (row) => f(row) ?? NaN));
    const expected: Record<string, string> = {
      'index.npy': vec((row) => row.index),
      'seed.npy': vec((row) => row.seed),
      'status.npy': vec((row) => ({ pending: 0, done: 1, failed: 2 })[row.status]),
      'axis.init.lambda.npy': vec((row) => row.assignments['init.lambda'] as number),
      'axis.train.learningRate.npy': vec((row) => row.assignments['train.learningRate'] as number),
      'summary.finalLoss.npy': vec((row) => row.summary?.finalLoss),
      'summary.kernelDistance.npy': vec((row) => row.summary?.kernelDistance),
    };
    for (const [file, hex] of Object.entries(expected)) {
      assert.ok(got[file], `${file} exported`);
      assert.equal(got[file].dtype, 'float64');
      assert.deepEqual(got[file].shape, [rows.length]);
      assert.equal(got[file].hex, hex, file);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { keys: string[] };
    assert.deepEqual(manifest.keys, rows.map((row) => row.key));
  });

  test('ls shows sweep id, axes, counts and size; --json has the counts', async () => {
    const r = await run(['ls', store]);
    assert.equal(r.code, 0, r.err);
    const s = openStore(store);
    const id = s.sweepId;
    s.close();
    assert.match(r.out, new RegExp(`: sweep ${id}, two-layer-linear\\n`));
    assert.match(r.out, /axes: init\.lambda \(3\) × train\.learningRate \(2\)/);
    assert.match(r.out, /points: 12 — 6 done, 6 failed, 0 pending/);
    assert.match(r.out, /\d+(\.\d)? (B|kB|MB) on disk/);
    const j = await run(['ls', store, '--json']);
    const info = JSON.parse(j.out) as { status: { done: number; failed: number; total: number }; errors: unknown[]; bytes: number };
    assert.deepEqual(info.status, { total: 12, pending: 0, done: 6, failed: 6 });
    assert.equal(info.errors.length, 6);
    assert.ok(info.bytes > 0);
  });
});
