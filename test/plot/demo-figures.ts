// Example figures used by the tests and for looking at the output (rasterised to PNG by hand).
import type { LinePlotOptions } from '../../src/plot/line-plot.js';
import type { HeatmapOptions } from '../../src/plot/heatmap.js';
import type { MatrixImageOptions } from '../../src/plot/matrix-image.js';
import type { SmallMultiplesOptions } from '../../src/plot/small-multiples.js';

/** Log-x line plot: two loss curves (theory line, simulation points with a band) and reference lines. */
export function demoLinePlot(): LinePlotOptions {
  const t: number[] = [];
  const theory: number[] = [];
  for (let k = 0; k <= 200; k++) {
    const tt = 10 ** (-2 + (5 * k) / 200);
    t.push(tt);
    theory.push(1 / (1 + Math.exp(2 * (Math.log(tt) - Math.log(30)))));
  }
  const ts: number[] = [];
  const sim: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let k = 0; k <= 25; k++) {
    const tt = 10 ** (-2 + (5 * k) / 25);
    const v = 1 / (1 + Math.exp(2 * (Math.log(tt) - Math.log(30)))) + 0.02 * Math.sin(3 * k);
    ts.push(tt);
    sim.push(v);
    lo.push(v - 0.05);
    hi.push(v + 0.05);
  }
  sim[12] = Number.NaN;
  return {
    title: 'Loss of a two-layer linear network',
    x: { label: 'training time', unit: 'steps', scale: 'log' },
    y: { label: 'loss' },
    series: [
      { x: t, y: theory, label: 'theory (exact solution)' },
      { x: ts, y: sim, label: 'simulation (mean ± s.d.)', marker: 'circle', band: { lo, hi } },
    ],
    lines: [
      { kind: 'vertical', x: 30, label: 't* = 30' },
      { kind: 'affine', slope: -0.002, intercept: 0.9, label: 'y = 0.9 − 0.002·t', color: '#7f3b08' },
    ],
  };
}

/** A phase-diagram-like heatmap with contours, a colour bar and a theory boundary. */
export function demoHeatmap(): HeatmapOptions {
  const nx = 60;
  const ny = 40;
  const xs = Array.from({ length: nx }, (_, i) => 10 ** (-2 + (4 * i) / (nx - 1)));
  const ys = Array.from({ length: ny }, (_, j) => -1 + (2 * j) / (ny - 1));
  const z = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) z[j * nx + i] = Math.tanh(Math.log10(xs[i]) + ys[j]) ;
  z[5 * nx + 5] = Number.NaN;
  return {
    title: 'Regime map',
    z, nx, ny,
    x: { label: 'initialisation scale λ', scale: 'log', values: xs },
    y: { label: 'relative scale τ', values: ys },
    colorMap: 'RdBu',
    colorBar: { label: 'kernel distance' },
    contours: { levels: [-0.5, 0, 0.5] },
    lines: [{ kind: 'affine', slope: 0, intercept: 0.3, label: 'τ = 0.3' }, { kind: 'vertical', x: 1, label: 'λ = 1' }],
  };
}

/** A representation-similarity matrix with labels. */
export function demoMatrix(): MatrixImageOptions {
  const labels = ['canary', 'robin', 'salmon', 'sunfish', 'daisy', 'rose', 'oak', 'pine'];
  const groupOf = [0, 0, 1, 1, 2, 2, 3, 3];
  const m = labels.map((_, r) => labels.map((__, c) => (r === c ? 1 : groupOf[r] === groupOf[c] ? 0.7 : (groupOf[r] < 2) === (groupOf[c] < 2) ? 0.3 : -0.2)));
  return { title: 'Representation similarity', matrix: m, labels, colorMap: 'RdBu', colorBar: { label: 'cosine similarity' } };
}

/** Four panels of different kinds. */
export function demoSmallMultiples(): SmallMultiplesOptions {
  const lp = demoLinePlot();
  const hm = demoHeatmap();
  const mi = demoMatrix();
  return {
    title: 'Small multiples',
    columns: 2,
    panels: [
      { kind: 'line', ...lp, title: 'loss (log time)' },
      { kind: 'line', series: [{ x: [1, 10, 100, 1000], y: [1, 0.1, 0.01, 0.001], label: 'power law' }], x: { scale: 'log', label: 't' }, y: { scale: 'log', label: 'loss' }, title: 'log–log', lines: [{ kind: 'power', coefficient: 2, exponent: -1, label: '2/t' }] },
      { kind: 'heatmap', ...hm, title: 'regime map' },
      { kind: 'matrix', ...mi, title: 'RSM' },
    ],
    panelWidth: 420,
    panelHeight: 300,
  };
}
