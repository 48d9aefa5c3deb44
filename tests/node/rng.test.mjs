// tests/node/rng.test.mjs — the wasm generator against the native one: u32 and uniform streams bit for bit,
// normals to 1e-12 (libm differs in the last bit, ../shared/TOOLCHAIN.md quirk 9). The fixture is written by
// the native test "the native stream is written as a fixture..." (tests/core/test_rng.cpp), which
// scripts/test.sh runs first; the PCG reference values below need no fixture.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getLab, maxAbsDiff } from './helpers.mjs';
import { fixtureSkip } from './helpers.mjs';

const fixture = new URL('../../build/native/fixtures/rng.json', import.meta.url);

test('the wasm pcg32 reproduces the reference implementation (pcg32-demo, seed 42, stream 54)', async () => {
  const lab = await getLab();
  const got = lab.random({ seed: 42, stream: 54, n: 6, kind: 'u32' });
  // pcg-c's pcg32-demo prints 0xa15c02b7 0x7b47f409 0xba1d3330 0x83d2f293 0xbfa4784b 0xcbed606e.
  assert.deepEqual(Array.from(got), [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]);
});

test('wasm and native draw the same u32, uniform and (to 1e-12) normal streams', { skip: fixtureSkip(fixture) }, async () => {
  const lab = await getLab();
  const { cases } = JSON.parse(readFileSync(fixture, 'utf8'));
  assert.ok(cases.length >= 12);
  for (const c of cases) {
    const n = c.u32.length;
    assert.deepEqual(Array.from(lab.random({ seed: c.seed, stream: c.stream, n, kind: 'u32' })), c.u32);
    // %.17g round-trips doubles exactly, so equality is bit equality.
    assert.deepEqual(Array.from(lab.random({ seed: c.seed, stream: c.stream, n, kind: 'uniform' })), c.uniform);
    assert.ok(maxAbsDiff(lab.random({ seed: c.seed, stream: c.stream, n, kind: 'normal' }), c.normal) < 1e-12);
  }
});

test('named streams are the documented integers, and the same seed repeats', async () => {
  const lab = await getLab();
  assert.deepEqual(lab.random({ seed: 3, stream: 'weightQ', n: 5 }), lab.random({ seed: 3, stream: 2, n: 5 }));
  assert.notDeepEqual(lab.random({ seed: 3, stream: 'weightQ', n: 5 }), lab.random({ seed: 3, stream: 'weightK', n: 5 }));
});

test('random rejects bad input and keeps working', async () => {
  const lab = await getLab();
  assert.throws(() => lab.random({ kind: 'gauss' }), /random: kind must be one of 'uniform', 'normal', 'u32', got 'gauss'/);
  assert.throws(() => lab.random({ seed: -1 }), /random: seed must be an integer in \[0,/);
  assert.throws(() => lab.random({ n: 1.5 }), /random: n must be an integer/);
  assert.throws(() => lab.random({ stream: 'nope' }), /random: stream must be one of/);
  assert.throws(() => lab.random({ sed: 1 }), /random: options must be an object with keys among/);
  assert.equal(lab.random({ n: 2 }).length, 2);
});
