/**
 * The figures of docs/theory-vs-simulation.md are made by lazyrich (scripts/docs-figures.ts): this
 * regenerates them and compares them byte for byte with the committed SVGs, and checks the
 * behaviour the guide states (first order in η for the error and the balance drift; the closure
 * error of (1) shrinks with the width).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { docsFigures } from '../../scripts/docs-figures.js';
import { getBackend, setBackend } from '../../src/linalg/backend.js';

const root = new URL('../..', import.meta.url).pathname;

describe('docs/figures', () => {
  const before = getBackend();
  const figures = docsFigures();
  setBackend(before);

  it('every committed figure is what scripts/docs-figures.ts makes now (regenerate with node --import tsx scripts/docs-figures.ts)', () => {
    assert.deepEqual(readdirSync(root + 'docs/figures').filter((f) => f.endsWith('.svg')).sort(), figures.map((f) => f.name).sort());
    for (const f of figures) assert.equal(readFileSync(root + 'docs/figures/' + f.name, 'utf8'), f.svg, `docs/figures/${f.name} is stale`);
  });

  it('the numbers the guide quotes behave as it says', () => {
    const numbers = figures.flatMap((f) => f.numbers);
    const ratios = (prefix: string) =>
      (numbers.find((l) => l.startsWith(prefix)) as string).replace(/^.*: /, '').split(', ').map(Number);
    for (const r of ratios('step size: ratios')) assert.ok(Math.abs(r - 0.5) < 0.05, `error ratio ${r}`);
    for (const r of ratios('balance drift: ratios')) assert.ok(Math.abs(r - 0.5) < 0.05, `drift ratio ${r}`);
    const closure = numbers.filter((l) => l.startsWith('finite width')).map((l) => Number((l.match(/closure error (\S+)/) as RegExpMatchArray)[1]));
    assert.ok(closure.at(-1)! < closure[0] / 4, 'the closure error shrinks with the width');
  });
});
