/**
 * The width-exponent phase diagram of Xu & Ziyin 2025 (spec `mixed-and-three-mechanisms.md` §B.5,
 * recipe B.8-6), computed from the closed form of the 1-D model (§B.3): every hyperparameter is a power
 * of the width d, κ = d^{−c}, η_u = η_w = d^{e}, σ_u² = σ_w² = d^{b}, and the function-space dynamics
 * depend only on 𝒜 = log_d α and 𝓑 = log_d √Q.
 *
 * Panels (phase boundaries drawn over each):
 * 1. (c, e) at b = 0: the learning-speed exponent log_d Δ = 𝒜 + max(𝓑, 0) (Δ = 1/t_c); its zero contour
 *    separates "no learning in O(1) time" (below) from "unstable under GD" (above); on it, 𝓑 = 0 (the
 *    vertical c = 1 + b) separates the kernel piece (c < 1, through NTK (½, 0)) from strong feature
 *    learning (c > 1), with mean-field/μP at (1, 1).
 * 2. (c, b) with e tuned to the learning curve (e = c − max(1 − c + b, 0), so t_c = Θ(1)):
 *    log₁₀(K∞/K₀ − 1) at finite d, from the closed form at the law-of-large-numbers init; boundary 𝓑 = 0:
 *    b = c − 1.
 * 3. The same plane: ζ∞ = 2a/√(Q + 4a²) (0 in the kernel phase, → 1 in strong feature learning).
 * 4. |K∞/K₀ − 1| against d for the NTK, μP and standard parametrisations, from the closed form of the
 *    model at sampled Gaussian inits (`scalarWidthExact`) and at the law-of-large-numbers init.
 *
 * Time unit: gradient-flow time t (η inside the flow, §B.2).
 * @module
 */
import { createRandom } from '../../random/index.js';
import { smallMultiples, type LineSeries, type Panel } from '../../plot/index.js';
import { scalarWidthInit } from '../../models/scalar-width.js';
import { phaseValues, scalarWidthExact, widthPhase, type WidthExponents } from '../../theory/three-mechanisms/index.js';
import type { Budget, Experiment, ExperimentCheck, ExperimentOptions, ExperimentResult } from '../types.js';
import { check, fmt, linspace, table } from '../lazy-to-rich/common.js';

/** Settings of one run. */
export interface PhaseDiagramSettings {
  /** Width at which the finite-d closed-form values of panels 2–3 are computed. */
  readonly d: number;
  /** Grid points per axis. */
  readonly n: number;
  /** Widths of the scaling check (B.8-6). */
  readonly widths: readonly number[];
  /** Target slope a and Σ_xx. */
  readonly a: number;
}

/** Settings per budget (`test`: the unit tests' size). */
export function phaseDiagramSettings(budget: Budget | 'test'): PhaseDiagramSettings {
  if (budget === 'paper') return { d: 1e4, n: 81, widths: [1e2, 1e3, 1e4, 1e5], a: 1 };
  if (budget === 'quick') return { d: 1e4, n: 41, widths: [1e2, 1e3, 1e4, 1e5], a: 1 };
  return { d: 1e4, n: 11, widths: [1e2, 1e3, 1e4], a: 1 };
}

/** Named parametrisations of §B.5 (σ = 1 unless stated). */
export const PARAMETRISATIONS: ReadonlyArray<{ name: string; exponents: WidthExponents; sigmaU2: (d: number) => number; sigmaW2: (d: number) => number }> = [
  { name: 'NTK', exponents: { c: 0.5, eU: 0, eW: 0, bU: 0, bW: 0 }, sigmaU2: () => 1, sigmaW2: () => 1 },
  { name: 'μP', exponents: { c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }, sigmaU2: () => 1, sigmaW2: () => 1 },
  { name: 'SP', exponents: { c: 0, eU: -1, eW: -1, bU: -1, bW: 0 }, sigmaU2: (d) => 1 / d, sigmaW2: () => 1 },
];

/** The §B.5 table rows of K∞/K₀ (spec's sampled values, one draw) and the claims about them. */
export const B5_TABLE = {
  NTK: { widths: [1e2, 1e3, 1e4, 1e5], ratio: [1.0046, 0.9988, 0.99995, 1.000003] },
  'μP': { widths: [1e2, 1e3, 1e4, 1e5], ratio: [1.47, 1.41, 1.42, 1.41] },
  SP: { widths: [1e2, 1e3, 1e4, 1e5], absDev: [1.8e-4, 5e-6, 2e-8, 1e-10] },
} as const;

/** Least-squares slope of y against x. */
function slope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) { num += (x[i] - mx) * (y[i] - my); den += (x[i] - mx) ** 2; }
  return num / den;
}

/**
 * Runs the phase diagram. Pure and deterministic given the seed (the sampled inits of panel 4 come
 * from streams `init`, name, d under `three-mechanisms/phase-diagram`).
 *
 * @example
 * const result = runPhaseDiagram({ budget: 'quick', seed: 0 });
 * result.checks.every((c) => c.pass); // → true
 */
export function runPhaseDiagram(options: { budget: Budget | 'test'; seed: number }, overrides: Partial<PhaseDiagramSettings> = {}): ExperimentResult {
  const st: PhaseDiagramSettings = { ...phaseDiagramSettings(options.budget), ...overrides };
  const root = createRandom(options.seed, 'three-mechanisms', 'phase-diagram');
  const task = { a: st.a, sigmaXX: 1 };
  const cs = linspace(0, 2, st.n);
  const es = linspace(-1, 2, st.n);
  const bs = linspace(-2, 1, st.n);

  // Panel 1: (c, e) at b = 0.
  const rate: number[] = [];
  for (const e of es) for (const c of cs) rate.push(widthPhase({ c, eU: e, eW: e, bU: 0, bW: 0 }).rateExp);
  // Panels 2–3: (c, b), e on the learning curve.
  const tuned = (c: number, b: number): WidthExponents => {
    const e = c - Math.max(1 - c + b, 0);
    return { c, eU: e, eW: e, bU: b, bW: b };
  };
  const dev: number[] = [];
  const zeta: number[] = [];
  const phases: string[] = [];
  const colC: number[] = [];
  const colB: number[] = [];
  for (const b of bs) {
    for (const c of cs) {
      const ex = tuned(c, b);
      const v = phaseValues(ex, st.d, task);
      // Floored at 1e-8 for the colour scale (K∞/K₀ − 1 rounds to 0 deep in the kernel phase at this d).
      dev.push(Math.log10(Math.max(v.kernelRatio - 1, 1e-8)));
      zeta.push(v.zetaInf);
      phases.push(widthPhase(ex, 1e-9).phase);
      colC.push(c);
      colB.push(b);
    }
  }

  // Panel 4 and B.8-6: sampled inits through the exact solution, and the LLN values.
  const scaling = PARAMETRISATIONS.map((p) => {
    const sampled: number[] = [];
    const lln: number[] = [];
    const tc: number[] = [];
    for (const d of st.widths) {
      const kappa = d ** -p.exponents.c;
      const params = { kappa, etaU: d ** p.exponents.eU, etaW: d ** p.exponents.eW };
      const x = scalarWidthInit(root.split('init', p.name, d), d, { sigmaU: Math.sqrt(p.sigmaU2(d)), sigmaW: Math.sqrt(p.sigmaW2(d)) });
      const ex = scalarWidthExact(params, task, x);
      sampled.push(ex.KInf / ex.K0);
      tc.push(ex.tc);
      lln.push(phaseValues(p.exponents, d, task).kernelRatio);
    }
    return { name: p.name, sampled, lln, tc, phase: widthPhase(p.exponents).phase };
  });
  // Small init with the NTK learning rate: σ² = d⁻² → t_c grows (no learning in O(1) time).
  const smallInit = st.widths.map((d) => {
    const x = scalarWidthInit(root.split('init', 'small', d), d, { sigmaU: 1 / d, sigmaW: 1 / d });
    return scalarWidthExact({ kappa: d ** -0.5, etaU: 1, etaW: 1 }, task, x).tc;
  });

  const heat = (title: string, z: number[], yVals: number[], yLabel: string, bar: string, extra: Partial<Panel>): Panel => ({
    kind: 'heatmap', title, z, nx: cs.length, ny: yVals.length, x: { label: 'c (κ = d^−c)', values: cs }, y: { label: yLabel, values: yVals },
    colorBar: { label: bar }, ...extra,
  } as Panel);
  const ld = Math.log10;
  const series: LineSeries[] = [];
  const colors = ['#1f77b4', '#d62728', '#2ca02c'];
  scaling.forEach((s, i) => {
    series.push({ x: [...st.widths], y: s.sampled.map((r) => Math.abs(r - 1)), color: colors[i], marker: 'circle', line: true, label: `${s.name}, sampled init` });
    series.push({ x: [...st.widths], y: s.lln.map((r) => Math.abs(r - 1)), color: colors[i], dash: '6 3', label: `${s.name}, LLN init` });
  });
  const svg = smallMultiples({
    title: `Three mechanisms §B.5 · phase diagram over width exponents (closed form; d = ${fmt(st.d)} in panels 2–3, a = ${st.a}, Σ_xx = 1)`,
    columns: 2,
    panelWidth: 480,
    panelHeight: 360,
    panels: [
      heat('learning speed exponent log_d Δ, b = 0', rate, es, 'e (η_u = η_w = d^e)', 'log_d Δ (Δ = 1/t_c)', {
        colorMap: 'RdBu', contours: { levels: [0], labels: false, color: '#000000' },
        lines: [{ kind: 'vertical', x: 1, color: '#000000', dash: '5 4', label: '𝓑 = 0' }],
      }),
      heat('log₁₀(K∞/K₀ − 1), e on the learning curve', dev, bs, 'b (σ_u² = σ_w² = d^b)', 'log₁₀(K∞/K₀ − 1), floored at −8', {
        colorDomain: [-8, 0],
        lines: [{ kind: 'affine', slope: 1, intercept: -1, color: '#d62728', dash: '', width: 2, label: '𝓑 = 0' }],
      }),
      heat('ζ∞, e on the learning curve', zeta, bs, 'b (σ_u² = σ_w² = d^b)', 'ζ∞', {
        colorDomain: [0, 1],
        lines: [{ kind: 'affine', slope: 1, intercept: -1, color: '#d62728', dash: '', width: 2, label: '𝓑 = 0' }],
      }),
      { kind: 'line', title: '|K∞/K₀ − 1| against width', series, x: { label: 'width d', scale: 'log' }, y: { label: '|K∞/K₀ − 1|', scale: 'log' } },
    ],
  });

  const checks: ExperimentCheck[] = [];
  const by = (name: string) => scaling.find((s) => s.name === name) as (typeof scaling)[number];
  const ntk = by('NTK');
  const ntkSlopeLln = slope(st.widths.map(ld), ntk.lln.map((r) => ld(r - 1)));
  checks.push(check(
    'B.8-6 NTK parametrisation: |K∞/K₀ − 1| ∝ 1/d (closed form)',
    `≈ 4.6e-3, 1.2e-3, 5e-5, 3e-6 at d = 10²…10⁵ (one sampled draw); kernel phase`,
    `sampled ${ntk.sampled.map((r) => fmt(Math.abs(r - 1), 2)).join(', ')}; LLN init ${ntk.lln.map((r) => fmt(r - 1, 2)).join(', ')} (log-log slope ${fmt(ntkSlopeLln, 4)}); phase ${ntk.phase}`,
    'LLN slope −1 ± 0.01; every sampled |K∞/K₀ − 1| ≤ 10/d; phase kernel',
    Math.abs(ntkSlopeLln + 1) <= 0.01 && ntk.sampled.every((r, i) => Math.abs(r - 1) <= 10 / st.widths[i]) && ntk.phase === 'kernel',
  ));
  const mup = by('μP');
  checks.push(check(
    'B.8-6 μP (κ = 1/d, η = d): K∞/K₀ → √2',
    `1.47, 1.41, 1.42, 1.41 (→ √2 = ${fmt(Math.SQRT2, 4)}); feature learning`,
    `sampled ${mup.sampled.map((r) => fmt(r, 4)).join(', ')}; LLN ${mup.lln.map((r) => fmt(r, 6)).join(', ')}; phase ${mup.phase}`,
    'sampled within 0.1 of √2 at every d ≥ 10³ and within 0.02 at the largest d; LLN = √2 to 1e-12; phase feature-learning',
    mup.sampled.every((r, i) => st.widths[i] < 1e3 || Math.abs(r - Math.SQRT2) <= 0.1) && Math.abs(mup.sampled[mup.sampled.length - 1] - Math.SQRT2) <= 0.02
      && mup.lln.every((r) => Math.abs(r - Math.SQRT2) <= 1e-12) && mup.phase === 'feature-learning',
  ));
  const sp = by('SP');
  const spSlope = slope(st.widths.map(ld), sp.lln.map((r) => ld(r - 1)));
  checks.push(check(
    'B.5 standard parametrisation (κ = 1, σ_u² = 1/d, η = 1/d): kernel, |K∞/K₀ − 1| ∝ 1/d²',
    '1.8e-4, 5e-6, 2e-8, 1e-10 at d = 10²…10⁵ (one draw)',
    `sampled ${sp.sampled.map((r) => fmt(Math.abs(r - 1), 2)).join(', ')}; LLN ${sp.lln.map((r) => fmt(r - 1, 2)).join(', ')} (slope ${fmt(spSlope, 4)}); phase ${sp.phase}`,
    'LLN slope −2 ± 0.02; sampled ≤ 10/d²; phase kernel',
    Math.abs(spSlope + 2) <= 0.02 && sp.sampled.every((r, i) => Math.abs(r - 1) <= 10 / st.widths[i] ** 2) && sp.phase === 'kernel',
  ));
  checks.push(check(
    'B.5 NTK learning rate with small init σ² = d⁻²: no learning in O(1) time',
    't_c = 5 … 158 for d = 10² … 10⁵ (→ ∞)',
    `t_c = ${smallInit.map((t) => fmt(t, 3)).join(', ')}; phase ${widthPhase({ c: 0.5, eU: 0, eW: 0, bU: -2, bW: -2 }).phase}`,
    't_c increasing in d, ≥ 3 at d = 10², phase no-learning',
    smallInit.every((t, i) => i === 0 || t > smallInit[i - 1]) && smallInit[0] >= 3 && widthPhase({ c: 0.5, eU: 0, eW: 0, bU: -2, bW: -2 }).phase === 'no-learning',
  ));
  // Boundaries: the phase labels on the tuned plane switch exactly across b = c − 1.
  let wrong = 0;
  phases.forEach((ph, i) => {
    const B = 1 - colC[i] + colB[i];
    const expect = Math.abs(B) <= 1e-9 ? 'feature-learning' : B > 0 ? 'kernel' : 'strong-feature-learning';
    if (ph !== expect) wrong++;
  });
  let rateWrong = 0;
  es.forEach((e, j) => cs.forEach((c, i) => {
    const expect = c < 1 ? e - 2 * c + 1 : e - c;
    if (Math.abs(rate[j * cs.length + i] - expect) > 1e-12) rateWrong++;
  }));
  checks.push(check(
    'B.5 boundaries: kernel / feature learning at 𝓑 = 0 (b = c − 1), O(1) learning at 𝒜 + max(𝓑,0) = 0 (e = 2c − 1 for c < 1, e = c for c ≥ 1)',
    'kernel iff 𝓑 > 0, strong feature learning iff 𝓑 < 0 on the learning curve; Δ ∝ d^{𝒜+max(𝓑,0)}',
    `${wrong} of ${phases.length} tuned-plane labels and ${rateWrong} of ${rate.length} rate exponents off the lines`,
    '0 and 0',
    wrong === 0 && rateWrong === 0,
  ));
  // K∞/K₀ − 1 falls across the boundary: kernel side → 0 as d grows, feature-learning side Θ(1).
  const kernelSide = dev.filter((_, i) => 1 - colC[i] + colB[i] >= 0.25);
  const featureSide = dev.filter((_, i) => 1 - colC[i] + colB[i] <= 0);
  checks.push(check(
    'B.5 kernel vs feature learning at finite d (closed form, panel 2)',
    'kernel: K∞/K₀ − 1 → 0; feature learning: Θ(1); strong: K grows by ~2|a|/√Q',
    `max log₁₀(K∞/K₀ − 1) where 𝓑 ≥ 0.25: ${fmt(Math.max(...kernelSide), 3)}; min where 𝓑 ≤ 0: ${fmt(Math.min(...featureSide), 3)}`,
    'kernel side ≤ log₁₀(2a²·d^{−0.5}) + 0.01; feature side ≥ log₁₀(√2 − 1) − 0.01',
    Math.max(...kernelSide) <= Math.log10(2 * st.a * st.a / st.d ** 0.5) + 0.01 && Math.min(...featureSide) >= Math.log10(Math.SQRT2 - 1) - 0.01,
  ));

  const scalingCols: Record<string, Array<number | string>> = { parametrisation: [], d: [], ratioSampled: [], ratioLln: [], tc: [] };
  for (const s of scaling) {
    st.widths.forEach((d, i) => {
      scalingCols.parametrisation.push(s.name);
      scalingCols.d.push(d);
      scalingCols.ratioSampled.push(s.sampled[i]);
      scalingCols.ratioLln.push(s.lln[i]);
      scalingCols.tc.push(s.tc[i]);
    });
  }
  return {
    id: 'three-mechanisms/phase-diagram',
    title: 'Phase diagram over width exponents (closed form)',
    figures: [{
      name: 'phase-diagram',
      caption: `Panel 1: log_d Δ over (c, e) at b = 0, zero contour = learning in O(1) time, dashed c = 1 = 𝓑 = 0 (NTK at (½, 0) on the kernel piece, μP at (1, 1)); panels 2–3: K∞/K₀ − 1 and ζ∞ at d = ${fmt(st.d)} over (c, b) with η tuned to t_c = Θ(1), boundary b = c − 1; panel 4: |K∞/K₀ − 1| vs d (markers: sampled inits through the exact solution; dashed: law-of-large-numbers init).`,
      svg,
    }],
    tables: [
      table('phase-diagram-grid', { c: colC, b: colB, log10KernelRatioMinus1: dev, zetaInf: zeta, phase: phases }, { c: 'κ = d^−c', b: 'σ² = d^b' }),
      table('phase-diagram-scaling', scalingCols, { tc: 'gradient-flow time' }),
    ],
    checks,
    notes: [
      'Exponents: κ = d^{−c}, η_u = η_w = d^{e}, σ_u² = σ_w² = d^{b} (equal layer rates and scales; §B.5 allows them to differ and the exponent functions take them separately).',
      'The boundaries are [D] in the spec (exact for this model; the paper\'s own axes are unknown, §D).',
      `Panels 2–3 use the law-of-large-numbers init (P₀ = 0, √Q = αd(σ_u²/η_u + σ_w²/η_w)); panel 4 also samples Gaussian inits (streams fixed by the seed) and solves the model exactly.`,
    ],
  };
}

/** The registered experiment. */
export const phaseDiagramExperiment: Experiment = {
  id: 'three-mechanisms/phase-diagram',
  title: 'Phase diagram over width exponents (closed form)',
  reproduces: 'Xu & Ziyin 2025, phase diagram (spec §B.5, recipe B.8-6)',
  run: (options: ExperimentOptions) => runPhaseDiagram(options),
};
