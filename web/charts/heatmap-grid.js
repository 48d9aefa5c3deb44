// web/charts/heatmap-grid.js — a labelled grid of small heatmaps (a row per series, a column per size), each
// one web/charts/heatmap.js chart (canvas ImageData, hover/arrow-key readout with data-value), plus one PNG
// (wasm/figures' heatmapGridPng) of every cell under its row and column labels with a title and a colour note.
// Each cell keeps its own colour range (default 0 … its maximum), like one imshow per subplot; optional dashed
// marks at a row/column index (e.g. a learned table's T_max); cells over 2^20 entries are drawn one per task
// (web/ui/stage.js). Leaves out: the numbers table (web/ui/figure.js).
//
// createHeatmapGrid(container, { colormap, format, rowName, colName, ariaLabel: (rowLabel, colLabel) => text, testidPrefix })
//   (each cell: data-testid="<testidPrefix>-<rowKey>-<colKey>", data-row, data-col)
//   → { update({ rowLabels, colLabels, rowKeys, colKeys, cells: [[{ rows, cols, data, min?, max?, mark? }]] }),
//       charts() → [[chart]], toPNG({ title, rowLabels, colLabels, note, format }) → Promise<Blob>, element, destroy() }
import { h } from '../ui/dom.js';
import { createHeatmapChart, pngBlob } from './heatmap.js';
import { heatmapGridPng } from 'pe-lab/figures';
import { createStager } from '../ui/stage.js';

export function createHeatmapGrid(container, options = {}) {
  const opts = { colormap: 'viridis', format: (v) => String(v), rowName: '', colName: '', ariaLabel: (r, c) => `${r}, ${c}`, testidPrefix: 'hmg', ...options };
  const grid = h('div', { class: 'hmg', role: 'group' });
  const element = h('div', { class: 'hmg-scroll' }, grid);
  container.append(element);
  let cells = [];     // [[{ chart, spec }]]
  let labels = { rowLabels: [], colLabels: [] };
  const stager = createStager();   // large maps (a sweep to T = 2048) drawn one per task

  function clear() {
    stager.clear();
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
        stager.run(spec.rows * spec.cols, () => chart.update({ rows: spec.rows, cols: spec.cols, data: spec.data, min: spec.min ?? 0, max: spec.max }));
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
  function toPNG({ title = '', rowLabels = labels.rowLabels, colLabels = labels.colLabels, note = '', format } = {}) {
    if (!cells.length) return Promise.reject(new Error('heatmap grid: nothing drawn yet'));
    return pngBlob(heatmapGridPng({ title, note, rowLabels, colLabels, format, colormap: opts.colormap,
      cells: cells.map((row) => row.map(({ spec }) => spec)) }));
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
