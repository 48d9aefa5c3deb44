// wasm/labs/permutation.js — Lab 00 runner: one attention layer (non-causal) on a sentence and on a
// reordering of its words, with no PE and with each PE; the equivariance error per scheme.
import { mat, manifest, json, sci } from '../artifacts.js';
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
  const lines = [
    `Lab 00 — permutation equivariance (d_model ${C}, ${NH} heads, seed ${params.seed}, non-causal)`,
    `sentence:  ${words.join(' ')}`,
    `reordered: ${reordered.join(' ')}   (perm ${perm.join(',')})`,
    '',
    'scheme       max|P·Attn(X) − Attn(P·X)|   equivariant (≤ 1e-5)',
    ...schemes.map((s) => `${s.pe.padEnd(12)} ${sci(s.equivarianceError).padStart(12)}                ${s.equivariant ? 'yes' : 'no'}`),
  ];
  return { result, manifest: man, files: { 'manifest.json': json(man), 'verify_output.txt': `${lines.join('\n')}\n` } };
}
