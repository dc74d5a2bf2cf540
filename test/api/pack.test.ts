/**
 * SLOW (~1–2 min; more on a loaded machine): lazyrich works as an installed dependency.
 *
 * 1. `npm pack` (its `prepack` compiles dist/lib: JS + .d.ts) into a temporary directory; the
 *    tarball holds bin/, src/, dist/lib/, schema/ and no tests, fixtures, bench or tools.
 * 2. The tarball is installed into a fresh folder **offline** (`npm install --offline`): every
 *    dependency resolves from the npm cache. `--ignore-scripts`: the dependencies' install scripts
 *    (better-sqlite3's native build, koffi's prebuild selection, esbuild's binary check) are not needed
 *    by what is checked here (koffi and esbuild ship their binaries in the packages), and npm 11
 *    leaves them unapproved by default anyway (`allowScripts`).
 * 3. Plain JavaScript (.mjs) imports `lazyrich`, `lazyrich/linalg` and `lazyrich/node` (no tsx) and
 *    its numbers equal the same computation run here on the sources.
 * 4. A TypeScript file is type-checked with tsc against the installed package (types resolve, and a
 *    deliberate misuse is a type error, so the types are not `any`).
 * 5. The CLI runs from there: `npx lazyrich --version` and `lazyrich exact` on a tiny document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linalg, theory, tasks, init, random, models } from '../../src/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

const JS_CONSUMER = `
import { linalg, theory, tasks, init, random } from 'lazyrich';
import { svd } from 'lazyrich/linalg';
import { writeNpy, readNpyMatrix } from 'lazyrich/node';
const task = tasks.whitenedTask(linalg.Matrix.from([[2, 0.5], [0.1, 1]]));
const w = init.lambdaBalancedInit({ lambda: -1.5, ni: 2, no: 2, scale: 0.2, stream: random.createRandom(7, 'init') });
const sol = theory.lazyToRich.exactSolution(task, w);
writeNpy('W.npy', sol.at(1).W);
console.log(JSON.stringify({ s: Array.from(svd(task.sigmaYX).s), W: readNpyMatrix('W.npy').toArray(), loss: sol.loss(1) }));
`;

const TS_CONSUMER = `
import { linalg, theory, type errors } from 'lazyrich';
import { Matrix, svd } from 'lazyrich/linalg';
import { readNpyMatrix } from 'lazyrich/node';
const A: Matrix = Matrix.from([[2, 0.5], [0.1, 1]]);
const s: Float64Array = svd(A).s;
const phase: 'kernel' | 'feature-learning' | 'strong-feature-learning' | 'no-learning' | 'unstable' =
  theory.threeMechanisms.widthPhase({ c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }).phase;
const e: errors.ConfigError | undefined = undefined;
// @ts-expect-error svd takes a Matrix: if the types resolved to any, this directive would be an error.
svd(42);
export { s, phase, e, readNpyMatrix, linalg };
`;

const TS_CONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [], skipLibCheck: false },
  files: ['consumer.ts'],
};

const DOC = {
  model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 },
  task: { kind: 'scalar', a: 1.5, sigmaXX: 1 },
  init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] },
};

test('npm pack → offline install in a fresh folder → JS import, TS types, CLI (SLOW: ~1-2 min)', { timeout: 900_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lazyrich-pack-'));
  try {
    // 1. Pack (prepack builds dist/lib).
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], ROOT).stdout.replace(/^[^[]*/, '')) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0].files.map((f) => f.path);
    for (const needed of ['bin/lazyrich.mjs', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/index.node.js', 'dist/lib/api/linalg.d.ts', 'src/cli/main.ts', 'package.json']) {
      assert.ok(files.includes(needed), `the tarball lacks ${needed}`);
    }
    const unwanted = files.filter((f) => /^(test|bench|tools|scripts|node_modules|out|test-output|sweeps)\//.test(f) || /fixtures\//.test(f));
    assert.deepEqual(unwanted, [], 'the tarball holds tests, fixtures, bench or tools');
    const tarball = join(dir, packed[0].filename);

    // 2. Offline install into a fresh folder.
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], app);

    // 3. Plain JavaScript, no tsx: the same numbers as the sources give here.
    writeFileSync(join(app, 'consumer.mjs'), JS_CONSUMER);
    const js = JSON.parse(run(process.execPath, ['consumer.mjs'], app).stdout) as { s: number[]; W: number[][]; loss: number };
    const task = tasks.whitenedTask(linalg.Matrix.from([[2, 0.5], [0.1, 1]]));
    const w = init.lambdaBalancedInit({ lambda: -1.5, ni: 2, no: 2, scale: 0.2, stream: random.createRandom(7, 'init') });
    const sol = theory.lazyToRich.exactSolution(task, w);
    assert.deepEqual(js.s, Array.from(linalg.svd(task.sigmaYX).s));
    assert.deepEqual(js.W, sol.at(1).W.toArray());
    assert.equal(js.loss, sol.loss(1));

    // 4. TypeScript: types resolve through the exports map, and are real types.
    writeFileSync(join(app, 'consumer.ts'), TS_CONSUMER);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TS_CONFIG));
    run(process.execPath, [TSC, '-p', '.'], app);

    // 5. The CLI from the installed package.
    const version = run('npx', ['--offline', 'lazyrich', '--version'], app).stdout.trim();
    assert.equal(version, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    writeFileSync(join(app, 'doc.json'), JSON.stringify(DOC));
    const exact = JSON.parse(run('npx', ['--offline', 'lazyrich', 'exact', 'doc.json', '--at', '0,1', '--json'], app).stdout) as { t: number[]; loss: number[] };
    assert.deepEqual(exact.t, [0, 1]);
    // At t = 0 the loss is the model's loss at the document's weights, computed here independently.
    const expected0 = models.scalarWidthLoss(DOC.model.kappa, { a: DOC.task.a, sigmaXX: DOC.task.sigmaXX }, { u: DOC.init.u, w: DOC.init.w });
    assert.ok(Math.abs(exact.loss[0] - expected0) <= 1e-12 * Math.abs(expected0), `exact loss(0) ${exact.loss[0]} vs ${expected0}`);
    assert.ok(exact.loss[1] < exact.loss[0], 'the loss decreases along the exact solution');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
