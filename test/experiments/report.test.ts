/**
 * The pure builders of the one reproduction report (src/experiments/report.ts) on hand-made
 * results: every check becomes a table row (failing first), the counts, escaping of hostile text
 * in Markdown and HTML, and a self-contained HTML page (inline CSS, figures inlined as <svg>, no
 * external source, no script).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeMarkdown,
  formatSeconds,
  inlineSvg,
  reportSummary,
  reproductionReportHtml,
  reproductionReportMarkdown,
  type ReproductionReport,
} from '../../src/experiments/report.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { linePlot } from '../../src/plot/index.js';

function result(id: string, checks: [string, boolean][], extra: Partial<ExperimentResult> = {}): ExperimentResult {
  return {
    id,
    title: `Title of ${id}`,
    figures: [{ name: 'fig', caption: `caption of ${id}`, svg: linePlot({ series: [{ x: [0, 1, 2], y: [2, 1, id.length], label: id }] }) }],
    tables: [],
    checks: checks.map(([name, pass], i) => ({ name, paper: `paper ${i}`, ours: `ours ${i}`, tolerance: `tol ${i}`, pass })),
    notes: [`note of ${id}`],
    ...extra,
  };
}

function report(): ReproductionReport {
  return {
    metadata: { date: '2026-11-25T18:00:00.000Z', budget: 'quick', seed: 3, version: '9.9.9', backend: 'js (forced)', cores: 2, totalSeconds: 125.5, node: 'v20.19.0', command: 'lazyrich reproduce all' },
    entries: [
      { id: 'a/one', title: 'One', reproduces: 'Paper A, Fig. 1', seconds: 1.5, result: result('a/one', [['a1 ok', true], ['a2 bad', false], ['a3 ok', true]]) },
      { id: 'b/two', title: 'Two', reproduces: 'Paper B, Fig. 2', seconds: 100.25, cpuSeconds: 50, result: result('b/two', [['b1 ok', true]]) },
      { id: 'c/three', title: 'Three', reproduces: 'Paper C, §4', seconds: 0.5, error: 'ran out of patience' },
      { id: 'd/four', title: 'Four', reproduces: 'Paper D', seconds: 2, result: result('d/four', [['d1 bad', false]]) },
    ],
  };
}

describe('reportSummary', () => {
  it('counts every check, an experiment that threw as one failing check, and orders failing rows first', () => {
    const s = reportSummary(report());
    assert.equal(s.total, 3 + 1 + 1 + 1);
    assert.equal(s.passed, 3);
    assert.equal(s.experiments, 4);
    assert.equal(s.experimentsPassed, 1);
    assert.equal(s.sumSeconds, 1.5 + 100.25 + 0.5 + 2);
    assert.deepEqual(s.rows.map((r) => `${r.experiment}:${r.name}`), [
      'a/one:a2 bad', 'c/three:experiment ran', 'd/four:d1 bad', 'a/one:a1 ok', 'a/one:a3 ok', 'b/two:b1 ok',
    ]);
    assert.deepEqual(s.failing, s.rows.slice(0, 3));
    assert.match(s.rows[1].ours, /ran out of patience/);
  });
});

describe('reproductionReportMarkdown', () => {
  const md = reproductionReportMarkdown(report());
  it('has the metadata, the summary and a row for every check with paper, ours, tolerance and verdict', () => {
    assert.match(md, /^# lazyrich reproduction report\n/);
    assert.match(md, /\*\*3\/6 checks passed\*\* in 4 experiments \(1 with every check passed\)/);
    for (const [k, v] of [['Date', '2026-11-25T18:00:00.000Z'], ['Budget', 'quick'], ['Seed', '3'], ['lazyrich version', '9.9.9'], ['Backend', 'js (forced)'], ['Machine cores', '2'], ['Total wall time', '2 min 06 s']]) {
      assert.ok(md.includes(`| ${k} | ${v} |`), `${k} row`);
    }
    assert.ok(md.includes('| a/one | a2 bad | paper 1 | ours 1 | tol 1 | **NO** |'));
    assert.ok(md.includes('| a/one | a1 ok | paper 0 | ours 0 | tol 0 | yes |'));
    const table = md.slice(md.indexOf('## Paper vs lazyrich'));
    const rows = table.split('\n').filter((l) => /^\| [a-d]\//.test(l));
    assert.equal(rows.length, 6);
    assert.deepEqual(rows.map((r) => r.endsWith('**NO** |')), [true, true, true, false, false, false], 'failing first');
  });

  it('lists the failing checks in the summary before the passing experiments, and each experiment with its wall time', () => {
    const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Paper vs lazyrich'));
    assert.match(summary, /3 failing checks:\n\n- \*\*a\/one\*\*: a2 bad — ours ours 1, paper paper 1, tolerance tol 1\n- \*\*c\/three\*\*/);
    assert.ok(summary.includes('| [b/two](b/two/report.md) | Paper B, Fig. 2 | 1/1 | 100.3 s | 50.0 s |'));
    assert.ok(summary.includes('| [c/three](c/three/report.md) | Paper C, §4 | error | 0.50 s | — |'), 'no CPU time measured');
  });

  it('links each figure by its relative path and lists the notes', () => {
    assert.ok(md.includes('![caption of a/one](a/one/fig.svg)'));
    assert.ok(md.includes('- note of b/two'));
    assert.ok(md.includes('The experiment stopped with an error: ran out of patience'));
  });

  it('escapes table-breaking and markup characters of the results', () => {
    const r = report();
    (r.entries[0].result as ExperimentResult).checks[0] = { name: 'a | b\nc', paper: '<b>x</b>', ours: '`1`*2*', tolerance: '[l](u)', pass: true };
    const text = reproductionReportMarkdown(r);
    assert.ok(text.includes('| a/one | a \\| b c | \\<b\\>x\\</b\\> | \\`1\\`\\*2\\* | \\[l\\](u) | yes |'));
    assert.equal(escapeMarkdown('x_y\\z'), 'x\\_y\\\\z');
  });
});

describe('reproductionReportHtml', () => {
  it('is one self-contained page: inline CSS, every figure inlined as <svg>, no external source or script', () => {
    const r = report();
    const html = reproductionReportHtml(r);
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<style>[^<]+<\/style>/);
    assert.doesNotMatch(html, /src="http/);
    assert.doesNotMatch(html, /<link\b|<script\b|<img\b|<iframe\b/i);
    assert.doesNotMatch(html, /\bhref="(?!#)/, 'only in-page links');
    const figures = r.entries.flatMap((e) => e.result?.figures ?? []);
    assert.equal(figures.length, 3);
    for (const f of figures) assert.ok(html.includes(f.svg), `figure "${f.caption}" is inlined verbatim`);
    assert.equal(html.match(/<svg\b/g)?.length, 3);
    assert.match(html, /<tr class="fail"><td>a\/one<\/td><td>a2 bad<\/td><td>paper 1<\/td><td>ours 1<\/td><td>tol 1<\/td><td class="fail">NO<\/td><\/tr>/);
    const rows = [...html.matchAll(/<tr( class="fail")?><td>[a-d]\/\w+<\/td><td>([^<]*)<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td class=/g)];
    assert.equal(rows.length, 6, 'one row per check in the checks table');
    assert.deepEqual(rows.map((m) => m[1] !== undefined), [true, true, true, false, false, false]);
    assert.ok(html.includes('<strong>3/6 checks passed</strong>'));
    assert.ok(html.includes('<section id="exp-a-one">') && html.includes('href="#exp-a-one"'));
  });

  it('HTML-escapes every text of the results and the metadata', () => {
    const r = report();
    r.metadata.backend = '<script>alert(1)</script>';
    const res = r.entries[0].result as ExperimentResult;
    res.checks[1] = { name: '<img src=x onerror=alert(1)>', paper: 'a & b', ours: '"q"', tolerance: "'t'", pass: false };
    res.notes = ['<b>bold</b>'];
    res.figures[0] = { ...res.figures[0], caption: '</figcaption><script>' };
    const html = reproductionReportHtml(r);
    assert.doesNotMatch(html, /<script|<img|<b>bold/);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('<td>&lt;img src=x onerror=alert(1)&gt;</td><td>a &amp; b</td><td>&quot;q&quot;</td><td>&apos;t&apos;</td>'));
    assert.ok(html.includes('<li>&lt;b&gt;bold&lt;/b&gt;</li>'));
    assert.ok(html.includes('<figcaption>&lt;/figcaption&gt;&lt;script&gt;</figcaption>'));
  });

  it('a hostile figure is disarmed: no script, handler, external href or XML prolog survives inlining', () => {
    const svg = '<?xml version="1.0"?><!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>evil()</script>' +
      '<image href="http://example.org/a.png"/><use xlink:href="#ok"/><foreignObject><div>x</div></foreignObject><rect width="1"/></svg>';
    const out = inlineSvg(svg);
    assert.equal(out, '<svg xmlns="http://www.w3.org/2000/svg"><image/><use xlink:href="#ok"/><rect width="1"/></svg>');
    assert.equal(inlineSvg('not an svg <b>'), '<pre>not an svg &lt;b&gt;</pre>');
  });
});

describe('formatSeconds', () => {
  it('prints short times with decimals and long ones in minutes', () => {
    assert.equal(formatSeconds(0.123), '0.12 s');
    assert.equal(formatSeconds(42.06), '42.1 s');
    assert.equal(formatSeconds(125.5), '2 min 06 s');
    assert.equal(formatSeconds(900), '15 min 00 s');
  });
});
