// tests/node/figures.test.mjs — PNG figures drawn in Node (wasm/figures on @napi-rs/canvas), read back with an
// independent PNG decoder (tests/node/png.mjs). Expected colours come from published tables, not from the
// code under test: viridis from matplotlib's _viridis_data (value 0 → (68, 1, 84), 0.5 → (33, 144, 141),
// 1 → (253, 231, 37)); the diverging map's centre from ColorBrewer RdBu (#f7f7f7); the mask colour is the
// contract's #d0d0d0. Positions are found from the pixels themselves (centroids), not from the layout code.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  heatmapPng, chartPng, heatmapGridPng, panelsPng, canvasAvailable, _setCanvasLoader,
} from 'pe-lab/figures';
import { decodePng } from './png.mjs';

const VIRIDIS_0 = [68, 1, 84], VIRIDIS_HALF = [33, 144, 141], VIRIDIS_1 = [253, 231, 37];
const RDBU_CENTRE = [247, 247, 247];
const MASK = [0xd0, 0xd0, 0xd0];

/** Pixels within `tol` per channel of `rgb` → { count, cx, cy } (centroid in pixels). */
function pixelsOf({ width, rgba }, rgb, tol = 1) {
  let count = 0, sx = 0, sy = 0;
  for (let k = 0; k < rgba.length; k += 4) {
    if (Math.abs(rgba[k] - rgb[0]) <= tol && Math.abs(rgba[k + 1] - rgb[1]) <= tol && Math.abs(rgba[k + 2] - rgb[2]) <= tol) {
      count++; sx += (k / 4) % width; sy += Math.floor(k / 4 / width);
    }
  }
  return { count, cx: sx / count, cy: sy / count };
}

// A 4×4 map, range fixed to [0, 1]: (0,0) = 0, (1,1) = 0.5, (3,3) = 1, every other cell 0.25.
const CELLS = Array.from({ length: 16 }, (_, k) => ({ 0: 0, 5: 0.5, 15: 1 })[k] ?? 0.25);
const HEATMAP = { title: 'Known 4×4', rows: 4, cols: 4, data: CELLS, min: 0, max: 1, colormap: 'viridis', xLabel: 'key', yLabel: 'query' };

test('heatmapPng paints each cell in the viridis colour of its value, at its place', async () => {
  const img = decodePng(await heatmapPng(HEATMAP));
  const zero = pixelsOf(img, VIRIDIS_0), half = pixelsOf(img, VIRIDIS_HALF), one = pixelsOf(img, VIRIDIS_1);
  // Each of these values fills one of 16 cells of a plot hundreds of pixels wide: at least 100 × 100 pixels.
  for (const [name, p] of [['0', zero], ['0.5', half], ['1', one]]) assert.ok(p.count >= 10_000, `value ${name}: ${p.count} pixels`);
  // Cell (0,0) is up-left of (1,1), which is up-left of (3,3) (the colour bar's few pixels barely move centroids).
  assert.ok(zero.cx < half.cx && half.cx < one.cx, `x centroids ${zero.cx} ${half.cx} ${one.cx}`);
  assert.ok(zero.cy < half.cy && half.cy < one.cy, `y centroids ${zero.cy} ${half.cy} ${one.cy}`);
  // The three cells are equally large: same pixel counts within the colour bar's share (< 5 %).
  assert.ok(Math.abs(zero.count - one.count) / one.count < 0.05, `${zero.count} vs ${one.count}`);
});

test('a frame with only a title has none of the scale colours (the check above can fail)', async () => {
  const { createCanvas } = await import('@napi-rs/canvas');
  const c = createCanvas(600, 400);
  const g = c.getContext('2d');
  g.fillStyle = '#fff'; g.fillRect(0, 0, 600, 400);
  g.fillStyle = '#1b1f24'; g.font = '600 30px "DejaVu Sans"'; g.fillText('Known 4×4', 20, 40);
  const img = decodePng(new Uint8Array(await c.encode('png')));
  for (const rgb of [VIRIDIS_0, VIRIDIS_HALF, VIRIDIS_1]) assert.ok(pixelsOf(img, rgb).count < 10_000);
});

test('masked cells take the mask colour, never a colour of the scale', async () => {
  // Causal mask (j > i): 6 of 16 cells; the unmasked value-0 cell (0,0) is one cell's area.
  const img = decodePng(await heatmapPng({ ...HEATMAP, mask: (i, j) => j > i }));
  const masked = pixelsOf(img, MASK, 0), zero = pixelsOf(img, VIRIDIS_0);
  assert.ok(Math.abs(masked.count / zero.count - 6) < 0.4, `masked ${masked.count} vs one cell ${zero.count}`);
  // Masked cells lie above the diagonal: right of cell (0,0), above cell (3,3).
  const one = pixelsOf(img, VIRIDIS_1);
  assert.ok(masked.cx > zero.cx && masked.cy < one.cy);
  // The same mask as booleans gives the same picture.
  const asArray = Array.from({ length: 16 }, (_, k) => k % 4 > Math.floor(k / 4));
  assert.deepEqual(await heatmapPng({ ...HEATMAP, mask: asArray }), await heatmapPng({ ...HEATMAP, mask: (i, j) => j > i }));
});

test('without min/max the colour range spans the visible cells only (masked and non-finite values left out)', async () => {
  // Unmasked cells hold 0 … 1 as in CELLS; masked ones (j > i) hold 100 or -Infinity. Visible range [0, 1]:
  // (0,0) = 0 takes viridis(0), (3,3) = 1 takes viridis(1).
  const data = CELLS.map((v, k) => (k % 4 > Math.floor(k / 4) ? (k % 2 ? 100 : -Infinity) : v));
  const img = decodePng(await heatmapPng({ ...HEATMAP, min: undefined, max: undefined, data, mask: (i, j) => j > i }));
  assert.ok(pixelsOf(img, VIRIDIS_0).count >= 10_000);
  assert.ok(pixelsOf(img, VIRIDIS_1).count >= 10_000);
});

test('a diverging map without min/max is centred on 0 (0 drawn near-white, ColorBrewer #f7f7f7)', async () => {
  // Values −0.5 … 2: a symmetric range is [−2, 2], so the cells of value 0 take the centre colour.
  const data = [0, 0, 2, -0.5];
  const img = decodePng(await heatmapPng({ title: 'diverging', rows: 2, cols: 2, data, colormap: 'diverging', xLabel: 'x', yLabel: 'y' }));
  assert.ok(pixelsOf(img, RDBU_CENTRE, 2).count >= 2 * 10_000);
});

test('heatmaps over ~4 million cells are max-pooled: a one-cell-wide off-diagonal stays visible in every pixel row', async () => {
  // 2100 × 2100 (4.41 M cells), 1 at (i, i+1), 0 elsewhere. Nearest-cell sampling onto < 1000 px would skip
  // most rows' bright cell; block max-pooling keeps one in every block.
  const n = 2100;
  const data = new Float32Array(n * n);
  for (let i = 0; i + 1 < n; i++) data[i * n + i + 1] = 1;
  const img = decodePng(await heatmapPng({ title: 'pooled', rows: n, cols: n, data, colormap: 'viridis', xLabel: 'k', yLabel: 'q' }));
  const rowsWithYellow = [];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width * 0.8; x++) {   // left of the colour bar
      const k = (y * img.width + x) * 4;
      if (Math.abs(img.rgba[k] - 253) <= 1 && Math.abs(img.rgba[k + 1] - 231) <= 1 && Math.abs(img.rgba[k + 2] - 37) <= 1) { rowsWithYellow.push(y); break; }
    }
  }
  const span = rowsWithYellow.at(-1) - rowsWithYellow[0] + 1;
  assert.ok(span > 400, `diagonal spans ${span} px`);
  assert.ok(rowsWithYellow.length >= 0.99 * span, `${rowsWithYellow.length} of ${span} rows show the diagonal`);
});

test('chartPng has the requested size and draws the line across the plot, rising left to right', async () => {
  const x = Array.from({ length: 101 }, (_, i) => i / 100);
  const png = await chartPng({ title: 'y = x', xLabel: 'x', yLabel: 'y', series: [{ label: '', x, y: x, colour: '#D55E00' }], width: 800, height: 500 });
  const img = decodePng(png);
  assert.equal(img.width, 800);
  assert.equal(img.height, 500);
  const line = pixelsOf(img, [0xd5, 0x5e, 0x00], 0);
  // A 3.5 px wide line across most of an 800 px image: well over 1000 pixels of exactly its colour.
  assert.ok(line.count > 1000, `${line.count} line pixels`);
  let leftY = 0, leftN = 0, rightY = 0, rightN = 0;
  for (let k = 0; k < img.rgba.length; k += 4) {
    if (img.rgba[k] !== 0xd5 || img.rgba[k + 1] !== 0x5e || img.rgba[k + 2] !== 0) continue;
    const px = (k / 4) % img.width, py = Math.floor(k / 4 / img.width);
    if (px < line.cx) { leftY += py; leftN++; } else { rightY += py; rightN++; }
  }
  assert.ok(leftY / leftN > rightY / rightN + 100, 'y = x rises: its left half is lower in the image');
});

test('the same spec gives the same PNG bytes twice', async () => {
  const chart = { title: 'twice', xLabel: 'x', yLabel: 'y', yLog: true, series: [{ label: 'a', x: [1, 2, 3], y: [1e-3, 1e-1, 10] }],
    markers: [{ axis: 'x', value: 2, label: 'T_max' }] };
  assert.deepEqual(await chartPng(chart), await chartPng(chart));
  assert.deepEqual(await heatmapPng(HEATMAP), await heatmapPng(HEATMAP));
});

test('heatmapGridPng and panelsPng compose their parts (each part\'s colours present)', async () => {
  const cell = { rows: 2, cols: 2, data: [0, 1, 1, 0] };
  const grid = decodePng(await heatmapGridPng({ title: 'grid', note: 'colour: 0 → max', rowLabels: ['a', 'b'], colLabels: ['T=2', 'T=4', 'T=8'],
    cells: [[cell, cell, cell], [cell, cell, cell]], colormap: 'viridis' }));
  // 6 cells × 2 value-1 quarters of a ≥ 150 px (300 device px) square each.
  assert.ok(pixelsOf(grid, VIRIDIS_1).count >= 6 * 2 * 150 * 150);
  const panels = decodePng(await panelsPng({ title: 'two', columns: 2, panels: [
    { kind: 'heatmap', spec: HEATMAP },
    { kind: 'chart', spec: { title: 'c', xLabel: 'x', yLabel: 'y', series: [{ label: '', x: [0, 1], y: [0, 1], colour: '#D55E00' }] } }] }));
  const hm = pixelsOf(panels, VIRIDIS_1), ln = pixelsOf(panels, [0xd5, 0x5e, 0x00], 0);
  assert.ok(hm.count >= 10_000 && ln.count > 500);
  assert.ok(hm.cx < ln.cx, 'the heatmap is the left panel');
});

test('bad specs reject with PE_LAB_BAD_ARGUMENT naming the field; the module keeps working', async () => {
  await assert.rejects(heatmapPng({ ...HEATMAP, data: [1, 2, 3] }), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'data' && /16 numbers/.test(e.allowed));
  await assert.rejects(heatmapPng({ ...HEATMAP, colormap: 'jet' }), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'colormap' && e.got === 'jet');
  await assert.rejects(chartPng({ series: [{ x: [1, 2], y: [1] }] }), (e) => e.param === 'series[0].y');
  await assert.rejects(chartPng({ series: [{ x: [1, '2'], y: [1, 2] }] }), (e) => e.param === 'series[0].x[1]');
  assert.throws(() => _setCanvasLoader('@napi-rs/canvas'), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'loader');
  await assert.rejects(panelsPng({ panels: [{ kind: 'pie', spec: {} }] }), (e) => e.param === 'panels[0].kind');
  await assert.rejects(heatmapGridPng({ rowLabels: ['a'], colLabels: ['b'], cells: [[{ rows: 1, cols: 2, data: [1] }]] }), (e) => e.param === 'cells[0][0].data');
  assert.ok(decodePng(await heatmapPng(HEATMAP)).width > 0);
});

test('without a canvas library PNG requests reject with PE_LAB_NO_CANVAS, and work again once it loads', async () => {
  _setCanvasLoader(() => { throw new Error("Cannot find package '@napi-rs/canvas'"); });
  try {
    assert.equal(await canvasAvailable(), false);
    await assert.rejects(heatmapPng(HEATMAP), (e) => e.code === 'PE_LAB_NO_CANVAS' && /@napi-rs\/canvas/.test(e.message));
    await assert.rejects(chartPng({ series: [{ x: [0], y: [0] }] }), (e) => e.code === 'PE_LAB_NO_CANVAS');
  } finally {
    _setCanvasLoader(null);
  }
  assert.equal(await canvasAvailable(), true);
  assert.ok((await heatmapPng(HEATMAP)).length > 0);
});

test('a band (fillTo) fills the area between two series in the colour at 20 % over white; edge series stay out of the legend', async () => {
  // Upper y = 1 and lower y = 0 over x ∈ [0, 1] with y fixed to [−1, 2]: the band is a third of the plot's
  // height and its whole width. #0072B2 at alpha 0x33/255 = 0.2 over white: 255 + 0.2·(c − 255) = (204, 227, 240).
  const BAND = [204, 227, 240];
  const spec = (upper) => ({ title: 'band', yMin: -1, yMax: 2, series: [
    { label: 'upper', x: [0, 1], y: [1, 1], colour: '#0072B2', width: 0, pointRadius: 0, legend: false, ...upper },
    { label: 'lower', x: [0, 1], y: [0, 0], colour: '#0072B2', width: 0, pointRadius: 0, legend: false }] });
  const filled = pixelsOf(decodePng(await chartPng(spec({ fillTo: 1 }))), BAND, 2);
  const plain = pixelsOf(decodePng(await chartPng(spec({}))), BAND, 2);
  assert.equal(plain.count, 0, 'no band without fillTo');
  // The plot area of a 1280 × 800 PNG is well over 800 × 400 pixels: a third of it is > 100 000.
  assert.ok(filled.count > 100_000, `band pixels ${filled.count}`);
  for (const [fillTo, got] of [[0, 0], [2, 2], [0.5, 0.5]]) {
    await assert.rejects(chartPng(spec({ fillTo })), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'series[0].fillTo' && e.got === got);
  }
});
