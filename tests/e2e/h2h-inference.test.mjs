// tests/e2e/h2h-inference.test.mjs — the head-to-head's "RoPE extended at inference" panel
// (web/labs/h2h-inference.js) in real Chromium after a quick run from the URL (20 steps, 1 seed): the method ×
// split table with numeric data-values and human method names, the pairs summary, the verdict identifier in
// data-verdict equal to Node's for the same parameters, and the Spanish sentence. No console errors.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPeLab } from 'pe-lab';
import { serveDist, launchBrowser, openPage } from './harness.mjs';
import en from '../../web/i18n/en.js';
import es from '../../web/i18n/es.js';

const QUICK = '?head-to-head.steps=20&head-to-head.seeds=1';
let server, browser;
before(async () => { server = await serveDist(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the inference panel shows the table, the pairs and the verdict (en, es), as Node computes them', async () => {
  const node = (await (await createPeLab()).runLab('head-to-head', { steps: 20, seeds: 1 })).result.inference;
  for (const lang of ['en', 'es']) {
    const page = await openPage(browser, server.url);
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}${QUICK}&lang=${lang}#head-to-head`);
    await page.waitForSelector('body[data-ready="true"]');
    const panel = page.locator('#head-to-head [data-panel="inference"]');
    await panel.locator('table.h2h-inference').waitFor();
    // plain RoPE + 5 methods, 5 splits each; every cell's mean a number.
    assert.equal(await panel.locator('table.h2h-inference tbody tr').count(), 6);
    const raw = await panel.locator('table.h2h-inference [data-testid]').evaluateAll((els) => els.map((e) => Number(e.dataset.value)));
    assert.equal(raw.length, 6 * 5);
    assert.ok(raw.every((v) => v >= 0 && v <= 1));
    assert.equal(await panel.locator('[data-testid="h2h-inf-yarn-ood40"]').getAttribute('data-value'), String(node.summary.yarn.ood40.conjAcc.mean));
    // Human names from the page's catalogue, not identifiers.
    const names = { en, es }[lang];
    const heads = await panel.locator('table.h2h-inference tbody th').allTextContents();
    assert.deepEqual(heads.slice(1), node.methods.map((m) => names[`context-extension.method.${m}.name`]));
    assert.ok(!heads.includes('linear'));
    // Every OOD split (s > 1) in exactly one line of the pairs summary (splits with the same changes share one).
    const lines = await panel.locator('.h2h-inference-pairs li').evaluateAll((els) => els.map((e) => e.dataset.splits.split(' ')));
    assert.deepEqual(lines.flat().sort(), ['ood10', 'ood15', 'ood20', 'ood40']);
    const verdict = panel.locator('[data-testid="h2h-inf-verdict"]');
    assert.equal(await verdict.getAttribute('data-verdict'), node.verdict.id);
    const sentence = await verdict.textContent();
    if (lang === 'es') assert.match(sentence, /(En|Ninguna|RoPE no|Ni YaRN|No hay)/);
    else assert.match(sentence, /(At|No evaluated|RoPE did not|Neither|No RoPE)/);
    assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
    await page.context().close();
  }
});
