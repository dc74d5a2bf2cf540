/**
 * The core is pure: everything under src/ except the Node-only places (cli/, store/, web/,
 * linalg/native/, and files named *.node.ts) must run unchanged in a browser or worker. This test
 * reads the sources and fails on the usual ways purity is lost: importing a `node:` module or a
 * Node-only package, touching `process`, writing to the console, or drawing from Math.random.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = new URL('../../src/', import.meta.url).pathname;
const NODE_ONLY_DIRS = ['cli/', 'store/', 'web/', 'linalg/native/'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+['"]node:/, 'imports a node: module'],
  [/from\s+['"](fs|path|os|child_process|worker_threads|koffi|@resvg\/resvg-js|better-sqlite3|piscina)['"]/, 'imports a Node-only package'],
  [/\bprocess\.(env|argv|stdout|stderr|exit|cwd)/, 'touches process'],
  [/\bconsole\.(log|error|warn|info|debug)\(/, 'writes to the console'],
  [/Math\.random\(/, 'draws from Math.random (use a seeded stream)'],
  [/\brequire\(/, 'uses require()'],
];

describe('core purity', () => {
  const files = sources(SRC)
    .map((f) => relative(SRC, f))
    .filter((f) => !NODE_ONLY_DIRS.some((d) => f.startsWith(d)) && !f.endsWith('.node.ts'));

  it('finds the core sources', () => {
    assert.ok(files.length > 10, `only ${files.length} core files found`);
  });

  for (const file of files) {
    it(`${file} is pure`, () => {
      // Strip comments so doc text may mention these names.
      const code = readFileSync(join(SRC, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      for (const [pattern, what] of FORBIDDEN) {
        assert.doesNotMatch(code, pattern, `${file} ${what}`);
      }
    });
  }

  it('no core file imports a Node-only module of the project', () => {
    for (const file of files) {
      const code = readFileSync(join(SRC, file), 'utf8');
      assert.doesNotMatch(code, /from\s+['"][^'"]*(\/native\/|\.node\.js|\/cli\/|\/store\/)['"]/, `${file} imports a Node-only module`);
    }
  });
});
