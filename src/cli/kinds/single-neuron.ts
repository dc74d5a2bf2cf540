/**
 * `exact`, `simulate` and `compare` for model kind `single-neuron` (Kunin et al.; spec connectivity
 * §6): f(x) = a·wᵀx on a whitened task L = ½‖a·w − β*‖². The exact side is `singleNeuronExact`
 * (both Riccati branches, any δ = η_w a² − η_a‖w‖²); the simulations are `singleNeuronGd` and
 * `singleNeuronFlow` (DOP853). Time t/τ is gradient-flow time; GD step k ↔ t = k·η.
 * The computation (simulation, exact side) lives in src/experiments/run/single-neuron.ts, shared with `lazyrich run`.
 * @module
 */
import { singleNeuronParams } from '../../models/single-neuron.js';
import { simulateSingleNeuron, singleNeuronSolutionOf, type BuiltSingleNeuronDocument } from '../../experiments/run/single-neuron.js';
import { num, table } from '../format.js';
import { relativeDistance, shownRows, type KindCommands } from './types.js';

type Built = BuiltSingleNeuronDocument;

const solution = singleNeuronSolutionOf;
const run = simulateSingleNeuron;

export const singleNeuronCommands: KindCommands<Built> = {
  exact(built, times) {
    const sol = solution(built);
    const pts = times.map((t) => sol.at(t));
    const lines = [
      `exact solution (Kunin et al., spec connectivity §6): single neuron f(x) = a·wᵀx, d = ${sol.d}, η_w = ${built.model.etaW}, η_a = ${built.model.etaA}, δ = η_w a² − η_a‖w‖² = ${num(sol.delta, 0).trim()}`,
      'time t/τ (gradient flow; GD step k ↔ t = k·η); φ = cos∠(w, β*); kernel distance S(K(0), K(t))',
      '',
      ...table(['t/τ', 'loss', 'a', 'φ', 'kernel distance'], pts.map((p) => [num(p.t), num(p.loss), num(p.a), num(p.phi), num(p.kernelDistance)])),
    ];
    if (sol.d <= 4) {
      lines.push('', 'β(t) = a·w:');
      pts.forEach((p) => lines.push(`  t = ${num(p.t, 0).trim()}: [${p.beta.map((b) => num(b, 0).trim()).join(', ')}]`));
    }
    return {
      json: {
        beta: pts.map((p) => p.beta),
        a: pts.map((p) => p.a),
        w: pts.map((p) => p.w),
        phi: pts.map((p) => p.phi),
        kernelDistance: pts.map((p) => p.kernelDistance),
        loss: pts.map((p) => p.loss),
        delta: sol.delta,
      },
      lines,
    };
  },
  simulate(built, plan) {
    const traj = run(built, plan);
    const t = Array.from(traj.t);
    const params = traj.weights.map((w) => singleNeuronParams(w));
    const beta = params.map((p) => p.w.map((wi) => p.a * wi));
    const how = plan.method === 'flow' ? `gradient flow (DOP853, rtol ${plan.rtol}, atol ${plan.atol})` : `gradient descent, η = ${plan.learningRate}, ${plan.steps} steps`;
    const rows = shownRows(t.length);
    const columns: Record<string, number[]> = { t, loss: Array.from(traj.loss), a: params.map((p) => p.a) };
    beta[0].forEach((_, i) => (columns[`beta_${i}`] = beta.map((b) => b[i])));
    return {
      t,
      json: { beta, a: params.map((p) => p.a), w: params.map((p) => p.w), loss: Array.from(traj.loss), method: plan.method, learningRate: plan.learningRate ?? null, ...(plan.steps !== undefined ? { steps: plan.steps } : {}) },
      lines: [`simulation: single neuron, ${how}; time t/τ (step k ↔ t = k·η)`, '', ...table(['t/τ', 'loss', 'a'], rows.map((k) => [num(t[k]), num(traj.loss[k]), num(params[k].a)]))],
      columns,
    };
  },
  compare(built, plan) {
    const sim = this.simulate(built, plan);
    const sol = solution(built);
    const exactBeta = sim.t.map((t) => sol.at(t).beta);
    const simBeta = sim.json.beta as number[][];
    const relativeError = sim.t.map((_, k) => relativeDistance(simBeta[k], exactBeta[k]));
    return { t: sim.t, relativeError, quantity: 'β = a·w', json: { exact: { beta: exactBeta, delta: sol.delta }, simulation: sim.json }, lines: [] };
  },
};
