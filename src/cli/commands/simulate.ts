/**
 * `lazyrich simulate <config> [--json] [--out dir]`: trains the document's network (full-batch GD,
 * mini-batch SGD or gradient flow) from its initial weights and prints the loss and W = W_L⋯W₁ at
 * the recorded times t/τ (GD step k ↔ t = k·η, Dominé et al. 2025 §1). `--out` writes
 * `simulate.json` and `simulate.csv`.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import type { BuiltDocument, BuiltExperiment, TrainPlan } from '../../config/index.js';
import { frobeniusNorm } from '../../linalg/norms.js';
import { sub } from '../../linalg/ops.js';
import { networkFunction } from '../../models/index.js';
import { balanceDriftSeries } from '../../experiments/run/linear.js';
import type { Trajectory } from '../../models/types.js';
import { loadDocument, parseSeedOption } from '../load-config.js';
import { KIND_COMMANDS } from '../kinds/index.js';
import { DomainError } from '../../errors/index.js';
import { runSimulation, requireTrain } from '../simulation.js';
import { inlineMatrix, nested, num, table } from '../format.js';
import { ensureDir, writeCsv, writeJson } from '../write-outputs.js';

/** Largest ‖D_l(t) − D_l(0)‖_F over the recorded times, summed over consecutive layer pairs (0 under exact gradient flow). */
export function balanceDrift(traj: Trajectory): number {
  let worst = 0;
  for (const d of balanceDriftSeries(traj)) worst = Math.max(worst, d);
  return worst;
}

/** The JSON object of a simulation (also the `simulation` part of compare's output). */
export function simulationJson(built: BuiltExperiment, traj: Trajectory): Record<string, unknown> {
  const p = traj.provenance;
  return {
    t: Array.from(traj.t),
    W: traj.weights.map((w) => nested(networkFunction(w))),
    loss: Array.from(traj.loss),
    method: p.method,
    learningRate: p.learningRate ?? null,
    ...(p.learningRates ? { learningRates: p.learningRates } : {}),
    ...(p.steps !== undefined ? { steps: p.steps } : {}),
    ...(p.batchSize !== undefined ? { batchSize: p.batchSize } : {}),
    ...(p.rtol !== undefined ? { rtol: p.rtol, atol: p.atol } : {}),
    balanceDrift: balanceDrift(traj),
    widths: built.widths,
    seed: built.seed,
    units: { t: 't/tau' },
    model: built.model.kind,
  };
}

/** Columns t, loss, W[i][j] of a trajectory (for CSV). */
export function trajectoryColumns(traj: Trajectory): Record<string, number[]> {
  const Ws = traj.weights.map((w) => networkFunction(w));
  const cols: Record<string, number[]> = { t: Array.from(traj.t), loss: Array.from(traj.loss) };
  const { rows, cols: nc } = Ws[0];
  for (let i = 0; i < rows; i++) for (let j = 0; j < nc; j++) cols[`W_${i}_${j}`] = Ws.map((W) => W.get(i, j));
  return cols;
}

/** Runs `simulate` and returns what it prints (exported for tests). */
export function runSimulate(file: string, opts: { json?: boolean; out?: string; seed?: string }): string {
  const built = loadDocument(file, { seed: parseSeedOption(opts.seed) });
  const plan = requireTrain(built, 'simulate');
  if (built.family !== 'linear') return simulateKind(built, plan, opts);
  const traj = runSimulation(built, plan);
  const json = simulationJson(built, traj);
  const written: string[] = [];
  if (opts.out) {
    ensureDir(opts.out);
    written.push(writeJson(opts.out, 'simulate.json', json), writeCsv(opts.out, 'simulate.csv', trajectoryColumns(traj)));
  }
  if (opts.json) return JSON.stringify(json) + '\n';
  const p = traj.provenance;
  const how =
    p.method === 'flow'
      ? `gradient flow (DOP853, rtol ${p.rtol}, atol ${p.atol})`
      : `${p.method === 'gd' ? 'gradient descent' : `SGD (batch ${p.batchSize})`}, η = ${p.learningRate}, ${p.steps} steps`;
  const lines = [
    `simulation: ${built.widths.join('-')} ${built.model.kind} network, ${how}; time t/τ (step k ↔ t = k·η)`,
    `balance drift max_t ‖D(t) − D(0)‖_F = ${(json.balanceDrift as number).toExponential(2)} (D = W₂ᵀW₂ − W₁W₁ᵀ per layer pair)`,
    '',
  ];
  const Ws = traj.weights.map((w) => networkFunction(w));
  const show = traj.t.length <= 25 ? [...traj.t.keys()] : Array.from({ length: 21 }, (_, k) => Math.round((k * (traj.t.length - 1)) / 20));
  lines.push(
    ...table(
      ['t/τ', 'loss', '‖W − Σ_yx‖_F'],
      show.map((k) => [num(traj.t[k]), num(traj.loss[k]), num(frobeniusNorm(sub(Ws[k], built.task.sigmaYX)))]),
    ),
  );
  if (built.task.ni * built.task.no <= 16) lines.push('', `W at t = ${num(traj.t[traj.t.length - 1], 0).trim()}: ${inlineMatrix(Ws[Ws.length - 1])}`);
  if (written.length > 0) lines.push('', `wrote ${written.join(', ')}`);
  return lines.join('\n') + '\n';
}

/** `simulate` for the model kinds of ../kinds/ (mixed-linear, scalar-width, single-neuron). */
function simulateKind(built: Exclude<BuiltDocument, BuiltExperiment>, plan: TrainPlan, opts: { json?: boolean; out?: string }): string {
  const kind = built.document.model.kind;
  const commands = KIND_COMMANDS[kind];
  if (!commands) throw new DomainError(`model.kind: "${kind}" has no simulation; the kinds with one are two-layer-linear, deep-linear, ${Object.keys(KIND_COMMANDS).join(', ')}.`, { path: 'model.kind' });
  const out = commands.simulate(built, plan);
  const json = { t: out.t, ...out.json, seed: built.seed, units: { t: 't/tau' }, model: kind };
  const written: string[] = [];
  if (opts.out) {
    ensureDir(opts.out);
    written.push(writeJson(opts.out, 'simulate.json', json), writeCsv(opts.out, 'simulate.csv', out.columns ?? { t: out.t }));
  }
  if (opts.json) return JSON.stringify(json) + '\n';
  const lines = [...out.lines];
  if (written.length > 0) lines.push('', `wrote ${written.join(', ')}`);
  return lines.join('\n') + '\n';
}

export function registerSimulate(program: Command, ctx: CliContext): void {
  program
    .command('simulate')
    .description('train the config\'s network (GD, SGD or gradient flow) and print loss and W over time t/τ')
    .argument('<config>', 'experiment document (JSON or YAML)')
    .option('--json', 'print one JSON object')
    .option('--out <dir>', 'also write simulate.json and simulate.csv to this folder')
    .option('--seed <n>', 'seed of every random draw without its own seed (overrides the document)')
    .action((config: string, opts: { json?: boolean; out?: string; seed?: string }) => {
      ctx.backend();
      ctx.io.out(runSimulate(config, opts));
    });
}
