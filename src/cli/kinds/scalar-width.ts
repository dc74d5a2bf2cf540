/**
 * `exact`, `simulate` and `compare` for model kind `scalar-width` (Xu & Ziyin 2025; spec
 * mixed-and-three-mechanisms §B.2–B.3): f(x) = κ Σ uᵢwᵢx with rates η_u, η_w. The exact side is
 * `scalarWidthExact` (Riccati closed form: P, K, ζ and the hyperbolic-rotation weights u, w); the
 * simulations are `scalarWidthGd` (step h = train.learningRate, so t = k·h) and `scalarWidthFlow`
 * (DOP853). Time t/τ is gradient-flow time with the rates inside the flow.
 * The computation (simulation, exact side) lives in src/experiments/run/scalar-width.ts, shared with `lazyrich run`.
 * @module
 */
import { scalarWidthExact } from '../../theory/three-mechanisms/index.js';
import { scalarWidthParamsOf, scalarWidthTaskOf, simulateScalarWidth, type BuiltScalarWidthDocument } from '../../experiments/run/scalar-width.js';
import { num, table } from '../format.js';
import { relativeDistance, shownRows, type KindCommands } from './types.js';

type Built = BuiltScalarWidthDocument;

const params = scalarWidthParamsOf;
const run = simulateScalarWidth;

export const scalarWidthCommands: KindCommands<Built> = {
  exact(built, times) {
    const ex = scalarWidthExact(params(built), scalarWidthTaskOf(built), { u: built.u, w: built.w });
    const st = times.map((t) => ex.at(t));
    const lines = [
      `exact solution (Xu & Ziyin 2025, spec §B.3): width d = ${ex.d}, κ = ${built.model.kappa}, η_u = ${built.model.etaU}, η_w = ${built.model.etaW}; α = ${num(ex.alpha, 0).trim()}, Q = ${num(ex.Q, 0).trim()}, t_c = ${num(ex.tc, 0).trim()}`,
      'time t/τ (gradient flow with the rates inside; GD step k ↔ t = k·h)',
      '',
      ...table(['t/τ', 'P', 'K', 'ζ', 'loss'], st.map((s) => [num(s.t), num(s.P), num(s.K), num(s.zeta), num(s.loss)])),
    ];
    return {
      json: {
        P: st.map((s) => s.P),
        K: st.map((s) => s.K),
        zeta: st.map((s) => s.zeta),
        u: st.map((s) => Array.from(s.u)),
        w: st.map((s) => Array.from(s.w)),
        loss: st.map((s) => s.loss),
        alpha: ex.alpha,
        Q: ex.Q,
        rate: ex.rate,
        tc: ex.tc,
      },
      lines,
    };
  },
  simulate(built, plan) {
    const r = run(built, plan);
    const t = Array.from(r.t);
    const p = params(built);
    const K = r.u.map((u, k) => {
      let nu = 0;
      let nw = 0;
      for (let i = 0; i < u.length; i++) {
        nu += u[i] * u[i];
        nw += r.w[k][i] * r.w[k][i];
      }
      return p.kappa * p.kappa * built.sigmaXX * (p.etaW * nu + p.etaU * nw);
    });
    const loss = Array.from(r.P, (P) => 0.5 * built.sigmaXX * (P - built.a) ** 2);
    const how = plan.method === 'flow' ? `gradient flow (DOP853, rtol ${plan.rtol}, atol ${plan.atol})` : `gradient descent, step h = ${plan.learningRate}, ${plan.steps} steps`;
    return {
      t,
      json: { P: Array.from(r.P), K, u: r.u.map((u) => Array.from(u)), w: r.w.map((w) => Array.from(w)), loss, method: plan.method, learningRate: plan.learningRate ?? null, ...(plan.steps !== undefined ? { steps: plan.steps } : {}) },
      lines: [
        `simulation: scalar-width model, d = ${built.u.length}, ${how}; time t/τ (step k ↔ t = k·h)`,
        '',
        ...table(['t/τ', 'P', 'K', 'loss'], shownRows(t.length).map((k) => [num(t[k]), num(r.P[k]), num(K[k]), num(loss[k])])),
      ],
      columns: { t, P: Array.from(r.P), K, loss },
    };
  },
  compare(built, plan) {
    const sim = this.simulate(built, plan);
    const ex = scalarWidthExact(params(built), scalarWidthTaskOf(built), { u: built.u, w: built.w });
    const st = sim.t.map((t) => ex.at(t));
    const su = sim.json.u as number[][];
    const sw = sim.json.w as number[][];
    const relativeError = sim.t.map((_, k) => relativeDistance([...su[k], ...sw[k]], [...st[k].u, ...st[k].w]));
    return { t: sim.t, relativeError, quantity: '(u, w)', json: { exact: { P: st.map((s) => s.P), K: st.map((s) => s.K), zeta: st.map((s) => s.zeta) }, simulation: sim.json }, lines: [] };
  },
};
