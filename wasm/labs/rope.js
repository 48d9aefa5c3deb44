// wasm/labs/rope.js — Lab 02 runner: RoPE's relative-position property for the course's five pairs, the
// m-shift demo, norm preservation, the two conventions, float32 vs float64, and why V is not rotated.
// files: the course's verify_output.txt, manifest.json, README.md and relative_position_demo.png, plus the
// pairs table (CSV, JSON) and each figure's numbers (CSV) and the precision sweep as PNG.
import { manifest, json, sci, csv, png } from '../artifacts.js';
import { argError, call } from '../validate.js';

/** The course's tolerances: relative-position property 1e-5, norm preservation 1e-6. */
export const RELATIVE_TOLERANCE = 1e-5;
export const NORM_TOLERANCE = 1e-6;

const f = (x, w = 12) => (x >= 0 ? ' ' : '') + x.toFixed(8).padStart(w - 1);

export function run(api, wasm, params) {
  const { dHead, T, base, seed, convention, precision, pairs, normPositions, demoM } = params;
  for (const [m, n] of pairs) {
    if (m >= T || n >= T) throw argError('rope', 'pairs', `pairs m:n with m, n < T = ${T}`, `${m}:${n}`);
  }
  if (demoM >= T) throw argError('rope', 'demoM', `an integer in [0, T − 1 = ${T - 1}]`, demoM);
  const r = call('rope', () => wasm.ropeLab(params));
  const use32 = precision === 'float32';
  const rows = r.pairs.map((c) => {
    const diff = use32 ? c.diff32 : c.diff;
    return { m: c.m, n: c.n, lhs: use32 ? c.lhs32 : c.lhs, rhs: use32 ? c.rhs32 : c.rhs, diff,
      diff64: c.diff, diff32: c.diff32, pass: diff < RELATIVE_TOLERANCE };
  });
  const maxDiff = use32 ? r.maxDiff32 : r.maxDiff;
  const norms = Array.from(r.normPositions, (p, i) => {
    const value = use32 ? r.norms32[i] : r.norms[i];
    return { p, norm: value, diff: Math.abs(value - r.qNorm), pass: Math.abs(value - r.qNorm) < NORM_TOLERANCE };
  });
  const normMaxDiff = use32 ? r.normMaxDiff32 : r.normMaxDiff;
  const relativePass = rows.every((x) => x.pass);
  const normPass = norms.every((x) => x.pass);
  const result = {
    q: Array.from(r.q), k: Array.from(r.k), theta: Array.from(r.theta), precision, convention,
    pairs: rows, maxDiff, maxDiff64: r.maxDiff, maxDiff32: r.maxDiff32, relativePass, tolerance: RELATIVE_TOLERANCE,
    demo: { m: demoM, n: Array.from(r.demoN), offset: Array.from(r.demoN, (n) => n - demoM), lhs: Array.from(r.demoLhs), rhs: Array.from(r.demoRhs),
      maxDiff: Math.max(...Array.from(r.demoLhs, (x, i) => Math.abs(x - r.demoRhs[i]))) },
    qNorm: r.qNorm, norms, normMaxDiff, normMaxDiff64: r.normMaxDiff, normMaxDiff32: r.normMaxDiff32, normPass, normTolerance: NORM_TOLERANCE,
    conventions: { otherConventionMaxDiff: r.otherConventionMaxDiff, outputDiff: r.conventionsOutputDiff, permutedDiff: r.conventionsPermutedDiff },
    precisionSweep: { positions: Array.from(r.precisionPositions), error32: Array.from(r.precisionError32) },
    v: { scoresDiff: r.vScoresDiff, outputDiff: r.vOutputDiff },
  };
  const man = manifest(api, '16-rope', {
    seed,
    config: { d_head: dHead, T, rope_base: base, convention, precision },
    results_summary: { relative_position_max_diff: maxDiff, norm_preservation_max_diff: normMaxDiff },
  });
  return { result, manifest: man };
}

export function files(result, params, man) {
  const r = result, d = r.demo;
  const { dHead, T, base, convention } = params;
  const demoRows = () => d.n.map((n, i) => [n, d.offset[i], d.lhs[i], d.rhs[i], Math.abs(d.lhs[i] - d.rhs[i])]);
  const sweep = r.precisionSweep;
  return {
    'verify_output.txt': () => verifyText(params, r),
    'README.md': () => readme(params, r, man.versions),
    'rope_pairs.csv': () => csv(['m', 'n', 'lhs', 'rhs', 'abs_diff', 'pass'], r.pairs.map((x) => [x.m, x.n, x.lhs, x.rhs, x.diff, x.pass ? 'PASS' : 'FAIL'])),
    'rope_pairs.json': () => json({ precision: r.precision, tolerance: r.tolerance, maxDiff: r.maxDiff, pairs: r.pairs }),
    // The course's figure: the offsets of this m only (the page keeps ±(T − 1) so that moving m shows the shift).
    'relative_position_demo.png': () => png('chartPng', {
      title: `RoPE relative-position demo: <R_m q, R_n k> and <q, R_(n-m) k> against n - m (m = ${d.m}, d_head ${dHead}, T ${T}, base ${base}, ${convention})`,
      xLabel: 'offset n − m', yLabel: 'inner product',
      series: [
        { label: '⟨Rₘ q, Rₙ k⟩', x: d.offset, y: d.lhs, pointRadius: 0 },
        { label: '⟨q, Rₙ₋ₘ k⟩', x: d.offset, y: d.rhs, dash: true, pointStyle: 'crossRot', pointRadius: T <= 64 ? 4 : 0 },
      ] }),
    'relative_position_demo.csv': () => csv(['n', 'n_minus_m', 'lhs', 'rhs', 'abs_diff'], demoRows()),
    'rope_precision.png': () => png('chartPng', {
      title: `RoPE rotation error, float32 vs float64, against position (d_head = ${dHead}, base = ${base})`,
      xLabel: 'position p', yLabel: 'max |float32 − float64|', xLog: true, yLog: true,
      series: [{ label: 'float32 error', x: sweep.positions, y: sweep.error32, pointRadius: 2.5 }] }),
    'rope_precision.csv': () => csv(['position', 'max_abs_error_float32'], sweep.positions.map((x, i) => [x, sweep.error32[i]])),
  };
}

function verifyText({ dHead, T, base, seed, convention, precision }, r) {
  const rows = r.pairs, norms = r.norms;
  const header = `RoPE verification — d_head=${dHead}, T=${T}, base=${base}, seed=${seed}, convention=${convention}, precision=${precision}`;
  const verify = [
    header,
    '',
    'Relative-position property: lhs = <R_m q, R_n k>, rhs = <q, R_(n-m) k>',
    '   m    n           lhs           rhs    |lhs - rhs|   < 1e-5',
    ...rows.map((x) => `${String(x.m).padStart(4)} ${String(x.n).padStart(4)}  ${f(x.lhs, 12)}  ${f(x.rhs, 12)}   ${sci(x.diff).padStart(10)}   ${x.pass ? 'PASS' : 'FAIL'}`),
    `max diff: ${sci(r.maxDiff)}  ${r.relativePass ? 'PASS' : 'FAIL'} (< ${sci(RELATIVE_TOLERANCE)})`,
    '',
    `Norm preservation: ||q|| = ${r.qNorm.toFixed(8)}`,
    '      p      ||R_p q||      |diff|   < 1e-6',
    ...norms.map((x) => `${String(x.p).padStart(7)}  ${x.norm.toFixed(8).padStart(13)}  ${sci(x.diff).padStart(10)}   ${x.pass ? 'PASS' : 'FAIL'}`),
    `max diff: ${sci(r.normMaxDiff)}  ${r.normPass ? 'PASS' : 'FAIL'} (< ${sci(NORM_TOLERANCE)})`,
    '',
    r.relativePass && r.normPass ? 'ALL CHECKS PASSED' : 'SOME CHECKS FAILED',
  ].join('\n');
  return `${verify}\n`;
}

function readme({ dHead, T, base, seed, convention, precision, pairs, normPositions }, r, versions) {
  const other = convention === 'interleaved' ? 'half-split' : 'interleaved';
  return [
    '# 16-rope — RoPE implementation and the relative-position property',
    '',
    `Run with PE Lab ${versions.pe_lab} (${versions.runtime}), seed ${seed}, d_head ${dHead}, T ${T}, base ${base}.`,
    '',
    '## The property',
    '',
    'Rotating q to position m and k to position n gives the same dot product as leaving q in place and rotating k by the',
    'offset n − m: ⟨R_m q, R_n k⟩ = ⟨q, R_(n−m) k⟩, so attention scores depend only on relative position.',
    '',
    '## Result',
    '',
    `Max |lhs − rhs| over the pairs ${pairs.map(([m, n]) => `(${m}, ${n})`).join(', ')} in ${precision}: ${sci(r.maxDiff)} — ${r.relativePass ? 'below' : 'NOT below'} 1e-5.`,
    `(float64: ${sci(r.maxDiff64)}; float32 with float32 angles: ${sci(r.maxDiff32)}.)`,
    '',
    `Norm preservation at p ∈ {${normPositions.join(', ')}}: max |‖R_p q‖ − ‖q‖| = ${sci(r.normMaxDiff)} — ${r.normPass ? 'below' : 'NOT below'} 1e-6. Each 2×2 block is a rotation, so R_p is orthogonal.`,
    '',
    '## Why V is not rotated',
    '',
    'Position only needs to shape *which* tokens attend to which, and that is decided by the q·k scores alone; rotating',
    'the values would stamp each value with its absolute position and make the output depend on where a token sits,',
    `not only on how far apart tokens are. Measured here: rotating V leaves the scores unchanged (max diff ${sci(r.v.scoresDiff)})`,
    `but changes the attention output by up to ${sci(r.v.outputDiff)}.`,
    '',
    '## Convention',
    '',
    convention === 'interleaved'
      ? 'Interleaved pairs: dimensions (2k, 2k+1) rotate together by angle p·θ_k, θ_k = base^(−2k/d_head), with [[cos, −sin], [sin, cos]].'
      : 'Half-split pairs: dimensions (k, k + d_head/2) rotate together by angle p·θ_k, θ_k = base^(−2k/d_head), with [[cos, −sin], [sin, cos]].',
    `The ${other} convention satisfies the same property (max diff ${sci(r.conventions.otherConventionMaxDiff)}) but is not bit-equivalent:`,
    `on the same q the two outputs differ by up to ${sci(r.conventions.outputDiff)}; after permuting the dimensions of q they agree to ${sci(r.conventions.permutedDiff)}.`,
    '',
  ].join('\n');
}
