// wasm/node-worker.js — the worker thread behind runLab(name, params, { signal }) in Node (wasm/labs.js,
// runInNodeWorker): loads this package from the parent's compiled WebAssembly.Module, runs one lab, posts
// { progress } messages, then { lab: { params, result, manifest, raw } } or { error: { name, message, code,
// param, allowed, got } }, and ends.
// Leaves out: cancellation, which is the parent terminating this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createPeLab } from './index.js';

const { name, params, budget, progress, wasmModule } = workerData;
try {
  const api = await createPeLab({ wasmModule });
  const onProgress = progress ? (p) => parentPort.postMessage({ progress: p }) : undefined;
  const lab = await api.runLab(name, params, { onProgress, budget });
  parentPort.postMessage({ lab: { params: lab.params, result: lab.result, manifest: lab.manifest, raw: lab.raw } });
} catch (err) {
  const error = { name: err?.name ?? 'Error', message: err?.message ?? String(err), code: err?.code, param: err?.param, allowed: err?.allowed };
  try {
    parentPort.postMessage({ error: { ...error, got: err?.got } });
  } catch {   // a `got` that cannot be cloned (a function): the message already shows it
    parentPort.postMessage({ error });
  }
}
