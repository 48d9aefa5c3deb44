// wasm/index.js — the PE Lab JavaScript API (the package entry, `import { createPeLab } from 'pe-lab'`).
// Loads the WebAssembly module (Node, browser main thread or worker alike), validates arguments with the
// caller's camelCase names, and returns plain objects and typed arrays: no handle needs freeing.
// Math lives in core/ (C++); registrations in wasm/bindings.cpp; this file only adapts.
import { compileWasm, instantiate } from './load.js';
import { runLabImpl, trainJobsImpl, filesFor, planJobs, labInfo } from './labs.js';
import { PE_SCHEMES, LABS, LAB_NAMES } from './schema.js';
import { resolveParams, describeParam } from './params.js';
import { resultJson } from './artifacts.js';
import { estimateCost, checkRunBudget, BUDGET, AUTO_RUN_SECONDS, resolveBudget, checkAttentionBudget } from './cost.js';
import { evaluateWeights as evaluateHeadToHeadWeights } from './labs/head-to-head.js';
import {
  argError, checkOptions, checkInt, checkNumber, checkEnum, checkBool, checkNumericArray, call, withCoreErrors,
} from './validate.js';
import {
  MAX_T, MAX_DIM, MAX_MATRIX_ELEMENTS, MAX_ATTENTION_ELEMENTS, MAX_HEADS, MAX_BASE, MAX_ATTENTION_D_MODEL,
  MAX_T5_BUCKETS, MAX_T5_DISTANCE, MAX_SIGMA, MAX_ROPE_LENGTH, MAX_ROPE_FACTOR, MAX_SEED, MAX_ABS_INPUT, MAX_POSITION,
} from './caps.js';

export { argError, checkOptions, checkInt, checkNumber, checkEnum, checkBool, checkNumericArray };

/**
 * runLab's lazy `files` rebuilt from a run's parts without recomputing: `filesFor(name, params, result,
 * manifest, raw)`, with params/result/manifest as runLab returned them and `raw` its non-enumerable `raw`
 * (head-to-head's trained weights; undefined for the other labs). For a run made elsewhere (a worker).
 */
export { filesFor };

export { PE_SCHEMES };

/** Figure helpers of the labs' runners, for the page: the causal mask of a query × key map, each
 * context-extension method's map minus plain RoPE's (a reshaping of runLab's result), and head-to-head's
 * series of a measure against the evaluated length (mean line + seed min–max band, as in its PNG) and colours. */
export { CAUSAL_MASK } from './labs/biases.js';
export { differenceFromPlain, differenceSteps } from './labs/context-extension.js';
export { lengthSeries as headToHeadLengthSeries, SCHEME_COLOURS as headToHeadColours } from './labs/head-to-head.js';

/**
 * What a page or a script needs without an instance (no wasm is loaded for these): the schema of every lab
 * (`LABS`, `LAB_NAMES`), `resolveParams(name, params)` (defaults filled, or the Error runLab would throw),
 * `describeParam(spec)` (a schema entry's allowed values in words: runLab's Errors' `allowed`), `resultJson(name,
 * params, result)` (result.json's text), `planJobs(name, params)` (a pooled lab's jobs, else null) and
 * `labInfo(name)` ({ pooled, …constants shown beside the results: head-to-head's coursePredictions, splits }).
 */
export { LABS, LAB_NAMES, resolveParams, describeParam, resultJson, planJobs, labInfo };

/**
 * `estimateCost(name, params)` → { bytes, seconds, work, notes }: a run's result bytes and time from its
 * parameters, without running it (wasm/cost.js). `BUDGET` = { bytes, seconds }: runLab refuses a run over
 * BUDGET.bytes always and over BUDGET.seconds unless `budget: 'none'`. `AUTO_RUN_SECONDS`: the page runs
 * a link on load only below this estimate. `checkRunBudget(name, params, budget)` throws runLab's refusal
 * (or returns the estimate) without running: the page checks before posting a run to a worker.
 */
export { estimateCost, checkRunBudget, BUDGET, AUTO_RUN_SECONDS };

/**
 * Named presets (wasm/presets.js): `PRESETS[lab]` = [{ id, params, en: { name, what }, es: { name, what } }],
 * `presetsOf(lab)` (or []), `presetParams(lab, id)` (the schema's defaults with the preset's params over them).
 */
export { PRESETS, presetsOf, presetParams } from './presets.js';

const ATTENTION_DEFAULTS = Object.freeze({
  T: 64, dModel: 32, nHeads: 2, seed: 0, pe: 'none', x: undefined, causal: false, base: 10000,
  convention: 'interleaved', learnedTMax: 64, beyond: 'clamp', learnedSigma: 1, numBuckets: 32,
  maxDistance: 128, t5Sigma: 1, keepScores: false, ropeScaling: undefined, budget: undefined,
});

const ROPE_SCALING_DEFAULTS = Object.freeze({
  type: 'none', factor: 1, originalMaxPosition: 4096, betaFast: 32, betaSlow: 1, lowFreqFactor: 1, highFreqFactor: 4,
});

// ---- shared checks (ranges from wasm/caps.js, which mirrors the core's) ---------------------------------

/** `defaults` overridden by the own properties of `given` that are not undefined. */
function withDefaults(defaults, given) {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  return out;
}

const checkBase = (fn, base) => checkNumber(fn, 'base', base, 1, MAX_BASE, { exclusiveMin: true });
const checkSigma = (fn, name, v) => checkNumber(fn, name, v, 0, MAX_SIGMA, { exclusiveMin: true });
const checkSeed = (fn, name, v) => checkInt(fn, name, v, 0, MAX_SEED);

/** RoPE's head size: an even integer in [2, MAX_DIM] (min 4 where NTK's exponent d/(d−2) needs it). */
function checkHeadSize(fn, name, dHead, min = 2) {
  checkInt(fn, name, dHead, min, MAX_DIM);
  if (dHead % 2 !== 0) throw argError(fn, name, `an even integer in [${min}, ${MAX_DIM}] (RoPE rotates pairs)`, dHead);
  return dHead;
}

/** Throws naming `name` (whose value is `value`) unless `product` <= `cap`; `what` spells the product. */
function checkProduct(fn, name, value, product, cap, what, note) {
  if (product > cap) throw argError(fn, name, `such that ${what} <= ${cap} (memory cap${note ? `; ${note}` : ''})`, value);
}

/** T5 buckets as core/positional/t5.cpp checks them: max_exact = (bidirectional ? nb/2 : nb)/2. */
function checkT5Buckets(fn, bidirectional, numBuckets, maxDistance) {
  checkInt(fn, 'numBuckets', numBuckets, 2, MAX_T5_BUCKETS);
  if (bidirectional && (numBuckets < 4 || numBuckets % 2 !== 0)) {
    throw argError(fn, 'numBuckets', `an even integer in [4, ${MAX_T5_BUCKETS}] when bidirectional (two halves)`, numBuckets);
  }
  const maxExact = Math.floor((bidirectional ? numBuckets / 2 : numBuckets) / 2);
  checkInt(fn, 'maxDistance', maxDistance, maxExact + 1, MAX_T5_DISTANCE);
}

const ROPE_SCALING_TYPES = ['none', 'linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3'];

/** Validates a ropeScaling option object and returns wasm.ropeScaled(...) for (dHead, base, length). */
function ropeScaled(fn, wasm, scaling, dHead, base, length, dHeadName = 'dHead') {
  const s = withDefaults(ROPE_SCALING_DEFAULTS, checkOptions(fn, scaling, Object.keys(ROPE_SCALING_DEFAULTS), 'ropeScaling'));
  checkEnum(fn, 'ropeScaling.type', s.type, ROPE_SCALING_TYPES);
  if (typeof s.factor !== 'number' || !(s.factor >= 1 && s.factor <= MAX_ROPE_FACTOR)) {
    throw argError(fn, 'ropeScaling.factor', 'a number in [1, 1e6] (s < 1 would shrink the context)', s.factor);
  }
  for (const k of ['betaFast', 'betaSlow', 'lowFreqFactor', 'highFreqFactor']) {
    checkNumber(fn, `ropeScaling.${k}`, s[k], 0, MAX_ROPE_FACTOR, { exclusiveMin: true });
  }
  checkInt(fn, 'ropeScaling.originalMaxPosition', s.originalMaxPosition, 1, MAX_ROPE_LENGTH);
  if (s.type === 'yarn' && !(s.betaFast > s.betaSlow)) {
    throw argError(fn, 'ropeScaling.betaFast', `above ropeScaling.betaSlow = ${s.betaSlow}`, s.betaFast);
  }
  if (s.type === 'llama3' && !(s.highFreqFactor > s.lowFreqFactor)) {
    throw argError(fn, 'ropeScaling.highFreqFactor', `above ropeScaling.lowFreqFactor = ${s.lowFreqFactor}`, s.highFreqFactor);
  }
  if (s.factor !== 1 && (s.type === 'ntk' || s.type === 'dynamic-ntk')) {
    checkHeadSize(fn, dHeadName, dHead, 4);
    // NTK raises the base to base·r^(d/(d−2)) (core/positional/rope_scaling.cpp); it must stay a valid base.
    const r = s.type === 'ntk' ? s.factor : Math.max(1, s.factor * length / s.originalMaxPosition - (s.factor - 1));
    if (!(base * r ** (dHead / (dHead - 2)) <= MAX_BASE)) {
      throw argError(fn, 'ropeScaling.factor', `such that the NTK base (base·s^(d/(d−2))) stays <= ${MAX_BASE}`, s.factor);
    }
  }
  const nested = Object.fromEntries(Object.keys(ROPE_SCALING_DEFAULTS).map((k) => [k, `ropeScaling.${k}`]));
  return call(fn, () => wasm.ropeScaled(s.type, s.factor, s.originalMaxPosition, s.betaFast, s.betaSlow,
    s.lowFreqFactor, s.highFreqFactor, dHead, base, length), nested);
}

/** Fills attention defaults and checks every option against the core's ranges (core/attention/attention.cpp). */
export function attentionOptions(fn, options) {
  const o = withDefaults(ATTENTION_DEFAULTS, checkOptions(fn, options, Object.keys(ATTENTION_DEFAULTS)));
  checkInt(fn, 'T', o.T, 1, MAX_T);
  checkInt(fn, 'dModel', o.dModel, 1, MAX_ATTENTION_D_MODEL);
  checkInt(fn, 'nHeads', o.nHeads, 1, MAX_HEADS);
  if (o.dModel % o.nHeads !== 0) throw argError(fn, 'nHeads', `a divisor of dModel = ${o.dModel}`, o.nHeads);
  checkProduct(fn, 'T', o.T, o.nHeads * o.T * o.T, MAX_ATTENTION_ELEMENTS, 'nHeads·T²', `nHeads = ${o.nHeads}`);
  checkSeed(fn, 'seed', o.seed);
  checkEnum(fn, 'pe', o.pe, PE_SCHEMES);
  checkBool(fn, 'causal', o.causal);
  checkBase(fn, o.base);
  checkEnum(fn, 'convention', o.convention, ['interleaved', 'half-split']);
  checkInt(fn, 'learnedTMax', o.learnedTMax, 1, MAX_T);
  checkEnum(fn, 'beyond', o.beyond, ['clamp', 'wrap', 'error']);
  checkSigma(fn, 'learnedSigma', o.learnedSigma);
  checkInt(fn, 'numBuckets', o.numBuckets, 2, MAX_T5_BUCKETS);
  checkInt(fn, 'maxDistance', o.maxDistance, 1, MAX_T5_DISTANCE);
  checkSigma(fn, 't5Sigma', o.t5Sigma);
  checkBool(fn, 'keepScores', o.keepScores);
  if (o.pe === 'sinusoidal' && o.dModel % 2 !== 0) throw argError(fn, 'dModel', 'even for sinusoidal PE (sin/cos pairs)', o.dModel);
  if (o.pe === 'rope' && (o.dModel / o.nHeads) % 2 !== 0) {
    throw argError(fn, 'nHeads', `such that dModel/nHeads is even for RoPE (dModel = ${o.dModel})`, o.nHeads);
  }
  if (o.pe === 'learned' && o.beyond === 'error' && o.T > o.learnedTMax) {
    throw argError(fn, 'T', `at most learnedTMax = ${o.learnedTMax} when beyond = 'error'`, o.T);
  }
  if (o.pe === 't5') checkT5Buckets(fn, !o.causal, o.numBuckets, o.maxDistance);
  if (o.x !== undefined && o.x !== null) {
    checkNumericArray(fn, 'x', o.x, { maxAbs: MAX_ABS_INPUT });
    if (o.x.length !== o.T * o.dModel) throw argError(fn, 'x', `of length T·dModel = ${o.T * o.dModel}`, `length ${o.x.length}`);
  }
  return { ...o, attnScale: 1, ropePositions: undefined, ropeInvFreq: undefined, ropeScaling: o.ropeScaling };
}

/** runLab / trainHeadToHead's third argument: own keys among `allowed`, onProgress a function, signal an AbortSignal. */
function checkRunOptions(fn, options, allowed) {
  const o = checkOptions(fn, options, allowed);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw argError(fn, 'onProgress', 'a function', o.onProgress);
  if (o.signal !== undefined && typeof o.signal?.aborted !== 'boolean') throw argError(fn, 'signal', 'an AbortSignal', o.signal);
  return o;
}

const WEIGHTS_FORMAT = 'pe-lab-weights-1';

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

export { compileWasm };

/**
 * Loads the module and returns the API object. No options are needed in Node or the browser; a worker may
 * pass the page's compiled module (`{ wasmModule: await compileWasm() }`) so the binary is fetched and
 * compiled once per page.
 * @returns {Promise<import('./index.d.ts').PeLab>}
 */
export async function createPeLab(options) {
  const { wasmModule } = checkOptions('createPeLab', options, ['wasmModule']);
  const wasm = withCoreErrors(await instantiate(wasmModule));
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
      checkInt('sinusoidal', 'T', T, 1, MAX_T);
      checkInt('sinusoidal', 'd', d, 2, MAX_DIM);
      if (d % 2 !== 0) throw argError('sinusoidal', 'd', `an even integer in [2, ${MAX_DIM}] (sin/cos pairs)`, d);
      checkProduct('sinusoidal', 'T', T, T * d, MAX_MATRIX_ELEMENTS, 'T·d', `d = ${d}`);
      checkBase('sinusoidal', base);
      return call('sinusoidal', () => wasm.sinusoidal(T, d, base));
    },

    /** RoPE frequencies theta_k = base^(-2k/dHead), Float64Array of dHead/2. */
    ropeFrequencies(dHead, options) {
      const { base = 10000 } = checkOptions('ropeFrequencies', options, ['base']);
      checkHeadSize('ropeFrequencies', 'dHead', dHead);
      checkBase('ropeFrequencies', base);
      return call('ropeFrequencies', () => wasm.ropeFrequencies(dHead, base));
    },

    /**
     * Rotates each row i of x (T×dHead, row-major) by RoPE at positions[i] (default i).
     * Returns Float32Array (precision 'float32', angles in float32) or Float64Array ('float64').
     */
    applyRope(x, T, dHead, options) {
      const fn = 'applyRope';
      const { positions, base = 10000, convention = 'interleaved', precision = 'float32', ropeScaling } =
        checkOptions(fn, options, ['positions', 'base', 'convention', 'precision', 'ropeScaling']);
      checkNumericArray(fn, 'x', x, { maxAbs: MAX_ABS_INPUT });
      checkInt(fn, 'T', T, 1, MAX_T);
      checkHeadSize(fn, 'dHead', dHead);
      checkProduct(fn, 'T', T, T * dHead / 2, MAX_MATRIX_ELEMENTS, 'T·dHead/2', `dHead = ${dHead}`);
      checkBase(fn, base);
      checkEnum(fn, 'convention', convention, ['interleaved', 'half-split']);
      checkEnum(fn, 'precision', precision, ['float32', 'float64']);
      if (x.length !== T * dHead) throw argError(fn, 'x', `of length T·dHead = ${T * dHead}`, `length ${x.length}`);
      let pos = positions;
      if (pos === undefined) {
        pos = new Float64Array(T);
        for (let i = 0; i < T; i++) pos[i] = i;
      } else {
        checkNumericArray(fn, 'positions', pos, { maxAbs: MAX_POSITION[precision] });
        if (pos.length !== T) throw argError(fn, 'positions', `of length T = ${T}`, `length ${pos.length}`);
      }
      if (ropeScaling === undefined) {
        const invFreq = call(fn, () => wasm.ropeFrequencies(dHead, base));
        return call(fn, () => wasm.applyRope(x, T, dHead, pos, invFreq, convention, precision));
      }
      // Context extension: rescaled frequencies; YaRN's attention factor multiplies cos and sin, as in the
      // reference implementation, so the rotated vector is scaled by it. dynamic-ntk sees length T.
      const scaled = ropeScaled(fn, wasm, ropeScaling, dHead, base, T);
      const out = call(fn, () => wasm.applyRope(x, T, dHead, pos, scaled.invFreq, convention, precision));
      if (scaled.attentionFactor !== 1) for (let i = 0; i < out.length; i++) out[i] *= scaled.attentionFactor;
      return out;
    },

    /**
     * RoPE frequencies under a context-extension method: { invFreq (Float64Array dHead/2), attentionFactor,
     * ramp (YaRN's per-pair extrapolation weight), effectiveBase }.
     */
    ropeScaling(dHead, scaling, options) {
      const { base = 10000, length } = checkOptions('ropeScaling', options, ['base', 'length']);
      checkHeadSize('ropeScaling', 'dHead', dHead);
      checkBase('ropeScaling', base);
      const own = checkOptions('ropeScaling', scaling, Object.keys(ROPE_SCALING_DEFAULTS), 'ropeScaling');
      const L0 = own.originalMaxPosition ?? ROPE_SCALING_DEFAULTS.originalMaxPosition;
      if (length !== undefined) checkInt('ropeScaling', 'length', length, 1, MAX_ROPE_LENGTH);
      return ropeScaled('ropeScaling', wasm, own, dHead, base, length ?? L0);
    },

    /** ALiBi slopes per head (Press et al. 2022 reference interleaving), Float64Array of nHeads. */
    alibiSlopes(nHeads) {
      checkInt('alibiSlopes', 'nHeads', nHeads, 1, MAX_HEADS);
      return call('alibiSlopes', () => wasm.alibiSlopes(nHeads));
    },

    /** T5 relative-position buckets, Int32Array T·T, entry [i·T + j] = bucket of j − i. */
    t5Buckets(T, options) {
      const fn = 't5Buckets';
      const { bidirectional = true, numBuckets = 32, maxDistance = 128 } =
        checkOptions(fn, options, ['bidirectional', 'numBuckets', 'maxDistance']);
      checkInt(fn, 'T', T, 1, MAX_T);
      checkProduct(fn, 'T', T, T * T, MAX_ATTENTION_ELEMENTS, 'T²');
      checkBool(fn, 'bidirectional', bidirectional);
      checkT5Buckets(fn, bidirectional, numBuckets, maxDistance);
      return call(fn, () => wasm.t5Buckets(T, bidirectional, numBuckets, maxDistance));
    },

    /** Learned PE rows for positions 0…T−1 from a seeded (tMax×d) table, Float32Array T·d. */
    learnedPe(T, d, options) {
      const fn = 'learnedPe';
      const { tMax = 64, beyond = 'clamp', sigma = 1, seed = 0 } =
        checkOptions(fn, options, ['tMax', 'beyond', 'sigma', 'seed']);
      checkInt(fn, 'T', T, 1, MAX_T);
      checkInt(fn, 'd', d, 1, MAX_DIM);
      checkInt(fn, 'tMax', tMax, 1, MAX_T);
      checkProduct(fn, 'tMax', tMax, tMax * d, MAX_MATRIX_ELEMENTS, 'tMax·d', `d = ${d}`);
      checkProduct(fn, 'T', T, T * d, MAX_MATRIX_ELEMENTS, 'T·d', `d = ${d}`);
      checkEnum(fn, 'beyond', beyond, ['clamp', 'wrap', 'error']);
      if (beyond === 'error' && T > tMax) throw argError(fn, 'T', `at most tMax = ${tMax} when beyond = 'error'`, T);
      checkSigma(fn, 'sigma', sigma);
      checkSeed(fn, 'seed', seed);
      return call(fn, () => wasm.learnedPe(T, d, tMax, beyond, sigma, seed));
    },

    /**
     * One multi-head self-attention layer. Returns { output (T·dModel), weights (nHeads·T·T),
     * entropy (nHeads·T), peInput (T·dModel) } as Float32Arrays.
     */
    attention(options) {
      const o = attentionOptions('attention', options);
      checkAttentionBudget(o, resolveBudget('attention', o.budget));
      if (o.ropeScaling !== undefined) {
        if (o.pe !== 'rope') throw argError('attention', 'ropeScaling', "used only with pe: 'rope'", `pe '${o.pe}'`);
        const scaled = ropeScaled('attention', wasm, o.ropeScaling, o.dModel / o.nHeads, o.base, o.T, 'dModel/nHeads');
        o.ropeInvFreq = scaled.invFreq;
        o.attnScale = scaled.attentionFactor * scaled.attentionFactor;  // factor on both q and k
      }
      return call('attention', () => wasm.attention(o));
    },

    /** Draws from the seeded generator: u32 (Uint32Array), uniform or normal (Float64Array). */
    random(options) {
      const { seed = 0, n = 1, kind = 'uniform', stream = 'input' } =
        checkOptions('random', options, ['seed', 'n', 'kind', 'stream']);
      checkSeed('random', 'seed', seed);
      checkInt('random', 'n', n, 0, MAX_MATRIX_ELEMENTS);
      checkEnum('random', 'kind', kind, ['uniform', 'normal', 'u32']);
      let streamId = stream;
      if (typeof stream === 'string') {
        checkEnum('random', 'stream', stream, Object.keys(STREAMS));  // own names only: never 'toString'
        streamId = STREAMS[stream];
      } else if (typeof stream !== 'number') {
        throw argError('random', 'stream', `one of ${Object.keys(STREAMS).join(', ')}, or an integer in [0, ${MAX_SEED}]`, stream);
      } else {
        checkSeed('random', 'stream', stream);
      }
      return call('random', () => wasm.random(seed, streamId, n, kind));
    },

    /**
     * Runs one lab: `await runLab(name, params, { onProgress, signal, budget })` →
     * { params (defaults filled), result (JSON-safe), manifest, files }. A run over the budget (default
     * BUDGET; 'none' lifts the time limit, never the memory one) is refused before computing. In Node, a
     * `signal` runs the lab in a worker thread, which abort terminates (rejecting with an AbortError).
     * head-to-head also takes { runs }: runs from trainHeadToHead (any order, one per job) are assembled
     * instead of trained, giving the same result as training them here; with { runs, partial: true } the runs
     * of the first stage only (jobs without `stage`) give the result without the later stages' part (preset
     * 'study': without `robustness`), so a caller can show it while the rest trains.
     */
    async runLab(name, params = {}, options = {}) {
      const { onProgress, signal, runs, budget, partial } = checkRunOptions('runLab', options, ['onProgress', 'signal', 'runs', 'budget', 'partial']);
      if (partial !== undefined && (typeof partial !== 'boolean' || (partial && runs === undefined))) {
        throw argError('runLab', 'partial', 'true (with runs) or false', partial);
      }
      return runLabImpl(api, wasm, name, params, { onProgress, signal, runs, partial, budget: resolveBudget('runLab', budget) });
    },

    /**
     * Trains a pooled lab's jobs without assembling: `await trainJobs(name, params, { jobs, onProgress, signal })`
     * → raw runs in the order of `jobs` (default: planJobs(name, params)). Lets a caller spread the jobs over
     * workers, then runLab(name, params, { runs }).
     */
    async trainJobs(name, params = {}, options = {}) {
      const { jobs, onProgress, signal } = checkRunOptions('trainJobs', options, ['jobs', 'onProgress', 'signal']);
      return trainJobsImpl(wasm, name, params, { jobs, onProgress, signal });
    },

    /** trainJobs('head-to-head', params, options): its (variant, seed) jobs, default every one, seed-major. */
    async trainHeadToHead(params = {}, options = {}) {
      const { jobs, onProgress, signal } = checkRunOptions('trainHeadToHead', options, ['jobs', 'onProgress', 'signal']);
      return trainJobsImpl(wasm, 'head-to-head', params, { jobs, onProgress, signal });
    },

    /**
     * Re-evaluates a head-to-head weights.json (or its parsed object) without retraining:
     * [{ variant, seed, metrics, attention }] per run.
     */
    evaluateWeights(weightsJson) {
      // The boundary's part: text, or an object tagged with the format; the runs are checked in labs/head-to-head.js.
      const isObject = weightsJson !== null && typeof weightsJson === 'object' && !Array.isArray(weightsJson);
      if (typeof weightsJson !== 'string' && !(isObject && weightsJson.format === WEIGHTS_FORMAT)) {
        throw argError('evaluateWeights', 'weights', `a weights.json text or its parsed object (format '${WEIGHTS_FORMAT}')`,
          isObject ? weightsJson.format : weightsJson, isObject ? { prefix: 'format ' } : {});
      }
      return evaluateHeadToHeadWeights(wasm, weightsJson);
    },

    /** Low-level entry points the lab modules use (not part of the stable API). */
    _wasm: wasm,
  };
  return api;
}

export default createPeLab;
