// tests/e2e/head-to-head.test.mjs — the Lab 04 section (#head-to-head, web/labs/head-to-head.js) in real Chromium
// with a quick run from the URL (20 steps, 1 seed): it renders with no console errors, the training progress
// shows, the measured-vs-predicted table holds numeric data-values, the learner's predictions persist after a
// reload, and manifest.json downloads with experiment '16-pe-compare'.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launchBrowser, openPage, nonBlankPixels } from './harness.mjs';

const QUICK = '?head-to-head.steps=20&head-to-head.seeds=1#head-to-head';
let server, browser;
before(async () => { server = await serveDist(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const ready = (page) => page.waitForSelector('body[data-ready="true"]');
const value = async (page, selector) => Number(await page.locator(selector).first().getAttribute('data-value'));

function clean(page) {
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
  assert.deepEqual(page.foreignRequests, [], 'requests that left the origin');
}

test('Lab 04: quick run renders progress, curves, the comparison table, attention maps; predictions persist; manifest downloads', async () => {
  const page = await openPage(browser, server.url, { acceptDownloads: true });
  page.setDefaultTimeout(60_000);
  // The shell's <progress> shows and fills during training (a quick run may show it only briefly: record it).
  await page.addInitScript(() => {
    window.__h2hProgress = [];
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.target.matches?.('#head-to-head .lab-progress') && !r.target.hidden) window.__h2hProgress.push(Number(r.target.getAttribute('value')));
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['hidden', 'value'] });
  });
  await page.goto(`${server.url}${QUICK}`);
  await ready(page);
  const fractions = await page.evaluate(() => window.__h2hProgress);
  assert.ok(fractions.some((f) => f > 0 && f <= 1), `progress shown (${fractions.slice(0, 5)})`);
  assert.equal(await page.inputValue('#head-to-head input[name="steps"]'), '20');
  // The comparison table: 6 prediction rows × 2 schemes, every number a raw data-value.
  const rows = page.locator('#head-to-head table.h2h-compare tbody tr');
  assert.equal(await rows.count(), 12);
  const raw = await page.$$eval('#head-to-head table.h2h-compare [data-value]', (els) => els.map((e) => e.dataset.value));
  assert.ok(raw.length >= 12 * 5 && raw.every((v) => Number.isFinite(Number(v))), 'numeric data-values');
  const acc = await value(page, '[data-testid="h2h-acc20-rope"]');
  assert.ok(acc >= 0 && acc <= 1, `accuracy at T = 20 (${acc})`);
  assert.equal(await value(page, '[data-testid="h2h-acc20-rope-course"]'), 0.89);
  assert.ok(await value(page, '[data-testid="h2h-loss20-sinusoidal-floor"]') > 0, 'entropy floor beside the loss');
  assert.equal(await page.locator('#head-to-head table.h2h-splits tbody tr').count(), 10);
  // Loss curves and attention maps drawn: 2 schemes × 2 layers × 4 heads of T × T.
  assert.ok(await nonBlankPixels(page, '#head-to-head .line-chart canvas') > 500);
  assert.equal(await page.locator('#head-to-head .hmg-cell').count(), 16);
  assert.ok(await nonBlankPixels(page, '#head-to-head [data-testid="h2h-attn-rope-L1-H3"] canvas.hm-canvas') > 50);
  // The learner's predictions: typed, shown in the table, kept after a reload.
  await page.fill('[data-testid="h2h-pred-acc20-rope"]', '70%');
  await page.fill('[data-testid="h2h-pred-loss20-sinusoidal"]', '1,2');
  assert.equal(await value(page, '[data-testid="h2h-acc20-rope-yours"]'), 0.7);
  await page.reload();
  await ready(page);
  assert.equal(await page.inputValue('[data-testid="h2h-pred-acc20-rope"]'), '70%');
  assert.equal(await page.inputValue('[data-testid="h2h-pred-loss20-sinusoidal"]'), '1,2');
  assert.equal(await value(page, '[data-testid="h2h-loss20-sinusoidal-yours"]'), 1.2);
  // manifest.json from the shell's downloads.
  const dl = page.waitForEvent('download');
  await page.click('#head-to-head [data-export="manifest.json"]');
  const manifest = JSON.parse(await readFile(await (await dl).path(), 'utf8'));
  assert.equal(manifest.experiment, '16-pe-compare');
  clean(page);
  await page.context().close();
});
