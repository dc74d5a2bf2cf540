/**
 * The guides in docs/ stay true: every relative link resolves to a file (and an in-page anchor
 * `#x` to a heading or an explicit id of that file), every `lazyrich …` command line names a
 * command that exists with options it accepts (and `reproduce <id>` a registered experiment), and
 * every API name written as `namespace.name` (e.g. `theory.lazyToRich.exactSolution`) resolves in
 * the public entry src/index.ts (`node.name` in src/index.node.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildProgram, type CliContext } from '../../src/cli/main.js';
import { experiments } from '../../src/experiments/registry.js';
import * as api from '../../src/index.js';
import * as nodeApi from '../../src/index.node.js';

const root = new URL('../..', import.meta.url).pathname;
const docsDir = join(root, 'docs');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? markdownFiles(p) : name.endsWith('.md') ? [p] : [];
  });
}

const files = markdownFiles(docsDir);

/** GitHub-style heading anchors and explicit ids of a Markdown file. */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    out.add(m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-'));
  }
  for (const m of text.matchAll(/\bid="([^"]+)"/g)) out.add(m[1]);
  return out;
}

/** Text outside fenced code blocks. */
function prose(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '');
}

describe('docs/ guides', () => {
  it('has the guides the issue asks for', () => {
    const names = files.map((f) => relative(docsDir, f)).sort();
    for (const n of ['getting-started.md', 'theory-vs-simulation.md', 'configuration.md', 'papers/lazy-to-rich.md', 'papers/mixed.md', 'papers/three-mechanisms.md', 'papers/connectivity.md', 'papers/kunin.md']) {
      assert.ok(names.includes(n), n);
    }
  });

  it('every relative link resolves (files, images and anchors)', () => {
    let checked = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of prose(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/i.test(target)) continue; // http(s):, mailto:
        const [path, hash] = target.split('#');
        const dest = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
        assert.ok(existsSync(dest), `${relative(root, file)}: broken link ${target}`);
        if (hash && dest.endsWith('.md')) assert.ok(anchors(readFileSync(dest, 'utf8')).has(hash), `${relative(root, file)}: no anchor #${hash} in ${path || 'this file'}`);
        checked++;
      }
    }
    assert.ok(checked > 20, `only ${checked} links checked`);
  });

  it('every lazyrich command line names an existing command with options it accepts', () => {
    const ctx = { io: { out: () => {}, err: () => {} }, env: {}, backend: () => ({}) as never } as unknown as CliContext;
    const program = buildProgram(ctx);
    const globalOptions = new Set(program.options.flatMap((o) => [o.long, o.short]).filter(Boolean) as string[]);
    const ids = new Set(experiments.map((e) => e.id));
    let checked = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const lines = [
        ...[...text.matchAll(/```(?:sh|bash|console)?\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n')),
        ...[...prose(text).matchAll(/`((?:npx )?lazyrich [^`]+)`/g)].map((m) => m[1]),
      ];
      for (const raw of lines) {
        const line = raw.replace(/^\$\s+/, '').replace(/\s+#.*$/, '').trim();
        const m = line.match(/^(?:npx\s+)?lazyrich\s+(.*)$/);
        if (!m) continue;
        const tokens = m[1].split(/\s+/).filter((t) => t !== '');
        const words = tokens.filter((t, i) => !t.startsWith('-') && !(i > 0 && tokens[i - 1].startsWith('--') && !tokens[i - 1].includes('=') && takesValue(tokens[i - 1])));
        function takesValue(flag: string): boolean {
          const all = [...program.options, ...program.commands.flatMap((c) => c.options)];
          const o = all.find((x) => x.long === flag || x.short === flag);
          return o !== undefined && (o.required || o.optional);
        }
        const name = words[0];
        if (name === undefined) continue; // `lazyrich --help`
        const cmd = program.commands.find((c) => c.name() === name || c.aliases().includes(name));
        assert.ok(cmd, `${relative(root, file)}: unknown command in "${line}"`);
        const known = new Set([...globalOptions, '--help', '-h', ...cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean) as string[]]);
        for (const t of tokens.filter((t) => t.startsWith('-'))) assert.ok(known.has(t.split('=')[0]), `${relative(root, file)}: "${line}": ${name} has no option ${t}`);
        if (name === 'reproduce') {
          const id = words[1];
          assert.ok(id === 'list' || id === 'all' || ids.has(id) || id?.startsWith('<'), `${relative(root, file)}: "${line}": no experiment ${id}`);
        }
        checked++;
      }
    }
    assert.ok(checked > 15, `only ${checked} command lines checked`);
  });

  it('every API name written as `namespace.name` exists in the public entry', () => {
    const namespaces = Object.keys(api);
    // configuration.md lists document fields (e.g. init.kind), not API names.
    let checked = 0;
    for (const file of files.filter((f) => !f.endsWith('configuration.md'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+)(?:\([^`]*\))?`/g)) {
        const parts = m[1].split('.');
        let obj: unknown;
        if (parts[0] === 'node') obj = nodeApi;
        else if (namespaces.includes(parts[0])) obj = api;
        else continue;
        const path = parts[0] === 'node' ? parts.slice(1) : parts;
        for (const p of path) {
          assert.ok(obj !== null && (typeof obj === 'object' || typeof obj === 'function') && p in (obj as object), `${relative(root, file)}: \`${m[1]}\` does not exist (no "${p}")`);
          obj = (obj as Record<string, unknown>)[p];
        }
        checked++;
      }
    }
    assert.ok(checked > 30, `only ${checked} API names checked`);
  });
});
