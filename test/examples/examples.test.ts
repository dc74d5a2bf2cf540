/**
 * Every script in examples/ runs as a child process (`node --import tsx examples/<name>.ts`) and
 * its printed numbers are checked against values this test computes independently: plain-JS
 * gradient descent and RK4 gradient flow of the same models from the same starts, the classifier's
 * rule re-applied to our own ρ_K and ζ, NumPy (python3) for singular values, effective ranks and
 * least squares. Nothing expected is pasted from a previous run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, models, random, tasks } from '../../src/index.js';

const root = new URL('../..', import.meta.url).pathname;

/** Starts `node --import tsx examples/<name> …args` and resolves with its stdout (exit 0, empty stderr). */
function runExample(name: string, args: string[] = []): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('examples', name), ...args], {
      cwd: root,
      env: { ...process.env, LAZYRICH_BACKEND: 'js' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${name} failed (exit ${code}): ${stderr}`));
      else if (stderr !== '') reject(new Error(`${name} printed on stderr: ${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

// Every example starts at once (they are independent child processes), each test awaits its own.
const dirs = {
  firstPlot: mkdtempSync(join(tmpdir(), 'lazyrich-first-')),
  mixed: mkdtempSync(join(tmpdir(), 'lazyrich-ex-')),
  numpy: mkdtempSync(join(tmpdir(), 'lazyrich-npy-')),
};
execFileSync('python3', ['-c', `import numpy as np
r = np.random.default_rng(11); X = r.normal(size=(4, 60)); A = r.normal(size=(3, 4))
np.save('${dirs.numpy}/X.npy', X); np.save('${dirs.numpy}/Y.npy', A @ X + 0.1 * r.normal(size=(3, 60)))`]);
const runs = {
  firstPlot: runExample('first-plot.ts', [dirs.firstPlot]),
  lazyToRich: runExample('lazy-to-rich.ts'),
  mixed: runExample('mixed-phase-diagram.ts', [dirs.mixed]),
  mixedNoOut: runExample('mixed-phase-diagram.ts'),
  threeMechanisms: runExample('three-mechanisms.ts'),
  connectivity: runExample('connectivity-rank-sweep.ts'),
  kunin: runExample('kunin-single-neuron.ts'),
  numpy: runExample('numpy-roundtrip.ts', [dirs.numpy]),
};
// Rejections are reported by the test that awaits them.
for (const r of Object.values(runs)) r.catch(() => {});

function num(text: string, re: RegExp): number {
  const m = text.match(re);
  assert.ok(m, `no match for ${re} in:\n${text}`);
  return Number(m[1]);
}

function python(code: string, input: unknown): unknown {
  const out = execFileSync('python3', ['-c', `import sys, json\nimport numpy as np\ndata = json.load(sys.stdin)\n${code}`], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

const relClose = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-300);

describe('examples/', () => {
  it('every example script is covered by this test', () => {
    const covered = ['first-plot.ts', 'lazy-to-rich.ts', 'mixed-phase-diagram.ts', 'three-mechanisms.ts', 'connectivity-rank-sweep.ts', 'kunin-single-neuron.ts', 'numpy-roundtrip.ts'];
    assert.deepEqual(readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts')).sort(), [...covered].sort());
  });

  it('first-plot: writes the exact-vs-GD SVG; the printed losses match our own GD and the closed form\'s limit', async () => {
    const dir = dirs.firstPlot;
    const out = await runs.firstPlot;
    const svg = readFileSync(join(dir, 'first-plot.svg'), 'utf8');
    assert.match(svg, /^<svg [^>]*>.*Exact solution vs gradient descent/s);
    assert.ok(svg.includes('GD, η = 0.05') && svg.includes('>exact<'), 'both series in the legend');
    assert.match(out, /^regime: rich$/m);
    // Our own GD from the same start: W1 ← W1 + ηW2ᵀE, W2 ← W2 + ηEW1ᵀ, loss ½‖Σ − W‖².
    const w0 = init.lambdaBalancedInit({ lambda: 0, ni: 2, no: 2, scale: 0.01, stream: random.createRandom(7, 'init') });
    const S = [2, 0.5, 0.1, 1];
    let [a, b] = [Array.from(w0.W1.data), Array.from(w0.W2.data)];
    const mul = (x: number[], y: number[]) => [x[0] * y[0] + x[1] * y[2], x[0] * y[1] + x[1] * y[3], x[2] * y[0] + x[3] * y[2], x[2] * y[1] + x[3] * y[3]];
    const t2 = (x: number[]) => [x[0], x[2], x[1], x[3]];
    for (let k = 0; k < 200; k++) {
      const E = S.map((v, i) => v - mul(b, a)[i]);
      [a, b] = [a.map((v, i) => v + 0.05 * mul(t2(b), E)[i]), b.map((v, i) => v + 0.05 * mul(E, t2(a))[i])];
    }
    const loss = 0.5 * S.reduce((s, v, i) => s + (v - mul(b, a)[i]) ** 2, 0);
    assert.ok(relClose(num(out, /GD (\S+)$/m), loss, 1e-3), `GD loss ${loss}`);
    assert.ok(num(out, /exact (\S+), GD/) < 1e-9, 'the closed form has converged by t = 10');
  });

  it('lazy-to-rich: the printed GD-vs-exact errors match our own GD against our own RK4 flow; halving η halves them', async () => {
    const out = await runs.lazyToRich;
    const e1 = num(out, /max relative error at eta = 0\.01: (\S+)/);
    const e2 = num(out, /max relative error at eta = 0\.005: (\S+)/);
    const S = [[2, 0.5], [0.1, 1]];
    const w0 = init.lambdaBalancedInit({ lambda: -1.5, ni: 2, no: 2, scale: 0.2, stream: random.createRandom(7, 'init') });
    type M = number[][];
    const mm = (A: M, B: M): M => A.map((r) => B[0].map((_, j) => r.reduce((s, v, k) => s + v * B[k][j], 0)));
    const tr = (A: M): M => A[0].map((_, j) => A.map((r) => r[j]));
    const lin = (A: M, B: M, b: number): M => A.map((r, i) => r.map((v, j) => v + b * B[i][j]));
    const fro = (A: M) => Math.hypot(...A.flat());
    // Gradient flow of ½‖Σ_yx − W₂W₁‖² (whitened): Ẇ₁ = W₂ᵀE, Ẇ₂ = EW₁ᵀ.
    const rhs = ([W1, W2]: M[]): M[] => {
      const E = lin(S, mm(W2, W1), -1);
      return [mm(tr(W2), E), mm(E, tr(W1))];
    };
    const W10 = w0.W1.toArray() as M;
    const W20 = w0.W2.toArray() as M;
    const tEnd = 5;
    const flowAt = new Map<number, M>();
    {
      let y = [W10, W20];
      const h = 1e-3;
      const n = Math.round(tEnd / h);
      flowAt.set(0, mm(y[1], y[0]));
      for (let k = 1; k <= n; k++) {
        const k1 = rhs(y);
        const k2 = rhs(y.map((Y, i) => lin(Y, k1[i], h / 2)));
        const k3 = rhs(y.map((Y, i) => lin(Y, k2[i], h / 2)));
        const k4 = rhs(y.map((Y, i) => lin(Y, k3[i], h)));
        y = y.map((Y, i) => lin(lin(lin(lin(Y, k1[i], h / 6), k2[i], h / 3), k3[i], h / 3), k4[i], h / 6));
        if (k % 100 === 0) flowAt.set(k / 1000, mm(y[1], y[0]));
      }
    }
    const ourError = (eta: number) => {
      let [W1, W2] = [W10, W20];
      const steps = Math.round(tEnd / eta);
      let worst = 0;
      for (let k = 0; k <= steps; k++) {
        if (k % (steps / 50) === 0) {
          const ref = flowAt.get(Math.round(k * eta * 10) / 10) as M;
          worst = Math.max(worst, fro(lin(mm(W2, W1), ref, -1)) / fro(ref));
        }
        const E = lin(S, mm(W2, W1), -1);
        [W1, W2] = [lin(W1, mm(tr(W2), E), eta), lin(W2, mm(E, tr(W1)), eta)];
      }
      return worst;
    };
    assert.ok(relClose(e1, ourError(0.01), 0.01), `printed ${e1} vs ours ${ourError(0.01)}`);
    assert.ok(relClose(e2, ourError(0.005), 0.01));
    assert.ok(Math.abs(e2 / e1 - 0.5) < 0.02, 'first order in η');
    const Wex = JSON.parse((out.match(/W_exact\(5\) = (\S+)/) as RegExpMatchArray)[1]) as M;
    assert.ok(fro(lin(Wex, flowAt.get(5) as M, -1)) < 1e-5, 'closed form at t = 5 = our RK4 flow');
  });

  it('mixed-phase-diagram: the labels follow from NumPy\'s singular values of Y; theory lines; figure only with an out dir', async () => {
    const dir = dirs.mixed;
    const out = await runs.mixed;
    const task = tasks.noisyLowRankTask({ d: 100, rank: 5, stream: random.createRandom(0, 'mixed-example') });
    const s = python('print(json.dumps(np.linalg.svd(np.array(data), compute_uv=False).tolist()))', task.Y.toArray()) as number[];
    assert.ok(relClose(num(out, /y_1 = (\S+),/), s[0], 1e-4));
    assert.ok(relClose(num(out, /y_k = (\S+)/), s[4], 1e-4));
    const gs = [-1.75, -1.25, -0.75, -0.25, 0.25];
    const rows = out.split('\n').filter((l) => /^\s+\d\.\d\d\s/.test(l));
    assert.equal(rows.length, 5);
    for (const row of rows) {
      const [gwText, ...cells] = row.trim().split(/\s+/);
      const gw = Number(gwText);
      cells.forEach((cell, i) => {
        const c = 100 ** gs[i] * 100 ** gw; // σ²·w
        const label = c > s[0] ? 'L' : c < s[4] / 4 ? 'A' : 'B';
        const noise = 100 ** (2 * gs[i]) * 100 ** gw > 1 ? '*' : '';
        const under = 100 ** gw < 5 ? 'u' : '';
        assert.equal(cell, label + noise + under, `cell γ_σ² = ${gs[i]}, γ_w = ${gw}`);
      });
    }
    assert.match(out, /at gamma_s2 = -1\.25: active\/lazy 2\.2500, infinite noise 2\.5000, underparameterised (\S+)/);
    assert.ok(relClose(num(out, /underparameterised (\S+)/), Math.log(5) / Math.log(100), 1e-4));
    assert.ok(existsSync(join(dir, 'phase-diagram.svg')));
    assert.match(readFileSync(join(dir, 'phase-diagram.svg'), 'utf8'), /^<svg [^>]*>.*Mixed regime phase diagram/s);
    assert.doesNotMatch(await runs.mixedNoOut, /wrote/, 'no figure without an out dir');
  });

  it('three-mechanisms: ρ_K and ζ from our own RK4 flow of the same start, the label from the §B.6 rule', async () => {
    const out = await runs.threeMechanisms;
    const d = 1000;
    const muP = { kappa: 1 / d, etaU: d, etaW: d };
    const ntk = { kappa: 1 / Math.sqrt(d), etaU: 1, etaW: 1 };
    const settings = [
      { name: 'alignment, strong', p: muP, init: { sigmaU: 0.1, sigmaW: 0.1 }, a: 1 },
      { name: 'feature learning (muP)', p: muP, init: { sigmaU: 1, sigmaW: 1 }, a: 1 },
      { name: 'disalignment', p: muP, init: { sigmaU: 1, sigmaW: 1, rho: 0.9 }, a: 0.1 },
      { name: 'rescaling of u', p: muP, init: { sigmaU: 1, sigmaW: 0.03 }, a: 1 },
      { name: 'kernel (NTK)', p: ntk, init: { sigmaU: 1, sigmaW: 1 }, a: 1 },
    ];
    for (const s of settings) {
      const line = out.split('\n').find((l) => l.startsWith(s.name)) as string;
      assert.ok(line, s.name);
      const x0 = models.scalarWidthInit(random.createRandom(7, 'example', s.name), d, s.init);
      let u = Float64Array.from(x0.u);
      let w = Float64Array.from(x0.w);
      const { kappa, etaU, etaW } = s.p;
      const K = (u: Float64Array, w: Float64Array) => kappa * kappa * (etaW * u.reduce((a, v) => a + v * v, 0) + etaU * w.reduce((a, v) => a + v * v, 0));
      const zeta = (u: Float64Array, w: Float64Array) => {
        let uw = 0, uu = 0, ww = 0;
        for (let i = 0; i < d; i++) {
          const ut = u[i] / Math.sqrt(etaU), wt = w[i] / Math.sqrt(etaW);
          uw += ut * wt; uu += ut * ut; ww += wt * wt;
        }
        return (2 * uw) / (uu + ww);
      };
      const vel = (u: Float64Array, w: Float64Array): [Float64Array, Float64Array] => {
        const g = kappa * (kappa * u.reduce((a, v, i) => a + v * w[i], 0) - s.a);
        return [w.map((v) => -etaU * g * v), u.map((v) => -etaW * g * v)];
      };
      const K0 = K(u, w);
      const z0 = zeta(u, w);
      // RK4 until the slope P = κuᵀw has converged (the classifier's end state). The step follows the
      // fastest rate of the linearised flow: the kernel K and the layer coupling κ·η·|P − a|.
      const slope = () => kappa * u.reduce((a, v, i) => a + v * w[i], 0);
      const du = new Float64Array(d), dw = new Float64Array(d), su = new Float64Array(d), sw = new Float64Array(d), tu = new Float64Array(d), tw = new Float64Array(d);
      const stage = (cu: Float64Array, cw: Float64Array, c: number, first: boolean) => {
        for (let i = 0; i < d; i++) { tu[i] = u[i] + c * cu[i]; tw[i] = w[i] + c * cw[i]; }
        const [a, b] = first ? vel(u, w) : vel(tu, tw);
        return [a, b] as const;
      };
      for (let step = 0; step < 100000; step++) {
        const P = slope();
        if (Math.abs(P - s.a) < 1e-12 * s.a) break;
        const rate = Math.max(K(u, w), kappa * Math.max(etaU, etaW) * Math.abs(P - s.a), 1e-3);
        const dt = 0.05 / rate;
        const [a1, b1] = stage(du, dw, 0, true);
        const [a2, b2] = stage(a1, b1, dt / 2, false);
        const [a3, b3] = stage(a2, b2, dt / 2, false);
        const [a4, b4] = stage(a3, b3, dt, false);
        for (let i = 0; i < d; i++) {
          su[i] = u[i] + (dt / 6) * (a1[i] + 2 * a2[i] + 2 * a3[i] + a4[i]);
          sw[i] = w[i] + (dt / 6) * (b1[i] + 2 * b2[i] + 2 * b3[i] + b4[i]);
        }
        u = Float64Array.from(su);
        w = Float64Array.from(sw);
      }
      const rhoK = K(u, w) / K0;
      const zT = zeta(u, w);
      assert.ok(relClose(num(line, /rhoK =\s+(\S+)/), rhoK, 2e-4), `${s.name}: ρ_K ${line} vs ${rhoK}`);
      assert.ok(Math.abs(num(line, /zeta0 =\s+(\S+)/) - z0) < 1e-4);
      assert.ok(Math.abs(num(line, /zetaT =\s+(\S+)/) - zT) < 1e-4, `${s.name}: ζ_T vs ${zT}`);
      const label = Math.abs(rhoK - 1) < 0.05 ? 'kernel' : rhoK > 1 && Math.abs(zT) > Math.abs(z0) ? 'alignment' : rhoK < 1 && Math.abs(zT) < Math.abs(z0) ? 'disalignment' : 'unclassified';
      assert.match(line, new RegExp(`label: ${label}\\b.*\\(DOP853: ${label}\\)`), `${s.name}: expected ${label}`);
    }
  });

  it('connectivity-rank-sweep: effective rank and norm of the truncated W_h(0) from NumPy; the networks learn; KA in (0, 1]', async () => {
    const out = await runs.connectivity;
    const W0 = init.gaussianConnectivity({ n: 40, gain: 1.25, stream: random.createRandom(0, 'example', 'W0') });
    const ref = python(
      `W = np.array(data); N = W.shape[0]; s = np.linalg.svd(W, compute_uv=False); F = np.linalg.norm(W)
out = {}
for r in [1, 4, 40]:
    sr = s[:r] * F / np.sqrt(np.sum(s[:r] ** 2))  # rank-r truncation, Frobenius norm restored
    out[r] = [float(np.sum(sr) / (sr[0] * N)), float(np.sqrt(np.sum(sr ** 2)))]
print(json.dumps(out))`,
      W0.toArray(),
    ) as Record<string, [number, number]>;
    for (const r of [1, 4, 40]) {
      const line = out.split('\n').find((l) => new RegExp(`^rank\\s+${r}:`).test(l)) as string;
      assert.ok(line, `rank ${r}`);
      assert.ok(Math.abs(num(line, /effective rank (\S+),/) - ref[r][0]) < 1e-4, `rank ${r}: effective rank`);
      assert.ok(Math.abs(num(line, /\|\|Wh\(0\)\|\|_F (\S+),/) - ref[r][1]) < 1e-4);
      const ka = num(line, /KA (\S+),/);
      assert.ok(ka > 0 && ka <= 1);
      const [l0, lf] = (line.match(/probe loss (\S+) -> (\S+)$/) as RegExpMatchArray).slice(1).map(Number);
      assert.ok(lf < l0 / 2, `rank ${r} learned: ${l0} -> ${lf}`);
    }
  });

  it('kunin-single-neuron: δ, β(T), φ and S(0, T) from our own RK4 of ẇ = −a r, ȧ = −wᵀr', async () => {
    const out = await runs.kunin;
    const bStar = [1, -0.5, 0.25];
    const beta0 = [0.01, 0.02, -0.01];
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 3);
    const deltas: number[] = [];
    for (const line of lines) {
      const a0 = num(line, /a0 = (\S+),/);
      let a = a0;
      let w = beta0.map((b) => b / a0);
      const w0 = [...w];
      const f = (a: number, w: number[]): [number, number[]] => {
        const r = w.map((v, i) => a * v - bStar[i]);
        return [-w.reduce((s, v, i) => s + v * r[i], 0), r.map((v) => -a * v)];
      };
      const h = 1e-3;
      for (let k = 0; k < 40000; k++) {
        const [a1, w1] = f(a, w);
        const [a2, w2] = f(a + (h / 2) * a1, w.map((v, i) => v + (h / 2) * w1[i]));
        const [a3, w3] = f(a + (h / 2) * a2, w.map((v, i) => v + (h / 2) * w2[i]));
        const [a4, w4] = f(a + h * a3, w.map((v, i) => v + h * w3[i]));
        a += (h / 6) * (a1 + 2 * a2 + 2 * a3 + a4);
        w = w.map((v, i) => v + (h / 6) * (w1[i] + 2 * w2[i] + 2 * w3[i] + w4[i]));
      }
      const delta = a0 * a0 - w0.reduce((s, v) => s + v * v, 0);
      deltas.push(delta);
      assert.ok(Math.abs(num(line, /delta =\s+(\S+):/) - delta) < 1e-6);
      const beta = (line.match(/beta\(T\) = \[([^\]]+)\]/) as RegExpMatchArray)[1].split(', ').map(Number);
      beta.forEach((v, i) => assert.ok(Math.abs(v - a * w[i]) < 1e-5, `β_${i}`));
      const nw = Math.hypot(...w);
      const phi = w.reduce((s, v, i) => s + v * bStar[i], 0) / (nw * Math.hypot(...bStar));
      assert.ok(Math.abs(num(line, /-> (\S+), kernel/) - phi) < 1e-4, `φ(T) ${phi}`);
      // NTK in β-space of f = a·wᵀx on whitened data: K = a²I + wwᵀ (η_w = η_a = 1); S = 1 − cos(K₀, K_T).
      const Kof = (a: number, w: number[]) => w.map((wi, i) => w.map((wj, j) => (i === j ? a * a : 0) + wi * wj));
      const K0 = Kof(a0, w0).flat();
      const KT = Kof(a, w).flat();
      const S = 1 - K0.reduce((s, v, i) => s + v * KT[i], 0) / (Math.hypot(...K0) * Math.hypot(...KT));
      assert.ok(Math.abs(num(line, /S\(0,T\) = (\S+),/) - S) < 1e-4, `S(0,T) ${S}`);
      assert.ok(num(line, /GD max rel\. error (\S+)$/) < 0.05);
    }
    assert.ok(deltas[0] > 1 && Math.abs(deltas[1]) < 1e-6 && deltas[2] < -1, 'lazy, balanced and upstream starts');
    const S = lines.map((l) => num(l, /S\(0,T\) = (\S+),/));
    assert.ok(S[0] < 0.01 && S[1] > 10 * S[0] && S[2] > S[1], 'the kernel moves more as δ decreases');
  });

  it('numpy-roundtrip: arrays made by NumPy go in, the learned map comes back equal to NumPy\'s least squares', async () => {
    const dir = dirs.numpy;
    const out = await runs.numpy;
    assert.match(out, /^read X 4x60 and Y 3x60$/m);
    assert.doesNotMatch(out, /wrote example inputs/);
    const check = python(
      `d = data['dir']; X = np.load(d + '/X.npy'); Y = np.load(d + '/Y.npy'); W = np.load(d + '/W.npy'); t = np.load(d + '/t.npy'); L = np.load(d + '/loss.npy')
ls = np.linalg.lstsq(X.T, Y.T, rcond=None)[0].T
print(json.dumps({'err': float(np.max(np.abs(W - ls))), 'shape': list(W.shape), 't': bool(np.allclose(t, np.linspace(0, 100, 41))), 'dec': bool(np.all(np.diff(L) <= 1e-12)), 'n': len(L), 'L0': float(L[0])}))`,
      { dir },
    ) as { err: number; shape: number[]; t: boolean; dec: boolean; n: number; L0: number };
    assert.ok(check.err < 1e-6, `W vs NumPy lstsq: ${check.err}`);
    assert.deepEqual(check.shape, [3, 4]);
    assert.ok(check.t && check.dec && check.n === 41);
    assert.ok(relClose(num(out, /loss: (\S+) at t = 0/), check.L0, 1e-4));
  });
});
