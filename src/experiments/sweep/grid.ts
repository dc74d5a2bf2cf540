/**
 * NumPy's `linspace` and `logspace` for sweep axes, with NumPy's arithmetic so the values are the
 * ones a researcher gets from `np.linspace` / `np.logspace` (checked against NumPy 2.4 fixtures in
 * test/experiments/sweep/grid.test.ts: linspace bit-identical, logspace within 2 ulp because
 * `Math.pow` and C's `pow` may differ in the last bit).
 *
 * **Method** (numpy/_core/function_base.py): with div = num − 1 (endpoint) or num, step =
 * (stop − start)/div, value i = i·step + start, and with `endpoint` the last value is set to `stop`
 * exactly. When step is 0 (start = stop) NumPy computes (i/div)·delta + start, which is the same
 * value. num = 1 gives [start]. logspace is base^linspace(start, stop, num).
 * @module
 */
import { DomainError } from '../../errors/index.js';

function checkNum(num: number, what: string): void {
  if (!Number.isSafeInteger(num) || num < 0) throw new DomainError(`${what}: num must be a non-negative integer, got ${String(num)}.`);
}

/**
 * `num` evenly spaced values from `start` to `stop` (included unless `endpoint` is false), as
 * `numpy.linspace`.
 * @example
 * linspace(0, 1, 5);        // [0, 0.25, 0.5, 0.75, 1]
 * linspace(0, 1, 4, false); // [0, 0.25, 0.5, 0.75]
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  checkNum(num, 'linspace');
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const out = new Array<number>(num);
  if (div > 0) {
    const step = delta / div;
    if (step === 0) for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
    else for (let i = 0; i < num; i++) out[i] = i * step + start;
  } else {
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/**
 * `num` values base^e for e = linspace(start, stop, num, endpoint), as `numpy.logspace`.
 * @example
 * logspace(-2, 0, 3);       // [0.01, 0.1, 1]
 * logspace(0, 3, 4, true, 2); // [1, 2, 4, 8]
 */
export function logspace(start: number, stop: number, num: number, endpoint = true, base = 10): number[] {
  checkNum(num, 'logspace');
  return linspace(start, stop, num, endpoint).map((e) => Math.pow(base, e));
}
