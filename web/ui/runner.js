// web/ui/runner.js — runs labs in web/worker.js, off the main thread:
//   run(lab, params, { onProgress, signal }) → Promise of runLab's { params, result, manifest, files }
//   (its long number arrays as Float64Arrays, web/ui/transfer.js);
//   fileOf(lab, out, name) → Promise of a Blob: one of a run's files, or (name null) all of them as a .zip,
//   built in a worker of its own, so no download holds the page's thread.
// Most labs run in one long-lived worker. A pooled lab (planJobs(name, params) lists its jobs: head-to-head's
// (variant, seed) pairs) spreads them over a pool of min(hardwareConcurrency, jobs, 4) workers (runPooled): the
// long-lived one plus extras, kept warm for POOL_IDLE_MS after a finished run (stopped at once after a
// cancelled or failed one); each free worker takes the next job, and the long-lived worker assembles the runs
// with runLab(name, params, { runs }), so the result is the one a single worker (or Node) gives.
// Nothing here names a lab: which labs pool and how is the package's (pe-lab's planJobs / trainJobs).
// Each worker's first message is the page's compiled WebAssembly.Module (pe-lab's compileWasm(), compiled once
// per page), so a cold load fetches the .wasm exactly once, workers included.
// Aborting `signal` (the section's Cancel) rejects at once with an AbortError and asks the workers to stop; a
// worker that has not stopped within KILL_AFTER_MS (a lab busy inside wasm cannot listen) is terminated, and
// a fresh one takes over its other pending requests. Errors keep runLab's message (one worker's error rejects
// the whole pooled run), so inline errors work as on the main thread.

import { pack, unpack } from './transfer.js';
import { filesFor, planJobs, compileWasm } from 'pe-lab';
import { nextTask } from './stage.js';

const KILL_AFTER_MS = 300;
const SLICE = 1 << 20;   // numbers per message when sending a run's long arrays to the file worker (8 MB)
const MAX_POOL = 4;
// Pooled progress reaches the page in batches: each message from a worker would otherwise be its own task
// and its own repaint (a long page repaints in ~10-20 ms without a GPU), eating the cores the workers need.
const PROGRESS_BATCH_MS = 200;
const POOL_IDLE_MS = 30_000;
let nextId = 1;
const active = new Set();   // the AbortController of every run in flight (for terminate())

function abortError(signal) {
  return signal?.reason instanceof Error || signal?.reason instanceof DOMException
    ? signal.reason : new DOMException('The run was cancelled.', 'AbortError');
}

function errorFrom({ name, message, code, param, allowed, got }) {
  const err = new Error(message);
  if (name && name !== 'Error') err.name = name;
  if (code !== undefined) Object.assign(err, { code, param, allowed, got });
  return err;
}

/** runLab's answer from the worker's { params, result, manifest, raw }: the same lazy `files`, rebuilt here
 *  (getters cannot cross threads; nothing is recomputed, each file is built when first read). */
function withFiles(lab, { params, result, manifest, raw }) {
  // `raw` rides along, not enumerable, as on runLab's answer (fileOf sends it back to build weights.json).
  return Object.defineProperty({ params, result, manifest, files: filesFor(lab, params, result, manifest, raw) }, 'raw', { value: raw });
}

/** One worker and the requests it owes an answer; replaced (pending requests re-sent) when a cancelled
 *  request does not stop in time. */
class Slot {
  constructor(name) {
    this.name = name;
    this.worker = null;
    this.requests = new Map();  // id -> { message, resolve, reject, onProgress, transfer }
    this.inFlight = new Set();  // ids the current worker still owes an answer
    this.retireTimer = null;
    this.booted = null;         // Promise: the worker has been sent the compiled module (its first message)
  }

  /** Posts `message` to the current worker after its first message (the module), in the order posted. */
  post(message, transfer = []) {
    const w = this.worker;
    this.booted = this.booted.then(() => {
      if (w !== this.worker) return;
      try {
        w.postMessage(message, transfer);
      } catch (err) {   // e.g. a re-sent message whose buffers were moved to the worker replaced
        const req = this.requests.get(message.id);
        this.requests.delete(message.id);
        this.inFlight.delete(message.id);
        req?.reject(err);
      }
    });
  }

  /** Posts a message that wants no answer, starting the worker if needed. */
  postNew(message, transfer) {
    if (!this.worker) this.spawn();
    this.post(message, transfer);
  }

  spawn() {
    const w = new Worker(new URL('../worker.js', import.meta.url), { type: 'module', name: this.name });
    w.addEventListener('message', ({ data }) => {
      if (w !== this.worker) return;
      const req = this.requests.get(data.id);
      if ('progress' in data) { req?.onProgress?.(data.progress); return; }
      this.inFlight.delete(data.id);
      if (!req) return;   // cancelled meanwhile
      this.requests.delete(data.id);
      if (data.error) req.reject(errorFrom(data.error));
      else req.resolve(data);
    });
    w.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      if (w === this.worker) this.terminate(new Error(`worker: ${ev.message || 'failed to start'}`));
    });
    this.worker = w;
    this.booted = compileWasm().then((wasmModule) => { if (w === this.worker) w.postMessage({ init: { wasmModule } }); },
      (err) => { if (w === this.worker) this.terminate(err); });
  }

  send(id, req) {
    if (!this.worker) this.spawn();
    this.inFlight.add(id);
    this.post({ id, ...req.message }, req.transfer);
    req.transfer = [];   // moved once: a re-send after a respawn has nothing left to move
  }

  /** Terminates the worker and re-sends every request still wanted to a new one. */
  respawn() {
    this.worker?.terminate();
    this.worker = null;
    this.inFlight.clear();
    for (const [id, req] of this.requests) this.send(id, req);
  }

  /** Posts `message` ({ lab, params } or { op, … }, see web/worker.js) → Promise of the worker's answer. */
  request(message, { onProgress, signal, transfer = [] } = {}) {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const req = { message, resolve, reject, onProgress, transfer };
      this.requests.set(id, req);
      this.send(id, req);
      signal?.addEventListener('abort', () => {
        if (!this.requests.has(id)) return;
        this.requests.delete(id);
        reject(abortError(signal));
        if (!this.inFlight.has(id)) return;
        this.post({ cancel: id });
        const w = this.worker;
        setTimeout(() => { if (this.worker === w && this.inFlight.has(id)) this.respawn(); }, KILL_AFTER_MS);
      }, { once: true });
    });
  }

  /** Stops the worker now, rejecting what it owes with `reason`. */
  terminate(reason = new DOMException('The runner was terminated.', 'AbortError')) {
    clearTimeout(this.retireTimer);
    for (const req of this.requests.values()) req.reject(reason);
    this.requests.clear();
    this.inFlight.clear();
    this.worker?.terminate();
    this.worker = null;
    extras.delete(this);
  }

  /** Stops an extra worker after its run: at once when idle, else after the cancel grace. */
  retire() {
    if (!this.inFlight.size) this.terminate();
    else this.retireTimer = setTimeout(() => this.terminate(), KILL_AFTER_MS);
  }
}

const main = new Slot('pe-lab');
const exporter = new Slot('pe-lab-files');   // builds files, so a download never waits for a run in `main`
const extras = new Set();   // pool workers alive: in a run, stopping, or idle
const idle = [];            // extras kept warm between runs
let idleTimer = null;
let extrasMade = 0;

/** n extra slots for a run: warm ones first. */
function takeExtras(n) {
  const out = [];
  for (let k = 0; k < n; k++) {
    const slot = idle.pop() ?? new Slot(`pe-lab-${++extrasMade}`);
    extras.add(slot);
    out.push(slot);
  }
  return out;
}

/** After a run: a finished run's extras stay warm for POOL_IDLE_MS; a cancelled or failed run's stop. */
function releaseExtras(slots, keepWarm) {
  for (const slot of slots) {
    if (keepWarm && slot.worker && !slot.inFlight.size) idle.push(slot);
    else slot.retire();
  }
  clearTimeout(idleTimer);
  if (idle.length) idleTimer = setTimeout(() => { for (const slot of idle.splice(0)) slot.terminate(); }, POOL_IDLE_MS);
}

/** Runs one request with an AbortController that terminate() can reach as well as `signal`. */
async function tracked(signal, body) {
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortError(signal));
  signal?.addEventListener('abort', onAbort, { once: true });
  active.add(controller);
  try {
    return await body(controller.signal);
  } finally {
    active.delete(controller);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs `lab` with `params` in the worker (a pooled lab: over the pool; onPartial, see runPooled). */
export function run(lab, params = {}, { onProgress, onPartial, signal, budget } = {}) {
  let jobs;
  try {
    jobs = planJobs(lab, params);   // also the Errors runLab would give, before any worker starts
  } catch (err) {
    return Promise.reject(err);
  }
  if (jobs) return runPooled(lab, params, jobs, { onProgress, onPartial, signal, budget });
  return tracked(signal, async (sig) => {
    const data = await main.request({ lab, params, budget }, { onProgress, signal: sig });
    return withFiles(data.lab, unpack(data.result));
  });
}

/** Workers for `jobs` jobs on this machine: min(hardwareConcurrency (2 when unknown), jobs, MAX_POOL). */
export function poolSize(jobs) {
  const cores = globalThis.navigator?.hardwareConcurrency || 2;
  return Math.max(1, Math.min(cores, jobs, MAX_POOL));
}

/**
 * How much faster `workers` workers finish than one, for the page's time estimates: not `workers` — they share
 * the cores' caches and the page's own thread — but 1 + POOL_GAIN per extra worker. bench/browser-head-to-head.mjs
 * measured 1.2–1.65× with 2 workers on the 2-core machine (2026-12-02); one worker ran at the cost model's
 * estimate (the default run: 12.3 s measured, 12.2 s estimated).
 */
const POOL_GAIN = 0.5;
export function poolSpeedup(workers) {
  return 1 + POOL_GAIN * (Math.max(1, workers) - 1);
}

/**
 * runLab(lab, params) with its `jobs` (planJobs) spread over poolSize(jobs) workers. onProgress sees every
 * report of every job (whatever trainJobs reports: head-to-head's { variant, seed, step, steps, loss, message },
 * about every 50 ms per worker) with `fraction` = the mean of the jobs' own fractions and `workers`, delivered
 * in one batch every PROGRESS_BATCH_MS. The answer is runLab's, plus `pool: { workers, seconds }` (wall time).
 * Jobs with a `stage` (head-to-head's study: its robustness grid) train after the others; once those are done,
 * onPartial(answer) gets runLab's answer for them alone (runLab's { runs, partial }), assembled by the worker
 * that trained the last of them while the others train on, so the first stage's result shows before the end.
 */
function runPooled(lab, rawParams, jobs, { onProgress, onPartial, signal, budget } = {}) {
  return tracked(signal, async (sig) => {
    const started = performance.now();
    const workers = poolSize(jobs.length);
    const slots = [main, ...takeExtras(workers - 1)];
    let finished = false;
    // An error in one worker stops the others: they share this controller.
    const controller = new AbortController();
    const stop = () => controller.abort(abortError(sig));
    sig.addEventListener('abort', stop, { once: true });
    const jobFraction = new Float64Array(jobs.length);   // each job's last reported fraction
    let doneSum = 0;
    let batch = [];
    let batchTimer = null;
    const flush = () => {
      clearTimeout(batchTimer);
      batchTimer = null;
      const list = batch;
      batch = [];
      if (!controller.signal.aborted) for (const p of list) onProgress?.(p);
    };
    const progressOf = (k) => (p) => {
      const f = Number.isFinite(p?.fraction) ? p.fraction : jobFraction[k];
      doneSum += f - jobFraction[k];
      jobFraction[k] = f;
      if (!onProgress) return;
      batch.push({ ...p, fraction: doneSum / jobs.length, workers });
      batchTimer ??= setTimeout(flush, PROGRESS_BATCH_MS);
    };
    const answer = (data) => {
      const out = withFiles(lab, unpack(data.result));
      const pool = { workers, seconds: (performance.now() - started) / 1000 };
      return Object.defineProperty({ ...out, pool }, 'raw', { value: out.raw });   // a spread drops non-enumerable `raw`
    };
    let firstLeft = jobs.filter((j) => j.stage === undefined).length;
    const staged = onPartial && firstLeft < jobs.length;
    let partial = null;   // the first stage's assembly, requested once its last job is trained
    const firstRuns = [];
    try {
      const runs = [];
      let next = 0;
      await Promise.all(slots.map(async (slot) => {
        while (next < jobs.length) {
          const k = next++;
          const { runs: [r] } = await slot.request({ op: 'trainJobs', lab, params: rawParams, jobs: [jobs[k]] },
            { onProgress: progressOf(k), signal: controller.signal });
          runs.push(r);
          if (jobs[k].stage === undefined) firstRuns.push(r);
          if (staged && jobs[k].stage === undefined && --firstLeft === 0) {
            // Assembled by this worker, which has just finished (another may be minutes into a long job), before
            // it takes the next one.
            partial = slot.request({ op: 'run', lab, params: rawParams, runs: firstRuns, partial: true, budget }, { signal: controller.signal })
              .then(async (data) => {
                const out = answer(data);
                await nextTask();   // unpacking 18 runs and drawing them: two tasks, not one (issue 14)
                if (!controller.signal.aborted) onPartial(out);
              }, () => {});   // a failed preview leaves the run to finish
            await partial;
          }
        }
      })).catch((err) => {
        controller.abort(err);
        throw sig.aborted ? abortError(sig) : err;
      });
      await partial;   // shown before the whole result, never after it
      flush();
      finished = true;
      releaseExtras(slots.slice(1), true);   // idle now: back to the pool before assembling
      return answer(await main.request({ op: 'run', lab, params: rawParams, runs, budget }, { signal: controller.signal }));
    } finally {
      clearTimeout(batchTimer);
      sig.removeEventListener('abort', stop);
      if (!finished) releaseExtras(slots.slice(1), false);
    }
  });
}

/** Re-evaluates a head-to-head weights.json (its text) in the worker → [{ variant, seed, config, metrics, attention }]. */
export async function evaluateWeights(text, { signal } = {}) {
  return tracked(signal, async (sig) => (await main.request({ op: 'evaluateWeights', weights: text }, { signal: sig })).evaluated);
}

/**
 * File `name` of runLab's answer `out` (main thread's or a worker's) as a Blob, or with name null a .zip of
 * all its files. Built in a worker of its own: a figure's PNG (drawn on an OffscreenCanvas there, large maps
 * pooled there), a big CSV and the zip never hold the page's thread. The run's long arrays go there in slices
 * of SLICE numbers, one short task each (a single message of a 4096² sweep's maps held the thread for seconds).
 */
export function fileOf(lab, out, name, { signal } = {}) {
  return tracked(signal, async (sig) => {
    const transfer = [];
    const kept = [];
    const run = pack({ params: out.params, result: out.result, manifest: out.manifest, raw: out.raw }, transfer, kept);
    const upload = nextId++;
    for (let array = 0; array < kept.length; array++) {
      const { length } = kept[array];
      for (let at = 0; at < length; at += SLICE) {
        const part = kept[array].slice(at, at + SLICE);
        exporter.postNew({ upload, array, at, length, part }, [part.buffer]);
        await new Promise((resolve) => { setTimeout(resolve, 0); });
        if (sig.aborted) throw abortError(sig);
      }
    }
    return (await exporter.request({ op: 'file', lab, run, name, upload }, { signal: sig, transfer })).blob;
  });
}

/** Starts the worker (and its wasm instance) ahead of the first run, e.g. when the page is idle. */
export function warm() {
  if (!main.worker) main.spawn();
}

/** Stops every worker (the next run starts a new one). */
export function terminate() {
  for (const controller of [...active]) controller.abort(new DOMException('The runner was terminated.', 'AbortError'));
  clearTimeout(idleTimer);
  idle.length = 0;
  for (const slot of [...extras]) slot.terminate();
  extras.clear();
  main.terminate();
  exporter.terminate();
}

/** Number of requests waiting for an answer, over every worker (for tests and diagnostics). */
export function pending() {
  let n = main.requests.size;
  for (const slot of extras) n += slot.requests.size;
  return n;
}

/** Number of workers alive (the long-lived one included, once started; warm idle extras too). */
export function workerCount() {
  return (main.worker ? 1 : 0) + [...extras].filter((s) => s.worker).length;
}
