import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { coerceParam, decodeParams, decodeState, decodeView, encodeState, formatParam, type ViewParams } from '../../src/web/app/url-state.js';
import { TWO_LAYER_DEFAULTS } from '../../src/web/app/views/two-layer/model.js';
import { MIXED_DEFAULTS } from '../../src/web/app/views/mixed/model.js';
import { SCALAR_DEFAULTS } from '../../src/web/app/views/scalar/model.js';

const VIEWS = [
  { id: 'two-layer', defaults: TWO_LAYER_DEFAULTS as ViewParams },
  { id: 'mixed', defaults: MIXED_DEFAULTS as ViewParams },
  { id: 'one-d', defaults: SCALAR_DEFAULTS as ViewParams },
];

describe('url-state codec', () => {
  test('round trip: every view, defaults and edited values (awkward numbers, text with separators, booleans)', () => {
    const edited: Record<string, ViewParams> = {
      'two-layer': { ...TWO_LAYER_DEFAULTS, lambda: -1.5e-7, scale: 0.1 + 0.2, task: 'custom', sigma: '2, 0.5;\n0.1 1 & =?#', seed: 9007199254740991 },
      mixed: { ...MIXED_DEFAULTS, gs: -1.85, gw: 2.25, mode: 'direct', eta: 1 / 3 },
      'one-d': { ...SCALAR_DEFAULTS, etaW: 1e-300, kappa: 5e300, method: 'flow' },
    };
    for (const v of VIEWS) {
      for (const params of [v.defaults, edited[v.id]]) {
        const q = encodeState(v.id, params);
        assert.ok(q.startsWith('?view='));
        const back = decodeState(q, VIEWS);
        assert.equal(back.view, v.id);
        assert.deepEqual(back.params, params);
      }
    }
    const withFlag = { on: true, off: false, n: 0 };
    assert.deepEqual(decodeParams(encodeState('x', withFlag), { on: false, off: true, n: 1 }), withFlag);
  });

  test('invalid or unknown values keep the defaults; unknown views fall back to the first', () => {
    const d = { lambda: 0, gd: true, task: 'random' };
    assert.deepEqual(decodeParams('?lambda=abc&gd=maybe&task=semantic&extra=1', d), { lambda: 0, gd: true, task: 'semantic' });
    assert.deepEqual(decodeParams('?lambda=&gd=0', d), { lambda: 0, gd: false, task: 'random' });
    assert.deepEqual(decodeParams('?lambda=Infinity', d), d);
    assert.deepEqual(decodeParams('?lambda=NaN', d), d);
    assert.equal(decodeView('?view=nope', ['a', 'b'], 'a'), 'a');
    assert.equal(decodeView('', ['a', 'b'], 'b'), 'b');
    assert.equal(decodeState('?view=nope&d=3', VIEWS).view, 'two-layer');
    assert.equal(decodeState('?view=mixed&d=33', VIEWS).params.d, 33);
  });

  test('coerceParam and formatParam', () => {
    assert.equal(coerceParam(' 2.5 ', 1), 2.5);
    assert.equal(coerceParam('1e-3', 1), 0.001);
    assert.equal(coerceParam('true', false), true);
    assert.equal(coerceParam('x', 'y'), 'x');
    assert.equal(formatParam(false), '0');
    assert.equal(formatParam(0.1 + 0.2), '0.30000000000000004');
  });
});
