/**
 * Shape checks shared by the model kinds: a matrix from the document against the size the task
 * and the model imply, with a sentence naming both shapes.
 * @module
 */
import { ConfigError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';

/** `rows×cols` of a nested row-major array. */
export function nestedShape(rows: readonly (readonly number[])[]): [number, number] {
  return [rows.length, rows.length === 0 ? 0 : rows[0].length];
}

/**
 * The matrix at `path`, required to be `rows×cols` (null = any); `why` explains where the expected
 * size comes from, e.g. "N_h×N_i with N_i = 2 from the task".
 */
export function matrixOfShape(
  path: string,
  rows: readonly (readonly number[])[],
  expected: [number | null, number | null],
  why: string,
): Matrix {
  const [r, c] = nestedShape(rows);
  const okRows = expected[0] === null || expected[0] === r;
  const okCols = expected[1] === null || expected[1] === c;
  if (!okRows || !okCols) {
    const want = `${expected[0] ?? 'any'}x${expected[1] ?? 'any'}`;
    throw new ConfigError(`${path}: shape ${r}x${c} does not fit, expected ${want} (${why}).`, { path });
  }
  return Matrix.from(rows as number[][]);
}

/** Resolves a width given in two places (e.g. `model.hidden` and `init.hidden`); they must agree. */
export function agreeOn(name: string, a: { path: string; value: number | undefined }, b: { path: string; value: number | undefined }): number | undefined {
  if (a.value !== undefined && b.value !== undefined && a.value !== b.value) {
    throw new ConfigError(`${b.path}: ${name} ${b.value} disagrees with ${a.path} = ${a.value}; give it once or make them equal.`, { path: b.path });
  }
  return a.value ?? b.value;
}
