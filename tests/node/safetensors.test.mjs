// tests/node/safetensors.test.mjs — the hand-written safetensors writer (wasm/safetensors.js) against a file
// built byte by byte here from the format's specification (huggingface/safetensors README, "Format"): u64
// little-endian header size N, N bytes of JSON header (trailing spaces allowed), then the tensors' raw bytes.
// The float32 bytes are the IEEE-754 encodings written out by hand, not produced by the writer or DataView.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safetensors } from '../../wasm/safetensors.js';

test('two tensors of 2 and 3 floats give exactly the bytes of the specification', () => {
  // Header: 108 characters (counted by hand below), padded with 4 spaces to 112 (a multiple of 8).
  const header = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[3],"data_offsets":[8,20]}}';
  assert.equal(header.length, 108);
  const expected = [
    112, 0, 0, 0, 0, 0, 0, 0,                            // N = 112, u64 little-endian
    ...Array.from(header, (c) => c.charCodeAt(0)), 32, 32, 32, 32,
    0x00, 0x00, 0x80, 0x3f,                              // 1.0   = 0x3F800000
    0x00, 0x00, 0x00, 0xc0,                              // -2.0  = 0xC0000000
    0x00, 0x00, 0x00, 0x3f,                              // 0.5   = 0x3F000000
    0x00, 0x00, 0x40, 0x40,                              // 3.0   = 0x40400000
    0x00, 0x00, 0x80, 0xbe,                              // -0.25 = 0xBE800000
  ];
  const got = safetensors([
    { name: 'a', shape: [2], data: new Float32Array([1, -2]) },
    { name: 'b', shape: [3], data: [0.5, 3, -0.25] },
  ]);
  assert.ok(got instanceof Uint8Array);
  assert.deepEqual(Array.from(got), expected);
});

test('metadata goes in the header as __metadata__, and the data stays 8-byte aligned', () => {
  const got = safetensors([{ name: 'w', shape: [1, 1], data: [1] }], { format: 'pt' });
  const n = Number(new DataView(got.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const head = JSON.parse(new TextDecoder().decode(got.subarray(8, 8 + n)));
  assert.deepEqual(head, { __metadata__: { format: 'pt' }, w: { dtype: 'F32', shape: [1, 1], data_offsets: [0, 4] } });
  assert.deepEqual(Array.from(got.subarray(8 + n)), [0x00, 0x00, 0x80, 0x3f]);
});

test('bad tensors are refused with a PE_LAB_BAD_ARGUMENT naming them', () => {
  const bad = [
    [[{ name: 'a', shape: [2], data: [1] }], 'tensors[0]'],
    [[{ name: 'a', shape: [1], data: [1] }, { name: 'a', shape: [1], data: [1] }], 'tensors[1].name'],
    [[{ name: '__metadata__', shape: [1], data: [1] }], 'tensors[0].name'],
    [[{ name: 'a', shape: [-1], data: [] }], 'tensors[0]'],
  ];
  for (const [tensors, param] of bad) {
    assert.throws(() => safetensors(tensors), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === param);
  }
  assert.throws(() => safetensors([], { n: 1 }), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'metadata');
});
