/**
 * Fig. 1 of Xu & Ziyin 2025 ("Three mechanisms of feature learning in a linear network", ICLR 2025),
 * spec `mixed-and-three-mechanisms.md` B.7: ζ(t) of two-layer networks `f(x) = κ Σ u_i φ(w_i x)` with
 * linear, ReLU, sigmoid, swish and leaky-ReLU activations, in an alignment setting (upper row) and a
 * disalignment setting (lower row); the exact linear theory (B.3, `scalarWidthExact`) as lines,
 * simulations as points.
 *
 * **Protocol** (the paper's widths, rates, scales and steps are unknown; B.7 proposes the B.6 rows):
 * κ = 1/d, η_u = η_w = d (mean-field), scalar inputs x_k ~ N(0, 1) rescaled to mean x² = 1, targets
 * y = a x; alignment: σ_u = σ_w = 0.1, a = 1; disalignment: σ_u = σ_w = 1, ρ = 0.9, a = 0.1. The same
 * initial (u, w) for every activation of a row. Gradient flow: DOP853 (rtol 1e-11) for the linear net,
 * fixed-step RK4 for the others (ReLU kinks stall adaptive control). `quick`: d = 200, n = 16, T = 8,
 * h = 0.02; `paper`: d = 1000, n = 32, T = 16, h = 0.02 (RK4 local error ≈ (hK)⁵/120 ≤ 1e-6 at the largest K ≈ 8).
 *
 * **Checks**: the linear simulation equals the theory's ζ(t) (≤ 1e-8); for every activation |ζ| rises
 * in the upper row and falls in the lower row (what the figure shows). The B.6 labels (ρ_K on the true
 * NTK of each net, Δ|ζ|, ε = 0.05) are reported in the summary table and notes. Measured (`quick`, seed
 * 0): all alignment-row nets are labelled alignment (ρ_K 1.38 for sigmoid, 101–333 otherwise); in the
 * disalignment row linear/ReLU/swish/leaky ReLU are labelled disalignment (ρ_K 0.45–0.55) but the
 * sigmoid net is labelled kernel (ρ_K 0.99, ζ 0.886 → 0.852): its NTK barely moves in this setting.
 *
 * @module
 */
import { createRandom } from '../../random/index.js';
import { smallMultiples, type Panel } from '../../plot/index.js';
import { Matrix } from '../../linalg/matrix.js';
import { classifyLayers, layerChanges } from '../../metrics/index.js';
import {
  ACTIVATIONS,
  activation,
  scalarGradientFlow,
  scalarInit,
  type ActivationName,
  type ScalarFlowResult,
} from '../../models/two-layer-nonlinear.js';
import { scalarWidthExact } from '../../theory/three-mechanisms/index.js';
import type { Budget, Experiment, ExperimentCheck, ExperimentOptions, ExperimentResult } from '../types.js';
import { check, fmt, linspace, table } from '../lazy-to-rich/common.js';

/** Sizes of one run. */
export interface Fig1Settings {
  width: number;
  samples: number;
  horizon: number;
  /** RK4 step of the nonlinear nets. */
  step: number;
  records: number;
}

/** Settings per budget (`test`: the unit tests' small size). */
export function fig1Settings(budget: Budget | 'test'): Fig1Settings {
  if (budget === 'paper') return { width: 1000, samples: 32, horizon: 16, step: 0.02, records: 41 };
  if (budget === 'quick') return { width: 200, samples: 16, horizon: 8, step: 0.02, records: 33 };
  return { width: 40, samples: 8, horizon: 8, step: 0.02, records: 17 };
}

/** The two rows of the figure (B.6 table rows). */
export const FIG1_SETTINGS = [
  { name: 'alignment', sigma: 0.1, rho: 0, a: 1 },
  { name: 'disalignment', sigma: 1, rho: 0.9, a: 0.1 },
] as const;

/** One simulated panel. */
export interface Fig1Panel {
  setting: 'alignment' | 'disalignment';
  activation: ActivationName;
  flow: ScalarFlowResult;
  theoryZeta: number[];
  mechanism: string;
  rescaling: string;
  rhoK: number;
}

/**
 * Runs every (setting, activation) pair and returns the panels (pure, deterministic).
 *
 * @example
 * const panels = fig1Panels(fig1Settings('quick'), 0);
 */
export function fig1Panels(s: Fig1Settings, seed: number): Fig1Panel[] {
  const d = s.width;
  const xr = createRandom(seed, 'three-mechanisms/fig1', 'x').normalArray(s.samples);
  let m2 = 0;
  for (const v of xr) m2 += (v * v) / s.samples;
  const x = xr.map((v) => v / Math.sqrt(m2));
  const times = linspace(0, s.horizon, s.records);
  const out: Fig1Panel[] = [];
  for (const st of FIG1_SETTINGS) {
    const y = x.map((v) => st.a * v);
    const init = scalarInit(createRandom(seed, 'three-mechanisms/fig1', st.name), { width: d, sigmaU: st.sigma, sigmaW: st.sigma, rho: st.rho });
    const params = { kappa: 1 / d, etaU: d, etaW: d };
    const exact = scalarWidthExact(params, { a: st.a, sigmaXX: 1 }, init);
    const theoryZeta = times.map((t) => exact.at(t).zeta);
    for (const name of ACTIVATIONS) {
      const net = { u: init.u, w: init.w, kappa: params.kappa, etaU: params.etaU, etaW: params.etaW, activation: activation(name) };
      const flow = name === 'linear'
        ? scalarGradientFlow(net, { x, y }, times, { rtol: 1e-11, atol: 1e-14 })
        : scalarGradientFlow(net, { x, y }, times, { method: 'rk4', step: s.step });
      // B.6 rule on the true NTK; both layers share the global ρ_K and Δ|ζ| (one pair), rescaling per layer
      const last = flow.t.length - 1;
      const changes = layerChanges(
        [new Matrix(d, 1, init.w), new Matrix(1, d, init.u)],
        [new Matrix(d, 1, flow.w[last]!), new Matrix(1, d, flow.u[last]!)],
      );
      const labels = classifyLayers([flow.ntk[0]!, flow.ntk[0]!], [flow.ntk[last]!, flow.ntk[last]!], [flow.zeta[0]!], [flow.zeta[last]!], changes);
      const resc = [labels[0]!.rescaling ? 'w' : '', labels[1]!.rescaling ? 'u' : ''].filter((v) => v !== '').join('+');
      out.push({ setting: st.name, activation: name, flow, theoryZeta, mechanism: labels[0]!.mechanism, rescaling: resc, rhoK: labels[0]!.rhoK });
    }
  }
  return out;
}

/**
 * Runs the Fig. 1 reproduction.
 *
 * @example
 * const result = runFig1({ budget: 'quick', seed: 0 });
 */
export function runFig1(options: ExperimentOptions, settings: Fig1Settings = fig1Settings(options.budget)): ExperimentResult {
  const panels = fig1Panels(settings, options.seed);
  const figPanels: Panel[] = panels.map((p) => ({
    kind: 'line',
    title: `${p.setting}: ${p.activation}`,
    x: { label: 't' },
    y: { label: 'ζ' },
    legend: false,
    series: [
      { x: p.flow.t, y: p.theoryZeta, color: '#555555', dash: '6 3', label: 'linear theory' },
      { x: p.flow.t, y: p.flow.zeta, marker: 'circle', color: p.setting === 'alignment' ? '#0072b2' : '#d55e00', label: 'simulation' },
    ],
  }));
  const svg = smallMultiples({ panels: figPanels, columns: ACTIVATIONS.length, title: 'ζ(t): alignment (top), disalignment (bottom)', panelWidth: 260, panelHeight: 220 });
  const rows = { setting: [] as string[], activation: [] as string[], t: [] as number[], zeta: [] as number[], zeta_linear_theory: [] as number[], ntk: [] as number[], loss: [] as number[] };
  for (const p of panels) {
    p.flow.t.forEach((t, k) => {
      rows.setting.push(p.setting);
      rows.activation.push(p.activation);
      rows.t.push(t);
      rows.zeta.push(p.flow.zeta[k]!);
      rows.zeta_linear_theory.push(p.theoryZeta[k]!);
      rows.ntk.push(p.flow.ntk[k]!);
      rows.loss.push(p.flow.loss[k]!);
    });
  }
  const summary = {
    setting: panels.map((p) => p.setting),
    activation: panels.map((p) => p.activation),
    zeta0: panels.map((p) => p.flow.zeta[0]!),
    zetaT: panels.map((p) => p.flow.zeta.at(-1)!),
    rhoK: panels.map((p) => p.rhoK),
    lossT: panels.map((p) => p.flow.loss.at(-1)!),
    mechanism: panels.map((p) => p.mechanism),
    rescaling: panels.map((p) => p.rescaling),
  };
  const checks: ExperimentCheck[] = [];
  for (const st of FIG1_SETTINGS) {
    const lin = panels.find((p) => p.setting === st.name && p.activation === 'linear')!;
    let err = 0;
    lin.flow.zeta.forEach((z, k) => (err = Math.max(err, Math.abs(z - lin.theoryZeta[k]!))));
    checks.push(check(`${st.name}: linear net ζ(t) vs exact theory`, 'theory (14) as lines through the linear-net points', `max |Δζ| = ${fmt(err)}`, '≤ 1e-8 (DOP853 at rtol 1e-11)', err <= 1e-8));
    const row = panels.filter((p) => p.setting === st.name);
    const sign = st.name === 'alignment' ? 1 : -1;
    const moved = row.map((p) => Math.abs(p.flow.zeta.at(-1)!) - Math.abs(p.flow.zeta[0]!));
    checks.push(
      check(
        `${st.name} row: |ζ| ${sign > 0 ? 'rises' : 'falls'} for every activation`,
        `${st.name} (upper/lower panels) for linear, ReLU, sigmoid, swish and leaky ReLU`,
        row.map((p, i) => `${p.activation} ζ ${fmt(p.flow.zeta[0]!)}→${fmt(p.flow.zeta.at(-1)!)} (Δ|ζ| ${fmt(moved[i]!)})`).join('; '),
        `sign of Δ|ζ| = ${sign > 0 ? '+' : '−'} for all five`,
        moved.every((v) => sign * v > 0),
      ),
    );
  }
  const labelNotes = panels
    .filter((p) => p.mechanism !== p.setting)
    .map((p) => `${p.setting} row, ${p.activation}: the B.6 rule says ${p.mechanism} (ρ_K = ${fmt(p.rhoK, 4)}, ζ ${fmt(p.flow.zeta[0]!)}→${fmt(p.flow.zeta.at(-1)!)}).`);
  return {
    id: 'three-mechanisms/fig1',
    title: 'ζ(t) of two-layer networks with five activations (alignment and disalignment)',
    figures: [{ name: 'fig1', caption: 'ζ(t) for linear, ReLU, sigmoid, swish and leaky-ReLU two-layer nets; alignment (top) and disalignment (bottom); dashed: exact linear theory; points: gradient flow.', svg }],
    tables: [
      table('fig1-zeta', rows, { t: 'gradient-flow time', zeta: 'ζ = 2ũᵀw̃/(‖ũ‖²+‖w̃‖²)', ntk: 'K = (1/n)Σ_k Θ(x_k,x_k)' }),
      table('fig1-summary', summary, { rhoK: 'K(T)/K(0)', rescaling: 'layers flagged (w first layer, u second)' }),
    ],
    checks,
    notes: [
      `d = ${settings.width}, n = ${settings.samples} inputs, T = ${settings.horizon}, κ = 1/d, η_u = η_w = d (mean-field); the paper's sizes are unknown (spec B.7).`,
      'Alignment row: σ_u = σ_w = 0.1, a = 1; disalignment row: σ = 1, ρ = 0.9, a = 0.1 (the B.6 table rows).',
      'Nonlinear nets integrated with fixed-step RK4; the linear net with DOP853. Sigmoid nets have φ(0) = 1/2, so they fit y = ax only slowly (their final loss is in fig1-summary).',
      'B.6 labels (ρ_K on the true NTK, ε = 0.05) are in fig1-summary; they are the spec\'s classifier [R], not a claim of the paper, so they are reported, not checked.',
      ...(labelNotes.length === 0 ? ['Every panel gets the B.6 label of its row.'] : labelNotes),
    ],
  };
}

/** The registered experiment. */
export const fig1Experiment: Experiment = {
  id: 'three-mechanisms/fig1',
  title: 'ζ(t) of two-layer networks with five activations',
  reproduces: 'Xu & Ziyin 2025, Fig. 1',
  run: (options) => runFig1(options),
};
