// tests/node/budget.test.mjs — the cost model and the budgets (wasm/cost.js): estimated bytes against the
// bytes a run's result actually holds, estimated seconds against measured, refusals over budget (before any
// computing), the 'none' override (API and CLI --no-budget), the budget option's validation, and the
// extrapolation cache's byte bound.
// Leaves out: cancellation in Node (cancel.test.mjs); the page's use of the estimate (web/, e2e).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimateCost, checkRunBudget, BUDGET, AUTO_RUN_SECONDS } from 'pe-lab';
import { _cacheBytes, CACHE_BYTES } from '../../wasm/labs/extrapolation.js';
import { getLab } from './helpers.mjs';

const lab = await getLab();
const MiB = 2 ** 20;

const isMatrix = (v) => v !== null && typeof v === 'object' && Array.isArray(v.shape) && v.shape.length === 2 && 'data' in v;
const isNumberArray = (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');

/**
 * Counts what a result holds, walking it independently of the cost model: the entries of every matrix
 * ({ shape, data }) and the numbers of every plain number array (8 bytes each, JS doubles).
 */
function census(value, out = { entries: 0, numbers: 0 }) {
  if (isMatrix(value)) out.entries += value.shape[0] * value.shape[1];
  else if (isNumberArray(value)) out.numbers += value.length;
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) census(v, out);
  return out;
}

// Element sizes of the matrices, from the core's return types (README API table): attention maps, biases and
// the learned table are float32 (4 bytes); the sinusoidal lab computes its tables in float64 (8 bytes).
const CASES = [
  ['extrapolation', { TSweep: [8, 16, 24], extraSchemes: ['alibi', 'none'], learnedTMax: 12 }, 4],
  ['biases', { farT: 40, T: 20, tMax: 10, maxRelative: 12, biasT: 8, nHeads: 4 }, 4],
  ['context-extension', { trainLength: 16, factor: 2.5, methods: ['none', 'yarn', 'llama3'] }, 4],
  ['sinusoidal', { T: 20, d: 8, offset: 3, dims: [0, 5] }, 8],
  ['permutation', { sentence: 'a b c d', reordered: 'd c b a', dModel: 8, nHeads: 2 }, 4],
];

for (const [name, params, elementBytes] of CASES) {
  test(`${name}: estimated bytes equal the bytes its result holds`, async () => {
    const { result } = await lab.runLab(name, params);
    const { entries, numbers } = census(result);
    assert.ok(entries > 0, 'the result has matrices');
    assert.equal(estimateCost(name, params).bytes, entries * elementBytes + numbers * 8);
  });
}

test('head-to-head: estimated bytes within 15% of its result and trained weights', async () => {
  const params = { steps: 3, seeds: 1, variants: ['rope', 'learned'], dModel: 32, nLayers: 1 };
  const out = await lab.runLab('head-to-head', params);
  // the weights kept beside the result (runLab's raw, float32), the attention maps at T = 20 and 40 (float32), the loss curves
  const weights = out.raw.runs.reduce((s, r) => s + r.weights.byteLength, 0);
  const mapBytes = (a) => a.maps.reduce((t, m) => t + 4 * m.shape[0] * m.shape[1], 0);
  const maps = out.result.runs.reduce((s, r) => s + mapBytes(r.attention) + mapBytes(r.attention40), 0);
  const curves = out.result.runs.reduce((s, r) => s + 8 * r.lossCurve.length, 0);
  const actual = weights + maps + curves;
  const estimate = estimateCost('head-to-head', params).bytes;
  assert.ok(Math.abs(estimate - actual) <= 0.15 * actual, `estimate ${estimate} vs actual ${actual}`);
});

/**
 * The smaller of two runs' CPU seconds (this process, user + system), a fresh seed each so no cached length is
 * reused. CPU time, not wall time: the estimate is for one thread's work, and on a shared machine (CI, other
 * jobs) wall time also counts the time other processes hold the cores.
 */
async function measured(name, params) {
  let best = Infinity;
  for (const seed of [9101, 9102]) {
    const t0 = process.cpuUsage();
    await lab.runLab(name, { ...params, seed }, { budget: 'none' });
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best;
}

test('estimated seconds within a factor of 3 of measured, at two sizes of two labs', async () => {
  // One untimed run first: V8 compiles wasm with a baseline tier and optimises hot functions later.
  await lab.runLab('context-extension', { factor: 8, seed: 9100 });
  for (const [name, params] of [
    ['extrapolation', { TSweep: [512, 768] }],
    ['extrapolation', { TSweep: [1024, 1536], dModel: 64 }],
    ['context-extension', { factor: 6 }],
    ['context-extension', { factor: 16 }],
  ]) {
    const secs = await measured(name, params);
    const est = estimateCost(name, params).seconds;
    assert.ok(est / secs <= 3 && secs / est <= 3, `${name} ${JSON.stringify(params)}: estimated ${est.toFixed(3)} s, measured ${secs.toFixed(3)} s`);
  }
});

test('the defaults: memory a tab holds, a time a reader waits, and a shorter auto-run threshold', () => {
  assert.equal(BUDGET.bytes, 512 * MiB);
  assert.equal(BUDGET.seconds, 20);
  assert.ok(AUTO_RUN_SECONDS > 0 && AUTO_RUN_SECONDS < BUDGET.seconds);
  assert.ok(Object.isFrozen(BUDGET));
});

// Issue 13 finding 2: 12 lengths 2037…2048, nHeads 1, six schemes — 72 maps of ~2048² float32 entries.
const CRASH_LINK = { TSweep: '2048,2047,2046,2045,2044,2043,2042,2041,2040,2039,2038,2037', nHeads: 1, extraSchemes: 'none,alibi,t5' };

test("issue 13's crash link is refused by the memory budget before computing, even with budget 'none'", async () => {
  // By hand: at least 72 maps × 2037² entries × 4 bytes = 1.195e9 bytes > 512 MiB = 5.37e8.
  assert.ok(estimateCost('extrapolation', CRASH_LINK).bytes >= 72 * 2037 ** 2 * 4);
  for (const budget of [undefined, 'none']) {
    const t0 = performance.now();
    await assert.rejects(lab.runLab('extrapolation', CRASH_LINK, { budget }), (err) => {
      assert.equal(err.code, 'PE_LAB_BAD_ARGUMENT');
      assert.equal(err.param, 'TSweep');
      assert.match(err.message, /512 MiB/);
      assert.match(err.message, /largest T for 12 lengths, 6 schemes, nHeads = 1, dModel = 32: \d+/);
      return true;
    });
    assert.ok(performance.now() - t0 < 100, 'refused without computing');
  }
});

test('the largest T the refusal names fits the memory budget and the next one does not', async () => {
  const err = await lab.runLab('extrapolation', CRASH_LINK).catch((e) => e);
  const largest = Number(/: (\d+)\)/.exec(err.message)[1]);
  const sweep = (T) => ({ ...CRASH_LINK, TSweep: Array.from({ length: 12 }, (_, i) => T - i) });
  assert.ok(estimateCost('extrapolation', sweep(largest)).bytes <= BUDGET.bytes);
  assert.ok(estimateCost('extrapolation', sweep(largest + 1)).bytes > BUDGET.bytes);
  // Independent bound: 72 maps of at least (largest − 11)² float32 entries fit in 512 MiB → largest ≤ 1376.
  assert.ok(72 * 4 * (largest - 11) ** 2 <= BUDGET.bytes);
});

test('the time budget refuses a long run by default and names steps; budget none or a larger budget lets it through', async () => {
  const t0 = performance.now();
  await assert.rejects(lab.runLab('head-to-head', { steps: 5000 }), (err) => {
    assert.equal(err.code, 'PE_LAB_BAD_ARGUMENT');
    assert.equal(err.param, 'steps');
    assert.match(err.message, /20 s \(time budget; \{ budget: 'none' \}/);
    return true;
  });
  assert.ok(performance.now() - t0 < 100, 'refused without computing');
  // The override, on a small run and a budget made tiny on purpose: refused, then run with 'none'.
  const tiny = { seconds: 1e-6 };
  await assert.rejects(lab.runLab('sinusoidal', { T: 16, d: 4, dims: [0] }, { budget: tiny }), (err) => err.param === 'T');
  const { result } = await lab.runLab('sinusoidal', { T: 16, d: 4, dims: [0] }, { budget: 'none' });
  assert.deepEqual(result.pe.shape, [16, 4]);
});

test('attention({ T: 4096, dModel: 4096, nHeads: 2 }) is refused by the time budget at once; a small layer runs', () => {
  // By hand: the four projections alone are 8·T·C² = 8·4096³ = 5.5e11 flops, far over 20 s at a few Gflop/s.
  const t0 = performance.now();
  assert.throws(() => lab.attention({ T: 4096, dModel: 4096, nHeads: 2 }), (err) => {
    assert.equal(err.code, 'PE_LAB_BAD_ARGUMENT');
    assert.equal(err.param, 'T');
    assert.match(err.message, /time budget/);
    return true;
  });
  assert.ok(performance.now() - t0 < 100);
  assert.throws(() => lab.attention({ T: 64, budget: { seconds: 1e-9 } }), (err) => err.param === 'T');
  assert.equal(lab.attention({ T: 8, dModel: 4, nHeads: 1, budget: 'none' }).weights.length, 64);
});

test('the budget option is validated; the memory budget cannot be raised', async () => {
  for (const [budget, param] of [['fast', 'budget'], [0, 'budget'], [{ bytes: 2 ** 40 }, 'budget.bytes'],
    [{ seconds: -1 }, 'budget.seconds'], [{ seconds: NaN }, 'budget.seconds'], [{ time: 5 }, 'budget']]) {
    await assert.rejects(lab.runLab('rope', {}, { budget }), (err) => err.code === 'PE_LAB_BAD_ARGUMENT' && err.param === param,
      JSON.stringify(budget));
  }
  assert.throws(() => estimateCost('nope', {}), (err) => err.code === 'PE_LAB_BAD_ARGUMENT' && err.param === 'name');
  assert.throws(() => estimateCost('rope', { T: 1 }), (err) => err.param === 'T');
});

test('the extrapolation cache stays under its byte limit over a sequence of large sweeps', async () => {
  assert.equal(CACHE_BYTES, 64 * MiB);
  // Each sweep holds 3 schemes × 4·(1024² + 1536² + 2048²) ≈ 90 MiB of maps, more than the whole limit.
  for (const seed of [1, 2, 3]) {
    await lab.runLab('extrapolation', { TSweep: [1024, 1536, 2048], nHeads: 1, seed });
    assert.ok(_cacheBytes() <= CACHE_BYTES, `${_cacheBytes()} bytes cached`);
    assert.ok(_cacheBytes() >= 3 * 4 * 2048 ** 2, 'the most recent length is kept');
  }
  // A length larger than the whole limit (6 schemes × 4·2048² = 96 MiB) is returned in full but not kept.
  const before = _cacheBytes();
  const { result } = await lab.runLab('extrapolation', { TSweep: [2048], nHeads: 1, extraSchemes: ['none', 'alibi', 't5'], seed: 4 });
  assert.equal(result.cells.length, 6);
  assert.deepEqual(result.cells[5].attention.shape, [2048, 2048]);
  assert.equal(_cacheBytes(), before);
});

test('the CLI refuses an over-budget run before creating --out; --no-budget lifts the time budget only', async () => {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const tmp = mkdtempSync(path.join(tmpdir(), 'pe-lab-budget-'));
  try {
    const out = path.join(tmp, 'h2h');
    const refused = spawnSync(process.execPath, ['wasm/cli.js', 'run', 'head-to-head', '--steps', '5000', '--out', out], { cwd: repo, encoding: 'utf8', timeout: 20000 });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^pe-lab: head-to-head: steps must be .*time budget.*--no-budget.*got 5000/);
    assert.equal(refused.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
    assert.ok(!existsSync(out), '--out not created');
    // The memory budget stays with --no-budget: the crash link is refused the same way.
    const crash = spawnSync(process.execPath, ['wasm/cli.js', 'run', 'extrapolation', '--TSweep', CRASH_LINK.TSweep, '--nHeads', '1',
      '--extraSchemes', CRASH_LINK.extraSchemes, '--no-budget', '--out', out], { cwd: repo, encoding: 'utf8', timeout: 20000 });
    assert.equal(crash.status, 2);
    assert.match(crash.stderr, /TSweep must be .*512 MiB \(memory budget\)/);
    // With --no-budget the long run starts (it is still running after the refusal above took well under 3 s).
    const child = spawn(process.execPath, ['wasm/cli.js', 'run', 'head-to-head', '--steps', '5000', '--no-budget', '--out', out], { cwd: repo, stdio: 'ignore' });
    const exited = await Promise.race([new Promise((resolve) => child.on('exit', () => resolve(true))), new Promise((resolve) => setTimeout(() => resolve(false), 3000))]);
    child.kill();
    assert.equal(exited, false, 'the run was not refused');
    assert.ok(existsSync(out), '--out created once the run was accepted');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('checkRunBudget throws the refusal runLab would give, without running, and returns the estimate otherwise', async () => {
  const viaRun = await lab.runLab('extrapolation', CRASH_LINK).catch((e) => e);
  assert.throws(() => checkRunBudget('extrapolation', CRASH_LINK, 'none'), (err) => err.message === viaRun.message && err.param === 'TSweep');
  assert.doesNotThrow(() => checkRunBudget('head-to-head', { steps: 5000 }, 'none'));   // memory only
  assert.throws(() => checkRunBudget('head-to-head', { steps: 5000 }), (err) => err.param === 'steps');
  assert.deepEqual(checkRunBudget('rope', { T: 8 }), estimateCost('rope', { T: 8 }));
});

test("a named head-to-head preset runs at its defaults under the default budget; costing more than its defaults is refused", () => {
  for (const preset of ['study', 'robustness']) {
    const base = estimateCost('head-to-head', { preset });
    // The rule (wasm/cost.js presetAllowance): the default time budget rises to the preset's own estimate.
    assert.ok(base.seconds > BUDGET.seconds, `${preset}: over the plain budget (${base.seconds} s), so the rule matters`);
    assert.doesNotThrow(() => checkRunBudget('head-to-head', { preset }), preset);
    assert.doesNotThrow(() => checkRunBudget('head-to-head', { preset, seeds: 1 }), `${preset}: cheaper is allowed`);
    // Twice the steps costs more than the preset's defaults: refused, naming steps.
    assert.throws(() => checkRunBudget('head-to-head', { preset, steps: 800 }), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'steps');
    // An explicit budget is kept as given.
    assert.throws(() => checkRunBudget('head-to-head', { preset }, { seconds: BUDGET.seconds }), (e) => e.param === 'steps');
  }
  // The course's preset gets no allowance: its default is within the plain budget, and more is refused as before.
  assert.throws(() => checkRunBudget('head-to-head', { preset: 'course', seeds: 10, steps: 2000 }), (e) => e.param === 'steps');
});
