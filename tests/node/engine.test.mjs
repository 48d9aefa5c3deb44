// tests/node/engine.test.mjs — the engine through the wasm module: every scheme's "result of" check
// (values derived here from the formula or the paper) and "definition of" check, plus a table-driven
// bad-input test per entry point after each of which the module must still work.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getLab, maxAbsDiff } from './helpers.mjs';
import { fixtureSkip } from './helpers.mjs';

const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a) => Math.sqrt(dot(a, a));

test('ropeFrequencies is base^(-2k/dHead)', async () => {
  const lab = await getLab();
  const f = lab.ropeFrequencies(8, { base: 10000 });
  assert.ok(f instanceof Float64Array);
  // 10000^(-0/8) = 1, 10000^(-2/8) = 0.1, 10000^(-4/8) = 0.01, 10000^(-6/8) = 0.001
  assert.ok(maxAbsDiff(f, [1, 0.1, 0.01, 0.001]) < 1e-15);
});

test('applyRope rotates pair (0,1) of a unit vector at position p to (cos p, sin p)', async () => {
  const lab = await getLab();
  const x = [1, 0, 0, 1];  // dHead 4: pair 0 = (1, 0), pair 1 = (0, 1)
  const out = lab.applyRope(x, 1, 4, { positions: [2], precision: 'float64' });
  // pair 0: theta 1, angle 2 -> (cos 2, sin 2); pair 1: theta 0.01, angle 0.02 -> (-sin .02, cos .02)
  assert.ok(maxAbsDiff(out, [Math.cos(2), Math.sin(2), -Math.sin(0.02), Math.cos(0.02)]) < 1e-15);
});

test('applyRope satisfies <R_m q, R_n k> = <q, R_(n-m) k> and preserves norms in both conventions', async () => {
  const lab = await getLab();
  const dHead = 16;
  const q = Array.from(lab.random({ seed: 1, n: dHead, kind: 'normal' }));
  const k = Array.from(lab.random({ seed: 2, n: dHead, kind: 'normal' }));
  for (const convention of ['interleaved', 'half-split']) {
    for (const [precision, tol] of [['float64', 1e-12], ['float32', 1e-5]]) {
      for (const [m, n] of [[0, 1], [3, 7], [5, 5], [10, 12], [20, 8], [-4, 9.5]]) {
        const opt = { convention, precision };
        const lhs = dot(lab.applyRope(q, 1, dHead, { ...opt, positions: [m] }), lab.applyRope(k, 1, dHead, { ...opt, positions: [n] }));
        const rhs = dot(q, lab.applyRope(k, 1, dHead, { ...opt, positions: [n - m] }));
        assert.ok(Math.abs(lhs - rhs) < tol, `${convention} ${precision} (${m},${n}): ${lhs} vs ${rhs}`);
      }
      for (const p of [0, 1, 5, 100]) {
        const r = lab.applyRope(q, 1, dHead, { convention, precision, positions: [p] });
        assert.ok(Math.abs(norm(r) - norm(q)) < (precision === 'float64' ? 1e-12 : 1e-5));
      }
    }
  }
});

test('half-split equals interleaved once the dimensions are permuted, and differs otherwise', async () => {
  const lab = await getLab();
  const T = 5, dHead = 8, P = dHead / 2;
  const x = Array.from(lab.random({ seed: 4, n: T * dHead, kind: 'normal' }));
  // perm[j]: half-split slot j holds interleaved index 2j (j < P) or 2(j-P)+1 (j >= P).
  const perm = Array.from({ length: dHead }, (_, j) => (j < P ? 2 * j : 2 * (j - P) + 1));
  const permuteRows = (a) => a.map((_, idx) => a[Math.floor(idx / dHead) * dHead + perm[idx % dHead]]);
  const inter = lab.applyRope(x, T, dHead, { precision: 'float64' });
  const half = lab.applyRope(permuteRows(x), T, dHead, { precision: 'float64', convention: 'half-split' });
  assert.ok(maxAbsDiff(half, permuteRows(Array.from(inter))) < 1e-14);
  const halfDirect = lab.applyRope(x, T, dHead, { precision: 'float64', convention: 'half-split' });
  assert.ok(maxAbsDiff(halfDirect, inter) > 1e-2);
});

test('float32 angles lose accuracy at large positions while float64 does not', async () => {
  const lab = await getLab();
  const x = [1, 0];
  const p = 12345678.9;
  const f32 = lab.applyRope(x, 1, 2, { positions: [p], precision: 'float32' });
  const f64 = lab.applyRope(x, 1, 2, { positions: [p], precision: 'float64' });
  const exact = [Math.cos(p), Math.sin(p)];
  assert.ok(maxAbsDiff(f64, exact) < 1e-9);
  // float32 spacing at 1.2e7 is 1, so float32(p) = 12345679 and the angle is off by 0.1 rad.
  assert.ok(maxAbsDiff(f32, exact) > 1e-3);
});

test('alibiSlopes follow the reference implementation', async () => {
  const lab = await getLab();
  // Power of two: start 2^(-8/8) = 1/2, ratio 1/2 (Press et al. 2022, §3).
  assert.deepEqual(Array.from(lab.alibiSlopes(8)), [1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256]);
  // 6 heads: the 4-head slopes (2^-2k) then every other 8-head slope (1/2, 1/8).
  assert.deepEqual(Array.from(lab.alibiSlopes(6)), [1 / 4, 1 / 16, 1 / 64, 1 / 256, 1 / 2, 1 / 8]);
});

test('t5Buckets match the bucketing formula written out here', async () => {
  const lab = await getLab();
  // Hugging Face T5Attention._relative_position_bucket re-derived: bidirectional, 32 buckets, max 128.
  const bucket = (rel) => {
    let nb = 16, b = rel > 0 ? 16 : 0;
    const r = Math.abs(rel), maxExact = nb / 2;
    if (r < maxExact) return b + r;
    const large = maxExact + Math.trunc(Math.fround(Math.log(r / maxExact) / Math.log(128 / maxExact)) * (nb - maxExact));
    return b + Math.min(large, nb - 1);
  };
  const T = 200;
  const got = lab.t5Buckets(T);
  assert.ok(got instanceof Int32Array);
  for (const [i, j] of [[0, 0], [5, 4], [4, 5], [0, 7], [0, 8], [9, 0], [0, 127], [199, 0], [0, 199], [100, 37]]) {
    assert.equal(got[i * T + j], bucket(j - i), `(${i}, ${j})`);
  }
});

test('learnedPe clamps, wraps or refuses positions past tMax', async () => {
  const lab = await getLab();
  const d = 4, tMax = 8, T = 12;
  const clamp = lab.learnedPe(T, d, { tMax });
  const wrap = lab.learnedPe(T, d, { tMax, beyond: 'wrap' });
  const row = (a, t) => Array.from(a.slice(t * d, t * d + d));
  for (let t = tMax; t < T; t++) {
    assert.deepEqual(row(clamp, t), row(clamp, tMax - 1));
    assert.deepEqual(row(wrap, t), row(wrap, t % tMax));
  }
  assert.throws(() => lab.learnedPe(T, d, { tMax, beyond: 'error' }), /learnedPe: .*tMax/);
  assert.deepEqual(lab.learnedPe(4, d, { tMax }), clamp.slice(0, 16));
});

const fixture = new URL('../../build/native/fixtures/attention.json', import.meta.url);
test('wasm attention reproduces the native seeded runs to float tolerance', { skip: fixtureSkip(fixture) }, async () => {
  const lab = await getLab();
  const fx = JSON.parse(readFileSync(fixture, 'utf8'));
  assert.equal(fx.runs.length, 12);
  for (const run of fx.runs) {
    const r = lab.attention({ T: fx.T, dModel: fx.dModel, nHeads: fx.nHeads, seed: fx.seed, pe: run.pe, causal: run.causal });
    // Same float32 code, different compilers and libm: agreement to a few float32 ulps of O(1) values.
    assert.ok(maxAbsDiff(r.output, run.output) < 1e-5, `${run.pe} output`);
    assert.ok(maxAbsDiff(r.weights, run.weights) < 1e-6, `${run.pe} weights`);
    assert.ok(maxAbsDiff(r.entropy, run.entropy) < 1e-5, `${run.pe} entropy`);
  }
});

test('attention rows sum to 1 and a caller-given x is used', async () => {
  const lab = await getLab();
  const T = 10, dModel = 8, nHeads = 2;
  const r = lab.attention({ T, dModel, nHeads, pe: 'rope', causal: true });
  assert.equal(r.weights.length, nHeads * T * T);
  assert.equal(r.entropy.length, nHeads * T);
  for (let row = 0; row < nHeads * T; row++) {
    const s = r.weights.slice(row * T, row * T + T).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(s - 1) < 1e-5);
  }
  const x = new Float32Array(T * dModel).fill(0.5);
  const same = lab.attention({ T, dModel, nHeads, x });
  // Identical rows: every score equal, so every row is uniform 1/T with entropy ln T.
  for (const h of same.entropy) assert.ok(Math.abs(h - Math.log(T)) < 1e-5);
});

test('every entry point rejects bad input with a readable message and the module keeps working', async () => {
  const lab = await getLab();
  const cases = [
    [() => lab.ropeFrequencies(7), /ropeFrequencies: dHead must be an even integer/],
    [() => lab.ropeFrequencies(8, { base: -1 }), /ropeFrequencies: base must be a finite number in \(1,/],
    [() => lab.applyRope([1, 2, 3], 1, 3), /applyRope: dHead must be an even integer/],
    [() => lab.applyRope([1, 2], 2, 2), /applyRope: x must be of length T·dHead = 4/],
    [() => lab.applyRope([1, 2], 1, 2, { positions: [NaN] }), /applyRope: positions must be finite numbers/],
    [() => lab.applyRope([1, 2], 1, 2, { convention: 'split' }), /applyRope: convention must be one of 'interleaved', 'half-split'/],
    [() => lab.applyRope([1, 2], 1, 2, { precision: 'half' }), /applyRope: precision must be one of/],
    [() => lab.applyRope('ab', 1, 2), /applyRope: x must be an array or typed array/],
    [() => lab.alibiSlopes(0), /alibiSlopes: nHeads must be an integer in \[1, 256\]/],
    [() => lab.t5Buckets(4, { numBuckets: 1 }), /t5Buckets: numBuckets must be/],
    [() => lab.t5Buckets(4, { bidirectional: 'yes' }), /t5Buckets: bidirectional must be true or false/],
    [() => lab.learnedPe(4, 4, { beyond: 'extend' }), /learnedPe: beyond must be one of 'clamp', 'wrap', 'error'/],
    [() => lab.learnedPe(4, 4, { tMax: 0 }), /learnedPe: tMax must be/],
    [() => lab.attention({ nHeads: 3 }), /attention: nHeads must be a divisor of dModel = 32, got 3/],
    [() => lab.attention({ pe: 'xpos' }), /attention: pe must be one of 'none', 'sinusoidal', 'learned', 'rope', 'alibi', 't5'/],
    [() => lab.attention({ T: 0 }), /attention: T must be an integer in \[1, 65536\]/],
    [() => lab.attention({ T: 5000 }), /attention: T must be such that nHeads·T² <= 33554432/],
    [() => lab.attention({ T: 100, pe: 'learned', beyond: 'error' }), /attention: T must be at most learnedTMax = 64/],
    [() => lab.attention({ T: 2, dModel: 2, nHeads: 1, x: [1, 2, 3] }), /attention: x must be of length T·dModel = 4/],
    [() => lab.attention({ heads: 2 }), /attention: options must be an object with keys among/],
  ];
  for (const [fn, re] of cases) {
    // Every bad argument, whether caught in JS or by the C++ core, carries code PE_LAB_BAD_ARGUMENT.
    assert.throws(fn, (e) => e instanceof Error && re.test(e.message) && e.code === 'PE_LAB_BAD_ARGUMENT', String(re));
    assert.equal(lab.attention({ T: 3, dModel: 4, nHeads: 1 }).weights.length, 9);
  }
});
