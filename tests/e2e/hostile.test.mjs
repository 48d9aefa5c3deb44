// tests/e2e/hostile.test.mjs — hostile links in real Chromium: query keys that name prototypes
// (`?__proto__.runs=1`, `?__proto__.T=5`, `?constructor.x=1`) pollute nothing and the sections still show
// their numbers; a lab's prototype-named parameter is reported as unknown; a malformed `#hash` is ignored
// with no uncaught URIError.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage } from './harness.mjs';

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); });

const ready = (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });

test('prototype keys in the query pollute nothing and every section still shows numbers', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}?__proto__.runs=1&__proto__.T=5&constructor.x=1&rope.toString=5`);
  await ready(page);
  const polluted = await page.evaluate(() => [({}).runs, ({}).T, Object.prototype.x, ({}).toString === Object.prototype.toString]);
  assert.deepEqual(polluted, [undefined, undefined, undefined, true]);
  // The sections computed and show their numbers (started all at once: they compute lazily, web/main.js).
  await page.evaluate(() => window.__peLab.loadAll());
  for (const lab of ['permutation', 'sinusoidal', 'rope']) {
    const n = await page.locator(`#${lab} [data-value]`).count();
    assert.ok(n > 0, `#${lab} shows no numbers`);
  }
  // rope.toString is the rope section's unknown parameter, reported inline, not an inherited method.
  const alerts = await page.locator('#rope [role="alert"]').allTextContents();
  assert.ok(alerts.some((t) => t.includes('toString')), `rope alerts: ${alerts}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a malformed hash (#%E0%A4%A) is ignored: no uncaught URIError, the page works', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}?embed&lab=sinusoidal#%E0%A4%A`);
  await ready(page);
  assert.ok(await page.locator('#sinusoidal [data-value]').count() > 0);
  const full = await openPage(browser, server.url);
  await full.goto(`${server.url}#%E0%A4%A`);
  await ready(full);
  assert.deepEqual([...page.problems, ...full.problems], []);
  await page.close();
  await full.close();
});
