// tests/node/errors.test.mjs — the error path across the wasm boundary: a core argument error reaches JS as
// an Error with code/param/allowed/got as data (no text parsing), and a million of them leave the module
// healthy. Before the error records of wasm/bindings.cpp (guarded()), each error thrown across the boundary
// leaked 64 bytes of the 5 MiB wasm stack and the module broke for good after ~82,000 of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPeLab } from '../../wasm/index.js';

const lab = await createPeLab();

/** RoPE frequencies from their definition θ_k = base^(−2k/d) (Su et al. 2021), independent of the engine. */
const thetas = (d, base = 10000) => Array.from({ length: d / 2 }, (_, k) => base ** (-2 * k / d));

test('a core-side argument error carries code, param, allowed and got as fields, in JS names', () => {
  // dHead = 7 is an integer, so the JS layer passes it on; the core rejects it (RoPE rotates pairs).
  assert.throws(() => lab.ropeFrequencies(7), (err) => {
    assert.equal(err.code, 'PE_LAB_BAD_ARGUMENT');
    assert.equal(err.param, 'dHead');
    assert.match(err.allowed, /even/);
    assert.equal(err.got, 7);
    assert.equal(err.message, `ropeFrequencies: dHead must be ${err.allowed}, got 7`);
    return true;
  });
  // A lab's core check names the schema key (biases: the far attention length is farT, not the core's T).
  assert.throws(() => lab.attention({ T: 8, dModel: 8, nHeads: 2, pe: 'learned', learnedSigma: 0 }),
    (err) => err.param === 'learnedSigma' && err.code === 'PE_LAB_BAD_ARGUMENT');
});

test('a million core-side errors leave the module computing correct results', () => {
  const raw = lab._wasm;   // the bindings themselves, below the JS checks: every call fails in the core
  let caught = 0;
  for (let i = 0; i < 1_000_000; i++) {
    try { raw.ropeFrequencies(7, 10000); } catch (err) { if (err.param === 'dHead') caught++; }
  }
  assert.equal(caught, 1_000_000);
  // Then public calls, erroring ones included, still behave.
  for (let i = 0; i < 1000; i++) assert.throws(() => lab.ropeFrequencies(7), { code: 'PE_LAB_BAD_ARGUMENT' });
  const got = lab.ropeFrequencies(8);
  thetas(8).forEach((t, k) => assert.ok(Math.abs(got[k] - t) <= 1e-15 * Math.max(1, t), `theta_${k}`));
  const pe = lab.sinusoidal(4, 4);          // PE(t, 0) = sin(t), PE(t, 1) = cos(t) (Vaswani et al. 2017)
  for (let t = 0; t < 4; t++) {
    assert.ok(Math.abs(pe[t * 4] - Math.sin(t)) < 1e-6);
    assert.ok(Math.abs(pe[t * 4 + 1] - Math.cos(t)) < 1e-6);
  }
});
