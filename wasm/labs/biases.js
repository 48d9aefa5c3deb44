// wasm/labs/biases.js — Theory 02 runner: learned PE, T5 relative-position buckets and biases, and ALiBi
// slopes and biases, every number from core/ (positional/learned, t5, alibi); plus the course's summary
// table with the parameter column computed for the chosen sizes.
import { mat, manifest, json } from '../artifacts.js';
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
  const summary = [
    { scheme: 'sinusoidal', where: 'input', extrapolates: 'formula defined for any position; quality degrades', params: 0, use: 'original Transformer' },
    { scheme: 'learned', where: 'input', extrapolates: `no — no rows past T_max = ${tMax}`, params: r.learnedParams, use: 'BERT, GPT-2' },
    { scheme: 't5', where: 'score bias (bucketed relative distance)', extrapolates: `partly — distances ≥ ${maxDistance} share the last bucket`, params: r.t5Params, use: 'T5' },
    { scheme: 'alibi', where: 'score bias (linear in distance)', extrapolates: 'yes by design (bias keeps growing with distance)', params: 0, use: 'BLOOM, MPT' },
    { scheme: 'rope', where: 'rotation of Q and K', extrapolates: 'limited — needs scaling (see context extension)', params: 0, use: 'Llama, Mistral, Qwen' },
  ];
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
        T: farT, tMax, attention: mat(farT, farT, r.farAttention), attentionNope: mat(farT, farT, r.farAttentionNope),
        meanEntropyPerHead: Array.from(r.farMeanEntropy), meanEntropyPerHeadNope: Array.from(r.farMeanEntropyNope),
        maxEntropy: r.farMaxEntropy, meanDistance: Array.from(r.farMeanDistance), meanDistanceNope: Array.from(r.farMeanDistanceNope),
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
  return { result, manifest: man, files: { 'manifest.json': json(man) } };
}
