// wasm/figures/colour.js — colour scales shared by the PNG figures and the page's interactive heatmaps:
// viridis (sequential) and reversed RdBu (diverging, centred on 0) as 256-entry lookup tables, the data
// range rule, the mask colour, and "nice" tick choice for matrix axes.
// Leaves out: drawing (heatmap.js) and Chart.js colours (chart.js: SERIES_COLOURS).

export const ANCHORS = {
  // viridis, 9 anchors (matplotlib's _viridis_data at 0, 1/8, …, 1)
  viridis: [[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129],
    [92, 200, 99], [170, 220, 50], [253, 231, 37]],
  // RdBu reversed (ColorBrewer): negative blue, zero near-white, positive red
  diverging: [[5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
    [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31]],
};
export const COLORMAPS = Object.freeze(Object.keys(ANCHORS));

/** Masked or non-finite cells (e.g. the future of a causal map): a neutral grey that no scale uses. */
export const MASK_RGB = [208, 208, 208];

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
/** RGBA lookup tables (256 × 4 bytes) per colour map, and the same bytes as one Uint32 per entry. */
export const LUTS = Object.fromEntries(Object.entries(ANCHORS).map(([k, a]) => [k, buildLut(a)]));
export const LUTS32 = Object.fromEntries(Object.entries(LUTS).map(([k, a]) => [k, new Uint32Array(a.buffer.slice(0))]));
const MASK32 = new Uint32Array(new Uint8ClampedArray([...MASK_RGB, 255]).buffer)[0];

/** LUT index (0…255) of value v between lo and hi. */
export function lutIndex(v, lo, hi) {
  return Math.max(0, Math.min(255, Math.round(((v - lo) / (hi - lo || 1)) * 255)));
}

/** [r, g, b] of value v on the colour map between min and max. */
export function colourOf(v, min, max, colormap = 'viridis') {
  const lut = LUTS[colormap];
  const i = lutIndex(v, min, max);
  return [lut[i * 4], lut[i * 4 + 1], lut[i * 4 + 2]];
}

/**
 * Writes one Uint32 (RGBA bytes) per cell of `data` into `px`: the colour of the value, or the mask colour
 * where `masked[i]` is set (bytes from maskBytes) or the value is not finite.
 */
export function paintCells(px, data, lo, hi, colormap, masked = null) {
  const lut = LUTS32[colormap];
  const scale = 255 / (hi - lo || 1);
  for (let i = 0, n = data.length; i < n; i++) {
    const v = data[i];
    if (!Number.isFinite(v) || (masked && masked[i])) { px[i] = MASK32; continue; }
    let k = ((v - lo) * scale + 0.5) | 0;
    k = k < 0 ? 0 : k > 255 ? 255 : k;
    px[i] = lut[k];
  }
}

/** A mask — (i, j) => bool or booleans (rows × cols, row-major) — as one byte per cell (1: masked); null for none. */
export function maskBytes(mask, rows, cols) {
  if (mask === undefined || mask === null) return null;
  const out = new Uint8Array(rows * cols);
  if (typeof mask !== 'function') {
    for (let k = 0; k < out.length; k++) out[k] = mask[k] ? 1 : 0;
    return out;
  }
  for (let i = 0, k = 0; i < rows; i++) for (let j = 0; j < cols; j++, k++) out[k] = mask(i, j) ? 1 : 0;
  return out;
}

/**
 * Data range [lo, hi] over the finite, unmasked values (masked: bytes from maskBytes, 1 = left out); diverging
 * maps are symmetric around 0 unless both ends are given.
 */
export function heatmapRange(data, colormap, min, max, masked = null) {
  let lo = min, hi = max;
  if (lo === undefined || hi === undefined) {
    let a = Infinity, b = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!(v >= a && v <= b) && Number.isFinite(v) && !(masked && masked[i])) {   // most values fall inside [a, b]
        if (v < a) a = v;
        if (v > b) b = v;
      }
    }
    if (a > b) { a = 0; b = 1; }
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
