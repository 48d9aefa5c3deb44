// tests/e2e/spanish.test.mjs — no English left on the Spanish page: every visible text node of the page shell and
// of the six labs other than head-to-head (redone by its own issue, checked by its owner) is made of words from
// the Spanish catalogue (web/i18n/es.js, plus the Spanish titles and parameter descriptions of wasm/schema.js and the
// Spanish preset names of wasm/presets.js),
// or is a computed number (inside [data-value]), or is on the short allowlist below: proper names, code
// identifiers (<code>, file names on download buttons), and the learner's own input (the sentence's words,
// shown as chips and quoted). The test works word by word: a word of two letters or more that the Spanish
// catalogue never uses is English (or another slip) — e.g. "interleaved", "seeds", "each".
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import es from '../../web/i18n/es.js';
import { LABS } from '../../wasm/schema.js';
import { PRESETS } from '../../wasm/presets.js';
import { serveDist, launchBrowser, openPage } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Proper names and identifiers a Spanish page shows as they are. */
const ALLOWLIST = ['pe-lab', 'Eigen', 'Emscripten', 'WebAssembly', 'Chromium', 'Node', 'Vite', 'GitHub'];

const words = (text) => (text.match(/\p{L}[\p{L}\p{M}]*/gu) ?? []).filter((w) => w.length >= 2).map((w) => w.toLowerCase());

function spanishVocabulary() {
  const texts = [...Object.values(es), ...ALLOWLIST];
  for (const lab of Object.values(LABS)) {
    texts.push(lab.title?.es ?? '');
    for (const p of Object.values(lab.params ?? {})) texts.push(p.es ?? '');
  }
  for (const list of Object.values(PRESETS)) for (const p of list) texts.push(p.es.name, p.es.what);
  return new Set(texts.flatMap(words));
}

test('every visible text on the Spanish page comes from es.js, a computed number, or the allowlist', async () => {
  const page = await openPage(browser, server.url);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`${server.url}?lang=es`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  // Sections mount when they come into view: bring each of the six in, then read the page.
  for (const id of ['permutation', 'sinusoidal', 'rope', 'extrapolation', 'biases', 'context-extension']) {
    await page.locator(`section#${id}`).scrollIntoViewIfNeeded();
    await page.waitForSelector(`section#${id} [data-testid="takeaway"]`, { timeout: 60_000 });
  }
  await page.waitForTimeout(500);
  const texts = await page.evaluate(() => {
    const skip = '[data-value], code, script, style, noscript, section#head-to-head, q, .chip';
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const el = node.parentElement;
      if (!text || !el || el.closest(skip)) continue;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && el.tagName !== 'OPTION') continue;
      // A download button's label is a file name: an identifier.
      if (/^[\w.-]+\.(png|csv|json|md|txt|zip)$/.test(text)) continue;
      out.push(text);
    }
    return out;
  });
  assert.ok(texts.length > 300, `visible texts: ${texts.length}`);
  const vocabulary = spanishVocabulary();
  const foreign = [];
  for (const text of texts) {
    const unknown = words(text).filter((w) => !vocabulary.has(w));
    if (unknown.length) foreign.push(`${unknown.join(', ')}  ←  "${text.slice(0, 120)}"`);
  }
  assert.deepEqual(foreign, [], 'words that are not in the Spanish catalogue');
  // Lab 00 is about words: the Spanish page starts from the Spanish example sentences (es.js), not the schema's English ones.
  assert.equal(await page.inputValue('section#permutation [name="sentence"]'), es['permutation.example.sentence']);
  assert.equal(await page.inputValue('section#permutation [name="reordered"]'), es['permutation.example.reordered']);
  assert.deepEqual(await page.$$eval('section#permutation .chip', (els) => els.map((e) => e.textContent)), es['permutation.example.reordered'].split(' '));
  assert.deepEqual(page.problems, []);
});
