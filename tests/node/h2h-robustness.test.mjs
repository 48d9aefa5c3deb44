// tests/node/h2h-robustness.test.mjs — the head-to-head's embedding controls (embedScale, embedInitStd) and its
// preset 'robustness' through the wasm module on a tiny budget: the JS grid mirror agrees with the core's grid,
// the jobs, the result's properties re-derived from its own per-run table by the documented rule, the files,
// saved weights with the new config fields (and old files without them), and bad arguments.
import test from 'node:test';
import assert from 'node:assert/strict';
import { getLab } from './helpers.mjs';
import { ROBUSTNESS_GRID, ROBUSTNESS_SETTINGS } from '../../wasm/labs/h2h-robustness.js';
import { planJobs, estimateCost, resolveParams } from 'pe-lab';
import { RATES } from '../../wasm/cost.js';

const TINY = { preset: 'robustness', seeds: 2, steps: 4, batch: 4 };
const bad = (param) => (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === param && typeof e.allowed === 'string' && e.allowed.length > 0 && 'got' in e;

test('the JS grid mirror states the core grid: ids in order and the steps each setting trains', async () => {
  const lab = await getLab();
  for (const steps of [400, 5, 3000]) {
    const grid = lab._wasm.headToHeadRobustnessGrid(resolveParams('head-to-head', { steps }));
    assert.deepEqual(grid.map((s) => s.id), [...ROBUSTNESS_SETTINGS]);
    // The mirror's factor, rounded up and capped at the schema's 5000 (what the cost model assumes).
    for (const [k, g] of ROBUSTNESS_GRID.entries()) assert.equal(grid[k].steps, Math.min(5000, Math.ceil(steps * g.stepsFactor)), `${g.id} at ${steps}`);
  }
  const grid = lab._wasm.headToHeadRobustnessGrid(resolveParams('head-to-head', {}));
  const by = Object.fromEntries(grid.map((s) => [s.id, s]));
  // What core/labs/h2h_robustness.h documents each setting to change.
  assert.deepEqual([by.baseline.embedScale, by.baseline.embedInitStd], ['none', 0.02]);
  assert.deepEqual([by['sqrt-d'].embedScale, by['sqrt-d'].embedInitStd], ['sqrt-d', 0.02]);
  assert.deepEqual([by['std-1'].embedScale, by['std-1'].embedInitStd], ['none', 1]);
  assert.deepEqual([by['sqrt-d-std-1'].embedScale, by['sqrt-d-std-1'].embedInitStd], ['sqrt-d', 1]);
  assert.deepEqual([by['half-budget'].steps, by['double-budget'].steps, by.baseline.steps], [200, 800, 400]);
});

test('the preset plans sinusoidal and RoPE per setting and seed', async () => {
  const lab = await getLab();
  const jobs = planJobs('head-to-head', { preset: 'robustness' });
  assert.equal(jobs.length, 6 * 3 * 2);   // settings × default seeds × variants
  assert.deepEqual([...new Set(jobs.map((j) => j.setting))], [...ROBUSTNESS_SETTINGS]);
  assert.deepEqual(jobs.slice(0, 2), [{ variant: 'sinusoidal', seed: 0, setting: 'baseline' }, { variant: 'rope', seed: 0, setting: 'baseline' }]);
  // The cost model sums each setting's steps: (4 × 400 + 200 + 800) / 400 = 6.5 baseline-runs' worth of training per
  // (variant, seed), and robustness runs skip RoPE's inference-time rows: 6.5 × 2 variants = 13 runs like the
  // sinusoidal-only course run's (same parameter count as RoPE, no inference rows), up to its fixed overhead.
  // Work only (the fixed overhead of one call taken off both): 6 × 2600 steps against 3 × 400, with 36 against
  // 3 runs' evaluation, = 12.96 ×.
  const ov = RATES['head-to-head'].overhead;
  const sinOnly = estimateCost('head-to-head', { variants: ['sinusoidal'] });
  const robust = estimateCost('head-to-head', { preset: 'robustness' });
  const ratio = (robust.seconds - ov) / (sinOnly.seconds - ov);
  assert.ok(ratio > 12.5 && ratio < 13, `${robust.seconds} vs ${sinOnly.seconds}`);
  // The study trains its six schemes, then the grid but its baseline (whose sinusoidal and RoPE runs, like two
  // sinusoidal-only courses, are the study's own): each part's work without the fixed overhead, added.
  const course6 = estimateCost('head-to-head', { variants: ['none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5'] });
  const study = estimateCost('head-to-head', { preset: 'study' });
  const expected = course6.seconds + (robust.seconds - ov) - 2 * (sinOnly.seconds - ov);
  assert.ok(Math.abs(study.seconds - expected) < 1e-9 * study.seconds, `${study.seconds} vs ${expected}`);
});

test('a tiny robustness run: per-setting numbers follow from its own run table by the documented rule', async () => {
  const lab = await getLab();
  const { params, result, manifest, files } = await lab.runLab('head-to-head', TINY, { budget: 'none' });
  assert.deepEqual(params.variants, ['sinusoidal', 'rope']);
  assert.equal(result.preset, 'robustness');
  assert.deepEqual(result.seeds, [0, 1]);
  assert.deepEqual(result.settings.map((s) => s.id), [...ROBUSTNESS_SETTINGS]);
  assert.equal(result.runs.length, 6 * 2 * 2);
  const threshold = result.criterion.convergedConjLoss;
  assert.equal(threshold, 0.1);
  for (const s of result.settings) {
    const acc = (v) => result.runs.filter((r) => r.setting === s.id && r.variant === v).map((r) => r.ood20ConjAcc);
    const [sin, rope] = [acc('sinusoidal'), acc('rope')];
    assert.equal(sin.length, 2);
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(s.gap - (mean(rope) - mean(sin))) < 1e-12, s.id);
    assert.equal(s.margin, Math.min(...rope) - Math.max(...sin));
    assert.equal(s.sinusoidal.min, Math.min(...sin));
    assert.equal(s.rope.max, Math.max(...rope));
    const converged = (v) => result.runs.filter((r) => r.setting === s.id && r.variant === v).every((r) => r.trainConjLoss <= threshold);
    const want = !(converged('sinusoidal') && converged('rope')) ? 'not_converged' : s.margin > 0 ? 'holds' : 'does_not_hold';
    assert.equal(s.verdict, want, s.id);
  }
  // 4 steps of batch 4 (16 sentences) cannot fit the 240-sentence training set: no setting converges.
  assert.deepEqual(result.counts, { holds: 0, does_not_hold: 0, not_converged: 6 });
  const by = Object.fromEntries(result.settings.map((s) => [s.id, s]));
  assert.deepEqual([by['half-budget'].steps, by['double-budget'].steps], [2, 8]);
  // The embedding controls reach the model: std 1 trains other numbers than the baseline on the same seed.
  const run = (setting) => result.runs.find((r) => r.setting === setting && r.variant === 'sinusoidal' && r.seed === 0);
  assert.notEqual(run('std-1').trainConjLoss, run('baseline').trainConjLoss);
  assert.notEqual(run('sqrt-d').trainConjLoss, run('baseline').trainConjLoss);
  // Files: one CSV row per setting, the Markdown table with every verdict, the manifest's section.
  const csvLines = files['robustness.csv'].trim().split('\n');
  assert.equal(csvLines.length, 1 + 6);
  assert.match(csvLines[0], /^setting,embed_scale,embed_init_std,steps/);
  assert.match(csvLines[2], /^sqrt-d,sqrt-d,0\.02,4,/);
  assert.match(files['robustness.md'], /\| double-budget \| as drawn \| 0\.02 \| 8 × 4 \|/);
  assert.equal(manifest.experiment, '16-pe-compare');
  assert.equal(manifest.robustness.verdicts['std-1'], 'not_converged');
  assert.ok(!('weights.json' in files));
});

test('jobs trained apart assemble to the same robustness result (the page pool path)', async () => {
  const lab = await getLab();
  const p = { ...TINY, seeds: 1 };
  const jobs = planJobs('head-to-head', p);
  const runs = [];
  for (const job of [...jobs].reverse()) runs.push(...await lab.trainJobs('head-to-head', p, { jobs: [job] }));
  const apart = await lab.runLab('head-to-head', p, { runs });
  const whole = await lab.runLab('head-to-head', p, { budget: 'none' });
  assert.deepEqual(apart.result.settings, whole.result.settings);
  // A run trained under another setting's parameters is refused.
  const swapped = runs.map((r) => (r.setting === 'baseline' ? { ...r, setting: 'std-1' } : r.setting === 'std-1' ? { ...r, setting: 'baseline' } : r));
  await assert.rejects(lab.runLab('head-to-head', p, { runs: swapped }), bad('runs'));
});

test('saved weights carry the embedding controls and re-evaluate to the run; older files load as the defaults', async () => {
  const lab = await getLab();
  const a = await lab.runLab('head-to-head', { seeds: 1, steps: 6, batch: 8, variants: ['sinusoidal'], embedScale: 'sqrt-d', embedInitStd: 0.5 });
  const saved = JSON.parse(a.files['weights.json']);
  assert.equal(saved.runs[0].config.embedScale, 'sqrt-d');
  assert.equal(saved.runs[0].config.embedInitStd, 0.5);
  assert.equal(a.manifest.config.embed_scale, 'sqrt-d');
  const again = lab.evaluateWeights(a.files['weights.json']);
  for (const [i, m] of again[0].metrics.entries()) assert.equal(m.conjAcc, a.result.runs[0].metrics[i].conjAcc, m.split);
  // The same weights read as unscaled give other numbers: the scaling is part of the saved model.
  const unscaled = structuredClone(saved);
  unscaled.runs[0].config.embedScale = 'none';
  assert.notEqual(lab.evaluateWeights(JSON.stringify(unscaled))[0].metrics[0].loss, again[0].metrics[0].loss);
  // A file written before the controls existed (no embedScale / embedInitStd) evaluates as 'none' / 0.02.
  const b = await lab.runLab('head-to-head', { seeds: 1, steps: 6, batch: 8, variants: ['rope'] });
  const old = JSON.parse(b.files['weights.json']);
  delete old.runs[0].config.embedScale;
  delete old.runs[0].config.embedInitStd;
  assert.deepEqual(lab.evaluateWeights(JSON.stringify(old))[0].metrics, lab.evaluateWeights(b.files['weights.json'])[0].metrics);
  for (const [key, value] of [['embedScale', 'sqrt'], ['embedScale', 3], ['embedInitStd', 0], ['embedInitStd', 2], ['embedInitStd', '0.1']]) {
    const w = structuredClone(saved);
    w.runs[0].config[key] = value;
    assert.throws(() => lab.evaluateWeights(JSON.stringify(w)), bad(`runs[0].config.${key}`), `${key} = ${value}`);
  }
});

test('bad embedScale / embedInitStd / setting are refused with code, param, allowed and got; the module keeps working', async () => {
  const lab = await getLab();
  for (const [key, value] of [['embedScale', 'sqrt'], ['embedScale', 'SQRT-D'], ['embedInitStd', 0], ['embedInitStd', 1.5], ['embedInitStd', -0.02], ['embedInitStd', Number.NaN]]) {
    await assert.rejects(lab.runLab('head-to-head', { steps: 1, seeds: 1, [key]: value }), bad(key), `${key} = ${value}`);
  }
  // The core checks the same at its own boundary (a direct binding call, bypassing the schema).
  const p = resolveParams('head-to-head', { steps: 1, seeds: 1 });
  for (const [key, value] of [['embedScale', 'bogus'], ['embedInitStd', 0]]) {
    assert.throws(() => lab._wasm.headToHeadRun({ ...p, [key]: value }, 'rope', 0, () => false), bad(key), `${key} = ${value} (core)`);
  }
  await assert.rejects(lab.trainJobs('head-to-head', { steps: 1, seeds: 1 }, { jobs: [{ variant: 'rope', seed: 0, setting: 'triple-budget' }] }),
    bad('jobs[0].setting'));
  const ok = await lab.runLab('head-to-head', { steps: 2, seeds: 1, batch: 2, variants: ['rope'], embedScale: 'sqrt-d', embedInitStd: 1 });
  assert.equal(ok.result.runs.length, 1);
});
