// tests/node/h2h-inference.test.mjs — RoPE extended at inference in runLab('head-to-head') (result.inference,
// wasm/labs/head-to-head-inference.js over core/labs/h2h_inference) on a small budget: its properties (L₀ and
// each split's factor from the corpus, factor-1 rows equal to the plain metrics, Position Interpolation's
// frequencies θ/s, Llama 3 = PI at L₀ = 6, the verdict identifier consistent with its stated rule), the files,
// the worker path's equality with the single call, the CLI's study preset, and bad inferenceFactor values.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLab } from './helpers.mjs';
import { jobsOf } from '../../wasm/labs/head-to-head.js';
import { resolveParams } from '../../wasm/params.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SMALL = { seeds: 2, steps: 30, batch: 8 };
const METHODS = ['linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3'];
const VERDICTS = ['holds', 'contradicted', 'inconclusive', 'missing-long-split', 'missing-rope', 'rope-not-converged', 'missing-remedy'];

let small;
async function smallRun() {
  small ??= (await getLab()).runLab('head-to-head', SMALL);
  return small;
}

test('result.inference: L0, each split\'s factor and T from the corpus, every rope seed × method × split', async () => {
  const { result } = await smallRun();
  const inf = result.inference;
  // L0 from the corpus text itself: the longest training sentence in words, plus BOS.
  const L0 = Math.max(...result.corpus.examples.train.map((s) => s.split(' ').length)) + 1;
  assert.equal(L0, 6);
  assert.equal(inf.trainLength, L0);
  assert.equal(inf.inferenceFactor, 0);
  assert.deepEqual(inf.methods, METHODS);
  // T = the split's length + BOS (val: at most 5 tokens); factor = max(1, T / L0).
  const lengths = Object.fromEntries(result.corpus.splits.map((s) => [s.name, s.length]));
  assert.deepEqual(inf.splits.map((s) => s.split), ['val', 'ood10', 'ood15', 'ood20', 'ood40']);
  for (const s of inf.splits) {
    assert.equal(s.T, lengths[s.split] + 1, s.split);
    assert.equal(s.factor, Math.max(1, s.T / L0), s.split);
  }
  assert.equal(inf.rows.length, SMALL.seeds * METHODS.length * inf.splits.length);
  const ropeRuns = result.runs.filter((r) => r.variant === 'rope');
  for (const run of ropeRuns) {
    for (const s of inf.splits) {
      const plain = run.metrics.find((m) => m.split === s.split);
      const mine = inf.rows.filter((x) => x.seed === run.seed && x.split === s.split);
      assert.deepEqual(mine.map((x) => x.method), METHODS);
      for (const x of mine) {
        assert.equal(x.factor, s.factor);
        // Property: at s = 1 (val, whose longest sequence is L0) every method is plain RoPE, bit for bit.
        if (x.factor === 1) assert.deepEqual([x.conjAcc, x.conjLoss, x.loss], [plain.conjAcc, plain.conjLoss, plain.loss], `${x.method} ${x.split}`);
      }
      // At L0 = 6 every pair's wavelength (>= 2π) exceeds L0, so Llama 3 divides every frequency by s, like PI:
      // the same tables, the same numbers.
      const byMethod = Object.fromEntries(mine.map((x) => [x.method, x]));
      assert.deepEqual({ ...byMethod.llama3, method: 'linear' }, byMethod.linear);
    }
  }
  // The summary is the rows' mean and range over seeds.
  for (const m of METHODS) {
    for (const s of inf.splits) {
      const acc = inf.rows.filter((x) => x.method === m && x.split === s.split).map((x) => x.conjAcc);
      const st = inf.summary[m][s.split].conjAcc;
      assert.equal(st.min, Math.min(...acc));
      assert.equal(st.max, Math.max(...acc));
      assert.ok(Math.abs(st.mean - acc.reduce((a, b) => a + b, 0) / acc.length) < 1e-15);
    }
  }
});

test('which pairs change: PI divides every frequency by s; the verdict follows its stated rule', async () => {
  const { result } = await smallRun();
  const inf = result.inference;
  const P = 64 / 4 / 2;   // dModel / nHeads / 2 rotation pairs
  for (const s of inf.splits) {
    const pi = inf.pairs.find((p) => p.method === 'linear' && p.split === s.split);
    assert.equal(pi.nPairs, P);
    // PI: θ'_k = θ_k / s, so the relative change is 1 − 1/s for every pair; changed iff s > 1.
    for (const r of pi.relChange) assert.ok(Math.abs(r - (1 - 1 / s.factor)) < 1e-12);
    assert.equal(pi.changed, s.factor > 1 ? P : 0);
    const yarn = inf.pairs.find((p) => p.method === 'yarn' && p.split === s.split);
    // YaRN's attention factor 0.1·ln s + 1 (1 at s = 1).
    assert.ok(Math.abs(yarn.attentionFactor - (s.factor > 1 ? 0.1 * Math.log(s.factor) + 1 : 1)) < 1e-12);
    const same = inf.coincide.find((c) => c.split === s.split && c.a === 'linear' && c.b === 'llama3');
    assert.equal(same.same, true);
  }
  const v = inf.verdict;
  assert.ok(VERDICTS.includes(v.id), v.id);
  if (['holds', 'contradicted', 'inconclusive'].includes(v.id)) {
    assert.equal(v.split, 'ood40');   // the longest split with T / L0 >= 4 (41 / 6)
    // The rule, re-derived from the entries the verdict reports: X beats Y when X's lowest seed is above Y's highest.
    const plain = v.entries.filter((e) => e.role === 'plain');
    const remedy = v.entries.filter((e) => e.role === 'remedy');
    assert.deepEqual(plain.map((e) => e.name), ['rope', 'sinusoidal'].filter((n) => !v.excluded.includes(n)));
    assert.ok(remedy.some((e) => e.name === 'rope+yarn'));
    const beatsAll = (x, ys) => ys.every((y) => x.min > y.max);
    const expected = remedy.some((r) => beatsAll(r, plain)) ? 'holds' : plain.some((p) => beatsAll(p, remedy)) ? 'contradicted' : 'inconclusive';
    assert.equal(v.id, expected);
    // decidedBy names the entry that carries the verdict: above every entry of the other side.
    if (expected === 'inconclusive') assert.equal(v.decidedBy, '');
    else assert.ok(beatsAll(v.entries.find((e) => e.name === v.decidedBy), expected === 'holds' ? plain : remedy), v.decidedBy);
    // Each entry's numbers are the seeds' accuracies at ood40 (RoPE: the plain metrics).
    const ropeAcc = result.runs.filter((r) => r.variant === 'rope').map((r) => r.metrics.find((m) => m.split === 'ood40').conjAcc);
    const rope = v.entries.find((e) => e.name === 'rope');
    assert.deepEqual([rope.min, rope.max, rope.seeds], [Math.min(...ropeAcc), Math.max(...ropeAcc), ropeAcc.length]);
  }
});

test('files: inference.csv, inference.md and the manifest section', async () => {
  const { result, manifest, files } = await smallRun();
  const lines = files['inference.csv'].trim().split('\n');
  assert.equal(lines[0], 'method,seed,split,factor,conj_acc,conj_loss,next_loss');
  assert.equal(lines.length, 1 + result.inference.rows.length);
  assert.match(files['inference.md'], new RegExp(`Verdict: \\*\\*${result.inference.verdict.id}\\*\\*`));
  assert.match(files['inference.md'], /Position Interpolation/);
  assert.equal(manifest.inference.course_claim.verdict, result.inference.verdict.id);
  assert.equal(manifest.inference.train_length, 6);
  // Without a rope variant there is nothing to extend.
  const lab = await getLab();
  const sin = await lab.runLab('head-to-head', { ...SMALL, seeds: 1, steps: 5, variants: ['sinusoidal'] });
  assert.equal(sin.result.inference, null);
  assert.equal(sin.files['inference.csv'], undefined);
  assert.equal(sin.manifest.inference, null);
});

test('a fixed inferenceFactor applies to every split; jobs trained apart give the same inference', async () => {
  const lab = await getLab();
  const params = { seeds: 1, steps: 12, batch: 8, inferenceFactor: 2 };
  const whole = await lab.runLab('head-to-head', params);
  for (const x of whole.result.inference.rows) assert.equal(x.factor, 2);
  for (const s of whole.result.inference.splits) assert.equal(s.factor, 2);
  const jobs = jobsOf(whole.params);
  const runs = [...await lab.trainHeadToHead(params, { jobs: [jobs[1]] }), ...await lab.trainHeadToHead(params, { jobs: [jobs[0]] })];
  const split = await lab.runLab('head-to-head', params, { runs: structuredClone(runs) });
  assert.deepEqual(split.result.inference, whole.result.inference);
  assert.equal(split.files['inference.csv'], whole.files['inference.csv']);
  assert.equal(split.files['inference.md'], whole.files['inference.md']);
  // Runs evaluated with another factor do not assemble into this one.
  await assert.rejects(lab.runLab('head-to-head', { ...params, inferenceFactor: 0 }, { runs }), /runs must be .*trained with other parameters/);
});

test('a bad inferenceFactor is refused with code, param, allowed and got; the module keeps working', async () => {
  const lab = await getLab();
  for (const bad of [0.5, -1, 65, Number.NaN, 'x']) {
    await assert.rejects(lab.runLab('head-to-head', { ...SMALL, inferenceFactor: bad }), (err) => {
      assert.equal(err.code, 'PE_LAB_BAD_ARGUMENT');
      assert.equal(err.param, 'inferenceFactor');
      assert.ok(typeof err.allowed === 'string' && err.allowed.length > 0);
      assert.ok(Object.is(err.got, bad) || String(err.got) === String(bad), `got ${err.got}`);
      return true;
    });
  }
  // The core refuses (0, 1) too when called directly, past the JS checks.
  assert.throws(() => lab._wasm.headToHeadRun({ ...resolveParams('head-to-head', {}), inferenceFactor: 0.5 }, 'rope', 0, () => false),
    (err) => err.code === 'PE_LAB_BAD_ARGUMENT' && err.param === 'inferenceFactor' && err.got === '0.5');
  const ok = await lab.runLab('head-to-head', { seeds: 1, steps: 3, batch: 4, variants: ['rope'], inferenceFactor: 1 });
  assert.ok(ok.result.inference.rows.every((x) => x.factor === 1));
});

test('the CLI writes inference.csv and inference.md for the study preset', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pe-lab-inf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, ['wasm/cli.js', 'run', 'head-to-head', '--preset', 'study', '--seeds', '1', '--steps', '5', '--out', dir],
    { cwd: REPO, encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  const csvText = readFileSync(path.join(dir, 'inference.csv'), 'utf8');
  assert.equal(csvText.trim().split('\n').length, 1 + METHODS.length * 5);   // one rope seed × 5 methods × 5 splits
  const man = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  assert.equal(man.experiment, '16-pe-compare');
  assert.ok(VERDICTS.includes(man.inference.course_claim.verdict));
  assert.match(readFileSync(path.join(dir, 'inference.md'), 'utf8'), /The course's claim/);
});
