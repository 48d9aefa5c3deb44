// web/labs/head-to-head.js — Lab 04 view: the course's experiment 04 run for real. A mini-GPT trained with each
// position scheme over several seeds (in the worker), evaluated on train, val (≤ 5 tokens) and OOD lengths
// 10/15/20/40. At the top: Run, "Run the study" (preset 'study': all six schemes) and one line saying what a run
// will train and about how long it takes (the cost model, wasm/cost.js); before the first run a short note
// stands where the results will be (no empty chart or table). While training, the live loss curves sit right
// under the run bar (redrawn at most 5×/s; the shell's run bar has Cancel). Then the main figure: conjugation
// accuracy (or loss, a toggle) against the evaluated length, one line per scheme with its seed min–max band
// (and, when the result has them, one dashed line per inference-time scaling of RoPE, off by default); the
// extra panels (web/labs/h2h-panels.js: RoPE extended at inference, robustness); measured (mean, min–max
// over seeds) vs the course's predictions vs the learner's (a form kept in localStorage, never blocking a run)
// with deltas and the runner's verdict; the three measures per split with both floors of the next-token loss
// (entropy floor: held-out splits; the training split's memorisation floor: train only); attention maps per
// layer and head for the first T = 20 and T = 40 sequences, the same layout for every scheme; FLOPs per forward
// and parameter counts. A saved weights.json can be re-evaluated in the worker without retraining.
// Schemes are named in words ("No PE", "Learned absolute"); identifiers stay in URLs and files.
// Input: runLab('head-to-head') → result { splits, lengthAxis, runs[{ variant, seed, lossCurve, paramCount,
// trainSeconds, tokensPerSecond, metrics, attention, attention40, flops }], summary, predictions.rows, verdicts,
// corpus { memorisationFloor, … }, paramCounts, paramCountsVocab512, flopsDelta, inference? }, plus the
// runner's pool: { workers, seconds } when run over the pool. Export buttons download runLab's files.
// Leaves out: the panels' contents (their own modules), building any file (wasm/labs/head-to-head.js).
import { h, rich, replaceChildren, uniqueId } from '../ui/dom.js';
import { createFigure } from '../ui/figure.js';
import { later } from '../ui/stage.js';
import { evaluateWeights, poolSize, poolSpeedup } from '../ui/runner.js';
import { labErrorOf, describeLabError } from '../ui/errors.js';
import { createHeatmapGrid } from '../charts/heatmap-grid.js';
import { createLineChart, createChart } from '../charts/chart.js';
import { labInfo, LABS, estimateCost, planJobs, resolveParams, headToHeadLengthSeries, headToHeadColours } from 'pe-lab';
import { H2H_PANELS } from './h2h-panels.js';

const { coursePredictions: COURSE_PREDICTIONS, splits: SPLITS } = labInfo('head-to-head');
const PARAM_NAMES = Object.keys(LABS['head-to-head'].params);

export const runner = 'worker';
/** Training takes seconds: wait for the Run button (or explicit parameters in the link). */
export const autoRun = false;

export const STORAGE_KEY = 'pe-lab:head-to-head:predictions';
export const VARIANT_COLOURS = headToHeadColours;
/** The panels' mount points under the main figure, in page order (web/labs/h2h-panels.js). */
export const PANEL_NAMES = ['inference', 'robustness'];
const SEED_DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3], [1, 2]];
const INFERENCE_DASHES = [[6, 4], [2, 3], [8, 3, 2, 3], [1, 2], [12, 4], [4, 2, 1, 2]];   // RoPE's colour, one dash per scaling
/** Short data-testid names of the prediction rows (h2h-acc20-rope, …). */
const TESTID = { train_loss: 'train', val_loss: 'val', ood10_loss: 'loss10', ood15_loss: 'loss15', ood20_loss: 'loss20', ood20_acc: 'acc20' };
const REDRAW_MS = 200;   // live curves: at most 5 redraws/s, each in the frame of the progress that asked for it
const REDRAW_MANY_MS = 600;   // … and under 2/s with more than MANY_RUNS curves (the study's 48: each redraw costs more)
const MANY_RUNS = 12;
const LIVE_POINTS = 200;   // live curves on a grid of at most ~this many steps (the latest loss per grid step)

/** The learner's stored predictions: { [key]: { sinusoidal: text, rope: text } }. */
export function loadPredictions() {
  try { return JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}') ?? {}; } catch { return {}; }
}
function savePredictions(p) {
  try { globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(p)); } catch { /* private mode: not kept */ }
}
/** "0,35" or "0.35" → 0.35; for accuracy, "65" or "65%" → 0.65. Empty or invalid → null. */
export function parsePrediction(text, measure) {
  if (typeof text !== 'string' || !text.trim()) return null;
  const pct = text.includes('%');
  const x = Number(text.replace('%', '').replace(',', '.').trim());
  if (!Number.isFinite(x)) return null;
  return measure === 'conjAcc' && (pct || x > 1) ? x / 100 : x;
}

export function mount(ctx) {
  const { t } = ctx.i18n;
  const { text: fmt, num: n } = ctx.fmt;
  const neutral = (v) => ctx.fmt.neutral(v, 3);
  const scheme = (s) => t(`scheme.${s}`);
  const splitName = (s) => t(`head-to-head.split.${s}`);
  let last = null;
  let mine = loadPredictions();

  // ---- the run lifecycle (the shell's): live curves start afresh with each run and stop drawing at its end ----
  let running = false;
  // Before the first result the curves show only once a run starts (no empty chart): hidden again if it ends
  // with nothing drawn (an error at once).
  const offStart = ctx.onRunStart(() => { running = true; resetLive(); showBlocks(true); });
  const offEnd = ctx.onRunEnd(() => { running = false; showBlocks(Boolean(last) || live.runs.size > 0); });
  function showBlocks(curves) {
    curvesBlock.hidden = !curves;
    empty.hidden = curves || Boolean(last);
    mainBlock.hidden = detailBlock.hidden = !last;
  }

  // ---- skeleton: run row, live curves, then the results (hidden until the first one) ------------------------
  const predHost = h('div', { class: 'table-block' });
  const loadHost = h('div', { class: 'table-block h2h-load' });
  const setup = h('p', { class: 'fig-intro' });
  const wall = h('p', { class: 'fig-note' });
  const curvesHost = h('div', {});
  const lengthHost = h('div', {});
  const compareHost = h('div', { class: 'table-block' });
  const splitsHost = h('div', { class: 'table-block' });
  const attnHost = h('div', {});
  const attn40Host = h('div', {});
  const costHost = h('div', { class: 'table-block' });
  const plan = h('p', { class: 'h2h-plan', dataset: { testid: 'h2h-plan' } });
  const studyPlanId = uniqueId('h2h-study-plan');
  const studyButton = h('button', { type: 'button', class: 'btn', 'aria-describedby': studyPlanId, dataset: { action: 'h2h-study', testid: 'h2h-study' },
    onclick: () => ctx.setValue('preset', 'study') }, t('head-to-head.run.study'));
  const runRow = h('div', { class: 'h2h-run' }, h('div', { class: 'btn-row' },
    h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'h2h-run', testid: 'h2h-run' }, onclick: () => ctx.run() }, t('head-to-head.run.run')),
    studyButton), plan);
  const empty = h('p', { class: 'h2h-empty fig-note', dataset: { testid: 'h2h-empty' } }, t('head-to-head.empty'));
  const curvesBlock = h('div', { class: 'h2h-curves', hidden: true }, h('h3', {}, t('head-to-head.curves.title')), curvesHost);
  const mainBlock = h('div', { hidden: true }, setup, wall,
    h('h3', {}, t('head-to-head.length.title')), h('p', { class: 'fig-intro' }, t('head-to-head.length.intro')), lengthHost);
  const panelsEl = h('div', { class: 'h2h-panels' }, PANEL_NAMES.map((name) => h('div', { dataset: { panel: name }, hidden: true })));
  const detailBlock = h('div', { hidden: true },
    h('h3', {}, t('head-to-head.compare.title')), h('p', { class: 'fig-intro' }, t('head-to-head.compare.intro')), compareHost,
    h('h3', {}, t('head-to-head.splits.title')), h('p', { class: 'fig-intro' }, t('head-to-head.splits.intro')), splitsHost,
    h('h3', {}, t('head-to-head.attn.title')), attnHost, attn40Host,
    h('h3', {}, t('head-to-head.cost.title')), costHost);
  ctx.root.append(runRow, empty, curvesBlock, mainBlock, panelsEl,
    h('h3', {}, t('head-to-head.predict.title')), h('p', { class: 'fig-intro' }, t('head-to-head.predict.intro')), predHost,
    detailBlock,
    h('h3', {}, t('head-to-head.load.title')), h('p', { class: 'fig-intro' }, t('head-to-head.load.intro')), loadHost);

  /** What Run will train and about how long (the cost model over the pool's workers), and the study's cost. */
  function renderPlan() {
    const values = Object.fromEntries(PARAM_NAMES.map((k) => [k, ctx.getValue(k)]));
    const wallSeconds = (v) => {
      const jobs = planJobs('head-to-head', v);
      return { jobs, seconds: estimateCost('head-to-head', v).seconds / poolSpeedup(poolSize(jobs.length)), workers: poolSize(jobs.length) };
    };
    const about = (x) => (x < 1 ? '< 1' : fmt(Number(x.toPrecision(2))));
    try {
      const now = wallSeconds(values);
      const p = resolveParams('head-to-head', values);
      const variants = [...new Set(now.jobs.map((j) => j.variant))];
      const study = wallSeconds({ ...values, preset: 'study' });
      // Its first stage (the six schemes) is the course preset with every scheme: the same jobs.
      const first = wallSeconds({ ...values, preset: 'course', variants: [...new Set(study.jobs.map((j) => j.variant))] });
      replaceChildren(plan, rich(t('head-to-head.run.plan'), {
        schemes: variants.map((v, k) => [k ? ', ' : '', h('strong', {}, scheme(v))]), runs: fmt(now.jobs.length),
        seeds: fmt(p.seeds), steps: fmt(p.steps), workers: fmt(now.workers), seconds: about(now.seconds) }), ' ',
      h('span', { id: studyPlanId, dataset: { testid: 'h2h-study-plan' } },
        t('head-to-head.run.studyPlan', { first: fmt(first.jobs.length), firstSeconds: about(first.seconds),
          rest: fmt(study.jobs.length - first.jobs.length), runs: fmt(study.jobs.length), seconds: about(study.seconds) })));
      plan.dataset.seconds = String(now.seconds);
    } catch {
      replaceChildren(plan, t('head-to-head.run.planInvalid'));   // a bad value: the shell says which
    }
  }
  renderPlan();
  const offValues = ctx.onValuesChange(renderPlan);

  // the learner's predictions (the course's values as placeholders)
  function renderPredictionForm(rows) {
    const table = h('table', { class: 'data-table h2h-predict' },
      h('thead', {}, h('tr', {}, [t('head-to-head.col.prediction'), scheme('sinusoidal'), scheme('rope')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((row) => h('tr', {},
        h('th', { scope: 'row' }, t(`head-to-head.row.${row.key}`)),
        ['sinusoidal', 'rope'].map((v) => {
          const id = uniqueId(`h2h-pred-${row.key}-${v}`);
          const input = h('input', { type: 'text', inputmode: 'decimal', id, size: 6, autocomplete: 'off', value: mine[row.key]?.[v] ?? '',
            placeholder: neutral(row[v]), 'aria-label': `${t(`head-to-head.row.${row.key}`)} — ${scheme(v)}`,
            dataset: { testid: `h2h-pred-${TESTID[row.key] ?? row.key}-${v}`, key: row.key, variant: v },
            oninput: () => {
              mine = { ...mine, [row.key]: { ...(mine[row.key] ?? {}), [v]: input.value } };
              savePredictions(mine);
              if (last) renderCompare(last.result);
            } });
          return h('td', {}, input);
        })))));
    replaceChildren(predHost, h('div', { class: 'table-scroll' }, table), h('p', { class: 'table-note' }, t('head-to-head.predict.note')));
  }
  renderPredictionForm(COURSE_PREDICTIONS);

  // ---- a saved weights.json, re-evaluated in the worker (no training) --------------------------------------
  const fileId = uniqueId('h2h-load-file');
  const fileInput = h('input', { type: 'file', id: fileId, accept: '.json,application/json', dataset: { testid: 'h2h-load-file' },
    onchange: () => { if (fileInput.files?.[0]) loadWeights(fileInput.files[0]); } });
  const loadStatus = h('p', { class: 'fig-note', 'aria-live': 'polite', dataset: { testid: 'h2h-load-status' } });
  const loadError = h('div', {});
  const loadResults = h('div', {});
  loadHost.append(h('div', { class: 'field' }, h('label', { for: fileId }, t('head-to-head.load.label')), fileInput),
    loadError, loadStatus, loadResults);
  let loadSeq = 0;
  async function loadWeights(file) {
    const seq = ++loadSeq;
    replaceChildren(loadError);
    loadStatus.textContent = t('head-to-head.load.busy', { file: file.name });
    try {
      const evaluated = await evaluateWeights(await file.text());
      if (seq !== loadSeq) return;
      // Kept across language switches (the view is mounted again); the attention maps are not shown here.
      ctx.state.loaded = { file: file.name, runs: evaluated.map(({ variant, seed, config, metrics }) => ({ variant, seed, config, metrics })) };
      loadStatus.textContent = '';
      renderLoaded();
      ctx.announce(t('head-to-head.load.done', { file: file.name, runs: evaluated.length }));
    } catch (err) {
      if (seq !== loadSeq) return;
      loadStatus.textContent = '';
      // The shell's inline error: the engine's message ("evaluateWeights: runs[0].weights must be …") in a localized frame.
      const text = describeLabError(ctx.i18n, 'head-to-head', labErrorOf(err));
      replaceChildren(loadError, h('p', { class: 'field-error', role: 'alert', dataset: { testid: 'h2h-load-error' } },
        t('head-to-head.load.error', { file: file.name, detail: text })));
    }
  }
  /** The loaded file's runs: which variant, seed and config, and the three measures per split. */
  function renderLoaded() {
    const loaded = ctx.state.loaded;
    if (!loaded) { replaceChildren(loadResults); return; }
    const table = h('table', { class: 'data-table h2h-loaded' },
      h('thead', {}, h('tr', {}, [t('head-to-head.col.run'), t('head-to-head.col.split'), t('head-to-head.col.nextToken'), t('head-to-head.col.floor'),
        t('head-to-head.measure.conjLoss'), t('head-to-head.measure.conjAcc')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, loaded.runs.flatMap((x) => x.metrics.map((m, k) => {
        const id = `h2h-eval-${x.variant}-${x.seed}-${m.split}`;
        return h('tr', { dataset: { variant: x.variant, seed: String(x.seed), split: m.split } },
          k === 0 ? h('th', { scope: 'rowgroup', rowspan: String(x.metrics.length) }, runLabel(x), h('br'),
            h('span', { class: 'muted', dataset: { testid: `h2h-eval-config-${x.variant}-${x.seed}` } }, t('head-to-head.load.config', {
              dModel: fmt(x.config.dModel), nLayers: fmt(x.config.nLayers), nHeads: fmt(x.config.nHeads), vocab: fmt(x.config.vocabSize), maxLen: fmt(x.config.maxLen) }))) : null,
          h('td', {}, splitName(m.split)),
          h('td', {}, n(m.loss, `${id}-loss`)), h('td', {}, n(m.entropyFloor, `${id}-floor`)),
          h('td', {}, n(m.conjLoss, `${id}-conjLoss`)), h('td', {}, n(m.conjAcc, `${id}-conjAcc`)));
      }))));
    replaceChildren(loadResults, h('p', { dataset: { testid: 'h2h-loaded-file' } }, t('head-to-head.load.summary', { file: loaded.file, runs: fmt(loaded.runs.length) })),
      h('div', { class: 'table-scroll' }, table));
  }

  // loss curves: live during a run, then the full curves of the result
  const curvesFig = createFigure(ctx, curvesHost, { className: 'fig-wide' });
  const chart = createLineChart(curvesFig.body, { xLabel: t('head-to-head.axis.step'), yLabel: t('head-to-head.axis.loss'), locale: ctx.i18n.locale,
    format: fmt, yScale: 'logarithmic', ariaLabel: t('head-to-head.curves.fig.title') });
  curvesFig.setText({ title: t('head-to-head.curves.fig.title'), description: t('head-to-head.curves.live') });
  const live = { runs: new Map(), steps: 0, workers: 0, timeout: null, frame: null, lastDraw: -Infinity, destroyed: false };   // "variant·seed" → Map(step → loss)
  function resetLive() {
    live.runs.clear();
    live.steps = 0;
    live.workers = 0;
  }
  function progress(p) {
    for (const x of panels.values()) x.handle?.progress?.(p);
    if (!p || typeof p.step !== 'number' || typeof p.loss !== 'number' || !p.variant) return;
    const key = `${p.variant}\u0000${p.seed}\u0000${p.setting ?? ''}`;   // a robustness setting's run is a run of its own
    if (!live.runs.has(key)) live.runs.set(key, { variant: p.variant, seed: p.seed, setting: p.setting, points: new Map() });
    live.steps = Math.max(live.steps, p.steps ?? 0);
    // Reports come every ~50 ms at each job's own steps; on one grid the curves share their x values.
    const grid = Math.max(1, Math.ceil(live.steps / LIVE_POINTS));
    live.runs.get(key).points.set(Math.min(live.steps, Math.ceil(p.step / grid) * grid), p.loss);
    live.workers = p.workers ?? live.workers;
    if (live.timeout || live.frame) return;
    const frame = () => { live.timeout = null; live.frame = requestAnimationFrame(drawLive); };
    const wait = live.lastDraw + (live.runs.size > MANY_RUNS ? REDRAW_MANY_MS : REDRAW_MS) - performance.now();
    if (wait > 0) live.timeout = setTimeout(frame, wait);
    else frame();
  }
  function cancelDraw() {
    clearTimeout(live.timeout);
    cancelAnimationFrame(live.frame);
    live.timeout = live.frame = null;
  }
  function drawLive() {
    live.frame = null;
    if (live.destroyed || !running || !live.runs.size) return;
    live.lastDraw = performance.now();
    const steps = new Set();
    for (const r of live.runs.values()) for (const s of r.points.keys()) steps.add(s);
    const x = [...steps].sort((a, b) => a - b);
    const seeds = [...new Set([...live.runs.values()].map((r) => r.seed))];
    chart.update({ x, xMin: 1, xMax: Math.max(live.steps, x[x.length - 1] ?? 1),
      series: [...live.runs.values()].map((r) => ({ label: `${r.setting ? `${t(`head-to-head.robustness.setting.${r.setting}`)}: ` : ''}${scheme(r.variant)} · ${t('head-to-head.seed')} ${r.seed}`,
        colour: VARIANT_COLOURS[r.variant],
        dash: SEED_DASHES[seeds.indexOf(r.seed) % SEED_DASHES.length], pointRadius: 0, values: x.map((s) => r.points.get(s) ?? null) })) });
    curvesFig.setText({ title: t('head-to-head.curves.fig.title'),
      description: live.workers > 1 ? t('head-to-head.curves.liveWorkers', { workers: fmt(live.workers) }) : t('head-to-head.curves.live') });
  }

  /** An attention figure (maps per scheme and layer × head, the tokens under it) for one of the run's sequences. */
  function attentionView(host, testidPrefix, file) {
    const fig = createFigure(ctx, host, { className: 'fig-wide' });
    const tokensNote = h('p', { class: 'fig-note' });
    const grid = createHeatmapGrid(fig.body, { format: fmt, testidPrefix, rowName: t('head-to-head.axis.query'), colName: t('head-to-head.axis.key'),
      ariaLabel: (row, col) => `${row}, ${col}` });
    fig.body.append(tokensNote);
    return { fig, grid, tokensNote, file };
  }
  const attnViews = { attention: attentionView(attnHost, 'h2h-attn', 'attention_t20'), attention40: attentionView(attn40Host, 'h2h-attn40', 'attention_t40') };

  // ---- the main figure: a measure against the evaluated length, one line + band per scheme -------------------
  const lengthFig = createFigure(ctx, lengthHost, { className: 'fig-wide' });
  const measureName = uniqueId('h2h-measure');
  const lengthState = ctx.state.length ??= { measure: 'conjAcc', inference: false };
  const measureInputs = ['conjAcc', 'conjLoss'].map((m) => h('input', { type: 'radio', name: measureName, value: m, checked: lengthState.measure === m,
    dataset: { testid: `h2h-measure-${m}` }, onchange: () => { lengthState.measure = m; if (last) renderLength(last.result); } }));
  const inferenceBox = h('input', { type: 'checkbox', checked: lengthState.inference, dataset: { testid: 'h2h-length-inference' },
    onchange: () => { lengthState.inference = inferenceBox.checked; if (last) renderLength(last.result); } });
  const inferenceToggle = h('label', { class: 'check', hidden: true }, inferenceBox, t('head-to-head.length.inference'));
  lengthFig.body.append(h('div', { class: 'h2h-length-controls', role: 'group', 'aria-label': t('head-to-head.length.show') },
    measureInputs.map((input) => h('label', { class: 'check' }, input, t(`head-to-head.measure.${input.value}`))), inferenceToggle));
  const lengthChart = createChart(lengthFig.body, { xLabel: t('head-to-head.axis.length'), locale: ctx.i18n.locale, format: fmt,
    interaction: 'index', className: 'line-chart h2h-length-chart' });

  // ---- the extra panels (web/labs/h2h-panels.js): each mounts into its data-panel element once loaded --------
  const panels = new Map();   // name → { handle }
  let destroyed = false;
  for (const entry of H2H_PANELS) {
    const host = panelsEl.querySelector(`[data-panel="${entry.name}"]`);
    if (!host) continue;
    const slot = { handle: null };
    panels.set(entry.name, slot);
    entry.load().then((mod) => {
      if (destroyed) return;
      slot.handle = mod.mount(ctx, host);
      host.hidden = false;
      if (last) slot.handle.update(last);
    });
  }

  // ---- rendering --------------------------------------------------------------------------------------------
  function update(out) {
    if (!out.result?.summary) {   // another preset's shape (a panel's own result): for the panels only
      for (const p of panels.values()) p.handle?.update(out);
      return;
    }
    last = out;
    const r = out.result;
    const p = out.params;
    cancelDraw();
    renderPredictionForm(r.predictions?.rows ?? COURSE_PREDICTIONS);
    replaceChildren(setup, rich(t('head-to-head.setup'), {
      variants: p.variants.map((v, k) => [k ? ', ' : '', h('strong', {}, scheme(v))]), seeds: n(p.seeds), steps: n(p.steps), batch: n(p.batch),
      lr: n(p.lr), dModel: n(p.dModel), nLayers: n(p.nLayers), nHeads: n(p.nHeads), vocab: n(r.corpus.vocabSize) }));
    if (out.pool) {
      replaceChildren(wall, rich(t('head-to-head.wall'), { seconds: n(out.pool.seconds, 'h2h-wall-seconds'), workers: n(out.pool.workers, 'h2h-workers'),
        cores: n(globalThis.navigator?.hardwareConcurrency ?? 0) }));
    } else {
      replaceChildren(wall);
    }
    showBlocks(true);
    renderCurves(r);
    renderLength(r);
    // The tables, each attention figure (up to 6 schemes × layers × heads small maps) and the panels in tasks of
    // their own, in the page's draw queue (issue 14: the study's 18 runs drawn at once held the page ~300 ms).
    const step = (fn) => later(() => { if (!destroyed && last === out) fn(); });
    step(() => { renderCompare(r); renderSplits(r); });
    for (const [key, a] of Object.entries(attnViews)) step(() => renderAttention(a, r, key));
    step(() => renderCost(r));
    step(() => { for (const x of panels.values()) x.handle?.update(out); });
  }

  const seedsOf = (r) => [...new Set(r.runs.map((x) => x.seed))];
  const runLabel = (x) => `${scheme(x.variant)} · ${t('head-to-head.seed')} ${x.seed}`;

  function renderCurves(r) {
    const steps = Math.max(...r.runs.map((x) => x.lossCurve.length));
    const xs = Array.from({ length: steps }, (_, i) => i + 1);
    const seeds = seedsOf(r);
    chart.update({ x: xs, series: r.runs.map((x) => ({ label: runLabel(x), colour: VARIANT_COLOURS[x.variant],
      dash: SEED_DASHES[seeds.indexOf(x.seed) % SEED_DASHES.length], pointRadius: 0, values: x.lossCurve })) });
    curvesFig.setText({ title: t('head-to-head.curves.fig.title'), description: t('head-to-head.curves.fig.desc', { runs: r.runs.length, steps }) });
    curvesFig.setTable(() => ({ head: [t('head-to-head.axis.step'), ...r.runs.map((x) => runLabel(x))],
      rows: xs.filter((s) => s === 1 || s === steps || s % Math.max(1, Math.round(steps / 20)) === 0).map((s) => [s, ...r.runs.map((x) => x.lossCurve[s - 1])]) }));
    curvesFig.setExports(['loss_curves.png', 'loss_curves.csv']);
  }

  /** The prediction table: per row and scheme, measured vs the course vs the learner, deltas and the verdict. */
  function renderCompare(r) {
    const rows = r.verdicts ?? [];
    const variants = ['sinusoidal', 'rope'].filter((v) => r.summary[v]);
    const head = [t('head-to-head.col.prediction'), t('head-to-head.col.scheme'), t('head-to-head.col.measured'), t('head-to-head.col.range'),
      t('head-to-head.col.course'), t('head-to-head.col.delta'), t('head-to-head.col.yours'), t('head-to-head.col.deltaYours'),
      t('head-to-head.col.verdict'), t('head-to-head.col.nextToken'), t('head-to-head.col.floor')];
    const body = rows.flatMap((row) => variants.filter((v) => row[v]).map((v, k, vs) => {
      const c = row[v];
      const s = r.summary[v][row.split];
      const stat = s[row.measure];
      const id = `h2h-${TESTID[row.key] ?? row.key}-${v}`;
      const yours = parsePrediction(mine[row.key]?.[v], row.measure);
      const isLoss = row.measure !== 'conjAcc';
      return h('tr', { dataset: { key: row.key, variant: v } },
        k === 0 ? h('th', { scope: 'rowgroup', rowspan: String(vs.length) }, t(`head-to-head.row.${row.key}`),
          h('br'), h('span', { class: 'muted' }, t(`head-to-head.measure.${row.measure}`))) : null,
        h('th', { scope: 'row' }, scheme(v)),
        h('td', {}, n(c.measured, id)),
        h('td', {}, n(stat.min), '–', n(stat.max)),
        h('td', {}, n(c.predicted, `${id}-course`)),
        h('td', {}, n(c.delta, `${id}-delta`)),
        h('td', {}, yours === null ? h('span', { class: 'muted' }, '—') : n(yours, `${id}-yours`)),
        h('td', {}, yours === null ? h('span', { class: 'muted' }, '—') : n(c.measured - yours, `${id}-delta-yours`)),
        h('td', { dataset: { testid: `${id}-verdict`, verdict: c.verdict } }, t(`head-to-head.verdict.${c.verdict.replace(' ', '-')}`)),
        h('td', {}, isLoss ? n(s.loss.mean, `${id}-loss`) : h('span', { class: 'muted' }, '—')),
        h('td', {}, isLoss ? n(s.entropyFloor, `${id}-floor`) : h('span', { class: 'muted' }, '—')));
    }));
    const noteId = uniqueId('h2h-compare-note');
    replaceChildren(compareHost, h('div', { class: 'table-scroll' }, h('table', { class: 'data-table h2h-compare', 'aria-describedby': noteId },
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, body))),
    h('p', { class: 'table-note', id: noteId }, t('head-to-head.compare.note')));
  }

  /** The three measures per split for every scheme: mean over seeds and min–max. */
  function renderSplits(r) {
    const variants = Object.keys(r.summary);
    const metricsOf = r.runs[0].metrics;
    const cell = (stat, id) => [n(stat.mean, id), ' ', h('span', { class: 'muted' }, '(', n(stat.min), '–', n(stat.max), ')')];
    const memFloor = r.corpus.memorisationFloor;
    const noteId = uniqueId('h2h-floors-note');
    const table = h('table', { class: 'data-table h2h-splits', 'aria-describedby': noteId },
      h('thead', {}, h('tr', {}, [t('head-to-head.col.split'), t('head-to-head.col.length'), t('head-to-head.col.sequences'), t('head-to-head.col.scheme'),
        t('head-to-head.col.nextToken'), t('head-to-head.col.floor'), t('head-to-head.col.memFloor'), t('head-to-head.measure.conjLoss'),
        t('head-to-head.measure.conjAcc')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, (r.splits ?? SPLITS).flatMap((split) => variants.map((v, k) => {
        const s = r.summary[v][split];
        const m = metricsOf.find((x) => x.split === split);
        const id = `h2h-${split}-${v}`;
        return h('tr', { dataset: { split, variant: v } },
          k === 0 ? [h('th', { scope: 'rowgroup', rowspan: String(variants.length) }, splitName(split)),
            h('td', { rowspan: String(variants.length) }, n(m.length)), h('td', { rowspan: String(variants.length) }, n(m.nSequences))] : null,
          h('th', { scope: 'row' }, scheme(v)),
          h('td', {}, cell(s.loss, `${id}-loss`)), h('td', {}, n(s.entropyFloor, `${id}-floor`)),
          h('td', {}, split === 'train' ? n(memFloor, `${id}-memfloor`) : h('span', { class: 'muted' }, '—')),
          h('td', {}, cell(s.conjLoss, `${id}-conjLoss`)), h('td', {}, cell(s.conjAcc, `${id}-conjAcc`)));
      }))));
    const trainFloor = r.corpus.splits.find((x) => x.name === 'train')?.entropyFloor;
    replaceChildren(splitsHost, h('div', { class: 'table-scroll' }, table),
      h('p', { class: 'table-note', id: noteId, dataset: { testid: 'h2h-floors-note' } }, rich(t('head-to-head.floors.note'), {
        entropy: n(trainFloor), memorisation: n(memFloor, 'h2h-memorisation-floor'), sentences: n(r.corpus.examples.train.length) })));
  }

  /** One row per scheme and layer, one column per head: the first seed's maps of run[key] (attention: T = 20, attention40: T = 40). */
  function renderAttention({ fig, grid, tokensNote, file }, r, key) {
    const firstSeed = seedsOf(r)[0];
    const runs = r.runs.filter((x) => x.seed === firstSeed && x[key]);
    fig.element.hidden = !runs.length;
    if (!runs.length) return;
    const a0 = runs[0][key];
    const rowKeys = [], rowLabels = [], cells = [];
    for (const x of runs) {
      const a = x[key];
      for (let l = 0; l < a.nLayers; l++) {
        rowKeys.push(`${x.variant}-L${l}`);
        rowLabels.push(`${scheme(x.variant)} · ${t('head-to-head.layer')} ${l}`);
        cells.push(Array.from({ length: a.nHeads }, (_, hd) => {
          const m = a.maps[l * a.nHeads + hd];
          return { rows: m.shape[0], cols: m.shape[1], data: m.data, min: 0 };
        }));
      }
    }
    const colKeys = Array.from({ length: a0.nHeads }, (_, hd) => `H${hd}`);
    grid.update({ rowLabels, colLabels: colKeys.map((_, hd) => `${t('head-to-head.head')} ${hd}`), rowKeys, colKeys, cells });
    grid.setAriaLabel(t('head-to-head.attn.fig.title', { T: a0.T }));
    fig.setText({ title: t('head-to-head.attn.fig.title', { T: a0.T }), description: t('head-to-head.attn.fig.desc', { seed: firstSeed }) });
    replaceChildren(tokensNote, h('strong', {}, t('head-to-head.attn.tokens')), ' ',
      a0.tokens.map((tok, i) => [i ? ' ' : '', h('span', { class: 'h2h-token' }, h('sub', {}, String(i)), h('code', {}, tok))]));
    fig.setTable(() => ({ head: [t('head-to-head.col.position'), t('head-to-head.col.token')], rows: a0.tokens.map((tok, i) => [i, tok]) }));
    fig.setExports([`${file}.png`, `${file}.csv`]);
  }

  /**
   * The main figure: the chosen measure against the evaluated length (result.lengthAxis), one line per scheme
   * (mean over seeds) with its seed min–max band; with the toggle on and result.inference present, one dashed
   * line (and band) per inference-time scaling of the trained RoPE model.
   */
  function renderLength(r) {
    const measure = lengthState.measure;
    const seeds = seedsOf(r).length;
    const inference = r.inference?.summary && typeof r.inference.summary === 'object' ? r.inference.summary : null;
    inferenceToggle.hidden = !inference;
    const edge = (stat) => t(`head-to-head.length.${stat}`);
    const series = headToHeadLengthSeries(r.summary, r.lengthAxis, measure, { label: scheme, edge });
    if (inference && lengthState.inference) {
      const methods = Object.keys(inference);
      series.push(...headToHeadLengthSeries(inference, r.lengthAxis, measure, { label: (m) => `${scheme('rope')} + ${t(`context-extension.method.${m}.name`)}`, edge,
        colour: () => VARIANT_COLOURS.rope, dash: (m) => INFERENCE_DASHES[methods.indexOf(m) % INFERENCE_DASHES.length], offset: series.length }));
    }
    const acc = measure === 'conjAcc';
    lengthChart.setText({ yLabel: t(`head-to-head.measure.${measure}`) });
    lengthChart.update({ series, xMin: 0, xMax: Math.max(...r.lengthAxis.map((a) => a.length)), yMin: acc ? 0 : undefined, yMax: acc ? 1 : undefined });
    const fig = acc ? 'acc' : 'loss';
    lengthFig.setText({ title: t(`head-to-head.length.fig.${fig}`), description: t('head-to-head.length.fig.desc', { seeds: fmt(seeds) }) });
    lengthFig.setTable(() => ({ head: [t('head-to-head.col.scheme'), ...r.lengthAxis.map((a) => splitName(a.split))],
      rows: Object.entries(r.summary).map(([v, bySplit]) => [scheme(v), ...r.lengthAxis.map((a) => bySplit[a.split][measure].mean)]) }));
    lengthFig.setExports(['accuracy_vs_length.png', 'accuracy_vs_length.csv']);
    Object.assign(lengthChart.element.dataset, { measure, lines: series.filter((x) => x.legend !== false).length, bands: series.filter((x) => x.fillTo !== undefined).length });
  }

  /** FLOPs per forward at each evaluated length, the formula, the parameter counts and the training speed. */
  function renderCost(r) {
    const firstSeed = seedsOf(r)[0];
    const runs = r.runs.filter((x) => x.seed === firstSeed);
    const parts = ['embedding', 'rope', 'attention', 'mlp', 'lmHead'];
    const flops = h('table', { class: 'data-table h2h-flops' },
      h('thead', {}, h('tr', {}, [t('head-to-head.col.scheme'), 'T', t('head-to-head.col.flops'), ...parts.map((k) => t(`head-to-head.flops.${k}`))].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, runs.flatMap((x) => x.flops.map((f) => h('tr', {},
        h('th', { scope: 'row' }, scheme(x.variant)), h('td', {}, n(f.T)), h('td', {}, n(f.total, `h2h-flops-${x.variant}-${f.T}`)),
        parts.map((k) => h('td', {}, n(f[k] ?? 0))))))));
    const byVariant = Object.entries(r.paramCounts ?? {});
    const speed = h('table', { class: 'data-table h2h-params' },
      h('thead', {}, h('tr', {}, [t('head-to-head.col.run'), t('head-to-head.col.params'), t('head-to-head.col.seconds'), t('head-to-head.col.tokensPerSecond')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.runs.map((x) => h('tr', {}, h('th', { scope: 'row' }, runLabel(x)),
        h('td', {}, n(x.paramCount, `h2h-params-${x.variant}-${x.seed}`)), h('td', {}, n(x.trainSeconds)), h('td', {}, n(x.tokensPerSecond))))));
    replaceChildren(costHost,
      h('p', {}, h('strong', {}, t('head-to-head.cost.formula')), ' ', h('span', { dataset: { testid: 'h2h-flops-formula' } },
        t('head-to-head.cost.formulaText', { k: r.flopsDelta.ropeFlopsPerElement, C: r.flopsDelta.C, L: r.flopsDelta.layers }))),
      h('div', { class: 'table-scroll' }, flops),
      h('p', {}, rich(t('head-to-head.cost.params'), { vocab: n(r.corpus.vocabSize),
        list: byVariant.map(([v, c], k) => [k ? ', ' : '', scheme(v), ' ', n(c, `h2h-paramcount-${v}`)]) })),
      r.paramCountsVocab512 && r.corpus.vocabSize < 512 ? h('p', {}, rich(t('head-to-head.cost.params512'), { extra: n(512 - r.corpus.vocabSize),
        list: Object.entries(r.paramCountsVocab512).map(([v, c], k) => [k ? ', ' : '', scheme(v), ' ', n(c, `h2h-params512-${v}`)]) })) : null,
      h('div', { class: 'table-scroll' }, speed));
  }

  renderLoaded();

  return {
    update,
    progress,
    destroy() {
      loadSeq++;
      live.destroyed = true;
      cancelDraw();
      offStart();
      offEnd();
      destroyed = true;
      offValues();
      for (const p of panels.values()) p.handle?.destroy();
      for (const a of Object.values(attnViews)) { a.grid.destroy(); a.fig.destroy(); }
      chart.destroy();
      curvesFig.destroy();
      lengthChart.destroy();
      lengthFig.destroy();
    },
  };
}
