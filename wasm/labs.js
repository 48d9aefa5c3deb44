// wasm/labs.js — runLab(name, params, { onProgress, signal }): validates params against the schema, runs
// the lab's module, and returns { params, result, manifest, files }. Each lab module (wasm/labs/<name>.js)
// exports run (call the engine and reshape → { result, manifest, raw? }) and files (every other deliverable of
// a result: texts, CSV/JSON, PNG figures; result.json and manifest.json are added here). `files` entries are
// getters computed on first read, so a caller that only wants the numbers pays for no text and draws no
// figure (result.json of a sweep is megabytes).
// filesFor rebuilds the same lazy files from { name, params, result, manifest, raw } without recomputing:
// the page does so after a worker run (getters cannot be posted between threads).
// Pooled labs (head-to-head) split their work into jobs: planJobs(name, params) lists them, trainJobsImpl trains
// any subset (anywhere, e.g. one worker each), and runLab's option `runs` assembles the trained runs.
import { resolveParams } from './params.js';
import { argError } from './validate.js';
import { resultJson, json } from './artifacts.js';
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

/**
 * The jobs of a pooled lab's run (structured-cloneable objects, canonical order), or null for a lab that runs
 * in one piece. Validates `rawParams` as runLab would (same Errors).
 */
export function planJobs(name, rawParams = {}) {
  const params = resolveParams(name, rawParams);
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

export async function runLabImpl(api, wasm, name, rawParams, { onProgress, signal, runs } = {}) {
  const params = resolveParams(name, rawParams);
  if (runs !== undefined && !POOLED.includes(name)) {
    throw argError('runLab', 'runs', `given only for a pooled lab (${POOLED.join(', ')})`, name);
  }
  if (signal?.aborted) throw signal.reason ?? new Error(`${name}: cancelled`);
  const out = await RUNNERS[name].run(api, wasm, params, runs === undefined ? { onProgress, signal } : { onProgress, signal, runs });
  const lab = { params, result: out.result, manifest: out.manifest, files: filesFor(name, params, out.result, out.manifest, out.raw) };
  // `raw` rides along, not enumerable, for a caller that rebuilds the files elsewhere (web/worker.js).
  return Object.defineProperty(lab, 'raw', { value: out.raw });
}

/** Trains a pooled lab's jobs (default: all of planJobs(name, rawParams)) → raw runs, in the order of `jobs`. */
export async function trainJobsImpl(wasm, name, rawParams, { jobs, onProgress, signal } = {}) {
  const planned = planJobs(name, rawParams);
  if (planned === null) throw argError('trainJobs', 'name', `a pooled lab (${POOLED.join(', ')})`, name);
  if (signal?.aborted) throw signal.reason ?? new Error(`${name}: cancelled`);
  return RUNNERS[name].trainJobs(wasm, resolveParams(name, rawParams), jobs ?? planned, { onProgress, signal });
}
