// tests/node/hostile.test.mjs — the hostile-input probe of issue 13, as a table: each bad call throws an Error
// with code PE_LAB_BAD_ARGUMENT, the parameter as the caller wrote it, `allowed` and `got`, and returns
// nothing; strict parsing of URL/CLI strings; the page's query parser ignores prototype keys; values at the
// documented caps still work (checked against formulas written here); a host Node app keeps its own
// uncaughtException handler (the loader links with NODEJS_CATCH_EXIT=0 / NODEJS_CATCH_REJECTION=0).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getLab } from './helpers.mjs';
import { resolveParams } from '../../wasm/params.js';
import { parseQuery } from '../../web/ui/url-state.js';

const LAB_NAMES = ['permutation', 'sinusoidal', 'rope', 'extrapolation', 'head-to-head', 'biases', 'context-extension'];

/** Asserts `run()` throws (or rejects with) a coded bad-argument Error naming `param`; returns the error. */
async function rejects(run, param) {
  let out, err;
  try {
    out = await run();
  } catch (e) {
    err = e;
  }
  assert.equal(out, undefined, `${run}: returned a result instead of throwing`);
  assert.ok(err instanceof Error, `${run}: threw ${err} (not an Error)`);
  assert.equal(err.code, 'PE_LAB_BAD_ARGUMENT', `${run}: code (message: ${err.message})`);
  assert.equal(err.param, param, `${run}: param (message: ${err.message})`);
  assert.equal(typeof err.allowed, 'string', `${run}: allowed`);
  assert.ok(err.allowed.length > 0);
  assert.ok('got' in err, `${run}: got`);
  assert.ok(err.message.includes(param) && err.message.includes(err.allowed), `${run}: message ${err.message}`);
  return err;
}

test('the probe: integers past 2^31 / 2^32, huge floats, prototype names and loose strings are refused by name', async () => {
  const lab = await getLab();
  const x8 = new Float32Array(8).fill(0.5);
  const cases = [
    // Embind wraps an int modulo 2^32: 2^32 + 2 would become 2.
    [() => lab.sinusoidal(2 ** 32 + 2, 2), 'T'],
    [() => lab.sinusoidal(4, 2 ** 32 + 2), 'd'],
    [() => lab.sinusoidal(2 ** 31, 2), 'T'],
    [() => lab.alibiSlopes(2 ** 32 + 4), 'nHeads'],
    [() => lab.ropeFrequencies(2 ** 32 + 8), 'dHead'],
    [() => lab.t5Buckets(4, { numBuckets: 2 ** 32 + 32 }), 'numBuckets'],
    [() => lab.t5Buckets(4, { maxDistance: 2 ** 32 + 128 }), 'maxDistance'],
    [() => lab.t5Buckets(2 ** 32 + 4), 'T'],
    [() => lab.learnedPe(2 ** 32 + 2, 4), 'T'],
    [() => lab.learnedPe(2, 4, { tMax: 2 ** 32 + 64 }), 'tMax'],
    [() => lab.applyRope(x8, 2 ** 32 + 2, 4), 'T'],
    [() => lab.attention({ T: 2 ** 32 + 4 }), 'T'],
    [() => lab.attention({ nHeads: 2 ** 32 + 2 }), 'nHeads'],
    [() => lab.attention({ pe: 'learned', learnedTMax: 2 ** 32 + 64 }), 'learnedTMax'],
    [() => lab.random({ n: 2 ** 32 + 1 }), 'n'],
    [() => lab.random({ seed: 2 ** 53 }), 'seed'],
    [() => lab.ropeScaling(8, { type: 'linear', factor: 2, originalMaxPosition: 2 ** 32 + 16 }), 'ropeScaling.originalMaxPosition'],
    [() => lab.ropeScaling(8, { type: 'linear', factor: 2 }, { length: 2 ** 32 + 16 }), 'length'],
    // Huge finite inputs that would turn into Inf/NaN in float32.
    [() => lab.applyRope(x8, 2, 4, { positions: [0, 1e300] }), 'positions'],
    [() => lab.applyRope(x8, 2, 4, { positions: [0, 2 ** 24 + 1] }), 'positions'],
    [() => lab.applyRope([1e39, 0, 0, 0, 0, 0, 0, 0], 2, 4), 'x'],
    [() => lab.applyRope(x8, 2, 4, { base: 1e300 }), 'base'],
    [() => lab.attention({ x: new Float32Array(2048).fill(1e30) }), 'x'],
    [() => lab.attention({ T: 2, dModel: 2, nHeads: 1, x: [0, 1e39, 0, 0] }), 'x'],
    [() => lab.attention({ pe: 'learned', learnedSigma: 1e300 }), 'learnedSigma'],
    [() => lab.attention({ pe: 't5', t5Sigma: Infinity }), 't5Sigma'],
    [() => lab.learnedPe(4, 4, { sigma: 1e300 }), 'sigma'],
    [() => lab.ropeScaling(8, { type: 'yarn', factor: 2, betaFast: 1e300 }), 'ropeScaling.betaFast'],
    [() => lab.ropeScaling(8, { type: 'ntk', factor: 1e6 }, { base: 1e12 }), 'ropeScaling.factor'],
    // Prototype names are unknown names, not inherited values.
    [() => lab.random({ stream: 'toString' }), 'stream'],
    [() => lab.random({ stream: '__proto__' }), 'stream'],
    [() => lab.random({ toString: 5 }), 'options'],
    [() => lab.sinusoidal(4, 4, JSON.parse('{"__proto__": {"base": 2}}')), 'options'],
    [() => lab.attention({ constructor: 1 }), 'options'],
    [() => lab.applyRope(x8, 2, 4, { ropeScaling: { type: 'linear', factor: 2, hasOwnProperty: 1 } }), 'ropeScaling'],
    [() => lab.runLab('rope', { toString: 5 }), 'params'],
    [() => lab.runLab('rope', JSON.parse('{"__proto__": {"T": 5}}')), 'params'],
    [() => lab.runLab('rope', { constructor: 'x' }), 'params'],
    [() => lab.runLab('toString'), 'name'],
    [() => lab.runLab('__proto__'), 'name'],
    [() => lab.runLab('constructor'), 'name'],
    [() => lab.runLab('hasOwnProperty'), 'name'],
    [() => lab.runLab(5), 'name'],
    [() => lab.runLab('rope', {}, { toString: 1 }), 'options'],
    [() => lab.runLab('rope', {}, { onProgress: 5 }), 'onProgress'],
    [() => lab.runLab('rope', {}, { signal: {} }), 'signal'],
    [() => lab.trainHeadToHead({}, { valueOf: 1 }), 'options'],
    // Loose strings: only decimal numbers parse.
    [() => lab.runLab('rope', { T: '0x40' }), 'T'],
    [() => lab.runLab('rope', { dHead: '0x10' }), 'dHead'],
    [() => lab.runLab('rope', { T: ' 5' }), 'T'],
    [() => lab.runLab('rope', { T: 'Infinity' }), 'T'],
    [() => lab.runLab('sinusoidal', { T: 2 ** 32 + 2 }), 'T'],
    [() => lab.runLab('extrapolation', { causal: 'yes' }), 'causal'],
  ];
  for (const [run, param] of cases) {
    await rejects(run, param);
    // The module keeps working: sin(1·ω_0) = sin(1) at (t = 1, i = 0) of sinusoidal(2, 2).
    assert.ok(Math.abs(lab.sinusoidal(2, 2)[2] - Math.sin(1)) < 1e-6);
  }
});

test('errors carry the value as given: 2^31 is reported as 2147483648, not wrapped', async () => {
  const lab = await getLab();
  const err = await rejects(() => lab.sinusoidal(2 ** 31, 2), 'T');
  assert.equal(err.got, 2147483648);
  assert.match(err.message, /got 2147483648$/);
  const unknownLab = await rejects(() => lab.runLab('toString'), 'name');
  for (const name of LAB_NAMES) assert.ok(unknownLab.message.includes(`'${name}'`), `lists ${name}`);
});

test('strings from a URL or the command line: decimal numbers only, booleans true/false/1/0, lists by commas', () => {
  // Accepted, and parsed to the number the decimal text denotes.
  assert.equal(resolveParams('rope', { T: '64' }).T, 64);
  assert.equal(resolveParams('head-to-head', { lr: '1e-2' }).lr, 0.01);
  assert.equal(resolveParams('rope', { base: '1.5e3' }).base, 1500);
  assert.deepEqual(resolveParams('extrapolation', { TSweep: '64, 96,128' }).TSweep, [64, 96, 128]);
  assert.deepEqual(resolveParams('rope', { pairs: '0:1,3:7' }).pairs, [[0, 1], [3, 7]]);
  // A negative decimal is parsed (then refused by the range): got is the number, not the text.
  const neg = assertThrowsCoded(() => resolveParams('rope', { base: '-3.5' }), 'base');
  assert.equal(neg.got, -3.5);
  for (const [text, value] of [['true', true], ['1', true], ['false', false], ['0', false], [true, true], [false, false]]) {
    assert.equal(resolveParams('extrapolation', { causal: text }).causal, value, String(text));
  }
  // JS numbers pass through unchanged.
  assert.equal(resolveParams('head-to-head', { lr: 0.0123 }).lr, 0.0123);
  // Refused: Number() would take each of these.
  for (const text of ['0x40', '0o100', '0b1000000', '1e', ' 5', '5 ', '', 'Infinity', '-Infinity', 'NaN', '64px', '6_4']) {
    const err = assertThrowsCoded(() => resolveParams('rope', { T: text }), 'T');
    assert.equal(err.got, text);
  }
  for (const text of ['yes', 'TRUE', '', ' true', 2]) assertThrowsCoded(() => resolveParams('extrapolation', { causal: text }), 'causal');
  assertThrowsCoded(() => resolveParams('extrapolation', { TSweep: '64,0x60' }), 'TSweep');
  assertThrowsCoded(() => resolveParams('rope', { pairs: '0:0x1' }), 'pairs');
});

function assertThrowsCoded(run, param) {
  let err;
  assert.throws(run, (e) => { err = e; return true; });
  assert.equal(err.code, 'PE_LAB_BAD_ARGUMENT', err.message);
  assert.equal(err.param, param, err.message);
  return err;
}

test('the page query parser ignores prototype keys and unknown labs, and pollutes nothing', (t) => {
  t.mock.method(console, 'warn', () => {});
  const { params } = parseQuery('?__proto__.runs=1&__proto__.T=5&constructor.x=1&toString.y=2&rope.dHead=8&rope.__proto__=3');
  assert.equal(({}).runs, undefined);
  assert.equal(({}).T, undefined);
  assert.equal(Object.prototype.x, undefined);
  assert.deepEqual(Object.keys(params), ['rope']);
  assert.equal(Object.getPrototypeOf(params), null);
  assert.equal(Object.getPrototypeOf(params.rope), null);
  // A lab's unknown parameter names are kept as own data (the section reports them), never as a prototype.
  assert.deepEqual(Object.keys(params.rope), ['dHead', '__proto__']);
  assert.equal(params.rope.dHead, '8');
  assert.equal(console.warn.mock.callCount(), 4);
});

test('values at the documented caps still work and match the formulas', async () => {
  const lab = await getLab();
  // sinusoidal at T = 2^16 (the cap): PE(t, 0) = sin(t), PE(t, 1) = cos(t) for d = 2 (ω_0 = 1).
  const pe = lab.sinusoidal(65536, 2);
  assert.equal(pe.length, 131072);
  for (const t of [0, 1, 4097, 65535]) {
    assert.ok(Math.abs(pe[2 * t] - Math.sin(t)) < 1e-6 && Math.abs(pe[2 * t + 1] - Math.cos(t)) < 1e-6, `t = ${t}`);
  }
  await rejects(() => lab.sinusoidal(65537, 2), 'T');
  // ALiBi at 256 heads (the cap, a power of two): slope_h = 2^(-8(h+1)/256).
  const slopes = lab.alibiSlopes(256);
  assert.equal(slopes.length, 256);
  for (const h of [0, 100, 255]) assert.ok(Math.abs(slopes[h] - 2 ** (-8 * (h + 1) / 256)) < 1e-12);
  await rejects(() => lab.alibiSlopes(257), 'nHeads');
  // RoPE frequencies at dHead = 8192 (the cap): θ_k = 10000^(-2k/8192).
  const theta = lab.ropeFrequencies(8192);
  assert.equal(theta.length, 4096);
  assert.ok(Math.abs(theta[4095] - 10000 ** (-2 * 4095 / 8192)) < 1e-15);
  await rejects(() => lab.ropeFrequencies(8194), 'dHead');
  // RoPE at position ±2^24 (the float32 cap), dHead 2, θ_0 = 1: (1, 0) rotates to (cos p, sin p); exact
  // integers in float32, so only cos/sin's own float32 rounding remains.
  for (const p of [2 ** 24, -(2 ** 24)]) {
    const r = lab.applyRope([1, 0], 1, 2, { positions: [p] });
    assert.ok(Math.abs(r[0] - Math.cos(p)) < 1e-5 && Math.abs(r[1] - Math.sin(p)) < 1e-5, `p = ${p}`);
  }
  // In float64 positions go to 2^53; 1e15 is still exact: the angle is 1e15 rad.
  const r64 = lab.applyRope([1, 0], 1, 2, { positions: [1e15], precision: 'float64' });
  assert.ok(Math.abs(r64[0] - Math.cos(1e15)) < 1e-9);
  // Seeds up to 2^53 − 1.
  assert.equal(lab.random({ seed: Number.MAX_SAFE_INTEGER, n: 3 }).length, 3);
});

test('inputs at the float bound |x| = 1e15 keep attention finite (the bound derived in wasm/caps.js)', async () => {
  const lab = await getLab();
  const T = 4, dModel = 1024;
  // ±1e15 with a fixed sign pattern, YaRN at the largest factor (largest attention scale).
  const x = Float32Array.from({ length: T * dModel }, (_, i) => ((i * 7919) % 3 === 0 ? -1e15 : 1e15));
  const out = lab.attention({ T, dModel, nHeads: 1, x, pe: 'rope', ropeScaling: { type: 'yarn', factor: 1e6 } });
  for (const key of ['output', 'weights', 'entropy']) {
    assert.ok(out[key].every(Number.isFinite), `${key} has a non-finite entry`);
  }
  // Each softmax row sums to 1.
  for (let i = 0; i < T; i++) {
    const row = out.weights.subarray(i * T, (i + 1) * T);
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }
});

test('a host Node app that handles its own uncaughtException keeps control after importing pe-lab', () => {
  const index = new URL('../../wasm/index.js', import.meta.url).href;
  const script = `
    import { createPeLab } from ${JSON.stringify(index)};
    await createPeLab();
    process.on('uncaughtException', (err) => { console.log('handled', err.message); process.exit(0); });
    setTimeout(() => { throw new Error('unrelated host failure'); }, 10);
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)), encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(child.status, 0, `exit code ${child.status}; stderr starts: ${child.stderr.slice(0, 300)}`);
  assert.match(child.stdout, /handled unrelated host failure/);
  assert.ok(child.stderr.length < 1024, `stderr is ${child.stderr.length} bytes`);
});

test('evaluateWeights refuses weights that would overflow float32 and config integers that would wrap', async () => {
  const lab = await getLab();
  const { files } = await lab.runLab('head-to-head', { steps: 2, seeds: 1, variants: ['rope'] });
  const good = JSON.parse(files['weights.json']);
  const huge = structuredClone(good);
  huge.runs[0].weights[5] = 1e39;   // Infinity once stored as float32: the evaluation would be NaN
  assert.throws(() => lab.evaluateWeights(huge), { code: 'PE_LAB_BAD_ARGUMENT', param: 'runs[0].weights[5]' });
  const wrapped = structuredClone(good);
  wrapped.runs[0].config.dModel = 2 ** 32 + 64;   // 64 after Embind's modulo-2^32 conversion
  assert.throws(() => lab.evaluateWeights(wrapped), { code: 'PE_LAB_BAD_ARGUMENT', param: 'runs[0].config.dModel' });
  // The unmodified file still evaluates to finite numbers.
  for (const m of lab.evaluateWeights(good)[0].metrics) assert.ok(Number.isFinite(m.loss) && Number.isFinite(m.conjAcc));
});
