// wasm/labs.js — runLab(name, params, { onProgress, signal, budget }): validates params against the schema,
// refuses a run over the budget before computing (wasm/cost.js), runs the lab's module, and returns
// { params, result, manifest, files }. In Node, a run given a `signal` (runLab's or trainHeadToHead's) goes
// to a worker thread (wasm/node-worker.js), which abort terminates: a lab blocks its thread, so no timer
// fires there.
// Each lab module (wasm/labs/<name>.js) exports run (call the engine and reshape → { result, manifest, raw? })
// and files (every other deliverable of a result: texts, CSV/JSON, PNG figures; result.json and manifest.json
// are added here). `files` entries are getters computed on first read, so a caller that only wants the
// numbers pays for no text and draws no figure (result.json of a sweep is megabytes).
// filesFor rebuilds the same lazy files from { name, params, result, manifest, raw } without recomputing:
// the page does so after a worker run (getters cannot be posted between threads).
// Option `runs` (head-to-head only): assemble runs trained beforehand by trainHeadToHead instead of training.
import { resolveParams } from './params.js';
import { argError } from './validate.js';
import { resultJson, json } from './artifacts.js';
import { checkBudget } from './cost.js';
import { compileWasm } from './load.js';
import * as permutation from './labs/permutation.js';
import * as sinusoidal from './labs/sinusoidal.js';
import * as rope from './labs/rope.js';
import * as extrapolation from './labs/extrapolation.js';
import * as biases from './labs/biases.js';
import * as contextExtension from './labs/context-extension.js';
import * as headToHead from './labs/head-to-head.js';

const RUNNERS = { permutation, sinusoidal, rope, extrapolation, biases, 'context-extension': contextExtension, 'head-to-head': headToHead };

/**
 * An object whose enumerable properties compute their value once, when first read: a string (texts, CSV,
 * JSON) or, for a PNG, a Promise of its bytes (created on that first read, then the same Promise).
 */
function lazyFiles(makers) {
  const files = {};
  for (const [name, make] of Object.entries(makers)) {
    let value;
    Object.defineProperty(files, name, { enumerable: true, get: () => (value ??= make()) });
  }
  return files;
}

/**
 * The lazy `files` of a lab's run from its parts: runLab's params (resolved), result and manifest, and `raw`
 * (what run returned beside them for the files alone: head-to-head's trained weights; undefined elsewhere).
 */
export function filesFor(name, params, result, manifest, raw) {
  if (!Object.hasOwn(RUNNERS, name)) throw argError('filesFor', 'name', `one of ${Object.keys(RUNNERS).join(', ')}`, name);
  for (const [key, value] of Object.entries({ params, result, manifest })) {
    if (!value || typeof value !== 'object') throw argError('filesFor', key, `runLab('${name}')'s ${key} object`, value === null ? 'null' : typeof value);
  }
  // result.json is compact (a sweep's matrices pretty-printed one number per line would be 10× larger);
  // matrices too large for one JSON string are left out of it (artifacts.js, resultJson).
  return lazyFiles({
    'result.json': () => resultJson(name, params, result),
    'manifest.json': () => json(manifest),
    ...RUNNERS[name].files(result, params, manifest, raw),
  });
}

/**
 * `budget` is resolveBudget's output. Assembling given `runs` trains nothing, so only memory counts there.
 * `rawParams` is validated (resolveParams) and checked against the budget before any work starts.
 */
export async function runLabImpl(api, wasm, name, rawParams, { onProgress, signal, runs, budget } = {}) {
  const params = resolveParams(name, rawParams);
  if (runs !== undefined && name !== 'head-to-head') throw argError('runLab', 'runs', "given only for 'head-to-head'", name);
  checkBudget(name, params, runs === undefined ? budget : { ...budget, seconds: Infinity });
  if (signal?.aborted) throw signal.reason ?? new Error(`${name}: cancelled`);
  if (signal && runs === undefined && isNode()) {
    const out = await inNodeWorker('runLab', { name, params, budget }, { onProgress, signal });
    return labOf(name, out.params, out);
  }
  const out = await RUNNERS[name].run(api, wasm, params, runs === undefined ? { onProgress, signal } : { onProgress, signal, runs });
  return labOf(name, params, out);
}

function labOf(name, params, out) {
  const lab = { params, result: out.result, manifest: out.manifest, files: filesFor(name, params, out.result, out.manifest, out.raw) };
  // `raw` rides along, not enumerable, for a caller that rebuilds the files elsewhere (web/worker.js).
  return Object.defineProperty(lab, 'raw', { value: out.raw });
}

const isNode = () => typeof process === 'object' && typeof process.versions?.node === 'string' && typeof window === 'undefined';

// A name hidden from bundlers (Vite would otherwise emit the Node-only worker file for the browser).
const NODE_WORKER_FILE = './node-worker.js';

/** The AbortError a worker run rejects with when its signal fires: `cause` is the signal's reason (e.g. a TimeoutError). */
function abortError(name, signal) {
  return Object.assign(new DOMException(`${name}: cancelled`, 'AbortError'), { cause: signal.reason });
}

/**
 * Calls api[call](…args) — runLab or trainHeadToHead — in a Node worker thread that loads this same package
 * (wasm/node-worker.js) from this process's compiled module: progress is forwarded, errors keep their code and
 * param, and abort terminates the thread at once. The answer comes back by structured clone (runLab's
 * { params, result, manifest, raw }, matrices' data as number[]; its files are rebuilt here by filesFor).
 */
async function inNodeWorker(call, args, { onProgress, signal }) {
  const { Worker } = process.getBuiltinModule('worker_threads');
  const wasmModule = await compileWasm();
  const name = args.name ?? 'head-to-head';
  if (signal.aborted) throw abortError(name, signal);
  const worker = new Worker(new URL(NODE_WORKER_FILE, import.meta.url), {
    workerData: { call, args, progress: Boolean(onProgress), wasmModule },
  });
  return new Promise((resolve, reject) => {
    const finish = (settle, value) => { signal.removeEventListener('abort', onAbort); worker.terminate(); settle(value); };
    const onAbort = () => finish(reject, abortError(name, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg) => {
      if ('progress' in msg) onProgress?.(msg.progress);
      else if ('error' in msg) finish(reject, Object.assign(new Error(msg.error.message), msg.error));
      else finish(resolve, msg.answer);
    });
    worker.on('error', (err) => finish(reject, err));
    worker.on('exit', (code) => finish(reject, new Error(`${name}: worker thread exited (code ${code}) without a result`)));
  });
}

/**
 * Trains head-to-head (variant, seed) jobs (default: all of `rawParams`, canonical order) → raw runs. No
 * budget here (the page's workers each train part of a run the reader started); in Node a `signal` moves
 * the training to a worker thread, as for runLab.
 */
export async function trainHeadToHeadImpl(wasm, rawParams, { jobs, onProgress, signal } = {}) {
  const params = resolveParams('head-to-head', rawParams);
  if (signal?.aborted) throw signal.reason ?? new Error('head-to-head: cancelled');
  if (signal && isNode()) {
    headToHead.checkParams(params);   // bad arguments answered here, the jobs sent as plain { variant, seed }
    const plain = jobs === undefined ? undefined : headToHead.checkJobs('head-to-head', jobs).map((j) => ({ variant: j.variant, seed: j.seed }));
    return inNodeWorker('trainHeadToHead', { params, jobs: plain }, { onProgress, signal });
  }
  return headToHead.trainJobs(wasm, params, jobs ?? headToHead.jobsOf(params), { onProgress, signal });
}
