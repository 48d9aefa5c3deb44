// wasm/labs/context-extension.js — RoPE context-extension runner: per method (core/positional/rope_scaling),
// the per-pair scale and the angles reached at L = s·L0 against training, then an untrained attention layer
// at L with each method (core/labs/context_extension). files: manifest.json, a README.md built from the
// measured numbers, the wavelength / scale / angle charts (PNG, CSV), each method's attention map and all of
// them in one image (PNG; the full matrices are in result.json), and the methods table (CSV, JSON).
import { mat, manifest, json, csv, png, valuesOf } from '../artifacts.js';
import { medianRowMax } from '../figures/pool.js';
import { argError, call } from '../validate.js';
import { CAUSAL_MASK } from './biases.js';

export const METHOD_INFO = {
  none: { name: 'plain RoPE', cite: 'Su et al. 2021, arXiv:2104.09864' },
  linear: { name: 'Position Interpolation', cite: 'Chen et al. 2023, arXiv:2306.15595; Hugging Face rope_type "linear"' },
  ntk: { name: 'NTK-aware scaling', cite: 'bloc97 2023 (r/LocalLLaMA); base · s^(d/(d−2))' },
  'dynamic-ntk': { name: 'dynamic NTK', cite: 'Hugging Face rope_type "dynamic" (emozilla 2023)' },
  yarn: { name: 'YaRN', cite: 'Peng et al. 2023, arXiv:2309.00071; Hugging Face rope_type "yarn"' },
  llama3: { name: 'Llama 3', cite: 'Meta Llama 3.1 (2024); Hugging Face rope_type "llama3"' },
};

export function run(api, wasm, params) {
  const { trainLength, factor, dHead, base, methods, nHeads, head, causal, seed } = params;
  if (head >= nHeads) throw argError('context-extension', 'head', `an integer in [0, nHeads − 1 = ${nHeads - 1}]`, head);
  const L = Math.round(factor * trainLength);
  if (nHeads * L * L > (1 << 25)) {
    throw argError('context-extension', 'factor', `such that nHeads·(s·L₀)² ≤ 2^25 (memory), L₀ = ${trainLength}`, factor);
  }
  const r = call('context-extension', () => wasm.contextExtensionLab(params));
  const P = dHead / 2;
  const result = {
    L, trainLength, factor, dHead, base, P,
    theta: Array.from(r.theta), wavelength: Array.from(r.wavelength),
    wavelengthOverL0: Array.from(r.wavelength, (w) => w / trainLength), trainedMaxAngle: Array.from(r.trainedMaxAngle),
    baselineNormalizedEntropy: r.baselineNormalizedEntropy,
    methods: r.methods.map((m) => ({
      type: m.type, ...METHOD_INFO[m.type],
      invFreq: Array.from(m.invFreq), scale: Array.from(m.scale), maxAngle: Array.from(m.maxAngle),
      leavesTrainedRange: Array.from(m.leavesTrainedRange, (x) => x === 1), pairsOutside: m.pairsOutside,
      attentionFactor: m.attentionFactor, effectiveBase: m.effectiveBase,
      attention: mat(L, L, m.attention), normalizedEntropy: m.normalizedEntropy,
    })),
  };
  // Attention against distance: each method's mean weight at |i − j| = δ (the maps look alike; these curves don't).
  for (const m of result.methods) m.distanceProfile = distanceProfile(m.attention, causal);
  // One colour scale for every method's map: 0 … the median of the rows' largest weights (all methods).
  result.attentionScaleMax = medianRowMax(...result.methods.map((m) => ({ shape: m.attention.shape, data: valuesOf(m.attention) }))) || 1;
  const man = manifest(api, '16-context-extension', {
    seed,
    config: { train_length: trainLength, factor, eval_length: L, d_head: dHead, rope_base: base, n_heads: nHeads, causal, methods },
    results_summary: Object.fromEntries(result.methods.map((m) => [m.type, {
      pairs_outside_trained_range: m.pairsOutside, normalized_entropy: m.normalizedEntropy, attention_factor: m.attentionFactor,
      min_scale: Math.min(...m.scale), max_scale: Math.max(...m.scale),
    }])),
  });
  return { result, manifest: man };
}

/**
 * Mean attention weight at each distance δ = |i − j| (0 … L − 1) of an (L, L) map, over the cells a query may
 * attend to (j ≤ i when causal): a reshaping of the map, no new quantity.
 */
export function distanceProfile(attention, causal) {
  const [L] = attention.shape;
  const a = valuesOf(attention);
  const sum = new Float64Array(L), count = new Float64Array(L);
  for (let i = 0; i < L; i++) {
    const row = i * L, last = causal ? i : L - 1;
    for (let j = 0; j <= last; j++) { const d = i > j ? i - j : j - i; sum[d] += a[row + j]; count[d] += 1; }
  }
  return Array.from(sum, (x, d) => x / count[d]);
}

/**
 * Each method's map minus plain RoPE's, block-averaged to at most maxSide cells a side (a difference has both
 * signs: a mean keeps them, a max would not) → { maps: [{ type, matrix: { shape, data }, block }], cap }, cap being
 * a symmetric colour range: the 99th percentile of the |differences| shown (the first few queries, with only a
 * few keys, differ far more than the rest and would wash every other cell out). Empty when plain RoPE was not run.
 */
export function differenceFromPlain(result, maxSide = Infinity) {
  const { steps, done } = differenceSteps(result, maxSide);
  for (const step of steps) step();
  return done();
}

/**
 * differenceFromPlain in steps, for a page that keeps each of its tasks short (about `cells` cells of a map per
 * step, whole rows: a 4096² map is 16 steps of 2^20):
 * → { steps: functions to call in order, done() → differenceFromPlain's answer once every step has run }.
 */
export function differenceSteps(result, maxSide = Infinity, cells = 1 << 20) {
  const plain = result.methods.find((m) => m.type === 'none');
  if (!plain) return { steps: [], done: () => ({ maps: [], cap: 0 }) };
  const L = result.L, block = Math.max(1, Math.ceil(L / maxSide)), side = Math.ceil(L / block);
  const p = valuesOf(plain.attention);
  const colBlock = Int32Array.from({ length: L }, (_, j) => Math.floor(j / block));
  const band = Math.max(1, Math.min(L, Math.floor(cells / L)));
  const maps = [];
  const steps = [];
  for (const m of result.methods.filter((x) => x !== plain)) {
    const sum = new Float64Array(side * side), count = new Float64Array(side * side);
    for (let i0 = 0; i0 < L; i0 += band) {
      steps.push(() => {
        const a = valuesOf(m.attention), i1 = Math.min(L, i0 + band);
        for (let i = i0; i < i1; i++) {
          const out = Math.floor(i / block) * side, row = i * L;
          for (let j = 0; j < L; j++) {
            const k = out + colBlock[j];
            sum[k] += a[row + j] - p[row + j];
            count[k] += 1;
          }
        }
        if (i1 === L) maps.push({ type: m.type, matrix: { shape: [side, side], data: Array.from(sum, (x, k) => x / count[k]) }, block });
      });
    }
  }
  const done = () => {
    const magnitudes = new Float64Array(maps.reduce((n, d) => n + d.matrix.data.length, 0));
    let k = 0;
    for (const d of maps) for (const x of d.matrix.data) magnitudes[k++] = Math.abs(x);
    return { maps, cap: (magnitudes.length && nthSmallest(magnitudes, Math.floor(0.99 * (magnitudes.length - 1)))) || 1 };
  };
  return { steps, done };
}

/** The n-th smallest entry (0-based) of `a`, i.e. a sorted copy's a[n], found by quickselect (reorders `a`). */
function nthSmallest(a, n) {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (n <= j) hi = j;
    else if (n >= i) lo = i;
    else return a[n];
  }
  return a[n];
}

/** Three significant digits for figure titles. */
const short = (x) => String(Number(x.toPrecision(3)));
/** A method's name in file and column names (snake_case: dynamic-ntk → dynamic_ntk). */
const snake = (type) => type.replace(/-/g, '_');

export function files(result, params, man) {
  const r = result, head = params.head;
  const pairs = Array.from({ length: r.P }, (_, k) => k);
  const attnTitle = (m) => `${m.name}, head ${head}, L = ${r.L} (normalised entropy ${short(m.normalizedEntropy)})`;
  const attnSpec = (m) => ({ title: attnTitle(m), rows: r.L, cols: r.L, data: m.attention.data, min: 0, max: r.attentionScaleMax,
    colormap: 'viridis', xLabel: 'key position', yLabel: 'query position', mask: params.causal ? CAUSAL_MASK : undefined });
  let hi = r.factor;
  for (const m of r.methods) for (const x of m.scale) hi = Math.max(hi, x);
  const out = {
    'README.md': () => readme(man.versions, params, r),
    'context_extension_wavelengths.png': () => png('chartPng', { title: `RoPE wavelength per pair (d_head = ${r.dHead}, base = ${r.base}, L0 = ${r.trainLength})`,
      xLabel: 'pair k', yLabel: 'wavelength (positions)', xMin: 0, xMax: Math.max(1, r.P - 1),
      markers: [{ axis: 'y', value: r.trainLength, label: `L₀ = ${r.trainLength}` }, { axis: 'y', value: r.L, label: `L = s·L₀ = ${r.L}` }],
      series: [{ label: 'wavelength 2π/θₖ', x: pairs, y: r.wavelength, pointRadius: 3 }] }),
    'context_extension_wavelengths.csv': () => csv(['pair', 'theta', 'wavelength', 'wavelength_over_L0', 'trained_max_angle'],
      pairs.map((k) => [k, r.theta[k], r.wavelength[k], r.wavelengthOverL0[k], r.trainedMaxAngle[k]])),
    'context_extension_scales.png': () => png('chartPng', { title: `Scale per pair vs wavelength (s = ${r.factor}, L0 = ${r.trainLength})`,
      xLabel: 'wavelength (positions)', yLabel: 'scale θ/θ′', xLog: true, yLog: true, yMin: 0.8, yMax: hi * 1.25,
      markers: [{ axis: 'x', value: r.trainLength, label: `L₀ = ${r.trainLength}` }, { axis: 'y', value: r.factor, label: `s = ${r.factor}` }],
      series: r.methods.map((m) => ({ label: m.name, x: r.wavelength, y: m.scale, dash: m.type === 'none', pointRadius: 2 })) }),
    'context_extension_scales.csv': () => csv(['pair', 'wavelength', ...r.methods.map((m) => `scale_${snake(m.type)}`)],
      pairs.map((k) => [k, r.wavelength[k], ...r.methods.map((m) => m.scale[k])])),
    'context_extension_angles.png': () => png('chartPng', { title: `Largest rotation angle per pair at L = ${r.L} vs training (L0 = ${r.trainLength})`,
      xLabel: 'pair k', yLabel: 'largest angle (radians)', yLog: true, xMin: 0, xMax: Math.max(1, r.P - 1),
      markers: [{ axis: 'y', value: 2 * Math.PI, label: '2π: one full turn' }],
      series: [
        { label: `training, L₀ = ${r.trainLength}`, x: pairs, y: r.trainedMaxAngle, dash: true, pointRadius: 0, colour: '#1b1f24' },
        ...r.methods.map((m) => ({ label: `${m.name} at L = ${r.L}`, x: pairs, y: m.maxAngle, pointRadius: 2 })),
      ] }),
    'context_extension_angles.csv': () => csv(['pair', 'trained_max_angle', ...r.methods.flatMap((m) => [`max_angle_${snake(m.type)}`, `leaves_${snake(m.type)}`])],
      pairs.map((k) => [k, r.trainedMaxAngle[k], ...r.methods.flatMap((m) => [m.maxAngle[k], m.leavesTrainedRange[k] ? 'yes' : 'no'])])),
    'context_extension_attention.png': () => png('panelsPng', {
      title: `Untrained layer at L = ${r.L} = ${r.factor} x L0 (L0 = ${r.trainLength}), head ${head}; plain RoPE at L0: normalised entropy ${short(r.baselineNormalizedEntropy)}`,
      columns: Math.min(3, r.methods.length), panels: r.methods.map((m) => ({ kind: 'heatmap', spec: attnSpec(m) })) }),
    'context_extension_difference.png': () => {
      const { maps, cap } = differenceFromPlain(r, 512);
      return png('panelsPng', {
        title: `Each method's attention minus plain RoPE's at L = ${r.L}, head ${head} (red: more attention, blue: less; colours capped at ±${short(cap)}, the 99th percentile of |difference|)`,
        columns: Math.min(3, Math.max(1, maps.length)),
        panels: maps.map((d) => ({ kind: 'heatmap', spec: { title: `${METHOD_INFO[d.type].name} − plain RoPE`, rows: d.matrix.shape[0], cols: d.matrix.shape[1],
          data: d.matrix.data, min: -cap, max: cap, colormap: 'diverging', mask: params.causal ? CAUSAL_MASK : undefined, xLabel: d.block > 1 ? `key position / ${d.block}` : 'key position',
          yLabel: d.block > 1 ? `query position / ${d.block}` : 'query position' } })) });
    },
    'context_extension_distance.png': () => png('chartPng', { title: `Mean attention weight against distance |i − j| at L = ${r.L}, head ${head}`,
      xLabel: 'distance |i − j|', yLabel: 'mean attention weight', yLog: true, xMin: 0, xMax: Math.max(1, r.L - 1),
      markers: [{ axis: 'x', value: r.trainLength, label: `L₀ = ${r.trainLength}` }],
      series: r.methods.map((m) => ({ label: m.name, x: m.distanceProfile.map((_, d) => d), y: m.distanceProfile, dash: m.type === 'none', pointRadius: 0 })) }),
    'context_extension_distance.csv': () => csv(['distance', ...r.methods.map((m) => `mean_weight_${snake(m.type)}`)],
      Array.from({ length: r.L }, (_, d) => [d, ...r.methods.map((m) => m.distanceProfile[d])])),
    'context_extension_methods.csv': () => csv(['method', 'scale_first_pair', 'scale_last_pair', 'pairs_outside', 'pairs', 'attention_factor', 'effective_base', 'normalized_entropy', 'cite'],
      r.methods.map((m) => [m.type, m.scale[0], m.scale[r.P - 1], m.pairsOutside, r.P, m.attentionFactor, m.effectiveBase, m.normalizedEntropy, m.cite])),
    'context_extension_methods.json': () => json({ L: r.L, trainLength: r.trainLength, factor: r.factor, baselineNormalizedEntropy: r.baselineNormalizedEntropy,
      methods: r.methods.map((m) => ({ type: m.type, name: m.name, cite: m.cite, scale: m.scale, pairsOutside: m.pairsOutside, attentionFactor: m.attentionFactor,
        effectiveBase: m.effectiveBase, normalizedEntropy: m.normalizedEntropy })) }),
  };
  // PNG only: the full (L, L) matrices are in result.json (a CSV each would be megabytes).
  for (const m of r.methods) out[`context_extension_attention_${snake(m.type)}.png`] = () => png('heatmapPng', attnSpec(m));
  return out;
}

function readme(versions, params, r) {
  const lines = [
    '# 16-context-extension — stretching RoPE past its training length',
    '',
    `Run with PE Lab ${versions.pe_lab} (${versions.runtime}): L₀ = ${r.trainLength}, s = ${r.factor}, L = s·L₀ = ${r.L},`,
    `d_head = ${r.dHead} (${r.P} rotation pairs), base = ${r.base}, seed ${params.seed}, ${params.causal ? 'causal' : 'non-causal'} untrained layer with ${params.nHeads} heads.`,
    '',
    `Pair k rotates by θ_k = base^(−2k/d_head) per position; its wavelength 2π/θ_k runs from ${r.wavelength[0].toFixed(2)} to ${r.wavelength[r.P - 1].toFixed(0)} positions.`,
    `${r.wavelengthOverL0.filter((x) => x > 1).length} of ${r.P} pairs have a wavelength longer than L₀: in training they never completed a turn,`,
    'so at L > L₀ plain RoPE shows them angles they have never seen. Each method changes which pairs are rescaled and by how much:',
    '',
    '| method | what it does | scale θ/θ′ (pair 0 → last) | pairs past trained angles | attention factor | normalised entropy at L |',
    '|---|---|---|---|---|---|',
  ];
  const what = {
    none: 'nothing',
    linear: 'divides every frequency by s (positions / s)',
    ntk: 'raises the base, so high frequencies stay and low ones are interpolated',
    'dynamic-ntk': 'the NTK base computed from the current length, only past L₀',
    yarn: 'keeps fast pairs, interpolates slow pairs by s, ramps in between; sharpens attention',
    llama3: 'keeps short wavelengths, divides long ones by s, smooth blend in between',
  };
  for (const m of r.methods) {
    lines.push(`| ${m.name} | ${what[m.type]} | ${m.scale[0].toFixed(3)} → ${m.scale[r.P - 1].toFixed(3)} | ${m.pairsOutside} / ${r.P} | ${m.attentionFactor.toFixed(4)} | ${m.normalizedEntropy.toFixed(4)} |`);
  }
  lines.push('', `For reference, plain RoPE at L₀ = ${r.trainLength} has normalised entropy ${r.baselineNormalizedEntropy.toFixed(4)}.`, '', 'Sources:');
  for (const m of r.methods) lines.push(`- ${m.name}: ${m.cite}`);
  lines.push('', 'The layer is untrained: this shows what each method does to the rotation angles and to the shape of attention, not how a fine-tuned model performs.', '');
  return lines.join('\n');
}
