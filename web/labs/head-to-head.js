// web/labs/head-to-head.js — Lab 04 view: the course's experiment 04 run for real. A mini-GPT trained with each
// position scheme over several seeds (in the worker), evaluated on train, val (≤ 5 tokens) and OOD lengths
// 10/15/20. Before the first results, a form for the learner's own predictions (kept in localStorage, never
// blocking a run); live loss curves while training (the shell's progress hook, redrawn at most 5×/s; the
// shell's run bar has Cancel); then measured (mean, min–max over seeds) vs the course's predictions vs the learner's with
// deltas and the runner's verdict, the three measures per split, attention maps per layer and head for the
// sample T = 20 sentence, FLOPs per forward and parameter counts (corpus vocabulary and the course's 512).
// The jobs train in parallel over the runner's worker pool (web/ui/runner.js); Cancel stops them all. A saved
// weights.json can be loaded and re-evaluated in the worker without retraining, before any run too.
// Input: runLab('head-to-head') → result { splits, runs[{ variant, seed, lossCurve, paramCount, trainSeconds,
// tokensPerSecond, metrics, attention, flops }], summary, predictions.rows, verdicts, corpus, paramCounts,
// paramCountsVocab512, flopsDelta }, plus the runner's pool: { workers, seconds } when run over the pool.
// Export buttons download runLab's files (wasm/labs/head-to-head.js).
import { h, rich, replaceChildren, uniqueId } from '../ui/dom.js';
import { createFigure } from '../ui/figure.js';
import { evaluateWeights } from '../ui/runner.js';
import { labErrorOf, describeLabError } from '../ui/errors.js';
import { createHeatmapGrid } from '../charts/heatmap-grid.js';
import { createLineChart, SERIES_COLOURS } from '../charts/line.js';
import { labInfo } from 'pe-lab';
import { H2H_PANELS } from './h2h-panels.js';

const { coursePredictions: COURSE_PREDICTIONS, splits: SPLITS } = labInfo('head-to-head');

export const runner = 'worker';
/** Training takes seconds: wait for the Run button (or explicit parameters in the link). */
export const autoRun = false;

export const STORAGE_KEY = 'pe-lab:head-to-head:predictions';
export const VARIANT_COLOURS = { sinusoidal: SERIES_COLOURS[0], learned: SERIES_COLOURS[1], rope: SERIES_COLOURS[2] };
const SEED_DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3], [1, 2]];
/** Short data-testid names of the prediction rows (h2h-acc20-rope, …). */
const TESTID = { train_loss: 'train', val_loss: 'val', ood10_loss: 'loss10', ood15_loss: 'loss15', ood20_loss: 'loss20', ood20_acc: 'acc20' };
const REDRAW_MS = 200;   // live curves: at most 5 redraws/s, each in the frame of the progress that asked for it

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
  const offStart = ctx.onRunStart(() => { running = true; resetLive(); });
  const offEnd = ctx.onRunEnd(() => { running = false; });

  // ---- skeleton ---------------------------------------------------------------------------------------------
  const predHost = h('div', { class: 'table-block' });
  const loadHost = h('div', { class: 'table-block h2h-load' });
  const setup = h('p', { class: 'fig-intro' });
  const wall = h('p', { class: 'fig-note' });
  const curvesHost = h('div', {});
  const compareHost = h('div', { class: 'table-block' });
  const splitsHost = h('div', { class: 'table-block' });
  const attnHost = h('div', {});
  const costHost = h('div', { class: 'table-block' });
  // Panels of other modules (web/labs/h2h-panels.js), each in its own hidden box until it has a result.
  const panels = H2H_PANELS.map((p) => ({ ...p, host: h('div', { dataset: { panel: p.name }, hidden: true }), view: null }));
  const panelsHost = h('div', { class: 'h2h-panels' }, panels.map((p) => p.host));
  ctx.root.append(
    h('h3', {}, t('head-to-head.predict.title')), h('p', { class: 'fig-intro' }, t('head-to-head.predict.intro')), predHost,
    h('h3', {}, t('head-to-head.load.title')), h('p', { class: 'fig-intro' }, t('head-to-head.load.intro')), loadHost,
    setup, wall,
    h('h3', {}, t('head-to-head.curves.title')), curvesHost,
    h('h3', {}, t('head-to-head.compare.title')), h('p', { class: 'fig-intro' }, t('head-to-head.compare.intro')), compareHost,
    h('h3', {}, t('head-to-head.splits.title')), h('p', { class: 'fig-intro' }, t('head-to-head.splits.intro')), splitsHost,
    panelsHost,
    h('h3', {}, t('head-to-head.attn.title')), attnHost,
    h('h3', {}, t('head-to-head.cost.title')), costHost);

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
    if (!p || typeof p.step !== 'number' || typeof p.loss !== 'number' || !p.variant) return;
    const key = `${p.variant}\u0000${p.seed}`;
    if (!live.runs.has(key)) live.runs.set(key, { variant: p.variant, seed: p.seed, points: new Map() });
    live.runs.get(key).points.set(p.step, p.loss);
    live.steps = p.steps ?? live.steps;
    live.workers = p.workers ?? live.workers;
    if (live.timeout || live.frame) return;
    const frame = () => { live.timeout = null; live.frame = requestAnimationFrame(drawLive); };
    const wait = live.lastDraw + REDRAW_MS - performance.now();
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
      series: [...live.runs.values()].map((r) => ({ label: `${scheme(r.variant)} · ${t('head-to-head.seed')} ${r.seed}`, colour: VARIANT_COLOURS[r.variant],
        dash: SEED_DASHES[seeds.indexOf(r.seed) % SEED_DASHES.length], pointRadius: 0, values: x.map((s) => r.points.get(s) ?? null) })) });
    curvesFig.setText({ title: t('head-to-head.curves.fig.title'),
      description: live.workers > 1 ? t('head-to-head.curves.liveWorkers', { workers: fmt(live.workers) }) : t('head-to-head.curves.live') });
  }

  const attnFig = createFigure(ctx, attnHost, { className: 'fig-wide' });
  const tokensNote = h('p', { class: 'fig-note' });
  const grid = createHeatmapGrid(attnFig.body, { format: fmt, testidPrefix: 'h2h-attn', rowName: t('head-to-head.axis.query'), colName: t('head-to-head.axis.key'),
    ariaLabel: (row, col) => `${row}, ${col}` });
  attnFig.body.append(tokensNote);

  // ---- rendering --------------------------------------------------------------------------------------------
  function update(out) {
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
    renderCurves(r);
    renderCompare(r);
    renderSplits(r);
    renderAttention(r);
    renderCost(r);
    for (const p of panels) p.view?.update(out);
  }
  for (const p of panels) {
    p.load().then((mod) => {
      if (live.destroyed) return;
      p.view = mod.mount(ctx, p.host);
      if (last) p.view.update(last);
    });
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
    const table = h('table', { class: 'data-table h2h-splits' },
      h('thead', {}, h('tr', {}, [t('head-to-head.col.split'), t('head-to-head.col.length'), t('head-to-head.col.sequences'), t('head-to-head.col.scheme'),
        t('head-to-head.col.nextToken'), t('head-to-head.col.floor'), t('head-to-head.measure.conjLoss'), t('head-to-head.measure.conjAcc')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, (r.splits ?? SPLITS).flatMap((split) => variants.map((v, k) => {
        const s = r.summary[v][split];
        const m = metricsOf.find((x) => x.split === split);
        const id = `h2h-${split}-${v}`;
        return h('tr', { dataset: { split, variant: v } },
          k === 0 ? [h('th', { scope: 'rowgroup', rowspan: String(variants.length) }, splitName(split)),
            h('td', { rowspan: String(variants.length) }, n(m.length)), h('td', { rowspan: String(variants.length) }, n(m.nSequences))] : null,
          h('th', { scope: 'row' }, scheme(v)),
          h('td', {}, cell(s.loss, `${id}-loss`)), h('td', {}, n(s.entropyFloor, `${id}-floor`)),
          h('td', {}, cell(s.conjLoss, `${id}-conjLoss`)), h('td', {}, cell(s.conjAcc, `${id}-conjAcc`)));
      }))));
    replaceChildren(splitsHost, h('div', { class: 'table-scroll' }, table));
  }

  /** One row per scheme and layer, one column per head: the first seed's maps for the sample T = 20 sentence. */
  function renderAttention(r) {
    const firstSeed = seedsOf(r)[0];
    const runs = r.runs.filter((x) => x.seed === firstSeed);
    const a0 = runs[0].attention;
    const rowKeys = [], rowLabels = [], cells = [];
    for (const x of runs) {
      for (let l = 0; l < x.attention.nLayers; l++) {
        rowKeys.push(`${x.variant}-L${l}`);
        rowLabels.push(`${scheme(x.variant)} · ${t('head-to-head.layer')} ${l}`);
        cells.push(Array.from({ length: x.attention.nHeads }, (_, hd) => {
          const m = x.attention.maps[l * x.attention.nHeads + hd];
          return { rows: m.shape[0], cols: m.shape[1], data: m.data, min: 0 };
        }));
      }
    }
    const colKeys = Array.from({ length: a0.nHeads }, (_, hd) => `H${hd}`);
    grid.update({ rowLabels, colLabels: colKeys.map((_, hd) => `${t('head-to-head.head')} ${hd}`), rowKeys, colKeys, cells });
    grid.setAriaLabel(t('head-to-head.attn.fig.title', { T: a0.T }));
    attnFig.setText({ title: t('head-to-head.attn.fig.title', { T: a0.T }), description: t('head-to-head.attn.fig.desc', { seed: firstSeed }) });
    replaceChildren(tokensNote, h('strong', {}, t('head-to-head.attn.tokens')), ' ',
      a0.tokens.map((tok, i) => [i ? ' ' : '', h('span', { class: 'h2h-token' }, h('sub', {}, String(i)), h('code', {}, tok))]));
    attnFig.setTable(() => ({ head: [t('head-to-head.col.position'), t('head-to-head.col.token')], rows: a0.tokens.map((tok, i) => [i, tok]) }));
    attnFig.setExports(['attention_t20.png', 'attention_t20.csv']);
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
      for (const p of panels) p.view?.destroy();
      cancelDraw();
      offStart();
      offEnd();
      grid.destroy();
      chart.destroy();
      curvesFig.destroy();
      attnFig.destroy();
    },
  };
}
