// tests/node/load.test.mjs — loading the binary (wasm/load.js): Node reads wasm/generated/pe_lab_wasm.wasm
// from disk, compiles it once per process, and several instances (as a page's workers would) share the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPeLab, compileWasm } from '../../wasm/index.js';

test('compileWasm compiles once and every createPeLab({ wasmModule }) instantiates that module', async () => {
  const m1 = await compileWasm();
  const m2 = await compileWasm();
  assert.ok(m1 instanceof WebAssembly.Module);
  assert.equal(m1, m2, 'one compilation per process');
  const [a, b] = await Promise.all([createPeLab({ wasmModule: m1 }), createPeLab()]);
  // Two instances, separate memories: each computes on its own. PE(1, 0) = sin(1) (Vaswani et al. 2017).
  assert.ok(Math.abs(a.sinusoidal(2, 2)[2] - Math.sin(1)) < 1e-6);
  assert.ok(Math.abs(b.sinusoidal(2, 2)[2] - Math.sin(1)) < 1e-6);
  assert.notEqual(a._wasm.HEAPU8?.buffer ?? a, b._wasm.HEAPU8?.buffer ?? b);
});

test('createPeLab rejects a wasmModule that is not a compiled module, and unknown options', async () => {
  await assert.rejects(createPeLab({ wasmModule: new Uint8Array(8) }), { code: 'PE_LAB_BAD_ARGUMENT', param: 'wasmModule' });
  await assert.rejects(createPeLab({ wasm: 1 }), { code: 'PE_LAB_BAD_ARGUMENT' });
});
