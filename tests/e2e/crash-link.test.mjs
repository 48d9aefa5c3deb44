// tests/e2e/crash-link.test.mjs — issue 13's crash link: a schema-valid link whose run would hold 72 attention
// maps of ~2048² (1.15 GB of result arrays in Node; "Target crashed" in Chromium before the budgets). The page
// must refuse it with a message naming the parameter (or wait for Run), never start it, and the tab must live.
import test from 'node:test';
import assert from 'node:assert/strict';
import { estimateCost } from '../../wasm/index.js';
import { useBrowser, openPage } from './harness.mjs';

const env = useBrowser();
const SWEEP = Array.from({ length: 12 }, (_, i) => 2048 - i).join(',');

test('the 72-heatmap link is refused with a message (or waits for Run) and the tab stays alive', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}?extrapolation.TSweep=${SWEEP}&extrapolation.nHeads=1&extrapolation.extraSchemes=none,alibi,t5#extrapolation`);
  const section = page.locator('#extrapolation');
  // Either an inline error naming the sweep, or the section waiting for its Run button: no computation started.
  const refused = section.locator('[role="alert"]').filter({ hasText: 'TSweep' });
  const waiting = section.locator('[data-action="run"]');
  await Promise.race([refused.first().waitFor({ timeout: 60_000 }), waiting.first().waitFor({ timeout: 60_000 })]);
  assert.ok((await refused.count()) > 0 || (await waiting.count()) > 0);
  // The estimate is shown before any run, and it is the cost model's (Node computes the same numbers).
  const shown = section.locator('[data-testid="estimate"]');
  const est = estimateCost('extrapolation', { TSweep: SWEEP.split(',').map(Number), nHeads: 1, extraSchemes: ['none', 'alibi', 't5'] });
  assert.equal(Number(await shown.getAttribute('data-bytes')), est.bytes);
  assert.ok(est.bytes > 512 * 2 ** 20, `${est.bytes} bytes: over the 512 MiB memory budget`);
  assert.match(await shown.textContent(), /MB/);
  if ((await waiting.count()) > 0 && (await refused.count()) === 0) {
    // Pressing Run must refuse it too (the memory budget holds whatever the learner clicks).
    await waiting.first().click();
    await refused.first().waitFor({ timeout: 60_000 });
  }
  // The tab lives: it still evaluates script and its other sections still compute.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await page.locator('#sinusoidal').scrollIntoViewIfNeeded();
  await page.locator('#sinusoidal [data-value]').first().waitFor({ timeout: 60_000 });
  await page.context().close();
});
