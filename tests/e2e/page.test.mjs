// tests/e2e/page.test.mjs — the lab page in real Chromium: both implemented sections render from wasm with
// no console errors; controls recompute; deep links restore parameters; invalid parameters show inline
// errors and keep the page working; PNG/zip exports; embed mode and the <pe-lab> element; Spanish leaves
// every data-value unchanged; the worker runner; no request leaves the origin.
// Expected numbers come from the same API run in Node (same wasm binary) or from stated properties.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import { createPeLab } from 'pe-lab';
import { serveDist, launchBrowser, openPage, nonBlankPixels, showMore } from './harness.mjs';

const HOST_ELEMENT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"></head><body>
<h1>A plain host page</h1>
<pe-lab lab="sinusoidal" lang="es" params='{"T":32,"d":16,"dims":[0,1,5]}'></pe-lab>
<script type="module" src="./pe-lab-element.js"></script>
</body></html>`;
const HOST_IFRAME = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>iframe host</title><link rel="icon" href="data:,"></head><body>
<iframe id="lab" src="./?embed&lab=permutation" title="PE Lab" style="width:100%;border:0"></iframe>
<script>
  window.heights = [];
  addEventListener('message', (e) => {
    if (e.data && e.data.type === 'pe-lab:resize') { window.heights.push(e.data.height); document.getElementById('lab').style.height = e.data.height + 'px'; }
  });
</script></body></html>`;

let server, browser, api;
before(async () => {
  server = await serveDist({ '/host.html': HOST_ELEMENT, '/iframe-host.html': HOST_IFRAME });
  browser = await launchBrowser();
  api = await createPeLab();
});
after(async () => { await browser?.close(); await server?.close(); });

const value = async (page, selector) => Number(await page.locator(selector).getAttribute('data-value'));
const ready = (page) => page.waitForSelector('body[data-ready="true"]');

/** Waits until the element's data-value differs from `old`. */
async function changed(page, selector, old) {
  await page.waitForFunction(([s, o]) => {
    const el = document.querySelector(s);
    return el && el.dataset.value !== undefined && el.dataset.value !== o;
  }, [selector, String(old)]);
  return value(page, selector);
}

function clean(page) {
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
  assert.deepEqual(page.foreignRequests, [], 'requests that left the origin');
}

test('the first lab sections render from wasm, every lab has a section and a nav link, the footer names the versions', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(server.url);
  await ready(page);
  for (const id of ['permutation', 'sinusoidal', 'rope', 'extrapolation', 'head-to-head', 'biases', 'context-extension']) {
    assert.equal(await page.locator(`section#${id}`).count(), 1, `section #${id}`);
    assert.equal(await page.locator(`nav a[href="#${id}"]`).count(), 1, `nav link to #${id}`);
  }
  // Lab 00 defaults: without PE the layer is equivariant (≤ tolerance 1e-5, wasm/labs/permutation.js);
  // with sinusoidal PE it is not (the Node API gives 1.128 for the defaults).
  const expected = await api.runLab('permutation');
  const byScheme = Object.fromEntries(expected.result.schemes.map((s) => [s.pe, s.equivarianceError]));
  assert.ok(await value(page, '[data-testid="equivariance-none"]') <= 1e-5);
  for (const pe of ['none', 'sinusoidal', 'learned', 'rope', 'alibi', 't5']) {
    assert.equal(await value(page, `#permutation [data-testid="equivariance-${pe}"]`), byScheme[pe], pe);
  }
  assert.equal(await value(page, '#permutation [data-testid="equivariance-table-none"]'), byScheme.none);
  assert.equal(await page.locator('#permutation tr[data-scheme="alibi"] [data-equivariant]').getAttribute('data-equivariant'), 'true',
    'the default reordering is a reversal, which bidirectional ALiBi cannot see');
  assert.ok(await value(page, '[data-testid="multiset-none"]') <= 1e-5);
  // Lab 01: the offset property holds to float64 rounding (OFFSET_TOLERANCE 1e-11), PE(1,0) = sin(1).
  assert.ok(await value(page, '#sinusoidal [data-testid="offset-error"]') <= 1e-11);
  assert.ok(Math.abs(await value(page, '#sinusoidal [data-testid="pe-1-0"]') - Math.sin(1)) < 1e-7);
  assert.ok(await nonBlankPixels(page, '#permutation .hm-canvas') > 0);
  assert.ok(await nonBlankPixels(page, '#sinusoidal .hm-canvas') > 1000);
  assert.equal(await page.locator('#sinusoidal .line-chart canvas').count(), 1);
  assert.match(await page.locator('#rope h2').textContent(), /^Lab 02/);
  // Every displayed number's data-value is a raw number.
  const raw = await page.$$eval('[data-value]', (els) => els.map((e) => e.dataset.value));
  assert.ok(raw.length > 30 && raw.every((v) => Number.isFinite(Number(v))), 'data-value holds raw numbers');
  // Footer: the versions that ran and the build's commit.
  assert.equal(await page.locator('[data-testid="version-pe_lab"]').textContent(), api.versions.pe_lab);
  assert.equal(await page.locator('[data-testid="version-eigen"]').textContent(), api.versions.eigen);
  assert.match(await page.locator('[data-testid="version-runtime"]').textContent(), /Chrome/);
  assert.match(await page.locator('[data-testid="version-commit"]').textContent(), /^([0-9a-f]{4,}|unknown)$/);
  clean(page);
  await page.context().close();
});

test('a heatmap shows the value under the cursor (mouse or arrow keys) with data-value', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(server.url);
  await ready(page);
  const pe = (await api.runLab('sinusoidal')).result.pe;   // T 64 × d 32, row-major
  const canvas = page.locator('#sinusoidal .hm-canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  // Centre of cell (row 10, col 3).
  await canvas.hover({ position: { x: (3.5 / 32) * box.width, y: (10.5 / 64) * box.height } });
  const readout = page.locator('#sinusoidal .hm-readout').first();
  await page.waitForFunction(() => document.querySelector('#sinusoidal .hm-readout').dataset.row === '10');
  assert.equal(await readout.getAttribute('data-col'), '3');
  assert.equal(Number(await readout.getAttribute('data-value')), pe.data[10 * 32 + 3]);
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  assert.equal(await readout.getAttribute('data-col'), '4');
  assert.equal(await readout.getAttribute('data-row'), '11');
  assert.equal(Number(await readout.getAttribute('data-value')), pe.data[11 * 32 + 4]);
  // The colour legend's ends carry the range: [-1, 1] for the PE matrix.
  assert.deepEqual(await page.$$eval('#sinusoidal .hm-legend .num', (els) => els.slice(0, 2).map((e) => Number(e.dataset.value))), [-1, 1]);
  clean(page);
  await page.context().close();
});

test('changing the sentence recomputes, keeps the reordering valid and writes the URL', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(server.url);
  await ready(page);
  const before = await value(page, '#permutation [data-testid="equivariance-sinusoidal"]');
  await page.fill('#permutation input[name="sentence"]', 'the cat sat on a mat');
  const after = await changed(page, '#permutation [data-testid="equivariance-sinusoidal"]', before);
  assert.notEqual(after, before);
  // The old reordering no longer uses the same words: the view replaces it by the reversed sentence.
  assert.equal(await page.inputValue('#permutation input[name="reordered"]'), 'mat a on sat cat the');
  const expected = await api.runLab('permutation', { sentence: 'the cat sat on a mat', reordered: 'mat a on sat cat the' });
  assert.equal(after, expected.result.schemes.find((s) => s.pe === 'sinusoidal').equivarianceError);
  assert.ok(await value(page, '[data-testid="equivariance-none"]') <= 1e-5);
  await page.waitForFunction(() => location.search.includes('permutation.sentence=the%20cat%20sat%20on%20a%20mat'));
  assert.equal(new URL(page.url()).hash, '#permutation');

  // Swapping two word chips with the keyboard edits the reordering.
  const chips = page.locator('#permutation .chip');
  assert.equal(await chips.count(), 6);
  await chips.nth(0).focus();
  await page.keyboard.press('Enter');
  await chips.nth(1).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#permutation input[name="reordered"]').value === 'a mat on sat cat the');
  // Shuffle: a reordering of the same words.
  await page.click('#permutation [data-action="shuffle"]');
  const shuffled = await page.inputValue('#permutation input[name="reordered"]');
  assert.deepEqual(shuffled.split(' ').sort(), 'the cat sat on a mat'.split(' ').sort());
  // Reverse: ALiBi's error vanishes (bidirectional ALiBi depends only on |i − j|).
  await page.click('#permutation [data-action="reverse"]');
  await page.waitForFunction(() => document.querySelector('#permutation [data-testid="perm"]')?.textContent === '[5, 4, 3, 2, 1, 0]');
  assert.ok(await value(page, '#permutation [data-testid="equivariance-alibi"]') <= 1e-5);
  clean(page);
  await page.context().close();
});

test('a deep link restores parameters in both labs (inputs and numbers) and the section in view', async () => {
  const page = await openPage(browser, server.url);
  const query = '?permutation.sentence=I%20work%20he%20today&permutation.reordered=today%20he%20I%20work&permutation.nHeads=4&permutation.seed=7'
    + '&sinusoidal.T=128&sinusoidal.d=16&sinusoidal.offset=9&sinusoidal.dims=1,3#sinusoidal';
  await page.goto(server.url + query);
  await ready(page);
  assert.equal(await page.inputValue('#permutation input[name="sentence"]'), 'I work he today');
  assert.equal(await page.inputValue('#permutation input[name="reordered"]'), 'today he I work');
  assert.equal(await page.inputValue('#permutation input[name="nHeads"]'), '4');
  assert.equal(await page.inputValue('#sinusoidal input[name="T"]'), '128');
  assert.equal(await page.inputValue('#sinusoidal input[name="d"]'), '16');
  assert.equal(await page.inputValue('#sinusoidal input[name="dims"]'), '1,3');
  const perm = await api.runLab('permutation', { sentence: 'I work he today', reordered: 'today he I work', nHeads: 4, seed: 7 });
  for (const s of perm.result.schemes) {
    assert.equal(await value(page, `#permutation [data-testid="equivariance-${s.pe}"]`), s.equivarianceError, s.pe);
  }
  const sin = await api.runLab('sinusoidal', { T: 128, d: 16, offset: 9, dims: [1, 3] });
  assert.equal(await value(page, '#sinusoidal [data-testid="offset-error"]'), sin.result.offsetError);
  assert.equal(await page.$eval('#sinusoidal .hm-canvas', (c) => `${c.height}x${c.width}`), '128x16');
  // 4 heads → 4 pairs of attention maps for the shown scheme.
  assert.equal(await page.locator('#permutation .fig-grid-pairs').first().locator('.fig').count(), 8);
  // The link the page would share reproduces all of it.
  await page.click('#sinusoidal [data-action="copy-link"]');
  const link = await page.locator('#sinusoidal .lab-status').getAttribute('data-link');
  const params = new URL(link).searchParams;
  assert.equal(params.get('sinusoidal.T'), '128');
  assert.equal(params.get('sinusoidal.dims'), '1,3');
  assert.equal(params.get('permutation.nHeads'), '4');
  assert.equal(new URL(link).hash, '#sinusoidal');
  assert.ok(await page.evaluate(() => document.getElementById('sinusoidal').getBoundingClientRect().top) < 400, 'scrolled to #sinusoidal');
  clean(page);
  await page.context().close();
});

test('invalid parameters show an inline alert at the control, keep the last results, and a valid change recomputes', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(server.url);
  await ready(page);
  const base = await value(page, '#permutation [data-testid="equivariance-sinusoidal"]');
  // nHeads 3 does not divide dModel 16 (wasm/labs/permutation.js).
  await showMore(page, 'permutation');   // nHeads sits under "More parameters"
  await page.fill('#permutation input[name="nHeads"]', '3');
  const alert = page.locator('#permutation [data-param="nHeads"] [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /nHeads must be a divisor of dModel = 16, got 3/);
  assert.equal(await page.getAttribute('#permutation input[name="nHeads"]', 'aria-invalid'), 'true');
  assert.equal(await value(page, '#permutation [data-testid="equivariance-sinusoidal"]'), base, 'previous results stay');
  assert.ok(await page.locator('#permutation .lab-results.is-stale').count() === 1);
  // A reordering with other words: its own inline error once nHeads is valid again.
  await page.fill('#permutation input[name="nHeads"]', '4');
  const fixed = await changed(page, '#permutation [data-testid="equivariance-sinusoidal"]', base);
  assert.notEqual(fixed, base);
  assert.equal(await page.locator('#permutation [role="alert"]').count(), 0, 'the error is gone');
  await page.fill('#permutation input[name="reordered"]', 'he works I');
  await page.locator('#permutation [data-param="reordered"] [role="alert"]').waitFor();
  // An odd d in Lab 01: the error sits next to d; the page keeps working.
  const peBefore = await page.$eval('#sinusoidal .hm-canvas', (c) => c.width);
  await page.fill('#sinusoidal input[name="d"]', '5');
  const dAlert = page.locator('#sinusoidal [data-param="d"] [role="alert"]');
  await dAlert.waitFor();
  assert.match(await dAlert.textContent(), /\bd\b.*multiple of 2.*5/);
  assert.equal(await page.$eval('#sinusoidal .hm-canvas', (c) => c.width), peBefore);
  await page.fill('#sinusoidal input[name="d"]', '24');
  await page.waitForFunction(() => document.querySelector('#sinusoidal .hm-canvas').width === 24);
  assert.equal(await dAlert.count(), 0);
  // A cross-parameter rule: dims must be below d (attached to dims, named by the engine).
  await showMore(page, 'sinusoidal');
  await page.fill('#sinusoidal input[name="dims"]', '0, 30');
  await page.locator('#sinusoidal [data-param="dims"] [role="alert"]').waitFor();
  // Reset to defaults clears everything.
  await page.click('#sinusoidal [data-action="reset"]');
  await page.waitForFunction(() => document.querySelector('#sinusoidal .hm-canvas').width === 32);
  assert.equal(await page.locator('#sinusoidal [role="alert"]').count(), 0);
  assert.equal(await page.inputValue('#sinusoidal input[name="dims"]'), '0, 2, 8, 16');
  clean(page);
  await page.context().close();
});

test('an invalid value in a link is reported and the page still shows results', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}?sinusoidal.d=7&sinusoidal.bogus=1#sinusoidal`);
  await ready(page);
  await page.locator('#sinusoidal [data-param="d"] [role="alert"]').waitFor();
  assert.match(await page.locator('#sinusoidal .form-errors [role="alert"]').textContent(), /bogus/);
  assert.ok(await value(page, '#sinusoidal [data-testid="offset-error"]') <= 1e-11, 'results computed with the default d');
  assert.ok(await nonBlankPixels(page, '#sinusoidal .hm-canvas') > 1000);
  clean(page);
  await page.context().close();
});

test('PNG export downloads a PNG; "download all" is a zip with the deliverables, PNGs and CSVs', async () => {
  const page = await openPage(browser, server.url, { acceptDownloads: true });
  await page.goto(server.url);
  await ready(page);
  const png = page.waitForEvent('download');
  await page.click('#sinusoidal [data-export="sinusoidal_pe.png"]');
  const d1 = await png;
  assert.equal(d1.suggestedFilename(), 'sinusoidal_pe.png');
  const bytes = await readFile(await d1.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.ok(bytes.length > 2000);
  const linePng = page.waitForEvent('download');
  await page.click('#sinusoidal [data-export="sinusoidal_curves.png"]');
  const d2 = await readFile(await (await linePng).path());
  assert.equal(d2.readUInt32BE(0), 0x89504e47);

  const zip = page.waitForEvent('download');
  await page.click('#permutation [data-export="pe-lab-permutation.zip"]');
  const dz = await zip;
  assert.equal(dz.suggestedFilename(), 'pe-lab-permutation.zip');
  const files = unzipSync(new Uint8Array(await readFile(await dz.path())));
  for (const name of ['result.json', 'manifest.json', 'verify_output.txt', 'permutation_equivariance.csv', 'permutation_equivariance.json',
    'permutation_attention_none_head1_original.png', 'permutation_output_none_reordered.csv']) {
    assert.ok(files[name]?.length > 0, `${name} in the zip`);
  }
  const result = JSON.parse(strFromU8(files['result.json']));
  assert.equal(result.lab, 'permutation');
  assert.equal(JSON.parse(strFromU8(files['manifest.json'])).experiment, '16-permutation');
  assert.match(strFromU8(files['permutation_equivariance.csv']), /^scheme,equivariance_error,multiset_error,equivariant\nnone,/);
  assert.equal(files['permutation_attention_none_head1_original.png'][0], 0x89);

  const json = page.waitForEvent('download');
  await page.click('#sinusoidal [data-export="verify_output.txt"]');
  assert.match(await readFile(await (await json).path(), 'utf8'), /^Lab 01 — sinusoidal PE/);
  clean(page);
  await page.context().close();
});

test('embed mode shows one lab without the page chrome and reports its height to the parent', async () => {
  for (const q of ['?embed&lab=sinusoidal', '?lab=sinusoidal&embed']) {
    const page = await openPage(browser, server.url);
    await page.goto(server.url + q);
    await ready(page);
    assert.deepEqual(await page.$$eval('section.lab', (s) => s.map((x) => x.id)), ['sinusoidal'], q);
    assert.equal(await page.locator('.site-header, .site-footer, nav').count(), 0);
    assert.ok(await value(page, '[data-testid="offset-error"]') <= 1e-11);
    clean(page);
    await page.context().close();
  }
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}iframe-host.html`);
  await page.waitForFunction(() => window.heights.length > 0 && Math.max(...window.heights) > 600);
  const frame = page.frameLocator('#lab');
  assert.equal(await frame.locator('section.lab').count(), 1);
  await frame.locator('#permutation [data-testid="equivariance-none"]').waitFor();
  const h = await page.evaluate(() => window.heights.at(-1));
  const content = await frame.locator('main').evaluate((m) => Math.ceil(m.getBoundingClientRect().height));
  assert.ok(Math.abs(h - content) <= 2, `reported ${h}, content ${content}`);
  clean(page);
  await page.context().close();
});

test('the <pe-lab> custom element renders one lab inside a plain host page', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}host.html`);
  const offset = page.locator('pe-lab [data-testid="offset-error"]');
  await offset.waitFor();
  assert.equal(await page.locator('pe-lab section.lab').count(), 1);
  assert.equal(await page.locator('pe-lab section#sinusoidal').count(), 1);
  assert.equal(await page.inputValue('pe-lab input[name="T"]'), '32');
  assert.equal(await page.locator('pe-lab .lab-controls h3').textContent(), 'Parámetros', 'lang="es"');
  const sin = await api.runLab('sinusoidal', { T: 32, d: 16, dims: [0, 1, 5] });
  assert.equal(Number(await offset.getAttribute('data-value')), sin.result.offsetError);
  assert.ok(await nonBlankPixels(page, 'pe-lab .hm-canvas') > 200);
  // It works like the page: a change recomputes, and the host's URL is left alone.
  await page.fill('pe-lab input[name="T"]', '48');
  await page.waitForFunction(() => document.querySelector('pe-lab').shadowRoot.querySelector('.hm-canvas').height === 48);
  assert.equal(new URL(page.url()).search, '');
  // Switching the attribute re-labels it.
  await page.evaluate(() => document.querySelector('pe-lab').setAttribute('lang', 'en'));
  await page.waitForFunction(() => document.querySelector('pe-lab').shadowRoot.querySelector('.lab-controls h3').textContent === 'Parameters');
  assert.equal(await page.inputValue('pe-lab input[name="T"]'), '48');
  clean(page);
  await page.context().close();
});

test('switching to Spanish changes the visible text and leaves every data-value unchanged', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(server.url);
  await ready(page);
  const values = () => page.$$eval('[data-value]:not(.hm-readout)', (els) => els.map((e) => e.dataset.value));
  const before = await values();
  const text = await page.locator('#sinusoidal .lab-controls h3').textContent();
  const number = await page.locator('#sinusoidal [data-testid="pe-1-0"]').textContent();
  await page.click('[data-lang="es"]');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  assert.equal(await page.locator('#sinusoidal .lab-controls h3').textContent(), 'Parámetros');
  assert.notEqual(text, 'Parámetros');
  assert.match(await page.locator('#permutation h2').textContent(), /la atención sin posiciones/);
  assert.equal(await page.locator('[data-lang="es"]').getAttribute('aria-pressed'), 'true');
  assert.equal(number, '0.8415');
  assert.equal(await page.locator('#sinusoidal [data-testid="pe-1-0"]').textContent(), '0,8415', 'locale formatting');
  // The re-rendered figures are drawn one per task (the page's draw queue): wait until every number is back.
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, ['[data-value]:not(.hm-readout)', before.length]);
  assert.deepEqual(await values(), before);
  assert.ok(new URL(page.url()).searchParams.get('lang') === 'es');
  // ?lang=es opens in Spanish.
  const page2 = await openPage(browser, server.url);
  await page2.goto(`${server.url}?lang=es`);
  await ready(page2);
  assert.equal(await page2.locator('[data-action="reset"]').first().textContent(), 'Restablecer valores');
  clean(page);
  clean(page2);
  await page.context().close();
  await page2.context().close();
});

test('the worker runner computes the same numbers off the main thread, reports errors and cancels', async () => {
  const page = await openPage(browser, server.url);
  const workerUrls = [];
  page.on('worker', (w) => workerUrls.push(w.url()));
  await page.goto(`${server.url}?runner=worker`);
  await ready(page);
  assert.ok(workerUrls.length >= 1, 'a module worker was started');
  const expected = await api.runLab('permutation');
  assert.equal(await value(page, '#permutation [data-testid="equivariance-sinusoidal"]'),
    expected.result.schemes.find((s) => s.pe === 'sinusoidal').equivarianceError);
  const out = await page.evaluate(async () => {
    const { run } = window.__peLab.runner;
    const r = await run('sinusoidal', { T: 16, d: 8, offset: 3, dims: [0, 1] });
    let error = null;
    try { await run('permutation', { nHeads: 3 }); } catch (e) { error = e.message; }
    const ac = new AbortController();
    const p = run('sinusoidal', { T: 2048, d: 1024 }, { signal: ac.signal });
    ac.abort();
    let aborted = null;
    try { await p; } catch (e) { aborted = e.name; }
    const after = await run('sinusoidal', { T: 8, d: 4, dims: [0] });
    return { offsetError: r.result.offsetError, files: Object.keys(r.files), error, aborted, after: after.params.T };
  });
  const sin = await api.runLab('sinusoidal', { T: 16, d: 8, offset: 3, dims: [0, 1] });
  assert.equal(out.offsetError, sin.result.offsetError);
  assert.deepEqual(out.files, Object.keys(sin.files));
  assert.match(out.error, /^permutation: nHeads must be a divisor of dModel = 16, got 3$/);
  assert.equal(out.aborted, 'AbortError');
  assert.equal(out.after, 8, 'the runner keeps working after a cancel');
  // An invalid control in worker mode still lands next to its control.
  await page.fill('#sinusoidal input[name="d"]', '9');
  await page.locator('#sinusoidal [data-param="d"] [role="alert"]').waitFor();
  clean(page);
  await page.context().close();
});
