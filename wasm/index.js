// wasm/index.js — the PE Lab JavaScript API (the package entry, `import { createPeLab } from 'pe-lab'`).
// Loads the WebAssembly module (Node, browser main thread or worker alike), validates arguments with the
// caller's camelCase names, and returns plain objects and typed arrays: no handle needs freeing.
// Math lives in core/ (C++); registrations in wasm/bindings.cpp; this file only adapts.
import createPeLabWasm from './generated/pe_lab_wasm.mjs';

const PARAM_NAMES = {
  // C++ parameter names (snake_case) -> the JS API's names, for error messages.
  d_head: 'dHead', d_model: 'dModel', n_heads: 'nHeads', t_max: 'tMax', learned_t_max: 'learnedTMax',
  num_buckets: 'numBuckets', max_distance: 'maxDistance', original_max_position: 'originalMaxPosition',
};

/** Error thrown for bad arguments; message: "<function>: <param> must be <allowed>, got <value>". */
function argError(fn, param, allowed, got) {
  const shown = typeof got === 'string' ? `'${got}'` : Array.isArray(got) ? `[${got}]` : String(got);
  return new Error(`${fn}: ${param} must be ${allowed}, got ${shown}`);
}

/** Rewrites a C++ message so it names the JS function and the caller's parameter names. */
function renameError(fn, err) {
  if (!(err instanceof Error)) return new Error(`${fn}: ${String(err)}`);
  let msg = err.message.replace(/^[A-Za-z0-9_]+:\s*/, `${fn}: `);
  msg = msg.replace(/\b[a-z0-9]+(?:_[a-z0-9]+)+\b/g, (w) => PARAM_NAMES[w] ?? w);
  return new Error(msg);
}

/** Calls into wasm; any error is rethrown with JS names. */
function call(fn, thunk) {
  try {
    return thunk();
  } catch (err) {
    throw renameError(fn, err);
  }
}

/** Throws if `options` is not a plain object or holds a key outside `allowed`. */
export function checkOptions(fn, options, allowed) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw argError(fn, 'options', 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw argError(fn, 'options', `an object with keys among ${allowed.join(', ')}`, `unknown key '${key}'`);
    }
  }
  return options;
}

export function checkInt(fn, name, value, lo = -Infinity, hi = Infinity) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    const range = Number.isFinite(hi) ? `an integer in [${lo}, ${hi}]` : Number.isFinite(lo) ? `an integer >= ${lo}` : 'an integer';
    throw argError(fn, name, range, value);
  }
  return value;
}

export function checkNumber(fn, name, value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw argError(fn, name, 'a finite number', value);
  return value;
}

export function checkEnum(fn, name, value, allowed) {
  if (!allowed.includes(value)) {
    throw argError(fn, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value;
}

/** Named sub-streams of the randomness contract (core/rng.h, enum Stream). */
export const STREAMS = Object.freeze({
  input: 1, weightQ: 2, weightK: 3, weightV: 4, weightO: 5, learnedPe: 6, t5Bias: 7, wordVectors: 8,
  labData: 9, modelInit: 10, corpus: 11, batches: 12,
});

function runtimeName() {
  if (typeof process === 'object' && process.versions?.node) return `node ${process.versions.node}`;
  if (typeof navigator === 'object' && navigator.userAgent) return navigator.userAgent;
  return 'unknown';
}

/**
 * Loads the module and returns the API object. No options are needed in Node or the browser.
 * @returns {Promise<import('./index.d.ts').PeLab>}
 */
export async function createPeLab() {
  const wasm = await createPeLabWasm();
  const built = wasm.versions();
  const versions = Object.freeze({
    pe_lab: built.pe_lab, eigen: built.eigen, emscripten: built.emscripten, runtime: runtimeName(),
  });

  const api = {
    version: versions.pe_lab,
    versions,

    /** Sinusoidal PE (Vaswani 2017), Float32Array of T·d, row-major. */
    sinusoidal(T, d, options) {
      const { base = 10000 } = checkOptions('sinusoidal', options, ['base']);
      checkInt('sinusoidal', 'T', T);
      checkInt('sinusoidal', 'd', d);
      checkNumber('sinusoidal', 'base', base);
      return call('sinusoidal', () => wasm.sinusoidal(T, d, base));
    },

    /** Draws from the seeded generator: u32 (Uint32Array), uniform or normal (Float64Array). */
    random(options) {
      const { seed = 0, n = 1, kind = 'uniform', stream = 'input' } =
        checkOptions('random', options, ['seed', 'n', 'kind', 'stream']);
      checkInt('random', 'seed', seed, 0, Number.MAX_SAFE_INTEGER);
      checkInt('random', 'n', n, 0, 1 << 25);
      checkEnum('random', 'kind', kind, ['uniform', 'normal', 'u32']);
      let streamId = stream;
      if (typeof stream === 'string') {
        if (!(stream in STREAMS)) checkEnum('random', 'stream', stream, Object.keys(STREAMS));
        streamId = STREAMS[stream];
      } else {
        checkInt('random', 'stream', stream, 0, Number.MAX_SAFE_INTEGER);
      }
      return call('random', () => wasm.random(seed, streamId, n, kind));
    },
  };
  return api;
}

export default createPeLab;
