// tests/e2e/theory.test.mjs — the #biases (Theory 02) and #context-extension sections in real Chromium: both
// render from wasm with no console errors; their key numbers carry data-value; the ALiBi slope table
// follows nHeads and marks the heads where the course's 2^(−8h/H) differs from the reference; the
// pairs-outside counts match runLab in Node; heatmaps are drawn; embed mode shows each lab alone; invalid
// parameters show inline alerts; PNG / manifest / README / zip downloads have content; Spanish keeps every
// data-value; a long context-extension run goes through the worker.
// Expected numbers come from the same API run in Node (same wasm binary) or from the stated formulas.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import { useBrowser, openPage, nonBlankPixels, showMore } from './harness.mjs';

const env = useBrowser();

const value = async (page, selector) => Number(await page.locator(selector).first().getAttribute('data-value'));
const ready = (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function clean(page) {
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
  assert.deepEqual(page.foreignRequests, [], 'requests that left the origin');
}

/** Every data-value inside `scope` is a raw finite number. */
async function rawValues(page, scope) {
  const raw = await page.$$eval(`${scope} [data-value]`, (els) => els.map((e) => e.dataset.value));
  assert.ok(raw.length > 10, `${scope}: displayed numbers`);
  assert.ok(raw.every((v) => v !== '' && Number.isFinite(Number(v))), `${scope}: data-value holds raw numbers`);
}

async function download(page, selector) {
  const pending = page.waitForEvent('download');
  await page.click(selector);
  const d = await pending;
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

test('both theory sections render on the full page with their key numbers from wasm and no console errors', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(env.server.url);
  await ready(page);
  for (const id of ['biases', 'context-extension']) {
    assert.equal(await page.locator(`section#${id}`).count(), 1, `section #${id}`);
    // Sections compute when they come near the screen (web/main.js).
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await page.locator(`#${id} .lab-results [data-value]`).first().waitFor();
  }
  await page.evaluate(() => Promise.all(window.__peLab.sections.filter((s) => s.started).map((s) => s.ready)));
  const b = (await env.api.runLab('biases')).result;
  // Learned PE: T_max·d = 64·32 = 2048 for the defaults (wasm/schema.js); the course's 4096·1024 = 4,194,304.
  assert.equal(await value(page, '#biases [data-testid="learned-params"]'), 64 * 32);
  assert.equal(await value(page, '#biases [data-testid="learned-params"]'), b.learned.params);
  assert.equal(await value(page, '#biases [data-testid="learned-course-params"]'), 4096 * 1024);
  // T5: nHeads·numBuckets = 8·32; exact range numBuckets/4 (bidirectional) and numBuckets/2 (causal).
  assert.equal(await value(page, '#biases [data-testid="t5-params"]'), 8 * 32);
  assert.equal(await value(page, '#biases [data-testid="t5-max-exact-bidirectional"]'), 8);
  assert.equal(await value(page, '#biases [data-testid="t5-max-exact-causal"]'), 16);
  // ALiBi: 8 heads, a power of two: every reference slope equals 2^(−8h/8) = 2^(−h), none differs.
  const rows = page.locator('#biases [data-testid="alibi-slopes"] tbody tr');
  assert.equal(await rows.count(), 8);
  assert.equal(await page.locator('#biases [data-testid="alibi-slopes"] tr[data-differs="true"]').count(), 0);
  for (let hd = 0; hd < 8; hd++) assert.equal(await value(page, `#biases [data-testid="alibi-slope-${hd}"]`), 2 ** -(hd + 1));
  // The summary table's parameter column is computed for the current settings.
  assert.equal(await value(page, '#biases [data-testid="summary-params-learned"]'), b.learned.params);
  assert.equal(await value(page, '#biases [data-testid="summary-params-t5"]'), b.t5.params);
  assert.equal(await value(page, '#biases [data-testid="summary-params-alibi"]'), 0);
  assert.equal(await page.locator('#biases [data-testid="biases-summary"] tbody tr').count(), 5);
  // ALiBi far past training: the entropy per head of the selected head (0), from the runner.
  assert.equal(await value(page, '#biases [data-testid="far-entropy-alibi"]'), b.alibi.far.meanEntropyPerHead[0]);
  assert.ok(b.alibi.far.meanEntropyPerHead[0] < b.alibi.far.meanEntropyPerHeadNope[0], 'ALiBi keeps attention sharper than no positions');

  const c = (await env.api.runLab('context-extension')).result;
  assert.equal(await value(page, '#context-extension [data-testid="eval-length"]'), 4 * 128);
  for (const m of c.methods) {
    assert.equal(await value(page, `#context-extension [data-testid="pairs-outside-${m.type}"]`), m.pairsOutside, m.type);
    assert.equal(await value(page, `#context-extension [data-testid="entropy-${m.type}"]`), m.normalizedEntropy, m.type);
  }
  assert.equal(await value(page, '#context-extension [data-testid="baseline-entropy"]'), c.baselineNormalizedEntropy);
  // Every method's citation is on the page.
  for (const cite of ['arXiv:2104.09864', 'arXiv:2306.15595', 'bloc97', 'rope_type "dynamic"', 'arXiv:2309.00071', 'Llama 3.1']) {
    assert.match(await page.locator('#context-extension .method-notes').textContent(), new RegExp(cite.replace(/[.()"]/g, '\\$&')));
  }
  // Heatmaps are drawn; the curve plots exist.
  assert.ok(await nonBlankPixels(page, '#biases .hm-canvas') > 1000, 'learned table');
  assert.ok(await nonBlankPixels(page, '#biases [data-testid="far-alibi"] .hm-canvas') > 1000, 'ALiBi far attention');
  assert.ok(await nonBlankPixels(page, '#context-extension [data-method="none"] .hm-canvas') > 1000, 'attention at L');
  assert.equal(await page.locator('#context-extension .fig[data-method]').count(), c.methods.length);
  assert.ok(await page.locator('#biases .xy-chart canvas').count() >= 4);
  assert.ok(await page.locator('#context-extension .xy-chart canvas').count() >= 3);
  await rawValues(page, '#biases');
  await rawValues(page, '#context-extension');
  clean(page);
  await page.context().close();
});

test('with 6 heads (and dModel 36) the ALiBi table has 6 rows and marks where 2^(−8h/H) differs', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}?biases.nHeads=6&biases.dModel=36#biases`);
  await ready(page);
  const expected = (await env.api.runLab('biases', { nHeads: 6, dModel: 36 })).result.alibi;
  const rows = page.locator('#biases [data-testid="alibi-slopes"] tbody tr');
  assert.equal(await rows.count(), 6);
  // Press et al.'s reference for 6 heads: 1/4, 1/16, 1/64, 1/256 (2^(−8h/4)), then 1/2, 1/8 (every other of 8 heads).
  const reference = [1 / 4, 1 / 16, 1 / 64, 1 / 256, 1 / 2, 1 / 8];
  for (let hd = 0; hd < 6; hd++) {
    assert.equal(await value(page, `#biases [data-testid="alibi-slope-${hd}"]`), reference[hd], `head ${hd}`);
    // The course's formula 2^(−8h/6), h = head + 1 (C++ pow and JS ** may differ in the last bit).
    const simple = await value(page, `#biases [data-testid="alibi-simple-${hd}"]`);
    assert.equal(simple, expected.slopes[hd].simple);
    assert.ok(Math.abs(simple - 2 ** (-8 * (hd + 1) / 6)) <= 1e-15 * simple, `head ${hd} simple`);
    assert.equal(await rows.nth(hd).getAttribute('data-differs'), String(expected.slopes[hd].differs));
  }
  assert.ok(await page.locator('#biases [data-testid="alibi-slopes"] tr[data-differs="true"]').count() >= 1);
  // 6 is not a power of two: the verdict says so.
  assert.match(await page.locator('#biases [data-testid="alibi-verdict"]').textContent(), /not a power of two/);
  // The button goes back to 8 heads (a power of two): nothing differs any more.
  await page.click('#biases [data-action="alibi-heads"]');
  await page.waitForFunction(() => document.querySelectorAll('#biases [data-testid="alibi-slopes"] tbody tr').length === 8);
  assert.equal(await page.locator('#biases [data-testid="alibi-slopes"] tr[data-differs="true"]').count(), 0);
  assert.equal(await page.inputValue('#biases input[name="nHeads"]'), '8');
  clean(page);
  await page.context().close();
});

test('embed mode shows each theory lab alone, without the page chrome', async () => {
  for (const lab of ['biases', 'context-extension']) {
    const page = await openPage(env.browser, env.server.url);
    await page.goto(`${env.server.url}?embed&lab=${lab}`);
    await ready(page);
    assert.deepEqual(await page.$$eval('section.lab', (s) => s.map((x) => x.id)), [lab]);
    assert.equal(await page.locator('.site-header, .site-footer, nav').count(), 0);
    assert.ok(await nonBlankPixels(page, `#${lab} .hm-canvas`) > 500, `${lab} heatmap`);
    clean(page);
    await page.context().close();
  }
});

test('invalid parameters show an inline alert at their control and keep the last results', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}?embed&lab=biases`);
  await ready(page);
  // head must be below nHeads = 8 (wasm/labs/biases.js).
  await showMore(page, 'biases');
  await page.fill('#biases input[name="head"]', '9');
  const alert = page.locator('#biases [data-param="head"] [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /head.*nHeads − 1 = 7.*9/);
  assert.equal(await page.getAttribute('#biases input[name="head"]', 'aria-invalid'), 'true');
  assert.equal(await value(page, '#biases [data-testid="learned-params"]'), 2048, 'previous results stay');
  assert.equal(await page.locator('#biases .lab-results.is-stale').count(), 1);
  // A valid head recomputes and clears the alert: head 3's slope is 2^(−4).
  await page.fill('#biases input[name="head"]', '3');
  await page.waitForFunction(() => !document.querySelector('#biases [role="alert"]'));
  await page.waitForFunction(() => /head 3/.test(document.querySelector('#biases [data-testid="far-alibi"] .fig-title')?.textContent ?? ''));
  // Changing nHeads keeps dModel a multiple of it (the view's adjustValues): 32 → 36 for 6 heads.
  await page.fill('#biases input[name="nHeads"]', '6');
  await page.waitForFunction(() => document.querySelectorAll('#biases [data-testid="alibi-slopes"] tbody tr').length === 6);
  assert.equal(await page.inputValue('#biases input[name="dModel"]'), '36');
  assert.equal(await page.locator('#biases [role="alert"]').count(), 0);

  const page2 = await openPage(env.browser, env.server.url);
  await page2.goto(`${env.server.url}?embed&lab=context-extension`);
  await ready(page2);
  await showMore(page2, 'context-extension');
  await page2.fill('#context-extension input[name="head"]', '5');
  const alert2 = page2.locator('#context-extension [data-param="head"] [role="alert"]');
  await alert2.waitFor();
  assert.match(await alert2.textContent(), /head.*nHeads − 1 = 1.*5/);
  // No method at all: the methods control gets the alert.
  await page2.fill('#context-extension input[name="head"]', '0');
  await page2.waitForFunction(() => !document.querySelector('#context-extension [role="alert"]'));
  for (const box of await page2.locator('#context-extension input[name="methods"]').all()) await box.uncheck();
  await page2.locator('#context-extension [data-param="methods"] [role="alert"]').waitFor();
  clean(page);
  clean(page2);
  await page.context().close();
  await page2.context().close();
});

test('downloads: PNGs, manifest.json, README.md and the zip of everything', async () => {
  const page = await openPage(env.browser, env.server.url, { acceptDownloads: true });
  await page.goto(`${env.server.url}?embed&lab=biases`);
  await ready(page);
  for (const file of ['biases_learned_table.png', 'biases_t5_buckets.png', 'biases_alibi_attention.png', 'biases_learned_rows.png']) {
    const d = await download(page, `#biases [data-export="${file}"]`);
    assert.equal(d.name, file);
    assert.deepEqual([...d.bytes.subarray(0, 8)], PNG_SIGNATURE, `${file} is a PNG`);
    assert.ok(d.bytes.length > 2000, `${file} has content`);
  }
  const man = await download(page, '#biases [data-export="manifest.json"]');
  assert.equal(JSON.parse(man.bytes.toString('utf8')).experiment, '16-biases');
  const zip = await download(page, '#biases [data-export="pe-lab-biases.zip"]');
  const files = unzipSync(new Uint8Array(zip.bytes));
  for (const name of ['result.json', 'manifest.json', 'biases_learned_table.png', 'biases_learned_table.csv', 'biases_t5_buckets.png',
    'biases_t5_buckets.csv', 'biases_alibi_attention.png', 'biases_alibi_slopes.csv', 'biases_summary.csv']) {
    assert.ok(files[name]?.length > 0, `${name} in the zip`);
  }
  assert.equal(JSON.parse(strFromU8(files['manifest.json'])).experiment, '16-biases');
  assert.equal(JSON.parse(strFromU8(files['result.json'])).lab, 'biases');
  assert.match(strFromU8(files['biases_alibi_slopes.csv']), /^head,slope_reference,slope_simple_formula,differs\n0,0\.5,0\.5,no\n/);

  const page2 = await openPage(env.browser, env.server.url, { acceptDownloads: true });
  await page2.goto(`${env.server.url}?embed&lab=context-extension`);
  await ready(page2);
  for (const file of ['context_extension_scales.png', 'context_extension_angles.png', 'context_extension_attention.png']) {
    const d = await download(page2, `#context-extension [data-export="${file}"]`);
    assert.deepEqual([...d.bytes.subarray(0, 8)], PNG_SIGNATURE, `${file} is a PNG`);
    assert.ok(d.bytes.length > 2000, `${file} has content`);
  }
  const readme = await download(page2, '#context-extension [data-export="README.md"]');
  assert.match(readme.bytes.toString('utf8'), /^# 16-context-extension/);
  const man2 = await download(page2, '#context-extension [data-export="manifest.json"]');
  assert.equal(JSON.parse(man2.bytes.toString('utf8')).experiment, '16-context-extension');
  const zip2 = unzipSync(new Uint8Array((await download(page2, '#context-extension [data-export="pe-lab-context-extension.zip"]')).bytes));
  for (const name of ['result.json', 'manifest.json', 'README.md', 'context_extension_scales.png', 'context_extension_angles.png',
    'context_extension_attention.png', 'context_extension_methods.csv']) {
    assert.ok(zip2[name]?.length > 0, `${name} in the zip`);
  }
  assert.equal(JSON.parse(strFromU8(zip2['manifest.json'])).experiment, '16-context-extension');
  clean(page);
  clean(page2);
  await page.context().close();
  await page2.context().close();
});

test('switching to Spanish re-labels both sections and leaves every data-value unchanged', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}#biases`);
  await ready(page);
  const values = () => page.$$eval('#biases [data-value]:not(.hm-readout), #context-extension [data-value]:not(.hm-readout)',
    (els) => els.map((e) => e.dataset.value));
  const before = await values();
  assert.equal(await page.locator('#biases [data-testid="learned-course-params"]').textContent(), '4,194,304');
  await page.click('[data-lang="es"]');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  await page.waitForFunction(() => /PE absoluta aprendida/.test(document.querySelector('#biases .lab-results')?.textContent ?? ''));
  assert.match(await page.locator('#context-extension .lab-results').textContent(), /Qué hace cada método/);
  assert.equal(await page.locator('#biases [data-testid="learned-course-params"]').textContent(), '4.194.304', 'locale formatting');
  // The re-rendered figures are drawn one per task (the page's draw queue): wait until every number is back.
  await page.waitForFunction((n) => document.querySelectorAll('#biases [data-value]:not(.hm-readout), #context-extension [data-value]:not(.hm-readout)').length >= n,
    before.length);
  assert.deepEqual(await values(), before);
  clean(page);
  await page.context().close();
});

test('a long context-extension run (s·L0 > 512) goes through the worker and gives the Node numbers', async () => {
  const page = await openPage(env.browser, env.server.url);
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${env.server.url}?embed&lab=context-extension&context-extension.factor=8&context-extension.methods=none,linear,yarn`);
  await ready(page);
  assert.ok(workers.length >= 1, 'a module worker was started');
  const expected = (await env.api.runLab('context-extension', { factor: 8, methods: ['none', 'linear', 'yarn'] })).result;
  assert.equal(await value(page, '#context-extension [data-testid="eval-length"]'), 1024);
  for (const m of expected.methods) {
    assert.equal(await value(page, `#context-extension [data-testid="pairs-outside-${m.type}"]`), m.pairsOutside, m.type);
  }
  assert.ok(await nonBlankPixels(page, '#context-extension [data-method="yarn"] .hm-canvas') > 1000);
  clean(page);
  await page.context().close();
});
