// tests/node/labs.test.mjs — runLab for Labs 00–03 ('permutation', 'sinusoidal', 'rope', 'extrapolation')
// through the package entry: the { params, result, manifest, files } contract (ARCHITECTURE.md, Contracts),
// and each lab's numbers against an independent derivation written here (a formula re-derived in JS, a
// property, or a hand computation). Leaves out: the CLI (cli.test.mjs) and the engine's entry points
// (engine.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { getLab, maxAbsDiff } from './helpers.mjs';
import { LABS } from '../../wasm/schema.js';
import { OFFSET_TOLERANCE } from '../../wasm/labs/sinusoidal.js';
import { recommend } from '../../wasm/labs/extrapolation.js';

const COURSE_LABS = ['permutation', 'sinusoidal', 'rope', 'extrapolation'];
const PE_WITH_POSITION = ['sinusoidal', 'learned', 'rope', 'alibi', 't5'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const row = (m, i) => m.data.slice(i * m.shape[1], (i + 1) * m.shape[1]);

/** Throws unless `fn` throws an Error whose message matches re. */
function throwsMatching(fn, re) {
  assert.throws(fn, (e) => e instanceof Error && re.test(e.message), String(re));
}
async function rejectsMatching(promise, re) {
  await assert.rejects(promise, (e) => e instanceof Error && re.test(e.message), String(re));
}

/** The module still answers after an error: Lab 01 with tiny parameters, cos(0) = 1 at PE[0][1]. */
async function stillWorks(lab) {
  const r = await lab.runLab('sinusoidal', { T: 4, d: 2, offset: 1, dims: [0] });
  assert.equal(r.result.pe.data[1], 1);
}

/** Every { shape, data } object in `value` is a row-major matrix of plain numbers with rows·cols entries. */
function checkMatrices(value, where = 'result') {
  let count = 0;
  if (Array.isArray(value)) {
    value.forEach((v, i) => { count += checkMatrices(v, `${where}[${i}]`); });
  } else if (value !== null && typeof value === 'object') {
    assert.ok(!ArrayBuffer.isView(value), `${where} is a typed array`);
    if ('shape' in value) {
      assert.ok(Array.isArray(value.shape) && value.shape.length === 2, `${where}.shape`);
      assert.ok(Array.isArray(value.data), `${where}.data is a plain array`);
      assert.equal(value.data.length, value.shape[0] * value.shape[1], `${where}: rows·cols entries`);
      assert.ok(value.data.every((x) => typeof x === 'number' && Number.isFinite(x)), `${where}: finite numbers`);
      count++;
    }
    for (const [k, v] of Object.entries(value)) if (k !== 'data') count += checkMatrices(v, `${where}.${k}`);
  }
  return count;
}

/** The manifest fields every lab shares (ARCHITECTURE.md, Manifests). */
function checkCommonManifest(man, experiment) {
  assert.equal(man.experiment, experiment);
  assert.match(man.date, DATE);
  for (const key of ['pe_lab', 'eigen', 'emscripten', 'runtime']) {
    assert.equal(typeof man.versions[key], 'string', `versions.${key}`);
    assert.ok(man.versions[key].length > 0, `versions.${key} non-empty`);
  }
}

/** mulberry32 (Tommy Ettinger's public-domain 32-bit generator): a small seeded uniform in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator. */
function shuffle(list, rand) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---- the runLab contract, for every course lab ----------------------------------------------------------

// Matrices each lab's default run must hold, with shapes from the defaults: permutation T = 3 words,
// d_model 16; sinusoidal T 64, d 32; extrapolation's first cell T = 64. Rope's q, k, theta are vectors.
const EXPECTED_MATRICES = {
  permutation: [['x', [3, 16]], ['xReordered', [3, 16]], ['schemes.0.original.output', [3, 16]], ['schemes.0.original.weights', [2 * 3, 3]]],
  sinusoidal: [['pe', [64, 32]], ['similarity', [64, 64]], ['offsetMatrix', [32, 32]]],
  rope: [],
  extrapolation: [['cells.0.attention', [64, 64]], ['cells.14.attention', [256, 256]]],
};

test('runLab returns params with the schema defaults, a JSON-safe result, a manifest and files', async () => {
  const lab = await getLab();
  const experiments = { permutation: '16-permutation', sinusoidal: '16-sinusoidal', rope: '16-rope', extrapolation: '16-extrapolation' };
  for (const name of COURSE_LABS) {
    const out = await lab.runLab(name);
    assert.deepEqual(Object.keys(out).sort(), ['files', 'manifest', 'params', 'result']);
    // Defaults filled: exactly the schema's parameters with their defaults.
    const defaults = Object.fromEntries(Object.entries(LABS[name].params).map(([k, spec]) => [k, spec.default]));
    assert.deepEqual(out.params, defaults, name);
    // JSON-safe: a JSON round trip changes nothing (no typed arrays, NaN, Infinity, undefined, -0).
    assert.deepStrictEqual(JSON.parse(JSON.stringify(out.result)), out.result, `${name}: result survives JSON`);
    checkMatrices(out.result);
    for (const [path, shape] of EXPECTED_MATRICES[name]) {
      assert.deepEqual(path.split('.').reduce((v, k) => v[k], out.result).shape, shape, `${name}: ${path}`);
    }
    checkCommonManifest(out.manifest, experiments[name]);
    // files: name -> text (PNGs aside: tests/node/files.test.mjs); result.json carries the result, manifest.json the manifest.
    for (const file of Object.keys(out.files)) if (!file.endsWith('.png')) assert.equal(typeof out.files[file], 'string', `${name}/${file}`);
    assert.ok('result.json' in out.files && 'manifest.json' in out.files, name);
    const saved = JSON.parse(out.files['result.json']);
    assert.deepStrictEqual(saved.result, out.result, `${name}: result.json .result`);
    assert.deepStrictEqual(saved.params, out.params, `${name}: result.json .params`);
    assert.deepStrictEqual(JSON.parse(out.files['manifest.json']), out.manifest, `${name}: manifest.json`);
  }
});

test('runLab fills only the missing parameters', async () => {
  const lab = await getLab();
  const out = await lab.runLab('sinusoidal', { T: 16, dims: [1, 3] });
  const d = LABS.sinusoidal.params;
  assert.deepEqual(out.params, { T: 16, d: d.d.default, base: d.base.default, offset: d.offset.default, dims: [1, 3] });
  assert.deepEqual(out.result.pe.shape, [16, d.d.default]);
});

test('runLab rejects unknown keys and bad values naming the parameter, and the module keeps working', async () => {
  const lab = await getLab();
  const cases = [
    ['rope', { dhead: 8 }, /rope: params must be an object with keys among .*unknown key 'dhead'/],
    ['permutation', { nHeads: 3 }, /permutation: nHeads must be a divisor of dModel/],
    ['permutation', { dModel: 3 }, /permutation: dModel must be an integer in \[2, 256\] and a multiple of 2, got 3/],
    ['permutation', { reordered: 'he work you' }, /permutation: reordered must be a reordering of the words of sentence/],
    ['sinusoidal', { T: 1 }, /sinusoidal: T must be an integer in \[2, 2048\]/],
    ['sinusoidal', { T: 8, offset: 8 }, /sinusoidal: offset must be/],
    ['sinusoidal', { d: 8, dims: [0, 8] }, /sinusoidal: dims must be/],
    ['rope', { base: 1 }, /rope: base must be a number in \(1,/],
    ['extrapolation', { causal: 'maybe' }, /extrapolation: causal must be true or false/],
    ['nope', {}, /runLab: name must be one of 'permutation', 'sinusoidal', 'rope', 'extrapolation'/],
  ];
  for (const [name, params, re] of cases) {
    await rejectsMatching(lab.runLab(name, params), re);
    await stillWorks(lab);
  }
});

// ---- Lab 00: permutation -----------------------------------------------------------------------------------

test('permutation: without PE attention is equivariant under random reorderings, and every PE breaks it', async () => {
  const lab = await getLab();
  const vocabulary = ['the', 'cat', 'sat', 'on', 'a', 'warm', 'mat', 'today'];
  const rand = mulberry32(20240616);
  let checked = 0;
  while (checked < 6) {
    const n = 4 + Math.floor(rand() * 5);  // 4 … 8 distinct words
    const words = vocabulary.slice(0, n);
    const reordered = shuffle(words, rand);
    const identity = reordered.every((w, i) => w === words[i]);
    const reversal = reordered.every((w, i) => w === words[n - 1 - i]);
    if (identity || reversal) continue;  // ALiBi is invariant under reversal (see the next test)
    checked++;
    const { result, manifest } = await lab.runLab('permutation', { sentence: words.join(' '), reordered: reordered.join(' ') });
    const ctx = `${words.join(' ')} -> ${reordered.join(' ')}`;
    assert.equal(manifest.experiment, '16-permutation');
    assert.deepEqual(result.schemes.map((s) => s.pe), ['none', ...PE_WITH_POSITION]);
    // perm's meaning (permutation.h): reordered[i] = sentence[perm[i]].
    result.perm.forEach((p, i) => assert.equal(words[p], reordered[i], ctx));
    const none = result.schemes[0];
    // Float32 attention on O(1) values: equivariance holds to rounding, ~1e-7; 1e-5 is the lab's tolerance.
    assert.ok(none.equivarianceError <= 1e-5, `${ctx}: none ${none.equivarianceError}`);
    assert.ok(none.multisetError <= 1e-5, `${ctx}: none multiset ${none.multisetError}`);
    assert.equal(none.equivariant, true);
    // Recompute the error from the two outputs: max_{i,c} |Attn(X)[perm[i], c] − Attn(P·X)[i, c]|.
    let mine = 0;
    result.perm.forEach((p, i) => { mine = Math.max(mine, maxAbsDiff(row(none.original.output, p), row(none.reordered.output, i))); });
    assert.ok(Math.abs(mine - none.equivarianceError) <= 1e-6, `${ctx}: recomputed ${mine} vs ${none.equivarianceError}`);
    for (const s of result.schemes.slice(1)) {
      // With positions the outputs differ by O(0.1–1) (random weights); 1e-3 is far above rounding.
      assert.ok(s.equivarianceError >= 1e-3, `${ctx}: ${s.pe} ${s.equivarianceError}`);
      assert.equal(s.equivariant, false, `${ctx}: ${s.pe}`);
    }
  }
});

test('permutation: reversing the sentence leaves bidirectional ALiBi equivariant but not T5 or the others', async () => {
  // ALiBi's bias is −slope·|i − j| (non-causal). Reversal maps i -> T−1−i, and |(T−1−i) − (T−1−j)| = |i − j|,
  // so the bias matrix is unchanged and Attn(P·X) = P·Attn(X) up to rounding. T5's buckets depend on the sign
  // of j − i (bidirectional buckets keep the direction), sinusoidal and learned on absolute positions, RoPE on
  // the signed offset: reversal flips those, so they break.
  const lab = await getLab();
  for (const words of [['I', 'work', 'he'], ['a', 'b', 'c', 'd', 'e', 'f', 'g']]) {
    const reordered = [...words].reverse();
    const { result } = await lab.runLab('permutation', { sentence: words.join(' '), reordered: reordered.join(' ') });
    const by = Object.fromEntries(result.schemes.map((s) => [s.pe, s]));
    assert.ok(by.none.equivarianceError <= 1e-5);
    assert.ok(by.alibi.equivarianceError <= 1e-5, `alibi ${by.alibi.equivarianceError}`);
    for (const pe of ['t5', 'sinusoidal', 'learned', 'rope']) {
      assert.ok(by[pe].equivarianceError >= 1e-3, `${pe} ${by[pe].equivarianceError}`);
    }
  }
});

test('permutation: a word keeps its vector wherever it stands', async () => {
  const lab = await getLab();
  const S = ['we', 'read', 'old', 'maps', 'slowly'];
  const R = ['maps', 'slowly', 'we', 'old', 'read'];
  const a = (await lab.runLab('permutation', { sentence: S.join(' '), reordered: R.join(' ') })).result;
  const b = (await lab.runLab('permutation', { sentence: R.join(' '), reordered: S.join(' ') })).result;
  for (const w of S) {
    // Run a has w at S.indexOf(w), run b (the other order as the sentence) at R.indexOf(w): same vector, bit for bit.
    assert.deepEqual(row(a.x, S.indexOf(w)), row(b.x, R.indexOf(w)), w);
  }
  for (let i = 0; i < R.length; i++) {
    assert.deepEqual(row(a.xReordered, i), row(a.x, a.perm[i]));  // P·X through perm
    assert.deepEqual(row(a.xReordered, i), row(b.x, i));          // and the reordered sentence's own vectors
  }
  // Distinct words get distinct vectors (otherwise the test above would be vacuous).
  assert.ok(maxAbsDiff(row(a.x, 0), row(a.x, 1)) > 0.1);
});

// ---- Lab 01: sinusoidal ------------------------------------------------------------------------------------

/** PE (T×d, row-major) from the formula: PE[t][2i] = sin(t·ω_i), PE[t][2i+1] = cos(t·ω_i), ω_i = base^(−2i/d). */
function sinusoidalFormula(T, d, base) {
  const pe = [];
  for (let t = 0; t < T; t++) {
    const r = [];
    for (let i = 0; i < d / 2; i++) {
      const w = Math.pow(base, (-2 * i) / d);
      r.push(Math.sin(t * w), Math.cos(t * w));
    }
    pe.push(r);
  }
  return pe;
}

/** max_t |PE(t+k) − M PE(t)| with M block-diagonal, block i = [[c, s·sign], [−s·sign, c]] at angle k·ω_i. */
function offsetErrorJs(pe, d, base, k, sign = 1) {
  let worst = 0;
  for (let t = 0; t + k < pe.length; t++) {
    for (let i = 0; i < d / 2; i++) {
      const a = k * Math.pow(base, (-2 * i) / d);
      const c = Math.cos(a), s = sign * Math.sin(a);
      // sin((t+k)ω) = cos(kω) sin(tω) + sin(kω) cos(tω); cos((t+k)ω) = −sin(kω) sin(tω) + cos(kω) cos(tω).
      const predSin = c * pe[t][2 * i] + s * pe[t][2 * i + 1];
      const predCos = -s * pe[t][2 * i] + c * pe[t][2 * i + 1];
      worst = Math.max(worst, Math.abs(pe[t + k][2 * i] - predSin), Math.abs(pe[t + k][2 * i + 1] - predCos));
    }
  }
  return worst;
}

test('sinusoidal: the offset-property error stays below the documented rounding bound', async () => {
  // OFFSET_TOLERANCE (wasm/labs/sinusoidal.js) = 1e-11. Why: everything is float64; an angle t·ω ≤ T rad
  // (ω ≤ 1) carries ≤ T·2^-53 absolute rounding, ≤ 2.3e-13 for T ≤ 2048, and so does each sin/cos; M_k·PE(t)
  // adds two products of entries ≤ 1, so the error is ≤ ~1e-12. A wrong M_k (sign, pair order) errs by O(1).
  assert.equal(OFFSET_TOLERANCE, 1e-11);
  const lab = await getLab();
  for (const params of [{}, { T: 2048, d: 8, offset: 2047, dims: [0] }, { T: 300, d: 64, base: 100, offset: 37 }]) {
    const { result, manifest } = await lab.runLab('sinusoidal', params);
    assert.ok(result.offsetError <= OFFSET_TOLERANCE, `${JSON.stringify(params)}: ${result.offsetError}`);
    assert.equal(result.offsetErrors.length, result.offsets.length);
    for (const e of result.offsetErrors) assert.ok(e <= OFFSET_TOLERANCE, `${JSON.stringify(params)}: ${e}`);
    assert.ok(result.offsets.includes(result.offset));
    assert.equal(manifest.experiment, '16-sinusoidal');
    assert.equal(manifest.results_summary.offset_property_pass, true);
    assert.equal(manifest.results_summary.offset_property_max_error, result.offsetError);
  }
});

test('sinusoidal: PE, M_k and the offset error recomputed in JS from Math.sin and Math.cos', async () => {
  const lab = await getLab();
  const T = 64, d = 32, base = 10000, k = 5;
  const { result } = await lab.runLab('sinusoidal', { T, d, base, offset: k });
  const pe = sinusoidalFormula(T, d, base);
  // Same formula, two libms: angles ≤ 63 rad differ by a few ulp, ≤ ~1e-14.
  assert.ok(maxAbsDiff(result.pe.data, pe.flat()) < 1e-12);
  // M_k block i = [[cos kω_i, sin kω_i], [−sin kω_i, cos kω_i]] acting on (sin tω_i, cos tω_i).
  const M = Array.from({ length: d * d }, () => 0);
  for (let i = 0; i < d / 2; i++) {
    const a = k * Math.pow(base, (-2 * i) / d);
    M[2 * i * d + 2 * i] = Math.cos(a);
    M[2 * i * d + 2 * i + 1] = Math.sin(a);
    M[(2 * i + 1) * d + 2 * i] = -Math.sin(a);
    M[(2 * i + 1) * d + 2 * i + 1] = Math.cos(a);
  }
  assert.deepEqual(result.offsetMatrix.shape, [d, d]);
  assert.ok(maxAbsDiff(result.offsetMatrix.data, M) < 1e-14);
  // PE(t+k) − M_k PE(t), recomputed entirely here: below the bound; the wrong rotation direction is O(1).
  const mine = offsetErrorJs(pe, d, base, k);
  assert.ok(mine <= OFFSET_TOLERANCE, `${mine}`);
  assert.ok(offsetErrorJs(pe, d, base, k, -1) > 0.1);
  assert.ok(result.offsetError <= OFFSET_TOLERANCE);
  // curves: column dims[j] of PE.
  assert.deepEqual(result.curves.map((c) => c.dim), [0, 2, 8, 16]);
  for (const c of result.curves) assert.ok(maxAbsDiff(c.values, pe.map((r) => r[c.dim])) < 1e-12, `dim ${c.dim}`);
});

test('sinusoidal: the similarity matrix is PE·PEᵀ, with d/2 on the diagonal', async () => {
  // PE(t)·PE(s) = Σ_i [sin tω_i sin sω_i + cos tω_i cos sω_i] = Σ_i cos((t − s)ω_i); at t = s that is d/2.
  const lab = await getLab();
  const T = 40, d = 16, base = 10000;
  const { result } = await lab.runLab('sinusoidal', { T, d, base, offset: 3, dims: [0] });
  assert.deepEqual(result.similarity.shape, [T, T]);
  const pe = result.pe;
  for (const [t, s] of [[0, 0], [3, 10], [10, 3], [39, 1], [20, 20], [7, 33]]) {
    const entry = result.similarity.data[t * T + s];
    assert.ok(Math.abs(entry - dot(row(pe, t), row(pe, s))) < 1e-12, `(${t}, ${s})`);
    let cosSum = 0;
    for (let i = 0; i < d / 2; i++) cosSum += Math.cos((t - s) * Math.pow(base, (-2 * i) / d));
    assert.ok(Math.abs(entry - cosSum) < 1e-12, `(${t}, ${s}) vs Σ cos`);
  }
  for (let t = 0; t < T; t++) assert.ok(Math.abs(result.similarity.data[t * T + t] - d / 2) < 1e-12);
});

// ---- Lab 02: RoPE ------------------------------------------------------------------------------------------

/** Interleaved RoPE (course, Block A): pair (2k, 2k+1) turned by p·θ_k with [[cos, −sin], [sin, cos]]. */
function rotateInterleaved(v, p, theta) {
  const out = [...v];
  theta.forEach((th, k) => {
    const c = Math.cos(p * th), s = Math.sin(p * th);
    out[2 * k] = v[2 * k] * c - v[2 * k + 1] * s;
    out[2 * k + 1] = v[2 * k] * s + v[2 * k + 1] * c;
  });
  return out;
}

const COURSE_PAIRS = [[0, 1], [3, 7], [5, 5], [10, 12], [20, 8]];

test('rope: the five course pairs pass at 1e-5 in float32 and at 1e-12 in float64', async () => {
  const lab = await getLab();
  const f64 = (await lab.runLab('rope')).result;
  const f32 = (await lab.runLab('rope', { precision: 'float32' })).result;
  for (const [r, tol, precision] of [[f64, 1e-12, 'float64'], [f32, 1e-5, 'float32']]) {
    assert.equal(r.precision, precision);
    assert.deepEqual(r.pairs.map((x) => [x.m, x.n]), COURSE_PAIRS);
    for (const x of r.pairs) {
      assert.ok(x.diff < tol, `${precision} (${x.m}, ${x.n}): ${x.diff}`);
      assert.equal(x.diff, Math.abs(x.lhs - x.rhs));
      assert.equal(x.pass, true);
    }
    assert.ok(r.maxDiff < tol);
    assert.equal(r.maxDiff, Math.max(...r.pairs.map((x) => x.diff)));
    assert.equal(r.relativePass, true);
  }
  // The float32 path really ran in float32: its values agree with float64 only to float32 rounding
  // (|q|·|k| ≈ 10, ulp ~1e-6), and at least one of the five differences is above float64 rounding.
  f32.pairs.forEach((x, i) => assert.ok(Math.abs(x.lhs - f64.pairs[i].lhs) < 1e-4));
  assert.ok(f32.maxDiff > 1e-12, `float32 max diff ${f32.maxDiff} looks like float64`);
});

test('rope: lhs and rhs of every pair recomputed in JS from result.q, result.k and result.theta', async () => {
  const lab = await getLab();
  const { result } = await lab.runLab('rope');
  // θ_k = 10000^(−2k/16) (rope.h); q and k are 16 numbers.
  assert.equal(result.q.length, 16);
  assert.equal(result.k.length, 16);
  assert.ok(maxAbsDiff(result.theta, Array.from({ length: 8 }, (_, k) => Math.pow(10000, (-2 * k) / 16))) < 1e-15);
  for (const x of result.pairs) {
    const lhs = dot(rotateInterleaved(result.q, x.m, result.theta), rotateInterleaved(result.k, x.n, result.theta));
    const rhs = dot(result.q, rotateInterleaved(result.k, x.n - x.m, result.theta));  // n < m: negative angle
    assert.ok(Math.abs(lhs - x.lhs) < 1e-12, `lhs (${x.m}, ${x.n})`);
    assert.ok(Math.abs(rhs - x.rhs) < 1e-12, `rhs (${x.m}, ${x.n})`);
    assert.ok(Math.abs(lhs - rhs) < 1e-12);
  }
  // Norm preservation recomputed: each 2×2 block is a rotation.
  const qNorm = Math.sqrt(dot(result.q, result.q));
  assert.ok(Math.abs(result.qNorm - qNorm) < 1e-14);
  for (const n of result.norms) {
    const r = rotateInterleaved(result.q, n.p, result.theta);
    assert.ok(Math.abs(Math.sqrt(dot(r, r)) - n.norm) < 1e-12, `p ${n.p}`);
  }
});

test('rope: norm preservation passes below 1e-6 in both precisions', async () => {
  const lab = await getLab();
  for (const precision of ['float64', 'float32']) {
    const { result } = await lab.runLab('rope', { precision });
    assert.deepEqual(result.norms.map((n) => n.p), [0, 1, 5, 100]);
    assert.ok(result.normMaxDiff < 1e-6, `${precision}: ${result.normMaxDiff}`);
    assert.equal(result.normPass, true);
    for (const n of result.norms) assert.ok(Math.abs(n.norm - result.qNorm) < 1e-6);
  }
});

test('rope: the manifest follows the course with finite results and the contract versions', async () => {
  const lab = await getLab();
  const { manifest, result } = await lab.runLab('rope');
  checkCommonManifest(manifest, '16-rope');
  assert.equal(manifest.seed, 0);
  const c = manifest.config;
  // The course's config plus the convention (its constraint: document the convention).
  assert.equal(c.d_head, 16);
  assert.equal(c.T, 32);
  assert.equal(c.rope_base, 10000);
  assert.equal(c.convention, 'interleaved');
  const s = manifest.results_summary;
  assert.equal(typeof s.relative_position_max_diff, 'number');
  assert.equal(typeof s.norm_preservation_max_diff, 'number');
  assert.ok(Number.isFinite(s.relative_position_max_diff) && Number.isFinite(s.norm_preservation_max_diff));
  assert.equal(s.relative_position_max_diff, result.maxDiff);
  assert.equal(s.norm_preservation_max_diff, result.normMaxDiff);
});

test('rope: interleaved and half-split agree only after permuting dimensions', async () => {
  // rope.h: the two conventions pair different dimensions, so on the same q the outputs differ by O(1);
  // after gathering q's dimensions (0, 2, 4, …, 1, 3, …) they perform the same operations: equal to rounding.
  const lab = await getLab();
  for (const convention of ['interleaved', 'half-split']) {
    const { result } = await lab.runLab('rope', { convention });
    assert.ok(result.conventions.permutedDiff < 1e-12, `${convention}: ${result.conventions.permutedDiff}`);
    assert.ok(result.conventions.outputDiff > 1e-3, `${convention}: ${result.conventions.outputDiff}`);
    assert.ok(result.conventions.otherConventionMaxDiff < 1e-12);  // both satisfy the property
  }
});

test('rope: the demo curves coincide and moving demoM only shifts them', async () => {
  // lhs(n) = <R_m q, R_n k> = <q, R_{n−m} k> = rhs(n): a function of n − m alone. So with demoM = 0 and
  // demoM = s, lhs_s(n + s) = lhs_0(n) for every n + s < T.
  const lab = await getLab();
  const r0 = (await lab.runLab('rope')).result.demo;
  const shift = 7;
  const rs = (await lab.runLab('rope', { demoM: shift })).result.demo;
  for (const demo of [r0, rs]) {
    assert.equal(demo.lhs.length, 32);
    assert.deepEqual(demo.n, Array.from({ length: 32 }, (_, n) => n));
    assert.deepEqual(demo.offset, demo.n.map((n) => n - demo.m));
    assert.ok(maxAbsDiff(demo.lhs, demo.rhs) < 1e-12);
  }
  assert.equal(rs.m, shift);
  for (let n = 0; n + shift < 32; n++) {
    assert.ok(Math.abs(rs.lhs[n + shift] - r0.lhs[n]) < 1e-12, `n ${n}`);
  }
  // …and the curve is not flat (else "only shifts" would be vacuous).
  assert.ok(Math.max(...r0.lhs) - Math.min(...r0.lhs) > 0.1);
});

test('rope: verify_output.txt and README.md carry the table, the max diff and the convention', async () => {
  const lab = await getLab();
  const { result, files } = await lab.runLab('rope');
  const verify = files['verify_output.txt'];
  for (const [m, n] of COURSE_PAIRS) {
    assert.match(verify, new RegExp(`^\\s*${m}\\s+${n}\\s+\\S+\\s+\\S+\\s+\\S+\\s+PASS\\s*$`, 'm'), `row (${m}, ${n})`);
  }
  assert.match(verify, /max diff/);
  assert.match(verify, /ALL CHECKS PASSED/);
  // The first "max diff: X" line is the relative-position maximum; X must be result.maxDiff (3 digits)…
  const shown = verify.match(/max diff: (\S+)/)[1];
  assert.ok(Math.abs(Number(shown) - result.maxDiff) <= 0.006 * result.maxDiff, `${shown} vs ${result.maxDiff}`);
  // …and README.md reports that same formatted number.
  const readme = files['README.md'];
  assert.ok(readme.includes(shown), `README lacks ${shown}`);
  assert.match(readme, /interleaved/i);
});

test('rope: custom dHead, base and pairs run and satisfy the property', async () => {
  const lab = await getLab();
  const { params, result } = await lab.runLab('rope', { dHead: 8, base: 500, pairs: '1:2,7:3' });
  assert.deepEqual(params.pairs, [[1, 2], [7, 3]]);
  assert.equal(result.q.length, 8);
  // θ_k = 500^(−2k/8) = 500^(−k/4).
  assert.ok(maxAbsDiff(result.theta, [0, 1, 2, 3].map((k) => Math.pow(500, -k / 4))) < 1e-15);
  assert.deepEqual(result.pairs.map((x) => [x.m, x.n]), [[1, 2], [7, 3]]);
  for (const x of result.pairs) {
    const lhs = dot(rotateInterleaved(result.q, x.m, result.theta), rotateInterleaved(result.k, x.n, result.theta));
    assert.ok(Math.abs(lhs - x.lhs) < 1e-12);
    assert.ok(x.diff < 1e-12);
  }
});

test('rope: bad parameters throw clear errors', async () => {
  const lab = await getLab();
  await rejectsMatching(lab.runLab('rope', { dHead: 7 }), /rope: dHead must be an integer in \[2, 512\] and a multiple of 2, got 7/);
  await rejectsMatching(lab.runLab('rope', { pairs: [[0, 32]] }), /rope: pairs must be .*T = 32.*0:32/);
  await rejectsMatching(lab.runLab('rope', { T: 8, pairs: '9:1' }), /rope: pairs must be/);
  await rejectsMatching(lab.runLab('rope', { convention: 'xyz' }), /rope: convention must be one of 'interleaved', 'half-split', got 'xyz'/);
  await rejectsMatching(lab.runLab('rope', { pairs: '1-2' }), /rope: pairs must be/);
  await rejectsMatching(lab.runLab('rope', { demoM: 40 }), /rope: demoM must be/);
  await stillWorks(lab);
});

// ---- Lab 03: extrapolation ---------------------------------------------------------------------------------

test('extrapolation: attention rows sum to 1 and entropies lie in [0, ln T] and match the weights', async () => {
  const lab = await getLab();
  const { result } = await lab.runLab('extrapolation');
  assert.deepEqual(result.TSweep, [64, 96, 128, 192, 256]);
  assert.deepEqual(result.schemes, ['sinusoidal', 'learned', 'rope']);
  assert.equal(result.cells.length, 15);
  for (const cell of result.cells) {
    const T = cell.T;
    const where = `${cell.scheme} T=${T}`;
    assert.deepEqual(cell.attention.shape, [T, T]);
    assert.equal(cell.rowEntropy.length, T);
    for (let i = 0; i < T; i++) {
      const a = cell.attention.data.slice(i * T, (i + 1) * T);
      // Float32 softmax: each row sums to 1 up to T·2^-24 ≈ 1.5e-5 worst case, in practice ~1e-7.
      const sum = a.reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(sum - 1) <= 1e-5, `${where} row ${i} sums to ${sum}`);
      // H_i = −Σ_j A_ij ln A_ij: ≥ 0 (every term is), ≤ ln T (uniform row); float32 slack 1e-5.
      const h = cell.rowEntropy[i];
      assert.ok(h >= 0 && h <= Math.log(T) + 1e-5, `${where} row ${i}: H = ${h}`);
      if (i % 16 === 0) {
        const mine = -a.reduce((s, x) => (x > 0 ? s + x * Math.log(x) : s), 0);
        assert.ok(Math.abs(mine - h) < 1e-4, `${where} row ${i}: H ${h} vs recomputed ${mine}`);
      }
    }
    const meanHead = cell.rowEntropy.reduce((s, x) => s + x, 0) / T;
    assert.ok(Math.abs(meanHead - cell.meanEntropyHead) < 1e-9, where);
  }
});

test('extrapolation: normalised entropy is the mean entropy over ln T, and the recommendation follows the documented rule', async () => {
  const lab = await getLab();
  const { result, manifest, files } = await lab.runLab('extrapolation');
  for (const pe of result.schemes) {
    result.TSweep.forEach((T, i) => {
      const cell = result.cells.find((c) => c.scheme === pe && c.T === T);
      assert.equal(result.entropy[pe][i], cell.meanEntropy);
      // Non-causal: a row's entropy is at most ln T (uniform over T keys), so H̄/ln T ∈ [0, 1].
      assert.ok(Math.abs(result.normalized[pe][i] - cell.meanEntropy / Math.log(T)) < 1e-15, `${pe} T=${T}`);
      assert.ok(result.normalized[pe][i] > 0 && result.normalized[pe][i] <= 1 + 1e-6);
    });
  }
  // The rule (README, Lab 03), applied here to the reported table: a candidate tells every position apart at
  // every T; candidates ranked by max − min of the normalised row. The default sweep (64 … 256) runs past the
  // learned table (T_max = 64), whose clamped rows are copies: 64 distinct rows at every T, so it is excluded.
  assert.deepEqual(result.toldApart.learned, [64, 64, 64, 64, 64]);
  assert.deepEqual(result.toldApart.sinusoidal, result.TSweep);
  assert.deepEqual(result.toldApart.rope, result.TSweep);
  const spread = (v) => Math.max(...v) - Math.min(...v);
  const ranked = ['sinusoidal', 'rope'].sort((a, b) => spread(result.normalized[a]) - spread(result.normalized[b]));
  assert.deepEqual(result.ranking, ranked);
  assert.equal(result.recommendation, `${ranked[0]}_with_${ranked[1]}_fallback`);
  assert.equal(manifest.phase_17_recommendation, result.recommendation);
  assert.ok(files['README.md'].includes(result.recommendation));
});

test('extrapolation: with one head the mean entropy is the mean of the row entropies', async () => {
  // nHeads = 1: mean over heads and rows = mean over the shown head's rows.
  const lab = await getLab();
  const { result } = await lab.runLab('extrapolation', { TSweep: [16, 40], nHeads: 1, dModel: 16 });
  for (const cell of result.cells) {
    const mean = cell.rowEntropy.reduce((s, x) => s + x, 0) / cell.T;
    assert.ok(Math.abs(mean - cell.meanEntropy) < 1e-9, `${cell.scheme} T=${cell.T}`);
  }
});

test('extrapolation: the recommendation excludes schemes that cannot tell the positions apart, then ranks by stability', async () => {
  const lab = await getLab();
  const rec = (Ts, normalized, toldApart) => recommend(lab._wasm, Ts, normalized, toldApart);
  const all = (Ts, ...schemes) => Object.fromEntries(schemes.map((s) => [s, [...Ts]]));
  // Hand-built tables. Stability = max − min: sinusoidal 0, learned 0.7, rope 0.2 → sinusoidal, then rope.
  const Ts3 = [8, 16, 32];
  const sinusoidalFlat = { sinusoidal: [0.5, 0.5, 0.5], learned: [0.2, 0.9, 0.3], rope: [0.5, 0.6, 0.7] };
  assert.equal(rec(Ts3, sinusoidalFlat, all(Ts3, 'sinusoidal', 'learned', 'rope')).recommendation, 'sinusoidal_with_rope_fallback');
  // Learned is the flattest (0.01) but its table has 64 rows and the sweep reaches 128: excluded, whatever its
  // entropy; of the rest rope (0.3) beats sinusoidal (0.4).
  const Ts2 = [64, 128];
  const learnedFlat = { sinusoidal: [0.1, 0.5], learned: [0.40, 0.41], rope: [0.3, 0.6] };
  const clamp = { ...all(Ts2, 'sinusoidal', 'rope'), learned: [64, 64] };
  const r = rec(Ts2, learnedFlat, clamp);
  assert.equal(r.recommendation, 'rope_with_sinusoidal_fallback');
  assert.equal(r.candidate.learned, false);
  assert.ok(Math.abs(r.stability.learned - 0.01) < 1e-12);   // reported, but not a candidate
  // One candidate left: '<best>_only'; none: 'none_suitable'.
  assert.equal(rec(Ts2, learnedFlat, { sinusoidal: [64, 100], learned: [64, 64], rope: [64, 128] }).recommendation, 'rope_only');
  assert.equal(rec(Ts2, { none: [0.9, 0.9] }, { none: [1, 1] }).recommendation, 'none_suitable');
  assert.throws(() => rec([1, 2], { sinusoidal: [0.1, NaN], rope: [0.2, 0.3] }, all([1, 2], 'sinusoidal', 'rope')),
    { code: 'PE_LAB_BAD_ARGUMENT', param: 'normalized' });
});

test('extrapolation: a sweep past the learned table never recommends learned PE, with clamp or with wrap', async () => {
  const lab = await getLab();
  for (const beyond of ['clamp', 'wrap']) {
    const { result } = await lab.runLab('extrapolation', { TSweep: [32, 64, 128, 512, 1024], beyond });
    // 1024 positions, 64 table rows: clamp repeats row 63, wrap repeats rows 0 … 63; 64 distinct either way.
    assert.deepEqual(result.toldApart.learned, [32, 64, 64, 64, 64], beyond);
    assert.equal(result.candidate.learned, false);
    assert.doesNotMatch(result.recommendation, /learned/, beyond);
  }
});

test('extrapolation: learned PE clamps positions past T_max to row T_max−1, bit for bit', async () => {
  const lab = await getLab();
  const d = 32, tMax = 64;
  const table = lab.learnedPe(96, d, { tMax });
  const peInput = lab.attention({ pe: 'learned', T: 96, dModel: d, nHeads: 2, seed: 0, learnedTMax: tMax }).peInput;
  const r = (m, t) => Array.from(m.subarray(t * d, (t + 1) * d));
  for (const m of [table, peInput]) {
    for (let t = tMax; t < 96; t++) assert.deepEqual(r(m, t), r(m, tMax - 1), `row ${t}`);
    assert.ok(maxAbsDiff(r(m, tMax - 2), r(m, tMax - 1)) > 0.1);  // rows inside the table are distinct
  }
  // Both draw the table from the learnedPe sub-stream of seed 0 with sigma 1 (randomness contract).
  assert.deepEqual(Array.from(peInput), Array.from(table));
  // The lab's own proof agrees: every row past T_max is identical, for every T of the sweep beyond 64.
  const { result } = await lab.runLab('extrapolation');
  assert.deepEqual(result.learnedBreak.clampProof.map((p) => p.T), [96, 128, 192, 256]);
  for (const p of result.learnedBreak.clampProof) {
    assert.equal(p.rows, p.T - tMax);
    assert.equal(p.identical, p.rows);
  }
});

test("extrapolation: learned PE with 'wrap' reuses row t mod T_max", async () => {
  const lab = await getLab();
  const d = 32, tMax = 64, T = 150;
  const table = lab.learnedPe(T, d, { tMax, beyond: 'wrap' });
  const peInput = lab.attention({ pe: 'learned', T, dModel: d, learnedTMax: tMax, beyond: 'wrap' }).peInput;
  const r = (m, t) => Array.from(m.subarray(t * d, (t + 1) * d));
  for (const m of [table, peInput]) {
    for (let t = tMax; t < T; t++) assert.deepEqual(r(m, t), r(m, t % tMax), `row ${t}`);
    assert.ok(maxAbsDiff(r(m, tMax), r(m, tMax - 1)) > 0.1);  // not clamping
  }
  const { manifest, result } = await lab.runLab('extrapolation', { beyond: 'wrap', TSweep: [64, 96] });
  assert.equal(manifest.config.learned_beyond, 'wrap');
  assert.equal(result.learnedBreak.beyond, 'wrap');
});

test('extrapolation: the manifest carries the course fields and a derived recommendation', async () => {
  const lab = await getLab();
  const { manifest } = await lab.runLab('extrapolation');
  checkCommonManifest(manifest, '16-extrapolation');
  assert.equal(manifest.seed, 0);
  const c = manifest.config;
  assert.equal(c.d_model, 32);
  assert.equal(c.n_heads, 2);
  assert.deepEqual(c.T_sweep, [64, 96, 128, 192, 256]);
  assert.equal(c.learned_T_max, 64);
  assert.equal(c.learned_beyond, 'clamp');
  assert.equal(c.trained, false);
  assert.deepEqual(manifest.schemes_compared, ['sinusoidal', 'learned', 'rope']);
  assert.equal(typeof manifest.phase_17_recommendation, 'string');
  assert.match(manifest.phase_17_recommendation, /^(sinusoidal|learned|rope)_with_(sinusoidal|learned|rope)_fallback$/);
  const [first, second] = manifest.phase_17_recommendation.split('_with_');
  assert.notEqual(first, second.replace('_fallback', ''));
});

test('extrapolation: an abort after the first progress report rejects runLab', async () => {
  const lab = await getLab();
  const controller = new AbortController();
  let calls = 0;
  const run = lab.runLab('extrapolation', { seed: 11 }, {
    signal: controller.signal,
    onProgress: () => { calls++; controller.abort(); },
  });
  await assert.rejects(run);
  assert.equal(calls, 1);
  // An already-aborted signal rejects before any work.
  await assert.rejects(lab.runLab('extrapolation', {}, { signal: AbortSignal.abort() }));
  await stillWorks(lab);
});

test('extrapolation: progress fractions increase to 1 on a full run', async () => {
  const lab = await getLab();
  const fractions = [];
  // Lengths are computed in batches of ~2^20 attention weights (the default sweep is one batch), so this
  // sweep of 3 schemes × 2 heads × (256² + 512² + 768²) weights needs several reports.
  await lab.runLab('extrapolation', { seed: 12, TSweep: [256, 512, 768] }, { onProgress: (p) => fractions.push(p.fraction) });
  assert.ok(fractions.length >= 2, `${fractions.length} reports`);
  for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] > fractions[i - 1], `${fractions}`);
  assert.ok(fractions[0] > 0);
  assert.equal(fractions.at(-1), 1);
});

test('extrapolation: extraSchemes add rows for ALiBi, T5 and no PE', async () => {
  const lab = await getLab();
  const { result, manifest } = await lab.runLab('extrapolation', { TSweep: [16, 32], extraSchemes: ['alibi', 't5', 'none'] });
  assert.deepEqual(result.schemes, ['sinusoidal', 'learned', 'rope', 'alibi', 't5', 'none']);
  assert.deepEqual(manifest.schemes_compared, result.schemes);
  assert.equal(result.cells.length, 12);
  for (const pe of result.schemes) {
    assert.equal(result.entropy[pe].length, 2);
    assert.equal(result.cells.filter((c) => c.scheme === pe).length, 2);
  }
  // NoPE without a causal mask tells no position apart (every row of its input is the same): never a candidate.
  assert.deepEqual(result.toldApart.none, [1, 1]);
  assert.equal(result.candidate.none, false);
  const [, best, second] = /^(\w+)_with_(\w+)_fallback$/.exec(result.recommendation);
  assert.ok(result.candidate[best] && result.candidate[second] && best !== 'none' && second !== 'none');
  for (const cell of result.cells) {
    for (let i = 0; i < cell.T; i++) {
      const sum = cell.attention.data.slice(i * cell.T, (i + 1) * cell.T).reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(sum - 1) <= 1e-5);
    }
  }
});

test('extrapolation: bad parameters throw naming them', async () => {
  const lab = await getLab();
  await rejectsMatching(lab.runLab('extrapolation', { head: 2 }), /extrapolation: head must be an integer in \[0, nHeads − 1 = 1\], got 2/);
  await rejectsMatching(lab.runLab('extrapolation', { TSweep: [64, 0] }), /extrapolation: TSweep must be/);
  await rejectsMatching(lab.runLab('extrapolation', { TSweep: '64,0' }), /extrapolation: TSweep must be/);
  await rejectsMatching(lab.runLab('extrapolation', { nHeads: 3 }), /extrapolation: nHeads must be a divisor of dModel/);
  await rejectsMatching(lab.runLab('extrapolation', { extraSchemes: ['xyz'] }), /extrapolation: extraSchemes must be/);
  await rejectsMatching(lab.runLab('extrapolation', { beyond: 'error' }), /extrapolation: beyond must be one of 'clamp', 'wrap'/);
  await stillWorks(lab);
});
