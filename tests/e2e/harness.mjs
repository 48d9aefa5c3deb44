// tests/e2e/harness.mjs — serves dist/ on a free loopback port and drives Debian's Chromium through
// playwright-core. Records console errors, page errors, failed requests and requests that leave the origin.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { createPeLab } from '../../wasm/index.js';

const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/**
 * Starts a static server for dist/ (plus extra in-memory pages) and returns { url, close }. `headers` are
 * added to every response (e.g. a Content-Security-Policy).
 */
export async function serveDist(extraPages = {}, { headers = {} } = {}) {
  const server = http.createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (extraPages[urlPath]) {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      res.end(extraPages[urlPath]);
      return;
    }
    let file = path.join(distDir, urlPath);
    if (!file.startsWith(distDir)) { res.writeHead(403); res.end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Opens a page that records problems in `page.problems` (console errors, page errors, failed or foreign requests). */
export async function openPage(browser, origin, { acceptDownloads = false } = {}) {
  const context = await browser.newContext({ acceptDownloads, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.problems = problems;
  page.foreignRequests = foreign;
  return page;
}

/** Counts canvas pixels that are not fully transparent and not pure white. */
export async function nonBlankPixels(page, selector) {
  return page.$eval(selector, (canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 0 && !(data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255)) n++;
    }
    return n;
  });
}

/**
 * Registers the usual before/after hooks of a browser test file: serves dist/, launches Chromium and loads the
 * API in Node (for expected values). Returns an object whose server, browser and api are set before the first test.
 */
export function useBrowser() {
  const env = {};
  before(async () => {
    env.server = await serveDist();
    env.browser = await launchBrowser();
    env.api = await createPeLab();
  });
  after(async () => { await env.browser?.close(); await env.server?.close(); });
  return env;
}

/** Opens a lab's "More parameters" fold (closed by default: web/ui/controls.js) so that its controls can be edited. */
export async function showMore(page, lab, root = `section#${lab}`) {
  const more = page.locator(`${root} details.more-params`);
  if (!(await more.evaluate((d) => d.open))) await more.locator('summary').click();
}
