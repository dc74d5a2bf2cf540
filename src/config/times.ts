/**
 * Parsing lists of times t/τ given on the command line (`--at`): a comma list `0,0.5,1`, ranges
 * `linspace(0,10,11)` (11 evenly spaced values from 0 to 10 inclusive) and `logspace(-2,2,5)` (5
 * values from 10⁻² to 10² evenly spaced in log10), freely mixed: `0,logspace(-1,3,9)`.
 * @module
 */
import { ConfigError } from '../errors/index.js';

const RANGE = /^(linspace|logspace)\(([^)]*)\)$/i;

function num(text: string, what: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new ConfigError(`${what}: expected a finite number, got "${t}".`, { path: what });
  return v;
}

/** Splits on commas that are not inside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * Parses a list of times t/τ; every time must be finite and ≥ 0.
 * @param option name used in messages (e.g. `--at`)
 * @throws ConfigError naming the option and the offending entry
 * @example
 * parseTimes('0,linspace(1,2,3)'); // → [0, 1, 1.5, 2]
 */
export function parseTimes(text: string, option = '--at'): number[] {
  const out: number[] = [];
  if (text.trim() === '') throw new ConfigError(`${option}: expected a list of times t/τ such as "0,1,5" or "linspace(0,10,11)", got nothing.`, { path: option });
  for (const raw of splitTop(text)) {
    const part = raw.trim();
    const m = RANGE.exec(part.replace(/\s+/g, ''));
    if (m) {
      const args = m[2].split(',');
      if (args.length !== 3) throw new ConfigError(`${option}: ${m[1]} takes (start, stop, count), got "${part}".`, { path: option });
      const a = num(args[0], option);
      const b = num(args[1], option);
      const n = num(args[2], option);
      if (!Number.isInteger(n) || n < 1 || n > 1e6) {
        throw new ConfigError(`${option}: the count of ${m[1]} must be an integer from 1 to 1e6, got ${args[2].trim()}.`, { path: option });
      }
      for (let k = 0; k < n; k++) {
        const u = n === 1 ? a : a + ((b - a) * k) / (n - 1);
        out.push(m[1].toLowerCase() === 'logspace' ? 10 ** u : u);
      }
      continue;
    }
    if (/^[a-z]+\(/i.test(part)) throw new ConfigError(`${option}: unknown range "${part}"; use linspace(start,stop,count) or logspace(start,stop,count).`, { path: option });
    out.push(num(part, option));
  }
  for (const t of out) {
    if (t < 0) throw new ConfigError(`${option}: time ${t} is negative; times t/τ must be ≥ 0.`, { path: option });
    if (!Number.isFinite(t)) throw new ConfigError(`${option}: time ${t} is not finite; times t/τ must be finite.`, { path: option });
  }
  return out;
}
