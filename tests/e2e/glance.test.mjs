// tests/e2e/glance.test.mjs — each lab at a glance, in real Chromium: "More parameters" (the schema's non-primary
// parameters) is closed by default and opened by a link that sets one of them, or by an error that concerns one;
// a preset button sets its parameters (the controls, the URL) and the result is runLab's for those parameters in
// Node (same wasm binary); the table of contents, the sections' labels and the embed page's title name every lab
// alike ("Lab 00 · Permutation", numbered 00 … 06 in page order) with no "Theory"/"Phase" left unexplained; at
// 390 px the takeaway and the main figure come before the parameters in every lab; the Spanish page names its
// presets in Spanish (wasm/presets.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { LABS, PRESETS, presetParams } from '../../wasm/index.js';
import { hiddenParams } from '../../web/ui/controls.js';
import { useBrowser, openPage } from './harness.mjs';

const env = useBrowser();
const SIX = ['permutation', 'sinusoidal', 'rope', 'extrapolation', 'biases', 'context-extension'];
const ORDER = ['permutation', 'sinusoidal', 'rope', 'extrapolation', 'head-to-head', 'biases', 'context-extension'];
const ready = (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
const isOpen = (page, lab) => page.$eval(`section#${lab} details.more-params`, (d) => d.open);

/** Brings a lab's section into view (sections start near the viewport) and waits for its first result. */
async function mounted(page, lab) {
  await page.locator(`section#${lab}`).scrollIntoViewIfNeeded();
  await page.waitForSelector(`section#${lab} [data-testid="takeaway"] [data-value]`, { timeout: 60_000 });
}

test('"More parameters" is closed by default, opened by a link that sets a hidden parameter or by an error on one', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(env.server.url);
  await ready(page);
  for (const lab of SIX) {
    await mounted(page, lab);
    const hidden = hiddenParams(LABS[lab]);
    const primary = Object.keys(LABS[lab].params).filter((k) => !hidden.includes(k));
    assert.ok(primary.length >= 2 && primary.length <= 3 && hidden.length > 0, lab);
    assert.equal(await isOpen(page, lab), false, `${lab}: closed by default`);
    for (const k of primary) assert.ok(await page.locator(`section#${lab} [data-param="${k}"]`).isVisible(), `${lab}.${k} shown`);
    for (const k of hidden) {
      assert.equal(await page.locator(`section#${lab} details.more-params [data-param="${k}"]`).count(), 1, `${lab}.${k} in the fold`);
      assert.equal(await page.locator(`section#${lab} [data-param="${k}"]`).isVisible(), false, `${lab}.${k} hidden`);
    }
  }
  // An error that concerns a folded parameter opens the fold: d = 8 (shown) leaves dims 0,2,8,16 (folded) out of range.
  await page.locator('#sinusoidal input[name="d"]').fill('8');
  await page.locator('#sinusoidal [data-param="dims"] [role="alert"]').waitFor({ state: 'visible' });
  assert.equal(await isOpen(page, 'sinusoidal'), true, 'the error on dims opened the fold');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // A link setting a folded parameter (one lab) opens that lab's fold, and only that one; a link setting only
  // shown parameters leaves it closed.
  const linked = await openPage(env.browser, env.server.url);
  await linked.goto(`${env.server.url}?biases.head=3&rope.base=500#biases`);
  await ready(linked);
  await mounted(linked, 'biases');
  assert.equal(await isOpen(linked, 'biases'), true, 'biases.head is folded: the link opens the fold');
  assert.equal(await linked.inputValue('#biases input[name="head"]'), '3');
  assert.ok(await linked.locator('#biases input[name="head"]').isVisible());
  await mounted(linked, 'rope');
  assert.equal(await isOpen(linked, 'rope'), false, 'rope.base is shown: the fold stays closed');
  await mounted(linked, 'context-extension');
  assert.equal(await isOpen(linked, 'context-extension'), false);
  assert.deepEqual(linked.problems, []);
  await linked.context().close();
});

test('a preset button sets its parameters, the URL and the result (runLab in Node with the same parameters)', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}#rope`);
  await ready(page);
  await mounted(page, 'rope');
  const names = await page.$$eval('#rope [data-testid="presets"] [data-preset]', (els) => els.map((e) => [e.dataset.preset, e.textContent]));
  assert.deepEqual(names, PRESETS.rope.map((p) => [p.id, p.en.name]), 'one button per preset, by its English name');
  const before = await page.getAttribute('#rope [data-testid="takeaway"] [data-key="maxDiff"]', 'data-value');
  // base 10: a shown parameter only.
  await page.click('#rope [data-preset="base-10"]');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('rope.base') === '10');
  assert.equal(await page.inputValue('#rope input[name="base"]'), '10');
  assert.equal(await page.getAttribute('#rope [data-preset="base-10"]', 'aria-pressed'), 'true');
  assert.equal(await page.locator('#rope [data-testid="preset-what"]').textContent(), PRESETS.rope.find((p) => p.id === 'base-10').en.what);
  const want = (await env.api.runLab('rope', presetParams('rope', 'base-10'))).result;
  await page.waitForFunction(([v]) => document.querySelector('#rope [data-testid="takeaway"] [data-key="maxDiff"]')?.dataset.value === v, [String(want.maxDiff)]);
  assert.notEqual(String(want.maxDiff), before, 'the preset changes the result');
  assert.equal(await isOpen(page, 'rope'), false, 'base is shown: the fold stays closed');
  // far-pairs sets folded parameters (T, precision): the fold opens to show them; base is back at its default.
  await page.click('#rope [data-preset="far-pairs"]');
  const far = (await env.api.runLab('rope', presetParams('rope', 'far-pairs'))).result;
  await page.waitForFunction(([v]) => document.querySelector('#rope [data-testid="takeaway"] [data-key="maxDiff"]')?.dataset.value === v, [String(far.maxDiff)], { timeout: 60_000 });
  const q = new URL(page.url()).searchParams;
  assert.equal(q.get('rope.T'), '1024');
  assert.equal(q.get('rope.precision'), 'float32');
  assert.equal(q.get('rope.pairs'), '0:1,100:101,1000:1001,1023:0');
  assert.equal(q.get('rope.base'), null, 'the preset starts from the defaults');
  assert.equal(await page.inputValue('#rope input[name="base"]'), '10000');
  assert.equal(await isOpen(page, 'rope'), true);
  assert.equal(await page.getAttribute('#rope [data-preset="base-10"]', 'aria-pressed'), 'false');
  // Lab 03 far past its table, clamp: learned PE is excluded from the verdict (issue 15's soundness rule).
  await mounted(page, 'extrapolation');
  await page.click('#extrapolation [data-preset="far-clamp"]');
  const ex = (await env.api.runLab('extrapolation', presetParams('extrapolation', 'far-clamp'))).result;
  await page.waitForFunction((v) => document.querySelector('#extrapolation [data-recommendation]')?.dataset.recommendation === v, ex.recommendation, { timeout: 60_000 });
  assert.doesNotMatch(ex.recommendation, /learned/);
  assert.equal(await page.inputValue('#extrapolation input[name="TSweep"]'), '32, 64, 128, 512, 1024');
  assert.equal(new URL(page.url()).searchParams.get('extrapolation.TSweep'), '32,64,128,512,1024');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the table of contents, the section labels and the embed title name the labs alike, numbered in page order', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(env.server.url);
  await ready(page);
  const toc = await page.$$eval('nav.toc a[data-nav]', (els) => els.map((a) => [a.dataset.nav, a.textContent.trim()]));
  assert.deepEqual(toc.map(([lab]) => lab), ORDER);
  for (const [i, [lab, text]] of toc.entries()) {
    assert.match(text, new RegExp(`^Lab ${String(i).padStart(2, '0')} · \\S`), `${lab}: ${text}`);
    const kicker = await page.$eval(`section#${lab} .lab-kicker`, (el) => [...el.childNodes].filter((n) => !n.classList?.contains('visually-hidden')).map((n) => n.textContent).join('').trim());
    assert.equal(kicker, text, `${lab}: the section's label is its ToC entry`);
  }
  // The ToC stays on screen down the page (sticky), and marks the section in view.
  await page.locator('section#biases').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('biases').scrollIntoView({ block: 'start' }));
  await page.waitForFunction(() => document.querySelector('nav.toc a[aria-current]')?.dataset.nav === 'biases');
  const box = await page.locator('nav.toc a[data-nav="permutation"]').boundingBox();
  assert.ok(box && box.y >= 0 && box.y < 900, 'the ToC is reachable far down the page');
  // Under the current lab, its parts (the section's h3 headings); a part's link brings its heading to the top.
  const partsOf = 'nav.toc li:has(> a[data-nav="biases"]) [data-testid="toc-parts"] a';
  await page.evaluate(() => document.getElementById('biases').scrollIntoView({ block: 'start' }));
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 4, partsOf);
  const parts = await page.$$eval(partsOf, (els) => els.map((a) => a.textContent));
  assert.deepEqual(parts, await page.$$eval('section#biases h3', (els) => els.map((e) => e.textContent)));
  const summary = page.locator(partsOf, { hasText: /summary table/ });
  await summary.click();
  await page.waitForFunction(() => Math.abs(document.getElementById('biases-summary').getBoundingClientRect().top - 72) < 40);
  // No bare course numbering: every "Theory"/"Phase" the learner reads is explained in its sentence.
  const bare = await page.evaluate(() => [...document.querySelectorAll('h2, h3, h4, nav')].map((e) => e.textContent)
    .filter((s) => /\b(THEORY|Theory|Phase)\s+\d+/.test(s) && !/course/.test(s)));
  assert.deepEqual(bare, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
  // Embed mode (a page of its own: leaving a page mid-load aborts its requests): the document's title is the lab's label.
  const embed = await openPage(env.browser, env.server.url);
  await embed.goto(`${env.server.url}?embed&lab=context-extension`);
  await ready(embed);
  assert.match(await embed.title(), /^Lab 06 · Context extension · PE Lab$/);
  assert.deepEqual(embed.problems, []);
  await embed.context().close();
});

test('on a phone (390 px) the takeaway and the main figure come before the parameters, and the ToC is a menu', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(env.server.url);
  await ready(page);
  for (const lab of SIX) {
    await mounted(page, lab);
    await page.locator(`section#${lab} [data-testid="lead-figure"]`).waitFor({ state: 'visible', timeout: 60_000 });   // empty: display none
    const [take, lead, form] = await page.$eval(`section#${lab}`, (s) => ['[data-testid="takeaway"]', '[data-testid="lead-figure"]', '.lab-controls']
      .map((sel) => s.querySelector(sel).getBoundingClientRect().top));
    assert.ok(take < lead && lead < form, `${lab}: takeaway ${take} < main figure ${lead} < parameters ${form}`);
    const width = await page.$eval(`section#${lab}`, (s) => s.getBoundingClientRect().right);
    assert.ok(width <= 390, `${lab}: the section fits the screen`);
  }
  // The ToC: a menu button naming the current lab; its list opens on demand and a link closes it.
  const toggle = page.locator('nav.toc .toc-toggle');
  assert.ok(await toggle.isVisible());
  assert.equal(await page.locator('nav.toc .toc-list').isVisible(), false);
  await toggle.click();
  await page.locator('nav.toc a[data-nav="rope"]').click();
  await page.waitForFunction(() => document.querySelector('nav.toc .toc-current')?.textContent === 'Lab 02 · RoPE');
  assert.equal(await page.locator('nav.toc .toc-list').isVisible(), false);
  assert.ok((await toggle.boundingBox()).y < 10, 'the menu stays at the top of the screen');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Spanish page names every preset in Spanish', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}?lang=es`);
  await ready(page);
  for (const lab of SIX) {
    await mounted(page, lab);
    const shown = await page.$$eval(`section#${lab} [data-preset]`, (els) => els.map((e) => [e.textContent, e.title]));
    assert.deepEqual(shown, PRESETS[lab].map((p) => [p.es.name, p.es.what]), lab);
    assert.equal(await page.locator(`section#${lab} details.more-params > summary`).textContent(),
      `Más parámetros (${hiddenParams(LABS[lab]).length})`);
  }
  assert.match(await page.locator('nav.toc a[data-nav="biases"]').textContent(), /^Lab 05 · Sesgos$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
