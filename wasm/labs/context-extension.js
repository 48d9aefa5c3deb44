// wasm/labs/context-extension.js — RoPE context-extension runner: per method (core/positional/rope_scaling),
// the per-pair scale and the angles reached at L = s·L0 against training, then an untrained attention layer
// at L with each method (core/labs/context_extension). Writes manifest.json and a README.md built from
// the measured numbers.
import { mat, manifest, json, sci } from '../artifacts.js';
import { argError, call } from '../validate.js';

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
  const man = manifest(api, '16-context-extension', {
    seed,
    config: { train_length: trainLength, factor, eval_length: L, d_head: dHead, rope_base: base, n_heads: nHeads, causal, methods },
    results_summary: Object.fromEntries(result.methods.map((m) => [m.type, {
      pairs_outside_trained_range: m.pairsOutside, normalized_entropy: m.normalizedEntropy, attention_factor: m.attentionFactor,
      min_scale: Math.min(...m.scale), max_scale: Math.max(...m.scale),
    }])),
  });
  return { result, manifest: man, files: { 'manifest.json': json(man), 'README.md': () => readme(api, params, result) } };
}

function readme(api, params, r) {
  const lines = [
    '# 16-context-extension — stretching RoPE past its training length',
    '',
    `Run with PE Lab ${api.versions.pe_lab} (${api.versions.runtime}): L₀ = ${r.trainLength}, s = ${r.factor}, L = s·L₀ = ${r.L},`,
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
