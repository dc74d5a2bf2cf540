/**
 * The public API (src/index.ts and the Node entry src/index.node.ts), read with the TypeScript
 * compiler API:
 * - every symbol exported through it, namespace by namespace, has a doc comment (a namespace's doc
 *   is the `@module` comment of its file);
 * - the namespace list is the documented one, and the main entry stays pure (nothing from the CLI,
 *   the native backend or `*.node.ts` files);
 * - known internals (micro-kernels, private helpers, validation helpers) are not exported;
 * - what the checker sees is what Node loads at run time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import ts from 'typescript';

const ROOT = new URL('../../', import.meta.url).pathname;
const MAIN = `${ROOT}src/index.ts`;
const NODE = `${ROOT}src/index.node.ts`;

const NAMESPACES = [
  'config',
  'errors',
  'experiments',
  'init',
  'io',
  'linalg',
  'metrics',
  'models',
  'ode',
  'plot',
  'random',
  'tasks',
  'theory',
  'train',
];
const THEORY = ['connectivity', 'lazyToRich', 'mixed', 'singleNeuron', 'threeMechanisms'];

/** Internals that exist in src/ but must not be part of the public API. */
const INTERNALS = [
  'assertFinite',
  'assertFiniteVector',
  'assertSymmetric',
  'copyInto',
  'oneNormUnchecked',
  'estimateOneNorm',
  'scaledTwoNorm',
  'philox4x32',
  'deterministicLog',
  'createNativeBackend',
  'loadBlasLapack',
  'LinearGradientWorkspace',
  'checkTaskFits',
  'layersOf',
  'isExactIdentity',
  'issuesToConfigError',
  'issueMessage',
  'editDistance',
  'closestMatch',
  'formatPath',
  'lineColumn',
  'detectFormat',
  'checkRates',
  'checkVector',
  'checkScalar',
  'assembleQQt',
  'analyseInit',
  'checkBalancedShape',
  'checkMixedWidth',
  'checkMixedWeights',
  'validateScalarWidthParams',
  'mlpBackward',
  'ctrnnBackward',
];

interface ExportedSymbol {
  /** Dotted path from the entry, e.g. `theory.lazyToRich.exactSolution`. */
  name: string;
  symbol: ts.Symbol;
  /** Source file of the (first) declaration, relative to the repository. */
  file: string;
  isModule: boolean;
}

const program = ts.createProgram([MAIN, NODE], {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
});
const checker = program.getTypeChecker();

function resolve(symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function isModuleSymbol(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => ts.isSourceFile(d));
}

/** Walks the exports of a module symbol; namespaces (re-exported modules) are walked recursively. */
function walk(moduleSymbol: ts.Symbol, prefix: string, out: ExportedSymbol[]): void {
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = resolve(exported);
    const name = prefix === '' ? exported.name : `${prefix}.${exported.name}`;
    const decl = target.declarations?.[0];
    const file = decl ? relative(ROOT, decl.getSourceFile().fileName) : '?';
    const isModule = isModuleSymbol(target);
    out.push({ name, symbol: target, file, isModule });
    if (isModule) walk(target, name, out);
  }
}

function entryExports(path: string): ExportedSymbol[] {
  const sf = program.getSourceFile(path);
  assert.ok(sf, `${path} is in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  assert.ok(moduleSymbol, `${path} is a module`);
  const out: ExportedSymbol[] = [];
  walk(moduleSymbol, '', out);
  return out;
}

/** The leading `/** … *\/` comment of a file, when it is a module comment. */
function moduleComment(file: ts.SourceFile): string {
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(file.text);
  if (!m || !/@module|@packageDocumentation/.test(m[1])) return '';
  return m[1].replace(/@module|@packageDocumentation/g, '').replace(/^\s*\*/gm, '').trim();
}

function docOf(entry: ExportedSymbol): string {
  if (entry.isModule) {
    const sf = entry.symbol.declarations!.find((d) => ts.isSourceFile(d)) as ts.SourceFile;
    return moduleComment(sf);
  }
  const text = ts.displayPartsToString(entry.symbol.getDocumentationComment(checker)).trim();
  if (text !== '') return text;
  // A declaration whose comment is only tags (e.g. `@example`) is documented too.
  return entry.symbol.getJsDocTags(checker).length > 0 ? '(tags only)' : '';
}

const mainExports = entryExports(MAIN);
const nodeExports = entryExports(NODE);

describe('public API: every export is documented', () => {
  it('walks a substantial API (sanity check of the walker)', () => {
    assert.ok(mainExports.length > 300, `only ${mainExports.length} symbols found through src/index.ts`);
    assert.ok(nodeExports.length > 10, `only ${nodeExports.length} symbols found through src/index.node.ts`);
    assert.ok(mainExports.some((e) => e.name === 'theory.lazyToRich.exactSolution'));
  });

  it('every symbol exported through src/index.ts and src/index.node.ts has a doc comment', () => {
    const missing = [...mainExports, ...nodeExports]
      .filter((e) => docOf(e) === '')
      .map((e) => `${e.name} (${e.file})`);
    assert.deepEqual(missing, [], `exports without a doc comment:\n  ${missing.join('\n  ')}`);
  });
});

describe('public API: shape', () => {
  it('src/index.ts exports exactly the documented namespaces, and theory its five papers', () => {
    const top = mainExports.filter((e) => !e.name.includes('.'));
    assert.deepEqual(top.map((e) => e.name).sort(), NAMESPACES);
    assert.ok(top.every((e) => e.isModule), 'every top-level export of src/index.ts is a namespace');
    const theory = mainExports.filter((e) => /^theory\.[^.]+$/.test(e.name));
    assert.deepEqual(theory.map((e) => e.name.slice('theory.'.length)).sort(), THEORY);
  });

  it('no known internal is exported', () => {
    const leaked = [...mainExports, ...nodeExports].filter((e) => INTERNALS.includes(e.name.split('.').pop()!));
    assert.deepEqual(leaked.map((e) => `${e.name} (${e.file})`), []);
  });

  it('the main entry is pure: nothing from src/cli, src/store, src/web, the native backend or *.node.ts', () => {
    const impure = mainExports.filter((e) => /^src\/(cli|store|web|linalg\/native)\/|\.node\.ts$/.test(e.file));
    assert.deepEqual(impure.map((e) => `${e.name} (${e.file})`), []);
  });

  it('the Node entry exports only Node-only modules (files, PNG, native backend)', () => {
    const misplaced = nodeExports.filter((e) => !/\.node\.ts$|^src\/linalg\/native\//.test(e.file));
    assert.deepEqual(misplaced.map((e) => `${e.name} (${e.file})`), []);
  });

  it('package.json exports one subpath per namespace (and ./node), each with its types, built from src/api/<name>.ts', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      exports: Record<string, string | { types: string; default: string }>;
      main: string;
      types: string;
      files: string[];
    };
    assert.deepEqual(Object.keys(pkg.exports).sort(), ['.', './node', './package.json', ...NAMESPACES.map((n) => `./${n}`)].sort());
    assert.deepEqual(pkg.exports['.'], { types: './dist/lib/index.d.ts', default: './dist/lib/index.js' });
    assert.deepEqual(pkg.exports['./node'], { types: './dist/lib/index.node.d.ts', default: './dist/lib/index.node.js' });
    for (const n of NAMESPACES) {
      assert.deepEqual(pkg.exports[`./${n}`], { types: `./dist/lib/api/${n}.d.ts`, default: `./dist/lib/api/${n}.js` });
      assert.ok(existsSync(`${ROOT}src/api/${n}.ts`), `src/api/${n}.ts`);
    }
    assert.equal(pkg.main, './dist/lib/index.js');
    assert.equal(pkg.types, './dist/lib/index.d.ts');
    assert.ok(!pkg.files.some((f) => /^(test|bench|tools|scripts)\b/.test(f)), 'files stays narrow');
  });

  it('what Node loads at run time is what the type checker sees (values)', async () => {
    const api = (await import('../../src/index.js')) as Record<string, unknown>;
    const runtime: string[] = [];
    const visit = (obj: Record<string, unknown>, prefix: string): void => {
      for (const key of Object.keys(obj)) {
        const name = prefix === '' ? key : `${prefix}.${key}`;
        runtime.push(name);
        const v = obj[key];
        // Namespaces are module namespace objects (null prototype, Symbol.toStringTag 'Module').
        if (v !== null && typeof v === 'object' && (v as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Module') {
          visit(v as Record<string, unknown>, name);
        }
      }
    };
    visit(api, '');
    const values = mainExports
      .filter((e) => e.isModule || (e.symbol.flags & ts.SymbolFlags.Value) !== 0)
      .map((e) => e.name);
    assert.deepEqual(runtime.sort(), values.sort());
  });
});
