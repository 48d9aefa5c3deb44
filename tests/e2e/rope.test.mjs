// tests/e2e/rope.test.mjs — the Lab 02 section (#rope, web/labs/rope.js) in real Chromium: the five course
// pairs pass, the demo draws two coinciding curves that follow m, an odd d_head is an inline error that a
// valid value clears, the course's files download (and zip), pairs survive "copy link", Spanish keeps every
// data-value. Expected numbers come from runLab('rope') in Node (the same wasm binary) or from the course's
// tolerances (relative-position property 1e-5, norm preservation 1e-6: lab-02-rope, Blocks B and D).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import { useBrowser, openPage, nonBlankPixels, showMore } from './harness.mjs';

const COURSE_PAIRS = [[0, 1], [3, 7], [5, 5], [10, 12], [20, 8]];   // lab-02-rope, Block B
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const env = useBrowser();

const ready = (page) => page.waitForSelector('body[data-ready="true"]');
const value = async (page, selector) => Number(await page.locator(selector).first().getAttribute('data-value'));

async function open(options) {
  const page = await openPage(env.browser, env.server.url, options);
  page.setDefaultTimeout(60_000);   // generous on a loaded machine; the waits are for events, not for time
  return page;
}

function clean(page) {
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
  assert.deepEqual(page.foreignRequests, [], 'requests that left the origin');
}

/** The demo figure's numbers table (opened on demand): rows of [n, n − m, lhs, rhs, |diff|] from data-value. */
async function demoTable(page) {
  const fig = page.locator('#rope figure.fig').first();
  const details = fig.locator('details.fig-data');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await fig.locator('.data-table tbody tr').first().waitFor();
  return fig.locator('.data-table tbody tr').evaluateAll((rows) => rows.map((r) =>
    [...r.querySelectorAll('[data-value]')].map((e) => Number(e.dataset.value))));
}

test('Lab 02 renders: the five course pairs pass, the headline max diff, norms, conventions, V, no console errors', async () => {
  const page = await open();
  await page.goto(`${env.server.url}#rope`);
  await ready(page);
  const expected = await env.api.runLab('rope');
  // Controls come from the schema: the course's defaults d_head 16, T 32, base 10000, seed 0.
  assert.equal(await page.inputValue('#rope input[name="dHead"]'), '16');
  assert.equal(await page.inputValue('#rope input[name="T"]'), '32');
  assert.equal(await page.inputValue('#rope input[name="base"]'), '10000');
  assert.equal(await page.inputValue('#rope input[name="seed"]'), '0');
  assert.equal(await page.inputValue('#rope input[name="pairs"]'), '0:1, 3:7, 5:5, 10:12, 20:8');
  assert.equal(await page.locator('#rope tr[data-testid^="rope-pair-"]').count(), 5);
  for (const [m, n] of COURSE_PAIRS) {
    const id = `rope-pair-${m}-${n}`;
    const row = expected.result.pairs.find((x) => x.m === m && x.n === n);
    const diff = await value(page, `#rope [data-testid="${id}-diff"]`);
    assert.ok(diff < 1e-5, `${id}: |lhs − rhs| = ${diff} < 1e-5`);
    assert.equal(await page.getAttribute(`#rope [data-testid="${id}-pass"]`, 'data-pass'), 'true', `${id} passes`);
    assert.equal(await value(page, `#rope [data-testid="${id}-lhs"]`), row.lhs, `${id} lhs as in Node`);
    assert.equal(await value(page, `#rope [data-testid="${id}-rhs"]`), row.rhs, `${id} rhs as in Node`);
  }
  const maxDiff = await value(page, '#rope [data-testid="rope-max-diff"]');
  assert.equal(maxDiff, expected.result.maxDiff);
  assert.ok(maxDiff < 1e-5);
  // Norm preservation for p ∈ {0, 1, 5, 100} (Block D), tolerance 1e-6.
  for (const p of [0, 1, 5, 100]) assert.ok(await value(page, `#rope [data-testid="rope-norm-${p}-diff"]`) < 1e-6, `norm at p = ${p}`);
  assert.ok(await value(page, '#rope [data-testid="rope-norm-max-diff"]') < 1e-6);
  // Conventions: the other one satisfies the property, outputs differ, agree after the permutation.
  assert.ok(await value(page, '#rope [data-testid="rope-conv-other"]') < 1e-5);
  assert.ok(await value(page, '#rope [data-testid="rope-conv-output"]') > 1e-3, 'not bit-equivalent');
  assert.ok(await value(page, '#rope [data-testid="rope-conv-permuted"]') < 1e-12, 'the same up to a permutation');
  // Why V is not rotated: the scores do not change at all, the output does.
  assert.equal(await value(page, '#rope [data-testid="rope-v-scores"]'), 0);
  assert.ok(await value(page, '#rope [data-testid="rope-v-output"]') > 0);
  // Precision sweep on log-log axes: float32 error grows with position (largest at the far end of 1 … 1e7).
  assert.ok(await value(page, '#rope [data-testid="rope-precision-max"]') > 1e3 * await value(page, '#rope [data-testid="rope-precision-first"]'));
  assert.equal(await page.locator('#rope .line-chart canvas').count(), 2);
  assert.ok(await nonBlankPixels(page, '#rope .line-chart canvas >> nth=1') > 300, 'precision chart drawn');
  clean(page);
  await page.context().close();
});

test('the demo draws both curves, they coincide, and moving m shifts the window of offsets', async () => {
  const page = await open();
  await page.goto(`${env.server.url}#rope`);
  await ready(page);
  const canvas = '#rope .line-chart canvas >> nth=0';
  await page.locator(canvas).scrollIntoViewIfNeeded();
  assert.ok(await nonBlankPixels(page, canvas) > 500, 'demo chart drawn');
  const expected = (await env.api.runLab('rope')).result.demo;
  let rows = await demoTable(page);
  assert.equal(rows.length, 32, 'n = 0 … T − 1');
  for (const [i, [n, offset, lhs, rhs, diff]] of rows.entries()) {
    assert.equal(n, i);
    assert.equal(offset, n - 0);
    assert.ok(Math.abs(lhs - rhs) < 1e-5 && diff < 1e-5, `the two curves coincide at n = ${n}`);
    assert.equal(lhs, expected.lhs[i]);
    assert.equal(rhs, expected.rhs[i]);
  }
  assert.ok(await value(page, '#rope [data-testid="rope-demo-max-diff"]') < 1e-5);

  // m = 5 with the slider: the offsets become −5 … 26 and the control, the URL and the numbers follow.
  await page.locator('#rope [data-testid="rope-demo-slider"]').fill('5');
  await page.waitForFunction(() => document.querySelector('#rope input[name="demoM"]').value === '5');
  await page.waitForFunction(() => location.search.includes('rope.demoM=5'));
  await page.waitForFunction(() => {
    const r = document.querySelector('#rope figure.fig .data-table tbody tr');
    return r && r.querySelectorAll('[data-value]')[1].dataset.value === '-5';
  });
  rows = await demoTable(page);
  const shifted = (await env.api.runLab('rope', { demoM: 5 })).result.demo;
  assert.deepEqual(rows.map((r) => r[1]), shifted.offset);
  assert.deepEqual(rows.map((r) => r[2]), shifted.lhs);
  // "The curve only shifts": at an offset both m show, the value is the same (to float64 rounding).
  for (let k = 0; k <= 26; k++) assert.ok(Math.abs(rows[k + 5][2] - expected.lhs[k]) < 1e-12, `offset ${k}`);
  // Typing in the schema control moves the slider too.
  await showMore(page, 'rope');
  await page.fill('#rope input[name="demoM"]', '12');
  await page.waitForFunction(() => document.querySelector('#rope [data-testid="rope-demo-slider"]').value === '12');
  clean(page);
  await page.context().close();
});

test('an odd d_head is an inline alert that keeps the results; a valid value recomputes', async () => {
  const page = await open();
  await page.goto(`${env.server.url}#rope`);
  await ready(page);
  const before = await value(page, '#rope [data-testid="rope-max-diff"]');
  await page.fill('#rope input[name="dHead"]', '7');
  const alert = page.locator('#rope [data-param="dHead"] [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /dHead/);
  assert.match(await alert.textContent(), /7/);
  assert.equal(await page.getAttribute('#rope input[name="dHead"]', 'aria-invalid'), 'true');
  assert.equal(await value(page, '#rope [data-testid="rope-max-diff"]'), before, 'previous results stay');
  await page.fill('#rope input[name="dHead"]', '32');
  const expected = (await env.api.runLab('rope', { dHead: 32 })).result;
  await page.waitForFunction((v) => document.querySelector('#rope [data-testid="rope-max-diff"]').dataset.value === String(v), expected.maxDiff);
  assert.equal(await alert.count(), 0, 'the error is gone');
  assert.equal(await value(page, '#rope [data-testid="rope-pair-20-8-lhs"]'), expected.pairs[4].lhs);
  // A pair outside T is reported at the pairs control, and the view's slider never offers m ≥ T.
  await page.fill('#rope input[name="pairs"]', '0:1, 40:2');
  await page.locator('#rope [data-param="pairs"] [role="alert"]').waitFor();
  assert.equal(await page.getAttribute('#rope [data-testid="rope-demo-slider"]', 'max'), '31');
  clean(page);
  await page.context().close();
});

test('downloads: verify_output.txt, manifest.json, README.md, relative_position_demo.png, and the zip of all', async () => {
  const page = await open({ acceptDownloads: true });
  await page.goto(`${env.server.url}#rope`);
  await ready(page);
  const get = async (file) => {
    const dl = page.waitForEvent('download');
    await page.click(`#rope [data-export="${file}"]`);
    const d = await dl;
    assert.equal(d.suggestedFilename(), file);
    return readFile(await d.path());
  };
  assert.match((await get('verify_output.txt')).toString('utf8'), /ALL CHECKS PASSED/);
  const manifest = JSON.parse((await get('manifest.json')).toString('utf8'));
  assert.equal(manifest.experiment, '16-rope');
  assert.deepEqual(manifest.config, { d_head: 16, T: 32, rope_base: 10000, convention: 'interleaved', precision: 'float64' });
  assert.ok((await get('README.md')).toString('utf8').trim().length > 100);
  const png = await get('relative_position_demo.png');
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
  assert.ok(png.length > 5000);

  const zip = page.waitForEvent('download');
  await page.click('#rope [data-export="pe-lab-rope.zip"]');
  const dz = await zip;
  assert.equal(dz.suggestedFilename(), 'pe-lab-rope.zip');
  const files = unzipSync(new Uint8Array(await readFile(await dz.path())));
  for (const name of ['verify_output.txt', 'manifest.json', 'README.md', 'result.json', 'relative_position_demo.png']) {
    assert.ok(files[name]?.length > 0, `${name} in the zip`);
  }
  assert.match(strFromU8(files['verify_output.txt']), /ALL CHECKS PASSED/);
  assert.equal(JSON.parse(strFromU8(files['manifest.json'])).experiment, '16-rope');
  assert.deepEqual([...files['relative_position_demo.png'].subarray(0, 8)], PNG_SIGNATURE);
  assert.equal(JSON.parse(strFromU8(files['result.json'])).lab, 'rope');
  clean(page);
  await page.context().close();
});

test('"copy link" carries the pairs as m:n, and the link reproduces them', async () => {
  const page = await open();
  await page.goto(`${env.server.url}#rope`);
  await ready(page);
  await page.fill('#rope input[name="pairs"]', '1:2, 9:4');
  await page.waitForSelector('#rope [data-testid="rope-pair-9-4"]');
  await page.waitForFunction(() => decodeURIComponent(location.search).includes('rope.pairs=1:2,9:4'));
  await page.click('#rope [data-action="copy-link"]');
  const link = await page.locator('#rope .lab-status').getAttribute('data-link');
  assert.equal(new URL(link).searchParams.get('rope.pairs'), '1:2,9:4');
  const page2 = await open();
  await page2.goto(link);
  await ready(page2);
  assert.equal(await page2.inputValue('#rope input[name="pairs"]'), '1:2,9:4', 'as the link wrote it');
  assert.equal(await page2.locator('#rope [role="alert"]').count(), 0);
  assert.equal(await page2.locator('#rope tr[data-testid^="rope-pair-"]').count(), 2);
  clean(page);
  clean(page2);
  await page.context().close();
  await page2.context().close();
});

test('switching to Spanish re-labels Lab 02 and leaves every data-value unchanged', async () => {
  const page = await open();
  await page.goto(`${env.server.url}#rope`);
  await ready(page);
  const values = () => page.$$eval('#rope [data-value]:not(.hm-readout)', (els) => els.map((e) => `${e.dataset.testid ?? ''}=${e.dataset.value}`));
  const before = await values();
  assert.ok(before.length > 40);
  const heading = await page.locator('#rope .lab-results h3').first().textContent();
  await page.click('[data-lang="es"]');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  await page.locator('#rope [data-testid="rope-max-diff"]').waitFor();
  assert.notEqual(await page.locator('#rope .lab-results h3').first().textContent(), heading);
  assert.equal(await page.locator('#rope .lab-results h3').first().textContent(), 'La propiedad de posición relativa, par a par');
  assert.match(await page.locator('#rope [data-testid="rope-pair-0-1-pass"]').textContent(), /pasa/);
  assert.equal(await page.locator('#rope [data-testid="rope-q-norm"]').textContent(), '3,661', 'locale formatting');
  // The re-rendered figures are drawn one per task (the page's draw queue): wait until every number is back.
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, ['#rope [data-value]:not(.hm-readout)', before.length]);
  assert.deepEqual(await values(), before);
  clean(page);
  await page.context().close();
});
