// tests/e2e/extrapolation.test.mjs — the Lab 03 section (#extrapolation, web/labs/extrapolation.js) in real
// Chromium: the grid of attention maps (3 schemes × 5 lengths by default) and both entropy plots render from
// the worker; the stability numbers and the recommendation equal runLab('extrapolation') in Node (same wasm);
// the clamp/wrap switch recomputes; Cancel stops a long sweep, keeps the typed parameters and the last results; the course's
// deliverables download (and zip); Spanish keeps every data-value.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import { createPeLab } from 'pe-lab';
import { serveDist, launchBrowser, openPage, nonBlankPixels, showMore } from './harness.mjs';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COURSE_SWEEP = [64, 96, 128, 192, 256];   // lab-03-extrapolation, Block B

let server, browser, api, expected;
before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  api = await createPeLab();
  expected = await api.runLab('extrapolation');
});
after(async () => { await browser?.close(); await server?.close(); });

const ready = (page) => page.waitForSelector('body[data-ready="true"]');
const value = async (page, selector) => Number(await page.locator(selector).first().getAttribute('data-value'));

async function open(options) {
  const page = await openPage(browser, server.url, options);
  page.setDefaultTimeout(60_000);
  return page;
}

function clean(page) {
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
  assert.deepEqual(page.foreignRequests, [], 'requests that left the origin');
}

test('Lab 03 renders the grid (15 maps) and both entropy plots; numbers and recommendation equal the Node run', async () => {
  const page = await open();
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${server.url}#extrapolation`);
  await ready(page);
  // The page runs a lab in its worker when the cost model (wasm/cost.js) estimates it over 50 ms, else on the
  // main thread: the default sweep is a few milliseconds.
  const seconds = (await import('pe-lab')).estimateCost('extrapolation', {}).seconds;
  if (seconds > 0.05) assert.ok(workers.length >= 1, `estimated ${seconds} s: the lab runs in a module worker`);
  assert.equal(await page.inputValue('#extrapolation input[name="TSweep"]'), COURSE_SWEEP.join(', '));
  assert.equal(await page.inputValue('#extrapolation select[name="beyond"]'), 'clamp');
  // Plot 1: a row per scheme (sinusoidal, learned, RoPE), a column per T, each map T×T and drawn.
  const cells = page.locator('#extrapolation .hmg-cell');
  assert.equal(await cells.count(), 15);
  for (const s of ['sinusoidal', 'learned', 'rope']) {
    for (const T of COURSE_SWEEP) {
      const sel = `#extrapolation [data-testid="extrapolation-cell-${s}-${T}"] canvas.hm-canvas`;
      assert.equal(await page.$eval(sel, (c) => `${c.width}x${c.height}`), `${T}x${T}`, `${s} T=${T}`);
      assert.ok(await nonBlankPixels(page, sel) > T * T * 0.5, `${s} T=${T} drawn`);
    }
  }
  // Plot 2: raw and normalised entropy, both drawn.
  assert.equal(await page.locator('#extrapolation .line-chart canvas').count(), 2);
  for (const k of [0, 1]) assert.ok(await nonBlankPixels(page, `#extrapolation .line-chart canvas >> nth=${k}`) > 500, `entropy chart ${k}`);
  // The stability table and the recommendation come from the data, exactly as runLab computes them in Node.
  const r = expected.result;
  for (const s of ['sinusoidal', 'learned', 'rope']) {
    assert.equal(await value(page, `#extrapolation [data-testid="extrapolation-stability-${s}"]`), r.stability[s], s);
    if (r.ranking.includes(s)) assert.equal(await value(page, `#extrapolation [data-testid="extrapolation-rank-${s}"]`), r.ranking.indexOf(s) + 1, `rank of ${s}`);
    else assert.equal(await page.locator(`#extrapolation [data-testid="extrapolation-excluded-${s}"]`).count(), 1, `${s} excluded`);
    for (const [i, T] of COURSE_SWEEP.entries()) {
      assert.equal(await value(page, `#extrapolation [data-testid="extrapolation-norm-${s}-${T}"]`), r.normalized[s][i]);
    }
  }
  assert.equal((await page.locator('#extrapolation [data-testid="extrapolation-recommendation"]').getAttribute('data-recommendation')).trim(), r.recommendation);
  // Learned PE past T_max = 64 with clamp: every later row is row 63 (clampProof).
  for (const c of r.learnedBreak.clampProof) {
    assert.equal(c.identical, c.rows);
    assert.match(await page.locator(`#extrapolation [data-testid="extrapolation-clamp-${c.T}"]`).textContent(), new RegExp(`${c.identical}\\D+${c.rows}`));
  }
  assert.equal(await value(page, '#extrapolation [data-testid="extrapolation-learned-outside"]'), r.learnedBreak.normalizedOutside);
  clean(page);
  await page.context().close();
});

test('the clamp/wrap switch and the head picker recompute, in step with the schema controls and the URL', async () => {
  const page = await open();
  await page.goto(`${server.url}#extrapolation`);
  await ready(page);
  await page.locator('#extrapolation [data-testid="extrapolation-beyond-switch"] input[value="wrap"]').check();
  const wrap = (await api.runLab('extrapolation', { beyond: 'wrap' })).result;
  await page.waitForFunction((v) => document.querySelector('#extrapolation [data-testid="extrapolation-learned-outside"]')?.dataset.value === String(v),
    wrap.learnedBreak.normalizedOutside);
  assert.equal(await page.inputValue('#extrapolation select[name="beyond"]'), 'wrap');
  await page.waitForFunction(() => location.search.includes('extrapolation.beyond=wrap'));
  assert.equal((await page.locator('#extrapolation [data-testid="extrapolation-recommendation"]').getAttribute('data-recommendation')).trim(), wrap.recommendation);
  // Wrap reads row t mod 64: past T_max only rows with t ≡ 63 equal row 63.
  const c96 = wrap.learnedBreak.clampProof.find((c) => c.T === 96);
  assert.equal(c96.identical, 0);
  assert.match(await page.locator('#extrapolation [data-testid="extrapolation-clamp-96"]').textContent(), /^T = 96: 0\D+32/);
  // Head 1 through the picker above the grid.
  await page.selectOption('#extrapolation-head-pick', '1');
  await page.waitForFunction(() => document.querySelector('#extrapolation input[name="head"]').value === '1');
  await page.waitForFunction(() => /\b1\b/.test(document.querySelector('#extrapolation figure .fig-title').textContent));
  clean(page);
  await page.context().close();
});

test('Cancel stops a long sweep, keeps the page usable, and a later run completes', async () => {
  const page = await open();
  await page.goto(`${server.url}#extrapolation`);
  await ready(page);
  const recommendation = page.locator('#extrapolation [data-testid="extrapolation-recommendation"]');
  // All extra schemes first (quick, default lengths), then a long sweep: 6 schemes × T ∈ {1024, 1536, 2048}.
  for (const s of ['none', 'alibi', 't5']) {
    await showMore(page, 'extrapolation');
    await page.check(`#extrapolation input[name="extraSchemes"][value="${s}"]`);
  }
  await page.waitForFunction(() => document.querySelectorAll('#extrapolation .hmg-cell').length === 30);
  await page.fill('#extrapolation input[name="TSweep"]', '1024, 1536, 2048');
  const cancel = page.locator('#extrapolation [data-action="cancel"]');
  await cancel.waitFor({ state: 'visible' });
  // The shell's run bar: a labelled progress bar reporting the lengths done, the stale results dimmed.
  assert.equal(await page.locator('#extrapolation .lab-results.is-running').count(), 1, 'the stale results are dimmed during the run');
  const progress = page.locator('#extrapolation progress.lab-progress');
  assert.ok((await progress.getAttribute('aria-label'))?.length > 0, 'the progress bar has an accessible name');
  await progress.waitFor({ state: 'visible' });
  await cancel.click();
  // The learner's parameters stay as typed; no error; the last good results stay, no longer dimmed.
  await cancel.waitFor({ state: 'hidden' });
  assert.equal(await page.inputValue('#extrapolation input[name="TSweep"]'), '1024, 1536, 2048', 'Cancel never reverts the edited parameters');
  assert.match(await page.locator('#extrapolation .lab-status').textContent(), /Cancelled/);
  await page.waitForFunction(() => document.querySelector('#extrapolation .lab-results').getAttribute('aria-busy') === 'false');
  assert.equal(await page.locator('#extrapolation [role="alert"]').count(), 0);
  assert.equal(await page.locator('#extrapolation .lab-results.is-stale, #extrapolation .lab-results.is-running').count(), 0);
  assert.equal(await page.locator('#extrapolation .hmg-cell').count(), 30);
  assert.ok(!(await page.evaluate(() => location.search)).includes('1024'), 'the URL never took the cancelled sweep');
  // A later run completes: T = 320 added, head 1.
  await page.fill('#extrapolation input[name="TSweep"]', '64, 128, 320');
  await showMore(page, 'extrapolation');
  await page.fill('#extrapolation input[name="head"]', '1');
  const later = (await api.runLab('extrapolation', { TSweep: [64, 128, 320], head: 1, extraSchemes: ['none', 'alibi', 't5'] })).result;
  await page.waitForFunction(() => document.querySelectorAll('#extrapolation .hmg-cell').length === 18);
  await page.waitForFunction((v) => document.querySelector('#extrapolation [data-testid="extrapolation-stability-rope"]')?.dataset.value === String(v), later.stability.rope);
  assert.equal((await recommendation.getAttribute('data-recommendation')).trim(), later.recommendation);
  assert.equal(await page.$eval('#extrapolation [data-testid="extrapolation-cell-t5-320"] canvas', (c) => c.width), 320);
  clean(page);
  await page.context().close();
});

test('downloads: attention_pattern_comparison.png, extrapolation_metric.png, manifest.json, README.md and the zip', async () => {
  const page = await open({ acceptDownloads: true });
  await page.goto(`${server.url}#extrapolation`);
  await ready(page);
  const get = async (file) => {
    const dl = page.waitForEvent('download');
    await page.click(`#extrapolation [data-export="${file}"]`);
    const d = await dl;
    assert.equal(d.suggestedFilename(), file);
    return readFile(await d.path());
  };
  for (const file of ['attention_pattern_comparison.png', 'extrapolation_metric.png']) {
    const png = await get(file);
    assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE, file);
    assert.ok(png.length > 20_000, `${file} has content (${png.length} bytes)`);
  }
  const grid = await get('attention_pattern_comparison.png');
  // PNG IHDR: width and height at bytes 16–23; the grid of 5 columns × 3 rows is wider than tall.
  assert.ok(grid.readUInt32BE(16) > grid.readUInt32BE(20));
  const manifest = JSON.parse((await get('manifest.json')).toString('utf8'));
  assert.equal(manifest.experiment, '16-extrapolation');
  assert.equal(manifest.phase_17_recommendation, expected.result.recommendation);
  assert.deepEqual(manifest.config.T_sweep, COURSE_SWEEP);
  const readme = (await get('README.md')).toString('utf8');
  assert.ok(readme.includes(expected.result.recommendation));

  const zip = page.waitForEvent('download');
  await page.click('#extrapolation [data-export="pe-lab-extrapolation.zip"]');
  const dz = await zip;
  const files = unzipSync(new Uint8Array(await readFile(await dz.path())));
  for (const name of ['attention_pattern_comparison.png', 'extrapolation_metric.png', 'manifest.json', 'README.md', 'result.json']) {
    assert.ok(files[name]?.length > 0, `${name} in the zip`);
  }
  assert.deepEqual([...files['extrapolation_metric.png'].subarray(0, 8)], PNG_SIGNATURE);
  assert.equal(JSON.parse(strFromU8(files['manifest.json'])).experiment, '16-extrapolation');
  clean(page);
  await page.context().close();
});

test('switching to Spanish re-labels Lab 03 and leaves every data-value unchanged', async () => {
  const page = await open();
  await page.goto(`${server.url}#extrapolation`);
  await ready(page);
  const values = () => page.$$eval('#extrapolation [data-value]:not(.hm-readout)', (els) => els.map((e) => `${e.dataset.testid ?? ''}=${e.dataset.value}`));
  const before = await values();
  assert.ok(before.length > 50);
  await page.click('[data-lang="es"]');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  await page.locator('#extrapolation [data-testid="extrapolation-recommendation"]').waitFor();
  assert.equal(await page.locator('#extrapolation .lab-lead h3').first().textContent(), 'Patrones de atención al crecer T');
  assert.equal((await page.locator('#extrapolation [data-testid="extrapolation-recommendation"]').getAttribute('data-recommendation')).trim(), expected.result.recommendation);
  assert.match(await page.locator('#extrapolation [data-testid="extrapolation-stability-rope"]').textContent(), /^0,0\d+$/, 'locale formatting');
  // The re-rendered figures are drawn one per task (the page's draw queue): wait until every number is back.
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, ['#extrapolation [data-value]:not(.hm-readout)', before.length]);
  assert.deepEqual(await values(), before);
  assert.equal(await page.locator('#extrapolation .hmg-cell').count(), 15);
  clean(page);
  await page.context().close();
});
