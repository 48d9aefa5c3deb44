// tests/e2e/h2h-robustness.test.mjs — the head-to-head's robustness panel (web/labs/h2h-robustness.js, mounted by
// the view through web/labs/h2h-panels.js) in real Chromium, on a tiny budget from the URL (preset 'robustness',
// 2 steps of batch 4, 1 seed): one row per setting of the grid with numeric data-values, the core's identifier in
// data-verdict beside a sentence and the rule, the figure, started by the panel's button; Spanish wording; no console
// errors. (4 steps cannot fit the data: every verdict is not_converged, as the Node test derives.)
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage } from './harness.mjs';

const TINY = '?head-to-head.preset=robustness&head-to-head.steps=2&head-to-head.seeds=1&head-to-head.batch=4';
const SETTINGS = ['baseline', 'sqrt-d', 'std-1', 'sqrt-d-std-1', 'half-budget', 'double-budget'];
let server, browser;
before(async () => { server = await serveDist(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the robustness panel: a row per setting, verdict identifiers with sentences and the rule, the figure', async () => {
  const page = await openPage(browser, server.url);
  page.setDefaultTimeout(120_000);
  await page.goto(`${server.url}${TINY}#head-to-head`);
  // The panel's button runs the preset through the shell (a link may also run it at once, when estimated short).
  await page.locator('#head-to-head [data-testid="h2h-robustness-run"]').click();
  await page.waitForSelector('#head-to-head [data-panel="robustness"] table.h2h-robustness tbody tr');
  const panel = page.locator('#head-to-head [data-panel="robustness"]');
  assert.deepEqual(await panel.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.setting)), SETTINGS);
  for (const id of SETTINGS) {
    const verdict = panel.locator(`[data-testid="h2h-robustness-${id}-verdict"]`);
    assert.equal(await verdict.getAttribute('data-verdict'), 'not_converged', id);
    assert.match(await verdict.textContent(), /No verdict: .* did not reach train conjugation loss ≤ 0\.1/);
    const gap = Number(await panel.locator(`[data-testid="h2h-robustness-${id}-gap"]`).getAttribute('data-value'));
    const sin = Number(await panel.locator(`[data-testid="h2h-robustness-${id}-sinusoidal"]`).getAttribute('data-value'));
    const rope = Number(await panel.locator(`[data-testid="h2h-robustness-${id}-rope"]`).getAttribute('data-value'));
    assert.ok(Math.abs(gap - (rope - sin)) < 1e-9, `${id}: gap = RoPE − sinusoidal`);
  }
  assert.match(await panel.locator('[data-testid="h2h-robustness-criterion"]').textContent(), /lowest seed is above sinusoidal’s highest/);
  assert.equal(await panel.locator('[data-testid="h2h-robustness-holds"]').getAttribute('data-value'), '0');
  assert.equal(await panel.locator('svg.h2h-robustness-svg line[stroke-width="5"]').count(), SETTINGS.length * 2);
  assert.ok(await panel.locator('[data-testid="h2h-robustness-run"]').isVisible());
  assert.match(await panel.locator('[data-testid="h2h-robustness-plan"]').textContent(), /12 training runs \(6 settings × 1 seeds × 2 schemes\)/);
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
});

test('the robustness panel in Spanish', async () => {
  const page = await openPage(browser, server.url);
  page.setDefaultTimeout(120_000);
  await page.goto(`${server.url}${TINY}&lang=es#head-to-head`);
  await page.locator('#head-to-head [data-testid="h2h-robustness-run"]').click();
  const verdict = page.locator('#head-to-head [data-testid="h2h-robustness-baseline-verdict"]');
  await verdict.waitFor();
  assert.match(await verdict.textContent(), /^Sin veredicto: /);
  assert.equal(await page.locator('#head-to-head [data-panel="robustness"] h3').first().textContent(), '¿Es robusto el titular?');
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
});
