/**
 * Every function of the `theory` namespaces documents what a researcher asks first: an `@example`,
 * the paper's section / equation / theorem it implements, and — when it takes a time — the time
 * units (t/τ). Read with the TypeScript compiler API from src/index.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import ts from 'typescript';

const ROOT = new URL('../../', import.meta.url).pathname;
const program = ts.createProgram([`${ROOT}src/index.ts`], {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
});
const checker = program.getTypeChecker();
const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

interface TheoryFunction {
  name: string;
  where: string;
  doc: string;
  timeParameter: boolean;
}

function theoryFunctions(): TheoryFunction[] {
  const main = checker.getSymbolAtLocation(program.getSourceFile(`${ROOT}src/index.ts`)!)!;
  const theory = resolve(checker.getExportsOfModule(main).find((s) => s.name === 'theory')!);
  const out: TheoryFunction[] = [];
  for (const paper of checker.getExportsOfModule(theory)) {
    for (const e of checker.getExportsOfModule(resolve(paper))) {
      const f = resolve(e);
      if (!(f.flags & ts.SymbolFlags.Function)) continue;
      const decl = f.declarations![0] as ts.FunctionDeclaration;
      const doc = ts.getJSDocCommentsAndTags(decl).map((j) => j.getText()).join('\n');
      const sf = decl.getSourceFile();
      out.push({
        name: `theory.${paper.name}.${e.name}`,
        where: `${relative(ROOT, sf.fileName)}:${sf.getLineAndCharacterOfPosition(decl.getStart()).line + 1}`,
        doc,
        timeParameter: decl.parameters.some((p) => /^(t|times|tEnd|time|x)$/.test(p.name.getText())),
      });
    }
  }
  return out;
}

const fns = theoryFunctions();

describe('theory functions: documented as the issue asks', () => {
  it('finds the theory functions of the five papers', () => {
    assert.ok(fns.length > 60, `only ${fns.length} theory functions`);
    for (const paper of ['lazyToRich', 'mixed', 'threeMechanisms', 'connectivity', 'singleNeuron']) {
      assert.ok(fns.some((f) => f.name.startsWith(`theory.${paper}.`)), paper);
    }
  });

  it('each has an @example', () => {
    const missing = fns.filter((f) => !/@example/.test(f.doc)).map((f) => `${f.name} (${f.where})`);
    assert.deepEqual(missing, []);
  });

  it('each names the paper section, equation, theorem or figure it implements', () => {
    const missing = fns.filter((f) => !/§|\bEq\.|\bequation\b|Theorem|Proposition|Lemma|Fig\.|\(\d+\)/.test(f.doc)).map((f) => `${f.name} (${f.where})`);
    assert.deepEqual(missing, []);
  });

  it('each that takes a time states its units (t/τ)', () => {
    const missing = fns.filter((f) => f.timeParameter && !/τ/.test(f.doc)).map((f) => `${f.name} (${f.where})`);
    assert.deepEqual(missing, []);
  });
});
