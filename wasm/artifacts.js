// wasm/artifacts.js — the helpers every lab uses to turn numbers into deliverables: JSON-safe matrices,
// manifests (the course's snake_case fields), locale-neutral number formatting for text files, CSV text,
// and PNG figures (drawn by wasm/figures, loaded only when a PNG is first read).

/**
 * A JSON-safe matrix: { shape: [rows, cols], data: number[] } (row-major). `data` is an enumerable getter
 * that copies the typed array into a plain array on first read (and caches it): JSON.stringify,
 * structuredClone and property reads all see a number[], while a caller that never reads a large matrix
 * (a sweep's 400k attention weights) does not pay for the copy.
 */
export function mat(rows, cols, data) {
  if (data.length !== rows * cols) throw new Error(`internal: matrix ${rows}x${cols} has ${data.length} entries`);
  let plain = Array.isArray(data) ? data : null;
  const m = Object.defineProperty({ shape: [rows, cols] }, 'data', {
    enumerable: true,
    get() {
      if (plain === null) {
        plain = new Array(data.length);
        for (let i = 0; i < data.length; i++) plain[i] = data[i];
      }
      return plain;
    },
  });
  return Object.defineProperty(m, TYPED, { value: data });  // not enumerable: JSON and clones never see it
}

const TYPED = Symbol('pe-lab typed data');

/** A matrix's numbers for reading in a loop: the typed array it was made from (no copy), else its data. */
export function valuesOf(m) {
  return m[TYPED] ?? m.data;
}

/** Matrices with more entries than this are left out of result.json (see resultJson). */
export const RESULT_JSON_MAX_ENTRIES = 1 << 20;

/**
 * result.json's text: { lab, params, result }, compact. A matrix ({ shape: [r, c], data }) with more than
 * RESULT_JSON_MAX_ENTRIES entries is written as { shape, data: null, omitted } instead: JSON spends ~10
 * characters a number, so a few 4096×4096 attention maps would pass V8's string limit (~0.5 G characters)
 * and the whole download would fail. runLab's return value keeps every matrix in full.
 */
export function resultJson(lab, params, result) {
  const replacer = (key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && Array.isArray(value.shape) && value.shape.length === 2 &&
        'data' in value && value.shape[0] * value.shape[1] > RESULT_JSON_MAX_ENTRIES) {
      return { shape: value.shape, data: null,
        omitted: `${value.shape[0]}×${value.shape[1]} matrix left out of result.json (over ${RESULT_JSON_MAX_ENTRIES} entries); runLab() returns it in full` };
    }
    return value;
  };
  return `${JSON.stringify({ lab, params, result }, replacer)}\n`;
}

/** English display names of the positional schemes, for figure texts (the page's own are in web/i18n). */
export const SCHEME_NAMES = Object.freeze({
  none: 'none (NoPE)', sinusoidal: 'sinusoidal', learned: 'learned absolute', rope: 'RoPE', alibi: 'ALiBi', t5: 'T5 relative bias',
});

/** The colour of a reference series in a chart (a bound, the identity): the page's grey. */
export const REFERENCE_GREY = '#8a8f98';

/** Today as YYYY-MM-DD (UTC). */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** The manifest every lab writes: experiment, date, seed (if any), versions, then lab-specific fields. */
export function manifest(api, experiment, fields) {
  const { seed, ...rest } = fields;
  const m = { experiment, date: today() };
  if (seed !== undefined) m.seed = seed;
  m.versions = { ...api.versions };
  return { ...m, ...rest };
}

/** Exponential notation with 3 significant digits, locale-neutral ("1.23e-7"). */
export function sci(x) {
  if (x === 0) return '0';
  return Number(x).toExponential(2);
}

/** Pretty JSON with a trailing newline (the files' format). */
export function json(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function csvCell(v) {
  if (typeof v === 'number') return String(v);
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text from a header row and rows of cells (numbers written raw, full precision; text quoted when needed). */
export function csv(header, rows) {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/** CSV of a matrix { shape: [rows, cols], data }: first column the row label, then one column per matrix column. */
export function matrixCsv(m, { rowHeader = 'row', colLabel = (j) => String(j), rowLabel = (i) => String(i) } = {}) {
  const [rows, cols] = m.shape;
  const header = [rowHeader, ...Array.from({ length: cols }, (_, j) => colLabel(j))];
  const out = [];
  for (let i = 0; i < rows; i++) out.push([rowLabel(i), ...m.data.slice(i * cols, (i + 1) * cols)]);
  return csv(header, out);
}

/**
 * A heatmap's deliverables under `name`: `<name>.png` (heatmapPng of `spec` with the matrix's rows, cols and
 * data) and, unless `csv` is false, `<name>.csv` (the matrix, rows labelled by rowLabels under rowHeader).
 */
export function heatmapFiles(name, matrix, { rowHeader = 'row', csv: withCsv = true, ...spec }) {
  const [rows, cols] = matrix.shape;
  const label = (labels) => (labels ? (i) => labels[i] : undefined);
  const out = { [`${name}.png`]: () => png('heatmapPng', { ...spec, rows, cols, data: matrix.data }) };
  if (withCsv) out[`${name}.csv`] = () => matrixCsv(matrix, { rowHeader, rowLabel: label(spec.rowLabels), colLabel: label(spec.colLabels) });
  return out;
}

/**
 * A PNG deliverable: Promise of the bytes of figure `kind` ('heatmapPng', 'heatmapGridPng', 'chartPng' or
 * 'panelsPng', see wasm/figures) drawn from `spec`. The figure code (Chart.js, a canvas) is imported on the
 * first PNG read, so a caller that only wants numbers or texts never loads it.
 */
export function png(kind, spec) {
  return import('./figures/index.js').then((figures) => figures[kind](spec));
}
