// tests/node/claims.test.mjs — the reshapings the runners add for the labs' claims and figures: the
// context-extension distance profile and differences from plain RoPE, Lab 03's per-map colour cap, and the
// causal mask of the bias maps. Expected values are hand computations on small hand-built matrices.
import test from 'node:test';
import assert from 'node:assert/strict';
import { distanceProfile, differenceFromPlain } from '../../wasm/labs/context-extension.js';
import { CAUSAL_MASK } from '../../wasm/labs/biases.js';
import { createPeLab } from '../../wasm/index.js';

const m3 = (data) => ({ shape: [3, 3], data });

test('distanceProfile: mean weight at each |i − j| over the cells a query may attend to', () => {
  // Causal rows [1,0,0], [.25,.75,0], [.1,.2,.7]: δ=0 → (1 + .75 + .7)/3, δ=1 → (.25 + .2)/2, δ=2 → .1.
  const causal = distanceProfile(m3([1, 0, 0, 0.25, 0.75, 0, 0.1, 0.2, 0.7]), true);
  [2.45 / 3, 0.225, 0.1].forEach((v, d) => assert.ok(Math.abs(causal[d] - v) < 1e-12, `δ = ${d}`));
  // Not causal: both sides count. Rows [.5,.25,.25], [.2,.6,.2], [.3,.3,.4]: δ=1 → (.25+.2+.2+.3)/4, δ=2 → (.25+.3)/2.
  const full = distanceProfile(m3([0.5, 0.25, 0.25, 0.2, 0.6, 0.2, 0.3, 0.3, 0.4]), false);
  [1.5 / 3, 0.95 / 4, 0.55 / 2].forEach((v, d) => assert.ok(Math.abs(full[d] - v) < 1e-12, `δ = ${d}`));
});

test('differenceFromPlain: each method minus plain RoPE, block means, cap at the 99th percentile of |difference|', () => {
  const plain = { type: 'none', attention: { shape: [2, 2], data: [1, 0, 0.5, 0.5] } };
  const other = { type: 'linear', attention: { shape: [2, 2], data: [0.5, 0.5, 0.5, 0.5] } };
  const full = differenceFromPlain({ L: 2, methods: [plain, other] });
  assert.deepEqual(full.maps.map((d) => d.type), ['linear']);
  assert.deepEqual(full.maps[0].matrix.data, [-0.5, 0.5, 0, 0]);
  // |d| sorted 0, 0, .5, .5: index floor(.99·3) = 2 → .5.
  assert.equal(full.cap, 0.5);
  // One 2×2 block: the mean of −.5, .5, 0, 0 is 0 (a max would have said .5).
  const pooled = differenceFromPlain({ L: 2, methods: [plain, other] }, 1);
  assert.deepEqual(pooled.maps[0].matrix.data, [0]);
  assert.equal(pooled.maps[0].block, 2);
  assert.deepEqual(differenceFromPlain({ L: 2, methods: [other] }).maps, [], 'no plain RoPE, no differences');
});

test('the causal mask hides exactly the future keys', () => {
  assert.equal(CAUSAL_MASK(0, 1), true);
  assert.equal(CAUSAL_MASK(1, 1), false);
  assert.equal(CAUSAL_MASK(2, 0), false);
});

test('Lab 03: each map carries its colour cap, the median of its rows\' largest weights', async () => {
  const { result } = await (await createPeLab()).runLab('extrapolation', { TSweep: [8, 16] });
  for (const c of result.cells) {
    const [T] = c.attention.shape;
    const maxima = Array.from({ length: T }, (_, i) => Math.max(...c.attention.data.slice(i * T, (i + 1) * T))).sort((a, b) => a - b);
    const median = T % 2 ? maxima[(T - 1) / 2] : (maxima[T / 2 - 1] + maxima[T / 2]) / 2;   // T is even here
    assert.equal(c.scaleMax, median, `${c.scheme} T = ${T}`);
  }
});
