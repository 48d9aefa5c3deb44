// web/charts/heatmap.js — a fast heatmap on a <canvas> via ImageData (one pixel per cell, scaled by CSS
// with crisp edges), a colour-scale legend, and the value under the cursor. Handles 1024×1024 and beyond.
// createHeatmap(container, {label}) -> { update({rows, cols, data, min, max}), canvas, destroy() }

// Viridis-like 256-entry colour map, built from 5 anchor colours by linear interpolation.
const ANCHORS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (ANCHORS.length - 1);
    const k = Math.min(Math.floor(x), ANCHORS.length - 2);
    const f = x - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(ANCHORS[k][c] * (1 - f) + ANCHORS[k + 1][c] * f);
  }
  return lut;
})();

export function colourOf(v, min, max) {
  const span = max - min || 1;
  const i = Math.max(0, Math.min(255, Math.round(((v - min) / span) * 255)));
  return [LUT[i * 3], LUT[i * 3 + 1], LUT[i * 3 + 2]];
}

export function createHeatmap(container, { label = '', format = (v) => v.toPrecision(4) } = {}) {
  const wrap = document.createElement('figure');
  wrap.className = 'heatmap';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  canvas.tabIndex = 0;
  const legend = document.createElement('canvas');
  legend.className = 'heatmap-legend';
  legend.width = 256;
  legend.height = 12;
  const legendLabels = document.createElement('div');
  legendLabels.className = 'heatmap-legend-labels';
  const readout = document.createElement('output');
  readout.className = 'heatmap-readout';
  readout.textContent = '\u00a0';
  wrap.append(canvas, legend, legendLabels, readout);
  container.append(wrap);

  let state = null;
  const lctx = legend.getContext('2d');
  const limg = lctx.createImageData(256, 1);
  for (let i = 0; i < 256; i++) {
    limg.data.set([LUT[i * 3], LUT[i * 3 + 1], LUT[i * 3 + 2], 255], i * 4);
  }
  for (let y = 0; y < 12; y++) lctx.putImageData(limg, 0, y);

  function onMove(ev) {
    if (!state) return;
    const r = canvas.getBoundingClientRect();
    const col = Math.floor(((ev.clientX - r.left) / r.width) * state.cols);
    const row = Math.floor(((ev.clientY - r.top) / r.height) * state.rows);
    if (row < 0 || col < 0 || row >= state.rows || col >= state.cols) return;
    const v = state.data[row * state.cols + col];
    readout.textContent = `[${row}, ${col}] = ${format(v)}`;
    readout.dataset.value = String(v);
  }
  canvas.addEventListener('mousemove', onMove);

  return {
    canvas,
    update({ rows, cols, data, min, max }) {
      let lo = min, hi = max;
      if (lo === undefined || hi === undefined) {
        lo = Infinity; hi = -Infinity;
        for (let i = 0; i < data.length; i++) { if (data[i] < lo) lo = data[i]; if (data[i] > hi) hi = data[i]; }
      }
      state = { rows, cols, data };
      canvas.width = cols;
      canvas.height = rows;
      const ctx = canvas.getContext('2d');
      const img = ctx.createImageData(cols, rows);
      const span = hi - lo || 1;
      for (let i = 0; i < rows * cols; i++) {
        const k = Math.max(0, Math.min(255, Math.round(((data[i] - lo) / span) * 255))) * 3;
        img.data[i * 4] = LUT[k];
        img.data[i * 4 + 1] = LUT[k + 1];
        img.data[i * 4 + 2] = LUT[k + 2];
        img.data[i * 4 + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      legendLabels.innerHTML = '';
      for (const v of [lo, (lo + hi) / 2, hi]) {
        const s = document.createElement('span');
        s.textContent = format(v);
        s.dataset.value = String(v);
        legendLabels.append(s);
      }
    },
    destroy() { wrap.remove(); },
  };
}
