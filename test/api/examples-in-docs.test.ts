/**
 * Every `@example` in the doc comments of src/ runs, and the results it states are checked, so the
 * documentation cannot rot. The conventions (scope, `// → value`, `// prints`, `// throws`) are in
 * ./doc-examples.ts. Each example is one test named `<file>:<line>`.
 */
import { after, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { join, relative } from 'node:path';
import * as api from '../../src/index.js';
import { ROOT, SRC, compile, extractExamples, mismatch, parseExpected, printedMismatch, resolveImport, sourceFiles } from './doc-examples.js';

/** Directories whose examples are not run here, with the reason. */
const SKIPPED_DIRS: [string, string][] = [];

/** The public API flattened: namespaces and their values by plain name (first namespace wins). */
function flatScope(): Map<string, unknown> {
  const scope = new Map<string, unknown>();
  const visit = (obj: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(obj)) {
      if (!scope.has(k)) scope.set(k, v);
      if (v !== null && typeof v === 'object' && (v as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Module') {
        visit(v as Record<string, unknown>);
      }
    }
  };
  visit(api as unknown as Record<string, unknown>);
  return scope;
}

const API_SCOPE = flatScope();
// Examples that write files write them into a scratch folder, not into the repository.
const SCRATCH = mkdtempSync(join(tmpdir(), 'lazyrich-examples-'));
process.chdir(SCRATCH);
after(() => rmSync(SCRATCH, { recursive: true, force: true }));
const files = sourceFiles().filter((f) => !SKIPPED_DIRS.some(([d]) => relative(SRC, f).startsWith(d)));
// LAZYRICH_EXAMPLES=<regexp> runs only the examples of matching files (while fixing examples).
const only = process.env.LAZYRICH_EXAMPLES ? new RegExp(process.env.LAZYRICH_EXAMPLES) : undefined;
const examples = files.filter((f) => only === undefined || only.test(relative(ROOT, f))).flatMap((f) => extractExamples(f));

describe('@example blocks in doc comments', () => {
  it('finds the examples (sanity check of the extractor)', () => {
    assert.ok(only !== undefined || examples.length > 300, `only ${examples.length} examples found`);
  });

  for (const ex of examples) {
    it(`${ex.file}:${ex.line}`, { timeout: 60_000 }, async () => {
      const own = (await import(pathToFileURL(`${ROOT}${ex.file}`).href)) as Record<string, unknown>;
      const scope = new Map(API_SCOPE);
      for (const [k, v] of Object.entries(own)) scope.set(k, v);
      const printed: string[] = [];
      const failures: string[] = [];
      const helpers: Record<string, unknown> = {
        __import: (spec: string, file: string) => import(resolveImport(spec, file)),
        __printed: printed,
        __check: (actual: unknown, expectedText: string, at: string) => {
          const why = mismatch(actual, parseExpected(expectedText));
          if (why) failures.push(`${at}: ${why}`);
        },
        __checkPrinted: (expectedText: string, at: string) => {
          const why = printedMismatch(printed.join('\n'), expectedText);
          if (why) failures.push(`${at}: ${why}`);
        },
        __throws: async (f: () => Promise<void>, expectedText: string, at: string) => {
          const want = expectedText.trim().replace(/^["'`]|["'`]$/g, '').replace(/…["'`]?$/, '').trim();
          try {
            await f();
          } catch (e) {
            const err = e as Error;
            if (!(err?.name ?? '').includes(want) && !(err?.message ?? '').includes(want) && !(err?.constructor?.name ?? '').includes(want)) {
              failures.push(`${at}: threw ${err?.name}: ${err?.message}, expected ${JSON.stringify(want)}`);
            }
            return;
          }
          failures.push(`${at}: did not throw (expected ${JSON.stringify(want)})`);
        },
        console: {
          ...console,
          log: (...args: unknown[]) => printed.push(format(...args)),
          info: (...args: unknown[]) => printed.push(format(...args)),
        },
      };
      for (const [k, v] of Object.entries(helpers)) scope.set(k, v);
      const names = [...scope.keys()].filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
      const fn = compile(ex, names);
      await fn(...names.map((k) => scope.get(k)));
      assert.deepEqual(failures, [], failures.join('\n'));
    });
  }
});
