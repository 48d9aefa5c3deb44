// wasm/labs.js — runLab(name, params, { onProgress, signal }): validates params against the schema, runs
// the lab's module, and returns { params, result, manifest, files } (files: name -> text, incl. result.json).
import { resolveParams } from './params.js';
import { json } from './artifacts.js';
import * as permutation from './labs/permutation.js';
import * as sinusoidal from './labs/sinusoidal.js';
import * as rope from './labs/rope.js';
import * as extrapolation from './labs/extrapolation.js';

const RUNNERS = { permutation, sinusoidal, rope, extrapolation };

export async function runLabImpl(api, wasm, name, rawParams, { onProgress, signal } = {}) {
  const params = resolveParams(name, rawParams);
  if (signal?.aborted) throw signal.reason ?? new Error('runLab: aborted');
  const runner = RUNNERS[name];
  const out = await runner.run(api, wasm, params, { onProgress, signal });
  const files = { 'result.json': json({ lab: name, params, result: out.result }), ...out.files };
  return { params, result: out.result, manifest: out.manifest, files };
}
