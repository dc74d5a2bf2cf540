/**
 * GFLOP/s of the pure-TypeScript matrix product (each path) against NumPy, measured in one run.
 *
 *   node --import tsx bench/gemm-js.ts [sizes...]        (default 64 128 256 512 1024)
 *
 * Square n×n products, C ← A·B. NumPy's time comes from `python3` (skipped when unavailable).
 */
import { spawnSync } from 'node:child_process';
import { Matrix } from '../src/linalg/matrix.js';
import { gemmWithPath, type GemmPath } from '../src/linalg/js/gemm.js';

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
if (sizes.length === 0) sizes.push(64, 128, 256, 512, 1024);
const paths: GemmPath[] = (process.env.GEMM_PATHS ?? 'js,wasm').split(',') as GemmPath[];

function random(r: number, c: number, seed: number): Matrix {
  const m = new Matrix(r, c);
  let s = seed >>> 0;
  for (let i = 0; i < m.data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    m.data[i] = s / 2 ** 32 - 0.5;
  }
  return m;
}

/** Best time (s) of repeated runs totalling ≥ ~0.5 s after a warm-up. */
function timeIt(f: () => void): number {
  f();
  let best = Infinity;
  let total = 0;
  let reps = 0;
  while ((total < 0.5 || reps < 3) && reps < 1000) {
    const t0 = performance.now();
    f();
    const dt = (performance.now() - t0) / 1000;
    best = Math.min(best, dt);
    total += dt;
    reps++;
  }
  return best;
}

function numpyGflops(ns: number[]): Map<number, number> {
  const script = `
import sys, time, numpy as np
for n in map(int, sys.argv[1:]):
    a = np.random.rand(n, n); b = np.random.rand(n, n); a @ b
    best = 1e9; total = 0.0; reps = 0
    while total < 0.5 or reps < 3:
        t = time.perf_counter(); a @ b; dt = time.perf_counter() - t
        best = min(best, dt); total += dt; reps += 1
    print(n, 2 * n**3 / best / 1e9)
`;
  const out = new Map<number, number>();
  const r = spawnSync('python3', ['-c', script, ...ns.map(String)], { encoding: 'utf8' });
  if (r.status !== 0) return out;
  for (const line of r.stdout.trim().split('\n')) {
    const [n, g] = line.split(' ').map(Number);
    out.set(n, g);
  }
  return out;
}

const np = numpyGflops(sizes);
const header = ['n', ...paths.map((p) => `${p} GFLOP/s`), 'numpy GFLOP/s', ...paths.map((p) => `${p}/numpy`)];
console.log(header.join('\t'));
for (const n of sizes) {
  const A = random(n, n, 1);
  const B = random(n, n, 2);
  const C = new Matrix(n, n);
  const g = paths.map((p) => (2 * n ** 3) / timeIt(() => gemmWithPath(p, false, false, 1, A, B, 0, C)) / 1e9);
  const ref = np.get(n);
  console.log(
    [n, ...g.map((x) => x.toFixed(2)), ref === undefined ? 'n/a' : ref.toFixed(1), ...g.map((x) => (ref ? (x / ref).toFixed(3) : 'n/a'))].join('\t'),
  );
}
