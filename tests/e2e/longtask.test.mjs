// tests/e2e/longtask.test.mjs — the page never freezes (issue 14): every lab, run from a link at a large size
// the page's budget allows (pressing Run when the page waits for it), leaves no main-thread task over 1 s,
// measured by a PerformanceObserver('longtask') installed before the page's first script, from load to the
// last figure drawn; for the largest maps (context extension at L = 4096) downloading the largest figure's PNG
// and the whole .zip too. A long run can be cancelled: Cancel stops it, the previous results stay and the
// learner's edited parameters are kept.
// 1 s is a generous bound against regressions (the target is 200 ms; bench/page.mjs reports the real figure).
// A task's duration is wall time: on a machine whose cores are shared (other processes, the lab's own workers)
// it includes the time the thread waited for a core. So a reported task over 1 s fails only if the page's main
// thread also spent over 1 s of its own CPU time in it (Chromium's trace of the same task, category toplevel:
// its thread duration), or if the trace has no task of that length. A real freeze (e.g. a zip built on the
// page's thread) fails both ways.
// Leaves out: the exact timings (bench/page.mjs) and whether the files are right (downloads.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useBrowser, openPage } from './harness.mjs';

const env = useBrowser();
const MAX_TASK_MS = 1000;

// Large runs the page allows (under the memory budget; each estimated at 0.1-5 s on one thread by wasm/cost.js,
// so several wait for Run): the sizes of issue 14's freezes where a lab has one (context extension at factor 32,
// L = 4096: six 4096² maps), else a size that makes its figures 2048² or larger.
const LARGE_RUNS = {
  permutation: 'permutation.dModel=256&permutation.nHeads=16',
  sinusoidal: 'sinusoidal.T=2048&sinusoidal.d=256',
  rope: 'rope.T=4096&rope.dHead=128',
  extrapolation: 'extrapolation.TSweep=512,1024,2048&extrapolation.nHeads=2',
  'head-to-head': 'head-to-head.steps=100',
  biases: 'biases.farT=2048&biases.nHeads=8',
  'context-extension': 'context-extension.factor=32',
};

/** Records every long task (start, duration) from the page's start. */
function observeLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
  }).observe({ type: 'longtask', buffered: true });
}

/** Resolves once `lab`'s results are shown and no run is in flight. */
function settled(page, lab, timeout = 240_000) {
  return page.waitForFunction((id) => {
    const r = document.querySelector(`#${id} .lab-results`);
    return r && r.getAttribute('aria-busy') !== 'true' && !r.classList.contains('is-running') && r.querySelector('[data-value]');
  }, lab, { timeout, polling: 250 });
}

/** Waits `ms` with the page idle, so the last staged drawing and the observer's reports are in. */
const quiet = (page, ms = 1500) => page.waitForTimeout(ms);

async function longTasks(page) {
  return page.evaluate(() => window.__longTasks);
}

/** Runs `body` while Chromium traces its tasks; sets page.mainTasks: the main thread's events [{ ms, cpuMs }] (wall and thread time). */
async function tracedTasks(page, body) {
  await env.browser.startTracing(page, { categories: ['toplevel'] });
  try {
    await body();
  } finally {
    const { traceEvents } = JSON.parse((await env.browser.stopTracing()).toString('utf8'));
    const mains = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`));
    // Every complete event of the main thread (ThreadControllerImpl::RunTask, a microtask checkpoint, …) over 50 ms.
    page.mainTasks = traceEvents.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`) && e.dur > 50_000)
      .map((e) => ({ ms: e.dur / 1000, cpuMs: (e.tdur ?? e.dur) / 1000 }));
  }
}

/** Fails when a long task over MAX_TASK_MS (the observer's) is also over it in the thread's CPU time (the trace's task of that duration). */
function assertNoFreeze(tasks, traced, what) {
  const longest = Math.max(0, ...tasks.map((t) => t.ms));
  const over = tasks.filter((t) => t.ms > MAX_TASK_MS).map((t) => {
    // The traced event of the closest duration (within 5 %: the observer's task also covers its rendering).
    const near = traced.filter((e) => Math.abs(e.ms - t.ms) <= 5 + 0.05 * t.ms).sort((a, b) => Math.abs(a.ms - t.ms) - Math.abs(b.ms - t.ms));
    return { ...t, cpuMs: near.length ? Math.round(near[0].cpuMs) : null };
  });
  console.log(`${what}: ${tasks.length} long tasks, longest ${longest} ms${over.length ? `; over ${MAX_TASK_MS} ms: ${over.map((t) => `${t.ms} ms (CPU ${t.cpuMs ?? '?'} ms)`).join(', ')}` : ''}`);
  const frozen = over.filter((t) => t.cpuMs === null || t.cpuMs > MAX_TASK_MS);
  assert.deepEqual(frozen, [], `${what}: main-thread tasks over ${MAX_TASK_MS} ms (cpuMs null: not found in the trace)`);
}

for (const [lab, query] of Object.entries(LARGE_RUNS)) {
  test(`${lab} at ${query.replaceAll(`${lab}.`, '')}: no main-thread task over 1 s`, async () => {
    const page = await openPage(env.browser, env.server.url, { acceptDownloads: true });
    await page.addInitScript(observeLongTasks);
    await tracedTasks(page, async () => {
      await page.goto(`${env.server.url}?${query}#${lab}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
      const run = page.locator(`#${lab} [data-action="run"]`);
      if (await run.count()) await run.click();
      await settled(page, lab);
      // The results are the large run's: the link's values are in the controls and no error made the page fall
      // back to defaults (web/ui/section.js initialRun).
      const [key, value] = query.split('&')[0].split('=');
      assert.equal(await page.locator(`#${lab} input[name="${key.split('.')[1]}"]`).inputValue(), value);
      assert.equal(await page.locator(`#${lab} .field-error`).count(), 0, 'no error: the large parameters ran');
      await quiet(page);
      if (lab === 'context-extension') {
        // The largest figure's PNG and the zip of every file: built in the worker (web/ui/runner.js fileOf).
        for (const file of ['context_extension_attention.png', `pe-lab-${lab}.zip`]) {
          const download = page.waitForEvent('download', { timeout: 240_000 });
          await page.locator(`#${lab} [data-export="${file}"]`).click();
          const saved = await (await download).path();
          const head = (await readFile(saved)).subarray(0, 4);
          assert.deepEqual([...head], file.endsWith('.png') ? [0x89, 0x50, 0x4e, 0x47] : [0x50, 0x4b, 0x03, 0x04], `${file} is a ${file.slice(-3)}`);
        }
        await quiet(page);
      }
    });
    assertNoFreeze(await longTasks(page), page.mainTasks, `${lab} (${query})`);
    assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
    await page.context().close();
  });
}

test('Cancel stops a long run (sinusoidal T = 2048, d = 1024), keeps the last results and the edited parameters', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.addInitScript(observeLongTasks);
  await tracedTasks(page, async () => {
    await page.goto(`${env.server.url}#sinusoidal`);
    await settled(page, 'sinusoidal');
    const section = page.locator('#sinusoidal');
    const before = await section.locator('.lab-results [data-value]').evaluateAll((els) => els.map((e) => e.dataset.value));
    const T = section.locator('input[name="T"]');
    const d = section.locator('input[name="d"]');
    await d.fill('1024');
    await T.fill('2048');
    await T.dispatchEvent('change');
    // wasm/cost.js puts it at ~10 s: the run bar (progress + Cancel) shows while it lasts.
    const cancel = section.locator('.run-bar:not([hidden]) [data-action="cancel"]');
    await cancel.waitFor({ timeout: 30_000 });
    assert.equal(await section.locator('.lab-results').getAttribute('aria-busy'), 'true', 'the run is in flight');
    await cancel.click();
    await page.waitForFunction(() => window.__peLab.runner.pending() === 0, null, { timeout: 10_000 });
    assert.equal(await section.locator('.lab-results').getAttribute('aria-busy'), 'false');
    assert.equal(await section.locator('.run-bar').isHidden(), true, 'the run bar is gone');
    assert.equal(await T.inputValue(), '2048', 'the edited T is kept');
    assert.equal(await d.inputValue(), '1024', 'the edited d is kept');
    const after = await section.locator('.lab-results [data-value]').evaluateAll((els) => els.map((e) => e.dataset.value));
    assert.deepEqual(after, before, 'the last good results stay');
    await quiet(page, 1000);
  });
  assertNoFreeze(await longTasks(page), page.mainTasks, 'cancelled sinusoidal run');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
