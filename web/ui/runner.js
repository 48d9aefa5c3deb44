// web/ui/runner.js — runs a lab in web/worker.js, off the main thread:
//   run(lab, params, { onProgress, signal }) → Promise of runLab's { params, result, manifest, files }.
// Aborting `signal` rejects at once with an AbortError and asks the worker to stop; if it has not stopped
// within KILL_AFTER_MS (a lab busy inside wasm cannot listen), the worker is terminated and a fresh one takes
// over the other pending jobs. Errors keep runLab's message, so inline errors work as on the main thread.

import { unpack } from './transfer.js';
import { resultJson } from '../../wasm/artifacts.js';

/** Adds files['result.json'] as a getter built on first read, in runLab's format (wasm/labs.js). */
function withResultJson(lab, out) {
  let text;
  const files = {};
  Object.defineProperty(files, 'result.json', {
    enumerable: true,
    get: () => (text ??= resultJson(lab, out.params, out.result)),
  });
  Object.assign(files, out.files);
  return { ...out, files };
}

const KILL_AFTER_MS = 300;
let worker = null;
let nextId = 1;
const jobs = new Map();      // id -> { lab, params, resolve, reject, onProgress }
const inFlight = new Set();  // ids the current worker still owes an answer

function abortError(signal) {
  return signal?.reason instanceof Error || signal?.reason instanceof DOMException
    ? signal.reason : new DOMException('The run was cancelled.', 'AbortError');
}

function spawn() {
  worker = new Worker(new URL('../worker.js', import.meta.url), { type: 'module', name: 'pe-lab' });
  worker.addEventListener('message', ({ data }) => {
    const job = jobs.get(data.id);
    if ('progress' in data) { job?.onProgress?.(data.progress); return; }
    inFlight.delete(data.id);
    if (!job) return;   // cancelled meanwhile
    jobs.delete(data.id);
    if (data.error) {
      const err = new Error(data.error.message);
      if (data.error.name && data.error.name !== 'Error') err.name = data.error.name;
      job.reject(err);
    } else {
      job.resolve(withResultJson(data.lab, unpack(data.result)));
    }
  });
  worker.addEventListener('error', (ev) => {
    ev.preventDefault?.();
    const err = new Error(`worker: ${ev.message || 'failed to start'}`);
    for (const job of jobs.values()) job.reject(err);
    jobs.clear();
    inFlight.clear();
    worker?.terminate();
    worker = null;
  });
}

function send(id, job) {
  if (!worker) spawn();
  inFlight.add(id);
  worker.postMessage({ id, lab: job.lab, params: job.params });
}

/** Terminates the worker and re-sends every job still wanted to a new one. */
function respawn() {
  worker?.terminate();
  worker = null;
  inFlight.clear();
  for (const [id, job] of jobs) send(id, job);
}

/** Runs `lab` with `params` in the worker. */
export function run(lab, params = {}, { onProgress, signal } = {}) {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const job = { lab, params, resolve, reject, onProgress };
    jobs.set(id, job);
    send(id, job);
    signal?.addEventListener('abort', () => {
      if (!jobs.has(id)) return;
      jobs.delete(id);
      reject(abortError(signal));
      if (!inFlight.has(id)) return;
      worker.postMessage({ cancel: id });
      const w = worker;
      setTimeout(() => { if (worker === w && inFlight.has(id)) respawn(); }, KILL_AFTER_MS);
    }, { once: true });
  });
}

/** Starts the worker (and its wasm instance) ahead of the first run, e.g. when the page is idle. */
export function warm() {
  if (!worker) spawn();
}

/** Stops the worker (the next run starts a new one). */
export function terminate() {
  for (const job of jobs.values()) job.reject(new DOMException('The runner was terminated.', 'AbortError'));
  jobs.clear();
  inFlight.clear();
  worker?.terminate();
  worker = null;
}

/** Number of runs waiting for an answer (for tests and diagnostics). */
export function pending() {
  return jobs.size;
}
