// wasm/labs.js — runLab(name, params, { onProgress, signal, budget }): validates params against the schema,
// refuses a run over the budget before computing (wasm/cost.js), runs the lab's module, and returns
// { params, result, manifest, files }. In Node, a run given a `signal` (runLab's or trainJobs') goes to a
// worker thread (wasm/node-worker.js), which abort terminates: a lab blocks its thread, so no timer fires there.
// Each lab module (wasm/labs/<name>.js) exports run (call the engine and reshape → { result, manifest, raw? })
// and files (every other deliverable of a result: texts, CSV/JSON, PNG figures; result.json and manifest.json
// are added here). `files` entries are getters computed on first read, so a caller that only wants the
// numbers pays for no text and draws no figure (result.json of a sweep is megabytes).
// filesFor rebuilds the same lazy files from { name, params, result, manifest, raw } without recomputing:
// the page does so after a worker run (getters cannot be posted between threads).
// Pooled labs (head-to-head) split their work into jobs: planJobs(name, params) lists them, trainJobsImpl trains
// any subset (anywhere, e.g. one worker each), and runLab's option `runs` assembles the trained runs.
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

/** Constants a page shows beside a lab's results (not computed by a run): labInfo(name). */
const INFO = {
  'head-to-head': { coursePredictions: headToHead.COURSE_PREDICTIONS, splits: headToHead.SPLITS },
};

/** Labs whose work splits into jobs (their module exports checkParams, jobsOf, trainJobs). */
const POOLED = Object.keys(RUNNERS).filter((n) => typeof RUNNERS[n].trainJobs === 'function');

const checkName = (fn, name) => {
  if (typeof name !== 'string' || !Object.hasOwn(RUNNERS, name)) throw argError(fn, 'name', `one of ${Object.keys(RUNNERS).join(', ')}`, name);
};

/** { pooled, ...constants } of a lab: `pooled` when its work splits into jobs (planJobs), plus INFO's constants. */
export function labInfo(name) {
  checkName('labInfo', name);
  return { pooled: POOLED.includes(name), ...(INFO[name] ?? {}) };
}

/** The schema's resolution, then the lab's own (a preset: head-to-head's 'study'), if it has one. */
function labParams(name, rawParams) {
  const params = resolveParams(name, rawParams);
  return RUNNERS[name]?.resolve ? RUNNERS[name].resolve(params) : params;
}

/**
 * The jobs of a pooled lab's run (structured-cloneable objects, canonical order), or null for a lab that runs
 * in one piece. Validates `rawParams` as runLab would (same Errors).
 */
export function planJobs(name, rawParams = {}) {
  const params = labParams(name, rawParams);
  const lab = RUNNERS[name];
  if (!POOLED.includes(name)) return null;
  lab.checkParams(params);
  return lab.jobsOf(params);
}

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
  checkName('filesFor', name);
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
export async function runLabImpl(api, wasm, name, rawParams, { onProgress, signal, runs, partial, budget } = {}) {
  const params = labParams(name, rawParams);
  if (runs !== undefined && !POOLED.includes(name)) {
    throw argError('runLab', 'runs', `given only for a pooled lab (${POOLED.join(', ')})`, name);
  }
  checkBudget(name, params, runs === undefined ? budget : { ...budget, seconds: Infinity });
  if (signal?.aborted) throw signal.reason ?? new Error(`${name}: cancelled`);
  if (signal && runs === undefined && isNode()) {
    const out = await inNodeWorker('runLab', { name, params, budget }, { onProgress, signal });
    return labOf(name, out.params, out);
  }
  const out = await RUNNERS[name].run(api, wasm, params, runs === undefined ? { onProgress, signal } : { onProgress, signal, runs, partial });
  return labOf(name, params, out);
}

function labOf(name, params, out) {
  const lab = { params, result: out.result, manifest: out.manifest, files: filesFor(name, params, out.result, out.manifest, out.raw) };
  // `raw` rides along, not enumerable, for a caller that rebuilds the files elsewhere (web/worker.js).
  return Object.defineProperty(lab, 'raw', { value: out.raw });
}

/**
 * Trains a pooled lab's jobs (default: all of planJobs(name, rawParams)) → raw runs, in the order of `jobs`.
 * No budget here (the page's workers each train part of a run the reader started); in Node a `signal` moves
 * the training to a worker thread, as for runLab (jobs that cannot be cloned stay here, to be refused).
 */
export async function trainJobsImpl(wasm, name, rawParams, { jobs, onProgress, signal } = {}) {
  const planned = planJobs(name, rawParams);
  if (planned === null) throw argError('trainJobs', 'name', `a pooled lab (${POOLED.join(', ')})`, name);
  if (signal?.aborted) throw signal.reason ?? new Error(`${name}: cancelled`);
  const params = labParams(name, rawParams);
  if (signal && isNode() && cloneable(jobs)) return inNodeWorker('trainJobs', { name, params, jobs }, { onProgress, signal });
  return RUNNERS[name].trainJobs(wasm, params, jobs ?? planned, { onProgress, signal });
}

const isNode = () => typeof process === 'object' && typeof process.versions?.node === 'string' && typeof window === 'undefined';

function cloneable(value) {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

// A name hidden from bundlers (Vite would otherwise emit the Node-only worker file for the browser).
const NODE_WORKER_FILE = './node-worker.js';

/** The AbortError a worker run rejects with when its signal fires: `cause` is the signal's reason (e.g. a TimeoutError). */
function abortError(name, signal) {
  return Object.assign(new DOMException(`${name}: cancelled`, 'AbortError'), { cause: signal.reason });
}

/**
 * Calls api[call](…args) — runLab or trainJobs — in a Node worker thread that loads this same package
 * (wasm/node-worker.js) from this process's compiled module: progress is forwarded, errors keep their code and
 * param, and abort terminates the thread at once. The answer comes back by structured clone (runLab's
 * { params, result, manifest, raw }, matrices' data as number[]; its files are rebuilt here by filesFor).
 */
async function inNodeWorker(call, args, { onProgress, signal }) {
  const { Worker } = process.getBuiltinModule('worker_threads');
  const wasmModule = await compileWasm();
  if (signal.aborted) throw abortError(args.name, signal);
  const worker = new Worker(new URL(NODE_WORKER_FILE, import.meta.url), {
    workerData: { call, args, progress: Boolean(onProgress), wasmModule },
  });
  return new Promise((resolve, reject) => {
    const finish = (settle, value) => { signal.removeEventListener('abort', onAbort); worker.terminate(); settle(value); };
    const onAbort = () => finish(reject, abortError(args.name, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg) => {
      if ('progress' in msg) onProgress?.(msg.progress);
      else if ('error' in msg) finish(reject, Object.assign(new Error(msg.error.message), msg.error));
      else finish(resolve, msg.answer);
    });
    worker.on('error', (err) => finish(reject, err));
    worker.on('exit', (code) => finish(reject, new Error(`${args.name}: worker thread exited (code ${code}) without a result`)));
  });
}
