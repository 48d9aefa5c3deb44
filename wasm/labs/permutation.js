// wasm/labs/permutation.js — Lab 00 runner: one attention layer (non-causal) on a sentence and on a
// reordering of its words, with no PE and with each PE; the equivariance error per scheme. files: the texts,
// the per-scheme table (CSV, JSON), and per scheme each head's attention maps and the output vectors, in the
// sentence's order and reordered, as PNG and CSV.
import { mat, manifest, json, sci, csv, heatmapFiles, SCHEME_NAMES } from '../artifacts.js';
import { argError, call } from '../validate.js';

/** Equivariance errors at or below this are float rounding (float32 attention on O(1) values). */
export const EQUIVARIANCE_TOLERANCE = 1e-5;

export function splitWords(text) {
  return text.trim().split(/\s+/).filter((w) => w !== '');
}

export function run(api, wasm, params) {
  const words = splitWords(params.sentence);
  const reordered = splitWords(params.reordered);
  if (words.length === 0) throw argError('permutation', 'sentence', 'at least one word', params.sentence);
  if (words.length > 64) throw argError('permutation', 'sentence', 'at most 64 words', `${words.length} words`);
  if (params.dModel % params.nHeads !== 0) {
    throw argError('permutation', 'nHeads', `a divisor of dModel = ${params.dModel}`, params.nHeads);
  }
  const r = call('permutation', () =>
    wasm.permutationLab({ ...params, words, reorderedWords: reordered }));
  const T = words.length, C = params.dModel, NH = params.nHeads;
  const perm = Array.from(r.perm);
  const identity = perm.every((p, i) => words[p] === words[i]);
  const schemes = r.schemes.map((s) => ({
    pe: s.pe,
    equivarianceError: s.equivarianceError,
    multisetError: s.multisetError,
    equivariant: s.equivarianceError <= EQUIVARIANCE_TOLERANCE,
    original: { output: mat(T, C, s.original.output), weights: mat(NH * T, T, s.original.weights) },
    reordered: { output: mat(T, C, s.reordered.output), weights: mat(NH * T, T, s.reordered.weights) },
  }));
  const result = {
    words, reordered, perm, sameSequence: identity, tolerance: EQUIVARIANCE_TOLERANCE,
    x: mat(T, C, r.x), xReordered: mat(T, C, r.xReordered), schemes,
  };
  const byScheme = Object.fromEntries(schemes.map((s) => [s.pe, s.equivarianceError]));
  const man = manifest(api, '16-permutation', {
    seed: params.seed,
    config: { sentence: params.sentence, reordered: params.reordered, d_model: C, n_heads: NH, causal: false },
    results_summary: {
      equivariance_error_no_pe: byScheme.none,
      equivariance_error_by_scheme: byScheme,
      equivariant_without_pe: byScheme.none <= EQUIVARIANCE_TOLERANCE,
    },
  });
  return { result, manifest: man };
}

export function files(result, params, man) {
  const r = result;
  const out = {
    'verify_output.txt': () => verifyText(params, r),
    'permutation_equivariance.csv': () => csv(['scheme', 'equivariance_error', 'multiset_error', 'equivariant'],
      r.schemes.map((s) => [s.pe, s.equivarianceError, s.multisetError, s.equivariant ? 'yes' : 'no'])),
    'permutation_equivariance.json': () => json({ words: r.words, reordered: r.reordered, perm: r.perm, tolerance: r.tolerance,
      schemes: r.schemes.map((s) => ({ pe: s.pe, equivarianceError: s.equivarianceError, multisetError: s.multisetError, equivariant: s.equivariant })) }),
  };
  for (const s of r.schemes) Object.assign(out, schemeFiles(r, s));
  return out;
}

/** The file names of one scheme's figures, as the page's export buttons name them. */
function figureNames(pe, nHeads) {
  const orders = ['original', 'reordered'];
  return {
    attention: Array.from({ length: nHeads }, (_, h) => orders.map((o) => `permutation_attention_${pe}_head${h + 1}_${o}`)),
    output: orders.map((o) => `permutation_output_${pe}_${o}`),
  };
}

function schemeFiles(r, s) {
  const T = r.words.length;
  const NH = s.original.weights.shape[0] / T;
  const names = figureNames(s.pe, NH);
  const scheme = SCHEME_NAMES[s.pe];
  const slice = (m, h) => mat(T, T, m.data.slice(h * T * T, (h + 1) * T * T));
  const out = {};
  for (let h = 0; h < NH; h++) {
    const attn = { colormap: 'viridis', min: 0, max: 1, xLabel: 'key word', yLabel: 'query word', rowHeader: 'query' };
    Object.assign(out,
      heatmapFiles(names.attention[h][0], slice(s.original.weights, h), { ...attn, title: `Head ${h + 1} · Attn(X) · ${scheme}`, rowLabels: r.words, colLabels: r.words }),
      heatmapFiles(names.attention[h][1], slice(s.reordered.weights, h), { ...attn, title: `Head ${h + 1} · Attn(P·X) · ${scheme}`, rowLabels: r.reordered, colLabels: r.reordered }));
  }
  // Both output maps on one symmetric colour scale.
  let m = 0;
  for (const o of [s.original.output, s.reordered.output]) for (const v of o.data) m = Math.max(m, Math.abs(v));
  const outputs = { colormap: 'diverging', min: -m, max: m, xLabel: 'channel', yLabel: 'word', rowHeader: 'word' };
  Object.assign(out,
    heatmapFiles(names.output[0], s.original.output, { ...outputs, title: `Outputs Attn(X) · ${scheme}`, rowLabels: r.words }),
    heatmapFiles(names.output[1], s.reordered.output, { ...outputs, title: `Outputs Attn(P·X) · ${scheme}`, rowLabels: r.reordered }));
  return out;
}

function verifyText(params, r) {
  const lines = [
    `Lab 00 — permutation equivariance (d_model ${params.dModel}, ${params.nHeads} heads, seed ${params.seed}, non-causal)`,
    `sentence:  ${r.words.join(' ')}`,
    `reordered: ${r.reordered.join(' ')}   (perm ${r.perm.join(',')})`,
    '',
    'scheme       max|P·Attn(X) − Attn(P·X)|   equivariant (≤ 1e-5)',
    ...r.schemes.map((s) => `${s.pe.padEnd(12)} ${sci(s.equivarianceError).padStart(12)}                ${s.equivariant ? 'yes' : 'no'}`),
  ];
  return `${lines.join('\n')}\n`;
}
