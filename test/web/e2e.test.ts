/**
 * End-to-end tests of the explorer in Debian's chromium (playwright-core): the app is built once
 * (Vite's JS API, into a temporary folder), served by the real server (port 0) with a reproduction
 * report, and driven like a user: page loads without console errors, the λ slider moved by keyboard
 * changes the plotted data, URL state round-trips, the simulation overlay agrees with the exact
 * curves within the residual the page shows, the phase diagrams draw their lines and a cell opens
 * its trajectory, and a screenshot of every view is saved to test-output/screenshots/.
 * Skipped, with the reason, when /usr/bin/chromium is absent.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildExplorerApp, openStores } from '../../src/cli/commands/explore.js';
import { startExplorerServer, type ExplorerServer } from '../../src/web/server.js';
import { runReproduce } from '../../src/cli/commands/reproduce.js';
import { openStore, type PointRow } from '../../src/store/index.js';
import { fakeResult, smallSweep } from '../store/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(REPO, 'test-output', 'screenshots');
/** The registered view ids, read from views.ts (a Svelte module Node cannot import). */
const VIEWS_FOR_TEST = [...readFileSync(join(REPO, 'src/web/app/views.ts'), 'utf8').matchAll(/^\s+id: '([a-z0-9-]+)',$/gm)].map((m) => m[1]);
const SKIP = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)`;

/** A page that records console errors and uncaught exceptions. */
async function openPage(context: BrowserContext, width = 1280, height = 800): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, errors };
}

/** Downloads the JSON a view's export button produces. */
async function downloadJson(page: Page, button: string): Promise<any> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).first().click()]);
  const path = await download.path();
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('explorer in chromium', { skip: SKIP }, () => {
  let dir: string;
  let server: ExplorerServer;
  let browser: Browser;
  let context: BrowserContext;
  let storeRows: PointRow[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lazyrich-e2e-'));
    await buildExplorerApp(REPO, join(dir, 'web'));
    // A one-experiment report, as `lazyrich reproduce … --out` writes it.
    const r = runReproduce('three-mechanisms/phase-diagram', { out: join(dir, 'report') });
    assert.equal(r.exitCode, 0, r.err);
    // A sweep store (3 λ × 2 scales × 2 replicates, every point done) for the phase view's store mode.
    const sweep = smallSweep();
    const store = openStore(join(dir, 'grid'), { sweep });
    for (const p of sweep.points) store.recordDone(p, fakeResult(p), 1);
    storeRows = store.rows();
    store.close();
    server = await startExplorerServer({ appDir: join(dir, 'web'), reportDir: join(dir, 'report'), stores: openStores([join(dir, 'grid')]), port: 0 });
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
    context = await browser.newContext({ acceptDownloads: true });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the default view loads without console errors; λ moved by keyboard changes the plotted data and the URL', async () => {
    const { page, errors } = await openPage(context);
    await page.goto(server.url);
    await page.getByTestId('max-relative-error').waitFor({ timeout: 30_000 });
    assert.match(new URL(page.url()).search, /view=two-layer/);
    const before = await downloadJson(page, 'data JSON');
    const slider = page.getByRole('slider', { name: 'λ (balance)' });
    await slider.focus();
    for (let i = 0; i < 4; i++) await slider.press('ArrowRight');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lambda') === '0.2', null, { timeout: 10_000 });
    assert.equal(await page.getByLabel('λ (balance) (number)').inputValue(), '0.2');
    const afterMove = await downloadJson(page, 'data JSON');
    assert.ok(Math.abs(before.lambda) < 1e-12, `λ of the plotted solution ${before.lambda}`);
    assert.ok(Math.abs(afterMove.lambda - 0.2) < 1e-12, `λ of the plotted solution ${afterMove.lambda}`);
    assert.equal(afterMove.exact.loss.length, before.exact.loss.length);
    assert.notDeepEqual(afterMove.exact.loss, before.exact.loss);
    await page.screenshot({ path: join(SHOTS, 'two-layer.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the URL round-trips the state: a link sets the controls, a control change rewrites the link', async () => {
    const { page, errors } = await openPage(context);
    await page.goto(`${server.url}?view=two-layer&lambda=-1.5&scale=0.1&seed=7&method=flow&tEnd=5`);
    await page.getByTestId('max-relative-error').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('λ (balance) (number)').inputValue(), '-1.5');
    assert.equal(await page.getByLabel('seed (number)').first().inputValue(), '7');
    assert.equal(await page.locator('input[name="method"][value="flow"]').isChecked(), true);
    await page.getByLabel('seed (number)').first().fill('11');
    await page.getByLabel('seed (number)').first().press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('seed') === '11', null, { timeout: 10_000 });
    const link = page.url();
    const q = new URL(link).searchParams;
    assert.equal(q.get('lambda'), '-1.5');
    assert.equal(q.get('method'), 'flow');
    // The rewritten link reproduces the view in a fresh page.
    const second = await openPage(context);
    await second.page.goto(link);
    await second.page.getByTestId('max-relative-error').waitFor({ timeout: 30_000 });
    assert.equal(await second.page.getByLabel('seed (number)').first().inputValue(), '11');
    assert.equal(await second.page.getByLabel('λ (balance) (number)').inputValue(), '-1.5');
    assert.deepEqual([...errors, ...second.errors], []);
    await second.page.close();
    await page.close();
  });

  test('the simulation overlay agrees with the exact curves within the residual shown on the page', async () => {
    for (const method of ['gd', 'flow']) {
      const { page, errors } = await openPage(context);
      await page.goto(`${server.url}?view=two-layer&lambda=0.5&scale=0.1&method=${method}&tEnd=10&eta=0.05`);
      const shownText = await page.getByTestId('max-relative-error').textContent({ timeout: 30_000 });
      const shown = Number(shownText);
      assert.ok(Number.isFinite(shown) && shown > 0, `shown residual "${shownText}"`);
      const data = await downloadJson(page, 'data JSON');
      const cols = data.run.series.columns as Record<string, number[]>;
      const rel = cols.relativeError;
      // The shown number is max_k relErr_k to its 3 significant digits.
      const max = Math.max(...rel);
      assert.ok(Math.abs(max - shown) <= 0.005 * shown, `${method}: shown ${shown}, max of the series ${max}`);
      // Overlaid σ_a(W_sim) points vs the exact σ_a at the same times: by Weyl's inequality
      // |σ_a(W_sim) − σ_a(W_exact)| ≤ ‖W_sim − W_exact‖₂ ≤ relErr_k·‖W_exact‖_F ≤ shown·‖W_exact‖_F·1.005.
      const svNames = Object.keys(cols).filter((k) => /^sv\d+$/.test(k));
      assert.ok(svNames.length > 0);
      let worstRatio = 0;
      for (let k = 0; k < rel.length; k++) {
        const fro = Math.sqrt(svNames.reduce((s, n) => s + cols[`${n}Exact`][k] ** 2, 0));
        for (const n of svNames) {
          const gap = Math.abs(cols[n][k] - cols[`${n}Exact`][k]);
          const bound = shown * 1.005 * fro + 1e-12;
          worstRatio = Math.max(worstRatio, gap / bound);
          assert.ok(gap <= bound, `${method}: ${n} at record ${k}: |σ_sim − σ_exact| = ${gap} > ${bound}`);
        }
      }
      // And the residual is the real size of the gap, not a loose bound: GD is O(η) away, the flow far closer.
      if (method === 'flow') assert.ok(shown < 1e-6, `gradient flow residual ${shown}`);
      else assert.ok(shown > 1e-6 && shown < 0.2, `GD residual ${shown} (η = 0.05)`);
      assert.ok(worstRatio > 0, 'the simulation cannot coincide bit for bit with the closed form');
      if (method === 'gd') await page.screenshot({ path: join(SHOTS, 'two-layer-overlay.png'), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  test('the phase diagrams draw their theory lines; a cell opens its trajectory', async () => {
    const { page, errors } = await openPage(context);
    await page.goto(`${server.url}?view=phase&mode=mixed&d=10&k=2&n=4&iters=200`);
    await page.waitForFunction(() => {
      const p = (window as any).__lazyrichPhase;
      return p && p.z.every((v: number | null) => v !== null && Number.isFinite(v));
    }, null, { timeout: 60_000 });
    const info = await page.evaluate(() => (window as any).__lazyrichPhase);
    assert.deepEqual(info.lines, ['activeLazy', 'infiniteNoise', 'underparameterized', 'validity']);
    assert.equal(info.segments, 4);
    assert.equal(await page.locator('[data-testid="phase-lines"] li').count(), 4);
    // The overlay canvas really has the lines: count opaque pixels, and look for the black
    // γ_σ² + γ_w = 1 line where it crosses the middle column of the field.
    const pixels = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="phase-heatmap"] canvas.overlay') as HTMLCanvasElement;
      const ctx = c.getContext('2d')!;
      const img = ctx.getImageData(0, 0, c.width, c.height).data;
      let opaque = 0;
      for (let i = 3; i < img.length; i += 4) if (img[i] > 0) opaque++;
      // Middle column x = w/2 ↔ γ_σ² = −1.5 (box −3…0, 4 cells): the black line is at γ_w = 2.5, i.e. the
      // cell coordinate y = 4 − (0.5 + 2.5/2.8·3) from the top of a 4-row field.
      const yCell = 4 - (0.5 + (2.5 / 2.8) * 3);
      const x = Math.round(c.width / 2);
      const y = Math.round((yCell / 4) * c.height);
      let dark = false;
      for (let dy = -3; dy <= 3; dy++) {
        const k = 4 * ((y + dy) * c.width + x);
        if (img[k + 3] > 128 && img[k] < 60 && img[k + 1] < 60 && img[k + 2] < 60) dark = true;
      }
      return { opaque, total: img.length / 4, dark };
    });
    assert.ok(pixels.opaque > 0.002 * pixels.total, `opaque overlay pixels ${pixels.opaque} of ${pixels.total}`);
    assert.ok(pixels.dark, 'the black active/lazy line is not where γ_σ² + γ_w = 1 puts it');
    await page.screenshot({ path: join(SHOTS, 'phase-mixed.png'), fullPage: true });
    // Clicking the bottom-left cell (γ_σ² = −3, γ_w = 0) opens the mixed view with that point.
    const box = (await page.locator('[data-testid="phase-heatmap"] .field').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.1, box.y + box.height * 0.9);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('view') === 'mixed', null, { timeout: 10_000 });
    const q = new URL(page.url()).searchParams;
    assert.equal(Number(q.get('gs')), -3);
    assert.equal(Number(q.get('gw')), 0);
    assert.equal(q.get('d'), '10');
    assert.equal(await page.getByRole('tab', { name: /Mixed/ }).getAttribute('aria-selected'), 'true');

    // The width-exponent diagram: its two boundaries are drawn, and a cell opens the 1-D view.
    await page.goto(`${server.url}?view=phase&mode=width&wn=16`);
    await page.waitForFunction(() => (window as any).__lazyrichPhase?.mode === 'width', null, { timeout: 30_000 });
    const w = await page.evaluate(() => (window as any).__lazyrichPhase);
    assert.deepEqual(w.lines, ['sqrtQ=0', 'rate=0']);
    assert.ok(w.segments >= 10, `boundary segments ${w.segments}`);
    await page.screenshot({ path: join(SHOTS, 'phase-width.png'), fullPage: true });
    const wbox = (await page.locator('[data-testid="phase-heatmap"] .field').boundingBox())!;
    await page.mouse.click(wbox.x + wbox.width * 0.97, wbox.y + wbox.height * 0.03);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('view') === 'one-d', null, { timeout: 10_000 });
    const wq = new URL(page.url()).searchParams;
    // Top-right cell: c = 2, e_u = 2 at d = 1000 → κ = 1e-6, η_u = 1e6.
    assert.equal(Number(wq.get('kappa')), 1e-6);
    assert.equal(Number(wq.get('etaU')), 1e6);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the phase view draws a served sweep store and opens a point\'s recorded series', async () => {
    const { page, errors } = await openPage(context);
    await page.goto(`${server.url}?view=phase&mode=store&store=grid&sx=init.lambda&sy=init.scale&sz=finalLoss`);
    await page.waitForFunction(() => (window as any).__lazyrichPhase?.mode === 'store', null, { timeout: 30_000 });
    const shown = await page.evaluate(() => (window as any).__lazyrichPhase);
    assert.equal(shown.nx, 3);
    assert.equal(shown.ny, 2);
    // Expected: the mean finalLoss over replicates per (λ, scale), largest scale drawn on top.
    const mean = (lambda: number, scale: number): number => {
      const v = storeRows.filter((r) => r.assignments['init.lambda'] === lambda && r.assignments['init.scale'] === scale).map((r) => r.summary!.finalLoss as number);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const expected = [1, 0.01].flatMap((scale) => [-1, 0, 1].map((lambda) => mean(lambda, scale)));
    shown.z.forEach((v: number, k: number) => assert.ok(Math.abs(v - expected[k]) < 1e-12, `cell ${k}: ${v} vs ${expected[k]}`));
    const box = (await page.locator('[data-testid="phase-heatmap"] .field').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.75);
    await page.locator('figure.lineplot[aria-label^="trajectory of"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, 'phase-store.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('connectivity: the init spectrum and ranks, and ΔW, RA, KA while the RNN learns', async () => {
    const { page, errors } = await openPage(context);
    await page.goto(`${server.url}?view=connectivity&init=low-rank&rank=1&n=32&iters=30`);
    await page.getByTestId('effective-ranks').waitFor({ timeout: 30_000 });
    const ranks = await page.evaluate(() => (window as any).__lazyrichConnectivity);
    // A rank-1 matrix has Σσ/(σ₁N) = 1/N up to the rounding-level tail of the truncated SVD.
    assert.ok(Math.abs(ranks.effectiveRank - 1 / 32) < 1e-6, `effective rank ${ranks.effectiveRank}`);
    await page.getByRole('button', { name: 'Train the RNN' }).click();
    await page.waitForFunction(() => {
      const c = (window as any).__lazyrichConnectivity;
      return c && !c.training && c.samples.length >= 4;
    }, null, { timeout: 120_000 });
    const c = await page.evaluate(() => (window as any).__lazyrichConnectivity);
    const first = c.samples[0];
    const last = c.samples[c.samples.length - 1];
    assert.equal(first.iteration, 0);
    assert.equal(first.weightChange, 0);
    assert.ok(Math.abs(first.ra - 1) < 1e-12 && Math.abs(first.ka - 1) < 1e-12, 'RA = KA = 1 at t = 0');
    assert.equal(last.iteration, 30);
    assert.ok(last.weightChange > 0 && last.ka < 1 && last.ra <= 1, JSON.stringify(last));
    await page.screenshot({ path: join(SHOTS, 'connectivity.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('gallery: the served report and a run in the browser show figures and the checks table', async () => {
    const { page, errors } = await openPage(context);
    await page.goto(`${server.url}?view=gallery&exp=three-mechanisms/phase-diagram`);
    await page.waitForFunction(() => ((window as any).__lazyrichGallery?.report ?? []).length === 1, null, { timeout: 30_000 });
    const reportTable = page.getByTestId('checks-table').first();
    await reportTable.waitFor();
    assert.match((await reportTable.locator('caption').textContent()) ?? '', /Report: \d+ of \d+ checks pass/);
    const img = page.locator('img[src*="api/report/three-mechanisms/phase-diagram/"]').first();
    await img.waitFor();
    assert.ok(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), 'report figure did not load');
    await page.getByRole('button', { name: 'Run in the browser' }).click();
    await page.waitForFunction(() => (window as any).__lazyrichGallery?.ran !== null, null, { timeout: 120_000 });
    const ran = await page.evaluate(() => (window as any).__lazyrichGallery.ran);
    const saved = JSON.parse(readFileSync(join(dir, 'report', 'three-mechanisms', 'phase-diagram', 'checks.json'), 'utf8'));
    // The browser run is the same pure experiment as `lazyrich reproduce`: same checks, same verdicts.
    assert.equal(ran.checks, saved.checks.length);
    assert.equal(ran.passed, saved.checks.filter((c: { pass: boolean }) => c.pass).length);
    assert.equal(await page.getByTestId('checks-table').count(), 2);
    await page.screenshot({ path: join(SHOTS, 'gallery.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('every view renders at 1280×800 and at a narrow width without console errors (screenshots)', async () => {
    for (const id of VIEWS_FOR_TEST) {
      for (const [w, h, tag] of [[1280, 800, ''], [390, 844, '-narrow']] as const) {
        const { page, errors } = await openPage(context, w, h);
        await page.goto(`${server.url}?view=${id}`);
        await page.getByRole('tab', { name: /./, selected: true }).waitFor();
        await page.waitForTimeout(800);
        assert.equal(new URL(page.url()).searchParams.get('view'), id);
        await page.screenshot({ path: join(SHOTS, `view-${id}${tag}.png`), fullPage: true });
        assert.deepEqual(errors, [], `${id}${tag}`);
        await page.close();
      }
    }
  });
});
