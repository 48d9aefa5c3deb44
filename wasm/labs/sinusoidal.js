// wasm/labs/sinusoidal.js — Lab 01 runner: the PE matrix, the PE(t)·PE(s) similarity, curves of chosen
// dimensions, and the linear-offset property PE(t+k) = M_k·PE(t) with its measured error. files: the
// course's texts, each figure as PNG with its numbers as CSV, and the offset errors as CSV and JSON.
import { mat, manifest, json, sci, csv, png, heatmapFiles } from '../artifacts.js';
import { argError, call } from '../validate.js';

/**
 * Bound on the offset-property error, all in float64: an angle t·ω ≤ T rad carries ≤ T·2^-53 absolute
 * rounding error, so with T ≤ 2048 each sin/cos is off by ≤ 2.3e-13; M_k·PE(t) adds two such products
 * (entries ≤ 1), giving ≤ ~1e-12. 1e-11 leaves a margin; a wrong M_k (sign, pair order) errs by O(1).
 */
export const OFFSET_TOLERANCE = 1e-11;

export function run(api, wasm, params) {
  const { T, d, base, offset, dims } = params;
  if (offset >= T) throw argError('sinusoidal', 'offset', `an integer in [1, T − 1 = ${T - 1}]`, offset);
  const badDim = dims.find((k) => k >= d);
  if (badDim !== undefined) throw argError('sinusoidal', 'dims', `indices below d = ${d}`, dims);
  const r = call('sinusoidal', () => wasm.sinusoidalLab(params));
  const pe = mat(T, d, r.pe);
  const curves = dims.map((k, j) => ({ dim: k, values: Array.from(r.curves.subarray(j * T, (j + 1) * T)) }));
  const result = {
    pe, similarity: mat(T, T, r.similarity), curves, offset, offsetMatrix: mat(d, d, r.offsetMatrix),
    offsetError: r.offsetError, offsets: Array.from(r.offsets), offsetErrors: Array.from(r.offsetErrors),
    tolerance: OFFSET_TOLERANCE,
  };
  const man = manifest(api, '16-sinusoidal', {
    config: { T, d, base, offset },
    results_summary: { offset_property_max_error: r.offsetError, offset_property_pass: r.offsetError <= OFFSET_TOLERANCE },
  });
  return { result, manifest: man };
}

export function files(result, params, man) {
  const { T, d, base } = params;
  const r = result;
  const t = Array.from({ length: T }, (_, i) => i);
  const curveLabel = (c) => `dim ${c.dim} (${c.dim % 2 ? 'cos' : 'sin'})`;
  return {
    'verify_output.txt': () => verifyText(params, r),
    ...heatmapFiles('sinusoidal_pe', r.pe, { title: `Sinusoidal PE, T = ${T}, d = ${d}, base = ${base}`, min: -1, max: 1,
      colormap: 'diverging', xLabel: 'dimension i', yLabel: 'position t', rowHeader: 't' }),
    ...heatmapFiles('sinusoidal_similarity', r.similarity, { title: `PE(t)·PE(s), T = ${T}, d = ${d}`, colormap: 'viridis',
      xLabel: 'position s', yLabel: 'position t', rowHeader: 't' }),
    'sinusoidal_curves.png': () => png('chartPng', { title: `Sinusoidal PE over position (T = ${T}, d = ${d}, base = ${base})`,
      xLabel: 'position t', yLabel: 'PE(t, i)', series: r.curves.map((c) => ({ label: curveLabel(c), x: t, y: c.values, pointRadius: 0 })) }),
    'sinusoidal_curves.csv': () => csv(['t', ...r.curves.map((c) => `dim_${c.dim}`)], t.map((i) => [i, ...r.curves.map((c) => c.values[i])])),
    ...heatmapFiles('sinusoidal_offset_matrix', r.offsetMatrix, { title: `M_k for k = ${r.offset}`, min: -1, max: 1, colormap: 'diverging',
      xLabel: 'column', yLabel: 'row' }),
    'sinusoidal_offset_errors.csv': () => csv(['k', 'max_abs_error'], r.offsets.map((k, i) => [k, r.offsetErrors[i]])),
    'sinusoidal_offset_errors.json': () => json({ offset: r.offset, offsetError: r.offsetError, tolerance: r.tolerance, offsets: r.offsets, offsetErrors: r.offsetErrors }),
  };
}

function verifyText({ T, d, base }, r) {
  const lines = [
    `Lab 01 — sinusoidal PE (T ${T}, d ${d}, base ${base})`,
    'k      max|PE(t+k) − M_k·PE(t)|',
    ...r.offsets.map((k, i) => `${String(k).padEnd(6)} ${sci(r.offsetErrors[i])}`),
    `offset ${r.offset}: ${sci(r.offsetError)} ${r.offsetError <= OFFSET_TOLERANCE ? 'PASS' : 'FAIL'} (≤ ${OFFSET_TOLERANCE})`,
  ];
  return `${lines.join('\n')}\n`;
}
