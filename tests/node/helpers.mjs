// tests/node/helpers.mjs — shared set-up for the Node layer: one loaded module per test file, and small
// parameters for every lab.
import { existsSync } from 'node:fs';
import { createPeLab } from 'pe-lab';

let labPromise;
/** The API object, loaded once per process. */
export function getLab() {
  labPromise ??= createPeLab();
  return labPromise;
}

/** max |a_i - b_i| over two equal-length array-likes. */
export function maxAbsDiff(a, b) {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * A native fixture (written by the native tests) is required under `npm test` (scripts/test.sh sets
 * PE_LAB_REQUIRE_FIXTURES=1): a missing one fails the comparison instead of skipping it. Run alone
 * (`npm run test:node` without a native build), the comparison is skipped with a note.
 */
export function fixtureSkip(fixture) {
  if (existsSync(fixture) || process.env.PE_LAB_REQUIRE_FIXTURES === '1') return false;
  return 'run the native tests first (npm run test:core)';
}

/** Small parameters for every lab: quick runs whose files are checked (tests/node/files.test.mjs, tests/e2e/downloads.test.mjs). */
export const SMALL = {
  permutation: { sentence: 'the cat sat', reordered: 'sat cat the', dModel: 8, nHeads: 2 },
  sinusoidal: { T: 12, d: 6, offset: 2, dims: [0, 1, 4] },
  rope: { T: 16, dHead: 8, pairs: [[0, 1], [3, 7]], normPositions: [0, 5], demoM: 2 },
  extrapolation: { TSweep: [8, 16], dModel: 8, nHeads: 2, learnedTMax: 8 },
  biases: { tMax: 8, d: 4, T: 12, numBuckets: 8, maxDistance: 16, maxRelative: 20, nHeads: 4, head: 1, biasT: 6, farT: 16, dModel: 8 },
  'context-extension': { trainLength: 16, factor: 2, dHead: 8, methods: ['none', 'linear', 'dynamic-ntk'], nHeads: 1 },
  'head-to-head': { steps: 4, seeds: 1 },
};
