// web/charts/heatmap.js — a matrix as a heatmap on a <canvas> via ImageData (one pixel per cell, scaled by
// CSS), with axis ticks, a colour legend and the value under the cursor (mouse or arrow keys; shown in an
// <output data-value>). Colour maps, range, mask colour and ticks come from wasm/figures (the PNG's code),
// and toPNG is wasm/figures' heatmapPng of what is shown. One Uint32 write per cell up to MAX_CANVAS_SIDE
// cells a side; a larger map is block max-pooled to it first, as its PNG is (a 4096² canvas costs the
// page's thread ~1 s to composite; the readout still reads every cell).
// Leaves out: text tables (web/ui/figure.js adds the numbers as a table).
//
// createHeatmapChart(container, { colormap, format, rowName, colName, xLabel, yLabel, ariaLabel, size })
//   → { update({ rows, cols, data, min, max, rowLabels, colLabels, mask? }), setText({…}), toPNG({…}) → Promise<Blob>,
//       element, canvas, destroy() }
import { h } from '../ui/dom.js';
import { LUTS, colourOf, heatmapRange, tickIndices, paintCells, maskBytes, heatmapPng, drawableCells } from 'pe-lab/figures';

export { colourOf, heatmapRange, tickIndices };

const MAX_CANVAS_SIDE = 1024;   // canvas px a side, about what a wide screen shows of a map at 2 device px

const GRADIENT_STOPS = 33;   // every 8th of the 256 LUT colours: the maps are smooth, a bar 4–18 rem wide shows no steps
const gradients = new Map();  // colormap → its CSS linear-gradient

/** The colour map's LUT as a left-to-right CSS gradient (stop k at k/(n−1) of the bar: LUT entry round(255·k/(n−1))). */
export function legendGradient(colormap) {
  if (!gradients.has(colormap)) {
    const lut = LUTS[colormap];
    const stops = Array.from({ length: GRADIENT_STOPS }, (_, k) => {
      const i = Math.round((255 * k) / (GRADIENT_STOPS - 1)) * 4;
      return `rgb(${lut[i]} ${lut[i + 1]} ${lut[i + 2]}) ${((100 * k) / (GRADIENT_STOPS - 1)).toFixed(2)}%`;
    });
    gradients.set(colormap, `linear-gradient(to right, ${stops.join(', ')})`);
  }
  return gradients.get(colormap);
}

/** PNG bytes → a Blob for the page's downloads. */
export const pngBlob = async (bytes) => new Blob([await bytes], { type: 'image/png' });

export function createHeatmapChart(container, options = {}) {
  let opts = { colormap: 'viridis', format: (v) => String(v), rowName: '', colName: '', xLabel: '', yLabel: '',
    ariaLabel: '', size: 'large', ...options };
  const canvas = h('canvas', { class: 'hm-canvas', role: 'img', tabindex: '0' });
  const cursor = h('div', { class: 'hm-cursor', hidden: true });
  const canvasWrap = h('div', { class: 'hm-canvas-wrap' }, canvas, cursor);
  const yTicks = h('div', { class: 'hm-yticks', 'aria-hidden': 'true' });
  const xTicks = h('div', { class: 'hm-xticks', 'aria-hidden': 'true' });
  const yLabel = h('div', { class: 'hm-ylabel', 'aria-hidden': 'true' });
  const xLabel = h('div', { class: 'hm-xlabel', 'aria-hidden': 'true' });
  const plot = h('div', { class: 'hm-plot' }, yLabel, yTicks, canvasWrap, h('div'), h('div'), xTicks, h('div'), h('div'), xLabel);
  // The colour bar is a CSS gradient, not a canvas: Chromium composites every canvas as a layer of its own, and a
  // page of ~200 of them (head-to-head's attention grids) spent 100–160 ms per frame on layerizing them.
  const legendBar = h('div', { class: 'hm-legend-bar', 'aria-hidden': 'true' });
  const legendLo = h('span', { class: 'num' });
  const legendHi = h('span', { class: 'num' });
  const legend = h('div', { class: 'hm-legend' }, legendLo, legendBar, legendHi);
  const readout = h('output', { class: 'hm-readout', 'aria-live': 'off' }, '\u00a0');
  const element = h('div', { class: `heatmap hm-${opts.size}` }, plot, legend, readout);
  container.append(element);

  let state = null;           // { rows, cols, data, lo, hi, rowLabels, colLabels, mask }
  let focusCell = null;       // [row, col] under the cursor or keyboard focus

  function drawLegend() { legendBar.style.backgroundImage = legendGradient(opts.colormap); }

  function label(labels, i) { return labels ? labels[i] : String(i); }

  function showCell(row, col) {
    if (!state) return;
    row = Math.max(0, Math.min(state.rows - 1, row));
    col = Math.max(0, Math.min(state.cols - 1, col));
    focusCell = [row, col];
    const v = state.data[row * state.cols + col];
    const r = `${opts.rowName} ${label(state.rowLabels, row)}`.trim();
    const c = `${opts.colName} ${label(state.colLabels, col)}`.trim();
    readout.textContent = `${r}, ${c}: ${opts.format(v)}`;
    readout.dataset.value = String(v);
    readout.dataset.row = String(row);
    readout.dataset.col = String(col);
    Object.assign(cursor.style, {
      left: `${(col / state.cols) * 100}%`, top: `${(row / state.rows) * 100}%`,
      width: `${100 / state.cols}%`, height: `${100 / state.rows}%`,
    });
    cursor.hidden = false;
  }

  canvas.addEventListener('mousemove', (ev) => {
    if (!state) return;
    const r = canvas.getBoundingClientRect();
    const col = Math.floor(((ev.clientX - r.left) / r.width) * state.cols);
    const row = Math.floor(((ev.clientY - r.top) / r.height) * state.rows);
    if (row >= 0 && col >= 0 && row < state.rows && col < state.cols) showCell(row, col);
  });
  canvas.addEventListener('mouseleave', () => { if (document.activeElement !== canvas) cursor.hidden = true; });
  // Announce values only while the keyboard is on the map (hovering would flood a screen reader).
  canvas.addEventListener('blur', () => { cursor.hidden = true; readout.setAttribute('aria-live', 'off'); });
  canvas.addEventListener('focus', () => { readout.setAttribute('aria-live', 'polite'); if (state) showCell(...(focusCell ?? [0, 0])); });
  canvas.addEventListener('keydown', (ev) => {
    if (!state) return;
    const [row, col] = focusCell ?? [0, 0];
    const page = Math.max(1, Math.round(Math.max(state.rows, state.cols) / 10));
    const moves = {
      ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
      PageUp: [-page, 0], PageDown: [page, 0], Home: [0, -col], End: [0, state.cols - 1 - col],
    };
    const m = moves[ev.key];
    if (!m) return;
    ev.preventDefault();
    showCell(row + m[0], col + m[1]);
  });

  function renderTicks(el, n, labels, vertical) {
    el.replaceChildren();
    const dense = labels && !vertical && n > 6;
    el.classList.toggle('hm-ticks-rotated', Boolean(dense));
    const idx = labels && n <= 24 ? Array.from({ length: n }, (_, i) => i) : tickIndices(n, vertical ? 6 : 5);
    for (const i of idx) {
      const pos = `${((i + 0.5) / n) * 100}%`;
      el.append(h('span', { style: vertical ? { top: pos } : { left: pos } }, label(labels, i)));
    }
  }

  function renderText() {
    canvas.setAttribute('aria-label', opts.ariaLabel || opts.yLabel);
    xLabel.textContent = opts.xLabel;
    yLabel.textContent = opts.yLabel;
    if (state) {
      legendLo.textContent = opts.format(state.lo);
      legendHi.textContent = opts.format(state.hi);
      if (focusCell && !cursor.hidden) showCell(...focusCell);
    }
  }

  function update({ rows, cols, data, min, max, rowLabels, colLabels, mask }) {
    if (data.length !== rows * cols) throw new Error(`heatmap: data has ${data.length} entries, expected ${rows}×${cols}`);
    const masked = maskBytes(mask, rows, cols);
    const [lo, hi] = heatmapRange(data, opts.colormap, min, max, masked);
    state = { rows, cols, data, lo, hi, rowLabels, colLabels, mask };
    const shown = drawableCells({ rows, cols, data, masked }, MAX_CANVAS_SIDE);
    if (canvas.width !== shown.cols) canvas.width = shown.cols;
    if (canvas.height !== shown.rows) canvas.height = shown.rows;
    const ctx = canvas.getContext('2d');
    const img = ctx.createImageData(shown.cols, shown.rows);
    paintCells(new Uint32Array(img.data.buffer), shown.data, lo, hi, opts.colormap, shown.masked);
    ctx.putImageData(img, 0, 0);
    // Display aspect: cells keep their shape within [0.4, 1.25] of the width; pixelated only when enlarged.
    const aspect = Math.min(1.25, Math.max(0.4, rows / cols));
    canvasWrap.style.aspectRatio = `1 / ${aspect}`;
    canvas.classList.toggle('hm-crisp', Math.max(rows, cols) <= 512);
    legendLo.dataset.value = String(lo);
    legendHi.dataset.value = String(hi);
    renderTicks(yTicks, rows, rowLabels, true);
    renderTicks(xTicks, cols, colLabels, false);
    if (focusCell && (focusCell[0] >= rows || focusCell[1] >= cols)) focusCell = null;
    renderText();
  }

  /** The figure as a PNG (heatmapPng: title, ticks, axis labels, colour bar, on white; numbers locale-neutral unless `format`). */
  function toPNG({ title = '', xLabel: xl = opts.xLabel, yLabel: yl = opts.yLabel, format, note } = {}) {
    if (!state) return Promise.reject(new Error('heatmap: nothing drawn yet'));
    const { rows, cols, data, lo, hi, rowLabels, colLabels, mask } = state;
    return pngBlob(heatmapPng({ title, rows, cols, data, min: lo, max: hi, colormap: opts.colormap, xLabel: xl, yLabel: yl,
      rowLabels, colLabels, mask, note, format }));
  }

  drawLegend();
  renderText();
  return {
    element,
    canvas,
    update,
    /** Changes display texts (language switch) without recomputing pixels. */
    setText(text) {
      const cm = opts.colormap;
      opts = { ...opts, ...text, colormap: cm };
      renderText();
    },
    toPNG,
    destroy() { element.remove(); state = null; },
  };
}

/** Backwards-compatible name of the first version of this module. */
export const createHeatmap = createHeatmapChart;
