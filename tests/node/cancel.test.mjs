// tests/node/cancel.test.mjs — runLab(name, params, { signal }) in Node: the lab runs in a worker thread, so an
// AbortSignal.timeout fires even while training blocks that thread; abort rejects with an AbortError and
// the module keeps working. A signalled run gives the same result, files, progress and errors as one without.
// Leaves out: the page's workers (web/worker.js, e2e tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLab } from './helpers.mjs';

const lab = await getLab();

test('a long head-to-head run is cancelled by AbortSignal.timeout within ~3 s; the module works afterwards', async () => {
  const t0 = performance.now();
  await assert.rejects(
    lab.runLab('head-to-head', { steps: 5000 }, { signal: AbortSignal.timeout(1000), budget: 'none' }),
    (err) => {
      assert.equal(err.name, 'AbortError');
      assert.equal(err.cause?.name, 'TimeoutError');   // AbortSignal.timeout's reason, kept as the cause
      return true;
    });
  const elapsed = performance.now() - t0;
  assert.ok(elapsed >= 900 && elapsed < 3000, `rejected after ${elapsed.toFixed(0)} ms`);
  // Still healthy, on this thread and through another worker.
  assert.deepEqual(lab.alibiSlopes(2), new Float64Array([2 ** -4, 2 ** -8]));   // ALiBi: 2^(-8i/n), n = 2
  const again = await lab.runLab('sinusoidal', { T: 8, d: 4, dims: [0] }, { signal: AbortSignal.timeout(20000) });
  assert.deepEqual(again.result.pe.shape, [8, 4]);
});

test('a run with a signal gives the same result and files as one without, and reports progress', async () => {
  const params = { TSweep: [16, 32], extraSchemes: ['alibi'] };
  const plain = await lab.runLab('extrapolation', params);
  const progress = [];
  const viaWorker = await lab.runLab('extrapolation', params, { signal: new AbortController().signal, onProgress: (p) => progress.push(p.fraction) });
  assert.deepEqual(JSON.parse(JSON.stringify(viaWorker.result)), JSON.parse(JSON.stringify(plain.result)));
  assert.deepEqual(viaWorker.params, plain.params);
  assert.equal(viaWorker.files['extrapolation_metric.csv'], plain.files['extrapolation_metric.csv']);
  assert.equal(progress.at(-1), 1);
});

test('an argument error inside the worker keeps its code and parameter', async () => {
  // dModel 32 is not divisible by 3 heads: the lab module's own check, thrown in the worker thread.
  await assert.rejects(lab.runLab('extrapolation', { nHeads: 3 }, { signal: AbortSignal.timeout(20000) }),
    (err) => err.code === 'PE_LAB_BAD_ARGUMENT' && err.param === 'nHeads' && /divisor of dModel/.test(err.message));
});

test('an already aborted signal rejects at once; budget refusals come before any worker starts', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(lab.runLab('rope', {}, { signal: controller.signal }), (err) => err.name === 'AbortError');
  const t0 = performance.now();
  await assert.rejects(lab.runLab('head-to-head', { steps: 5000 }, { signal: AbortSignal.timeout(20000) }),
    (err) => err.code === 'PE_LAB_BAD_ARGUMENT' && err.param === 'steps');
  assert.ok(performance.now() - t0 < 100);
});

test('trainHeadToHead with a signal trains in a worker thread: the same runs, and cancellable', async () => {
  const params = { steps: 3, seeds: 1, variants: ['rope'], batch: 4 };
  const plain = await lab.trainHeadToHead(params);
  const viaWorker = await lab.trainHeadToHead(params, { signal: AbortSignal.timeout(20000) });
  assert.deepEqual(Array.from(viaWorker[0].weights), Array.from(plain[0].weights));   // same seed → same training
  assert.deepEqual(Array.from(viaWorker[0].lossCurve), Array.from(plain[0].lossCurve));
  const t0 = performance.now();
  await assert.rejects(lab.trainHeadToHead({ steps: 5000, seeds: 1 }, { signal: AbortSignal.timeout(500) }), (err) => err.name === 'AbortError');
  assert.ok(performance.now() - t0 < 2500);
});
