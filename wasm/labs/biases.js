// wasm/labs/biases.js — Theory 02 runner: learned PE, T5 relative-position buckets and biases, and ALiBi
// slopes and biases, every number from core/ (positional/learned, t5, alibi); plus the course's summary
// table with the parameter column computed for the chosen sizes. files: the manifest, every figure as PNG
// with its numbers as CSV, the slopes (CSV, JSON), the bucket ranges and the summary table (CSV, English).
import { mat, manifest, json, csv, png, heatmapFiles, REFERENCE_GREY } from '../artifacts.js';
import { medianRowMax } from '../figures/pool.js';
import { argError, call } from '../validate.js';

const isPowerOfTwo = (n) => (n & (n - 1)) === 0;

export function run(api, wasm, params) {
  const { tMax, d, T, numBuckets, maxDistance, maxRelative, nHeads, head, biasT, farT, dModel, seed } = params;
  if (head >= nHeads) throw argError('biases', 'head', `an integer in [0, nHeads − 1 = ${nHeads - 1}]`, head);
  if (dModel % nHeads !== 0) throw argError('biases', 'nHeads', `a divisor of dModel = ${dModel}`, nHeads);
  if (tMax * d > (1 << 22)) throw argError('biases', 'tMax', `such that tMax·d ≤ ${1 << 22} (the table is drawn), d = ${d}`, tMax);
  if (maxDistance <= numBuckets / 4) {
    throw argError('biases', 'maxDistance', `greater than numBuckets/4 = ${numBuckets / 4} (the exact range of the bidirectional half)`, maxDistance);
  }
  const r = call('biases', () => wasm.biasesLab(params));
  const slopes = Array.from(r.alibiSlopes), simple = Array.from(r.alibiSlopesSimple);
  const slopeRows = slopes.map((m, h) => ({ head: h, reference: m, simple: simple[h], differs: Math.abs(m - simple[h]) > 1e-12 * m }));
  // Course's sizes for a sense of scale: a 4096×1024 learned table.
  const courseExample = { tMax: 4096, d: 1024, params: 4096 * 1024 };
  // The course's summary table: one row per scheme (its texts are the page's catalogue and SUMMARY_TEXT below).
  const summary = [['sinusoidal', 0], ['learned', r.learnedParams], ['t5', r.t5Params], ['alibi', 0], ['rope', 0]]
    .map(([scheme, count]) => ({ scheme, params: count }));
  const farAttention = mat(farT, farT, r.farAttention), farAttentionNope = mat(farT, farT, r.farAttentionNope);
  const result = {
    learned: {
      table: mat(tMax, d, r.learnedTable), T, rowsClamp: Array.from(r.rowsClamp), rowsWrap: Array.from(r.rowsWrap),
      errorPast: T > tMax ? `positions ${tMax}…${T - 1} have no row: beyond 'error' refuses T = ${T} > T_max = ${tMax}` : null,
      params: r.learnedParams, courseExample,
    },
    t5: {
      numBuckets, maxDistance, relative: Array.from(r.relative),
      bidirectional: Array.from(r.bucketBidirectional), causal: Array.from(r.bucketCausal),
      rangesBidirectional: r.rangesBidirectional, rangesCausal: r.rangesCausal,
      maxExactBidirectional: r.maxExactBidirectional, maxExactCausal: r.maxExactCausal,
      table: mat(nHeads, numBuckets, r.t5Table), head,
      biasBidirectional: mat(biasT, biasT, r.t5BiasBidirectional), biasCausal: mat(biasT, biasT, r.t5BiasCausal),
      params: r.t5Params,
    },
    alibi: {
      nHeads, powerOfTwo: isPowerOfTwo(nHeads), slopes: slopeRows, head,
      biasBidirectional: mat(biasT, biasT, r.alibiBiasBidirectional), biasCausal: mat(biasT, biasT, r.alibiBiasCausal),
      far: {
        T: farT, tMax, attention: farAttention, attentionNope: farAttentionNope,
        meanEntropyPerHead: Array.from(r.farMeanEntropy), meanEntropyPerHeadNope: Array.from(r.farMeanEntropyNope),
        maxEntropy: r.farMaxEntropy, meanDistance: Array.from(r.farMeanDistance), meanDistanceNope: Array.from(r.farMeanDistanceNope),
        // One colour scale for both maps: 0 … the median of ALiBi's row maxima.
        scaleMax: medianRowMax(farAttention) || 1,
      },
    },
    summary,
  };
  const man = manifest(api, '16-biases', {
    seed,
    config: { learned_T_max: tMax, d, T, t5_num_buckets: numBuckets, t5_max_distance: maxDistance, n_heads: nHeads, far_T: farT, d_model: dModel },
    results_summary: {
      learned_parameters: r.learnedParams, t5_parameters: r.t5Params, alibi_parameters: 0,
      alibi_slopes: slopes, alibi_slopes_simple_formula: simple, alibi_simple_formula_differs: slopeRows.some((x) => x.differs),
      t5_exact_range_bidirectional: r.maxExactBidirectional, t5_exact_range_causal: r.maxExactCausal,
    },
  });
  return { result, manifest: man };
}

/** The summary table's text columns in English (the CSV's; the page shows its catalogue's wording). */
const SUMMARY_TEXT = {
  sinusoidal: ['added to the input vectors', 'the formula is defined for any position; quality degrades past training', 'the original Transformer'],
  learned: ['added to the input vectors', 'no — no rows past T_max = {tMax} (clamp, wrap or refuse)', 'BERT, GPT-2'],
  t5: ['a bias on the attention scores, by bucket of relative position', 'partly — distances ≥ {maxDistance} share the last bucket', 'T5'],
  alibi: ['a bias on the attention scores, linear in distance', 'yes by design — the penalty keeps growing with distance', 'BLOOM, MPT'],
  rope: ['a rotation of queries and keys', 'limited — needs scaling (see context extension)', 'Llama, Mistral, Qwen'],
};

/** The causal mask of a query × key map (also of its block-pooled version: a block above the diagonal is all future). */
export const CAUSAL_MASK = (i, j) => j > i;

export function files(result, params, man) {
  const { learned: L, t5, alibi: a } = result;
  const { tMax, d, T, numBuckets, maxDistance } = params;
  const f = a.far, head = a.head;
  const rowsOf = (n) => Array.from({ length: n }, (_, i) => i);
  const scoreMap = { xLabel: 'key position j', yLabel: 'query position i', rowHeader: 'query' };
  // Causal maps: the future (j > i) is masked, drawn in the mask grey, never a colour of the scale.
  const causalMap = { ...scoreMap, mask: CAUSAL_MASK };
  const farMap = { ...causalMap, colormap: 'viridis', min: 0, max: f.scaleMax, csv: false };
  const farSpec = (m, title) => ({ kind: 'heatmap', spec: { title, rows: f.T, cols: f.T, data: m.data, min: 0, max: f.scaleMax, colormap: 'viridis', ...causalMap } });
  const titles = { alibi: `Attention with ALiBi, head ${head}, T = ${f.T}`, nope: `Attention without positions, head ${head}, T = ${f.T}` };
  const past = (label, at) => (at < label ? [] : [{ axis: 'x', value: label, label: `T_max = ${label}` }]);
  const rangeRow = (e) => [e?.min ?? '', e?.max ?? '', e?.count ?? 0, e && (e.openLow || e.openHigh) ? 'yes' : 'no'];
  const fill = (text) => text.replace('{tMax}', tMax).replace('{maxDistance}', maxDistance);
  return {
    ...heatmapFiles('biases_learned_table', L.table, { title: `Learned PE table, T_max = ${tMax}, d = ${d}`, colormap: 'diverging',
      xLabel: 'dimension', yLabel: 'row (position)', rowHeader: 'row' }),
    'biases_learned_rows.png': () => png('chartPng', { title: `Learned PE row read per position (T_max = ${tMax}, T = ${T})`,
      xLabel: 'position t', yLabel: 'table row read', xMin: 0, xMax: Math.max(1, T - 1), yMin: 0, markers: past(tMax, T - 1),
      series: [
        { label: 'clamp: row min(t, T_max − 1)', x: rowsOf(T), y: L.rowsClamp, pointRadius: 0 },
        { label: 'wrap: row t mod T_max', x: rowsOf(T), y: L.rowsWrap, pointRadius: 0 },
        { label: 'its own row t (only below T_max)', x: rowsOf(T), y: rowsOf(T).map((i) => (i < tMax ? i : null)), dash: true, pointRadius: 0, colour: REFERENCE_GREY },
      ] }),
    'biases_learned_rows.csv': () => csv(['t', 'row_clamp', 'row_wrap'], rowsOf(T).map((i) => [i, L.rowsClamp[i], L.rowsWrap[i]])),
    'biases_t5_buckets.png': () => png('chartPng', { title: `T5 bucket of each relative position (num_buckets = ${numBuckets}, max_distance = ${maxDistance})`,
      xLabel: 'relative position j − i', yLabel: 'bucket', xMin: -params.maxRelative, xMax: params.maxRelative, yMin: 0, yMax: numBuckets - 1,
      markers: [
        { axis: 'x', value: -maxDistance, label: `max_distance ${-maxDistance}` }, { axis: 'x', value: maxDistance, label: `max_distance ${maxDistance}` },
        { axis: 'x', value: t5.maxExactBidirectional, label: `exact below ${t5.maxExactBidirectional}` },
        { axis: 'x', value: -t5.maxExactCausal, label: `causal: exact below ${t5.maxExactCausal}` },
      ],
      series: [
        { label: 'bidirectional', x: t5.relative, y: t5.bidirectional, stepped: 'middle', pointRadius: 0 },
        { label: 'causal', x: t5.relative, y: t5.causal, stepped: 'middle', pointRadius: 0, dash: true },
      ] }),
    'biases_t5_buckets.csv': () => csv(['relative_position', 'bucket_bidirectional', 'bucket_causal'], t5.relative.map((rel, i) => [rel, t5.bidirectional[i], t5.causal[i]])),
    'biases_t5_ranges.csv': () => csv(
      ['bucket', 'bidirectional_min', 'bidirectional_max', 'bidirectional_count', 'bidirectional_open', 'causal_min', 'causal_max', 'causal_count', 'causal_open'],
      t5.rangesBidirectional.map((e, b) => [b, ...rangeRow(e), ...rangeRow(t5.rangesCausal[b])])),
    ...heatmapFiles('biases_t5_bias_bidirectional', t5.biasBidirectional, { ...scoreMap, title: `T5 bias, head ${head}, bidirectional`, colormap: 'diverging' }),
    ...heatmapFiles('biases_t5_bias_causal', t5.biasCausal, { ...causalMap, title: `T5 bias, head ${head}, causal`, colormap: 'diverging' }),
    'biases_alibi_slopes.csv': () => csv(['head', 'slope_reference', 'slope_simple_formula', 'differs'], a.slopes.map((s) => [s.head, s.reference, s.simple, s.differs ? 'yes' : 'no'])),
    'biases_alibi_slopes.json': () => json({ nHeads: a.nHeads, powerOfTwo: a.powerOfTwo, slopes: a.slopes }),
    ...heatmapFiles('biases_alibi_bias_bidirectional', a.biasBidirectional, { ...scoreMap, title: `ALiBi bias, head ${head}, bidirectional`, colormap: 'viridis' }),
    ...heatmapFiles('biases_alibi_bias_causal', a.biasCausal, { ...causalMap, title: `ALiBi bias, head ${head}, causal`, colormap: 'viridis' }),
    ...heatmapFiles('biases_alibi_attention_far', f.attention, { ...farMap, title: titles.alibi }),
    ...heatmapFiles('biases_nope_attention_far', f.attentionNope, { ...farMap, title: titles.nope }),
    'biases_alibi_attention.png': () => png('panelsPng', { title: `Untrained causal layer at T = ${f.T} (T_max = ${f.tMax}), head ${head}: ALiBi vs no positions`,
      columns: 2, panels: [farSpec(f.attention, titles.alibi), farSpec(f.attentionNope, titles.nope)] }),
    'biases_alibi_distance.png': () => png('chartPng', { title: `Mean attended distance, head ${head}, T = ${f.T}: ALiBi vs no positions`,
      xLabel: 'query position i', yLabel: 'mean distance attended', xMin: 0, xMax: f.T - 1, yMin: 0, markers: past(f.tMax, f.T - 1),
      series: [{ label: 'ALiBi', x: rowsOf(f.T), y: f.meanDistance }, { label: 'no positions (NoPE)', x: rowsOf(f.T), y: f.meanDistanceNope }] }),
    'biases_alibi_distance.csv': () => csv(['query', 'mean_distance_alibi', 'mean_distance_nope'], rowsOf(f.T).map((i) => [i, f.meanDistance[i], f.meanDistanceNope[i]])),
    'biases_alibi_entropy.png': () => png('chartPng', { title: `Mean attention entropy per head at T = ${f.T}: ALiBi vs no positions`,
      xLabel: 'head', yLabel: 'mean entropy (nats)', xMin: 0, xMax: Math.max(1, a.nHeads - 1), yMin: 0, yMax: Math.ceil(f.maxEntropy + 0.5),
      markers: [{ axis: 'y', value: f.maxEntropy, label: `uniform: ${f.maxEntropy.toPrecision(3)}` }],
      series: [{ label: 'ALiBi', x: rowsOf(a.nHeads), y: f.meanEntropyPerHead, pointRadius: 3 }, { label: 'no positions (NoPE)', x: rowsOf(a.nHeads), y: f.meanEntropyPerHeadNope, pointRadius: 3 }] }),
    'biases_alibi_entropy.csv': () => csv(['head', 'slope', 'mean_entropy_alibi', 'mean_entropy_nope'],
      a.slopes.map((s) => [s.head, s.reference, f.meanEntropyPerHead[s.head], f.meanEntropyPerHeadNope[s.head]])),
    'biases_summary.csv': () => csv(['scheme', 'position_enters', 'extrapolates', 'parameters', 'typical_use'],
      result.summary.map(({ scheme, params: count }) => {
        const [where, extrapolates, use] = SUMMARY_TEXT[scheme];
        return [scheme, where, fill(extrapolates), count, use];
      })),
  };
}
