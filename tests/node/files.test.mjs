// tests/node/files.test.mjs — runLab's `files`: every lab's deliverables at small parameters. The file list
// of each lab is written out here (the list the README's Labs table documents); CSVs are parsed and their
// headers, row counts (from the parameters) and sample values checked against formulas derived by hand, not
// against the code that wrote them. PNG entries are Promises of PNG bytes when the Node canvas is installed.
// filesFor rebuilds the same lazy files from a run's parts (what the page does after a worker run).
// Leaves out: the pixels of the PNGs (tests/node/figures.test.mjs) and the page's zip (tests/e2e/downloads.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { filesFor } from 'pe-lab';
import { getLab, SMALL } from './helpers.mjs';

const SCHEMES = ['none', 'sinusoidal', 'learned', 'rope', 'alibi', 't5'];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const permutationScheme = (pe) => [
  ...[1, 2].flatMap((h) => ['original', 'reordered'].flatMap((o) => [`permutation_attention_${pe}_head${h}_${o}.png`, `permutation_attention_${pe}_head${h}_${o}.csv`])),
  ...['original', 'reordered'].flatMap((o) => [`permutation_output_${pe}_${o}.png`, `permutation_output_${pe}_${o}.csv`]),
];

/** The deliverables of each lab at SMALL (two heads in permutation; three context-extension methods). */
const EXPECTED_FILES = {
  permutation: ['result.json', 'manifest.json', 'verify_output.txt', 'permutation_equivariance.csv', 'permutation_equivariance.json',
    ...SCHEMES.flatMap(permutationScheme)],
  sinusoidal: ['result.json', 'manifest.json', 'verify_output.txt', 'sinusoidal_pe.png', 'sinusoidal_pe.csv', 'sinusoidal_similarity.png',
    'sinusoidal_similarity.csv', 'sinusoidal_curves.png', 'sinusoidal_curves.csv', 'sinusoidal_offset_matrix.png', 'sinusoidal_offset_matrix.csv',
    'sinusoidal_offset_errors.csv', 'sinusoidal_offset_errors.json'],
  rope: ['result.json', 'manifest.json', 'verify_output.txt', 'README.md', 'rope_pairs.csv', 'rope_pairs.json', 'relative_position_demo.png',
    'relative_position_demo.csv', 'rope_precision.png', 'rope_precision.csv'],
  extrapolation: ['result.json', 'manifest.json', 'README.md', 'attention_pattern_comparison.png', 'attention_head_entropy.csv',
    'extrapolation_metric.png', 'extrapolation_metric.csv'],
  biases: ['result.json', 'manifest.json', 'biases_learned_table.png', 'biases_learned_table.csv', 'biases_learned_rows.png', 'biases_learned_rows.csv',
    'biases_t5_buckets.png', 'biases_t5_buckets.csv', 'biases_t5_ranges.csv', 'biases_t5_bias_bidirectional.png', 'biases_t5_bias_bidirectional.csv',
    'biases_t5_bias_causal.png', 'biases_t5_bias_causal.csv', 'biases_alibi_slopes.csv', 'biases_alibi_slopes.json',
    'biases_alibi_bias_bidirectional.png', 'biases_alibi_bias_bidirectional.csv', 'biases_alibi_bias_causal.png', 'biases_alibi_bias_causal.csv',
    'biases_alibi_attention_far.png', 'biases_nope_attention_far.png', 'biases_alibi_attention.png', 'biases_alibi_distance.png',
    'biases_alibi_distance.csv', 'biases_alibi_entropy.png', 'biases_alibi_entropy.csv', 'biases_summary.csv'],
  'context-extension': ['result.json', 'manifest.json', 'README.md', 'context_extension_wavelengths.png', 'context_extension_wavelengths.csv',
    'context_extension_scales.png', 'context_extension_scales.csv', 'context_extension_angles.png', 'context_extension_angles.csv',
    'context_extension_attention.png', 'context_extension_difference.png', 'context_extension_distance.png', 'context_extension_distance.csv',
    'context_extension_methods.csv', 'context_extension_methods.json',
    'context_extension_attention_none.png', 'context_extension_attention_linear.png', 'context_extension_attention_dynamic_ntk.png'],
  'head-to-head': ['result.json', 'manifest.json', 'metrics.csv', 'metrics.md', 'corpus.txt', 'corpus.json', 'loss_curves.png', 'loss_curves.csv',
    'accuracy_vs_length.png', 'accuracy_vs_length.csv', 'attention_t20.png', 'attention_t20.csv', 'attention_t40.png', 'attention_t40.csv',
    'weights.json', 'weights.safetensors', 'inference.csv', 'inference.md'],
};

/** CSV text → { header, rows } (cells as strings; quoted cells may hold commas and doubled quotes). */
function parseCsv(text) {
  assert.ok(text.endsWith('\n'), 'a CSV ends with a newline');
  const lines = text.slice(0, -1).split('\n').map((line) => {
    const cells = [];
    let cell = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) { cells.push(cell); cell = ''; } else cell += c;
    }
    cells.push(cell);
    return cells;
  });
  const [header, ...rows] = lines;
  for (const r of rows) assert.equal(r.length, header.length, `every row has ${header.length} cells: ${r.join(',')}`);
  return { header, rows };
}

const runs = new Map();
async function run(name) {
  if (!runs.has(name)) runs.set(name, (await getLab()).runLab(name, SMALL[name]));
  return runs.get(name);
}

let canvas = false;
try {
  await import('@napi-rs/canvas');
  canvas = true;
} catch { /* optional dependency not installed: PNG bytes are not checked */ }

for (const name of Object.keys(EXPECTED_FILES)) {
  test(`${name}: files are exactly the documented deliverables; texts are strings, PNGs Promises of PNG bytes, .safetensors bytes`, async () => {
    const { files } = await run(name);
    assert.deepEqual(Object.keys(files), EXPECTED_FILES[name]);
    for (const file of Object.keys(files)) {
      // Lazy: each entry is a getter, computed when read.
      assert.equal(typeof Object.getOwnPropertyDescriptor(files, file).get, 'function', file);
      if (file.endsWith('.safetensors')) assert.ok(files[file] instanceof Uint8Array, file);
      else if (!file.endsWith('.png')) assert.equal(typeof files[file], 'string', file);
    }
    if (!canvas) return;
    const pngs = Object.keys(files).filter((f) => f.endsWith('.png'));
    for (const file of pngs) {
      const value = files[file];
      assert.ok(value instanceof Promise, `${file} is a Promise`);
      assert.equal(files[file], value, `${file}: read twice, the same Promise (drawn once)`);
      const bytes = await value;
      assert.ok(bytes instanceof Uint8Array, file);
      assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE, file);
    }
  });
}

test('sinusoidal CSVs: T rows × (d + 1) columns, values from PE(t, 2i) = sin(t / base^(2i/d)), PE(t, 2i+1) = cos(…)', async () => {
  const { files } = await run('sinusoidal');
  const { T, d, offset } = SMALL.sinusoidal;   // base 10000 (default)
  const pe = parseCsv(files['sinusoidal_pe.csv']);
  assert.deepEqual(pe.header, ['t', '0', '1', '2', '3', '4', '5']);
  assert.equal(pe.rows.length, T);
  // Row t = 1: the first pair has frequency 1, so sin(1) and cos(1); the second 10000^(−2/6).
  assert.ok(Math.abs(Number(pe.rows[1][1]) - Math.sin(1)) < 1e-6);
  assert.ok(Math.abs(Number(pe.rows[1][2]) - Math.cos(1)) < 1e-6);
  assert.ok(Math.abs(Number(pe.rows[7][3]) - Math.sin(7 / 10000 ** (2 / 6))) < 1e-6);
  // Similarity PE(t)·PE(t) = Σ_i (sin² + cos²) = d/2 on the diagonal.
  const sim = parseCsv(files['sinusoidal_similarity.csv']);
  assert.equal(sim.rows.length, T);
  assert.equal(sim.header.length, T + 1);
  for (let t = 0; t < T; t++) assert.ok(Math.abs(Number(sim.rows[t][t + 1]) - d / 2) < 1e-5, `diagonal ${t}`);
  const curves = parseCsv(files['sinusoidal_curves.csv']);
  assert.deepEqual(curves.header, ['t', 'dim_0', 'dim_1', 'dim_4']);
  assert.equal(curves.rows.length, T);
  assert.ok(Math.abs(Number(curves.rows[5][3]) - Math.sin(5 / 10000 ** (4 / 6))) < 1e-6);
  // M_k maps [sin(a), cos(a)] to [sin(a + k), cos(a + k)] for the first pair (ω = 1): [[cos k, sin k], [−sin k, cos k]].
  const m = parseCsv(files['sinusoidal_offset_matrix.csv']);
  assert.equal(m.rows.length, d);
  assert.equal(m.header.length, d + 1);
  assert.ok(Math.abs(Number(m.rows[0][1]) - Math.cos(offset)) < 1e-12);
  assert.ok(Math.abs(Number(m.rows[0][2]) - Math.sin(offset)) < 1e-12);
  assert.ok(Math.abs(Number(m.rows[1][1]) + Math.sin(offset)) < 1e-12);
  assert.equal(Number(m.rows[0][3]), 0, 'block diagonal');
  assert.deepEqual(parseCsv(files['sinusoidal_offset_errors.csv']).header, ['k', 'max_abs_error']);
});

test('permutation CSVs: one row per scheme; attention rows are probability distributions over the words', async () => {
  const { files } = await run('permutation');
  const eq = parseCsv(files['permutation_equivariance.csv']);
  assert.deepEqual(eq.header, ['scheme', 'equivariance_error', 'multiset_error', 'equivariant']);
  assert.deepEqual(eq.rows.map((r) => r[0]), SCHEMES);
  // Without positions attention is permutation-equivariant (the lab's point): 'none' must say yes.
  assert.equal(eq.rows[0][3], 'yes');
  const attn = parseCsv(files['permutation_attention_none_head1_reordered.csv']);
  assert.deepEqual(attn.header, ['query', 'sat', 'cat', 'the']);
  assert.deepEqual(attn.rows.map((r) => r[0]), ['sat', 'cat', 'the']);
  for (const r of attn.rows) assert.ok(Math.abs(r.slice(1).reduce((s, x) => s + Number(x), 0) - 1) < 1e-5, 'softmax rows sum to 1');
  const output = parseCsv(files['permutation_output_rope_original.csv']);
  assert.equal(output.rows.length, 3);
  assert.equal(output.header.length, SMALL.permutation.dModel + 1);
});

test('rope CSVs: one row per pair, per demo offset n = 0 … T − 1 (n − m = n − demoM)', async () => {
  const { files } = await run('rope');
  const { T, pairs, demoM } = SMALL.rope;
  const p = parseCsv(files['rope_pairs.csv']);
  assert.deepEqual(p.header, ['m', 'n', 'lhs', 'rhs', 'abs_diff', 'pass']);
  assert.deepEqual(p.rows.map((r) => [Number(r[0]), Number(r[1])]), pairs);
  const demo = parseCsv(files['relative_position_demo.csv']);
  assert.deepEqual(demo.header, ['n', 'n_minus_m', 'lhs', 'rhs', 'abs_diff']);
  assert.equal(demo.rows.length, T);
  demo.rows.forEach((r, n) => {
    assert.equal(Number(r[0]), n);
    assert.equal(Number(r[1]), n - demoM);
    assert.ok(Math.abs(Number(r[4]) - Math.abs(Number(r[2]) - Number(r[3]))) < 1e-12, 'abs_diff = |lhs − rhs|');
  });
  assert.deepEqual(parseCsv(files['rope_precision.csv']).header, ['position', 'max_abs_error_float32']);
});

test('extrapolation CSVs: a row per (scheme, T); max_entropy = ln T for non-causal rows', async () => {
  const { files } = await run('extrapolation');
  const Ts = SMALL.extrapolation.TSweep;
  const metric = parseCsv(files['extrapolation_metric.csv']);
  assert.deepEqual(metric.header, ['scheme', 'T', 'mean_entropy', 'normalized_mean_entropy', 'max_entropy']);
  assert.deepEqual(metric.rows.map((r) => `${r[0]}@${r[1]}`), ['sinusoidal', 'learned', 'rope'].flatMap((s) => Ts.map((T) => `${s}@${T}`)));
  for (const r of metric.rows) {
    assert.ok(Math.abs(Number(r[4]) - Math.log(Number(r[1]))) < 1e-12, 'ln T');
    assert.ok(Math.abs(Number(r[3]) - Number(r[2]) / Math.log(Number(r[1]))) < 1e-9, 'normalised = H / ln T');
    assert.ok(Number(r[2]) > 0 && Number(r[2]) <= Math.log(Number(r[1])) + 1e-6, 'entropy within [0, ln T]');
  }
  const heads = parseCsv(files['attention_head_entropy.csv']);
  assert.deepEqual(heads.header, ['scheme', 'T', 'head', 'mean_row_entropy_head']);
  assert.equal(heads.rows.length, 3 * Ts.length);
});

test('biases CSVs: clamp/wrap rows, reference slopes, parameter counts and the summary from the parameters', async () => {
  const { files } = await run('biases');
  const { tMax, d, T, numBuckets, maxRelative, nHeads, farT } = SMALL.biases;
  const rows = parseCsv(files['biases_learned_rows.csv']);
  assert.deepEqual(rows.header, ['t', 'row_clamp', 'row_wrap']);
  assert.equal(rows.rows.length, T);
  rows.rows.forEach((r, t) => assert.deepEqual(r.map(Number), [t, Math.min(t, tMax - 1), t % tMax]));
  const buckets = parseCsv(files['biases_t5_buckets.csv']);
  assert.equal(buckets.rows.length, 2 * maxRelative + 1);
  assert.equal(parseCsv(files['biases_t5_ranges.csv']).rows.length, numBuckets);
  // Press et al.: for a power of two H, m_h = 2^(−8(h+1)/H) → 4 heads: 1/4, 1/16, 1/64, 1/256.
  const slopes = parseCsv(files['biases_alibi_slopes.csv']);
  assert.deepEqual(slopes.rows.map((r) => Number(r[1])), [1 / 4, 1 / 16, 1 / 64, 1 / 256]);
  assert.equal(slopes.rows.length, nHeads);
  // Causal query 0 sees only key 0: it attends at distance 0.
  const dist = parseCsv(files['biases_alibi_distance.csv']);
  assert.equal(dist.rows.length, farT);
  assert.equal(Number(dist.rows[0][1]), 0);
  const summary = parseCsv(files['biases_summary.csv']);
  assert.deepEqual(summary.header, ['scheme', 'position_enters', 'extrapolates', 'parameters', 'typical_use']);
  const params = Object.fromEntries(summary.rows.map((r) => [r[0], Number(r[3])]));
  assert.deepEqual(params, { sinusoidal: 0, learned: tMax * d, t5: nHeads * numBuckets, alibi: 0, rope: 0 });
  assert.equal(summary.rows.find((r) => r[0] === 'learned')[4], 'BERT, GPT-2', 'a quoted cell with a comma');
  assert.match(summary.rows.find((r) => r[0] === 'learned')[2], new RegExp(`T_max = ${tMax}`));
});

test('context-extension CSVs: wavelength 2π·base^(2k/d_head) per pair; Position Interpolation scales every pair by s', async () => {
  const { files } = await run('context-extension');
  const { dHead, factor, methods } = SMALL['context-extension'];
  const wave = parseCsv(files['context_extension_wavelengths.csv']);
  assert.equal(wave.rows.length, dHead / 2);
  wave.rows.forEach((r, k) => assert.ok(Math.abs(Number(r[2]) / (2 * Math.PI * 10000 ** ((2 * k) / dHead)) - 1) < 1e-9, `pair ${k}`));
  const scales = parseCsv(files['context_extension_scales.csv']);
  assert.deepEqual(scales.header, ['pair', 'wavelength', 'scale_none', 'scale_linear', 'scale_dynamic_ntk']);
  for (const r of scales.rows) {
    assert.ok(Math.abs(Number(r[2]) - 1) < 1e-12, 'plain RoPE: scale 1');
    assert.ok(Math.abs(Number(r[3]) - factor) < 1e-9, 'PI: scale s');
  }
  assert.deepEqual(parseCsv(files['context_extension_methods.csv']).rows.map((r) => r[0]), methods);
});

test('head-to-head CSVs: a loss per step and run; attention weights per variant, layer, head, query and key', async () => {
  const out = await run('head-to-head');
  const { steps } = SMALL['head-to-head'];
  const loss = parseCsv(out.files['loss_curves.csv']);
  assert.deepEqual(loss.header, ['variant', 'seed', 'step', 'loss']);
  assert.equal(loss.rows.length, 2 * steps);   // sinusoidal and rope, one seed
  assert.deepEqual(loss.rows.slice(0, steps).map((r) => Number(r[2])), [1, 2, 3, 4]);
  const attn = parseCsv(out.files['attention_t20.csv']);
  const T = out.result.runs[0].attention.T;
  assert.equal(attn.rows.length, 2 * 2 * 4 * T * T);   // 2 variants × 2 layers × 4 heads × T²
  const attn40 = parseCsv(out.files['attention_t40.csv']);
  assert.deepEqual(attn40.header, attn.header);
  assert.equal(attn40.rows.length, 2 * 2 * 4 * 41 * 41);   // the same layout on the 40-token sequence (+ BOS)
  const weights = JSON.parse(out.files['weights.json']);
  assert.deepEqual(weights.runs.map((r) => [r.variant, r.weights.length]), out.result.runs.map((r) => [r.variant, r.paramCount]));
});

test('filesFor rebuilds the same files from a run\'s parts (as the page does after a worker run)', async () => {
  for (const name of ['sinusoidal', 'head-to-head']) {
    const out = await run(name);
    // The parts survive structured cloning (the worker's postMessage); the getters would not.
    const parts = structuredClone({ params: out.params, result: out.result, manifest: out.manifest, raw: out.raw });
    const again = filesFor(name, parts.params, parts.result, parts.manifest, parts.raw);
    assert.deepEqual(Object.keys(again), Object.keys(out.files));
    for (const file of Object.keys(again)) if (!file.endsWith('.png')) assert.deepEqual(again[file], out.files[file], `${name}/${file}`);
  }
  assert.throws(() => filesFor('nope', {}, {}, {}), { code: 'PE_LAB_BAD_ARGUMENT', message: /filesFor: name must be one of/ });
  assert.throws(() => filesFor('rope', {}, null, {}), { code: 'PE_LAB_BAD_ARGUMENT', message: /filesFor: result/ });
});
