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
  /**
   * Data sets loaded for the experiment by the command line (experiments are pure and read no
   * files). Absent when run without the CLI (tests pass their own); see {@link ExperimentData}.
   */
  data?: ExperimentData;
}

/** An image classification data set as float64 arrays: one image per row, pixels scaled to [0, 1]. */
export interface ImageDataset {
  /** Name for figures and reports, e.g. "Fashion-MNIST". */
  name: string;
  /** n × (rows·cols) images, row-major pixels. */
  trainImages: import('../linalg/matrix.js').Matrix;
  trainLabels: Int32Array;
  testImages: import('../linalg/matrix.js').Matrix;
  testLabels: Int32Array;
  /** Image height and width (28 × 28 for Fashion-MNIST). */
  height: number;
  width: number;
}

/**
 * Loaders of real data the CLI injects into {@link ExperimentOptions.data}. Each loads lazily, on
 * the first call, and returns either the data set or the sentence saying why it is unavailable (the
 * experiment then reports the part as skipped with that reason, instead of failing).
 */
export interface ExperimentData {
  /**
   * Fashion-MNIST from Debian's dataset-fashion-mnist (or `--data <dir>` / $LAZYRICH_FASHION_MNIST):
   * the first `train` training and `test` test images (all when omitted).
   */
  fashionMnist(limits?: { train?: number; test?: number }): { dataset: ImageDataset } | { unavailable: string };
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
