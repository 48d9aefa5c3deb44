// tests/node/sinusoidal.test.mjs — sinusoidal PE through the wasm module: values against the formula
// (computed here in float64 with Math.sin/cos), and bad input -> Error, after which the module still works.
import test from 'node:test';
import assert from 'node:assert/strict';
import { getLab, maxAbsDiff } from './helpers.mjs';

function formula(T, d, base) {
  const out = new Float64Array(T * d);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < d / 2; i++) {
      const angle = t / Math.pow(base, (2 * i) / d);
      out[t * d + 2 * i] = Math.sin(angle);
      out[t * d + 2 * i + 1] = Math.cos(angle);
    }
  }
  return out;
}

test('sinusoidal returns a row-major T·d Float32Array equal to the formula to float32 rounding', async () => {
  const lab = await getLab();
  for (const [T, d, base] of [[64, 32, 10000], [7, 6, 100], [1, 2, 10000]]) {
    const pe = lab.sinusoidal(T, d, { base });
    assert.ok(pe instanceof Float32Array);
    assert.equal(pe.length, T * d);
    // float32 rounding of values in [-1, 1]: at most 2^-24 ~ 6e-8 relative; 1e-7 absolute suffices.
    assert.ok(maxAbsDiff(pe, formula(T, d, base)) < 1e-7);
  }
});

test('sinusoidal defaults to base 10000', async () => {
  const lab = await getLab();
  assert.deepEqual(lab.sinusoidal(5, 8), lab.sinusoidal(5, 8, { base: 10000 }));
});

test('sinusoidal rejects bad input with the parameter name, and the module keeps working', async () => {
  const lab = await getLab();
  const cases = [
    [() => lab.sinusoidal(4, 5), /sinusoidal: d must be an even integer/],
    [() => lab.sinusoidal(0, 4), /sinusoidal: T must be an integer in \[1, 65536\]/],
    [() => lab.sinusoidal(2.5, 4), /sinusoidal: T must be an integer/],
    [() => lab.sinusoidal('8', 4), /sinusoidal: T must be an integer/],
    [() => lab.sinusoidal(4, 4, { base: 1 }), /sinusoidal: base must be a finite number in \(1,/],
    [() => lab.sinusoidal(4, 4, { base: NaN }), /sinusoidal: base must be a finite number/],
    [() => lab.sinusoidal(4, 4, { bse: 3 }), /sinusoidal: options must be an object with keys among base/],
    // The product is refused naming T, the caller's parameter (the core's own message named 'T*d').
    [() => lab.sinusoidal(65536, 8192), /sinusoidal: T must be such that T·d <= 33554432/],
  ];
  for (const [fn, re] of cases) {
    assert.throws(fn, (e) => e instanceof Error && re.test(e.message), String(re));
    assert.equal(lab.sinusoidal(1, 2)[1], 1); // still usable: cos(0) = 1
  }
});

test('versions name what ran', async () => {
  const lab = await getLab();
  assert.match(lab.versions.pe_lab, /^\d+\.\d+\.\d+$/);
  assert.equal(lab.versions.eigen, '3.4.0');
  assert.match(lab.versions.emscripten, /^3\.\d+\.\d+$/);
  assert.match(lab.versions.runtime, /^node 20\./);
  assert.equal(lab.version, lab.versions.pe_lab);
});
