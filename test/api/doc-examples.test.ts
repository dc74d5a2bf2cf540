/**
 * The example checker itself (./doc-examples.ts): a stated value that is wrong must fail, numbers
 * match to the digits shown, and the rewriting of checks and imports is what the examples rely on.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compile, extractExamples, instrument, mismatch, parseExpected, printedMismatch } from './doc-examples.js';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('doc-example checks', () => {
  it('numbers match when rounded to the digits shown; integers to 1e-9 relative', () => {
    assert.equal(mismatch(0.70710678, parseExpected('0.7071')), undefined);
    assert.notEqual(mismatch(0.70716, parseExpected('0.7071')), undefined);
    assert.equal(mismatch(1.9999999999999, parseExpected('2')), undefined);
    assert.notEqual(mismatch(2.001, parseExpected('2')), undefined);
    assert.equal(mismatch(1.23e-5, parseExpected('1.2e-5')), undefined);
    assert.notEqual(mismatch(1.4e-5, parseExpected('1.2e-5')), undefined);
    assert.equal(mismatch(1.009, parseExpected('≈ 1')), undefined);
    assert.notEqual(mismatch(1.02, parseExpected('≈ 1')), undefined);
  });

  it('arrays, typed arrays, matrices-like values, strings, literals and partial objects', () => {
    assert.equal(mismatch(Float64Array.of(1, 0.5), parseExpected('[1, 0.5]')), undefined);
    assert.notEqual(mismatch([1, 0.5, 2], parseExpected('[1, 0.5]')), undefined);
    const M = { rows: 1, cols: 2, toArray: () => [[3, 4]] };
    assert.equal(mismatch(M, parseExpected('[[3, 4]]')), undefined);
    assert.equal(mismatch('kernel', parseExpected('"kernel"')), undefined);
    assert.notEqual(mismatch('kernel', parseExpected("'alignment'")), undefined);
    assert.equal(mismatch(true, parseExpected('true (remark)')), undefined);
    assert.notEqual(mismatch(false, parseExpected('true')), undefined);
    assert.equal(mismatch({ a: 1, b: 'x', c: [] }, parseExpected('{ a: 1, b: "x" }')), undefined);
    assert.notEqual(mismatch({ a: 2 }, parseExpected('{ a: 1 }')), undefined);
    assert.throws(() => parseExpected('the typed document'), /cannot read the expected value/);
  });

  it('printed text: words verbatim, numbers to the digits shown', () => {
    assert.equal(printedMismatch('loss 0.12345 at t = 3', 'loss 0.1235 at t = 3'), undefined);
    assert.notEqual(printedMismatch('loss 0.2 at t = 3', 'loss 0.1 at t = 3'), undefined);
    assert.notEqual(printedMismatch('gain 0.1 at t = 3', 'loss 0.1 at t = 3'), undefined);
  });

  it('extracts @example blocks (inline, multi-line, fenced) and runs them with their checks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doc-examples-'));
    try {
      const file = join(dir, 'm.ts');
      writeFileSync(
        file,
        [
          '/**',
          ' * Doubles.',
          ' * @example double(2); // → 4',
          ' */',
          'export function double(x: number): number { return 2 * x; }',
          '/**',
          ' * @example',
          ' * const y: number = double(3); // → 6',
          ' * console.log(`y = ${y}`); // prints y = 6',
          ' * double(NaN) === 1; // → false',
          ' * @returns nothing',
          ' */',
          '/**',
          ' * @example',
          ' * Prose before the fence.',
          ' * ```ts',
          ' * double(1); // → 3',
          ' * ```',
          ' */',
          '/**',
          ' * @example',
          ' * JSON.parse("{"); // throws SyntaxError',
          ' */',
          '/**',
          ' * @example',
          ' * double(5);',
          ' * // → 11 (a value on its own line checks the statement above: wrong here)',
          ' */',
        ].join('\n'),
      );
      const examples = extractExamples(file);
      assert.equal(examples.length, 5);
      assert.match(instrument(examples[0]), /__check\(\(double\(2\)\), "4"/);
      const run = async (k: number): Promise<string[]> => {
        const failures: string[] = [];
        const printed: string[] = [];
        const scope: Record<string, unknown> = {
          double: (x: number) => 2 * x,
          __printed: printed,
          __check: (a: unknown, e: string, at: string) => {
            const why = mismatch(a, parseExpected(e));
            if (why) failures.push(`${at}: ${why}`);
          },
          __checkPrinted: (e: string, at: string) => {
            const why = printedMismatch(printed.join('\n'), e);
            if (why) failures.push(`${at}: ${why}`);
          },
          __throws: async (f: () => Promise<void>, e: string, at: string) => {
            try {
              await f();
              failures.push(`${at}: did not throw`);
            } catch (err) {
              if (!String((err as Error).name).includes(e.trim())) failures.push(`${at}: wrong error`);
            }
          },
          console: { log: (...a: unknown[]) => printed.push(a.join(' ')) },
        };
        const names = Object.keys(scope);
        await compile(examples[k], names)(...names.map((n) => scope[n]));
        return failures;
      };
      assert.deepEqual(await run(0), []);
      assert.deepEqual(await run(1), []);
      const wrong = await run(2); // the fenced example states a wrong value
      assert.equal(wrong.length, 1);
      assert.match(wrong[0], /expected the number 3|expected 3/);
      assert.deepEqual(await run(3), []);
      const alone = await run(4);
      assert.equal(alone.length, 1);
      assert.match(alone[0], /m\.ts:\d+: value: expected 11/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
