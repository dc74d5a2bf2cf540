// three-mechanisms/fig1: checks pass at the test size, the linear panels equal the exact theory,
// the labels of the B.6 rule, determinism and the registration.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fig1Panels, fig1Settings, runFig1 } from '../../../src/experiments/three-mechanisms/fig1.js';
import { threeMechanismsNetworkExperiments } from '../../../src/experiments/three-mechanisms/networks.js';
import { scalarWidthExact } from '../../../src/theory/three-mechanisms/index.js';

describe('three-mechanisms/fig1', () => {
  const s = fig1Settings('test');
  const r = runFig1({ budget: 'quick', seed: 0 }, s);

  it('all checks pass; figure, tables and notes are complete', () => {
    for (const c of r.checks) assert.ok(c.pass, `${c.name}: ${c.ours}`);
    assert.equal(r.checks.length, 4);
    assert.equal(r.figures.length, 1);
    assert.match(r.figures[0]!.svg, /^<svg/);
    const zeta = r.tables.find((t) => t.name === 'fig1-zeta')!;
    assert.equal(zeta.columns['t']!.length, 10 * s.records);
    const summary = r.tables.find((t) => t.name === 'fig1-summary')!;
    assert.equal(summary.columns['mechanism']!.length, 10);
  });

  it('linear panels: end state equals theory ζ∞ and K∞/K₀ (ζ to 1e-6: T = 8 is ≥ 8 t_c, e^{−8} residue bounded by the 1e-8 path check)', () => {
    const panels = fig1Panels(s, 0);
    for (const p of panels.filter((q) => q.activation === 'linear')) {
      const last = p.flow.t.length - 1;
      assert.ok(Math.abs(p.flow.zeta[last]! - p.theoryZeta[last]!) < 1e-8);
      // the simulated NTK ratio agrees with the theory's K(t) (independent formula αΣ√(Q+4P²))
      const init = { u: p.flow.u[0]!, w: p.flow.w[0]!};
      const ex = scalarWidthExact({ kappa: 1 / s.width, etaU: s.width, etaW: s.width }, { a: p.setting === 'alignment' ? 1 : 0.1, sigmaXX: 1 }, init);
      const ratio = ex.at(p.flow.t[last]!).K / ex.K0;
      assert.ok(Math.abs(p.rhoK - ratio) < 1e-7 * ratio, `${p.rhoK} vs ${ratio}`);
    }
  });

  it('B.6 labels: alignment row all alignment; disalignment row disalignment except the near-kernel sigmoid net', () => {
    const summary = r.tables.find((t) => t.name === 'fig1-summary')!.columns;
    const labels = summary['mechanism']!.map((m, i) => `${summary['setting']![i]}/${summary['activation']![i]}:${m}`);
    assert.deepEqual(labels, [
      'alignment/linear:alignment', 'alignment/relu:alignment', 'alignment/sigmoid:alignment', 'alignment/swish:alignment', 'alignment/leaky-relu:alignment',
      'disalignment/linear:disalignment', 'disalignment/relu:disalignment', 'disalignment/sigmoid:kernel', 'disalignment/swish:disalignment', 'disalignment/leaky-relu:disalignment',
    ]);
    assert.ok(r.notes.some((n) => /sigmoid: the B.6 rule says kernel/.test(n)));
  });

  it('deterministic in the seed, different across seeds; registered', () => {
    const again = runFig1({ budget: 'quick', seed: 0 }, s);
    assert.deepEqual(again.tables, r.tables);
    const other = runFig1({ budget: 'quick', seed: 1 }, s);
    assert.notDeepEqual(other.tables[0]!.columns['zeta'], r.tables[0]!.columns['zeta']);
    assert.ok(threeMechanismsNetworkExperiments.some((e) => e.id === 'three-mechanisms/fig1'));
  });
});
