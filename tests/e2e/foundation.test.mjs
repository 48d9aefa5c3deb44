// tests/e2e/foundation.test.mjs — the built page in real Chromium: it loads with no console errors or
// failed requests, the sinusoidal heatmap is drawn, and a number computed by wasm appears on the page.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, nonBlankPixels } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the page loads cleanly, draws the sinusoidal heatmap and shows a wasm-computed value', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(server.url);
  const cell = page.locator('#sinusoidal [data-testid="pe-1-0"]');
  await cell.waitFor();
  await page.waitForFunction(() => document.querySelector('#sinusoidal [data-testid="pe-1-0"]')?.dataset.value);
  // PE(1, 0) = sin(1) = 0.8414709848 (float32: 0.84147096).
  const value = Number(await cell.getAttribute('data-value'));
  assert.ok(Math.abs(value - Math.sin(1)) < 1e-7, `PE(1,0) = ${value}`);
  assert.ok((await nonBlankPixels(page, '#sinusoidal .heatmap canvas')) > 1000);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(page.foreignRequests, []);
  await page.context().close();
});
