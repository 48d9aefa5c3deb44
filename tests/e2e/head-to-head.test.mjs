// tests/e2e/head-to-head.test.mjs — the Lab 04 section (#head-to-head, web/labs/head-to-head.js) in real Chromium
// with a quick run from the URL (20 steps, 1 seed): it renders with no console errors, the training progress
// shows, the measured-vs-predicted table holds numeric data-values, the learner's predictions persist after a
// reload, and manifest.json downloads with experiment '16-pe-compare'. Then the worker pool (web/ui/runner.js):
// a 2-seed run spread over 2 workers, its weights.json loaded back through the file input and re-evaluated to
// the same numbers, a bad file's inline error, and Cancel stopping every worker of a multi-worker run (then a
// weights.json written by Node loads before any result, to Node's numbers). The page before any run (run row and
// plan at the top, human scheme names, no empty chart or table), the main figure and floors after one, and the
// "Run the study" button training all six schemes on a tiny budget.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createPeLab } from 'pe-lab';
import en from '../../web/i18n/en.js';
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
  assert.equal(await page.locator('#head-to-head table.h2h-splits tbody tr').count(), 2 * 6);  // schemes × splits (ood40 included)
  // Loss curves and attention maps drawn: 2 schemes × 2 layers × 4 heads of T × T, at T = 20 and at T = 40.
  assert.ok(await nonBlankPixels(page, '#head-to-head .line-chart canvas') > 500);
  assert.equal(await page.locator('#head-to-head .hmg-cell').count(), 2 * 16);
  assert.ok(await nonBlankPixels(page, '#head-to-head [data-testid="h2h-attn-rope-L1-H3"] canvas.hm-canvas') > 50);
  assert.ok(await nonBlankPixels(page, '#head-to-head [data-testid="h2h-attn40-rope-L1-H3"] canvas.hm-canvas') > 50);
  // The main figure: one line and one band per scheme, drawn; the placeholder gone.
  const length = page.locator('#head-to-head .h2h-length-chart');
  assert.equal(await length.getAttribute('data-lines'), '2');
  assert.equal(await length.getAttribute('data-bands'), '2');
  assert.ok(await nonBlankPixels(page, '#head-to-head .h2h-length-chart canvas') > 500);
  assert.equal(await page.locator('#head-to-head [data-testid="h2h-empty"]').isVisible(), false);
  // The floors: the memorisation floor beside train only, below the entropy floor, explained under the table.
  const mem = await value(page, '[data-testid="h2h-train-rope-memfloor"]');
  assert.ok(mem > 0 && mem < await value(page, '[data-testid="h2h-train-rope-floor"]'), `memorisation floor ${mem}`);
  assert.equal(await page.locator('[data-testid="h2h-val-rope-memfloor"]').count(), 0);
  assert.match(await page.locator('[data-testid="h2h-floors-note"]').textContent(), /memorisation floor.*held-out|held-out.*memorisation floor/s);
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

/** Two cores whatever the machine, so the pool has 2 workers (the reference machine). */
const twoCores = (page) => page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 2 }));

test('Lab 04 over 2 workers: same table; weights.json loads back to the same measures; a bad file shows an inline error', async () => {
  const page = await openPage(browser, server.url, { acceptDownloads: true });
  page.setDefaultTimeout(60_000);
  await twoCores(page);
  await page.goto(`${server.url}?head-to-head.steps=15&head-to-head.seeds=2#head-to-head`);
  await ready(page);
  assert.equal(await value(page, '[data-testid="h2h-workers"]'), 2, 'the 4 jobs ran on 2 workers');
  assert.ok(await value(page, '[data-testid="h2h-wall-seconds"]') > 0);
  assert.equal(await page.locator('#head-to-head table.h2h-compare tbody tr').count(), 12);
  assert.deepEqual(await page.$$eval('#head-to-head table.h2h-params tbody th', (ths) => ths.map((t) => t.textContent)),
    [0, 1].flatMap((s) => [`${en['scheme.sinusoidal']} · seed ${s}`, `${en['scheme.rope']} · seed ${s}`]), 'runs in the canonical (seed-major) order');
  // Parameter counts: corpus vocabulary 58 and the course's 512 (tests/node/head-to-head.test.mjs derives both).
  assert.equal(await value(page, '[data-testid="h2h-paramcount-rope"]'), 103808);
  assert.equal(await value(page, '[data-testid="h2h-params512-rope"]'), 132864);
  assert.equal(await value(page, '[data-testid="h2h-params512-sinusoidal"]'), 132864);
  assert.equal(await page.evaluate(() => window.__peLab.runner.pending()), 0);

  // weights.json from the downloads, back through the file input: re-evaluated in the worker, no training.
  const dl = page.waitForEvent('download');
  await page.click('#head-to-head [data-export="weights.json"]');
  const weights = await readFile(await (await dl).path());
  const input = page.locator('[data-testid="h2h-load-file"]');
  await input.setInputFiles({ name: 'weights.json', mimeType: 'application/json', buffer: weights });
  await page.locator('[data-testid="h2h-eval-rope-1-ood20-conjAcc"]').waitFor();
  assert.equal(await page.locator('#head-to-head table.h2h-loaded tbody tr').count(), 4 * 6);
  assert.match(await page.locator('[data-testid="h2h-eval-config-rope-1"]').textContent(), /d_model 64, 2 layers, 4 heads, vocabulary 58/);
  // The splits table shows the mean over the 2 seeds: the two re-evaluated runs average to it.
  for (const v of ['sinusoidal', 'rope']) {
    for (const [m, id] of [['conjAcc', 'conjAcc'], ['loss', 'loss'], ['conjLoss', 'conjLoss']]) {
      const again = ((await value(page, `[data-testid="h2h-eval-${v}-0-ood20-${m}"]`)) + (await value(page, `[data-testid="h2h-eval-${v}-1-ood20-${m}"]`))) / 2;
      const shown = await value(page, `[data-testid="h2h-ood20-${v}-${id}"]`);
      assert.ok(Math.abs(again - shown) < 1e-6, `${v} ${m}: ${again} vs ${shown}`);
    }
    assert.equal(await value(page, `[data-testid="h2h-eval-${v}-0-val-floor"]`), await value(page, `[data-testid="h2h-val-${v}-floor"]`));
  }
  assert.equal(await page.locator('[data-testid="h2h-load-error"]').count(), 0);

  // A file that is not a weights.json, then one with a defect: the engine's message inline, nothing thrown.
  await input.setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "other"}') });
  const error = page.locator('#head-to-head [data-testid="h2h-load-error"][role="alert"]');
  await error.waitFor();
  assert.match(await error.textContent(), /other\.json.*weights must be a weights\.json written by runLab/);
  const broken = JSON.parse(weights.toString('utf8'));
  broken.runs[1].weights.length = 100;
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await page.waitForFunction(() => /broken\.json/.test(document.querySelector('[data-testid="h2h-load-error"]')?.textContent ?? ''));
  assert.match(await error.textContent(), /runs\[1\]\.weights must be 103808 numbers/);
  clean(page);
  await page.context().close();
});

test('Lab 04: Cancel during a multi-worker run stops every worker and leaves nothing pending', async () => {
  const page = await openPage(browser, server.url);
  page.setDefaultTimeout(60_000);
  await twoCores(page);
  const started = [];
  page.on('worker', (w) => started.push(w.url()));
  // Long enough to be cancelled mid-way: 4 jobs of 3000 steps.
  await page.goto(`${server.url}?head-to-head.steps=3000&head-to-head.seeds=2#head-to-head`);
  // A link whose run is estimated over AUTO_RUN_SECONDS waits for Run (and says how long it takes).
  await page.locator('#head-to-head .lab-status').filter({ hasText: /press Run/ }).waitFor();
  await page.locator('#head-to-head [data-action="run"]').click();
  await page.waitForFunction(() => window.__peLab?.runner.workerCount() === 2 && window.__peLab.runner.pending() >= 2);
  await page.waitForFunction(() => document.querySelector('#head-to-head .lab-progress')?.value > 0);
  const cancel = page.locator('#head-to-head [data-action="cancel"]');
  await cancel.waitFor({ state: 'visible' });
  await cancel.click();
  await ready(page);   // the first run settles (cancelled), without retrying other parameters
  assert.equal(await page.evaluate(() => window.__peLab.runner.pending()), 0, 'no pending jobs');
  await page.waitForFunction(() => window.__peLab.runner.workerCount() <= 1, null, { timeout: 2000 });
  assert.match(await page.locator('#head-to-head .lab-status').textContent(), /Cancelled/);
  assert.equal(await page.inputValue('#head-to-head input[name="steps"]'), '3000', 'Cancel keeps the parameters of the cancelled run');
  assert.equal(await page.locator('#head-to-head table.h2h-compare tbody tr').count(), 0, 'no results');
  assert.equal(await page.getAttribute('#head-to-head .lab-results', 'aria-busy'), 'false');
  assert.ok(started.length >= 2, `workers started: ${started.length}`);
  // No result shown yet, and a weights.json written by Node loads: the browser's re-evaluation gives Node's numbers.
  const node = await (await createPeLab()).runLab('head-to-head', { steps: 5, seeds: 1, variants: ['rope'] });
  await page.locator('[data-testid="h2h-load-file"]').setInputFiles({ name: 'weights.json', mimeType: 'application/json',
    buffer: Buffer.from(node.files['weights.json']) });
  await page.locator('[data-testid="h2h-eval-rope-0-ood20-conjAcc"]').waitFor();
  for (const m of node.result.runs[0].metrics) {
    assert.equal(await value(page, `[data-testid="h2h-eval-rope-0-${m.split}-conjAcc"]`), m.conjAcc, m.split);
    assert.equal(await value(page, `[data-testid="h2h-eval-rope-0-${m.split}-loss"]`), m.loss, m.split);
  }
  // The pool runs again after the cancel.
  const runs = await page.evaluate(async () => (await window.__peLab.runner.run('head-to-head', { steps: 3, seeds: 1 })).result.runs.length);
  assert.equal(runs, 2);
  clean(page);
  await page.context().close();
});

test('Lab 04 before a run: Run and the study button at the top with what a run will do, human scheme names, no empty chart or table', async () => {
  const page = await openPage(browser, server.url);
  page.setDefaultTimeout(60_000);
  await page.goto(`${server.url}#head-to-head`);
  await ready(page);
  const section = page.locator('#head-to-head');
  await section.locator('[data-testid="h2h-run"]').waitFor();
  // The plan line: the default course run (2 schemes × 3 seeds = 6 models of 400 steps) and a time in seconds.
  assert.match(await section.locator('[data-testid="h2h-plan"]').textContent(), /sinusoidal.*RoPE: 6 models \(3 seeds each\) of 400 steps.*about .* s/);
  assert.ok(Number(await section.locator('[data-testid="h2h-plan"]').getAttribute('data-seconds')) > 0);
  // Nothing drawn yet: the placeholder, no visible chart or results table.
  assert.equal(await section.locator('[data-testid="h2h-empty"]').isVisible(), true);
  assert.equal(await section.locator('canvas:visible').count(), 0, 'no empty chart');
  assert.equal(await section.locator('table.h2h-compare, table.h2h-splits').count(), 0, 'no empty table');
  // The run row comes before the predictions form, the curves and every figure of the view.
  const order = await page.$$eval('#head-to-head .lab-results [data-testid="h2h-run"], #head-to-head .lab-results .h2h-predict', (els) => els.map((e) => e.dataset.testid ?? 'predict'));
  assert.deepEqual(order, ['h2h-run', 'predict']);
  // Checkboxes in words, identifiers as their values (the URL's).
  const boxes = await page.$$eval('#head-to-head input[name="variants"]', (els) => els.map((e) => [e.value, e.closest('label').textContent.trim()]));
  // The names are the catalogue's scheme names (web/i18n/en.js `scheme.<id>`); the identifiers that are not words are never shown.
  assert.deepEqual(boxes, ['none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5'].map((id) => [id, en[`scheme.${id}`]]));
  for (const [id, text] of boxes.filter(([id]) => id === 'none' || id === 'learned' || id === 't5')) assert.notEqual(text, id, `${id} shown by a name`);
  clean(page);
  await page.context().close();
});

test('Lab 04: "Run the study" trains all six schemes; the figure has one line and band per scheme', async () => {
  const page = await openPage(browser, server.url);
  page.setDefaultTimeout(60_000);
  // A tiny budget from the link (it runs the two-scheme course first), then the study button.
  await page.goto(`${server.url}?head-to-head.steps=4&head-to-head.seeds=2&head-to-head.batch=4#head-to-head`);
  await ready(page);
  await page.locator('#head-to-head table.h2h-splits tbody tr').nth(2 * 6 - 1).waitFor();
  assert.match(await page.locator('#head-to-head [data-testid="h2h-study-plan"]').textContent(), /The study: 12 models/);   // 6 schemes × 2 seeds
  await page.click('#head-to-head [data-testid="h2h-study"]');
  await page.locator('#head-to-head table.h2h-splits tbody tr').nth(6 * 6 - 1).waitFor();
  assert.equal(await page.locator('#head-to-head table.h2h-splits tbody tr').count(), 6 * 6);
  const length = page.locator('#head-to-head .h2h-length-chart');
  assert.equal(await length.getAttribute('data-lines'), '6');
  assert.equal(await length.getAttribute('data-bands'), '6');
  assert.ok(await nonBlankPixels(page, '#head-to-head .h2h-length-chart canvas') > 500);
  assert.equal(await page.inputValue('#head-to-head select[name="preset"]'), 'study');
  // The attention figures are drawn one per task after the tables; the run ends once they are (its grid included).
  await page.waitForFunction(() => document.querySelector('#head-to-head .lab-results').getAttribute('aria-busy') === 'false');
  assert.equal(await page.locator('#head-to-head .hmg-cell').count(), 2 * 6 * 2 * 4, 'T = 20 and 40: 6 schemes × 2 layers × 4 heads');
  // The loss toggle redraws the same figure with the other measure.
  await page.click('#head-to-head [data-testid="h2h-measure-conjLoss"]');
  assert.equal(await length.getAttribute('data-measure'), 'conjLoss');
  clean(page);
  await page.context().close();
});

test('Lab 04: the study shows its six schemes while the robustness grid trains, then the grid; Cancel keeps the first stage', async () => {
  const page = await openPage(browser, server.url, { acceptDownloads: true });
  page.setDefaultTimeout(120_000);
  // Whether the section was still busy when the six schemes' comparison first appeared (recorded as it happens).
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (window.__firstStageBusy === undefined && document.querySelector('#head-to-head table.h2h-compare tbody tr')) {
        window.__firstStageBusy = document.querySelector('#head-to-head .lab-results').getAttribute('aria-busy');
        window.__gridRowsThen = document.querySelectorAll('#head-to-head table.h2h-robustness tbody tr').length;
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${server.url}?head-to-head.preset=study&head-to-head.seeds=1&head-to-head.steps=40&head-to-head.batch=8#head-to-head`);
  await ready(page);
  assert.match(await page.locator('#head-to-head [data-testid="h2h-study-plan"]').textContent(), /6 models of all six schemes.*10 more — 16 models/);
  await page.click('#head-to-head [data-action="run"]');
  await page.waitForFunction(() => document.querySelector('#head-to-head .lab-results').getAttribute('aria-busy') === 'false'
    && document.querySelector('#head-to-head table.h2h-robustness tbody tr'));
  assert.equal(await page.evaluate(() => window.__firstStageBusy), 'true', 'the six schemes were shown while the run went on');
  assert.equal(await page.evaluate(() => window.__gridRowsThen), 0, 'before the grid had trained');
  assert.equal(await page.locator('#head-to-head table.h2h-robustness tbody tr').count(), 6);
  assert.equal(await page.locator('#head-to-head table.h2h-splits tbody tr').count(), 6 * 6, 'the study table keeps the six schemes');
  assert.ok(await page.locator('#head-to-head [data-export="robustness.csv"]').count() > 0);

  // Run again, cancel once the first stage is shown: its result stays, not dimmed, with its downloads.
  await page.evaluate(() => { window.__firstStageBusy = undefined; document.querySelector('#head-to-head table.h2h-compare')?.remove(); });
  await page.click('#head-to-head [data-action="run"]');
  await page.waitForSelector('#head-to-head table.h2h-compare tbody tr');
  await page.click('#head-to-head [data-action="cancel"]');
  await page.waitForFunction(() => document.querySelector('#head-to-head .lab-results').getAttribute('aria-busy') === 'false');
  assert.equal(await page.locator('#head-to-head table.h2h-splits tbody tr').count(), 6 * 6);
  assert.equal(await page.locator('#head-to-head .lab-results.is-running, #head-to-head .lab-results.is-stale').count(), 0);
  assert.equal(await page.inputValue('#head-to-head select[name="preset"]'), 'study');
  clean(page);
  await page.context().close();
});
