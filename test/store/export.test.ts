/**
 * Exports read back by NumPy (python3): the csv (csv module + float), the json (json module) and
 * the npy folder (np.load) hold exactly the stored values, bit for bit. Skipped, with the reason,
 * when python3 with NumPy is not available.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportCsv, exportJson, exportNpy, exportStore, openStore, type PointRow } from '../../src/store/index.js';
import { ConfigError, LazyrichError } from '../../src/errors/index.js';
import { expandSweep } from '../../src/experiments/sweep/expand.js';
import { BASE, fakeResult, tempDir } from './helpers.js';

const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
const NO_NUMPY = probe.status === 0 ? false : `python3 with NumPy is not available (${probe.error?.message ?? probe.stderr.trim().split('\n').pop()})`;

/** Reads the three exports in Python and returns every numeric column as float64 hex bytes. */
const READER = String.raw`
import csv, json, os, sys
import numpy as np
csv_path, json_path, npy_dir = sys.argv[1:4]
def hexf(values):
    return np.asarray(values, dtype="<f8").tobytes().hex()
out = {"csv": {"numeric": {}, "strings": {}}, "json": {}, "npy": {}}
with open(csv_path, newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
out["csv"]["header"] = header
for j, name in enumerate(header):
    col = [r[j] for r in body]
    try:
        out["csv"]["numeric"][name] = hexf([float(v) if v != "" else float("nan") for v in col])
    except ValueError:
        out["csv"]["strings"][name] = col
doc = json.load(open(json_path))
metrics = sorted({k for r in doc["rows"] for k in (r["summary"] or {})})
out["json"]["summary"] = {m: hexf([float("nan") if (r["summary"] or {}).get(m) is None else r["summary"][m] for r in doc["rows"]]) for m in metrics}
out["json"]["series"] = {r["key"]: {c: hexf([float("nan") if v is None else v for v in vals]) for c, vals in r["series"]["columns"].items()} for r in doc["rows"] if r.get("series")}
out["json"]["labels"] = [r["labels"] for r in doc["rows"]]
for name in sorted(os.listdir(npy_dir)):
    if name.endswith(".npy"):
        a = np.load(os.path.join(npy_dir, name))
        out["npy"][name] = {"dtype": str(a.dtype), "shape": list(a.shape), "hex": a.tobytes().hex()}
out["manifest"] = json.load(open(os.path.join(npy_dir, "manifest.json")))
print(json.dumps(out))
`;

function hexOf(values: (number | null | undefined)[]): string {
  return Buffer.from(Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN)).buffer).toString('hex');
}

function makeStore() {
  const dir = join(tempDir(), 'grid');
  const sweep = expandSweep({
    ...structuredClone(BASE),
    sweep: { seed: 2, axes: [{ path: 'init.lambda', linspace: { start: -1.5, stop: 1.5, num: 4 } }, { path: 'init.kind', values: ['lambda-balanced'] }, { path: 'init.scale', values: [0.1, 1 / 3] }] },
  });
  const store = openStore(dir, { sweep });
  for (const p of sweep.points) {
    if (p.index === 6) continue; // stays pending
    if (p.index === 2) store.recordFailed(p, 'train.learningRate: diverged at step 3, "try 0.001", then rerun.', 1.5);
    else store.recordDone(p, fakeResult(p), 0.25 * p.index);
  }
  return { store, sweep, dir };
}

describe('exports read back by NumPy', { skip: NO_NUMPY }, () => {
  it('csv, json and the npy folder hold the stored values exactly', () => {
    const { store, dir } = makeStore();
    const out = tempDir();
    writeFileSync(join(out, 'grid.csv'), exportCsv(store));
    writeFileSync(join(out, 'grid.json'), exportJson(store, { series: true }));
    const files = exportNpy(store, join(out, 'npy'));
    const py = spawnSync('python3', ['-c', READER, join(out, 'grid.csv'), join(out, 'grid.json'), join(out, 'npy')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(py.status, 0, py.stderr);
    const got = JSON.parse(py.stdout);
    const rows: PointRow[] = store.rows();
    const metrics = ['finalLoss', 'steps', 'tEnd', 'kernelDistance', 'maxRelativeError'];

    // csv
    assert.deepEqual(got.csv.header, ['index', 'key', 'replicate', 'seed', 'status', 'init.lambda', 'init.kind', 'init.scale', ...metrics, 'regime', 'elapsed_ms', 'error']);
    assert.equal(got.csv.numeric.index, hexOf(rows.map((r) => r.index)));
    assert.equal(got.csv.numeric.seed, hexOf(rows.map((r) => r.seed)));
    assert.equal(got.csv.numeric['init.lambda'], hexOf(rows.map((r) => r.assignments['init.lambda'] as number)));
    assert.equal(got.csv.numeric['init.scale'], hexOf(rows.map((r) => r.assignments['init.scale'] as number)));
    for (const m of metrics) assert.equal(got.csv.numeric[m], hexOf(rows.map((r) => r.summary?.[m])), m);
    assert.equal(got.csv.numeric.elapsed_ms, hexOf(rows.map((r) => r.elapsedMs)));
    assert.deepEqual(got.csv.strings.key, rows.map((r) => r.key));
    assert.deepEqual(got.csv.strings.status, rows.map((r) => r.status));
    assert.deepEqual(got.csv.strings.regime, rows.map((r) => r.labels?.regime ?? ''));
    assert.deepEqual(got.csv.strings.error, rows.map((r) => r.error ?? ''));
    assert.deepEqual(got.csv.strings['init.kind'], rows.map(() => 'lambda-balanced'));

    // json (no NaN in JSON: non-finite values are null, read as NaN here)
    for (const m of metrics) assert.equal(got.json.summary[m], hexOf(rows.map((r) => r.summary?.[m])), m);
    assert.deepEqual(got.json.labels, rows.map((r) => r.labels));
    for (const r of rows.filter((x) => x.status === 'done')) {
      const { series } = store.readArrays(r.key);
      for (const [c, v] of Object.entries(series!.columns)) assert.equal(got.json.series[r.key][c], Buffer.from(v.buffer).toString('hex'));
    }
    assert.equal(Object.keys(got.json.series).length, rows.filter((x) => x.status === 'done').length);

    // npy
    const expected: Record<string, string> = {
      'index.npy': hexOf(rows.map((r) => r.index)),
      'replicate.npy': hexOf(rows.map((r) => r.replicate)),
      'seed.npy': hexOf(rows.map((r) => r.seed)),
      'status.npy': hexOf(rows.map((r) => ({ pending: 0, done: 1, failed: 2 })[r.status])),
      'elapsed_ms.npy': hexOf(rows.map((r) => r.elapsedMs)),
      'axis.init.lambda.npy': hexOf(rows.map((r) => r.assignments['init.lambda'] as number)),
      'axis.init.scale.npy': hexOf(rows.map((r) => r.assignments['init.scale'] as number)),
      ...Object.fromEntries(metrics.map((m) => [`summary.${m}.npy`, hexOf(rows.map((r) => r.summary?.[m]))])),
    };
    assert.deepEqual(Object.keys(got.npy).sort(), Object.keys(expected).sort());
    assert.deepEqual(files.sort(), [...Object.keys(expected), 'manifest.json'].sort());
    for (const [name, hex] of Object.entries(expected)) {
      assert.deepEqual([got.npy[name].dtype, got.npy[name].shape], ['float64', [rows.length]], name);
      assert.equal(got.npy[name].hex, hex, name);
    }
    assert.deepEqual(got.manifest.nonNumericAxes, { 'init.kind': rows.map(() => 'lambda-balanced') });
    assert.deepEqual(got.manifest.labels.regime, rows.map((r) => r.labels?.regime ?? null));
    assert.deepEqual(got.manifest.keys, rows.map((r) => r.key));
    assert.match(dir, /grid$/);
    store.close();
  });
});

describe('exportStore', () => {
  it('dispatches by format and refuses an unknown format, npy without a folder, or into the store itself', () => {
    const { store } = makeStore();
    const csv = exportStore(store, 'csv');
    assert.equal(csv.format === 'csv' && csv.text, exportCsv(store));
    const json = exportStore(store, 'json');
    assert.equal(json.format === 'json' && JSON.parse(json.text).rows.length, 8);
    assert.equal(JSON.parse((json as { text: string }).text).rows[0].series, undefined);
    assert.throws(() => exportStore(store, 'npy'), ConfigError);
    assert.throws(() => exportStore(store, 'parquet' as 'csv'), /--format: expected one of csv, json, npy, got "parquet"\./);
    assert.throws(() => exportStore(store, 'npy', { out: store.dir }), (e: unknown) => e instanceof LazyrichError && /is the store folder itself/.test(e.message));
    const lines = (csv as { text: string }).text.trimEnd().split('\n');
    assert.equal(lines.length, 9);
    assert.match(lines[3], /,failed,.*,"train\.learningRate: diverged at step 3, ""try 0\.001"", then rerun\."$/);
    store.close();
  });
});
