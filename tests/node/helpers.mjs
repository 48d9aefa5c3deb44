// tests/node/helpers.mjs — shared set-up for the Node layer: one loaded module per test file.
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
