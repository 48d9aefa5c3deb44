// web/charts/heatmap.js — a matrix as a heatmap on a <canvas> via ImageData (one pixel per cell, scaled by
// CSS), with axis ticks, a colour legend, the value under the cursor (mouse or arrow keys; shown in an
// <output data-value>) and a PNG export with title, axes and colour bar. Sequential (viridis) or diverging
// (blue–white–red, centred on 0) colour maps. Fast for 2048×2048: one Uint32 write per cell.
// It does not draw text tables: web/ui/figure.js adds the numbers as a table.
//
// createHeatmapChart(container, { colormap, format, rowName, colName, xLabel, yLabel, ariaLabel, size })
//   → { update({ rows, cols, data, min, max, rowLabels, colLabels }), setText({…}), toPNG({…}) → Promise<Blob>,
//       element, canvas, destroy() }
import { h } from '../ui/dom.js';

const ANCHORS = {
  // viridis, 9 anchors (matplotlib's table at 0, 1/8, …, 1)
  viridis: [[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129],
    [92, 200, 99], [170, 220, 50], [253, 231, 37]],
  // RdBu reversed (ColorBrewer): negative blue, zero near-white, positive red
  diverging: [[5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
    [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31]],
};

function buildLut(anchors) {
  const rgba = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (anchors.length - 1);
    const k = Math.min(Math.floor(x), anchors.length - 2);
    const f = x - k;
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.round(anchors[k][c] * (1 - f) + anchors[k + 1][c] * f);
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
const LUTS = Object.fromEntries(Object.entries(ANCHORS).map(([k, a]) => [k, buildLut(a)]));
const LUTS32 = Object.fromEntries(Object.entries(LUTS).map(([k, a]) => [k, new Uint32Array(a.buffer.slice(0))]));

/** [r, g, b] of value v on the colour map between min and max. */
export function colourOf(v, min, max, colormap = 'viridis') {
  const lut = LUTS[colormap];
  const i = Math.max(0, Math.min(255, Math.round(((v - min) / (max - min || 1)) * 255)));
  return [lut[i * 4], lut[i * 4 + 1], lut[i * 4 + 2]];
}

/** Data range; diverging maps are symmetric around 0. */
export function heatmapRange(data, colormap, min, max) {
  let lo = min, hi = max;
  if (lo === undefined || hi === undefined) {
    let a = Infinity, b = -Infinity;
    for (let i = 0; i < data.length; i++) { const v = data[i]; if (v < a) a = v; if (v > b) b = v; }
    if (!Number.isFinite(a)) { a = 0; b = 1; }
    if (colormap === 'diverging') { const m = Math.max(Math.abs(a), Math.abs(b)) || 1; a = -m; b = m; }
    lo = lo ?? a; hi = hi ?? b;
  }
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  return [lo, hi];
}

/** Tick indices: every label when few, else a "nice" step (1, 2, 5 × 10^k) giving at most `maxTicks`. */
export function tickIndices(n, maxTicks = 6) {
  if (n <= maxTicks) return Array.from({ length: n }, (_, i) => i);
  const raw = (n - 1) / (maxTicks - 1);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw);
  const out = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

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
  const legendBar = h('canvas', { class: 'hm-legend-bar', width: '256', height: '1', 'aria-hidden': 'true' });
  const legendLo = h('span', { class: 'num' });
  const legendHi = h('span', { class: 'num' });
  const legend = h('div', { class: 'hm-legend' }, legendLo, legendBar, legendHi);
  const readout = h('output', { class: 'hm-readout', 'aria-live': 'off' }, '\u00a0');
  const element = h('div', { class: `heatmap hm-${opts.size}` }, plot, legend, readout);
  container.append(element);

  let state = null;           // { rows, cols, data, lo, hi, rowLabels, colLabels }
  let focusCell = null;       // [row, col] under the cursor or keyboard focus

  function drawLegend() {
    const ctx = legendBar.getContext('2d');
    const img = ctx.createImageData(256, 1);
    img.data.set(LUTS[opts.colormap]);
    ctx.putImageData(img, 0, 0);
  }

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

  function update({ rows, cols, data, min, max, rowLabels, colLabels }) {
    if (data.length !== rows * cols) throw new Error(`heatmap: data has ${data.length} entries, expected ${rows}×${cols}`);
    const [lo, hi] = heatmapRange(data, opts.colormap, min, max);
    state = { rows, cols, data, lo, hi, rowLabels, colLabels };
    if (canvas.width !== cols) canvas.width = cols;
    if (canvas.height !== rows) canvas.height = rows;
    const ctx = canvas.getContext('2d');
    const img = ctx.createImageData(cols, rows);
    const px = new Uint32Array(img.data.buffer);
    const lut = LUTS32[opts.colormap];
    const scale = 255 / (hi - lo);
    for (let i = 0, n = rows * cols; i < n; i++) {
      let k = ((data[i] - lo) * scale + 0.5) | 0;
      k = k < 0 ? 0 : k > 255 ? 255 : k;
      px[i] = lut[k];
    }
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

  /** A standalone figure: title, plot (≥ ~480 px), ticks, axis labels and colour bar, on white. */
  function toPNG({ title = '', xLabel: xl = opts.xLabel, yLabel: yl = opts.yLabel, format = opts.format } = {}) {
    if (!state) return Promise.reject(new Error('heatmap: nothing drawn yet'));
    const { rows, cols, lo, hi, rowLabels, colLabels } = state;
    const dpr = 2;
    const side = 480;
    const cell = side / Math.max(rows, cols);
    const pw = Math.max(120, Math.round(cols * cell)), ph = Math.max(120, Math.round(rows * cell));
    const hasWordsX = colLabels && cols <= 24;
    const left = 96, top = title ? 44 : 16, right = 96, bottom = hasWordsX ? 96 : 64;
    const out = document.createElement('canvas');
    out.width = (left + pw + right) * dpr;
    out.height = (top + ph + bottom) * dpr;
    const g = out.getContext('2d');
    g.scale(dpr, dpr);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, left + pw + right, top + ph + bottom);
    g.imageSmoothingEnabled = Math.max(rows, cols) > side;
    g.drawImage(canvas, left, top, pw, ph);
    g.strokeStyle = '#9aa3ad';
    g.lineWidth = 1;
    g.strokeRect(left - 0.5, top - 0.5, pw + 1, ph + 1);
    g.fillStyle = '#1b1f24';
    g.font = '600 15px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    g.textBaseline = 'middle';
    if (title) g.fillText(title, 16, 22);
    g.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    const yIdx = rowLabels && rows <= 24 ? [...Array(rows).keys()] : tickIndices(rows, 6);
    g.textAlign = 'right';
    for (const i of yIdx) g.fillText(label(rowLabels, i), left - 6, top + ((i + 0.5) / rows) * ph);
    const xIdx = hasWordsX ? [...Array(cols).keys()] : tickIndices(cols, 6);
    for (const i of xIdx) {
      const x = left + ((i + 0.5) / cols) * pw;
      if (hasWordsX) {
        g.save(); g.translate(x, top + ph + 6); g.rotate(-Math.PI / 4); g.textAlign = 'right';
        g.fillText(label(colLabels, i), 0, 0); g.restore();
      } else {
        g.textAlign = 'center'; g.fillText(label(colLabels, i), x, top + ph + 14);
      }
    }
    g.textAlign = 'center';
    g.fillText(xl, left + pw / 2, top + ph + bottom - 14);
    g.save(); g.translate(16, top + ph / 2); g.rotate(-Math.PI / 2); g.fillText(yl, 0, 0); g.restore();
    // colour bar: top = hi
    const bx = left + pw + 24, bw = 14;
    const lut = LUTS[opts.colormap];
    for (let y = 0; y < ph; y++) {
      const k = Math.round((1 - y / (ph - 1)) * 255) * 4;
      g.fillStyle = `rgb(${lut[k]},${lut[k + 1]},${lut[k + 2]})`;
      g.fillRect(bx, top + y, bw, 1.5);
    }
    g.strokeRect(bx - 0.5, top - 0.5, bw + 1, ph + 1);
    g.fillStyle = '#1b1f24';
    g.textAlign = 'left';
    g.fillText(format(hi), bx + bw + 6, top + 6);
    g.fillText(format((lo + hi) / 2), bx + bw + 6, top + ph / 2);
    g.fillText(format(lo), bx + bw + 6, top + ph - 6);
    return new Promise((resolve, reject) =>
      out.toBlob((b) => (b ? resolve(b) : reject(new Error('heatmap: PNG encoding failed'))), 'image/png'));
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
