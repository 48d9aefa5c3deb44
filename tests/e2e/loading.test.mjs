// tests/e2e/loading.test.mjs — how the page loads (issue 14): the built HTML shows every section's skeleton
// before any script; only the sections near the screen (or linked) compute at load, another one when it is
// scrolled to; a deep link is in view at once and stays there while the sections above fill in; an embedded
// lab's first resize message carries its real height; Cancel keeps the learner's parameters and the last
// good result.
// Expected values: section names and their order from LAB_NAMES; positions read from the page itself.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { LAB_NAMES } from 'pe-lab';
import { serveDist, launchBrowser, openPage } from './harness.mjs';

const HOST_IFRAME = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>iframe host</title><link rel="icon" href="data:,"></head><body>
<script>
  window.heights = [];
  addEventListener('message', (e) => { if (e.data && e.data.type === 'pe-lab:resize') window.heights.push(e.data.height); });
</script>
<iframe id="lab" src="./?embed&lab=rope" title="PE Lab" style="width:100%;border:0"></iframe></body></html>`;

let server, browser;
before(async () => {
  server = await serveDist({ '/iframe-host.html': HOST_IFRAME });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); });

const ready = (page) => page.waitForSelector('body[data-ready="true"]');
/** Ids of the sections that show results (a number with data-value inside their results). */
const computed = (page) => page.$$eval('section.lab', (els) => els.filter((s) => s.querySelector('.lab-results [data-value]')).map((s) => s.id));

function clean(page) {
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
}

test('the built HTML holds every section\'s skeleton (heading, statement, placeholder) before any script runs', async () => {
  const html = await readFile(new URL('../../dist/index.html', import.meta.url), 'utf8');
  const ids = [...html.matchAll(/<section id="([^"]+)" class="lab is-skeleton"/g)].map((m) => m[1]);
  assert.deepEqual(ids, [...LAB_NAMES].sort((a, b) => html.indexOf(`id="${a}"`) - html.indexOf(`id="${b}"`)));
  assert.equal(new Set(ids).size, LAB_NAMES.length, 'one skeleton per lab');
  assert.equal((html.match(/class="lab-statement"/g) ?? []).length, LAB_NAMES.length);
  assert.equal((html.match(/class="lab-skeleton-figure"[^>]*style="--figure-height: \d+px"/g) ?? []).length, LAB_NAMES.length);
  // With scripts off the page still has its shape: every section's placeholder is a tall box.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  const heights = await page.$$eval('.lab-skeleton-figure', (els) => els.map((e) => e.getBoundingClientRect().height));
  assert.equal(heights.length, LAB_NAMES.length);
  assert.ok(heights.every((h) => h >= 300), `placeholder heights ${heights}`);
  await context.close();
});

test('a load computes only the sections near the screen; scrolling to another one computes it', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}#rope`);
  await ready(page);
  const atLoad = await computed(page);
  assert.ok(atLoad.includes('rope'), `the linked section computed: ${atLoad}`);
  assert.ok(atLoad.length <= 4, `only the sections within a viewport of the screen computed: ${atLoad}`);
  assert.ok(!atLoad.includes('context-extension'), 'the last section waits');
  assert.equal(await page.locator('#context-extension.is-skeleton .lab-skeleton-figure').count(), 1, 'still a skeleton');
  assert.equal(await page.locator('#context-extension .lab-controls').count(), 0, 'its view is not loaded');
  await page.locator('#context-extension').scrollIntoViewIfNeeded();
  await page.locator('#context-extension .lab-results [data-value]').first().waitFor({ timeout: 30_000 });
  assert.ok((await computed(page)).includes('context-extension'));
  // window.__peLab.loadAll() (tests, console) starts the rest.
  await page.evaluate(() => window.__peLab.loadAll());
  assert.equal(await page.locator('section.lab.is-skeleton').count(), 0);
  clean(page);
  await page.context().close();
});

test('a deep link is in view at once (no scroll animation) and stays there while the sections above fill in', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}#context-extension`, { waitUntil: 'commit' });
  // Samples from the first paint on: scrollY and the section's top, every ~25 ms for 2.5 s.
  await page.waitForFunction(() => document.getElementById('context-extension'));
  const samples = await page.evaluate(async () => {
    const out = [];
    const t0 = performance.now();
    while (performance.now() - t0 < 2500) {
      const top = document.getElementById('context-extension').getBoundingClientRect().top;
      out.push({ t: performance.now() - t0, y: scrollY, top, h: innerHeight });
      await new Promise((r) => setTimeout(r, 25));
    }
    return out;
  });
  await ready(page);
  const final = await page.evaluate(() => scrollY);
  assert.ok(final > 2000, `the section is far down the page (scrollY ${final})`);
  const late = samples.filter((s) => s.t >= 300);
  for (const s of late) {
    assert.ok(Math.abs(s.y - final) <= 2 || s.top >= 0 && s.top < s.h / 3,
      `at ${Math.round(s.t)} ms the section stays at the top of the screen (scrollY ${s.y}, final ${final}, top ${s.top})`);
    assert.ok(s.top >= 0 && s.top < s.h, `at ${Math.round(s.t)} ms its top is within the viewport (${s.top})`);
  }
  // No smooth scroll: never a position between the top of the page and the section (other than the first frames).
  const between = late.filter((s) => s.y > 0 && Math.abs(s.y - final) > 2 && (s.top < 0 || s.top >= s.h / 3));
  assert.deepEqual(between, []);
  const top = await page.evaluate(() => document.getElementById('context-extension').getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 200, `after load its top is near the top of the screen (${top})`);
  clean(page);
  await page.context().close();
});

test('an embedded lab\'s first resize message carries its real, non-zero height', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}iframe-host.html`);
  await page.waitForFunction(() => window.heights.length > 0);
  const first = await page.evaluate(() => window.heights[0]);
  assert.ok(first > 300, `first height ${first}`);
  const frame = page.frameLocator('#lab');
  await frame.locator('#rope .lab-results [data-value]').first().waitFor();
  // The first message came after the results rendered: they were already part of the height measured.
  const results = await frame.locator('#rope .lab-results').evaluate((r) => r.getBoundingClientRect().height);
  assert.ok(first > results, `first height ${first} includes the results (${results})`);
  clean(page);
  await page.context().close();
});

test('a cold load fetches the .wasm exactly once, workers included (they get the page\'s compiled module)', async () => {
  const page = await openPage(browser, server.url);
  const wasmFetches = [];
  const workers = [];
  page.context().on('request', (req) => { if (new URL(req.url()).pathname.endsWith('.wasm')) wasmFetches.push(req.url()); });
  page.on('worker', (w) => workers.push(w.url()));
  // Lab 03 runs in the worker; the footer's versions come from the page's own instance.
  await page.goto(`${server.url}#extrapolation`);
  await ready(page);
  await page.locator('#extrapolation .lab-results [data-value]').first().waitFor();
  await page.locator('[data-testid="version-pe_lab"]').filter({ hasNotText: '…' }).waitFor();
  assert.ok(workers.length >= 1, 'a worker ran');
  assert.equal(wasmFetches.length, 1, `fetches of the .wasm: ${wasmFetches.join(', ')}`);
  clean(page);
  await page.context().close();
});
