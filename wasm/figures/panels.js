// wasm/figures/panels.js — several figures composed into one: a title on top, then the panels row-major in
// `columns` columns, each in a cell as large as the largest panel of its column / row, on white.
// Leaves out: the panels' own drawing (heatmap.js, grid.js, chart.js) and input checks (index.js).
import { font, wrapLines, titleHeight, drawTitle } from './text.js';

const GAP = 16;

/** figures: [{ width, height, draw(g) }] (built by the caller); spec: { title?, columns }. */
export function panelsFigure({ title = '', columns }, figures, env) {
  const cols = Math.max(1, Math.min(columns, figures.length));
  const rows = Math.ceil(figures.length / cols);
  const colW = Array.from({ length: cols }, (_, c) => Math.max(...figures.filter((_, i) => i % cols === c).map((f) => f.width)));
  const rowH = Array.from({ length: rows }, (_, r) => Math.max(...figures.slice(r * cols, (r + 1) * cols).map((f) => f.height)));
  const width = colW.reduce((a, b) => a + b, 0) + (cols + 1) * GAP;
  const titleLines = wrapLines(env.measure, title, width - 2 * GAP, font(18, '600'));
  const top = titleLines.length ? titleHeight(titleLines, 18) + 8 : GAP;
  const height = top + rowH.reduce((a, b) => a + b, 0) + rows * GAP;
  function draw(g) {
    drawTitle(g, titleLines, GAP, 18);   // a size larger than the panels' titles
    let y = top;
    for (let r = 0; r < rows; r++) {
      let x = GAP;
      for (let c = 0; c < cols && r * cols + c < figures.length; c++) {
        g.save();
        g.translate(x, y);
        figures[r * cols + c].draw(g);
        g.restore();
        x += colW[c] + GAP;
      }
      y += rowH[r] + GAP;
    }
  }
  return { width, height, draw };
}
