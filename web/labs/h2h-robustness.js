// web/labs/h2h-robustness.js — the head-to-head's robustness panel (issue 16 §3): does "RoPE beats sinusoidal at
// T = 20" survive the embedding scaling, the embedding init std and the budget? A button starts the preset
// 'robustness' through the shell (ctx.setValue('preset', 'robustness'): the shell's run bar, progress, Cancel and
// the worker pool, like the view's study button); the view hands that result to this panel only. Drawn from
// runLab's result.settings: per setting what it changes, each variant's ood20 conjugation accuracy (mean and seed
// range), the gap, the seeds that converged, the core's verdict as a sentence with its identifier in
// data-verdict, and the rule beside it; a figure puts both seed ranges of every setting on one accuracy axis
// (apart = holds).
// Interface (web/labs/h2h-panels.js): mount(ctx, host) → { update(out), progress(p), destroy() }.
// Leaves out: the verdicts and numbers (core/labs/h2h_robustness.h via wasm/labs/h2h-robustness.js), files.
import { h, rich, replaceChildren } from '../ui/dom.js';
import { createFigure } from '../ui/figure.js';
import { SERIES_COLOURS } from '../charts/line.js';
import { planJobs, estimateCost } from 'pe-lab';
import { poolSize, poolSpeedup } from '../ui/runner.js';

const SVG = 'http://www.w3.org/2000/svg';
const VARIANTS = ['sinusoidal', 'rope'];
const COLOURS = { sinusoidal: SERIES_COLOURS[0], rope: SERIES_COLOURS[2] };
// The figure's geometry (SVG units): one band per setting, the accuracy axis 0 … 1 across PLOT_W.
const LABEL_W = 190, PLOT_W = 420, ROW_H = 34, TOP = 10, AXIS_H = 44, LABEL_FONT = 12, TICK_FONT = 11;

const svg = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
};

export function mount(ctx, host) {
  const { t } = ctx.i18n;
  const { text: fmt, num: n } = ctx.fmt;
  const scheme = (v) => t(`scheme.${v}`);
  const settingName = (id) => t(`head-to-head.robustness.setting.${id}`);

  const plan = h('p', { class: 'fig-note', dataset: { testid: 'h2h-robustness-plan' } });
  const button = h('button', { type: 'button', class: 'btn', dataset: { action: 'h2h-robustness', testid: 'h2h-robustness-run' },
    onclick: () => ctx.setValue('preset', 'robustness') }, t('head-to-head.robustness.run'));
  const status = h('p', { class: 'fig-note', 'aria-live': 'polite', dataset: { testid: 'h2h-robustness-status' } });
  const summary = h('p', { dataset: { testid: 'h2h-robustness-summary' } });
  const tableHost = h('div', { class: 'table-block' });
  const figHost = h('div', {});
  host.append(h('h3', {}, t('head-to-head.robustness.title')), h('p', { class: 'fig-intro' }, t('head-to-head.robustness.intro')),
    h('div', { class: 'btn-row' }, button), plan, status, summary, tableHost, figHost);
  const fig = createFigure(ctx, figHost, { className: 'fig-wide' });
  figHost.hidden = true;

  /** What the button will train and about how long (the cost model over the pool's workers). */
  function renderPlan() {
    try {
      const values = { ...Object.fromEntries(['seeds', 'seed', 'steps', 'batch', 'lr', 'dModel', 'nLayers', 'nHeads', 'maxLen', 'vocabSize',
        'corpusSeed', 'embedScale', 'embedInitStd'].map((k) => [k, ctx.getValue(k)])), preset: 'robustness' };
      const jobs = planJobs('head-to-head', values);
      const seconds = estimateCost('head-to-head', values).seconds / poolSpeedup(poolSize(jobs.length));
      plan.textContent = t('head-to-head.robustness.plan', { runs: fmt(jobs.length), settings: fmt(new Set(jobs.map((j) => j.setting)).size),
        seeds: fmt(values.seeds), workers: fmt(poolSize(jobs.length)), seconds: fmt(Math.max(1, Number(seconds.toPrecision(2)))) });
      plan.dataset.seconds = String(seconds);
    } catch {
      plan.textContent = '';   // a bad value: the shell says which
    }
  }
  renderPlan();
  const offValues = ctx.onValuesChange(renderPlan);

  const cell = (s, id) => [n(s.mean, id), ' ', h('span', { class: 'muted' }, '(', n(s.min, `${id}-min`), '–', n(s.max, `${id}-max`), ')')];
  const changes = (s) => t('head-to-head.robustness.changes', {
    scale: t(`head-to-head.robustness.scale.${s.embedScale}`), std: fmt(s.embedInitStd), steps: fmt(s.steps), batch: fmt(s.batch) });

  /** The core's verdict as a sentence, with the numbers its rule compares. */
  function verdictText(s, threshold) {
    if (s.verdict === 'not_converged') {
      const missed = VARIANTS.filter((v) => !s[v].converged).map(scheme).join(t('head-to-head.robustness.and'));
      return t('head-to-head.robustness.verdict.not_converged', { variants: missed, threshold: fmt(threshold) });
    }
    return t(`head-to-head.robustness.verdict.${s.verdict}`, { ropeMin: fmt(s.rope.min), sinMax: fmt(s.sinusoidal.max) });
  }

  function renderTable(r) {
    const threshold = r.criterion.convergedConjLoss;
    const head = [t('head-to-head.robustness.col.setting'), t('head-to-head.robustness.col.changes'), scheme('sinusoidal'), scheme('rope'),
      t('head-to-head.robustness.col.gap'), t('head-to-head.robustness.col.converged'), t('head-to-head.robustness.col.verdict')];
    const rows = r.settings.map((s) => {
      const id = `h2h-robustness-${s.id}`;
      return h('tr', { dataset: { setting: s.id } },
        h('th', { scope: 'row' }, settingName(s.id)),
        h('td', {}, changes(s)),
        h('td', {}, cell(s.sinusoidal, `${id}-sinusoidal`)),
        h('td', {}, cell(s.rope, `${id}-rope`)),
        h('td', {}, n(s.gap, `${id}-gap`)),
        h('td', {}, VARIANTS.map((v, k) => [k ? ' · ' : '', h('span', { dataset: { testid: `${id}-converged-${v}`, converged: String(s[v].converged) } },
          t('head-to-head.robustness.convergedSeeds', { variant: scheme(v), k: fmt(s[v].convergedSeeds), n: fmt(s[v].seeds) }))])),
        h('td', { dataset: { testid: `${id}-verdict`, verdict: s.verdict } }, verdictText(s, threshold)));
    });
    replaceChildren(tableHost, h('div', { class: 'table-scroll' }, h('table', { class: 'data-table h2h-robustness' },
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows))),
    h('p', { class: 'table-note', dataset: { testid: 'h2h-robustness-criterion' } },
      t('head-to-head.robustness.criterion', { threshold: fmt(threshold), seeds: r.seeds.map((x) => fmt(x)).join(', ') })));
  }

  /** Both variants' seed ranges (bar) and means (dot) per setting on one accuracy axis. */
  function renderFigure(r) {
    const x = (acc) => LABEL_W + acc * PLOT_W;
    const height = TOP + r.settings.length * ROW_H + AXIS_H;
    const width = LABEL_W + PLOT_W + 20;
    // Drawn at its own size (shrunk, never enlarged, to the column): labels keep their font size.
    const picture = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, class: 'h2h-robustness-svg', role: 'img',
      'aria-label': t('head-to-head.robustness.fig.title') });
    picture.style.maxWidth = '100%';
    picture.style.height = 'auto';
    r.settings.forEach((s, i) => {
      const y0 = TOP + i * ROW_H;
      picture.append(svg('text', { x: LABEL_W - 8, y: y0 + ROW_H / 2 + 4, 'text-anchor': 'end', 'font-size': LABEL_FONT, fill: 'currentColor', class: 'h2h-robustness-label' }, settingName(s.id)));
      VARIANTS.forEach((v, k) => {
        const y = y0 + 10 + k * 12, st = s[v];
        picture.append(svg('line', { x1: x(st.min), x2: x(Math.max(st.max, st.min + 0.002)), y1: y, y2: y, stroke: COLOURS[v], 'stroke-width': 5, 'stroke-linecap': 'round' }),
          svg('circle', { cx: x(st.mean), cy: y, r: 4, fill: '#fff', stroke: COLOURS[v], 'stroke-width': 2 }));
      });
    });
    const yAxis = TOP + r.settings.length * ROW_H + 4;
    picture.append(svg('line', { x1: x(0), x2: x(1), y1: yAxis, y2: yAxis, stroke: 'currentColor' }));
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      picture.append(svg('line', { x1: x(tick), x2: x(tick), y1: yAxis, y2: yAxis + 4, stroke: 'currentColor' }),
        svg('text', { x: x(tick), y: yAxis + 16, 'text-anchor': 'middle', 'font-size': TICK_FONT, fill: 'currentColor', class: 'h2h-robustness-tick' }, fmt(tick)));
    }
    picture.append(svg('text', { x: x(0.5), y: yAxis + 34, 'text-anchor': 'middle', 'font-size': TICK_FONT, fill: 'currentColor', class: 'h2h-robustness-tick' }, t('head-to-head.robustness.fig.axis')));
    const legend = h('p', { class: 'fig-note' }, VARIANTS.map((v, k) => [k ? ' · ' : '',
      h('span', { class: 'h2h-robustness-key', style: { color: COLOURS[v] } }, '━'), ' ', scheme(v)]), ' — ', t('head-to-head.robustness.fig.key'));
    replaceChildren(fig.body, picture, legend);
    fig.setText({ title: t('head-to-head.robustness.fig.title'), description: t('head-to-head.robustness.fig.desc') });
    fig.setTable(() => ({ head: [t('head-to-head.robustness.col.setting'), ...VARIANTS.flatMap((v) => [`${scheme(v)} min`, `${scheme(v)} mean`, `${scheme(v)} max`])],
      rows: r.settings.map((s) => [settingName(s.id), ...VARIANTS.flatMap((v) => [s[v].min, s[v].mean, s[v].max])]) }));
    fig.setExports(['robustness.csv', 'robustness.md']);
    figHost.hidden = false;
  }

  function render(out) {
    const r = out.result;
    replaceChildren(summary, rich(t('head-to-head.robustness.summary'), {
      holds: n(r.counts.holds, 'h2h-robustness-holds'), settings: n(r.settings.length), steps: n(out.params.steps), batch: n(out.params.batch),
      seeds: n(r.seeds.length) }));
    status.textContent = out.pool ? t('head-to-head.robustness.wall', { seconds: fmt(Number(out.pool.seconds.toPrecision(3))), workers: fmt(out.pool.workers) }) : '';
    renderTable(r);
    renderFigure(r);
  }

  const state = ctx.state;
  if (state.robustness) render(state.robustness);

  return {
    update(out) {
      // Its own preset's result, or the study's second stage (result.robustness; null while it trains).
      const grid = out?.result?.preset === 'robustness' ? out : out?.result?.robustness ? { ...out, result: out.result.robustness } : null;
      if (!grid) return;   // the course result, or a study still training its second stage
      state.robustness = grid;
      render(grid);
    },
    progress(p) {
      if (p?.setting) status.textContent = t('head-to-head.robustness.progress', { setting: settingName(p.setting), variant: scheme(p.variant), seed: fmt(p.seed) });
    },
    destroy() {
      offValues();
      fig.destroy();
    },
  };
}
