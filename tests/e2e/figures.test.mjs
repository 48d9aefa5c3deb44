// tests/e2e/figures.test.mjs — the same figure specs drawn by wasm/figures in Chromium (OffscreenCanvas) and in
// Node (@napi-rs/canvas) give PNGs of the same size whose pixels agree (≥ 98 % within 8/255 per channel; text
// rasterisation differs a little between the two); the page's chart modules (web/charts/) export those same
// figures and paint their live heatmaps with the same colour scale. The Chromium side imports the source
// modules themselves: Playwright answers requests to a private origin from the repository (wasm/figures/,
// wasm/validate.js, web/charts/, web/ui/dom.js, web/ui/stage.js (the draw queue), Chart.js and its colour helper, bare import names rewritten to
// paths, so that a worker can import them too), so no test hook enters the page or dist/.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './harness.mjs';
import { heatmapPng, chartPng, panelsPng } from '../../wasm/figures/index.js';
import { decodePng } from '../node/png.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN = 'http://figures.test';
const SERVED = ['wasm/figures/', 'wasm/validate.js', 'web/charts/', 'web/ui/dom.js', 'web/ui/stage.js', 'node_modules/chart.js/dist/', 'node_modules/@kurkle/color/dist/'];
const BARE = { 'chart.js': '/node_modules/chart.js/dist/chart.js', '@kurkle/color': '/node_modules/@kurkle/color/dist/color.esm.js',
  'pe-lab/figures': '/wasm/figures/index.js' };
const PAGE = '<!doctype html><meta charset="utf-8"><div id="box" style="width: 640px; height: 360px"></div>';
// A module worker that draws a heatmap PNG, as the page's worker could.
const WORKER = `import { heatmapPng } from 'pe-lab/figures';
onmessage = async (e) => { const bytes = await heatmapPng(e.data); postMessage(bytes, [bytes.buffer]); };`;
const withPaths = (code) => code.replace(/(from|import)\s*'(chart\.js|@kurkle\/color|pe-lab\/figures)'/g, (_, word, name) => `${word} '${BARE[name]}'`);

// Specs without functions (they cross into the page as JSON).
const HEATMAP = {
  title: 'Attention weights, causal (T = 24)', rows: 24, cols: 24, colormap: 'viridis', xLabel: 'key position', yLabel: 'query position',
  data: Array.from({ length: 576 }, (_, k) => { const i = Math.floor(k / 24), j = k % 24; return j > i ? 0 : 1 / (1 + i - j); }),
  mask: Array.from({ length: 576 }, (_, k) => k % 24 > Math.floor(k / 24)), note: 'Grey: masked (future) positions.',
};
const x = Array.from({ length: 64 }, (_, i) => i + 1);
const CHART = {
  title: 'Loss curves', xLabel: 'step', yLabel: 'loss', yLog: true, width: 1000, height: 640,
  series: [{ label: 'sinusoidal', x, y: x.map((s) => 3 / Math.sqrt(s)) }, { label: 'rope', x, y: x.map((s) => 2.5 / s ** 0.6), dash: true }],
  markers: [{ axis: 'x', value: 32, label: 'T_max = 32' }],
};
const PANELS = { title: 'Two panels', columns: 2, panels: [{ kind: 'heatmap', spec: HEATMAP }, { kind: 'chart', spec: CHART }] };

let browser, page;
before(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext();
  await context.route(`${ORIGIN}/**`, async (route) => {   // the context's routes also answer workers
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.slice(1));
    if (rel === 'index.html') return route.fulfill({ body: PAGE, contentType: 'text/html' });
    if (rel === 'worker.js') return route.fulfill({ body: withPaths(WORKER), contentType: 'text/javascript' });
    if (!SERVED.some((p) => rel.startsWith(p)) || rel.includes('..')) return route.fulfill({ status: 404 });
    return route.fulfill({ body: withPaths(await readFile(ROOT + rel, 'utf8')), contentType: 'text/javascript' });
  });
  page = await context.newPage();
  await page.goto(`${ORIGIN}/index.html`);
});
after(async () => { await browser?.close(); });

/** The PNG bytes of figures.<fn>(spec) drawn in Chromium. */
async function chromiumPng(fn, spec) {
  const bytes = await page.evaluate(async ([name, s]) => {
    const figures = await import('/wasm/figures/index.js');
    return Array.from(await figures[name](s));
  }, [fn, spec]);
  return new Uint8Array(bytes);
}

/** Share of pixels whose channels all differ by at most `tol`. */
function agreement(a, b, tol = 8) {
  let same = 0;
  for (let k = 0; k < a.rgba.length; k += 4) {
    if (Math.abs(a.rgba[k] - b.rgba[k]) <= tol && Math.abs(a.rgba[k + 1] - b.rgba[k + 1]) <= tol
      && Math.abs(a.rgba[k + 2] - b.rgba[k + 2]) <= tol) same++;
  }
  return same / (a.rgba.length / 4);
}

for (const [fn, name, spec] of [['heatmapPng', 'heatmap', HEATMAP], ['chartPng', 'chart', CHART], ['panelsPng', 'two panels', PANELS]]) {
  test(`a ${name} PNG from Chromium matches the Node PNG: same size, ≥ 98 % of pixels within 8/255`, async () => {
    const node = decodePng(await { heatmapPng, chartPng, panelsPng }[fn](spec));
    const chromium = decodePng(await chromiumPng(fn, spec));
    assert.deepEqual([chromium.width, chromium.height], [node.width, node.height]);
    const share = agreement(node, chromium);
    assert.ok(share >= 0.98, `${(share * 100).toFixed(2)} % of pixels agree`);
  });
}

test('in Chromium a bad spec rejects with PE_LAB_BAD_ARGUMENT too', async () => {
  const err = await page.evaluate(async () => {
    const figures = await import('/wasm/figures/index.js');
    try { await figures.heatmapPng({ rows: 2, cols: 2, data: [1, 2, 3] }); return null; } catch (e) { return { code: e.code, param: e.param }; }
  });
  assert.deepEqual(err, { code: 'PE_LAB_BAD_ARGUMENT', param: 'data' });
});

/** Bytes of a Blob-returning page call, evaluated in the page. */
async function pageBytes(body, arg) {
  return new Uint8Array(await page.evaluate(body, arg));
}

test('the page\'s live heatmap paints matplotlib\'s viridis anchors at 0, 0.5 and 1', async () => {
  // Expected colours: matplotlib _viridis_data at 0, 0.5, 1 (literals, as in tests/node/figures.test.mjs).
  const pixels = await page.evaluate(async () => {
    const { createHeatmapChart } = await import('/web/charts/heatmap.js');
    const box = document.getElementById('box');
    const chart = createHeatmapChart(box, { colormap: 'viridis' });
    chart.update({ rows: 1, cols: 3, data: [0, 0.5, 1], min: 0, max: 1 });
    const out = Array.from(chart.canvas.getContext('2d').getImageData(0, 0, 3, 1).data);
    chart.destroy();
    return out;
  });
  assert.deepEqual(pixels, [68, 1, 84, 255, 33, 144, 141, 255, 253, 231, 37, 255]);
});

test('a heatmap\'s colour bar runs from viridis at 0 (left) through 0.5 (middle) to 1 (right)', async () => {
  // Expected colours: matplotlib _viridis_data at 0, 0.5, 1 (the literals above). The bar is a CSS gradient: its
  // computed stops are read at 0 %, 50 % and 100 %.
  const stops = await page.evaluate(async () => {
    const { createHeatmapChart } = await import('/web/charts/heatmap.js');
    const chart = createHeatmapChart(document.getElementById('box'), { colormap: 'viridis' });
    const image = getComputedStyle(chart.element.querySelector('.hm-legend-bar')).backgroundImage;
    chart.destroy();
    return ['0%', '50%', '100%'].map((at) => image.match(new RegExp(`rgb\\((\\d+), (\\d+), (\\d+)\\) ${at}`))?.slice(1).map(Number));
  });
  assert.deepEqual(stops, [[68, 1, 84], [33, 144, 141], [253, 231, 37]]);
});

test('the page charts draw live, and their PNG exports are the figures\' PNGs of what they show (same size, pixels within 8/255)', async () => {
  const heat = await pageBytes(async (spec) => {
    const { createHeatmapChart } = await import('/web/charts/heatmap.js');
    const chart = createHeatmapChart(document.getElementById('box'), { colormap: 'viridis', xLabel: spec.xLabel, yLabel: spec.yLabel });
    chart.update({ rows: spec.rows, cols: spec.cols, data: spec.data, mask: spec.mask });
    const blob = await chart.toPNG({ title: spec.title, note: spec.note });
    chart.destroy();
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  }, HEATMAP);
  const { yLog, width, height, ...lineSpec } = CHART;   // the page's PNG has the default size
  const line = await pageBytes(async (spec) => {
    const { createLineChart } = await import('/web/charts/line.js');
    const chart = createLineChart(document.getElementById('box'), { xLabel: spec.xLabel, yLabel: spec.yLabel });
    chart.update({ x: spec.series[0].x, series: spec.series.map((s) => ({ label: s.label, values: s.y, dash: s.dash })) });
    // The chart is built in a task of its own (web/ui/stage.js's draw queue): wait for it.
    await (await import('/web/ui/stage.js')).drawn();
    // The live chart is drawn too: pixels of the first series' colour (#0072B2) on its canvas.
    const { data } = chart.canvas.getContext('2d').getImageData(0, 0, chart.canvas.width, chart.canvas.height);
    let live = 0;
    for (let k = 0; k < data.length; k += 4) if (data[k] === 0x00 && data[k + 1] === 0x72 && data[k + 2] === 0xb2) live++;
    if (live < 200) throw new Error(`live chart: ${live} pixels of the first series`);
    const blob = await chart.toPNG({ title: spec.title });
    chart.destroy();
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  }, lineSpec);
  const expected = [
    [heat, await heatmapPng(HEATMAP)],
    [line, await chartPng({ ...lineSpec, markers: undefined, xMin: x[0], xMax: x.at(-1) })],
  ];
  for (const [fromPage, fromNode] of expected) {
    const a = decodePng(fromPage), b = decodePng(fromNode);
    assert.deepEqual([a.width, a.height], [b.width, b.height]);
    assert.ok(agreement(a, b) >= 0.98);
  }
});

test('in a worker (OffscreenCanvas) the heatmap PNG is the main thread\'s', async () => {
  const fromWorker = await pageBytes((spec) => new Promise((resolve, reject) => {
    const worker = new Worker('/worker.js', { type: 'module' });
    worker.onmessage = (e) => { worker.terminate(); resolve(Array.from(e.data)); };
    worker.onerror = (e) => reject(new Error(`worker: ${e.message}`));
    worker.postMessage(spec);
  }), HEATMAP);
  const a = decodePng(fromWorker), b = decodePng(await chromiumPng('heatmapPng', HEATMAP));
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  assert.ok(agreement(a, b, 0) >= 0.999);
});
