/**
 * Expanding a sweep document into its points (pure: runs unchanged in Node, workers and browsers).
 *
 * **Order.** Axes combine in `cross` mode as a Cartesian product with the first axis slowest
 * (`itertools.product` / `np.meshgrid(..., indexing="ij")` order); a `zip` group is one factor whose
 * axes advance together; in `zip` mode every axis is in one group. Replicates are the innermost
 * loop: point index = setting·replicates + replicate.
 *
 * **Keys and seeds.** A point's key is the first 16 hex digits of SHA-256 over the canonical JSON of
 * `{ assignments, replicate }` (./digest.ts), so it names the point's settings whatever its
 * position. Its seed is the first 32-bit word of the Philox stream `createRandom(sweepSeed,
 * 'sweep-point', key)` (src/random): a non-negative integer below 2^32 that depends only on the
 * sweep seed and the key — not on the index, the shard or the worker — and becomes the point
 * document's `seed` (unless an axis sets `seed`; a section's own `task.seed` / `init.seed` still
 * wins, as in any document, so replicates of a document that fixes `init.seed` share their init).
 * The sweep id is the same digest of `{ base, sweep, seed }` (the base document, the validated
 * sweep section and the sweep seed).
 *
 * **Paths.** `init.lambda`, `model.widths.1` or `model.widths[1]`: object keys and array indices.
 * A path must lead through the base document or through fields that the model kind's schema allows
 * (so `init.seed` or `train.recordEvery` can be set when the base omits them); anything else is a
 * ConfigError naming the path with a "did you mean" suggestion. Missing objects along the path are
 * created.
 *
 * **Validation before anything runs.** Every point's document is validated with
 * `validateExperiment`; the first failure is a ConfigError for the whole sweep naming the point:
 * `sweep point 3 (init.lambda = "abc"): init.lambda: expected a number, got "abc".`
 * Empty axes, zip groups of unequal lengths, duplicate points and grids above
 * {@link MAX_SWEEP_POINTS} points are ConfigErrors too.
 * @module
 */
import { z } from 'zod';
import { ConfigError, LazyrichError } from '../../errors/index.js';
import { closestMatch, describeValue, issuesToConfigError, schemaAt } from '../../config/errors.js';
import { validateExperiment } from '../../config/parse.js';
import { documentKind } from '../../config/kinds.js';
import { createRandom } from '../../random/index.js';
import { canonicalJson, digestOf } from './digest.js';
import { linspace, logspace } from './grid.js';
import { MAX_SWEEP_POINTS, sweepSchema, type AxisDocument, type SweepDocument } from './schema.js';
import type { Assignments, ExpandedSweep, SweepPoint } from './types.js';

/** Options of {@link expandSweep}. */
export interface ExpandOptions {
  /** Overrides the sweep seed (the CLI's `--seed`); default `sweep.seed`, else the document's `seed`, else 0. */
  seed?: number;
  /** Largest number of points allowed (default {@link MAX_SWEEP_POINTS}). */
  maxPoints?: number;
}

/** One axis with its location in the document, parsed path and values. */
interface ResolvedAxis {
  /** Where it is written, e.g. `sweep.axes[2].zip[0]`. */
  where: string;
  /** The path as normalised dotted text, e.g. `model.widths.1`. */
  path: string;
  segments: string[];
  spec: AxisDocument;
  length: number;
  values?: unknown[];
}

/** Axes that advance together (one axis, or a zip group). */
interface Factor {
  where: string;
  axes: ResolvedAxis[];
  length: number;
}

const TOP_LEVEL = ['model', 'task', 'init', 'train', 'theory', 'record', 'seed'];

/**
 * Splits a config path into its segments: `model.widths[1]` and `model.widths.1` both give
 * `['model', 'widths', '1']`.
 * @throws ConfigError for an empty path or an empty segment.
 * @example
 * parsePath('task.sigmaYX[0][1]'); // → ['task', 'sigmaYX', '0', '1']
 */
export function parsePath(path: string, where = 'path'): string[] {
  const segments: string[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m || (m[1] === '' && m[2] === '')) {
      throw new ConfigError(`${where}: "${path}" is not a config path; write dotted keys and indices such as "init.lambda" or "model.widths.1".`, { path: where });
    }
    if (m[1] !== '') segments.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) segments.push(idx[1]);
  }
  return segments;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The keys an object schema at `prefix` accepts, or undefined when the schema there is not a known object. */
function schemaKeys(docSchema: z.ZodType | undefined, base: unknown, prefix: (string | number)[]): string[] | undefined {
  if (!docSchema) return prefix.length === 0 ? TOP_LEVEL : undefined;
  const s = schemaAt(docSchema, base, prefix);
  if (s instanceof z.ZodObject) return Object.keys(s.shape).filter((k) => k !== '$schema' && k !== 'sweep');
  return undefined;
}

/**
 * Checks that `segments` lead through `base` or through fields its schema allows.
 * @throws ConfigError naming the axis, the path and a suggestion.
 */
function checkPath(axis: ResolvedAxis, base: Record<string, unknown>, docSchema: z.ZodType | undefined): void {
  const { segments, where } = axis;
  let value: unknown = base;
  const prefix: (string | number)[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const here = i === 0 ? 'the top level' : segments.slice(0, i).join('.');
    if (Array.isArray(value)) {
      const index = /^\d+$/.test(seg) ? Number(seg) : NaN;
      if (!Number.isSafeInteger(index) || index >= value.length) {
        throw new ConfigError(
          `${where}.path: "${axis.path}" indexes ${here} with ${JSON.stringify(seg)}, but ${here} is an array of ${value.length} entr${value.length === 1 ? 'y' : 'ies'}; use an index 0…${value.length - 1}.`,
          { path: `${where}.path` },
        );
      }
      prefix.push(index);
      value = value[index];
      continue;
    }
    if (isRecord(value)) {
      if (seg in value && value[seg] !== undefined) {
        prefix.push(seg);
        value = value[seg];
        continue;
      }
      const allowed = schemaKeys(docSchema, base, prefix);
      if (allowed === undefined || allowed.includes(seg)) {
        // Created when the point is built (validation checks the rest); an array entry cannot be created alone.
        const index = segments.findIndex((x, j) => j > i && /^\d+$/.test(x));
        if (index > 0) {
          const missing = segments.slice(0, index).join('.');
          throw new ConfigError(
            `${where}.path: "${axis.path}" sets one entry of ${missing}, which the document does not have; sweep the whole of ${missing} (values: [[…], …]) or add it to the document.`,
            { path: `${where}.path` },
          );
        }
        return;
      }
      const candidates = [...new Set([...Object.keys(value), ...allowed])];
      const guess = closestMatch(seg, candidates);
      const fixed = guess === undefined ? undefined : [...segments.slice(0, i), guess, ...segments.slice(i + 1)].join('.');
      const tail = fixed !== undefined ? `did you mean "${fixed}"?` : `${i === 0 ? 'the document' : here} has the fields ${candidates.join(', ')}.`;
      throw new ConfigError(`${where}.path: "${axis.path}" is not a field of the document (no "${seg}" in ${here}); ${tail}`, { path: `${where}.path` });
    }
    if (value === undefined) return;
    throw new ConfigError(
      `${where}.path: "${axis.path}" goes into ${here}, which is ${typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : String(value)}, not an object or array; sweep ${here} itself or fix the path.`,
      { path: `${where}.path` },
    );
  }
}

/** A copy of `doc` with `value` at `segments`, sharing every untouched branch with `doc`. */
function setPath(doc: unknown, segments: readonly string[], value: unknown, depth = 0): unknown {
  if (depth === segments.length) return value;
  const seg = segments[depth];
  if (Array.isArray(doc)) {
    const copy = doc.slice();
    const index = Number(seg);
    copy[index] = setPath(doc[index], segments, value, depth + 1);
    return copy;
  }
  const copy: Record<string, unknown> = isRecord(doc) ? { ...doc } : {};
  copy[seg] = setPath(copy[seg], segments, value, depth + 1);
  return copy;
}

function axisLength(spec: AxisDocument): number {
  if (spec.values !== undefined) return spec.values.length;
  return (spec.linspace ?? spec.logspace)!.num;
}

function axisValues(spec: AxisDocument): unknown[] {
  if (spec.values !== undefined) return spec.values;
  if (spec.linspace) return linspace(spec.linspace.start, spec.linspace.stop, spec.linspace.num, spec.linspace.endpoint ?? true);
  const l = spec.logspace!;
  return logspace(l.start, l.stop, l.num, l.endpoint ?? true, l.base ?? 10);
}

/** `init.lambda = "abc", train.steps = 100` (values shortened). */
function describeAssignments(assignments: Assignments): string {
  const parts = Object.entries(assignments).map(([p, v]) => {
    const text = canonicalJson(v);
    return `${p} = ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
  });
  return parts.length === 0 ? 'no axes' : parts.join(', ');
}

const sweepRoot = z.strictObject({ sweep: sweepSchema });

/** The validated sweep section of `doc`, with its issues reported at `sweep.…` paths. */
function readSweep(doc: Record<string, unknown>): SweepDocument {
  if (doc.sweep === undefined) {
    throw new ConfigError('sweep: the document has no sweep section; add e.g. "sweep": {"axes": [{"path": "init.lambda", "values": [-1, 0, 1]}]}.', { path: 'sweep' });
  }
  const wrapped = { sweep: doc.sweep };
  const parsed = sweepRoot.safeParse(wrapped);
  if (!parsed.success) throw issuesToConfigError(parsed.error.issues, wrapped, sweepRoot);
  return parsed.data.sweep;
}

/** The axes grouped into factors (crossed with each other), each with its length checked. */
function factorsOf(sweep: SweepDocument): Factor[] {
  const entries = sweep.axes ?? [];
  const factors: Factor[] = [];
  const resolve = (spec: AxisDocument, where: string): ResolvedAxis => {
    const segments = parsePath(spec.path, `${where}.path`);
    return { where, path: segments.join('.'), segments, spec, length: axisLength(spec) };
  };
  entries.forEach((entry, i) => {
    const where = `sweep.axes[${i}]`;
    if (entry.zip !== undefined) {
      factors.push({ where, axes: entry.zip.map((a, j) => resolve(a, `${where}.zip[${j}]`)), length: 0 });
    } else {
      factors.push({ where, axes: [resolve(entry as AxisDocument, where)], length: 0 });
    }
  });
  const grouped = sweep.mode === 'zip' && factors.length > 1 ? [{ where: 'sweep.axes', axes: factors.flatMap((f) => f.axes), length: 0 }] : factors;
  for (const f of grouped) {
    const first = f.axes[0];
    for (const a of f.axes.slice(1)) {
      if (a.length !== first.length) {
        const what = f.where === 'sweep.axes' ? 'in zip mode every axis' : 'every axis of a zip group';
        throw new ConfigError(
          `${a.where}: ${what} needs the same number of values, but "${first.path}" has ${first.length} and "${a.path}" has ${a.length}.`,
          { path: a.where },
        );
      }
    }
    f.length = first.length;
  }
  return grouped;
}

/** Refuses a path given twice, or one inside another (the order of setting them would matter). */
function checkDistinct(axes: ResolvedAxis[]): void {
  for (let i = 0; i < axes.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [axes[j], axes[i]];
      const n = Math.min(a.segments.length, b.segments.length);
      if (a.segments.slice(0, n).join('.') !== b.segments.slice(0, n).join('.')) continue;
      const why = a.path === b.path ? `"${b.path}" is also set by ${a.where}` : `"${b.path}" and "${a.path}" (${a.where}) overlap, one inside the other`;
      throw new ConfigError(`${b.where}.path: ${why}; give each path one axis.`, { path: `${b.where}.path` });
    }
  }
}

/**
 * The document of a point from the sweep's base document, the point's assignments and its seed:
 * the base with every assigned path set (sharing untouched branches with `base`) and `seed` set to
 * `seed` unless an assignment sets it. This is how {@link expandSweep} builds `point.document`, so
 * a store can rebuild the documents of its points from the base and its rows.
 * @example
 * const base = { model: { kind: 'deep-linear', widths: [2, 4, 2] } };
 * pointDocument(base, { 'model.widths.1': 8 }, 7); // → { model: { kind: 'deep-linear', widths: [2, 8, 2] }, seed: 7 }
 * base.model.widths; // → [2, 4, 2]
 */
export function pointDocument(base: unknown, assignments: Assignments, seed: number): unknown {
  let doc = base;
  for (const [path, value] of Object.entries(assignments)) doc = setPath(doc, parsePath(path), value);
  return 'seed' in assignments ? doc : { ...(doc as Record<string, unknown>), seed };
}

/** Integer sweep seed from the options, the sweep section or the document. */
function sweepSeedOf(options: ExpandOptions, sweep: SweepDocument, base: Record<string, unknown>): number {
  if (options.seed !== undefined) {
    if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new ConfigError(`--seed: expected a non-negative integer, got ${String(options.seed)}.`, { path: '--seed' });
    return options.seed;
  }
  const s = base.seed;
  if (s !== undefined && !(typeof s === 'number' && Number.isSafeInteger(s) && s >= 0)) {
    // Every point's seed replaces it, so say so here rather than let it pass unseen.
    throw new ConfigError(`seed: expected a non-negative integer, got ${describeValue(s)}.`, { path: 'seed' });
  }
  if (sweep.seed !== undefined) return sweep.seed;
  return s ?? 0;
}

/**
 * The seed of the point with key `key` in a sweep with seed `sweepSeed`: the first uint32 of the
 * stream `createRandom(sweepSeed, 'sweep-point', key)`, in [0, 2^32).
 * @example
 * pointSeed(0, 'a3f1c09e5b7d2e44') === createRandom(0, 'sweep-point', 'a3f1c09e5b7d2e44').uint32(); // → true
 */
export function pointSeed(sweepSeed: number, key: string): number {
  return createRandom(sweepSeed, 'sweep-point', key).uint32();
}

/**
 * The key of a point: 16 hex digits of SHA-256 over the canonical JSON of `{ assignments, replicate }`.
 * @example
 * import { sha256Hex } from './digest.js';
 * pointKey({ 'init.lambda': 0.5 }, 0) === sha256Hex('{"assignments":{"init.lambda":0.5},"replicate":0}').slice(0, 16); // → true
 */
export function pointKey(assignments: Assignments, replicate: number): string {
  return digestOf({ assignments, replicate });
}

/**
 * Expands a sweep document (an experiment document with a `sweep` section) into every point, each
 * with its complete validated document, key and seed (see the module notes for order, keys, seeds,
 * paths and errors).
 * @throws ConfigError when the sweep section is malformed, a path is not a field of the document,
 * an axis is empty, zip lengths differ, the grid exceeds `maxPoints`, two points coincide, or any
 * point's document is invalid (naming the point).
 * @example
 * const sweep = expandSweep({
 *   model: { kind: 'two-layer-linear' },
 *   task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] },
 *   init: { kind: 'lambda-balanced', lambda: 0, scale: 0.2, hidden: 2 },
 *   train: { method: 'gd', learningRate: 0.01, steps: 500 },
 *   sweep: { axes: [{ path: 'init.lambda', linspace: { start: -2, stop: 2, num: 5 } }], replicates: 2 },
 * });
 * sweep.points.length; // → 10
 * sweep.points[3].assignments; // → { 'init.lambda': -1 }
 * sweep.points[3].replicate; // → 1
 */
export function expandSweep(doc: unknown, options: ExpandOptions = {}): ExpandedSweep {
  if (!isRecord(doc)) {
    throw new ConfigError(`(document): expected an object with model, task, init and sweep, got ${Array.isArray(doc) ? 'an array' : doc === null ? 'null' : typeof doc}.`, { path: '(document)' });
  }
  const sweep = readSweep(doc);
  const { sweep: _omit, ...base } = doc;
  const replicates = sweep.replicates ?? 1;
  const sweepSeed = sweepSeedOf(options, sweep, base);
  const maxPoints = options.maxPoints ?? MAX_SWEEP_POINTS;

  const factors = factorsOf(sweep);
  const axes = factors.flatMap((f) => f.axes);
  checkDistinct(axes);
  const seedAxis = axes.find((a) => a.path === 'seed');
  if (seedAxis && replicates > 1) {
    throw new ConfigError(
      `sweep.replicates: ${seedAxis.where} sets the seed of every point, so its ${replicates} replicates would repeat the same run; drop replicates or the seed axis.`,
      { path: 'sweep.replicates' },
    );
  }

  const total = factors.reduce((n, f) => n * f.length, 1) * replicates;
  if (total > maxPoints) {
    const sizes = factors.map((f) => f.length).join(' × ');
    throw new ConfigError(
      `sweep: the grid has ${total.toLocaleString('en-US')} points (${sizes || '1'} settings × ${replicates} replicate${replicates === 1 ? '' : 's'}), above the limit of ${maxPoints.toLocaleString('en-US')}; use fewer values or split it into several sweeps.`,
      { path: 'sweep' },
    );
  }

  const model = base.model;
  const kindName = isRecord(model) && typeof model.kind === 'string' ? model.kind : undefined;
  const kindSwept = axes.some((a) => a.path === 'model.kind' || a.path === 'model');
  const docSchema = kindSwept || kindName === undefined ? undefined : documentKind(kindName)?.document;
  for (const a of axes) {
    // A swept `kind` changes the schema below it: check only the base structure there.
    const parentKindSwept = axes.some((k) => k !== a && k.segments[k.segments.length - 1] === 'kind' && a.path.startsWith(`${k.segments.slice(0, -1).join('.')}.`));
    checkPath(a, base, parentKindSwept ? undefined : docSchema);
  }
  for (const a of axes) a.values = axisValues(a.spec);

  const points: SweepPoint[] = [];
  const byKey = new Map<string, number>();
  const counters = new Array<number>(factors.length).fill(0);
  const settings = total / replicates;
  for (let s = 0; s < settings; s++) {
    let rest = s;
    for (let f = factors.length - 1; f >= 0; f--) {
      counters[f] = rest % factors[f].length;
      rest = Math.floor(rest / factors[f].length);
    }
    const assignments: Assignments = {};
    let setting: unknown = base;
    factors.forEach((f, fi) => {
      for (const a of f.axes) {
        const v = a.values![counters[fi]];
        assignments[a.path] = v;
        setting = setPath(setting, a.segments, v);
      }
    });
    // (pointDocument below builds the same document from base + assignments + seed.)
    for (let replicate = 0; replicate < replicates; replicate++) {
      const index = points.length;
      const key = pointKey(assignments, replicate);
      const twin = byKey.get(key);
      if (twin !== undefined) {
        throw new ConfigError(
          `sweep: points ${twin} and ${index} set the same values (${describeAssignments(assignments)}); remove the repeated value from its axis.`,
          { path: 'sweep' },
        );
      }
      byKey.set(key, index);
      const seedSet = 'seed' in assignments;
      const derived = pointSeed(sweepSeed, key);
      const document = seedSet ? setting : { ...(setting as Record<string, unknown>), seed: derived };
      // Replicates differ only in the derived seed (always a valid uint32): validate once per setting.
      if (replicate === 0) {
        try {
          validateExperiment(document);
        } catch (error) {
          if (error instanceof LazyrichError) {
            throw new ConfigError(`sweep point ${index} (${describeAssignments(assignments)}): ${error.message}`, { path: error.path ?? 'sweep', cause: error });
          }
          throw error;
        }
      }
      const seed = seedSet ? (assignments.seed as number) : derived;
      points.push({ index, key, assignments: { ...assignments }, replicate, seed, document });
    }
  }

  const sweepId = digestOf({ base, sweep, seed: sweepSeed });
  return { sweepId, base, paths: axes.map((a) => a.path), points, sweep, seed: sweepSeed };
}
