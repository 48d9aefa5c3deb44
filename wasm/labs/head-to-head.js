// wasm/labs/head-to-head.js — the course's experiment 04, run: train the mini-GPT (core/model, core/labs/
// head_to_head) with each position scheme over several seeds on the verb-conjugation corpus, evaluate on
// train, in-distribution val (≤ 5 tokens) and OOD lengths 10/15/20, and set the measured table beside the
// course's written-down predictions. run = assemble(trainJobs(jobsOf(params))): trainJobs trains any list of
// (variant, seed) jobs one at a time (onProgress sees every step), so the page can spread them over workers
// and assemble the runs afterwards, in the canonical job order, to exactly the result of one run().
// files: manifest, metrics (CSV, Markdown), the corpus (text, JSON), the trained weights (weights.json and
// weights.safetensors, from run's `raw`: they are not part of result), the loss curves, conjugation accuracy
// and loss against the evaluated length (accuracy_vs_length: one line per variant, seed min–max band) and the
// first seed's attention maps at T = 20 and 40 (PNG, CSV). The result carries the training split's
// memorisation floor (core/data/corpus.h) beside each split's entropy floor. Preset 'study' (resolve) trains all six schemes; verdicts among variants are
// drawn only between converged ones (train conjugation loss <= 0.1 on every seed, the core's flag). RoPE extended
// at inference (result.inference, inference.csv/.md): ./head-to-head-inference.js.
import { mat, manifest, json, csv, png, SCHEME_NAMES } from '../artifacts.js';
import { argError, call } from '../validate.js';
// Preset 'robustness' reruns sinusoidal vs RoPE over the core's grid of settings: its jobs carry a `setting`,
// trained with that setting's parameters; its result and files are h2h-robustness.js's.
import * as robustness from './h2h-robustness.js';
import { EMBED_SCALES } from '../schema.js';
import { MODEL_SCHEMES } from '../schema.js';
import { safetensors } from '../safetensors.js';
import { inferenceOf, inferenceManifest, inferenceFiles } from './head-to-head-inference.js';

/** A measured value within this of the course's prediction is "as predicted" (losses and accuracies alike). */
export const PREDICTION_TOLERANCE = 0.05;

export const SPLITS = ['train', 'val', 'ood10', 'ood15', 'ood20', 'ood40'];

/** The course's predictions (experiment-04, "Predictions"): next-token losses and accuracy at T = 20. */
export const COURSE_PREDICTIONS = [
  { key: 'train_loss', split: 'train', measure: 'loss', sinusoidal: 0.05, rope: 0.05 },
  { key: 'val_loss', split: 'val', measure: 'loss', sinusoidal: 0.10, rope: 0.10 },
  { key: 'ood10_loss', split: 'ood10', measure: 'loss', sinusoidal: 0.35, rope: 0.20 },
  { key: 'ood15_loss', split: 'ood15', measure: 'loss', sinusoidal: 0.80, rope: 0.30 },
  { key: 'ood20_loss', split: 'ood20', measure: 'loss', sinusoidal: 1.50, rope: 0.45 },
  { key: 'ood20_acc', split: 'ood20', measure: 'conjAcc', sinusoidal: 0.65, rope: 0.89 },
];

const yieldToEventLoop = () => (typeof setImmediate === 'function'
  ? new Promise((resolve) => setImmediate(resolve))
  : new Promise((resolve) => setTimeout(resolve, 0)));

function stats(values) {
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) };
}

/**
 * The course predicted losses that the next-token loss cannot reach (it is bounded below by the corpus's own
 * entropy); they are about the learnable part, so each loss prediction is compared with the conjugation loss.
 * Verdict per row: 'as predicted' within 0.05 (losses) or 5 points (accuracy) of the prediction, else 'better'
 * or 'worse' than predicted.
 */
export function verdicts(summary, predictions = COURSE_PREDICTIONS) {
  return predictions.map((p) => {
    const measure = p.measure === 'loss' ? 'conjLoss' : p.measure;
    const row = { key: p.key, split: p.split, measure };
    for (const v of ['sinusoidal', 'rope']) {
      const measured = summary[v]?.[p.split]?.[measure]?.mean;
      if (measured === undefined) continue;
      const delta = measured - p[v];
      const better = measure === 'conjAcc' ? delta > 0 : delta < 0;
      row[v] = { predicted: p[v], measured, delta, verdict: Math.abs(delta) <= PREDICTION_TOLERANCE ? 'as predicted' : better ? 'better' : 'worse' };
    }
    return row;
  });
}

export const VARIANTS = MODEL_SCHEMES;

/** Resolved params with the preset applied: 'study' trains every scheme (MODEL_SCHEMES), 'robustness' sinusoidal
 *  and RoPE (per setting of its grid), 'course' the variants given. */
export function resolve(params) {
  if (params.preset === 'robustness') return { ...params, variants: [...robustness.ROBUSTNESS_VARIANTS] };
  return params.preset === 'study' ? { ...params, variants: [...MODEL_SCHEMES] } : params;
}

/** The rule between parameters the schema cannot state (the rest is checked by the schema and the core). */
export function checkParams(params) {
  if (params.dModel % params.nHeads !== 0) throw argError('head-to-head', 'nHeads', `a divisor of dModel = ${params.dModel}`, params.nHeads);
  const s = params.inferenceFactor;
  if (s !== 0 && s < 1) throw argError('head-to-head', 'inferenceFactor', '0 (the length ratio per split) or a number in [1, 64]', s);
}

/** The (variant, seed) jobs of `params` (resolved) in canonical order: seed-major, variants as listed (preset
 *  'robustness': { variant, seed, setting } per setting of its grid, h2h-robustness.js). Preset 'study' adds the
 *  robustness grid as a second stage ({ …, setting, stage: 1 }): every setting but the baseline, whose runs are
 *  the study's own sinusoidal and RoPE runs (same parameters, same seeds). */
export function jobsOf(params) {
  if (params.preset === 'robustness') return robustness.jobsOf(params);
  const jobs = [];
  for (let s = 0; s < params.seeds; s++) for (const v of params.variants) jobs.push({ variant: v, seed: params.seed + s });
  if (params.preset === 'study') jobs.push(...robustness.jobsOf(params, [BASELINE]).map((j) => ({ ...j, stage: 1 })));
  return jobs;
}

const BASELINE = 'baseline';   // the robustness grid's setting "the parameters as given" (core/labs/h2h_robustness.h)
/** Whether `params` (resolved) trains the robustness grid: its own preset, or the study's second stage. */
const hasGrid = (params) => params.preset === 'robustness' || params.preset === 'study';

/** Throws unless `jobs` is a non-empty array of { variant, seed } (fn names the caller in the message). */
export function checkJobs(fn, jobs) {
  if (!Array.isArray(jobs) || jobs.length === 0) throw argError(fn, 'jobs', 'a non-empty array of { variant, seed }', Array.isArray(jobs) ? '[]' : typeof jobs);
  jobs.forEach((j, i) => {
    if (!j || typeof j !== 'object') throw argError(fn, `jobs[${i}]`, 'an object { variant, seed }', j);
    if (!VARIANTS.includes(j.variant)) throw argError(fn, `jobs[${i}].variant`, `one of ${VARIANTS.map((v) => `'${v}'`).join(', ')}`, j.variant);
    if (!Number.isInteger(j.seed) || j.seed < 0 || j.seed > 4294967295) throw argError(fn, `jobs[${i}].seed`, 'an integer in [0, 4294967295]', j.seed);
    if (j.setting !== undefined && !robustness.ROBUSTNESS_SETTINGS.includes(j.setting)) {
      throw argError(fn, `jobs[${i}].setting`, `absent or one of ${robustness.ROBUSTNESS_SETTINGS.map((v) => `'${v}'`).join(', ')}`, j.setting);
    }
    if (j.stage !== undefined && j.stage !== 1) throw argError(fn, `jobs[${i}].stage`, 'absent or 1', j.stage);
  });
  return jobs;
}

/**
 * Trains each job of `jobs` in turn → wasm.headToHeadRun's raw runs, in the order of `jobs`: { variant, seed,
 * lossCurve (Float32Array steps), metrics per split, attention, paramCount, flops, trainSeconds, tokensPerSecond,
 * weights (Float32Array paramCount), config, and `setting` for a job that has one (trained with that setting's
 * parameters) }. onProgress({ fraction (over these jobs), message, variant, seed, setting?, step, steps, loss }) at
 * most every 50 ms per job and at each job's last step.
 */
export async function trainJobs(wasm, params, jobs, { onProgress, signal } = {}) {
  checkParams(params);
  checkJobs('head-to-head', jobs);
  const settings = jobs.some((j) => j.setting !== undefined) ? robustness.settingsOf(wasm, params) : null;
  const runs = [];
  for (const [i, job] of jobs.entries()) {
    if (signal?.aborted) throw signal.reason ?? new Error('head-to-head: cancelled');
    let lastReport = 0;
    const jobParams = job.setting === undefined ? params : robustness.paramsFor(params, settings, job.setting);
    const label = `${job.setting === undefined ? '' : `${job.setting}: `}${job.variant} seed ${job.seed}`;
    // A robustness job never reads RoPE's inference-time rows: its run leaves them out (inference: []).
    const train = job.setting === undefined ? wasm.headToHeadRun : wasm.headToHeadRobustnessRun;
    const r = call('head-to-head', () => train(jobParams, job.variant, job.seed, (step, steps, loss) => {
      if (signal?.aborted) return false;
      const now = Date.now();
      if (onProgress && (now - lastReport > 50 || step === steps)) {
        lastReport = now;
        onProgress({ fraction: (i + step / steps) / jobs.length, message: `${label}: step ${step}/${steps}`,
          variant: job.variant, seed: job.seed, ...(job.setting === undefined ? {} : { setting: job.setting }), step, steps, loss });
      }
      return true;
    }));
    if (r.cancelled || signal?.aborted) throw signal?.reason ?? new Error('head-to-head: cancelled');
    if (job.setting !== undefined) r.setting = job.setting;
    runs.push(r);
    await yieldToEventLoop();
  }
  return runs;
}

/**
 * `runs` (trained elsewhere, in any order) in the canonical order of jobsOf(params); throws naming `runs` unless
 * there is exactly one finished run per job, trained with these parameters (`settings`: the robustness grid's,
 * settingsOf, for jobs with a setting). `partial`: the jobs of the first stage only (no `stage`).
 */
export function orderRuns(params, runs, settings = null, partial = false) {
  const jobs = jobsOf(params).filter((j) => !partial || j.stage === undefined);
  const keyOf = (j) => `${j?.setting === undefined ? '' : `${j.setting}/`}${j?.variant}/${j?.seed}`;
  const want = `one finished run per (variant, seed) of these parameters (${jobs.length}: ${jobs.map(keyOf).join(', ')})`;
  if (!Array.isArray(runs)) throw argError('head-to-head', 'runs', want, typeof runs);
  const byKey = new Map();
  for (const r of runs) {
    const key = keyOf(r);
    if (byKey.has(key)) throw argError('head-to-head', 'runs', want, `${key} twice`);
    byKey.set(key, r);
  }
  if (runs.length !== jobs.length) throw argError('head-to-head', 'runs', want, `${runs.length} runs`);
  return jobs.map((j) => {
    const key = keyOf(j);
    const r = byKey.get(key);
    if (!r) throw argError('head-to-head', 'runs', want, `no run ${key}`);
    const c = r.config ?? {};
    const p = j.setting === undefined ? params : robustness.paramsFor(params, settings, j.setting);
    const same = !r.cancelled && r.lossCurve?.length === p.steps && c.dModel === p.dModel && c.nLayers === p.nLayers
      && c.nHeads === p.nHeads && c.maxLen === p.maxLen && c.embedScale === p.embedScale && c.embedInitStd === p.embedInitStd
      && r.inferenceFactor === p.inferenceFactor;
    if (!same) throw argError('head-to-head', 'runs', want, `run ${key} trained with other parameters`);
    return r;
  });
}

export async function run(api, wasm, params, { onProgress, signal, runs, partial = false } = {}) {
  checkParams(params);
  const settings = hasGrid(params) ? robustness.settingsOf(wasm, params) : null;
  const trained = runs !== undefined ? orderRuns(params, runs, settings, partial) : await trainJobs(wasm, params, jobsOf(params), { onProgress, signal });
  if (params.preset === 'robustness') return robustness.assemble(api, wasm, params, trained);
  const own = trained.filter((r) => r.setting === undefined);
  const out = assemble(api, wasm, params, own);
  if (params.preset === 'study') {
    // The grid's second stage (null in a partial result): the study's sinusoidal/RoPE runs are its baseline.
    const baseline = own.filter((r) => robustness.ROBUSTNESS_VARIANTS.includes(r.variant)).map((r) => ({ ...r, setting: BASELINE }));
    out.result.robustness = partial ? null : robustness.robustnessOf(wasm, params, [...baseline, ...trained.filter((r) => r.setting !== undefined)]);
    if (!partial) out.manifest.robustness = robustness.manifestSection(out.result.robustness);
  }
  return out;
}

/** Everything after training: summary over seeds, verdicts, manifest and files, from raw runs in canonical order. */
export function assemble(api, wasm, params, runs) {
  const corpus = call('head-to-head', () => wasm.headToHeadCorpus(params.corpusSeed));
  const tokens = (ids) => Array.from(ids, (id) => corpus.vocab[id]);
  const summary = {};
  for (const v of params.variants) {
    summary[v] = {};
    const mine = runs.filter((r) => r.variant === v);
    for (const split of SPLITS) {
      const ms = mine.map((r) => r.metrics.find((m) => m.split === split));
      summary[v][split] = {
        loss: stats(ms.map((m) => m.loss)), conjLoss: stats(ms.map((m) => m.conjLoss)), conjAcc: stats(ms.map((m) => m.conjAcc)),
        entropyFloor: ms[0].entropyFloor, lossWithin: stats(ms.map((m) => m.lossWithin)), entropyFloorWithin: ms[0].entropyFloorWithin,
      };
    }
  }
  const convergence = Object.fromEntries(params.variants.map((v) => {
    const mine = runs.filter((r) => r.variant === v);
    return [v, { trainConjLoss: stats(mine.map((r) => r.metrics[0].conjLoss)), convergedSeeds: mine.filter((r) => r.converged).length,
      seeds: mine.length, converged: mine.every((r) => r.converged) }];
  }));
  const first = runs[0];
  const C = first.config.dModel, L = first.config.nLayers;
  const result = {
    splits: SPLITS,
    runs: runs.map((r) => ({
      variant: r.variant, seed: r.seed, lossCurve: Array.from(r.lossCurve), paramCount: r.paramCount,
      trainSeconds: r.trainSeconds, tokensPerSecond: r.tokensPerSecond, metrics: r.metrics, flops: r.flops,
      trainConjLoss: r.metrics[0].conjLoss, converged: r.converged,
      untouched: { learnedRows: Array.from(r.untouched.learnedRows), t5Buckets: Array.from(r.untouched.t5Buckets), trainLength: r.untouched.trainLength },
      attention: attentionOut(r.attention, tokens),
      attention40: attentionOut(r.attention40, tokens),
    })),
    summary,
    convergence,
    comparison: compareConverged(summary, convergence),
    predictions: { rows: COURSE_PREDICTIONS },
    // Each cell says whether its variant converged on every seed (a verdict on a variant that did not fit the
    // training data says little; result.comparison leaves such variants out).
    verdicts: verdicts(summary).map((row) => Object.fromEntries(Object.entries(row).map(([k, c]) => [k,
      convergence[k] && c && typeof c === 'object' ? { ...c, converged: convergence[k].converged } : c]))),
    corpus: {
      vocabSize: corpus.vocab.length, vocab: corpus.vocab,
      examples: Object.fromEntries(corpus.splits.map((s) => [s.name, s.texts])),
      splits: corpus.splits.map((s) => ({ name: s.name, length: s.length, entropyFloor: s.entropyFloor })),
      // The training split's memorisation floor (core/data/corpus.h): reachable on train only.
      memorisationFloor: corpus.memorisationFloor,
    },
    // The main figure's x axis: every evaluated split but train at its length (val: its longest, 5).
    lengthAxis: corpus.splits.filter((s) => s.name !== 'train').map((s) => ({ split: s.name, length: s.length })),
    paramCounts: Object.fromEntries(params.variants.map((v) => [v, runs.find((r) => r.variant === v).paramCount])),
    // The same models with the course's vocabulary of 512 (its MiniGPT default; the extra ids are never used).
    paramCountsVocab512: Object.fromEntries(params.variants.map((v) => {
      const cfg = runs.find((r) => r.variant === v).config;
      return [v, call('head-to-head', () => wasm.gptParamCount({ ...cfg, vocabSize: 512 }))];
    })),
    // The FLOPs difference as data (the page words it in its language): RoPE adds ropeFlopsPerElement·T·C per
    // layer (3 flops per rotated element of q and k) and drops the sinusoidal T·C add.
    flopsDelta: { ropeFlopsPerElement: 6, C, layers: L },
    // RoPE extended at inference (wasm/labs/head-to-head-inference.js); null without a rope variant.
    inference: inferenceOf(wasm, params, runs),
  };
  const man = manifest(api, '16-pe-compare', {
    seed: params.seed,
    config: {
      variants: params.variants, seeds: Array.from({ length: params.seeds }, (_, s) => params.seed + s), corpus_seed: params.corpusSeed,
      d_model: C, n_layers: L, n_heads: first.config.nHeads, max_len: first.config.maxLen, vocab_size: first.config.vocabSize,
      tie_embeddings: first.config.tieEmbeddings, param_count: first.paramCount,
      embed_scale: first.config.embedScale, embed_init_std: first.config.embedInitStd,
    },
    training_budget: { steps: params.steps, batch: params.batch, lr: params.lr, optimizer: 'AdamW', schedule: 'warmup steps/10, cosine to lr/10', grad_clip: 1.0 },
    results_summary: summary,
    predictions_vs_measured: result.verdicts,
    convergence,
    untouched_parameters: Object.fromEntries(result.runs.filter((r) => r.seed === params.seed).map((r) => [r.variant, r.untouched])),
    inference: inferenceManifest(result.inference),
  });
  // weights.json needs each run's trained weights, which result leaves out (6 × 100k numbers).
  const raw = { runs: runs.map((r) => ({ variant: r.variant, seed: r.seed, config: r.config, weights: r.weights,
    layout: call('head-to-head', () => wasm.gptLayout(r.config)) })) };
  return { result, manifest: man, raw };
}

/** A run's attention maps (one sequence, every layer and head) with token strings and shaped matrices. */
function attentionOut(a, tokens) {
  return { tokens: tokens(a.tokens), text: a.text, nLayers: a.nLayers, nHeads: a.nHeads, T: a.T, maps: a.maps.map((m) => mat(a.T, a.T, m)) };
}

const SEED_DASHES = [undefined, [6, 3], [2, 3], [8, 3, 2, 3], [1, 2]];
/** Each scheme's colour in every head-to-head figure, PNG and page (Okabe–Ito: pe-lab/figures' SERIES_COLOURS 0–4, 6). */
export const SCHEME_COLOURS = Object.freeze({ sinusoidal: '#0072B2', learned: '#D55E00', rope: '#009E73', alibi: '#CC79A7', t5: '#E69F00', none: '#1b1f24' });
/** The main figure's measures: conjugation accuracy and loss against the evaluated length. */
export const LENGTH_MEASURES = ['conjAcc', 'conjLoss'];

/**
 * Chart series (pe-lab/figures' chartPng spec, also the page's chart) of one measure against the evaluated
 * length: per entry of `summary` (variant → split → { [measure]: { mean, min, max } }), the seed min–max as a
 * band (two edge series out of the legend, the upper filled down to the lower) and the mean as a line.
 * label(key) names an entry, edge('min' | 'max') its band's edges (tooltips); colour(key) (default: SCHEME_COLOURS)
 * and dash(key) style it; offset: the index of the first series returned in the chart's whole list (fillTo).
 */
export function lengthSeries(summary, lengthAxis, measure, { label, edge = (stat) => stat, colour = (key) => SCHEME_COLOURS[key], dash, offset = 0 }) {
  const x = lengthAxis.map((a) => a.length);
  const at = (key, stat) => lengthAxis.map((a) => summary[key][a.split]?.[measure]?.[stat] ?? null);
  return Object.keys(summary).flatMap((key, k) => {
    const k0 = offset + 3 * k;
    const style = { colour: colour(key), pointRadius: 0, width: 0 };
    return [
      { ...style, label: `${label(key)} ${edge('max')}`, x, y: at(key, 'max'), fillTo: k0 + 1, legend: false },
      { ...style, label: `${label(key)} ${edge('min')}`, x, y: at(key, 'min'), legend: false },
      { label: label(key), x, y: at(key, 'mean'), colour: colour(key), dash: dash?.(key), pointRadius: 3 },
    ];
  });
}

export function files(result, params, man, raw) {
  if (result.preset === 'robustness') return robustness.files(result);
  const r = result;
  const grid = r.robustness ? robustness.files(r.robustness) : {};   // preset 'study': its second stage
  const seeds = [...new Set(r.runs.map((x) => x.seed))];
  const runLabel = (x) => `${SCHEME_NAMES[x.variant]} · seed ${x.seed}`;
  const sample = r.runs.filter((x) => x.seed === seeds[0]);   // the first seed's runs: the attention maps shown
  const out = {
    'metrics.csv': () => metricsCsv(r.summary),
    'metrics.md': () => metricsMarkdown(r.summary, r.verdicts, r.convergence, r.corpus.memorisationFloor),
    'corpus.txt': () => corpusText(r.corpus),
    'corpus.json': () => json({ vocab: r.corpus.vocab, memorisation_floor_train: r.corpus.memorisationFloor, splits: r.corpus.splits.map((s) => ({ name: s.name, length: s.length, entropy_floor: s.entropyFloor,
      sentences: r.corpus.examples[s.name] })) }),
    'loss_curves.png': () => png('chartPng', { title: `Training loss — ${params.steps} steps, batch ${params.batch}, lr ${params.lr}, d_model ${params.dModel}`,
      xLabel: 'step', yLabel: 'loss (nats)',
      series: r.runs.map((x) => ({ label: runLabel(x), x: x.lossCurve.map((_, i) => i + 1), y: x.lossCurve, pointRadius: 0, colour: SCHEME_COLOURS[x.variant],
        dash: SEED_DASHES[seeds.indexOf(x.seed) % SEED_DASHES.length] })) }),
    'loss_curves.csv': () => csv(['variant', 'seed', 'step', 'loss'], r.runs.flatMap((x) => x.lossCurve.map((l, i) => [x.variant, x.seed, i + 1, l]))),
    'accuracy_vs_length.png': () => png('panelsPng', { title: `Conjugation accuracy and loss against the evaluated length — trained on ≤ 5 tokens; `
      + `mean over ${seeds.length} seed${seeds.length > 1 ? 's' : ''}, band: min–max`, columns: 2,
    panels: LENGTH_MEASURES.map((measure) => ({ kind: 'chart', spec: { title: LENGTH_TITLES[measure], xLabel: 'evaluated length (tokens; val: ≤ 5)',
      yLabel: LENGTH_TITLES[measure], yMin: measure === 'conjAcc' ? 0 : undefined, yMax: measure === 'conjAcc' ? 1 : undefined, width: 960, height: 720,
      series: lengthSeries(r.summary, r.lengthAxis, measure, { label: (v) => SCHEME_NAMES[v] }) } })) }),
    'accuracy_vs_length.csv': () => csv(['variant', 'split', 'length', 'measure', 'mean', 'min', 'max'],
      Object.entries(r.summary).flatMap(([v, bySplit]) => r.lengthAxis.flatMap((a) => LENGTH_MEASURES.map((measure) => {
        const st = bySplit[a.split][measure];
        return [v, a.split, a.length, measure, st.mean, st.min, st.max];
      })))),
    ...attentionFiles('attention_t20', sample, 'attention', seeds[0]),
    ...attentionFiles('attention_t40', sample, 'attention40', seeds[0]),
    ...grid,
  };
  // weights.json needs run's raw weights: filesFor without `raw` (a result alone) has no weights.json.
  if (raw?.runs) {
    out['weights.json'] = () => `${JSON.stringify({ format: 'pe-lab-weights-1', corpusSeed: params.corpusSeed,
      runs: raw.runs.map((x) => ({ variant: x.variant, seed: x.seed, config: x.config, weights: Array.from(x.weights) })) })}\n`;
    out['weights.safetensors'] = () => weightsSafetensors(raw.runs, params.corpusSeed);
  }
  Object.assign(out, inferenceFiles(r.inference));
  return out;
}

const LENGTH_TITLES = { conjAcc: 'conjugation accuracy', conjLoss: 'conjugation loss (nats)' };

/** `<name>.png` and `<name>.csv`: the maps at run[key] (attention or attention40) of the first seed's runs, same layout per variant. */
function attentionFiles(name, sample, key, seed) {
  const a0 = sample[0][key];
  return {
    [`${name}.png`]: () => png('heatmapGridPng', { title: `Attention, T = ${a0.T}, seed ${seed}: ${a0.text ?? a0.tokens.join(' ')}`,
      note: 'each map: 0 … its own maximum', colormap: 'viridis',
      rowLabels: sample.flatMap((x) => Array.from({ length: x[key].nLayers }, (_, l) => `${SCHEME_NAMES[x.variant]} · layer ${l}`)),
      colLabels: Array.from({ length: a0.nHeads }, (_, h) => `head ${h}`),
      cells: sample.flatMap((x) => Array.from({ length: x[key].nLayers }, (_, l) => Array.from({ length: x[key].nHeads }, (_, h) => {
        const m = x[key].maps[l * x[key].nHeads + h];
        return { rows: m.shape[0], cols: m.shape[1], data: m.data, min: 0 };
      }))) }),
    [`${name}.csv`]: () => csv(['variant', 'seed', 'layer', 'head', 'query', 'key', 'query_token', 'key_token', 'weight'],
      sample.flatMap((x) => x[key].maps.flatMap((m, k) => {
        const T = m.shape[0], rows = [];
        for (let i = 0; i < T; i++) {
          for (let j = 0; j < T; j++) {
            rows.push([x.variant, x.seed, Math.floor(k / x[key].nHeads), k % x[key].nHeads, i, j, x[key].tokens[i], x[key].tokens[j], m.data[i * T + j]]);
          }
        }
        return rows;
      }))),
  };
}

/**
 * Among the converged variants only (a comparison is fair only among variants that fit the training data):
 * per split, the converged variants ranked by mean conjugation accuracy (best first); `excluded` lists the
 * variants left out for not converging on every seed.
 */
export function compareConverged(summary, convergence) {
  const included = Object.keys(convergence).filter((v) => convergence[v].converged);
  return {
    included,
    excluded: Object.keys(convergence).filter((v) => !convergence[v].converged),
    ranking: Object.fromEntries(SPLITS.map((split) => [split, [...included].sort((a, b) => summary[b][split].conjAcc.mean - summary[a][split].conjAcc.mean)])),
  };
}

/**
 * Every run's weights in one safetensors file: tensor `<variant>.seed<seed>.<name>` per named parameter of
 * core/model/gpt.h's param_layout (e.g. `rope.seed0.wte` (V, C), `rope.seed0.h0.qkv.w` (3C, C), `t5.seed0.t5_bias`
 * (NH, 32)); vectors 1-D. __metadata__: format, corpusSeed and `runs` (JSON: prefix, variant, seed, config).
 */
export function weightsSafetensors(runs, corpusSeed) {
  const tensors = [];
  for (const r of runs) {
    const prefix = `${r.variant}.seed${r.seed}.`;
    const w = r.weights instanceof Float32Array ? r.weights : Float32Array.from(r.weights);
    for (const t of r.layout) {
      tensors.push({ name: prefix + t.name, shape: t.cols === 1 ? [t.rows] : [t.rows, t.cols],
        data: w.subarray(t.offset, t.offset + t.rows * t.cols) });
    }
  }
  return safetensors(tensors, { format: 'pe-lab-weights-1', corpusSeed: String(corpusSeed),
    runs: JSON.stringify(runs.map((r) => ({ prefix: `${r.variant}.seed${r.seed}.`, variant: r.variant, seed: r.seed, config: r.config }))) });
}

function metricsCsv(summary) {
  const rows = ['variant,split,loss_mean,loss_min,loss_max,entropy_floor,conj_loss_mean,conj_loss_min,conj_loss_max,conj_acc_mean,conj_acc_min,conj_acc_max'];
  for (const [v, bySplit] of Object.entries(summary)) {
    for (const [split, m] of Object.entries(bySplit)) {
      rows.push([v, split, m.loss.mean, m.loss.min, m.loss.max, m.entropyFloor, m.conjLoss.mean, m.conjLoss.min, m.conjLoss.max,
        m.conjAcc.mean, m.conjAcc.min, m.conjAcc.max].join(','));
    }
  }
  return `${rows.join('\n')}\n`;
}

function metricsMarkdown(summary, rows, convergence, memorisationFloor) {
  const f = (x) => x.toFixed(3);
  const conv = Object.entries(convergence).map(([v, c]) =>
    `| ${v} | ${f(c.trainConjLoss.mean)} [${f(c.trainConjLoss.min)}–${f(c.trainConjLoss.max)}] | ${c.convergedSeeds}/${c.seeds} | ${c.converged ? 'yes' : 'no'} |`);
  const head = conv.length ? ['| variant | train conjugation loss | seeds converged (≤ 0.1) | compared |', '|---|---|---|---|', ...conv, ''] : [];
  const lines = [...head, '| variant | split | next-token loss (floor) | conjugation loss | conjugation accuracy |', '|---|---|---|---|---|'];
  for (const [v, bySplit] of Object.entries(summary)) {
    for (const [split, m] of Object.entries(bySplit)) {
      lines.push(`| ${v} | ${split} | ${f(m.loss.mean)} (${f(m.entropyFloor)}) | ${f(m.conjLoss.mean)} [${f(m.conjLoss.min)}–${f(m.conjLoss.max)}] | ${f(m.conjAcc.mean)} [${f(m.conjAcc.min)}–${f(m.conjAcc.max)}] |`);
    }
  }
  lines.push('', `Floors of the next-token loss: the entropy floor (the generator's own uncertainty) is the best any model can do on the `
    + `held-out splits; on train a model can go lower, down to the training split's memorisation floor ${f(memorisationFloor)} (the `
    + 'empirical conditional entropy of the next token given the whole prefix over the training sentences: memorising them).');
  lines.push('', '| prediction | sinusoidal predicted → measured | RoPE predicted → measured |', '|---|---|---|');
  for (const r of rows) {
    const cell = (c) => (c ? `${f(c.predicted)} → ${f(c.measured)} (${c.verdict})` : '—');
    lines.push(`| ${r.key} (${r.measure}) | ${cell(r.sinusoidal)} | ${cell(r.rope)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function corpusText(corpus) {
  const out = [];
  for (const s of corpus.splits) {
    const texts = corpus.examples[s.name];
    out.push(`# ${s.name} (${texts.length} sequences, entropy floor ${s.entropyFloor.toFixed(4)} nats)`);
    out.push(...texts, '');
  }
  return out.join('\n');
}

/** Re-evaluates a weights.json (as written above) without retraining: metrics and attention per run. */
// A loaded model's config, as core/model/gpt.cpp check_config bounds it.
const CONFIG_RANGES = [['vocabSize', 2, 65536], ['dModel', 2, 1024], ['nLayers', 1, 16], ['nHeads', 1, 64], ['maxLen', 1, 4096]];
// |w| <= 1e6 keeps a loaded model's evaluation finite in float32: pre-LayerNorm blocks renormalise the residual
// stream, so a logit or score is at most a few products of (gain·sqrt(C)) × 1e6 × C ≈ 1e6·32·1e6·1024 ≈ 3e16,
// and a score q·k at most ~1e35, below float32's 3.4e38. Trained weights are O(1).
const MAX_ABS_WEIGHT = 1e6;

export function evaluateWeights(wasm, weightsJson) {
  let w = weightsJson;
  if (typeof weightsJson === 'string') {
    try {
      w = JSON.parse(weightsJson);
    } catch (e) {
      throw argError('evaluateWeights', 'weights', "a weights.json written by runLab('head-to-head')", `text that is not JSON (${e.message})`);
    }
  }
  if (!w || typeof w !== 'object' || w.format !== 'pe-lab-weights-1' || !Array.isArray(w.runs) || w.runs.length === 0) {
    throw argError('evaluateWeights', 'weights', "a weights.json written by runLab('head-to-head') (format 'pe-lab-weights-1', runs)",
      w && typeof w === 'object' ? `format ${JSON.stringify(w.format)}` : typeof w);
  }
  const corpusSeed = w.corpusSeed ?? 0;
  if (!Number.isSafeInteger(corpusSeed) || corpusSeed < 0) throw argError('evaluateWeights', 'corpusSeed', 'an integer in [0, 2^53 − 1]', corpusSeed);
  return w.runs.map((r, i) => {
    const where = `runs[${i}]`;
    if (!r || typeof r !== 'object' || !r.config || typeof r.config !== 'object') throw argError('evaluateWeights', where, 'an object with config and weights', r);
    const c = r.config;
    for (const [k, lo, hi] of CONFIG_RANGES) {   // before Embind converts them (an int wraps modulo 2^32)
      if (!Number.isSafeInteger(c[k]) || c[k] < lo || c[k] > hi) throw argError('evaluateWeights', `${where}.config.${k}`, `an integer in [${lo}, ${hi}]`, c[k]);
    }
    if (!MODEL_SCHEMES.includes(c.peKind)) throw argError('evaluateWeights', `${where}.config.peKind`, `one of ${MODEL_SCHEMES.map((s) => `'${s}'`).join(', ')}`, c.peKind);
    if (typeof c.tieEmbeddings !== 'boolean') throw argError('evaluateWeights', `${where}.config.tieEmbeddings`, 'true or false', c.tieEmbeddings);
    // Absent in files written before the embedding controls existed: the core reads them as 'none' / 0.02.
    if (c.embedScale !== undefined && !EMBED_SCALES.includes(c.embedScale)) {
      throw argError('evaluateWeights', `${where}.config.embedScale`, `absent or one of ${EMBED_SCALES.map((s) => `'${s}'`).join(', ')}`, c.embedScale);
    }
    if (c.embedInitStd !== undefined && !(typeof c.embedInitStd === 'number' && c.embedInitStd > 0 && c.embedInitStd <= 1)) {
      throw argError('evaluateWeights', `${where}.config.embedInitStd`, 'absent or a number in (0, 1]', c.embedInitStd);
    }
    const expected = call('evaluateWeights', () => wasm.gptParamCount(c));
    const ok = (Array.isArray(r.weights) || ArrayBuffer.isView(r.weights)) && r.weights.length === expected;
    if (!ok) throw argError('evaluateWeights', `${where}.weights`, `${expected} numbers (the parameter count of its config)`, r.weights?.length ?? typeof r.weights);
    for (let j = 0; j < r.weights.length; j++) {
      const v = r.weights[j];
      if (!Number.isFinite(v) || Math.abs(v) > MAX_ABS_WEIGHT) throw argError('evaluateWeights', `${where}.weights[${j}]`, `a number in [−${MAX_ABS_WEIGHT}, ${MAX_ABS_WEIGHT}]`, v);
    }
    const evaluated = call('evaluateWeights', () => wasm.headToHeadEvaluate(c, r.weights, corpusSeed));
    for (const m of evaluated.metrics) {
      for (const key of ['loss', 'conjLoss', 'conjAcc']) {
        if (!Number.isFinite(m[key])) throw argError('evaluateWeights', `${where}.weights`, 'weights whose evaluation stays finite', `${key} ${m[key]} on ${m.split}`);
      }
    }
    return { variant: r.variant, seed: r.seed, config: c, ...evaluated };
  });
}
