// wasm/figures/heatmap.js — the heatmap figure: a matrix drawn cell by cell (our own nearest-cell sampling,
// so Node and browsers give the same pixels), axis ticks and labels, a colour bar with min / mid / max and
// a wrapped title; maps larger than the plot's pixels are block max-pooled first (said in the note).
// A figure is { width, height, draw(g) } in CSS px; canvas.js's provider and index.js turn it into a PNG.
// Leaves out: input checks (index.js) and the page's interactive layer (web/charts/heatmap.js).
import { LUTS, heatmapRange, paintCells, tickIndices } from './colour.js';
import { poolMax } from './pool.js';
import { INK, MUTED, FRAME, LABEL_FONT, TITLE_FONT, formatTick, wrapLines, titleHeight, drawTitle, maxWidth } from './text.js';

const PLOT_SIDE = 480;

/**
 * A canvas holding the cells of `spec` (rows, cols, data, lo, hi, colormap, masked? bytes) sampled onto w × h CSS px
 * at env.scale device px each: pixel (x, y) takes cell (⌊y·rows/H⌋, ⌊x·cols/W⌋).
 */
export function cellsCanvas(env, { rows, cols, data, lo, hi, colormap, masked }, w, h) {
  const W = Math.round(w * env.scale), H = Math.round(h * env.scale);
  const colours = new Uint32Array(rows * cols);
  paintCells(colours, data, lo, hi, colormap, masked);
  const canvas = env.createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(W, H);
  const px = new Uint32Array(img.data.buffer);
  const colOf = Int32Array.from({ length: W }, (_, x) => Math.floor((x * cols) / W));
  for (let y = 0; y < H; y++) {
    const base = Math.floor((y * rows) / H) * cols;
    for (let x = 0; x < W; x++) px[y * W + x] = colours[base + colOf[x]];
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/** The cells to draw on a plot of maxSide device px: the matrix itself, or its block max-pooling → { rows, cols, data, masked, block }. */
export function drawableCells({ rows, cols, data, masked }, maxSide) {
  const { matrix, block } = poolMax({ shape: [rows, cols], data }, maxSide, masked);
  if (block === 1) return { rows, cols, data, masked, block };
  return { rows: matrix.shape[0], cols: matrix.shape[1], data: matrix.data, masked: null, block };
}

/** A 1 px frame just outside the rectangle (x, y, w, h). */
export function frame(g, x, y, w, h, colour = FRAME) {
  g.fillStyle = colour;
  g.fillRect(x - 1, y - 1, w + 2, 1); g.fillRect(x - 1, y + h, w + 2, 1);
  g.fillRect(x - 1, y, 1, h); g.fillRect(x + w, y, 1, h);
}

/** Dashed white lines at row / column index `mark` of a rows × cols map drawn at (x, y, w, h). */
export function drawMark(g, mark, rows, cols, x, y, w, h) {
  g.save();
  g.strokeStyle = '#ffffff';
  g.lineWidth = 1;
  g.setLineDash([4, 3]);
  g.beginPath();
  const my = y + Math.round((mark / rows) * h), mx = x + Math.round((mark / cols) * w);
  g.moveTo(x, my + 0.5); g.lineTo(x + w, my + 0.5);
  g.moveTo(mx + 0.5, y); g.lineTo(mx + 0.5, y + h);
  g.stroke();
  g.restore();
}

/**
 * Heatmap figure. spec: { title, rows, cols, data, min?, max?, colormap, xLabel, yLabel, rowLabels?, colLabels?,
 * note?, masked?: bytes (maskBytes), format?: (v) => text, mark? }.
 */
export function heatmapFigure(spec, env) {
  const { title = '', xLabel = '', yLabel = '', rowLabels, colLabels, colormap, format = formatTick } = spec;
  const { rows, cols } = spec;
  const [lo, hi] = heatmapRange(spec.data, colormap, spec.min, spec.max, spec.masked);
  const n = Math.max(rows, cols);
  const pw = Math.max(120, Math.round((PLOT_SIDE * cols) / n)), ph = Math.max(120, Math.round((PLOT_SIDE * rows) / n));
  const cells = drawableCells(spec, Math.max(pw, ph) * env.scale);
  const pooledNote = cells.block > 1
    ? `Drawn block max-pooled (${cells.block}×${cells.block} cells per pixel block) from ${rows}×${cols}.` : '';
  const note = [spec.note, pooledNote].filter(Boolean).join(' ');
  const label = (labels, i) => (labels ? String(labels[i]) : String(i));
  const yIdx = rowLabels && rows <= 24 ? [...Array(rows).keys()] : tickIndices(rows, 6);
  const wordsX = Boolean(colLabels) && cols <= 24;
  const xIdx = wordsX ? [...Array(cols).keys()] : tickIndices(cols, 6);
  const m = env.measure;
  const yTickW = maxWidth(m, yIdx.map((i) => label(rowLabels, i)), LABEL_FONT);
  const xTickH = wordsX ? Math.ceil(maxWidth(m, xIdx.map((i) => label(colLabels, i)), LABEL_FONT) * Math.SQRT1_2) + 16 : 24;
  const barTicks = [hi, (lo + hi) / 2, lo].map(format);
  const left = Math.max(64, 36 + yTickW + 8);
  const right = 24 + 14 + 6 + maxWidth(m, barTicks, LABEL_FONT) + 16;
  const width = left + pw + right;
  const titleLines = wrapLines(m, title, width - 32, TITLE_FONT);
  const noteLines = wrapLines(m, note, width - 32, LABEL_FONT);
  const top = titleHeight(titleLines) + 8;
  const bottom = xTickH + 28 + noteLines.length * 16 + 8;
  const height = top + ph + bottom;

  function draw(g) {
    drawTitle(g, titleLines, 16);
    g.drawImage(cellsCanvas(env, { ...cells, lo, hi, colormap }, pw, ph), left, top, pw, ph);
    frame(g, left, top, pw, ph);
    if (spec.mark !== undefined) drawMark(g, spec.mark, rows, cols, left, top, pw, ph);
    g.fillStyle = INK;
    g.font = LABEL_FONT;
    g.textBaseline = 'middle';
    g.textAlign = 'right';
    for (const i of yIdx) g.fillText(label(rowLabels, i), left - 6, top + ((i + 0.5) / rows) * ph);
    for (const i of xIdx) {
      const x = left + ((i + 0.5) / cols) * pw;
      if (wordsX) {
        g.save(); g.translate(x, top + ph + 6); g.rotate(-Math.PI / 4); g.textAlign = 'right';
        g.fillText(label(colLabels, i), 0, 0); g.restore();
      } else {
        g.textAlign = 'center'; g.fillText(label(colLabels, i), x, top + ph + 12);
      }
    }
    g.textAlign = 'center';
    g.fillText(xLabel, left + pw / 2, top + ph + xTickH + 10);
    g.save(); g.translate(16, top + ph / 2); g.rotate(-Math.PI / 2); g.fillText(yLabel, 0, 0); g.restore();
    drawColourBar(g, env, colormap, left + pw + 24, top, 14, ph, barTicks);
    g.fillStyle = MUTED;
    g.textAlign = 'left';
    noteLines.forEach((line, i) => g.fillText(line, 16, top + ph + xTickH + 34 + i * 16));
  }
  return { width, height, draw };
}

/** A vertical colour bar (top = high end) with tick texts [top, middle, bottom] at its right. */
function drawColourBar(g, env, colormap, x, y, w, h, ticks) {
  const lut = LUTS[colormap];
  const W = w * env.scale, H = h * env.scale;
  const canvas = env.createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(W, H);
  for (let r = 0; r < H; r++) {
    const k = Math.round((1 - r / (H - 1)) * 255) * 4;
    for (let c = 0; c < W; c++) img.data.set(lut.subarray(k, k + 4), (r * W + c) * 4);
  }
  ctx.putImageData(img, 0, 0);
  g.drawImage(canvas, x, y, w, h);
  frame(g, x, y, w, h);
  g.fillStyle = INK;
  g.font = LABEL_FONT;
  g.textAlign = 'left';
  g.textBaseline = 'middle';
  [y + 6, y + h / 2, y + h - 6].forEach((ty, i) => g.fillText(ticks[i], x + w + 6, ty));
}
