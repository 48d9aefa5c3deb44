// web/charts/heatmap-grid.js — a labelled grid of small heatmaps (a row per series, a column per size), each
// one web/charts/heatmap.js chart (canvas ImageData, hover/arrow-key readout with data-value), plus one PNG
// that composes every cell under its row and column labels with a title and a colour note. Each cell keeps
// its own colour range (default 0 … its maximum), like one imshow per subplot; optional dashed marks at a
// row/column index (e.g. a learned table's T_max). It draws no numbers table: web/ui/figure.js does.
//
// createHeatmapGrid(container, { colormap, format, rowName, colName, ariaLabel: (rowLabel, colLabel) => text, testidPrefix })
//   (each cell: data-testid="<testidPrefix>-<rowKey>-<colKey>", data-row, data-col)
//   → { update({ rowLabels, colLabels, rowKeys, colKeys, cells: [[{ rows, cols, data, min?, max?, mark? }]] }),
//       charts() → [[chart]], toPNG({ title, rowLabels, colLabels, note, format }) → Promise<Blob>, element, destroy() }
import { h } from '../ui/dom.js';
import { createHeatmapChart, colourOf } from './heatmap.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function createHeatmapGrid(container, options = {}) {
  const opts = { colormap: 'viridis', format: (v) => String(v), rowName: '', colName: '', ariaLabel: (r, c) => `${r}, ${c}`, testidPrefix: 'hmg', ...options };
  const grid = h('div', { class: 'hmg', role: 'group' });
  const element = h('div', { class: 'hmg-scroll' }, grid);
  container.append(element);
  let cells = [];     // [[{ chart, spec }]]
  let labels = { rowLabels: [], colLabels: [] };

  function clear() {
    for (const row of cells) for (const c of row) c.chart.destroy();
    cells = [];
    grid.replaceChildren();
  }

  function update({ rowLabels, colLabels, rowKeys = rowLabels, colKeys = colLabels, cells: specs }) {
    clear();
    labels = { rowLabels, colLabels };
    grid.style.setProperty('--hmg-cols', String(colLabels.length));
    grid.append(h('div', { class: 'hmg-corner', 'aria-hidden': 'true' }),
      ...colLabels.map((c) => h('div', { class: 'hmg-colhead', 'aria-hidden': 'true' }, c)));
    specs.forEach((row, i) => {
      grid.append(h('div', { class: 'hmg-rowhead', 'aria-hidden': 'true' }, rowLabels[i]));
      const charts = row.map((spec, j) => {
        const cell = h('div', { class: 'hmg-cell', dataset: { row: String(rowKeys[i]), col: String(colKeys[j]), testid: `${opts.testidPrefix}-${rowKeys[i]}-${colKeys[j]}` } });
        grid.append(cell);
        const chart = createHeatmapChart(cell, { colormap: opts.colormap, format: opts.format, rowName: opts.rowName, colName: opts.colName,
          xLabel: '', yLabel: '', ariaLabel: opts.ariaLabel(rowLabels[i], colLabels[j]), size: 'grid' });
        chart.update({ rows: spec.rows, cols: spec.cols, data: spec.data, min: spec.min ?? 0, max: spec.max });
        if (spec.mark !== undefined && spec.mark > 0 && spec.mark < Math.max(spec.rows, spec.cols)) {
          const wrap = chart.element.querySelector('.hm-canvas-wrap');
          wrap?.append(
            h('div', { class: 'hmg-mark hmg-mark-row', 'aria-hidden': 'true', style: { top: `${(spec.mark / spec.rows) * 100}%` } }),
            h('div', { class: 'hmg-mark hmg-mark-col', 'aria-hidden': 'true', style: { left: `${(spec.mark / spec.cols) * 100}%` } }));
        }
        return { chart, spec };
      });
      cells.push(charts);
    });
  }

  /** One image: title, column labels on top, row labels on the left, every cell at the same size, a colour note. */
  function toPNG({ title = '', rowLabels = labels.rowLabels, colLabels = labels.colLabels, note = '', format = opts.format } = {}) {
    if (!cells.length) return Promise.reject(new Error('heatmap grid: nothing drawn yet'));
    const dpr = 2;
    const nr = cells.length, nc = cells[0].length;
    const side = nc <= 3 ? 260 : nc <= 6 ? 200 : 150;
    const gap = 14, top = (title ? 48 : 12) + 26, bottom = 58, right = 24;
    const measure = document.createElement('canvas').getContext('2d');
    measure.font = `600 13px ${FONT}`;
    const left = Math.ceil(Math.max(80, ...rowLabels.map((l) => measure.measureText(l).width)) + 28);
    const width = left + nc * side + (nc - 1) * gap + right;
    const height = top + nr * (side + 18) + (nr - 1) * gap + bottom;
    const out = document.createElement('canvas');
    out.width = width * dpr;
    out.height = height * dpr;
    const g = out.getContext('2d');
    g.scale(dpr, dpr);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#1b1f24';
    g.textBaseline = 'middle';
    g.font = `600 16px ${FONT}`;
    if (title) g.fillText(title, 16, 24);
    g.font = `600 13px ${FONT}`;
    g.textAlign = 'center';
    colLabels.forEach((c, j) => g.fillText(c, left + j * (side + gap) + side / 2, top - 14));
    cells.forEach((row, i) => {
      const y = top + i * (side + 18 + gap);
      g.font = `600 13px ${FONT}`;
      g.textAlign = 'right';
      g.fillStyle = '#1b1f24';
      g.fillText(rowLabels[i], left - 12, y + side / 2);
      row.forEach(({ chart, spec }, j) => {
        const x = left + j * (side + gap);
        g.imageSmoothingEnabled = Math.max(spec.rows, spec.cols) > side;
        g.drawImage(chart.canvas, x, y, side, side);
        g.strokeStyle = '#9aa3ad';
        g.lineWidth = 1;
        g.setLineDash([]);
        g.strokeRect(x - 0.5, y - 0.5, side + 1, side + 1);
        if (spec.mark !== undefined && spec.mark > 0 && spec.mark < Math.max(spec.rows, spec.cols)) {
          g.strokeStyle = '#ffffff';
          g.setLineDash([4, 3]);
          g.beginPath();
          g.moveTo(x, y + (spec.mark / spec.rows) * side); g.lineTo(x + side, y + (spec.mark / spec.rows) * side);
          g.moveTo(x + (spec.mark / spec.cols) * side, y); g.lineTo(x + (spec.mark / spec.cols) * side, y + side);
          g.stroke();
          g.setLineDash([]);
        }
        let hi = spec.max;
        if (hi === undefined) { hi = -Infinity; for (const v of spec.data) if (v > hi) hi = v; }
        g.font = `11px ${FONT}`;
        g.fillStyle = '#5b6570';
        g.textAlign = 'center';
        g.fillText(`max ${format(hi)}`, x + side / 2, y + side + 9);
      });
    });
    // Colour note: a bar from 0 (left) to each map's own maximum (right).
    const by = height - bottom + 20, bx = left, bw = 180;
    for (let k = 0; k < bw; k++) {
      const [r, gg, b] = colourOf(k / (bw - 1), 0, 1, opts.colormap);
      g.fillStyle = `rgb(${r},${gg},${b})`;
      g.fillRect(bx + k, by, 1.5, 10);
    }
    g.strokeStyle = '#9aa3ad';
    g.strokeRect(bx - 0.5, by - 0.5, bw + 1, 11);
    g.fillStyle = '#1b1f24';
    g.font = `12px ${FONT}`;
    g.textAlign = 'right';
    g.fillText('0', bx - 6, by + 5);
    g.textAlign = 'left';
    g.fillText(note, bx + bw + 8, by + 5);
    return new Promise((resolve, reject) =>
      out.toBlob((b) => (b ? resolve(b) : reject(new Error('heatmap grid: PNG encoding failed'))), 'image/png'));
  }

  return {
    element,
    update,
    charts: () => cells.map((row) => row.map((c) => c.chart)),
    setAriaLabel(text) { grid.setAttribute('aria-label', text); },
    toPNG,
    destroy() { clear(); element.remove(); },
  };
}
