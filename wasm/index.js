// wasm/index.js — the PE Lab JavaScript API (the package entry, `import { createPeLab } from 'pe-lab'`).
// Loads the WebAssembly module (Node, browser main thread or worker alike), validates arguments with the
// caller's camelCase names, and returns plain objects and typed arrays: no handle needs freeing.
// Math lives in core/ (C++); registrations in wasm/bindings.cpp; this file only adapts.
import createPeLabWasm from './generated/pe_lab_wasm.mjs';
import { runLabImpl, trainHeadToHeadImpl, filesFor } from './labs.js';
import { evaluateWeights as evaluateHeadToHeadWeights } from './labs/head-to-head.js';
import {
  argError, checkOptions, checkInt, checkNumber, checkEnum, checkBool, checkNumericArray, call,
} from './validate.js';

export { argError, checkOptions, checkInt, checkNumber, checkEnum, checkBool, checkNumericArray };

/**
 * runLab's lazy `files` rebuilt from a run's parts without recomputing: `filesFor(name, params, result,
 * manifest, raw)`, with params/result/manifest as runLab returned them and `raw` its non-enumerable `raw`
 * (head-to-head's trained weights; undefined for the other labs). For a run made elsewhere (a worker).
 */
export { filesFor };

export const PE_SCHEMES = Object.freeze(['none', 'sinusoidal', 'learned', 'rope', 'alibi', 't5']);

const ATTENTION_DEFAULTS = Object.freeze({
  T: 64, dModel: 32, nHeads: 2, seed: 0, pe: 'none', x: undefined, causal: false, base: 10000,
  convention: 'interleaved', learnedTMax: 64, beyond: 'clamp', learnedSigma: 1, numBuckets: 32,
  maxDistance: 128, t5Sigma: 1, keepScores: false, ropeScaling: undefined,
});

const ROPE_SCALING_DEFAULTS = Object.freeze({
  type: 'none', factor: 1, originalMaxPosition: 4096, betaFast: 32, betaSlow: 1, lowFreqFactor: 1, highFreqFactor: 4,
});

/** Validates a ropeScaling option object and returns wasm.ropeScaled(...) for (dHead, base, length). */
function ropeScaled(fn, wasm, scaling, dHead, base, length) {
  const s = { ...ROPE_SCALING_DEFAULTS, ...checkOptions(`${fn}: ropeScaling`, scaling, Object.keys(ROPE_SCALING_DEFAULTS)) };
  checkEnum(fn, 'ropeScaling.type', s.type, ['none', 'linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3']);
  for (const k of ['factor', 'betaFast', 'betaSlow', 'lowFreqFactor', 'highFreqFactor']) checkNumber(fn, `ropeScaling.${k}`, s[k]);
  checkInt(fn, 'ropeScaling.originalMaxPosition', s.originalMaxPosition, 1, 1 << 24);
  if (s.factor < 1 || s.factor > 1e6) throw argError(fn, 'ropeScaling.factor', 'a number in [1, 1e6] (s < 1 would shrink the context)', s.factor);
  checkInt(fn, 'dHead', dHead);
  return call(fn, () => wasm.ropeScaled(s.type, s.factor, s.originalMaxPosition, s.betaFast, s.betaSlow,
    s.lowFreqFactor, s.highFreqFactor, dHead, base, length));
}

/** Fills attention defaults and checks types; ranges are checked by the core. */
export function attentionOptions(fn, options) {
  const o = { ...ATTENTION_DEFAULTS, ...checkOptions(fn, options, Object.keys(ATTENTION_DEFAULTS)) };
  checkInt(fn, 'T', o.T, 1, 65536);
  checkInt(fn, 'dModel', o.dModel, 1, 4096);
  checkInt(fn, 'nHeads', o.nHeads, 1, 256);
  checkInt(fn, 'seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
  checkEnum(fn, 'pe', o.pe, PE_SCHEMES);
  checkBool(fn, 'causal', o.causal);
  checkNumber(fn, 'base', o.base);
  checkEnum(fn, 'convention', o.convention, ['interleaved', 'half-split']);
  checkInt(fn, 'learnedTMax', o.learnedTMax);
  checkEnum(fn, 'beyond', o.beyond, ['clamp', 'wrap', 'error']);
  checkNumber(fn, 'learnedSigma', o.learnedSigma);
  checkInt(fn, 'numBuckets', o.numBuckets);
  checkInt(fn, 'maxDistance', o.maxDistance);
  checkNumber(fn, 't5Sigma', o.t5Sigma);
  checkBool(fn, 'keepScores', o.keepScores);
  if (o.x !== undefined && o.x !== null) {
    checkNumericArray(fn, 'x', o.x);
    if (o.x.length !== o.T * o.dModel) throw argError(fn, 'x', `of length T·dModel = ${o.T * o.dModel}`, `length ${o.x.length}`);
  }
  return { ...o, attnScale: 1, ropePositions: undefined, ropeInvFreq: undefined, ropeScaling: o.ropeScaling };
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

    /** RoPE frequencies theta_k = base^(-2k/dHead), Float64Array of dHead/2. */
    ropeFrequencies(dHead, options) {
      const { base = 10000 } = checkOptions('ropeFrequencies', options, ['base']);
      checkInt('ropeFrequencies', 'dHead', dHead);
      checkNumber('ropeFrequencies', 'base', base);
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
      checkNumericArray(fn, 'x', x);
      checkInt(fn, 'T', T, 1, 65536);
      checkInt(fn, 'dHead', dHead);
      checkNumber(fn, 'base', base);
      checkEnum(fn, 'convention', convention, ['interleaved', 'half-split']);
      checkEnum(fn, 'precision', precision, ['float32', 'float64']);
      if (x.length !== T * dHead) throw argError(fn, 'x', `of length T·dHead = ${T * dHead}`, `length ${x.length}`);
      let pos = positions;
      if (pos === undefined) {
        pos = new Float64Array(T);
        for (let i = 0; i < T; i++) pos[i] = i;
      } else {
        checkNumericArray(fn, 'positions', pos, true);
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
      checkInt('ropeScaling', 'dHead', dHead);
      checkNumber('ropeScaling', 'base', base);
      const L0 = scaling?.originalMaxPosition ?? ROPE_SCALING_DEFAULTS.originalMaxPosition;
      if (length !== undefined) checkInt('ropeScaling', 'length', length, 1, 1 << 24);
      return ropeScaled('ropeScaling', wasm, scaling, dHead, base, length ?? L0);
    },

    /** ALiBi slopes per head (Press et al. 2022 reference interleaving), Float64Array of nHeads. */
    alibiSlopes(nHeads) {
      checkInt('alibiSlopes', 'nHeads', nHeads);
      return call('alibiSlopes', () => wasm.alibiSlopes(nHeads));
    },

    /** T5 relative-position buckets, Int32Array T·T, entry [i·T + j] = bucket of j − i. */
    t5Buckets(T, options) {
      const fn = 't5Buckets';
      const { bidirectional = true, numBuckets = 32, maxDistance = 128 } =
        checkOptions(fn, options, ['bidirectional', 'numBuckets', 'maxDistance']);
      checkInt(fn, 'T', T, 1, 4096);
      checkBool(fn, 'bidirectional', bidirectional);
      checkInt(fn, 'numBuckets', numBuckets);
      checkInt(fn, 'maxDistance', maxDistance);
      return call(fn, () => wasm.t5Buckets(T, bidirectional, numBuckets, maxDistance));
    },

    /** Learned PE rows for positions 0…T−1 from a seeded (tMax×d) table, Float32Array T·d. */
    learnedPe(T, d, options) {
      const fn = 'learnedPe';
      const { tMax = 64, beyond = 'clamp', sigma = 1, seed = 0 } =
        checkOptions(fn, options, ['tMax', 'beyond', 'sigma', 'seed']);
      checkInt(fn, 'T', T);
      checkInt(fn, 'd', d);
      checkInt(fn, 'tMax', tMax);
      checkEnum(fn, 'beyond', beyond, ['clamp', 'wrap', 'error']);
      checkNumber(fn, 'sigma', sigma);
      checkInt(fn, 'seed', seed, 0, Number.MAX_SAFE_INTEGER);
      return call(fn, () => wasm.learnedPe(T, d, tMax, beyond, sigma, seed));
    },

    /**
     * One multi-head self-attention layer. Returns { output (T·dModel), weights (nHeads·T·T),
     * entropy (nHeads·T), peInput (T·dModel) } as Float32Arrays.
     */
    attention(options) {
      const o = attentionOptions('attention', options);
      if (o.ropeScaling !== undefined) {
        if (o.pe !== 'rope') throw argError('attention', 'ropeScaling', "used only with pe: 'rope'", `pe '${o.pe}'`);
        if (o.dModel % o.nHeads !== 0) throw argError('attention', 'nHeads', `a divisor of dModel = ${o.dModel}`, o.nHeads);
        const scaled = ropeScaled('attention', wasm, o.ropeScaling, o.dModel / o.nHeads, o.base, o.T);
        o.ropeInvFreq = scaled.invFreq;
        o.attnScale = scaled.attentionFactor * scaled.attentionFactor;  // factor on both q and k
      }
      return call('attention', () => wasm.attention(o));
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

    /**
     * Runs one lab: `await runLab(name, params, { onProgress, signal })` →
     * { params (defaults filled), result (JSON-safe), manifest, files }.
     * head-to-head also takes { runs }: runs from trainHeadToHead (any order, one per job) are assembled
     * instead of trained, giving the same result as training them here.
     */
    async runLab(name, params = {}, { onProgress, signal, runs } = {}) {
      return runLabImpl(api, wasm, name, params, { onProgress, signal, runs });
    },

    /**
     * Trains head-to-head (variant, seed) jobs without assembling: `await trainHeadToHead(params, { jobs,
     * onProgress, signal })` → raw runs in the order of `jobs` (default: every job of params, seed-major).
     * Lets a caller spread the jobs over workers, then runLab('head-to-head', params, { runs }).
     */
    async trainHeadToHead(params = {}, { jobs, onProgress, signal } = {}) {
      return trainHeadToHeadImpl(wasm, params, { jobs, onProgress, signal });
    },

    /**
     * Re-evaluates a head-to-head weights.json (or its parsed object) without retraining:
     * [{ variant, seed, metrics, attention }] per run.
     */
    evaluateWeights(weightsJson) {
      return evaluateHeadToHeadWeights(wasm, weightsJson);
    },

    /** Low-level entry points the lab modules use (not part of the stable API). */
    _wasm: wasm,
  };
  return api;
}

export default createPeLab;
