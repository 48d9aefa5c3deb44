// wasm/node-worker.js — the worker thread behind runLab / trainJobs with a `signal` in Node (wasm/labs.js,
// inNodeWorker): loads this package from the parent's compiled WebAssembly.Module, makes the one call, posts
// { progress } messages, then { answer } (runLab: { params, result, manifest, raw }; trainJobs: the raw runs)
// or { error: { name, message, code, param, allowed, got } }, and ends.
// Leaves out: cancellation, which is the parent terminating this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createPeLab } from './index.js';

const { call, args, progress, wasmModule } = workerData;
try {
  const api = await createPeLab({ wasmModule });
  const onProgress = progress ? (p) => parentPort.postMessage({ progress: p }) : undefined;
  if (call === 'runLab') {
    const lab = await api.runLab(args.name, args.params, { onProgress, budget: args.budget });
    parentPort.postMessage({ answer: { params: lab.params, result: lab.result, manifest: lab.manifest, raw: lab.raw } });
  } else {
    parentPort.postMessage({ answer: await api.trainJobs(args.name, args.params, { jobs: args.jobs, onProgress }) });
  }
} catch (err) {
  const error = { name: err?.name ?? 'Error', message: err?.message ?? String(err), code: err?.code, param: err?.param, allowed: err?.allowed };
  try {
    parentPort.postMessage({ error: { ...error, got: err?.got } });
  } catch {   // a `got` that cannot be cloned (a function): the message already shows it
    parentPort.postMessage({ error });
  }
}
