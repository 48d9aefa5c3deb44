// bench/page.mjs — how fast the built page (dist/) loads and how long it blocks its main thread, in Debian's
// Chromium on this machine, served by a local static server that gzips text as a static host would.
//   node bench/page.mjs [--runs 5]
// Prints medians over cold loads (a fresh browser context: empty cache) and warm reloads (same context):
//   skeleton  first contentful paint (the section skeletons)
//   number    the first computed number on the page ([data-value] inside a section)
//   bytes     bytes transferred (encoded, gzip), JS+CSS+HTML and .wasm separately; .wasm fetches counted over
//             the page and its workers
// then, per lab: time to its first number when scrolled to, and the longest main-thread task (PerformanceObserver
// 'longtask') while it runs at the large parameters below. Targets (issue 14): JS+CSS ≤ 250 KB gzip, .wasm
// ≤ 200 KB gzip, first number ≤ 0.8 s cold (median), no main-thread task over 200 ms. A benchmark, not a test.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../tests/e2e/harness.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(args.runs);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
const LARGE = {
  permutation: 'permutation.dModel=256&permutation.nHeads=16',
  sinusoidal: 'sinusoidal.T=2048&sinusoidal.d=1024',
  rope: 'rope.T=4096&rope.dHead=512',
  extrapolation: 'extrapolation.TSweep=512,1024,2048&extrapolation.nHeads=2',
  biases: 'biases.farT=2048&biases.nHeads=8',
  'context-extension': 'context-extension.factor=32',
};

function serve() {
  const server = http.createServer(async (req, res) => {
    let file = path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(dist)) { res.writeHead(403); res.end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      let body = await readFile(file);
      const ext = path.extname(file);
      const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' };
      if (/gzip/.test(req.headers['accept-encoding'] ?? '') && ext !== '.png') {
        body = gzipSync(body, { level: 9 });
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

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

async function load(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const bytes = { text: 0, wasm: 0, wasmFetches: 0 };
  const kinds = new Map();
  cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const u = kinds.get(e.requestId) ?? '';
    if (u.endsWith('.wasm')) bytes.wasm += e.encodedDataLength; else bytes.text += e.encodedDataLength;
  });
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) bytes.wasmFetches++; });  // workers' requests too
  await page.addInitScript(PROBE);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.firstNumber !== null, null, { timeout: 60_000 });
  const m = await page.evaluate(() => ({
    skeleton: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    number: window.__bench.firstNumber,
  }));
  return { page, m, bytes };
}

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchBrowser();
const cold = [], warm = [];
let bytes;
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const first = await load(context, base);
  cold.push(first.m);
  bytes ??= first.bytes;
  await first.page.close();
  const again = await load(context, base);
  warm.push(again.m);
  await context.close();
}
const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`page: ${RUNS} cold loads, ${RUNS} warm reloads (medians)`);
console.log(`  skeleton painted  cold ${f(median(cold.map((x) => x.skeleton)))}   warm ${f(median(warm.map((x) => x.skeleton)))}`);
console.log(`  first number      cold ${f(median(cold.map((x) => x.number)))}   warm ${f(median(warm.map((x) => x.number)))}   (target ≤ 0.80 s cold)`);
console.log(`  transferred       JS+CSS+HTML ${(bytes.text / 1024).toFixed(0)} KB (target ≤ 250), .wasm ${(bytes.wasm / 1024).toFixed(0)} KB (target ≤ 200) in ${bytes.wasmFetches} fetch(es)`);

console.log('per lab (scrolled to, then at large parameters):');
for (const [lab, query] of Object.entries(LARGE)) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  await page.goto(base);
  await page.waitForFunction(() => window.__bench.firstNumber !== null, null, { timeout: 60_000 });
  const t0 = await page.evaluate(() => performance.now());
  await page.locator(`#${lab}`).scrollIntoViewIfNeeded();
  await page.locator(`#${lab} [data-value]`).first().waitFor({ timeout: 60_000 });
  const toResult = (await page.evaluate(() => performance.now())) - t0;
  const big = await context.newPage();
  await big.addInitScript(PROBE);
  await big.goto(`${base}?${query}#${lab}`);
  // A long run may wait for Run (issue 13): click it if offered, then wait for the section's numbers.
  const run = big.locator(`#${lab} [data-action="run"]`);
  if (await run.count()) await run.first().click().catch(() => {});
  await big.locator(`#${lab} [data-value]`).first().waitFor({ timeout: 180_000 }).catch(() => {});
  await big.waitForTimeout(1000);
  const longest = await big.evaluate(() => window.__bench.longest);
  console.log(`  ${lab.padEnd(18)} first result ${f(toResult)}   longest main-thread task at ${query}: ${longest.toFixed(0)} ms (target ≤ 200)`);
  await context.close();
}
await browser.close();
server.close();
