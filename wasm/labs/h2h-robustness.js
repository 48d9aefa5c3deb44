// wasm/labs/h2h-robustness.js — head-to-head's preset 'robustness' (issue 16 §3): the headline comparison,
// sinusoidal vs RoPE, rerun over the core's grid of settings (core/labs/h2h_robustness.h: embedding scaling,
// embedding init std, budget) on the same seeds, and the verdict per setting computed by the core from the
// per-run metric table. The runs are ordinary head-to-head (variant, seed) jobs carrying a `setting` label, so
// the page spreads them over its worker pool like any other run (wasm/labs/head-to-head.js trains them with
// the setting's parameters and hands the trained runs here). Preset 'study' includes the grid as its second
// stage: its own sinusoidal/RoPE runs are the baseline setting's, the other settings' runs are extra jobs.
// Leaves out: training (head-to-head.js trainJobs), the page's panel (web/labs/h2h-robustness.js).
import { manifest, csv, SCHEME_NAMES } from '../artifacts.js';
import { call } from '../validate.js';

/**
 * The core's grid, mirrored so jobs and cost estimates can be planned without the engine (the page plans on its
 * main thread): setting ids in order, and the factor each puts on `steps` (half-budget rounds up, double-budget
 * stops at the steps cap; tests/node/h2h-robustness.test.mjs holds this to the core's headToHeadRobustnessGrid).
 */
export const ROBUSTNESS_GRID = Object.freeze([
  { id: 'baseline', stepsFactor: 1 },
  { id: 'sqrt-d', stepsFactor: 1 },
  { id: 'std-1', stepsFactor: 1 },
  { id: 'sqrt-d-std-1', stepsFactor: 1 },
  { id: 'half-budget', stepsFactor: 0.5 },
  { id: 'double-budget', stepsFactor: 2 },
]);
export const ROBUSTNESS_SETTINGS = Object.freeze(ROBUSTNESS_GRID.map((s) => s.id));
/** The two variants of the headline; the verdict compares them on this split and measure. */
export const ROBUSTNESS_VARIANTS = Object.freeze(['sinusoidal', 'rope']);
export const CRITERION = Object.freeze({ split: 'ood20', measure: 'conjAcc', rule: 'rope-min-above-sinusoidal-max' });

/** The preset's jobs: per setting (grid order; `skip`: ids left out), per seed, sinusoidal then RoPE. */
export function jobsOf(params, skip = []) {
  const jobs = [];
  for (const setting of ROBUSTNESS_SETTINGS.filter((id) => !skip.includes(id))) {
    for (let s = 0; s < params.seeds; s++) for (const v of ROBUSTNESS_VARIANTS) jobs.push({ variant: v, seed: params.seed + s, setting });
  }
  return jobs;
}

/** The core's grid applied to `params`: Map(id → { id, embedScale, embedInitStd, steps, batch, lr }). */
export function settingsOf(wasm, params) {
  return new Map(call('head-to-head', () => wasm.headToHeadRobustnessGrid(params)).map((s) => [s.id, s]));
}

/** `params` with setting `id`'s changes (embedScale, embedInitStd, steps) from the core's grid `settings`. */
export function paramsFor(params, settings, id) {
  const { embedScale, embedInitStd, steps } = settings.get(id);
  return { ...params, embedScale, embedInitStd, steps };
}

/**
 * The grid's result from trained raw runs (each with `setting`, any order the core's aggregation accepts): { preset:
 * 'robustness', criterion, seeds, settings, counts, runs }. Preset 'study' hands its own sinusoidal/RoPE runs
 * as the baseline setting's (head-to-head.js).
 */
export function robustnessOf(wasm, params, runs) {
  const settings = settingsOf(wasm, params);
  const ood20 = (r) => r.metrics.find((m) => m.split === CRITERION.split);
  const rows = runs.map((r) => ({ setting: r.setting, variant: r.variant, seed: r.seed, trainConjLoss: r.metrics[0].conjLoss,
    ood20ConjAcc: ood20(r).conjAcc, converged: r.converged, trainSeconds: r.trainSeconds }));
  const agg = call('head-to-head', () => wasm.headToHeadRobustness([...ROBUSTNESS_SETTINGS], rows));
  return {
    preset: 'robustness',
    criterion: { ...CRITERION, convergedConjLoss: agg.convergedConjLoss },
    seeds: Array.from({ length: params.seeds }, (_, s) => params.seed + s),
    settings: agg.settings.map((s) => {
      const { embedScale, embedInitStd, steps, batch, lr } = settings.get(s.id);
      return { id: s.id, embedScale, embedInitStd, steps, batch, lr, sinusoidal: s.sinusoidal, rope: s.rope, gap: s.gap, margin: s.margin, verdict: s.verdict };
    }),
    counts: agg.counts,
    runs: rows,
  };
}

/** The manifest's `robustness` section of robustnessOf's result. */
export function manifestSection(result) {
  return {
    criterion: result.criterion,
    grid: result.settings.map(({ id, embedScale, embedInitStd, steps, batch, lr }) => ({ id, embed_scale: embedScale, embed_init_std: embedInitStd, steps, batch, lr })),
    verdicts: Object.fromEntries(result.settings.map((s) => [s.id, s.verdict])),
    counts: result.counts,
  };
}

/** Trained raw runs (canonical order, each with `setting`) → { result, manifest } (no raw: no weights files). */
export function assemble(api, wasm, params, runs) {
  const result = robustnessOf(wasm, params, runs);
  const man = manifest(api, '16-pe-compare', {
    seed: params.seed,
    config: { variants: [...ROBUSTNESS_VARIANTS], seeds: result.seeds, corpus_seed: params.corpusSeed, d_model: params.dModel,
      n_layers: params.nLayers, n_heads: params.nHeads, max_len: params.maxLen, vocab_size: runs[0].config.vocabSize },
    robustness: manifestSection(result),
  });
  return { result, manifest: man };
}

const f3 = (x) => x.toFixed(3);

/** robustness.csv (one row per setting) and robustness.md (the table, the rule, every seed). */
export function files(result) {
  return {
    'robustness.csv': () => csv(['setting', 'embed_scale', 'embed_init_std', 'steps', 'batch', 'lr',
      'sinusoidal_mean', 'sinusoidal_min', 'sinusoidal_max', 'sinusoidal_converged_seeds',
      'rope_mean', 'rope_min', 'rope_max', 'rope_converged_seeds', 'seeds', 'gap', 'margin', 'verdict'],
    result.settings.map((s) => [s.id, s.embedScale, s.embedInitStd, s.steps, s.batch, s.lr,
      s.sinusoidal.mean, s.sinusoidal.min, s.sinusoidal.max, s.sinusoidal.convergedSeeds,
      s.rope.mean, s.rope.min, s.rope.max, s.rope.convergedSeeds, s.rope.seeds, s.gap, s.margin, s.verdict])),
    'robustness.md': () => markdown(result),
  };
}

function markdown(r) {
  const c = r.criterion;
  const lines = [
    `# Robustness of "RoPE beats sinusoidal at T = 20" — seeds ${r.seeds.join(', ')}`, '',
    `Measure: conjugation accuracy on ${c.split}. Verdict per setting: **holds** when RoPE's lowest seed is above sinusoidal's highest`
      + ` and both variants converged on every seed (train conjugation loss ≤ ${c.convergedConjLoss}); **not_converged** when either did not`
      + ' (no verdict drawn); **does_not_hold** otherwise. Gap = mean(RoPE) − mean(sinusoidal); margin = min(RoPE) − max(sinusoidal).', '',
    '| setting | embeddings | init std | steps × batch | sinusoidal mean [min–max] | RoPE mean [min–max] | gap | margin | converged (sin / RoPE) | verdict |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of r.settings) {
    const cell = (v) => `${f3(v.mean)} [${f3(v.min)}–${f3(v.max)}]`;
    lines.push(`| ${s.id} | ${s.embedScale === 'sqrt-d' ? '× √d_model' : 'as drawn'} | ${s.embedInitStd} | ${s.steps} × ${s.batch} | ${cell(s.sinusoidal)}`
      + ` | ${cell(s.rope)} | ${f3(s.gap)} | ${f3(s.margin)} | ${s.sinusoidal.convergedSeeds}/${s.sinusoidal.seeds} / ${s.rope.convergedSeeds}/${s.rope.seeds} | ${s.verdict} |`);
  }
  lines.push('', `Holds in ${r.counts.holds} of ${r.settings.length} settings; does not hold in ${r.counts.does_not_hold}; not converged in ${r.counts.not_converged}.`,
    '', '| setting | run | train conjugation loss | ood20 conjugation accuracy |', '|---|---|---|---|');
  for (const x of r.runs) lines.push(`| ${x.setting} | ${SCHEME_NAMES[x.variant]} · seed ${x.seed} | ${f3(x.trainConjLoss)} | ${f3(x.ood20ConjAcc)} |`);
  return `${lines.join('\n')}\n`;
}
