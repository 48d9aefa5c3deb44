// wasm/labs/sinusoidal.js — Lab 01 runner: the PE matrix, the PE(t)·PE(s) similarity, curves of chosen
// dimensions, and the linear-offset property PE(t+k) = M_k·PE(t) with its measured error.
import { mat, manifest, json, sci } from '../artifacts.js';
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
  const lines = [
    `Lab 01 — sinusoidal PE (T ${T}, d ${d}, base ${base})`,
    'k      max|PE(t+k) − M_k·PE(t)|',
    ...result.offsets.map((k, i) => `${String(k).padEnd(6)} ${sci(result.offsetErrors[i])}`),
    `offset ${offset}: ${sci(r.offsetError)} ${r.offsetError <= OFFSET_TOLERANCE ? 'PASS' : 'FAIL'} (≤ ${OFFSET_TOLERANCE})`,
  ];
  return { result, manifest: man, files: { 'manifest.json': json(man), 'verify_output.txt': `${lines.join('\n')}\n` } };
}
