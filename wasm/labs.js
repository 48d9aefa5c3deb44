// wasm/labs.js — runLab(name, params, { onProgress, signal }): validates params against the schema, runs
// the lab's module, and returns { params, result, manifest, files }. Each lab module (wasm/labs/<name>.js)
// exports run (call the engine and reshape → { result, manifest, raw? }) and files (every other deliverable of
// a result: texts, CSV/JSON, PNG figures; result.json and manifest.json are added here). `files` entries are
// getters computed on first read, so a caller that only wants the numbers pays for no text and draws no
// figure (result.json of a sweep is megabytes).
// filesFor rebuilds the same lazy files from { name, params, result, manifest, raw } without recomputing:
// the page does so after a worker run (getters cannot be posted between threads).
// Option `runs` (head-to-head only): assemble runs trained beforehand by trainHeadToHead instead of training.
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

/** The schema's resolution, then the lab's own (a preset: head-to-head's 'study'), if it has one. */
function labParams(name, rawParams) {
  const params = resolveParams(name, rawParams);
  return RUNNERS[name].resolve ? RUNNERS[name].resolve(params) : params;
}

export async function runLabImpl(api, wasm, name, rawParams, { onProgress, signal, runs } = {}) {
  const params = labParams(name, rawParams);
  if (runs !== undefined && name !== 'head-to-head') throw argError('runLab', 'runs', "given only for 'head-to-head'", name);
  if (signal?.aborted) throw signal.reason ?? new Error(`${name}: cancelled`);
  const out = await RUNNERS[name].run(api, wasm, params, runs === undefined ? { onProgress, signal } : { onProgress, signal, runs });
  const lab = { params, result: out.result, manifest: out.manifest, files: filesFor(name, params, out.result, out.manifest, out.raw) };
  // `raw` rides along, not enumerable, for a caller that rebuilds the files elsewhere (web/worker.js).
  return Object.defineProperty(lab, 'raw', { value: out.raw });
}

/** Trains head-to-head (variant, seed) jobs (default: all of `rawParams`, canonical order) → raw runs. */
export async function trainHeadToHeadImpl(wasm, rawParams, { jobs, onProgress, signal } = {}) {
  const params = labParams('head-to-head', rawParams);
  if (signal?.aborted) throw signal.reason ?? new Error('head-to-head: cancelled');
  return headToHead.trainJobs(wasm, params, jobs ?? headToHead.jobsOf(params), { onProgress, signal });
}
