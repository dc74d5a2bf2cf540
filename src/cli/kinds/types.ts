/**
 * What a model kind contributes to the commands `exact`, `simulate` and `compare`. Each non-linear
 * model kind is one module in this folder listed in ./index.ts (the linear models of issue 4 keep
 * their own code in ../commands/). Times are t/τ of the model's gradient flow (GD step k ↔ t = k·η).
 * @module
 */
import type { BuiltDocument, TrainPlan } from '../../config/index.js';

/** Fields of a command's `--json` object besides `t`, `units`, `model`, and its text lines. */
export interface CommandOutput {
  json: Record<string, unknown>;
  lines: string[];
  /** Columns for CSV output (simulate --out), each as long as `t`. */
  columns?: Record<string, number[]>;
}

/** One model kind's commands. */
export interface KindCommands<B extends BuiltDocument = BuiltDocument> {
  /** The exact solution at `times`. */
  exact(built: B, times: readonly number[]): CommandOutput;
  /** The simulation of the document's train plan; `json.t` holds the recorded times. */
  simulate(built: B, plan: TrainPlan): CommandOutput & { t: number[] };
  /** Simulation beside the exact solution at the recorded times: relative error per time. */
  compare(built: B, plan: TrainPlan): { t: number[]; relativeError: number[]; quantity: string; json: Record<string, unknown>; lines: string[] };
}

export { relativeDistance } from '../../experiments/run/common.js';

/** Indices of at most ~21 rows to print of a long record. */
export function shownRows(n: number): number[] {
  return n <= 25 ? Array.from({ length: n }, (_, k) => k) : Array.from({ length: 21 }, (_, k) => Math.round((k * (n - 1)) / 20));
}
