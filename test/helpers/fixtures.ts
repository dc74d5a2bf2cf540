/**
 * Reading the committed NumPy/SciPy fixtures (test/fixtures/<name>/*.json), written by the
 * generator scripts in tools/fixtures/. Numbers are JSON numbers (Python's shortest repr, which
 * JSON.parse reads back exactly); a large array may instead be `{"shape": [...], "b64": "..."}`:
 * little-endian float64 bytes in row-major order, base64-encoded. `decodeFixtureArray` accepts both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix } from '../../src/linalg/matrix.js';

const FIXTURE_ROOT = new URL('../fixtures/', import.meta.url).pathname;

/** Parses test/fixtures/<relPath>. */
export function loadFixture<T = any>(relPath: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_ROOT, relPath), 'utf8')) as T;
}

/** A fixture array as a Float64Array plus its shape. */
export function decodeFixtureArray(v: unknown): { shape: number[]; data: Float64Array } {
  if (v !== null && typeof v === 'object' && 'b64' in (v as Record<string, unknown>)) {
    const o = v as { shape: number[]; b64: string };
    const buf = Buffer.from(o.b64, 'base64');
    const data = new Float64Array(buf.byteLength / 8);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat64(8 * i, true);
    return { shape: o.shape, data };
  }
  if (Array.isArray(v)) {
    if (v.length > 0 && Array.isArray(v[0])) {
      const rows = v.length;
      const cols = (v[0] as unknown[]).length;
      const data = new Float64Array(rows * cols);
      (v as number[][]).forEach((r, i) => r.forEach((x, j) => (data[i * cols + j] = x)));
      return { shape: [rows, cols], data };
    }
    return { shape: [v.length], data: Float64Array.from(v as number[]) };
  }
  if (typeof v === 'number') return { shape: [], data: Float64Array.of(v) };
  throw new Error('decodeFixtureArray: unsupported fixture value');
}

/** A fixture 2-D array as a Matrix. */
export function fixtureMatrix(v: unknown): Matrix {
  const { shape, data } = decodeFixtureArray(v);
  if (shape.length !== 2) throw new Error(`fixtureMatrix: expected 2-D, got shape ${shape.join('x')}`);
  return new Matrix(shape[0], shape[1], data);
}
