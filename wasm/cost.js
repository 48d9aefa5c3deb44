// wasm/cost.js — what a lab run will cost, from its parameters alone (nothing is run): the bytes of the
// result it keeps, a work count, and the seconds that work takes at rates measured on one thread
// (bench/cost-calibration.mjs). runLab and attention refuse a run over the budget before computing
// (checkBudget / checkAttentionBudget); the page shows the estimate and waits for Run past AUTO_RUN_SECONDS.
// Bytes: every matrix the result keeps at its element size (float32 maps; sinusoidal's float64 tables) plus
// 8 bytes per number of its number arrays; head-to-head adds the trained weights kept beside the result
// (runLab's `raw`). Exact for every lab but head-to-head, whose vocabulary and curves are estimated.
// Leaves out: the wasm heap while computing (freed when the call returns), texts and figures (`files`,
// built only when read), and the extrapolation cache (bounded on its own, wasm/labs/extrapolation.js).
import { resolveParams } from './params.js';
import { LABS, COURSE_SCHEMES } from './schema.js';
import { argError, checkOptions, checkNumber } from './validate.js';
import { splitWords } from './labs/permutation.js';
import { resolve as resolveHeadToHead } from './labs/head-to-head.js';
import { ROBUSTNESS_GRID, ROBUSTNESS_VARIANTS } from './labs/h2h-robustness.js';

const MiB = 2 ** 20;

/**
 * Default budget: `bytes` of result arrays a browser tab holds comfortably beside the page (a 1.2 GB sweep
 * crashed Chromium, issue 13), `seconds` a reader waits for an API or CLI call. The memory budget always
 * applies; the time budget is lifted by `{ budget: 'none' }` (CLI `--no-budget`) for long research runs.
 */
export const BUDGET = Object.freeze({ bytes: 512 * MiB, seconds: 20 });
/** The page starts a run from a link on load only below this estimate; a longer one waits for Run. */
export const AUTO_RUN_SECONDS = 2;

// Seconds = overhead + work / rate, per lab; work in flop-like units (multiply-adds count 2). Fitted by
// `node bench/cost-calibration.mjs` on the development machine (2 shared cores, Node 20, 2026-12-02), in CPU
// seconds of the one thread that runs the lab, fastest of 3 repetitions (permutation: of 5); that script
// printed predicted against measured at 3 sizes per lab, within 0.75–1.16× (permutation 0.65–1.15×).
// Wall time equals it on an idle machine; another machine may be ~2× faster or slower.
export const RATES = Object.freeze({
  permutation: { rate: 1.65e9, overhead: 0.0048 },
  sinusoidal: { rate: 6.22e9, overhead: 0.0020 },
  rope: { rate: 4.46e9, overhead: 0.0015 },
  extrapolation: { rate: 1.18e10, overhead: 0.0024 },
  biases: { rate: 9.18e9, overhead: 0.0071 },
  'context-extension': { rate: 7.87e9, overhead: 0.0058 },
  'head-to-head': { rate: 1.39e10, overhead: 0.549 },   // refitted on the idle machine after the faster training (same day)
  attention: { rate: 7.19e9, overhead: 0.0030 },
});

/** Flops of one multi-head attention layer on T positions of width C: 4 projections, QKᵀ and AV, softmax + entropy. */
export const attentionWork = (T, C, H) => 8 * T * C * C + 4 * T * T * C + 16 * H * T * T;

// Head-to-head's estimates: the corpus vocabulary when vocabSize = 0 (58 words at corpus seed 0), the
// attention maps' sequences (20 and 40 tokens + BOS), tokens per training sentence (≤ 5 + BOS, core/data/corpus.h)
// and the evaluation after each run in training-token equivalents: forward passes over 240·6 + 60·6 +
// 60·(11 + 16 + 21) = 4680 tokens, a third of a training token's cost each.
const H2H_CORPUS_VOCAB = 58;
const H2H_MAP_TS = [21, 41];
const H2H_TOKENS = 6;
const H2H_EVAL_TOKENS = 4680 / 3;
// RoPE at inference (core/labs/h2h_inference), per rope run: 4 distinct tables per OOD split (Llama 3 = PI at L0 = 6)
// over 60·(11 + 16 + 21 + 41) rows, and val (≤ 60·6 rows) once, forward only.
const H2H_INFERENCE_TOKENS = (4 * 60 * (11 + 16 + 21 + 41) + 60 * 6) / 3;

/** The mini-GPT's parameter count (core/model/gpt.h): blocks 12C² + 9C each, embeddings, final norm; learned PE adds maxLen·C. */
const gptParams = (p, variant) => {
  const V = p.vocabSize || H2H_CORPUS_VOCAB, C = p.dModel;
  return p.nLayers * (12 * C * C + 9 * C) + V * C + 10 * C + (variant === 'learned' ? p.maxLen * C : 0);
};

/** Head-to-head's training runs: { runs, steps (summed over runs), settings, variants, inferenceRuns }; preset
 *  'robustness' trains sinusoidal and RoPE per setting of its grid, each setting's steps from its factor (capped
 *  like the core's); preset 'study' trains its variants, then the grid but its baseline (the study's own runs).
 *  Only the runs outside the grid evaluate RoPE at inference (inferenceRuns: how many). */
function h2hRuns(p) {
  const cap = (f) => Math.min(LABS['head-to-head'].params.steps.max, Math.ceil(p.steps * f));
  const own = p.preset === 'robustness' ? 0 : p.seeds * p.variants.length;
  const grid = p.preset === 'robustness' ? ROBUSTNESS_GRID : p.preset === 'study' ? ROBUSTNESS_GRID.filter((g) => g.id !== 'baseline') : [];
  const pairs = p.seeds * ROBUSTNESS_VARIANTS.length;
  return {
    runs: own + pairs * grid.length,
    steps: own * p.steps + pairs * grid.reduce((a, g) => a + cap(g.stepsFactor), 0),
    settings: p.preset === 'robustness' ? grid.length : 1,
    variants: p.preset === 'robustness' ? ROBUSTNESS_VARIANTS : p.variants,
    inferenceRuns: p.preset === 'robustness' || !p.variants.includes('rope') ? 0 : p.seeds,
  };
}

// Positions of rope's float32 precision sweep: 4 a decade up to 1e7 (core/labs/rope_lab.cpp), 29.
const ROPE_PRECISION_POSITIONS = 29;

/** Per lab: { bytes, work, notes } from resolved params. */
const MODELS = {
  permutation(p) {
    const n = splitWords(p.sentence).length, C = p.dModel, H = p.nHeads;
    const schemes = 6;  // every PE_SCHEME, each on the sentence and its reordering
    // a few words only: drawing each scheme's 4 weight matrices (C² normals, ~50 flops each) dominates
    return {
      bytes: 4 * (2 * n * C + schemes * 2 * (n * C + H * n * n)) + 8 * n,
      work: schemes * (2 * attentionWork(n, C, H) + 4 * C * C * 50), notes: [],
    };
  },
  sinusoidal(p) {
    const { T, d } = p;
    const offsets = Math.ceil(Math.log2(T)) + (isPowerOfTwo(p.offset) ? 0 : 1);  // 1, 2, 4, … < T, plus offset
    return {
      bytes: 8 * (T * T + T * d + d * d) + 8 * (p.dims.length * T + 2 * offsets),
      // the T×T similarity, then PE[:T−k]·M_kᵀ (dense d×d) for each offset and once for `offset`; sin/cos ≈ 40 flops
      work: 2 * T * T * d + 2 * (offsets + 1) * T * d * d + 40 * T * d, notes: [],
    };
  },
  rope(p) {
    const P = p.dHead / 2;
    // Dominated by the V check, a float64 T×T attention (core/labs/rope_lab.cpp): 3 products of 2·T²·dHead and
    // T² exps, an exp counted as 360 flops (the measured time ratio of dHead 512 to dHead 64 at T = 1024).
    return {
      bytes: 8 * (2 * p.dHead + P + 4 * p.T + 2 * ROPE_PRECISION_POSITIONS),
      work: p.T * p.T * (6 * p.dHead + 360) + 64 * p.T * p.dHead, notes: [],
    };
  },
  extrapolation(p) {
    const Ts = [...new Set(p.TSweep)];
    const schemes = COURSE_SCHEMES.length + p.extraSchemes.length;
    const perScheme = Ts.reduce((s, T) => s + 4 * T * T + 8 * T, 0);  // the shown head's map (float32) and its row entropies
    return {
      bytes: schemes * perScheme + 8 * Ts.length * (2 + 4 * schemes),  // TSweep, maxEntropy; 4 tables per scheme
      work: schemes * Ts.reduce((s, T) => s + attentionWork(T, p.dModel, p.nHeads), 0),
      notes: [`${schemes} schemes × ${Ts.length} lengths: ${schemes * Ts.length} maps of T×T`],
    };
  },
  biases(p) {
    const { tMax, d, T, nHeads: H, biasT, farT, maxRelative } = p;
    return {
      bytes: 4 * (tMax * d + H * p.numBuckets + 4 * biasT * biasT + 2 * farT * farT)
        + 8 * (2 * T + 3 * (2 * maxRelative + 1) + 2 * H + 2 * farT),
      work: 2 * attentionWork(farT, p.dModel, H) + 4 * H * biasT * biasT + 8 * T * d,
      notes: ['two maps of farT × farT (ALiBi and NoPE)'],
    };
  },
  'context-extension'(p) {
    const L = Math.round(p.factor * p.trainLength), P = p.dHead / 2, m = p.methods.length;
    return {
      // per method: its L × L map (float32), three per-pair tables and its attention-by-distance curve (L)
      bytes: m * (4 * L * L + 8 * 3 * P + 8 * L) + 8 * 4 * P,
      work: m * attentionWork(L, p.nHeads * p.dHead, p.nHeads),
      notes: [`${m} maps of L × L, L = factor·trainLength = ${L}`],
    };
  },
  'head-to-head'(params) {
    const p = resolveHeadToHead(params);   // preset 'study': every scheme
    // Robustness keeps only a metric table, but every run's weights and maps exist until the runs are assembled.
    const { runs, steps, settings, variants, inferenceRuns } = h2hRuns(p);
    const weights = p.seeds * settings * variants.reduce((s, v) => s + gptParams(p, v), 0)
      + (runs - p.seeds * settings * variants.length) * (gptParams(p, 'sinusoidal') + gptParams(p, 'rope')) / 2;
    const C = p.dModel;
    const perToken = 6 * (p.nLayers * 12 * C * C + (p.vocabSize || H2H_CORPUS_VOCAB) * C) + 12 * p.nLayers * H2H_TOKENS * C;
    return {
      bytes: 4 * weights + runs * 4 * p.nLayers * p.nHeads * H2H_MAP_TS.reduce((s, T) => s + T * T, 0) + 8 * steps,
      work: (steps * p.batch * H2H_TOKENS + runs * H2H_EVAL_TOKENS
        + inferenceRuns * H2H_INFERENCE_TOKENS) * perToken,
      notes: [`${runs} training runs of ${steps !== runs * p.steps ? `${Math.round(steps / runs)} steps on average` : `${p.steps} steps`}`, 'the vocabulary and sentence lengths are estimated'],
    };
  },
};

function isPowerOfTwo(k) { return (k & (k - 1)) === 0; }

const seconds = (name, work) => RATES[name].overhead + work / RATES[name].rate;

/**
 * The cost of `runLab(name, params)` without running it: { bytes (result arrays), seconds (one thread,
 * calibrated), work (flop-like count), notes }. Params as runLab takes them (defaults filled, validated).
 */
export function estimateCost(name, params = {}) {
  return costOf(name, resolveParams(name, params));
}

/**
 * Throws runLab's refusal (PE_LAB_BAD_ARGUMENT naming the driving parameter and its largest allowed value) if
 * runLab(name, params, { budget }) would be refused; returns the estimate otherwise. For a caller that checks
 * before handing the run elsewhere (the page before posting to a worker: budget 'none' checks memory only).
 */
export function checkRunBudget(name, params = {}, budget = undefined) {
  return checkBudget(name, resolveParams(name, params), resolveBudget('checkRunBudget', budget));
}

function costOf(name, p) {
  const m = MODELS[name](p);
  return { bytes: m.bytes, seconds: seconds(name, m.work), work: m.work, notes: m.notes };
}

/** The cost of api.attention's options (already checked by attentionOptions): its output arrays and the layer. */
export function attentionCost(o) {
  const work = attentionWork(o.T, o.dModel, o.nHeads);
  const bytes = 4 * (2 * o.T * o.dModel + o.nHeads * o.T * o.T * (o.keepScores ? 2 : 1) + o.nHeads * o.T);
  return { bytes, seconds: seconds('attention', work), work, notes: [] };
}

/**
 * The budget option of runLab / attention: undefined (BUDGET), 'none' (no time limit; memory still
 * BUDGET.bytes) or { bytes, seconds } (bytes at most BUDGET.bytes; seconds > 0, Infinity allowed).
 */
export function resolveBudget(fn, budget) {
  if (budget === undefined) return BUDGET;
  if (budget === 'none') return { bytes: BUDGET.bytes, seconds: Infinity };
  if (budget === null || typeof budget !== 'object' || Array.isArray(budget)) {
    throw argError(fn, 'budget', `'none' or an object { bytes, seconds }`, budget);
  }
  const o = checkOptions(fn, budget, ['bytes', 'seconds'], 'budget');
  const bytes = o.bytes === undefined ? BUDGET.bytes : checkNumber(fn, 'budget.bytes', o.bytes, 0, BUDGET.bytes, { exclusiveMin: true });
  let secs = BUDGET.seconds;
  if (o.seconds === Infinity) secs = Infinity;
  else if (o.seconds !== undefined) secs = checkNumber(fn, 'budget.seconds', o.seconds, 0, Number.MAX_VALUE, { exclusiveMin: true });
  return { bytes, seconds: secs };
}

// The parameter that drives each lab's cost, for the message: how to set it to a value v, and its range.
const DRIVERS = {
  permutation: { param: 'dModel', set: (p, v) => ({ ...p, dModel: v - (v % 2) }) },
  sinusoidal: { param: 'T', set: (p, v) => ({ ...p, T: v }) },
  rope: { param: 'T', set: (p, v) => ({ ...p, T: v }) },
  // n consecutive lengths ending at v, n the number of distinct lengths asked for
  extrapolation: {
    param: 'TSweep', what: (p) => `largest T for ${new Set(p.TSweep).size} lengths, ${COURSE_SCHEMES.length + p.extraSchemes.length} schemes, nHeads = ${p.nHeads}, dModel = ${p.dModel}`,
    set: (p, v) => { const n = new Set(p.TSweep).size; return { ...p, TSweep: Array.from({ length: n }, (_, i) => Math.max(2, v - i)) }; },
    range: (p) => [new Set(p.TSweep).size + 1, LABS.extrapolation.params.TSweep.max],
  },
  biases: { param: 'farT', set: (p, v) => ({ ...p, farT: v }) },
  'context-extension': {
    param: 'factor', what: (p) => `largest factor at trainLength = ${p.trainLength}, ${p.methods.length} methods`,
    set: (p, v) => ({ ...p, factor: v / 100 }), range: () => [100, 100 * LABS['context-extension'].params.factor.max], scale: 100,
  },
  'head-to-head': {
    param: 'steps', what: (p) => `largest steps for ${h2hRuns(resolveHeadToHead(p)).runs} runs at batch ${p.batch}, dModel ${p.dModel}`,
    set: (p, v) => ({ ...p, steps: v }),
  },
};
// Head-to-head's memory is driven by the seeds (one set of weights each), not by the steps.
const BYTES_DRIVERS = {
  'head-to-head': { param: 'seeds', what: (p) => `largest seeds for ${resolveHeadToHead(p).variants.length} variants at dModel ${p.dModel}, ${p.nLayers} layers`, set: (p, v) => ({ ...p, seeds: v }) },
};

/** The largest value of the driver within `limit` of `measure` (bytes or seconds), or null if none. */
function largestAllowed(name, p, driver, measure, limit) {
  const spec = LABS[name].params[driver.param];
  const [lo, hi] = driver.range ? driver.range(p) : [spec.min, spec.max];
  const a = largestFitting(lo, hi, (v) => costOf(name, driver.set(p, v))[measure] <= limit);
  return a === null || !driver.scale ? a : a / driver.scale;
}

/** The largest integer v in [lo, hi] with fits(v), for a cost that grows with v; null if not even lo fits. */
function largestFitting(lo, hi, fits) {
  if (!fits(lo)) return null;
  let a = lo, b = hi;
  while (a < b) {
    const mid = Math.ceil((a + b) / 2);
    if (fits(mid)) a = mid; else b = mid - 1;
  }
  return a;
}

const mib = (b) => `${(b / MiB).toFixed(b < 10 * MiB ? 1 : 0)} MiB`;
const secs = (s) => (s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`);

/** Which limit `cost` exceeds: 'bytes' first (it always applies), then 'seconds'; null within budget. */
const overOf = (cost, budget) => (cost.bytes > budget.bytes ? 'bytes' : cost.seconds > budget.seconds ? 'seconds' : null);

/**
 * The refusal: `param` (value `got`) must keep the estimate within the budget; `largest` says how far it may
 * go, `lift` how the time budget is lifted.
 */
function budgetError(fn, param, got, over, cost, budget, largest, lift = "{ budget: 'none' } or --no-budget") {
  const bound = over === 'bytes' ? `result ≤ ${mib(budget.bytes)} (memory budget)`
    : `time ≤ ${secs(budget.seconds)} (time budget; ${lift} lifts it)`;
  return argError(fn, param, `such that the run's estimated ${bound} (${largest})`, got,
    { suffix: ` (estimated ${over === 'bytes' ? mib(cost.bytes) : secs(cost.seconds)})` });
}

/**
 * Throws PE_LAB_BAD_ARGUMENT, before anything is computed, if runLab(name, p) (p resolved) would exceed
 * `budget` (resolveBudget's output): the message names the driving parameter and, where one exists, its
 * largest value within the budget. Returns the estimate otherwise.
 */
export function checkBudget(name, p, budget) {
  budget = presetAllowance(name, p, budget);
  const cost = costOf(name, p);
  const over = overOf(cost, budget);
  if (!over) return cost;
  const driver = (over === 'bytes' && BYTES_DRIVERS[name]) || DRIVERS[name];
  const what = driver.what ? driver.what(p) : `largest ${driver.param} with the other parameters as given`;
  const best = largestAllowed(name, p, driver, over, budget[over]);
  throw budgetError(name, driver.param, p[driver.param], over, cost, budget, `${what}: ${best ?? 'none'}`);
}

/**
 * A named preset ('study', 'robustness') at its own defaults is a documented run of known cost: the default time
 * budget rises to that cost (about 45 s and 97 s of one thread), so `runLab(…, { preset })` and the CLI's
 * `--preset` run without --no-budget, while any change that costs more than the preset's defaults is refused.
 * An explicit budget is kept as given.
 */
function presetAllowance(name, p, budget) {
  if (budget !== BUDGET || p.preset === undefined || p.preset === 'course') return budget;
  const preset = costOf(name, resolveParams(name, { preset: p.preset }));
  return { ...budget, seconds: Math.max(budget.seconds, preset.seconds) };
}

/** The same for api.attention (o from attentionOptions): T drives the cost. */
export function checkAttentionBudget(o, budget) {
  const cost = attentionCost(o);
  const over = overOf(cost, budget);
  if (!over) return cost;
  const best = largestFitting(1, o.T, (T) => attentionCost({ ...o, T })[over] <= budget[over]);
  throw budgetError('attention', 'T', o.T, over, cost, budget, `largest T at dModel = ${o.dModel}, nHeads = ${o.nHeads}: ${best ?? 'none'}`,
    "budget: 'none'");
}
