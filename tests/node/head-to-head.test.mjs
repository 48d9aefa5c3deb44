// tests/node/head-to-head.test.mjs — the trained mini-GPT experiment through the wasm module, on a short
// budget (the model's own gradient checks and default-budget test are native: tests/core/test_model.cpp,
// test_head_to_head.cpp). Checks the runLab contract, determinism, that saved weights re-evaluate to the
// same metrics, the verdict rule on hand-made numbers, and bad configurations.
import test from 'node:test';
import assert from 'node:assert/strict';
import { getLab } from './helpers.mjs';
import { verdicts, COURSE_PREDICTIONS } from '../../wasm/labs/head-to-head.js';

const SHORT = { seeds: 1, steps: 40, batch: 8 };

test('runLab head-to-head trains both variants and reports every split and the course table', async () => {
  const lab = await getLab();
  const fractions = [];
  const { params, result, manifest, files } = await lab.runLab('head-to-head', SHORT, { onProgress: (p) => fractions.push(p.fraction) });
  assert.deepEqual(params.variants, ['sinusoidal', 'rope']);
  assert.equal(result.runs.length, 2);
  for (const run of result.runs) {
    assert.equal(run.lossCurve.length, 40);
    // The loss decreases: the mean of the last 10 steps is below the first step (ln V ≈ 4.06 at init).
    const tail = run.lossCurve.slice(-10).reduce((a, b) => a + b, 0) / 10;
    assert.ok(tail < run.lossCurve[0], `${run.variant}: ${run.lossCurve[0]} -> ${tail}`);
    assert.deepEqual(run.metrics.map((m) => m.split), ['train', 'val', 'ood10', 'ood15', 'ood20']);
    for (const m of run.metrics) {
      // No model beats the corpus's own entropy on held-out data drawn from the generator.
      if (m.split !== 'train') assert.ok(m.loss >= m.entropyFloor - 1e-6, `${run.variant} ${m.split}`);
      assert.ok(m.conjAcc >= 0 && m.conjAcc <= 1);
    }
    assert.equal(run.attention.T, 21);  // BOS + 20 tokens
    assert.equal(run.attention.maps.length, 2 * 4);
  }
  assert.ok(fractions.length > 0 && fractions.every((f, i) => i === 0 || f >= fractions[i - 1]));
  assert.equal(manifest.experiment, '16-pe-compare');
  assert.equal(manifest.training_budget.steps, 40);
  assert.match(files['metrics.csv'], /^variant,split,loss_mean/);
  assert.match(files['corpus.txt'], /# train \(240 sequences/);
  assert.equal(result.verdicts.length, COURSE_PREDICTIONS.length);
});

test('the same seed gives the same numbers, and saved weights re-evaluate to the same metrics', async () => {
  const lab = await getLab();
  const a = await lab.runLab('head-to-head', { ...SHORT, variants: ['rope'] });
  const b = await lab.runLab('head-to-head', { ...SHORT, variants: ['rope'] });
  assert.deepEqual(a.result.runs[0].lossCurve, b.result.runs[0].lossCurve);
  const again = lab.evaluateWeights(a.files['weights.json']);
  assert.equal(again.length, 1);
  for (const [i, m] of again[0].metrics.entries()) {
    assert.ok(Math.abs(m.loss - a.result.runs[0].metrics[i].loss) < 1e-9, m.split);
    assert.equal(m.conjAcc, a.result.runs[0].metrics[i].conjAcc);
  }
  assert.throws(() => lab.evaluateWeights('{"format": "other"}'), /evaluateWeights: weights must be/);
  // A file the learner loads may be anything: each defect is named, and the module keeps working.
  const good = JSON.parse(a.files['weights.json']);
  const edit = (f) => { const w = structuredClone(good); f(w); return JSON.stringify(w); };
  const bad = [
    ['not json {', /weights must be .* not JSON/],
    [edit((w) => { w.runs = []; }), /weights must be/],
    [edit((w) => { w.runs[0].config.peKind = 'alibi'; }), /runs\[0\]\.config\.peKind must be one of/],
    [edit((w) => { delete w.runs[0].config.dModel; }), /runs\[0\]\.config\.dModel must be an integer/],
    [edit((w) => { w.runs[0].config.nHeads = 3; }), /dModel must be divisible by nHeads = 3/],
    [edit((w) => { w.runs[0].weights.pop(); }), /runs\[0\]\.weights must be 103808 numbers/],
    [edit((w) => { w.runs[0].weights[5] = 'x'; }), /runs\[0\]\.weights\[5\] must be a finite number/],
    [edit((w) => { w.corpusSeed = -1; }), /corpusSeed must be/],
  ];
  for (const [text, re] of bad) {
    assert.throws(() => lab.evaluateWeights(text), (e) => re.test(e.message) && e.code === 'PE_LAB_BAD_ARGUMENT', String(re));
  }
  assert.equal(lab.evaluateWeights(a.files['weights.json']).length, 1);
});

test('parameter counts are reported for the corpus vocabulary and for the course\'s 512', async () => {
  const lab = await getLab();
  const { result } = await lab.runLab('head-to-head', { ...SHORT, steps: 1 });
  // Tied embeddings (gpt.h): V·C + L·(12·C² + 13·C) + 2·C. C = 64, L = 2: V = 58 -> 103,808; V = 512 -> 132,864.
  const count = (V) => V * 64 + 2 * (12 * 64 * 64 + 13 * 64) + 2 * 64;
  assert.equal(result.corpus.vocabSize, 58);
  for (const v of ['sinusoidal', 'rope']) {
    assert.equal(result.paramCounts[v], count(58));
    assert.equal(result.paramCountsVocab512[v], count(512));
  }
  assert.equal(count(512), 132864);
});

test('verdicts compare the conjugation measures with the predictions within 0.05', () => {
  const m = (x) => ({ mean: x, min: x, max: x });
  const split = (loss, acc) => ({ loss: m(9), conjLoss: m(loss), conjAcc: m(acc) });
  const summary = {
    sinusoidal: { train: split(0.05, 1), val: split(0.3, 1), ood10: split(0.35, 1), ood15: split(0.1, 1), ood20: split(1.5, 0.5) },
    rope: { train: split(0.05, 1), val: split(0.1, 1), ood10: split(0.2, 1), ood15: split(0.3, 1), ood20: split(0.45, 0.95) },
  };
  const v = Object.fromEntries(verdicts(summary).map((r) => [r.key, r]));
  assert.equal(v.train_loss.sinusoidal.verdict, 'as predicted');
  assert.equal(v.val_loss.sinusoidal.verdict, 'worse');        // 0.3 vs 0.10 predicted
  assert.equal(v.ood15_loss.sinusoidal.verdict, 'better');     // 0.1 vs 0.80
  assert.equal(v.ood20_acc.sinusoidal.verdict, 'worse');       // 50% vs 65%
  assert.equal(v.ood20_acc.rope.verdict, 'better');            // 95% vs 89%
  assert.ok(Math.abs(v.ood20_acc.rope.delta - 0.06) < 1e-12);
});

test('bad configurations throw clear errors', async () => {
  const lab = await getLab();
  await assert.rejects(lab.runLab('head-to-head', { dModel: 64, nHeads: 3 }), /head-to-head: nHeads must be a divisor of dModel = 64/);
  await assert.rejects(lab.runLab('head-to-head', { maxLen: 20 }), /head-to-head: maxLen must be an integer in \[21, 512\]/);
  await assert.rejects(lab.runLab('head-to-head', { variants: 'sinusoidal,xpos' }), /head-to-head: variants must be/);
  await assert.rejects(lab.runLab('head-to-head', { dModel: 12, nHeads: 4, variants: 'rope', steps: 1 }), /head-to-head: .*even/);
});
