// tests/e2e/csp.test.mjs — the built page under the strict Content-Security-Policy a docs site may set
// (issue 14): no violation is reported and every lab renders. The policy allows WebAssembly compilation
// ('wasm-unsafe-eval') but no eval, no inline script and no fetch of data: URLs — which the old single-file
// build's loader needed for its inlined binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage } from './harness.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; worker-src 'self' blob:";
const LABS = ['permutation', 'sinusoidal', 'rope', 'extrapolation', 'biases', 'context-extension'];

let server, browser;
before(async () => {
  server = await serveDist({}, { headers: { 'content-security-policy': CSP } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('under a strict CSP the page reports no violation and every lab computes', async () => {
  const page = await openPage(browser, server.url);
  const violations = [];
  page.on('console', (msg) => { if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text()); });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(server.url);
  for (const lab of LABS) {
    // Bring each section into view (sections may compute lazily), then wait for its first number.
    await page.locator(`#${lab}`).scrollIntoViewIfNeeded();
    await page.locator(`#${lab} [data-value]`).first().waitFor({ timeout: 60_000 });
  }
  await page.locator('#head-to-head').scrollIntoViewIfNeeded();
  await page.locator('#head-to-head button').first().waitFor();
  const inPage = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual([...violations, ...inPage], []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
