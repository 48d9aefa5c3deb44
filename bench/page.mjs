// bench/page.mjs — how fast the built page (dist/) loads and how long it blocks its main thread, in Debian's
// Chromium on this machine, served by a local static server that serves text gzipped (each file compressed once, as a
// static host serves pre-compressed files). The server runs in a process of its own (bench/static-server.mjs), as
// a real host does: in this process it shared one event loop with Playwright's handling of the page's events, and
// its answers waited behind them. Transferred bytes are read once a load is measured, not during it.
//   npx vite build --logLevel warn && node bench/page.mjs [--runs 5] [--load-only | --labs a,b]   (the loads only, or
//   only these labs' runs)
// Prints medians over `runs` cold loads (a fresh browser context: empty cache) and `runs` warm reloads (same
// context, HTTP cache filled):
//   skeleton  first contentful paint (the section skeletons of the built HTML)
//   number    the first computed number on the page ([data-value] inside a section)
//   bytes     bytes transferred (encoded: gzip for text), JS+CSS+HTML and .wasm separately, the page's and its
//             workers' requests; the .wasm fetches counted over both
// then, per lab: the median time from scrolling to its section (a cold load at the top of the page) to its
// first number, and the longest main-thread task (PerformanceObserver 'longtask', from before the page's first
// script until the run's figures are drawn) while it runs at the largest parameters the page's budget allows
// (LARGEST below, one run each; Run pressed when the page waits for it). Targets (issue 14): JS+CSS+HTML ≤ 250
// KB gzip, .wasm ≤ 200 KB gzip (also asserted by tests/node/size.test.mjs), first number ≤ 0.8 s cold
// (median), no main-thread task over 200 ms (tests/e2e/longtask.test.mjs asserts ≤ 1 s). A benchmark, not a test.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../tests/e2e/harness.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'load-only': { type: 'boolean' }, labs: { type: 'string' } } });
const RUNS = Number(args.runs);
// The largest sizes the page's budget allows (wasm/schema.js caps, under BUDGET.bytes): context extension's
// L = s·L₀ = 4096 (nHeads·L² ≤ 2^25), sinusoidal and RoPE at their caps, biases' far-T cap, head-to-head's
// six-scheme study.
const LARGEST = {
  permutation: 'permutation.dModel=256&permutation.nHeads=16',
  sinusoidal: 'sinusoidal.T=2048&sinusoidal.d=1024',
  rope: 'rope.T=4096&rope.dHead=512',
  extrapolation: 'extrapolation.TSweep=512,1024,2048&extrapolation.nHeads=2',
  'head-to-head': 'head-to-head.preset=study',
  biases: 'biases.farT=2048&biases.nHeads=8',
  'context-extension': 'context-extension.factor=32',
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Records paint, first number and long tasks from the page's start.
const PROBE = () => {
  window.__bench = { firstNumber: null, longest: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    if (window.__bench.firstNumber === null && document.querySelector('section [data-value]')) window.__bench.firstNumber = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
};

/** Loads `url` in a new page of `context` → { page, m: { skeleton, number }, bytes } (requests of the page and its workers). */
async function load(context, url) {
  const page = await context.newPage();
  const bytes = { text: 0, wasm: 0, wasmFetches: 0 };
  // Bytes over the wire: a response from the HTTP cache reports 0 (Chromium's encoded data length).
  const count = async (req) => {
    const sizes = await req.sizes().catch(() => null);
    if (!sizes) return;
    const n = sizes.responseBodySize + Math.max(0, sizes.responseHeadersSize);
    if (n === 0) return;   // served from the HTTP cache: no fetch
    if (new URL(req.url()).pathname.endsWith('.wasm')) { bytes.wasm += n; bytes.wasmFetches++; } else bytes.text += n;
  };
  const finished = [];
  const onFinished = (req) => { if (req.url().startsWith(url.split('?')[0].split('#')[0])) finished.push(req); };
  context.on('requestfinished', onFinished);
  await page.addInitScript(PROBE);
  await page.goto(url);
  // Polled with plain evaluations: page.waitForFunction injects Playwright's script into the page first, a
  // ~110 ms task on its main thread in the middle of the load it measures.
  for (const t0 = Date.now(); !(await page.evaluate(() => window.__bench.firstNumber !== null));) {
    if (Date.now() - t0 > 60_000) throw new Error(`no number on ${url} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const m = await page.evaluate(() => ({
    skeleton: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    number: window.__bench.firstNumber,
  }));
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await page.waitForTimeout(500);   // the idle-time worker start and its requests
  context.off('requestfinished', onFinished);
  for (const req of finished) await count(req);   // after the load: reading sizes is CDP traffic of its own
  return { page, m, bytes };
}

/** Resolves once `lab`'s results are shown and no run is in flight. */
function settled(page, lab, timeout) {
  return page.waitForFunction((id) => {
    const r = document.querySelector(`#${id} .lab-results`);
    return r && r.getAttribute('aria-busy') !== 'true' && !r.classList.contains('is-running') && r.querySelector('[data-value]');
  }, lab, { timeout, polling: 100 });
}

const server = fork(fileURLToPath(new URL('./static-server.mjs', import.meta.url)), [fileURLToPath(new URL('../dist/', import.meta.url))]);
const port = await new Promise((resolve, reject) => { server.once('message', resolve); server.once('exit', reject); });
const base = `http://127.0.0.1:${port}/`;
const browser = await launchBrowser();
const viewport = { width: 1400, height: 900 };
const cold = [], warm = [], coldBytes = [], warmBytes = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext({ viewport });
  const first = await load(context, base);
  cold.push(first.m);
  coldBytes.push(first.bytes);
  await first.page.close();
  const again = await load(context, base);
  warm.push(again.m);
  warmBytes.push(again.bytes);
  await context.close();
}
const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const bytesLine = (list) => `JS+CSS+HTML ${kb(median(list.map((b) => b.text)))}, .wasm ${kb(median(list.map((b) => b.wasm)))} in ${median(list.map((b) => b.wasmFetches))} fetch(es)`;
console.log(`page: ${RUNS} cold loads, ${RUNS} warm reloads (medians; ${base})`);
console.log(`  skeleton painted  cold ${f(median(cold.map((x) => x.skeleton)))}   warm ${f(median(warm.map((x) => x.skeleton)))}`);
console.log(`  first number      cold ${f(median(cold.map((x) => x.number)))}   warm ${f(median(warm.map((x) => x.number)))}   (target ≤ 0.80 s cold)`);
console.log(`  transferred cold  ${bytesLine(coldBytes)}   (targets ≤ 250 KB and ≤ 200 KB gzip)`);
console.log(`  transferred warm  ${bytesLine(warmBytes)}`);

console.log(`per lab: first result when scrolled to (median of ${RUNS} cold loads), longest main-thread task at the largest parameters (one run):`);
const labsRun = args['load-only'] ? [] : args.labs ? args.labs.split(',') : Object.keys(LARGEST);
for (const [lab, query] of Object.entries(LARGEST).filter(([name]) => labsRun.includes(name))) {
  const toResult = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.locator(`#${lab}`).scrollIntoViewIfNeeded();
    // head-to-head trains only on Run (its view's autoRun = false): its first result is its Run's.
    const run = page.locator(`#${lab} [data-action="run"]`);
    await page.locator(`#${lab} .lab-controls`).waitFor({ timeout: 60_000 });
    if (await run.count()) await run.click();
    await settled(page, lab, 180_000);
    toResult.push((await page.evaluate(() => performance.now())) - t0);
    await context.close();
  }
  const context = await browser.newContext({ viewport });
  const big = await context.newPage();
  await big.addInitScript(PROBE);
  const started = Date.now();
  await big.goto(`${base}?${query}#${lab}`);
  await big.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  // A long run waits for Run (issue 13): press it when offered, then wait for the section's results.
  const run = big.locator(`#${lab} [data-action="run"]`);
  if (await run.count()) await run.click();
  let note = '';
  await settled(big, lab, 600_000).catch(() => { note = ' (no result within 600 s)'; });
  const seconds = (Date.now() - started) / 1000;
  await big.waitForTimeout(2000);   // staged drawing of large maps, and the observer's last reports
  const longest = await big.evaluate(() => window.__bench.longest);
  console.log(`  ${lab.padEnd(18)} first result ${f(median(toResult))}   longest task ${longest.toFixed(0)} ms at ${query} (target ≤ 200; run ${seconds.toFixed(1)} s)${note}`);
  await context.close();
}
await browser.close();
server.kill();
