// tests/node/fuzz.test.mjs — a short run of the seeded fuzz driver (tests/node/fuzz.mjs) inside `npm test`:
// about 8 s of hostile calls over the whole API from a fixed seed. Each call must throw a coded
// bad-argument Error naming its parameter or return only finite numbers, and the module must stay healthy
// (sinusoidal(4, 4) still equals the sin/cos formula). A failure prints the replay command.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fuzz, CHECK_EVERY } from './fuzz.mjs';
import { getLab } from './helpers.mjs';

test('8 s of seeded hostile calls: coded errors or finite results, and the module stays healthy', async () => {
  const lines = [];
  const stats = await fuzz({ seconds: 8, seed: 20261201, lab: await getLab(), log: (line) => lines.push(line) });
  assert.deepEqual(stats.failures, [], lines.join('\n'));
  // Enough calls for the health check to have run repeatedly, with both outcomes represented.
  assert.ok(stats.cases >= 4 * CHECK_EVERY, `only ${stats.cases} calls in 8 s`);
  assert.ok(stats.errors > 0 && stats.results > 0, `${stats.errors} refused, ${stats.results} results`);
});
