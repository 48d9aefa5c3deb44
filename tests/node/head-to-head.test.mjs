// tests/node/head-to-head.test.mjs — the trained mini-GPT experiment through the wasm module, on a short
// budget (the model's own gradient checks and default-budget test are native: tests/core/test_model.cpp,
// test_head_to_head.cpp). Checks the runLab contract, determinism, that saved weights re-evaluate to the
// same metrics, the verdict rule on hand-made numbers, bad configurations, and that jobs trained apart (as the
// page's worker pool does, web/ui/runner.js) assemble to exactly runLab's result; the training split's
// memorisation floor against this file's own count, the accuracy-vs-length figure (CSV from the runs, PNG
// bands) and the T = 40 attention maps.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createPeLab, planJobs } from 'pe-lab';
import { getLab } from './helpers.mjs';
import { readFileSync } from 'node:fs';
import { verdicts, jobsOf, COURSE_PREDICTIONS } from '../../wasm/labs/head-to-head.js';
import { fixtureSkip } from './helpers.mjs';
import { decodePng } from './png.mjs';

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
    assert.deepEqual(run.metrics.map((m) => m.split), ['train', 'val', 'ood10', 'ood15', 'ood20', 'ood40']);
    assert.equal(run.converged, run.trainConjLoss <= 0.1);
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
    [edit((w) => { w.runs[0].config.peKind = 'xpos'; }), /runs\[0\]\.config\.peKind must be one of/],
    [edit((w) => { delete w.runs[0].config.dModel; }), /runs\[0\]\.config\.dModel must be an integer/],
    [edit((w) => { w.runs[0].config.nHeads = 3; }), /dModel must be divisible by nHeads = 3/],
    [edit((w) => { w.runs[0].weights.pop(); }), /runs\[0\]\.weights must be 103808 numbers/],
    [edit((w) => { w.runs[0].weights[5] = 'x'; }), /runs\[0\]\.weights\[5\] must be a number in \[−1000000, 1000000\]/],
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
  await assert.rejects(lab.runLab('head-to-head', { maxLen: 40 }), /head-to-head: maxLen must be an integer in \[41, 512\]/);
  await assert.rejects(lab.runLab('head-to-head', { preset: 'full' }), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'preset');
  await assert.rejects(lab.runLab('head-to-head', { variants: 'sinusoidal,xpos' }), /head-to-head: variants must be/);
  await assert.rejects(lab.runLab('head-to-head', { dModel: 12, nHeads: 4, variants: 'rope', steps: 1 }), /head-to-head: .*even/);
});

test('jobs trained apart, in any order and on separate module instances, assemble to runLab\'s result', async () => {
  const lab = await getLab();
  const other = await createPeLab();   // a second wasm instance, as in a second worker
  const params = { seeds: 2, steps: 12, batch: 8, seed: 3 };
  const whole = await lab.runLab('head-to-head', params);
  const jobs = jobsOf(whole.params);
  assert.deepEqual(jobs, [{ variant: 'sinusoidal', seed: 3 }, { variant: 'rope', seed: 3 }, { variant: 'sinusoidal', seed: 4 }, { variant: 'rope', seed: 4 }]);
  // Two "workers" taking alternate jobs; the second finishes first.
  const progress = [];
  const [a, b] = await Promise.all([
    lab.trainHeadToHead(params, { jobs: [jobs[0], jobs[2]] }),
    other.trainHeadToHead(params, { jobs: [jobs[3], jobs[1]], onProgress: (p) => progress.push(p) }),
  ]);
  assert.deepEqual(b.map((r) => `${r.variant}/${r.seed}`), ['rope/4', 'rope/3']);
  assert.ok(progress.some((p) => p.variant === 'rope' && p.seed === 4 && p.step === 12 && p.steps === 12 && p.loss > 0));
  assert.equal(progress.at(-1).fraction, 1);
  const split = await lab.runLab('head-to-head', params, { runs: [...b, ...a] });
  // The same numbers (determinism), timings aside: trainSeconds and tokensPerSecond are wall-clock measures.
  const untimed = (r) => r.result.runs.map(({ trainSeconds, tokensPerSecond, ...rest }) => rest);
  assert.deepEqual(split.params, whole.params);
  assert.deepEqual(split.result.summary, whole.result.summary);
  assert.deepEqual(split.result.verdicts, whole.result.verdicts);
  assert.deepEqual(untimed(split), untimed(whole));
  assert.deepEqual(split.result.runs.map((r) => r.lossCurve), whole.result.runs.map((r) => r.lossCurve));
  assert.deepEqual(split.result.paramCountsVocab512, whole.result.paramCountsVocab512);
  assert.equal(split.files['weights.json'], whole.files['weights.json']);
  assert.equal(split.files['metrics.csv'], whole.files['metrics.csv']);
  assert.deepEqual(split.manifest.results_summary, whole.manifest.results_summary);
});

test('runs to assemble and jobs to train are checked, naming the argument', async () => {
  const lab = await getLab();
  const params = { seeds: 1, steps: 3, batch: 4 };
  const runs = await lab.trainHeadToHead(params);
  assert.deepEqual(runs.map((r) => r.variant), ['sinusoidal', 'rope']);
  assert.ok(runs[0].weights instanceof Float32Array && runs[0].weights.length === runs[0].paramCount);
  const cloned = structuredClone(runs);   // what crosses a worker boundary
  assert.equal((await lab.runLab('head-to-head', params, { runs: cloned })).result.runs.length, 2);
  await assert.rejects(lab.runLab('head-to-head', params, { runs: [runs[0]] }), /head-to-head: runs must be one finished run per \(variant, seed\).*got '1 runs'/);
  await assert.rejects(lab.runLab('head-to-head', params, { runs: [runs[0], runs[0]] }), /runs must be .*got 'sinusoidal\/0 twice'/);
  await assert.rejects(lab.runLab('head-to-head', { ...params, steps: 4 }, { runs }), /runs must be .*got 'run sinusoidal\/0 trained with other parameters'/);
  await assert.rejects(lab.runLab('head-to-head', { ...params, seed: 1 }, { runs }), /runs must be .*got 'no run sinusoidal\/1'/);
  await assert.rejects(lab.runLab('rope', {}, { runs }), /runLab: runs must be given only for a pooled lab \(head-to-head\), got 'rope'/);
  // The generic trainJobs: a lab run in one piece has no jobs to train.
  await assert.rejects(lab.trainJobs('rope', {}), { code: 'PE_LAB_BAD_ARGUMENT', param: 'name', got: 'rope' });
  await assert.rejects(lab.trainHeadToHead(params, { jobs: [] }), /head-to-head: jobs must be a non-empty array/);
  await assert.rejects(lab.trainHeadToHead(params, { jobs: [{ variant: 'xpos', seed: 0 }] }), /head-to-head: jobs\[0\]\.variant must be one of 'none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5', got 'xpos'/);
  await assert.rejects(lab.trainHeadToHead(params, { jobs: [{ variant: 'rope', seed: -1 }] }), /jobs\[0\]\.seed must be an integer/);
  await assert.rejects(lab.trainHeadToHead({ ...params, nHeads: 3 }), /head-to-head: nHeads must be a divisor of dModel = 64/);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(lab.trainHeadToHead(params, { signal: ac.signal }), { name: 'AbortError' });
});

const fixture = new URL('../../build/native/fixtures/head_to_head.json', import.meta.url);
test('wasm trains every scheme to the native numbers (float tolerance)', { skip: fixtureSkip(fixture) }, async () => {
  const lab = await getLab();
  const fx = JSON.parse(readFileSync(fixture, 'utf8'));
  assert.equal(fx.runs.length, 6);
  // The study's own six runs (its jobs without `stage`; the robustness grid's second stage is left out here).
  const jobs = planJobs('head-to-head', { preset: 'study', seeds: 1, seed: fx.seed }).filter((j) => j.stage === undefined);
  const runs = await lab.trainHeadToHead({ preset: 'study', seeds: 1, seed: fx.seed, steps: fx.steps, batch: fx.batch }, { jobs });
  assert.deepEqual(runs.map((r) => r.variant), fx.runs.map((r) => r.variant));
  for (const [i, r] of runs.entries()) {
    // Same float32 code through gemm.h; compilers and libm differ in the last ulps, which 20 steps of training
    // carry forward: agreement to 1e-4 on O(1) losses.
    for (const [k, l] of r.lossCurve.entries()) assert.ok(Math.abs(l - fx.runs[i].lossCurve[k]) < 1e-4, `${r.variant} step ${k + 1}`);
    for (const [k, m] of r.metrics.entries()) assert.ok(Math.abs(m.conjLoss - fx.runs[i].conjLoss[k]) < 1e-4, `${r.variant} ${m.split}`);
    // RoPE extended at inference (rope only): the same rows in the same order.
    assert.equal(r.inference.length, fx.runs[i].inferenceConjLoss.length, r.variant);
    for (const [k, x] of r.inference.entries()) assert.ok(Math.abs(x.conjLoss - fx.runs[i].inferenceConjLoss[k]) < 1e-4, `${x.method} ${x.split}`);
  }
});

test("preset 'study' also reruns sinusoidal vs RoPE over the robustness grid, its own runs as the baseline", async () => {
  const lab = await getLab();
  const p = { preset: 'study', seeds: 2, steps: 3, batch: 4 };
  const jobs = planJobs('head-to-head', p);
  // 6 schemes × 2 seeds, then 5 settings (the grid but its baseline) × 2 seeds × 2 variants, as stage 1.
  assert.equal(jobs.filter((j) => j.stage === undefined).length, 12);
  assert.equal(jobs.filter((j) => j.stage === 1).length, 20);
  assert.ok(jobs.filter((j) => j.stage === 1).every((j) => j.setting !== 'baseline' && ['sinusoidal', 'rope'].includes(j.variant)));
  const runs = await lab.trainHeadToHead(p);
  const { result, manifest, files } = await lab.runLab('head-to-head', p, { runs });
  const grid = result.robustness;
  assert.deepEqual(grid.settings.map((s) => s.id), ['baseline', 'sqrt-d', 'std-1', 'sqrt-d-std-1', 'half-budget', 'double-budget']);
  // The baseline's numbers are the study's own sinusoidal and RoPE runs (same parameters, same seeds).
  for (const v of ['sinusoidal', 'rope']) {
    const own = result.runs.filter((r) => r.variant === v).map((r) => r.metrics.find((m) => m.split === 'ood20').conjAcc);
    const base = grid.runs.filter((r) => r.setting === 'baseline' && r.variant === v).map((r) => r.ood20ConjAcc);
    assert.deepEqual(base, own, v);
    assert.ok(Math.abs(grid.settings[0][v].mean - own.reduce((a, b) => a + b) / own.length) < 1e-12, `${v}: mean of its seeds`);
  }
  // Half the budget trains ceil(3 / 2) = 2 steps, double 6 (h2h_robustness.h).
  assert.deepEqual(grid.settings.map((s) => s.steps), [3, 3, 3, 3, 2, 6]);
  assert.deepEqual(Object.keys(manifest.robustness.verdicts), grid.settings.map((s) => s.id));
  assert.ok(manifest.inference, 'the study keeps its inference section');
  assert.match(files['robustness.csv'], /^setting,embed_scale/);
  // The first stage alone (the page shows it while the grid trains): the same study, no robustness part.
  const first = await lab.runLab('head-to-head', p, { runs: runs.filter((r) => r.setting === undefined), partial: true });
  assert.equal(first.result.robustness, null);
  assert.equal(first.manifest.robustness, undefined);
  assert.deepEqual(first.result.summary, result.summary);
  await assert.rejects(lab.runLab('head-to-head', p, { runs: runs.filter((r) => r.setting === undefined) }), (e) => e.param === 'runs');
  await assert.rejects(lab.runLab('head-to-head', p, { partial: true }), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'partial');
});

test("preset 'study' trains all six schemes and reports convergence, untouched parameters and the safetensors weights", async () => {
  const lab = await getLab();
  const { params, result, manifest, files } = await lab.runLab('head-to-head', { preset: 'study', seeds: 1, steps: 3, batch: 4 });
  assert.deepEqual(params.variants, ['none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5']);
  assert.deepEqual(result.runs.map((r) => r.variant), params.variants);
  // Training sequences have <= 6 rows; the last reaches no loss: learned rows 5 … maxLen-1 = 40, T5 buckets 5 … 31.
  const by = Object.fromEntries(result.runs.map((r) => [r.variant, r]));
  assert.deepEqual(by.learned.untouched.learnedRows, [5, 40]);
  assert.deepEqual(by.t5.untouched.t5Buckets, Array.from({ length: 27 }, (_, k) => k + 5));
  assert.deepEqual(by.rope.untouched.learnedRows, []);
  assert.deepEqual(manifest.untouched_parameters.t5.t5Buckets, by.t5.untouched.t5Buckets);
  // 3 steps fit nothing: no variant converged, so the comparison among converged variants is empty.
  for (const v of params.variants) assert.equal(result.convergence[v].converged, false);
  assert.deepEqual(result.comparison.included, []);
  assert.deepEqual(result.comparison.excluded, params.variants);

  // weights.safetensors read here from the format's definition: u64 LE header length, JSON, LE float32 data.
  const bytes = files['weights.safetensors'];
  assert.ok(bytes instanceof Uint8Array);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  const weights = JSON.parse(files['weights.json']);
  assert.deepEqual(JSON.parse(header.__metadata__.runs).map((r) => r.prefix), params.variants.map((v) => `${v}.seed0.`));
  for (const run of weights.runs) {
    const names = Object.keys(header).filter((k) => k.startsWith(`${run.variant}.seed0.`));
    // Every parameter once: the tensors' sizes add up to the run's parameter count, back to back.
    const total = names.reduce((a, k) => a + header[k].shape.reduce((x, y) => x * y, 1), 0);
    assert.equal(total, run.weights.length, run.variant);
    let at = 0;
    for (const k of names) {
      const [b, e] = header[k].data_offsets;
      for (let j = 0; j < (e - b) / 4; j++, at++) assert.equal(view.getFloat32(8 + n + b + 4 * j, true), Math.fround(run.weights[at]));
    }
  }
  const C = 64, NH = 4;
  assert.deepEqual(header['t5.seed0.t5_bias'].shape, [NH, 32]);
  assert.deepEqual(header['learned.seed0.wpe'].shape, [41, C]);
  assert.deepEqual(header['rope.seed0.h0.qkv.w'].shape, [3 * C, C]);
  assert.deepEqual(header['rope.seed0.h1.ln2.b'].shape, [C]);
});

/** The training split's memorisation floor from corpus.json alone (this test's own count, not the core's):
 *  H = −(1/N) Σ over loss positions of ln n(prefix, next) / n(prefix), prefixes starting at BOS (data/corpus.h). */
function memorisationFloorOf(sentences) {
  const counts = new Map();   // prefix text → Map(next → count)
  let n = 0;
  for (const s of sentences) {
    const tokens = ['<bos>', ...s.split(' ')];
    for (let t = 0; t + 1 < tokens.length; t++) {
      const key = tokens.slice(0, t + 1).join('\u0000');
      if (!counts.has(key)) counts.set(key, new Map());
      const next = counts.get(key);
      next.set(tokens[t + 1], (next.get(tokens[t + 1]) ?? 0) + 1);
      n++;
    }
  }
  let h = 0;
  for (const next of counts.values()) {
    const total = [...next.values()].reduce((a, b) => a + b, 0);
    for (const k of next.values()) h -= k * Math.log(k / total);
  }
  return h / n;
}

test('the memorisation floor, accuracy against length (CSV, PNG with bands) and the T = 40 attention maps', async () => {
  const lab = await getLab();
  const { result, files } = await lab.runLab('head-to-head', { seeds: 2, steps: 30, batch: 8 });
  // The floor: the core's number equals this file's count over corpus.json's training sentences; a trained
  // model cannot go below it on train (Gibbs: the empirical conditional is the best function of the prefix).
  const corpus = JSON.parse(files['corpus.json']);
  const train = corpus.splits.find((s) => s.name === 'train');
  assert.equal(train.sentences.length, 240);
  const floor = memorisationFloorOf(train.sentences);
  assert.ok(Math.abs(result.corpus.memorisationFloor - floor) < 1e-12, `${result.corpus.memorisationFloor} vs ${floor}`);
  assert.equal(corpus.memorisation_floor_train, result.corpus.memorisationFloor);
  assert.ok(floor < train.entropy_floor, 'below the entropy floor on this corpus (many prefixes seen once)');
  for (const r of result.runs) assert.ok(r.metrics[0].loss >= floor, `${r.variant}/${r.seed} train loss ${r.metrics[0].loss}`);
  assert.match(files['metrics.md'], new RegExp(`memorisation floor ${floor.toFixed(3)}`));

  // The figure's x axis: val at its longest length (5), then the OOD lengths.
  assert.deepEqual(result.lengthAxis, [['val', 5], ['ood10', 10], ['ood15', 15], ['ood20', 20], ['ood40', 40]].map(([split, length]) => ({ split, length })));
  // Its CSV: per variant, length and measure the mean / min / max over the two seeds, recomputed from the runs.
  const csv = files['accuracy_vs_length.csv'].trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(csv[0], ['variant', 'split', 'length', 'measure', 'mean', 'min', 'max']);
  assert.equal(csv.length - 1, 2 * 5 * 2);
  for (const [variant, split, length, measure, mean, min, max] of csv.slice(1)) {
    const xs = result.runs.filter((r) => r.variant === variant).map((r) => r.metrics.find((m) => m.split === split)[measure]);
    assert.equal(xs.length, 2);
    assert.equal(Number(length), result.lengthAxis.find((a) => a.split === split).length);
    assert.ok(Math.abs(Number(mean) - (xs[0] + xs[1]) / 2) < 1e-12 && Number(min) === Math.min(...xs) && Number(max) === Math.max(...xs), `${variant} ${split} ${measure}`);
  }
  // Its PNG: two panels; RoPE's band drawn in its colour (#009E73) at 20% over white = (204, 236, 227).
  const img = decodePng(await files['accuracy_vs_length.png']);
  let band = 0;
  for (let i = 0; i < img.rgba.length; i += 4) {
    if (Math.abs(img.rgba[i] - 204) <= 3 && Math.abs(img.rgba[i + 1] - 236) <= 3 && Math.abs(img.rgba[i + 2] - 227) <= 3) band++;
  }
  assert.ok(band > 100, `RoPE band pixels: ${band}`);

  // The T = 40 maps: the first ood40 sequence, every layer and head, rows summing to 1 over the causal past.
  const ood40 = corpus.splits.find((s) => s.name === 'ood40').sentences[0];
  for (const r of result.runs) {
    const a = r.attention40;
    assert.equal(a.T, 41);
    assert.equal(a.text, ood40);
    assert.equal(a.maps.length, 2 * 4);
    for (const m of a.maps) {
      for (const q of [0, 20, 40]) {
        const row = Array.from(m.data.slice(q * 41, q * 41 + 41));
        assert.ok(Math.abs(row.reduce((x, y) => x + y, 0) - 1) < 1e-5);
        assert.ok(row.slice(q + 1).every((w) => w === 0), 'causal');
      }
    }
  }
});
