/**
 * The API reference builds: `npm run docs` (TypeDoc with `treatWarningsAsErrors`, `notExported` and
 * `invalidLink` validation; typedoc.json) exits 0 with no warning, and writes dist/docs with a page
 * per namespace. Slow (~30–60 s on a loaded 2-core machine): it runs the whole TypeDoc conversion
 * once; it is the only test in this file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

test('TypeDoc builds the API reference with zero warnings (slow: ~30-60 s)', { timeout: 240_000 }, () => {
  // Build into a temporary directory so the test neither needs nor clobbers dist/docs.
  const out = mkdtempSync(join(tmpdir(), 'lazyrich-docs-'));
  try {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--options', 'typedoc.json', '--out', out],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const log = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(r.status, 0, `typedoc failed:\n${log}`);
    assert.doesNotMatch(log, /\[warning\]|\[error\]/, `typedoc reported problems:\n${log}`);
    assert.ok(existsSync(join(out, 'index.html')));
    // One page per namespace of the public API, and the theory namespaces under theory.
    for (const ns of ['linalg', 'random', 'ode', 'tasks', 'init', 'models', 'train', 'theory', 'metrics', 'experiments', 'config', 'plot', 'io', 'errors']) {
      assert.ok(existsSync(join(out, 'modules', `lazyrich.${ns}.html`)), `no page for namespace ${ns}`);
    }
    assert.ok(existsSync(join(out, 'modules', 'lazyrich_node.html')), 'no page for lazyrich/node');
    const theory = readFileSync(join(out, 'modules', 'lazyrich.theory.html'), 'utf8');
    for (const paper of ['lazyToRich', 'mixed', 'threeMechanisms', 'connectivity', 'singleNeuron']) {
      assert.match(theory, new RegExp(paper), `theory page does not list ${paper}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
