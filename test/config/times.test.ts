/** Time lists of `--at`: comma lists, linspace/logspace ranges, and one-sentence errors. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors/index.js';
import { parseTimes } from '../../src/config/index.js';

describe('parseTimes', () => {
  it('comma lists, ranges and mixtures', () => {
    assert.deepEqual(parseTimes('0,1,2.5'), [0, 1, 2.5]);
    assert.deepEqual(parseTimes('linspace(0,10,11)'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(parseTimes('0, linspace(1, 2, 3)'), [0, 1, 1.5, 2]);
    assert.deepEqual(parseTimes('logspace(-1,1,3)'), [0.1, 1, 10]);
    assert.deepEqual(parseTimes('1e7'), [1e7]);
  });

  const bad: [string, string][] = [
    ['-1', '--at: time -1 is negative; times t/τ must be ≥ 0.'],
    ['0,NaN', '--at: expected a finite number, got "NaN".'],
    ['1,,2', '--at: expected a finite number, got "".'],
    ['abc', '--at: expected a finite number, got "abc".'],
    ['Infinity', '--at: expected a finite number, got "Infinity".'],
    ['linspace(0,1)', '--at: linspace takes (start, stop, count), got "linspace(0,1)".'],
    ['linspace(0,1,2.5)', '--at: the count of linspace must be an integer from 1 to 1e6, got 2.5.'],
    ['range(0,1,2)', '--at: unknown range "range(0,1,2)"; use linspace(start,stop,count) or logspace(start,stop,count).'],
    ['linspace(-2,1,4)', '--at: time -2 is negative; times t/τ must be ≥ 0.'],
    ['', '--at: expected a list of times t/τ such as "0,1,5" or "linspace(0,10,11)", got nothing.'],
  ];
  for (const [text, message] of bad) {
    it(`rejects "${text}"`, () => {
      assert.throws(() => parseTimes(text), (e: unknown) => e instanceof ConfigError && e.message === message);
    });
  }
});
