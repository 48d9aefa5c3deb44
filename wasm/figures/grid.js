// wasm/figures/grid.js — the heatmap-grid figure: a row per series, a column per size, every cell the same
// size under its row and column labels, each with its own colour range (default 0 … its maximum, like one
// imshow per subplot) and its maximum written under it; optional dashed marks (e.g. a learned table's T_max);
// a colour note at the bottom (0 → each map's own maximum).
// Leaves out: input checks (index.js) and the page's interactive grid (web/charts/heatmap-grid.js).
import { colourOf, heatmapRange } from './colour.js';
import { cellsCanvas, drawableCells, drawMark, frame } from './heatmap.js';
import { INK, MUTED, FRAME, LABEL_FONT, TITLE_FONT, font, formatTick, wrapLines, titleHeight, drawTitle, maxWidth } from './text.js';

const HEAD_FONT = font(13, '600');

/** spec: { title?, note?, rowLabels, colLabels, cells: [[{ rows, cols, data, min?, max?, mark? }]], colormap, format? }. */
export function heatmapGridFigure(spec, env) {
  const { title = '', note = '', rowLabels, colLabels, cells, colormap, format = formatTick } = spec;
  const nr = cells.length, nc = cells[0].length;
  const side = nc <= 3 ? 260 : nc <= 6 ? 200 : 150;
  const gap = 14, caption = 18;
  const m = env.measure;
  const left = Math.max(80, maxWidth(m, rowLabels, HEAD_FONT)) + 28;
  const width = left + nc * side + (nc - 1) * gap + 24;
  const titleLines = wrapLines(m, title, width - 32, TITLE_FONT);
  const top = titleHeight(titleLines) + 30;
  const bottom = 50;
  const height = top + nr * (side + caption) + (nr - 1) * gap + bottom;
  const drawn = cells.map((row) => row.map((c) => {
    const [lo, hi] = heatmapRange(c.data, colormap, c.min ?? 0, c.max);
    let peak = c.max ?? -Infinity;   // the caption's maximum: the given one, else the data's
    if (c.max === undefined) for (const v of c.data) if (v > peak) peak = v;
    return { c, lo, hi, peak, cells: drawableCells(c, side * env.scale) };
  }));

  function draw(g) {
    drawTitle(g, titleLines, 16);
    g.fillStyle = INK;
    g.font = HEAD_FONT;
    g.textBaseline = 'middle';
    g.textAlign = 'center';
    colLabels.forEach((c, j) => g.fillText(String(c), left + j * (side + gap) + side / 2, top - 14));
    drawn.forEach((row, i) => {
      const y = top + i * (side + caption + gap);
      g.font = HEAD_FONT;
      g.textAlign = 'right';
      g.fillStyle = INK;
      g.fillText(String(rowLabels[i]), left - 12, y + side / 2);
      row.forEach(({ c, lo, hi, peak, cells: d }, j) => {
        const x = left + j * (side + gap);
        g.drawImage(cellsCanvas(env, { ...d, lo, hi, colormap }, side, side), x, y, side, side);
        frame(g, x, y, side, side);
        if (c.mark !== undefined && c.mark > 0 && c.mark < Math.max(c.rows, c.cols)) drawMark(g, c.mark, c.rows, c.cols, x, y, side, side);
        g.font = font(11);
        g.fillStyle = MUTED;
        g.textAlign = 'center';
        g.fillText(`max ${format(peak)}`, x + side / 2, y + side + 9);
      });
    });
    // Colour note: a bar from 0 (left) to each map's own maximum (right).
    const by = height - bottom + 20, bx = left, bw = 180;
    for (let k = 0; k < bw; k++) {
      const [r, gg, b] = colourOf(k / (bw - 1), 0, 1, colormap);
      g.fillStyle = `rgb(${r},${gg},${b})`;
      g.fillRect(bx + k, by, 1, 10);
    }
    frame(g, bx, by, bw, 10, FRAME);
    g.fillStyle = INK;
    g.font = LABEL_FONT;
    g.textAlign = 'right';
    g.fillText('0', bx - 6, by + 5);
    g.textAlign = 'left';
    g.fillText(note, bx + bw + 8, by + 5);
  }
  return { width, height, draw };
}
