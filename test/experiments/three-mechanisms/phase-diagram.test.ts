/**
 * three-mechanisms/phase-diagram (Xu & Ziyin 2025; spec §B.5, recipe B.8-6) at the tests' size: every
 * check passes (NTK 1/d, μP → √2, SP 1/d², small-init t_c growth, boundaries exactly on the lines),
 * the figure is well-formed SVG with the boundaries, the seed fixes the sampled inits, and the checks
 * can fail.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phaseDiagramExperiment, runPhaseDiagram } from '../../../src/experiments/three-mechanisms/phase-diagram.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('three-mechanisms/phase-diagram: width-exponent phase diagram from the closed form', () => {
  const result = runPhaseDiagram({ budget: 'test', seed: 0 });

  it('is registered under its id', () => {
    assert.equal(findExperiment('three-mechanisms/phase-diagram'), phaseDiagramExperiment);
  });

  it('makes the B.5 / B.8-6 checks and every one passes', () => {
    const names = result.checks.map((c) => c.name);
    for (const part of ['NTK parametrisation', 'μP', 'standard parametrisation', 'small init', 'boundaries', 'kernel vs feature learning']) {
      assert.ok(names.some((n) => n.includes(part)), `missing check containing "${part}"; have ${names.join(' | ')}`);
    }
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('figure: four panels with the 𝓑 = 0 boundary, well-formed SVG', () => {
    const svg = result.figures[0].svg;
    assert.ok(checkWellFormed(svg) > 50);
    for (const text of ['learning speed exponent', 'log₁₀(K∞/K₀ − 1)', 'ζ∞', '|K∞/K₀ − 1| against width', '𝓑 = 0']) assert.ok(svg.includes(text), text);
  });

  it('tuned plane: kernel above b = c − 1, strong feature learning below; ζ∞ = 1/√2 on μP-like points', () => {
    const g = result.tables[0].columns;
    for (let i = 0; i < g.c.length; i++) {
      const B = 1 - (g.c[i] as number) + (g.b[i] as number);
      if (B > 1e-9) assert.equal(g.phase[i], 'kernel');
      if (B < -1e-9) assert.equal(g.phase[i], 'strong-feature-learning');
      // On 𝓑 = 0 with η on the learning curve, √Q = 2·d^0 → ζ∞ = 2a/√(4 + 4a²) = 1/√2 at a = 1 (independent formula).
      if (Math.abs(B) <= 1e-9) assert.ok(Math.abs((g.zetaInf[i] as number) - Math.SQRT1_2) <= 1e-12, String(g.zetaInf[i]));
    }
  });

  it('is deterministic for a seed; the sampled ratios change with the seed', () => {
    const again = runPhaseDiagram({ budget: 'test', seed: 0 });
    assert.deepEqual(again.tables, result.tables);
    const other = runPhaseDiagram({ budget: 'test', seed: 3 });
    assert.notDeepEqual(other.tables[1].columns.ratioSampled, result.tables[1].columns.ratioSampled);
  });

  it('checks can fail: with a = 50 the NTK kernel ratio is far from 1 at small d', () => {
    const bad = runPhaseDiagram({ budget: 'test', seed: 0 }, { a: 50, widths: [10, 100, 1000] });
    assert.ok(bad.checks.some((c) => !c.pass));
  });
});
