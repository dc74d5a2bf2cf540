/**
 * What a reproduced experiment is: a pure function from options to figures, data tables and
 * checks. The `reproduce` command (CLI) and the reproduction report only read these; they write
 * the files. See `registry.ts` for the list of experiments.
 * @module
 */

/** How much compute an experiment may spend: `quick` (minutes on 2 cores) or the paper's protocol. */
export type Budget = 'quick' | 'paper';

/** Options every experiment accepts. */
export interface ExperimentOptions {
  budget: Budget;
  /** Seed of every random draw of the experiment (default 0). */
  seed: number;
}

/** One figure: an SVG string made by `src/plot/` (the CLI rasterises it to PNG too). */
export interface ExperimentFigure {
  /** File stem, e.g. `"fig2"` → fig2.svg / fig2.png. */
  name: string;
  /** One-line caption for the report. */
  caption: string;
  svg: string;
}

/** One data table (written as CSV and JSON): named columns of equal length. */
export interface ExperimentTable {
  /** File stem, e.g. `"fig2-loss"`. */
  name: string;
  /** Column name → values (numbers, or strings for labels). Every column has the same length. */
  columns: Record<string, ReadonlyArray<number | string>>;
  /** Units or meaning per column, e.g. `{ t: "t/τ" }`. */
  units?: Record<string, string>;
}

/**
 * A check of the reproduction against the paper or the spec: what the paper says (a value or a
 * claim), what we measured, the tolerance and the verdict.
 */
export interface ExperimentCheck {
  name: string;
  /** The paper's value or claim, as text (e.g. "0.0222" or "loss plateaus then decays"). */
  paper: string;
  /** Our measured value, as text with units. */
  ours: string;
  /** The tolerance or criterion, as text (e.g. "≤ 1e-9 relative"). */
  tolerance: string;
  pass: boolean;
}

/** Everything an experiment produced. */
export interface ExperimentResult {
  id: string;
  title: string;
  figures: ExperimentFigure[];
  tables: ExperimentTable[];
  checks: ExperimentCheck[];
  /** Free-text notes for the report: settings used, deviations from the paper and why. */
  notes: string[];
}

/** A registered experiment. `run` is pure and deterministic given its options. */
export interface Experiment {
  /** `"<paper>/<name>"`, e.g. `"lazy-to-rich/fig2"`. */
  id: string;
  title: string;
  /** Paper and figure/section reproduced, e.g. "Dominé et al. 2025, Fig. 2". */
  reproduces: string;
  run(options: ExperimentOptions): ExperimentResult;
}
