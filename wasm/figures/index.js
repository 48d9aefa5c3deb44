// wasm/figures/index.js — PNG figures for every deliverable, one drawing code path for Node and browsers:
// heatmapPng, heatmapGridPng, chartPng, panelsPng → Promise<Uint8Array> (PNG bytes; English, white
// background, title on top, axis labels, legend or colour bar; drawn at 2 device px per CSS px).
// Canvases come from canvas.js (OffscreenCanvas / <canvas> / optional @napi-rs/canvas in Node); without one
// a PNG request rejects with code 'PE_LAB_NO_CANVAS'. Bad specs reject with code 'PE_LAB_BAD_ARGUMENT'.
// Package subpath: `import { heatmapPng } from 'pe-lab/figures'` (types in index.d.ts).
// Leaves out: the page's interactive charts (web/charts/), which import their shared pieces from here.
import { argError } from '../validate.js';
import { canvasProvider, canvasAvailable, browserCanvases, noCanvas, setCanvasLoader, NO_CANVAS } from './canvas.js';
import { COLORMAPS, maskBytes } from './colour.js';
import { heatmapFigure } from './heatmap.js';
import { heatmapGridFigure } from './grid.js';
import { chartFigure } from './chart.js';
import { panelsFigure } from './panels.js';

export { canvasAvailable, NO_CANVAS };

/** For tests: loader() → a canvas provider, or throws (simulates a missing @napi-rs/canvas); null restores the default. */
export function _setCanvasLoader(loader) {
  if (loader !== null && typeof loader !== 'function') throw bad('_setCanvasLoader', 'loader', 'a function or null', typeof loader);
  setCanvasLoader(loader);
}
// For the page's interactive charts (web/charts/), which draw with the same pieces:
export { colourOf, heatmapRange, tickIndices, paintCells, maskBytes, LUTS, COLORMAPS, MASK_RGB } from './colour.js';
export { poolMax, poolMaxSteps, medianRowMax, blockLabels } from './pool.js';
export { drawableCells } from './heatmap.js';
export { chartConfig, SERIES_COLOURS, powerOfTen, logTickLabelled } from './chart.js';

/** Device pixels per CSS pixel in every PNG. */
export const PNG_SCALE = 2;
const MAX_SIDE = 1 << 16;

function bad(fn, param, allowed, got) {
  return Object.assign(argError(fn, param, allowed, got), { param, allowed, got });
}
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNumbers = (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

function checkObject(fn, name, v) {
  if (!isObject(v)) throw bad(fn, name, 'an object', Array.isArray(v) ? 'an array' : v);
  return v;
}
function checkText(fn, name, v, optional = true) {
  if ((v === undefined && optional) || typeof v === 'string') return v;
  throw bad(fn, name, optional ? 'a string or undefined' : 'a string', v);
}
function checkSide(fn, name, v) {
  if (!Number.isInteger(v) || v < 1 || v > MAX_SIDE) throw bad(fn, name, `an integer in [1, ${MAX_SIDE}]`, v);
  return v;
}
function checkFinite(fn, name, v, optional = true) {
  if ((v === undefined && optional) || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw bad(fn, name, optional ? 'a finite number or undefined' : 'a finite number', v);
}
function checkColormap(fn, name, v) {
  if (!COLORMAPS.includes(v)) throw bad(fn, name, `one of ${COLORMAPS.map((c) => `'${c}'`).join(', ')}`, v);
  return v;
}
function checkFormat(fn, name, v) {
  if (v !== undefined && typeof v !== 'function') throw bad(fn, name, 'a function (number) => text or undefined', typeof v);
}
/** Numbers (array or typed array) of length n; non-finite entries are allowed (drawn in the mask colour / gaps). */
function checkData(fn, name, v, n, what = `${n} numbers (rows × cols, row-major)`) {
  if (!isNumbers(v)) throw bad(fn, name, 'an array or typed array of numbers', v === null ? null : typeof v);
  if (v.length !== n) throw bad(fn, name, what, `${v.length} numbers`);
  if (Array.isArray(v)) for (let i = 0; i < n; i++) if (typeof v[i] !== 'number') throw bad(fn, `${name}[${i}]`, 'a number', v[i]);
  return v;
}
function checkLabels(fn, name, v, n) {
  if (v === undefined) return;
  if (!Array.isArray(v) || v.length !== n) throw bad(fn, name, `an array of ${n} labels or undefined`, Array.isArray(v) ? `${v.length} labels` : v);
}
function checkRange(fn, path, min, max) {
  checkFinite(fn, `${path}min`, min);
  checkFinite(fn, `${path}max`, max);
  if (min !== undefined && max !== undefined && min > max) throw bad(fn, `${path}min`, `at most max (${max})`, min);
}

function checkMask(fn, name, mask, rows, cols) {
  if (mask === undefined || mask === null || typeof mask === 'function') return;
  if ((Array.isArray(mask) || ArrayBuffer.isView(mask)) && mask.length === rows * cols) return;
  throw bad(fn, name, `a function (i, j) => boolean or ${rows * cols} booleans (row-major)`, Array.isArray(mask) ? `${mask.length} entries` : typeof mask);
}

/** Checks a heatmap spec (names prefixed with `path`) and returns the figure spec. */
function heatmapSpec(fn, spec, path = '') {
  checkObject(fn, path ? path.slice(0, -1) : 'spec', spec);
  const rows = checkSide(fn, `${path}rows`, spec.rows), cols = checkSide(fn, `${path}cols`, spec.cols);
  checkData(fn, `${path}data`, spec.data, rows * cols);
  checkRange(fn, path, spec.min, spec.max);
  checkColormap(fn, `${path}colormap`, spec.colormap ?? 'viridis');
  for (const k of ['title', 'xLabel', 'yLabel', 'note']) checkText(fn, `${path}${k}`, spec[k]);
  checkLabels(fn, `${path}rowLabels`, spec.rowLabels, rows);
  checkLabels(fn, `${path}colLabels`, spec.colLabels, cols);
  checkFormat(fn, `${path}format`, spec.format);
  if (spec.mark !== undefined) checkFinite(fn, `${path}mark`, spec.mark);
  checkMask(fn, `${path}mask`, spec.mask, rows, cols);
  return { ...spec, colormap: spec.colormap ?? 'viridis', masked: maskBytes(spec.mask, rows, cols) };
}

function gridSpec(fn, spec, path = '') {
  checkObject(fn, path ? path.slice(0, -1) : 'spec', spec);
  const { cells } = spec;
  if (!Array.isArray(cells) || !cells.length || !cells.every((r) => Array.isArray(r) && r.length === cells[0].length && r.length > 0)) {
    throw bad(fn, `${path}cells`, 'a non-empty array of equally long non-empty rows of cells', Array.isArray(cells) ? 'ragged or empty rows' : typeof cells);
  }
  cells.forEach((row, i) => row.forEach((c, j) => {
    const p = `${path}cells[${i}][${j}].`;
    checkObject(fn, p.slice(0, -1), c);
    checkData(fn, `${p}data`, c.data, checkSide(fn, `${p}rows`, c.rows) * checkSide(fn, `${p}cols`, c.cols));
    checkRange(fn, p, c.min, c.max);
    if (c.mark !== undefined) checkFinite(fn, `${p}mark`, c.mark);
  }));
  checkLabels(fn, `${path}rowLabels`, spec.rowLabels, cells.length);
  checkLabels(fn, `${path}colLabels`, spec.colLabels, cells[0].length);
  if (!spec.rowLabels) throw bad(fn, `${path}rowLabels`, `an array of ${cells.length} labels`, undefined);
  if (!spec.colLabels) throw bad(fn, `${path}colLabels`, `an array of ${cells[0].length} labels`, undefined);
  checkColormap(fn, `${path}colormap`, spec.colormap ?? 'viridis');
  for (const k of ['title', 'note']) checkText(fn, `${path}${k}`, spec[k]);
  checkFormat(fn, `${path}format`, spec.format);
  return { ...spec, colormap: spec.colormap ?? 'viridis' };
}

function chartSpec(fn, spec, path = '') {
  checkObject(fn, path ? path.slice(0, -1) : 'spec', spec);
  for (const k of ['title', 'xLabel', 'yLabel']) checkText(fn, `${path}${k}`, spec[k]);
  if (!Array.isArray(spec.series) || !spec.series.length) throw bad(fn, `${path}series`, 'a non-empty array of series', spec.series);
  spec.series.forEach((s, k) => {
    const p = `${path}series[${k}].`;
    checkObject(fn, p.slice(0, -1), s);
    checkData(fn, `${p}x`, s.x, isNumbers(s.x) ? s.x.length : 0);
    if (!isNumbers(s.y)) throw bad(fn, `${p}y`, 'an array of numbers (null: a gap)', s.y === null ? null : typeof s.y);
    if (s.y.length !== s.x.length) throw bad(fn, `${p}y`, `${s.x.length} values (as many as x)`, `${s.y.length} values`);
    if (Array.isArray(s.y)) s.y.forEach((v, i) => { if (v !== null && typeof v !== 'number') throw bad(fn, `${p}y[${i}]`, 'a number or null', v); });
    checkText(fn, `${p}label`, s.label);
    if (s.colour !== undefined && typeof s.colour !== 'string') throw bad(fn, `${p}colour`, 'a CSS colour string', s.colour);
    if (s.fillColour !== undefined && typeof s.fillColour !== 'string') throw bad(fn, `${p}fillColour`, 'a CSS colour string', s.fillColour);
    if (s.fillTo !== undefined && (!Number.isInteger(s.fillTo) || s.fillTo < 0 || s.fillTo >= spec.series.length || s.fillTo === k)) {
      throw bad(fn, `${p}fillTo`, `the index of another series, an integer in [0, ${spec.series.length - 1}]`, s.fillTo);
    }
    if (s.legend !== undefined && typeof s.legend !== 'boolean') throw bad(fn, `${p}legend`, 'true, false or undefined', s.legend);
  });
  for (const k of ['xLog', 'yLog']) if (spec[k] !== undefined && typeof spec[k] !== 'boolean') throw bad(fn, `${path}${k}`, 'true, false or undefined', spec[k]);
  for (const k of ['xMin', 'xMax', 'yMin', 'yMax']) checkFinite(fn, `${path}${k}`, spec[k]);
  for (const k of ['format', 'xFormat', 'yFormat']) checkFormat(fn, `${path}${k}`, spec[k]);
  for (const k of ['width', 'height']) {
    if (spec[k] !== undefined && (!Number.isInteger(spec[k]) || spec[k] < 160 || spec[k] > 8192 || spec[k] % PNG_SCALE)) {
      throw bad(fn, `${path}${k}`, `an even integer in [160, 8192] (PNG pixels) or undefined`, spec[k]);
    }
  }
  const markers = spec.markers ?? [];
  if (!Array.isArray(markers)) throw bad(fn, `${path}markers`, 'an array of { axis, value, label } or undefined', markers);
  markers.forEach((m, k) => {
    checkObject(fn, `${path}markers[${k}]`, m);
    if (m.axis !== 'x' && m.axis !== 'y') throw bad(fn, `${path}markers[${k}].axis`, "'x' or 'y'", m.axis);
    checkFinite(fn, `${path}markers[${k}].value`, m.value, false);
    checkText(fn, `${path}markers[${k}].label`, m.label);
  });
  return spec;
}

const KINDS = {
  heatmap: [heatmapSpec, heatmapFigure],
  grid: [gridSpec, heatmapGridFigure],
  chart: [chartSpec, chartFigure],
};

/** Draws a figure { width, height, draw(g) } (CSS px) at PNG_SCALE on white → a canvas of the provider. */
function renderFigure(provider, build) {
  const env = { createCanvas: provider.createCanvas, measure: provider.createCanvas(1, 1).getContext('2d'), scale: PNG_SCALE };
  const fig = build(env);
  const canvas = provider.createCanvas(fig.width * PNG_SCALE, fig.height * PNG_SCALE);
  const g = canvas.getContext('2d');
  g.scale(PNG_SCALE, PNG_SCALE);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, fig.width, fig.height);
  fig.draw(g);
  return canvas;
}

/** Checks `spec` synchronously (a bad spec rejects before any canvas loads), then draws and encodes. */
async function png(fn, kind, spec) {
  const [check, figure] = KINDS[kind];
  const checked = check(fn, spec);
  const provider = await canvasProvider();
  return provider.encode(renderFigure(provider, (env) => figure(checked, env)));
}

/**
 * Browsers only, synchronous: a figure (kind 'heatmap' | 'grid' | 'chart', spec as for its PNG) drawn on a fresh
 * OffscreenCanvas or <canvas> at PNG scale, for the page to show or compose.
 */
export function figureCanvas(kind, spec) {
  const fn = 'figureCanvas';
  if (!KINDS[kind]) throw bad(fn, 'kind', `one of ${Object.keys(KINDS).map((k) => `'${k}'`).join(', ')}`, kind);
  const checked = KINDS[kind][0](fn, spec);
  const canvases = browserCanvases();
  if (!canvases) throw noCanvas('figureCanvas draws on browser canvases; use the *Png functions in Node');
  return renderFigure(canvases, (env) => KINDS[kind][1](checked, env));
}

/**
 * heatmapPng({ title, rows, cols, data, min?, max?, colormap: 'viridis'|'diverging', xLabel, yLabel, rowLabels?,
 *   colLabels?, note?, mask?: (i, j) => bool | booleans, format?: (v) => text, mark? }) → Promise<Uint8Array>
 */
export const heatmapPng = (spec) => png('heatmapPng', 'heatmap', spec);

/** heatmapGridPng({ title?, note?, rowLabels, colLabels, cells: [[{ rows, cols, data, min?, max?, mark? }]], colormap, format? }) */
export const heatmapGridPng = (spec) => png('heatmapGridPng', 'grid', spec);

/**
 * chartPng({ title, xLabel, yLabel, xLog?, yLog?, series: [{ label, x, y, dash?, stepped?, showLine?, pointRadius?,
 *   pointStyle?, colour?, width?, fillTo?, fillColour?, legend? }], markers?: [{ axis, value, label }], xMin?, xMax?, yMin?, yMax?, width?, height?,
 *   format?, xFormat?, yFormat? }) — width × height: the PNG's pixels (even; default 1280 × 800); y values that are
 *   null or not finite are gaps; format*: (number) => tick text (default: up to 4 significant digits).
 */
export const chartPng = (spec) => png('chartPng', 'chart', spec);

/** panelsPng({ title?, columns, panels: [{ kind: 'heatmap'|'chart'|'grid', spec }] }) → one PNG of all panels. */
export async function panelsPng(spec) {
  const fn = 'panelsPng';
  checkObject(fn, 'spec', spec);
  checkText(fn, 'title', spec.title);
  if (!Array.isArray(spec.panels) || !spec.panels.length) throw bad(fn, 'panels', 'a non-empty array of { kind, spec }', spec.panels);
  const columns = spec.columns ?? 2;
  if (!Number.isInteger(columns) || columns < 1) throw bad(fn, 'columns', 'an integer >= 1', columns);
  const checked = spec.panels.map((p, k) => {
    checkObject(fn, `panels[${k}]`, p);
    if (!KINDS[p.kind]) throw bad(fn, `panels[${k}].kind`, `one of ${Object.keys(KINDS).map((n) => `'${n}'`).join(', ')}`, p.kind);
    return [KINDS[p.kind][1], KINDS[p.kind][0](fn, p.spec, `panels[${k}].spec.`)];
  });
  const provider = await canvasProvider();
  return provider.encode(renderFigure(provider, (env) =>
    panelsFigure({ title: spec.title, columns }, checked.map(([figure, s]) => figure(s, env)), env)));
}
