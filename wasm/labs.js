// wasm/labs.js — runLab(name, params, { onProgress, signal }): validates params against the schema, runs
// the lab's module, and returns { params, result, manifest, files }. `files` maps each deliverable's name to
// its text (result.json, manifest.json, …); its entries are getters computed on first read, so a caller that
// only wants the numbers does not pay for serialising them (result.json of a sweep is megabytes).
// Option `runs` (head-to-head only): assemble runs trained beforehand by trainHeadToHead instead of training.
import { resolveParams } from './params.js';
import { argError } from './validate.js';
import { resultJson } from './artifacts.js';
import * as permutation from './labs/permutation.js';
import * as sinusoidal from './labs/sinusoidal.js';
import * as rope from './labs/rope.js';
import * as extrapolation from './labs/extrapolation.js';
import * as biases from './labs/biases.js';
import * as contextExtension from './labs/context-extension.js';
import * as headToHead from './labs/head-to-head.js';

const RUNNERS = { permutation, sinusoidal, rope, extrapolation, biases, 'context-extension': contextExtension, 'head-to-head': headToHead };

/** An object whose enumerable properties compute their text once, when first read. */
function lazyFiles(makers) {
  const files = {};
  for (const [name, make] of Object.entries(makers)) {
    let text;
    Object.defineProperty(files, name, { enumerable: true, get: () => (text ??= make()) });
  }
  return files;
}

export async function runLabImpl(api, wasm, name, rawParams, { onProgress, signal, runs } = {}) {
  const params = resolveParams(name, rawParams);
  if (runs !== undefined && name !== 'head-to-head') throw argError('runLab', 'runs', "given only for 'head-to-head'", name);
  if (signal?.aborted) throw signal.reason ?? new Error(`${name}: cancelled`);
  const out = await RUNNERS[name].run(api, wasm, params, runs === undefined ? { onProgress, signal } : { onProgress, signal, runs });
  // result.json is compact (a sweep's matrices pretty-printed one number per line would be 10× larger);
  // matrices too large for one JSON string are left out of it (artifacts.js, resultJson).
  const makers = { 'result.json': () => resultJson(name, params, out.result) };
  for (const [file, text] of Object.entries(out.files)) makers[file] = typeof text === 'function' ? text : () => text;
  return { params, result: out.result, manifest: out.manifest, files: lazyFiles(makers) };
}

/** Trains head-to-head (variant, seed) jobs (default: all of `rawParams`, canonical order) → raw runs. */
export async function trainHeadToHeadImpl(wasm, rawParams, { jobs, onProgress, signal } = {}) {
  const params = resolveParams('head-to-head', rawParams);
  if (signal?.aborted) throw signal.reason ?? new Error('head-to-head: cancelled');
  return headToHead.trainJobs(wasm, params, jobs ?? headToHead.jobsOf(params), { onProgress, signal });
}
