import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { heatmap, linePlot, matrixImage, smallMultiples } from '../../src/plot/index.js';
import { clipSegment, decimateRun, referenceLines } from '../../src/plot/marks.js';
import { createScale } from '../../src/plot/scales.js';
import { ConfigError, DomainError, ShapeError } from '../../src/errors/index.js';
import { checkWellFormed } from './xml.js';
import { demoHeatmap, demoLinePlot, demoMatrix, demoSmallMultiples } from './demo-figures.js';

/** Path `d` strings of elements whose opening tag contains `marker`. */
function pathsWith(svg: string, marker: string): string[] {
  const out: string[] = [];
  const re = /<path ([^>]*)\/>/g;
  for (let m = re.exec(svg); m !== null; m = re.exec(svg)) {
    if (m[1].includes(marker)) out.push(/(?:^| )d="([^"]*)"/.exec(m[1])?.[1] ?? '');
  }
  return out;
}

/** Numbers of a path `d` string, in order. */
function pathNumbers(d: string): number[] {
  return (d.match(/-?\d+(\.\d+)?(e[+-]?\d+)?/g) ?? []).map(Number);
}

describe('figures are well-formed, deterministic SVG', () => {
  const cases: Array<[string, () => string]> = [
    ['line plot', () => linePlot(demoLinePlot())],
    ['heatmap', () => heatmap(demoHeatmap())],
    ['matrix image', () => matrixImage(demoMatrix())],
    ['small multiples', () => smallMultiples(demoSmallMultiples())],
  ];
  for (const [name, make] of cases) {
    it(`${name}: well-formed, viewBox and fonts set, identical on repeat`, () => {
      const svg = make();
      assert.ok(checkWellFormed(svg) > 10);
      assert.ok(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+(\.\d+)?" height="\d+(\.\d+)?" viewBox="0 0 /.test(svg), 'root svg with viewBox');
      assert.ok(svg.slice(0, 300).includes('font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'), 'font family with generic fallback');
      assert.ok(make() === svg, 'same input gives the identical string');
      assert.ok(!/NaN|Infinity|undefined/.test(svg), 'no NaN/Infinity/undefined printed');
    });
  }
  it('ids are unique within a composed figure and differ between different figures', () => {
    const svg = smallMultiples(demoSmallMultiples());
    const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(ids.length >= 4);
    assert.equal(new Set(ids).size, ids.length);
    for (const ref of svg.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(ref[1]), `dangling reference ${ref[1]}`);
    const a = linePlot({ series: [{ x: [0, 1], y: [0, 1] }] });
    const b = linePlot({ series: [{ x: [0, 1], y: [0, 2] }] });
    assert.notEqual(/ id="([^"]+)"/.exec(a)?.[1], / id="([^"]+)"/.exec(b)?.[1]);
  });
});

describe('line plot', () => {
  it('escapes labels, titles and units', () => {
    const svg = linePlot({
      title: '<script>alert("x")</script>',
      series: [{ x: [0, 1], y: [0, 1], label: 'a < b & "c" \'d\'' }],
      x: { label: 'x & y', unit: '<s>' },
    });
    checkWellFormed(svg);
    assert.ok(!svg.includes('<script>'));
    assert.ok(svg.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.ok(svg.includes('a &lt; b &amp; &quot;c&quot; &apos;d&apos;'));
    assert.ok(svg.includes('x &amp; y (&lt;s&gt;)'));
  });
  it('breaks the line at NaN and never prints NaN', () => {
    const svg = linePlot({ series: [{ x: [1, 2, 3, 4, 5], y: [1, 2, Number.NaN, 4, 5] }] });
    const [d] = pathsWith(svg, 'class="series"');
    assert.equal((d.match(/M/g) ?? []).length, 2);
    assert.ok(!svg.includes('NaN'));
  });
  it('drops non-positive data on a log axis with a visible note; rejects a non-positive log domain', () => {
    const svg = linePlot({ series: [{ x: [1, 10, 100], y: [1, 0, -1] }], y: { scale: 'log' } });
    assert.match(svg, /<desc>2 points with y ≤ 0 not shown on the log y axis.<\/desc>/);
    assert.match(svg, /class="notes"/);
    assert.throws(() => linePlot({ series: [], y: { scale: 'log', domain: [0, 1] } }), DomainError);
  });
  it('handles empty, all-NaN and missing data without errors', () => {
    for (const series of [[], [{ x: [], y: [], label: 'empty' }], [{ x: [1, 2], y: [Number.NaN, Number.NaN] }]]) {
      const svg = linePlot({ series, x: { label: 'x' }, y: { label: 'y', scale: 'log' } });
      checkWellFormed(svg);
      assert.ok(!svg.includes('NaN'));
    }
    assert.match(linePlot({ series: [{ x: [], y: [], label: 'empty' }] }), />empty<\/text>/);
  });
  it('rejects mismatched lengths and unknown scales', () => {
    assert.throws(() => linePlot({ series: [{ x: [1, 2], y: [1] }] }), ConfigError);
    assert.throws(() => linePlot({ series: [{ x: [1], y: [1], band: { lo: [1, 2], hi: [1] } }] }), ConfigError);
    assert.throws(() => linePlot({ series: [], x: { scale: 'sqrt' as never } }), ConfigError);
    assert.throws(() => linePlot({ series: [], width: 10 }), ConfigError);
  });
  it('decimates a 10⁶-point series to ≤ 4 points per pixel column, keeping the extremes', () => {
    const n = 1_000_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i;
      y[i] = Math.sin(i / 1000);
    }
    y[777_777] = 5; // a single spike must survive
    const svg = linePlot({ series: [{ x, y }], width: 640, height: 400, y: { domain: [-6, 6] } });
    const [d] = pathsWith(svg, 'class="series"');
    const nums = pathNumbers(d);
    assert.ok(nums.length / 2 <= 4 * 640, `${nums.length / 2} points drawn`);
    const ys = nums.filter((_, k) => k % 2 === 1);
    const minPy = Math.min(...ys);
    const ys6 = createScale('linear', [-6, 6], [0, 1]); // spike at 5 of [-6, 6]: ~8 % from the top
    assert.ok(ys6.map(5) > 0.9);
    // The spike is the highest point on screen (smallest pixel y), well above the sine's peak.
    const maxSine = ys.filter((v) => v > minPy + 1);
    assert.ok(maxSine.length > 0 && minPy < Math.min(...maxSine) - 50);
    assert.ok(svg.length < 200_000, `svg is ${svg.length} chars`);
  });
  it('gives many series distinct styles and a legend entry each', () => {
    const series = Array.from({ length: 12 }, (_, k) => ({ x: [0, 1], y: [k, k + 1], label: `s${k}` }));
    const svg = linePlot({ series });
    const styles = [...svg.matchAll(/class="series" d="[^"]*" stroke="([^"]+)" stroke-width="[^"]+"( stroke-dasharray="([^"]+)")?/g)].map((m) => `${m[1]}|${m[3] ?? ''}`);
    assert.equal(styles.length, 12);
    assert.equal(new Set(styles).size, 12);
    for (let k = 0; k < 12; k++) assert.ok(svg.includes(`>s${k}</text>`));
  });
});

describe('reference lines and clipping', () => {
  const rect = { left: 50, top: 10, width: 400, height: 300 };
  it('an affine line on linear axes is exact and clipped to the plot area', () => {
    const xs = createScale('linear', [0, 10], [50, 450]);
    const ys = createScale('linear', [0, 10], [310, 10]);
    const markup = referenceLines([{ kind: 'affine', slope: 2, intercept: 1 }], xs, ys, rect);
    const nums = pathNumbers(/ d="([^"]*)"/.exec(markup)?.[1] ?? '');
    assert.equal(nums.length, 4);
    for (let k = 0; k < 4; k += 2) {
      const x = xs.invert(nums[k]);
      const y = ys.invert(nums[k + 1]);
      // Coordinates are printed to 0.01 px; 0.01 px is 2.5e-4 data units here, times the slope 2.
      assert.ok(Math.abs(y - (2 * x + 1)) < 1e-3, `(${x}, ${y}) is on y = 2x + 1`);
      assert.ok(y >= -1e-9 && y <= 10 + 1e-9 && x >= -1e-9 && x <= 10 + 1e-9);
    }
  });
  it('a power law on log–log axes is straight; vertical lines sit at their data value on a log axis', () => {
    const xs = createScale('log', [1, 1000], [50, 450]);
    const ys = createScale('log', [1e-3, 10], [310, 10]);
    const power = referenceLines([{ kind: 'power', coefficient: 2, exponent: -1 }], xs, ys, rect);
    const nums = pathNumbers(/ d="([^"]*)"/.exec(power)?.[1] ?? '');
    assert.equal(nums.length, 4, 'two end points');
    const vertical = referenceLines([{ kind: 'vertical', x: 10, label: 'x = 10' }], xs, ys, rect);
    const v = pathNumbers(/ d="([^"]*)"/.exec(vertical)?.[1] ?? '');
    assert.ok(Math.abs(v[0] - xs.map(10)) < 0.006 && v[0] === v[2]);
    assert.match(vertical, />x = 10<\/text>/);
    assert.equal(referenceLines([{ kind: 'vertical', x: 1e6 }], xs, ys, rect), '', 'outside the domain draws nothing');
    assert.throws(() => referenceLines([{ kind: 'affine', slope: Number.NaN, intercept: 0 }], xs, ys, rect), ConfigError);
  });
  it('an affine line on a log y axis drops its non-positive part', () => {
    const xs = createScale('linear', [-1, 1], [50, 450]);
    const ys = createScale('log', [1e-2, 10], [310, 10]);
    const markup = referenceLines([{ kind: 'affine', slope: 1, intercept: 0 }], xs, ys, rect);
    const nums = pathNumbers(/ d="([^"]*)"/.exec(markup)?.[1] ?? '');
    for (let k = 0; k < nums.length; k += 2) assert.ok(xs.invert(nums[k]) > 0);
  });
  it('Liang–Barsky clipping', () => {
    assert.deepEqual(clipSegment(0, 160, 500, 160, rect), [50, 160, 450, 160]);
    assert.equal(clipSegment(0, 0, 10, 5, rect), undefined);
    assert.deepEqual(clipSegment(100, 100, 200, 200, rect), [100, 100, 200, 200]);
  });
  it('M4 decimation keeps first, min, max and last of each column', () => {
    const run: number[] = [];
    for (let i = 0; i < 100; i++) run.push(i / 50, i === 30 ? -7 : i === 70 ? 9 : 0);
    const out = decimateRun(run, 2);
    assert.deepEqual(out, [0, 0, 0.6, -7, 0.98, 0, 1, 0, 1.4, 9, 1.98, 0]);
  });
});

describe('heatmap', () => {
  it('draws cells, a colour bar and contours; NaN cells get the NaN colour', () => {
    const svg = heatmap({ ...demoHeatmap(), nanColor: '#abcdef' });
    assert.match(svg, /fill="#abcdef"/);
    assert.match(svg, /<linearGradient /);
    assert.equal(pathsWith(svg, 'class="contour"').length, 3);
    assert.match(svg, />kernel distance<\/text>/);
  });
  it('accepts nested rows and flat arrays equally', () => {
    const a = heatmap({ z: [[1, 2, 3], [4, 5, 6]] });
    const b = heatmap({ z: new Float64Array([1, 2, 3, 4, 5, 6]), nx: 3, ny: 2 });
    assert.equal(a, b);
  });
  it('rejects bad shapes, infinite values and non-positive log centres', () => {
    assert.throws(() => heatmap({ z: [1, 2, 3], nx: 2, ny: 2 }), ShapeError);
    assert.throws(() => heatmap({ z: [[1, 2], [3]] }), ShapeError);
    assert.throws(() => heatmap({ z: [[1, Number.POSITIVE_INFINITY]] }), DomainError);
    assert.throws(() => heatmap({ z: [[1, 2]], x: { scale: 'log', values: [0, 1] } }), DomainError);
    assert.throws(() => heatmap({ z: [[1, 2]], x: { values: [1, 1] } }), ConfigError);
  });
  it('diverging maps are centred at zero by default', () => {
    const svg = heatmap({ z: [[-1, 0, 3]], colorMap: 'RdBu' });
    // Domain [-3, 3]: 0 → neutral #f7f7f7, 3 → darkest blue.
    assert.match(svg, /fill="#f7f7f7"/);
    assert.match(svg, /fill="#053061"/);
  });
});

describe('matrix image', () => {
  it('puts row 0 at the top with square cells', () => {
    const svg = matrixImage({ matrix: { rows: 2, cols: 3, data: new Float64Array([0, 1, 1, 1, 1, 1]) }, colorBar: false });
    const [d] = pathsWith(svg, 'fill="#440154"'); // the minimum, entry (0, 0)
    const nums = pathNumbers(d); // M x y h w v h h -w z
    const [d1] = pathsWith(svg, 'fill="#fde725"'); // the other five entries, as runs per row
    const starts = [...d1.matchAll(/M([\d.]+) ([\d.]+)h/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.equal(starts.length, 2, 'one run in row 0, one in row 1');
    const rowYs = starts.map((p) => p[1]).sort((a, b) => a - b);
    assert.equal(nums[1], rowYs[0], 'entry (0,0) lies in the top row');
    assert.ok(rowYs[1] > rowYs[0]);
    const row0 = starts.find((p) => p[1] === rowYs[0]) as number[];
    const row1 = starts.find((p) => p[1] === rowYs[1]) as number[];
    assert.ok(nums[0] < row0[0] && nums[0] === row1[0], 'entry (0,0) is the leftmost cell of the top row');
    assert.equal(nums[2], nums[3], 'square cell: width equals height');
  });
  it('checks label counts', () => {
    assert.throws(() => matrixImage({ matrix: [[1, 0], [0, 1]], labels: ['a'] }), ConfigError);
    assert.throws(() => matrixImage({ matrix: [] }), ConfigError);
  });
});

describe('small multiples', () => {
  it('nests one <svg> per panel at its grid position', () => {
    const svg = smallMultiples(demoSmallMultiples());
    assert.equal((svg.match(/<svg /g) ?? []).length, 5);
    assert.match(svg, /<svg x="420" y="30" /);
    assert.match(svg, /<svg x="420" y="330" /);
    assert.throws(() => smallMultiples({ panels: [], columns: 0 }), ConfigError);
  });
});
