/**
 * Defines one test per `@example` of the doc comments of src/ (named `<file>:<line>`): it runs the
 * example and checks the results it states. The conventions (scope, `// → value`, `// prints`,
 * `// throws`) are in ./doc-examples.ts. Used by examples-in-docs.test.ts (everything but the
 * examples that run a whole experiment) and examples-in-docs-slow.test.ts (those).
 */
import { after, describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { join } from 'node:path';
import * as api from '../../src/index.js';
import { ROOT, compile, extractExamples, mismatch, parseExpected, printedMismatch, resolveImport, sourceFiles, type DocExample } from './doc-examples.js';

/**
 * Slow examples: they run a registered experiment at its 'quick' budget (seconds to a minute each on
 * a loaded 2-core machine), or build the web explorer, so they get their own test file.
 */
export function isSlowExample(ex: DocExample): boolean {
  return /budget: 'quick'|budget: 'paper'|\.run\(\{|runReproduce\(|buildExplorerApp\(/.test(ex.code);
}

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
// LAZYRICH_EXAMPLES=<regexp> runs only the examples of matching files (while fixing examples).
const only = process.env.LAZYRICH_EXAMPLES ? new RegExp(process.env.LAZYRICH_EXAMPLES) : undefined;
const allExamples = sourceFiles().flatMap((f) => extractExamples(f));

/**
 * Files whose examples need a browser: their tests are registered as skipped, with the reason (the
 * explorer's Chromium end-to-end tests run that code). Everything else runs under Node.
 */
const BROWSER_ONLY: [RegExp, string][] = [
  [/\.svelte\.ts$/, 'browser only: Svelte runes ($state, $effect) exist only in code compiled by Svelte'],
  [/^src\/web\/app\/worker\/client\.ts$/, 'browser only: creates a Web Worker'],
  [/^src\/web\/app\/views\/phase\/progress-worker\.ts$/, 'browser only: runs in, or creates, a Web Worker'],
];

/** Defines the tests of the examples `select` picks (and a sanity check on the whole set). */
export function describeExamples(title: string, select: (ex: DocExample) => boolean, timeout: number): void {
  const examples = allExamples.filter((ex) => select(ex) && (only === undefined || only.test(ex.file)));
  // Examples that write files write them into a scratch folder (git-ignored .lazyrich-tmp/, inside the
  // repository so that worker threads started with this process's `--import tsx` still resolve tsx).
  mkdirSync(join(ROOT, '.lazyrich-tmp'), { recursive: true });
  const scratch = mkdtempSync(join(ROOT, '.lazyrich-tmp', 'examples-'));
  process.chdir(scratch);
  after(() => rmSync(scratch, { recursive: true, force: true }));
  describe(title, () => {
  it('finds the examples (sanity check of the extractor)', () => {
    assert.ok(allExamples.length > 300, `only ${allExamples.length} examples found in src/`);
  });

  for (const ex of examples) {
    const browserOnly = BROWSER_ONLY.find(([re]) => re.test(ex.file))?.[1];
    it(`${ex.file}:${ex.line}`, { timeout, ...(browserOnly ? { skip: browserOnly } : {}) }, async () => {
      process.chdir(mkdtempSync(join(scratch, 'example-'))); // each example starts in an empty folder
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
          // `// throws Name (remark)`: the remark is prose; quotes and a trailing ellipsis are dropped.
          const want = expectedText.trim().replace(/\s+\([^()]*\)$/, '').replace(/^["'`]|["'`]$/g, '').replace(/…["'`]?$/, '').trim();
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
}
