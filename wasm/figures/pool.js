// wasm/figures/pool.js — shrinking large attention maps for drawing: block max-pooling (a thin bright
// diagonal stays visible when a 2048-wide map is drawn 480 px wide) and a colour cap (the median of the rows'
// largest weights, so one saturated corner does not darken the rest). Used by the PNG heatmaps and the page.
// Leaves out: the full-resolution matrices, which stay untouched in runLab's result (and result.json).

/**
 * Block max-pooling of a { shape: [rows, cols], data } matrix to at most maxSide per side → { matrix, block }.
 * Cells whose byte in `skip` is set do not take part; a block with no remaining cell becomes -Infinity.
 */
export function poolMax(m, maxSide, skip = null) {
  const { steps, done } = poolMaxSteps(m, maxSide, Infinity, skip);
  for (const step of steps) step();
  return done();
}

/**
 * poolMax in steps of about `cells` cells of the matrix (whole rows), for a page that keeps each of its tasks
 * short (a 4096² map is 16 steps of 2^20): → { steps: functions to call in order, done() → poolMax's answer once
 * every step has run }.
 */
export function poolMaxSteps(m, maxSide, cells = 1 << 20, skip = null) {
  const [rows, cols] = m.shape;
  const block = Math.ceil(Math.max(rows, cols) / maxSide);
  if (block <= 1) return { steps: [], done: () => ({ matrix: m, block: 1 }) };
  const r = Math.ceil(rows / block), c = Math.ceil(cols / block);
  const data = new Array(r * c).fill(-Infinity);
  const src = m.data;
  const poolRows = (i0, i1) => {
    for (let i = i0; i < i1; i++) {
      const row = i * cols, out = Math.floor(i / block) * c;
      for (let bj = 0, j0 = 0; j0 < cols; bj++, j0 += block) {
        const j1 = Math.min(cols, j0 + block);
        let best = data[out + bj];
        for (let j = j0; j < j1; j++) {
          const v = src[row + j];
          if (v > best && !(skip && skip[row + j])) best = v;
        }
        data[out + bj] = best;
      }
    }
  };
  const band = Math.max(1, Math.min(rows, Math.floor(cells / cols)));
  const steps = [];
  for (let i0 = 0; i0 < rows; i0 += band) steps.push(() => poolRows(i0, Math.min(rows, i0 + band)));
  return { steps, done: () => ({ matrix: { shape: [r, c], data }, block }) };
}

/** Median over the rows of every matrix of each row's largest entry (a colour cap for attention maps). */
export function medianRowMax(...matrices) {
  const maxima = [];
  for (const m of matrices) {
    const [rows, cols] = m.shape;
    for (let i = 0; i < rows; i++) {
      let hi = -Infinity;
      for (let j = 0; j < cols; j++) { const v = m.data[i * cols + j]; if (v > hi) hi = v; }
      maxima.push(hi);
    }
  }
  if (!maxima.length) return 1;
  maxima.sort((a, b) => a - b);
  const mid = maxima.length >> 1;
  return maxima.length % 2 ? maxima[mid] : (maxima[mid - 1] + maxima[mid]) / 2;
}

/** Row / column labels for a pooled map: the first original index of each block (undefined when not pooled). */
export function blockLabels(n, block) {
  return block > 1 ? Array.from({ length: n }, (_, i) => String(i * block)) : undefined;
}
