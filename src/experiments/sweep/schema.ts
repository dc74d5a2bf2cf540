/**
 * The zod schema of the `sweep` section of an experiment document (syntax in ./types.ts).
 *
 * An axis is `{ path, values }`, `{ path, linspace: { start, stop, num, endpoint? } }` or
 * `{ path, logspace: { start, stop, num, base?, endpoint? } }` (NumPy's `linspace`/`logspace`: the
 * logspace exponents run from `start` to `stop`, the values are base^exponent, base 10 by
 * default); a zip group is `{ zip: [axis, …] }`, whose axes are paired elementwise and crossed with
 * the others. Every object is strict, so a misspelt key gets a "did you mean" suggestion from the
 * config error messages (src/config/errors.ts). One schema describes both forms of an entry (a
 * union would give poor messages); its refinement says which keys go together.
 * @module
 */
import { z } from 'zod';
import { positive, positiveInt, seed } from '../../config/primitives.js';

/** The largest number of points a sweep may expand to (points × replicates). */
export const MAX_SWEEP_POINTS = 1_000_000;

/** The expansion modes: `cross` (Cartesian product of the axes, the first axis slowest) or `zip` (axes paired elementwise). */
export const SWEEP_MODES = ['cross', 'zip'] as const;

/** `num` of a linspace/logspace: an integer ≥ 0 (0 is refused with a sentence naming the axis). */
const count = () => z.number().int().nonnegative();

/** NumPy's `linspace(start, stop, num, endpoint)`: `num` evenly spaced values; `stop` included unless `endpoint: false`. */
export const linspaceSchema = z.strictObject({
  start: z.number(),
  stop: z.number(),
  num: count(),
  endpoint: z.boolean().optional(),
});

/** NumPy's `logspace(start, stop, num, endpoint, base)`: base^linspace(start, stop, num), base 10 by default. */
export const logspaceSchema = z.strictObject({
  start: z.number(),
  stop: z.number(),
  num: count(),
  base: positive().optional(),
  endpoint: z.boolean().optional(),
});

const AXIS_SOURCES = ['values', 'linspace', 'logspace'] as const;

function sourceIssues(axis: Record<string, unknown>, ctx: z.RefinementCtx, where: (string | number)[]): void {
  const given = AXIS_SOURCES.filter((k) => axis[k] !== undefined);
  if (given.length === 0) {
    ctx.addIssue({ code: 'custom', path: [...where, 'values'], message: 'an axis needs its values: "values": [...], "linspace": {start, stop, num} or "logspace": {start, stop, num}' });
  } else if (given.length > 1) {
    ctx.addIssue({ code: 'custom', path: [...where, given[1]], message: `an axis takes one of values, linspace, logspace, got both ${given[0]} and ${given[1]}` });
  }
  for (const k of ['linspace', 'logspace'] as const) {
    const spec = axis[k] as { num?: number } | undefined;
    if (spec?.num === 0) {
      ctx.addIssue({ code: 'custom', path: [...where, k, 'num'], message: `num = 0 makes the axis ${typeof axis.path === 'string' ? `"${axis.path}" ` : ''}empty; use num ≥ 1` });
    }
  }
  if (Array.isArray(axis.values) && axis.values.length === 0) {
    ctx.addIssue({ code: 'custom', path: [...where, 'values'], message: `the axis ${typeof axis.path === 'string' ? `"${axis.path}" ` : ''}has no values; give at least one` });
  }
}

/** One axis: a config path and its values (a list, a linspace or a logspace). */
export const axisSchema = z
  .strictObject({
    path: z.string().min(1).describe('Dotted config path, e.g. "init.lambda" or "model.widths.1" (array index); fields the document omits but its schema allows (e.g. "init.seed") may be set.'),
    values: z.array(z.unknown()).optional().describe('The values, in order (any JSON values).'),
    linspace: linspaceSchema.optional().describe('NumPy linspace: num values from start to stop (stop included unless endpoint: false).'),
    logspace: logspaceSchema.optional().describe('NumPy logspace: base^e for num exponents e from start to stop (base 10 by default).'),
  })
  .superRefine((axis, ctx) => sourceIssues(axis, ctx, []));

/** An entry of `sweep.axes`: an axis, or `{ zip: [axis, …] }`, a group of axes paired elementwise (crossed with the rest). */
export const axisEntrySchema = z
  .strictObject({
    path: z.string().min(1).optional().describe('Dotted config path of this axis (absent for a zip group).'),
    values: z.array(z.unknown()).optional(),
    linspace: linspaceSchema.optional(),
    logspace: logspaceSchema.optional(),
    zip: z.array(axisSchema).min(1).optional().describe('A group of axes of equal length paired elementwise, crossed with the other axes.'),
  })
  .superRefine((entry, ctx) => {
    if (entry.zip !== undefined) {
      const extra = (['path', ...AXIS_SOURCES] as const).find((k) => entry[k] !== undefined);
      if (extra) ctx.addIssue({ code: 'custom', path: [extra], message: 'a zip group holds only "zip": [axis, …]; move this key into one of its axes' });
      return;
    }
    if (entry.path === undefined) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'missing required field; expected a config path such as "init.lambda" (or a zip group {"zip": [...]})' });
      return;
    }
    sourceIssues(entry, ctx, []);
  });

/** The `sweep` section: which config paths take which values, how they combine, and the sweep seed. */
export const sweepSchema = z
  .strictObject({
    seed: seed().optional().describe('Sweep seed: every point seed derives from it and the point (default: the document seed, else 0).'),
    mode: z.enum(SWEEP_MODES).optional().describe('cross (default): Cartesian product of the axes, first axis slowest; zip: all axes paired elementwise.'),
    replicates: positiveInt().optional().describe('Runs per setting, each with its own derived seed (default 1).'),
    axes: z.array(axisEntrySchema).optional().describe('The axes: {path, values|linspace|logspace} or {zip: [axis, …]}.'),
  })
  .meta({ title: 'sweep', description: 'A parameter sweep over this document: `lazyrich sweep` expands it into one document per point (without this section).' });

/** A validated `sweep` section. */
export type SweepDocument = z.infer<typeof sweepSchema>;

/** One validated axis. */
export type AxisDocument = z.infer<typeof axisSchema>;
