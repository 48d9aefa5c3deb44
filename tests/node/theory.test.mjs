// tests/node/theory.test.mjs — the #biases and #context-extension labs and the ropeScaling option through
// the wasm module. Expected values are re-derived here from the papers' formulas (Hugging Face
// modeling_rope_utils.py for the scalings), or are properties every method must satisfy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { getLab, maxAbsDiff } from './helpers.mjs';
import { resultJson } from '../../wasm/artifacts.js';

const plainTheta = (d, base) => Array.from({ length: d / 2 }, (_, k) => base ** (-2 * k / d));

test('every scaling method reduces to plain RoPE at s = 1', async () => {
  const lab = await getLab();
  const plain = plainTheta(64, 10000);
  for (const type of ['linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3']) {
    const r = lab.ropeScaling(64, { type, factor: 1, originalMaxPosition: 512 }, { length: 2048 });
    assert.ok(maxAbsDiff(r.invFreq, plain) < 1e-15, type);
    assert.equal(r.attentionFactor, 1, type);
  }
});

test("Position Interpolation's angle at position s·p equals plain RoPE's at p", async () => {
  const lab = await getLab();
  const x = Array.from(lab.random({ seed: 3, n: 16, kind: 'normal' }));
  const s = 4;
  for (const p of [0, 1, 7, 100.5]) {
    const pi = lab.applyRope(x, 1, 16, { positions: [s * p], precision: 'float64', ropeScaling: { type: 'linear', factor: s } });
    const plain = lab.applyRope(x, 1, 16, { positions: [p], precision: 'float64' });
    assert.ok(maxAbsDiff(pi, plain) < 1e-12, `p = ${p}`);
  }
});

test('NTK-aware scaling uses base·s^(d/(d−2)) and the dynamic variant only past L0', async () => {
  const lab = await getLab();
  const d = 64, base = 10000, s = 8, L0 = 1024;
  const ntk = lab.ropeScaling(d, { type: 'ntk', factor: s, originalMaxPosition: L0 });
  const expectedBase = base * s ** (d / (d - 2));
  assert.ok(Math.abs(ntk.effectiveBase - expectedBase) / expectedBase < 1e-14);
  assert.ok(maxAbsDiff(ntk.invFreq, plainTheta(d, expectedBase)) < 1e-15);
  const inside = lab.ropeScaling(d, { type: 'dynamic-ntk', factor: s, originalMaxPosition: L0 }, { length: L0 });
  assert.ok(maxAbsDiff(inside.invFreq, plainTheta(d, base)) < 1e-15);
  // L = 2·L0: base · (s·L/L0 − (s − 1))^(d/(d−2)) = base · (16 − 7)^(64/62)
  const past = lab.ropeScaling(d, { type: 'dynamic-ntk', factor: s, originalMaxPosition: L0 }, { length: 2 * L0 });
  assert.ok(Math.abs(past.effectiveBase - base * 9 ** (64 / 62)) / past.effectiveBase < 1e-14);
});

test("YaRN's ramp endpoints and attention factor follow the formulas", async () => {
  const lab = await getLab();
  const d = 128, base = 10000, L0 = 4096, s = 16;
  const r = lab.ropeScaling(d, { type: 'yarn', factor: s, originalMaxPosition: L0 });
  const dim = (rot) => (d * Math.log(L0 / (rot * 2 * Math.PI))) / (2 * Math.log(base));
  const low = Math.max(Math.floor(dim(32)), 0), high = Math.min(Math.ceil(dim(1)), d - 1);
  const theta = plainTheta(d, base);
  for (let k = 0; k < d / 2; k++) {
    const ramp = 1 - Math.min(1, Math.max(0, (k - low) / (high - low)));
    const expected = (theta[k] / s) * (1 - ramp) + theta[k] * ramp;
    assert.ok(Math.abs(r.invFreq[k] - expected) <= 1e-15 * theta[k] + 1e-18, `pair ${k}`);
    if (k <= low) assert.ok(Math.abs(r.invFreq[k] - theta[k]) <= 1e-15 * theta[k]);  // libm vs JS pow: last bit
    if (k >= high) assert.ok(Math.abs(r.invFreq[k] - theta[k] / s) <= 1e-16 * theta[k]);
  }
  assert.ok(Math.abs(r.attentionFactor - (0.1 * Math.log(s) + 1)) < 1e-15);
});

test("Llama 3 keeps short wavelengths, divides long ones by s and blends in between", async () => {
  const lab = await getLab();
  const d = 128, base = 500000, L0 = 8192, s = 8;
  const r = lab.ropeScaling(d, { type: 'llama3', factor: s, originalMaxPosition: L0, lowFreqFactor: 1, highFreqFactor: 4 }, { base });
  const theta = plainTheta(d, base);
  let blended = 0;
  for (let k = 0; k < d / 2; k++) {
    const wavelen = (2 * Math.PI) / theta[k];
    if (wavelen < L0 / 4) assert.ok(Math.abs(r.invFreq[k] - theta[k]) <= 1e-15 * theta[k]);  // kept (up to pow's last bit)
    else if (wavelen > L0) assert.ok(Math.abs(r.invFreq[k] - theta[k] / s) <= 1e-16 * theta[k]);
    else {
      blended++;
      const smooth = (L0 / wavelen - 1) / (4 - 1);
      assert.ok(Math.abs(r.invFreq[k] - ((1 - smooth) * theta[k] / s + smooth * theta[k])) <= 1e-15 * theta[k]);
      assert.ok(r.invFreq[k] > theta[k] / s && r.invFreq[k] < theta[k]);
    }
  }
  assert.ok(blended > 0, 'some pairs fall in the smooth band');
});

test('ropeScaling rejects bad parameters by name', async () => {
  const lab = await getLab();
  const cases = [
    [() => lab.ropeScaling(64, { type: 'linear', factor: 0.5 }), /ropeScaling: ropeScaling\.factor must be a number in \[1, 1e6\]/],
    [() => lab.ropeScaling(64, { type: 'zoom', factor: 2 }), /ropeScaling\.type must be one of/],
    [() => lab.ropeScaling(64, { type: 'linear', factor: 2, originalMaxPosition: 0 }), /ropeScaling\.originalMaxPosition must be/],
    [() => lab.ropeScaling(64, { type: 'yarn', factor: 2, betaFast: 1, betaSlow: 2 }), /betaFast must be/],
    [() => lab.ropeScaling(64, { type: 'llama3', factor: 2, lowFreqFactor: 4, highFreqFactor: 1 }), /highFreqFactor must be/],
    // The unknown key is in the scaling object (its fields are ropeScaling.*), not in the third argument `options`.
    [() => lab.ropeScaling(64, { type: 'linear', factor: 2, scale: 3 }), /ropeScaling: ropeScaling must be an object with keys among/],
    [() => lab.attention({ pe: 'sinusoidal', ropeScaling: { type: 'linear', factor: 2 } }), /attention: ropeScaling must be used only with pe: 'rope'/],
  ];
  for (const [fn, re] of cases) {
    assert.throws(fn, (e) => e instanceof Error && re.test(e.message), String(re));
  }
  assert.equal(lab.ropeScaling(8, { type: 'linear', factor: 2 }).invFreq.length, 4);
});

test('the biases lab reports the formulas: learned rows and parameters, T5 buckets, ALiBi slopes', async () => {
  const lab = await getLab();
  const { result, manifest, files } = await lab.runLab('biases', { nHeads: 6, dModel: 36, head: 5, farT: 128 });
  assert.equal(manifest.experiment, '16-biases');
  assert.equal(result.learned.params, 64 * 32);
  assert.equal(result.learned.courseExample.params, 4194304);  // 4096·1024
  assert.deepEqual(result.learned.rowsClamp.slice(62, 66), [62, 63, 63, 63]);
  assert.deepEqual(result.learned.rowsWrap.slice(62, 66), [62, 63, 0, 1]);
  // 6 heads: reference interleaving vs the simple 2^(-8h/6); they differ except where they coincide by chance.
  assert.deepEqual(result.alibi.slopes.map((x) => x.reference), [1 / 4, 1 / 16, 1 / 64, 1 / 256, 1 / 2, 1 / 8]);
  for (const [h, row] of result.alibi.slopes.entries()) assert.ok(Math.abs(row.simple - 2 ** (-8 * (h + 1) / 6)) < 1e-15);
  assert.ok(result.alibi.slopes.some((x) => x.differs));
  // Bidirectional bias of head 5 (slope 1/8): entry (i, j) = −|i − j|/8.
  const B = result.alibi.biasBidirectional;
  assert.equal(B.data[3 * B.shape[1] + 10], -7 / 8);
  // T5 buckets: distance 0..7 exact on each side (32 buckets bidirectional → 16 per side, 8 exact).
  const rel = result.t5.relative, bi = result.t5.bidirectional, causal = result.t5.causal;
  const at = (arr, r) => arr[rel.indexOf(r)];
  for (let r = 0; r < 8; r++) assert.equal(at(bi, -r), r);
  for (let r = 1; r < 8; r++) assert.equal(at(bi, r), 16 + r);
  assert.equal(at(causal, 5), 0);  // the future all maps to bucket 0 when causal
  assert.equal(at(causal, -20), 16 + Math.trunc(Math.fround(Math.log(20 / 16) / Math.log(128 / 16)) * 16));
  assert.equal(at(bi, -160), 15);
  assert.equal(at(bi, 160), 31);
  assert.equal(result.t5.params, 6 * 32);
  // The far ALiBi attention: rows sum to 1.
  const A = result.alibi.far.attention;
  for (let i = 0; i < A.shape[0]; i += 17) {
    const s = A.data.slice(i * A.shape[1], (i + 1) * A.shape[1]).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(s - 1) < 1e-5);
  }
  assert.ok(JSON.parse(files['result.json']).result.summary.length === 5);
  await assert.rejects(lab.runLab('biases', { head: 8 }), /biases: head must be an integer in \[0, nHeads − 1 = 7\]/);
});

test('the context-extension lab: plain RoPE leaves the trained range, PI never does, and attention rows sum to 1', async () => {
  const lab = await getLab();
  const { result, manifest, files } = await lab.runLab('context-extension', { trainLength: 64, factor: 4, dHead: 16 });
  assert.equal(manifest.experiment, '16-context-extension');
  assert.equal(result.L, 256);
  const byType = Object.fromEntries(result.methods.map((m) => [m.type, m]));
  // Pairs whose wavelength exceeds L0 never wrapped in training; plain RoPE takes all of them past L0·theta.
  const neverWrapped = result.trainedMaxAngle.filter((a) => a < 2 * Math.PI).length;
  assert.equal(byType.none.pairsOutside, neverWrapped);
  assert.equal(byType.linear.pairsOutside, 0);
  for (const m of result.methods) {
    assert.ok(m.scale.every((x) => x >= 1 - 1e-12 && x <= 16 + 1e-9), m.type);
    const A = m.attention;
    for (let i = 0; i < A.shape[0]; i += 31) {
      const s = A.data.slice(i * A.shape[1], (i + 1) * A.shape[1]).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(s - 1) < 1e-5, m.type);
    }
  }
  assert.match(files['README.md'], /YaRN/);
  await assert.rejects(lab.runLab('context-extension', { factor: 0.5 }), /context-extension: factor must be a number in \[1, 64\]/);
});

test('result.json leaves out matrices over 2^20 entries, so a context-extension run at L = 4096 still downloads', async () => {
  const lab = await getLab();
  // L = s·L0 = 4 × 1024: each method's 4096 × 4096 attention is 16.8 M numbers (~170 MB of JSON each).
  const run = await lab.runLab('context-extension', { trainLength: 1024, factor: 4, dHead: 16, methods: ['none', 'yarn'] });
  const big = run.result.methods?.[0]?.attention ?? findMatrix(run.result, 4096);
  assert.ok(big, 'the result holds a 4096 × 4096 matrix');
  assert.equal(big.data.length, 4096 * 4096);   // runLab keeps it in full
  const saved = JSON.parse(run.files['result.json']);
  const inJson = findMatrix(saved.result, 4096);
  assert.equal(inJson.data, null);
  assert.match(inJson.omitted, /4096×4096 matrix left out of result\.json/);
  // The limit itself, on synthetic matrices: 2^20 entries are written out, one more is not.
  const at = { shape: [1024, 1024], data: new Array(1 << 20).fill(0.5) };
  const over = { shape: [1, (1 << 20) + 1], data: new Array((1 << 20) + 1).fill(0.5) };
  const text = JSON.parse(resultJson('x', {}, { at, over, small: { shape: [1, 2], data: [1, 2] } }));
  assert.equal(text.result.at.data.length, 1 << 20);
  assert.equal(text.result.over.data, null);
  assert.deepEqual(text.result.small.data, [1, 2]);
});

function findMatrix(value, rows) {
  if (!value || typeof value !== 'object') return null;
  if (Array.isArray(value.shape) && value.shape[0] === rows && 'data' in value) return value;
  for (const v of Object.values(value)) {
    const m = findMatrix(v, rows);
    if (m) return m;
  }
  return null;
}
