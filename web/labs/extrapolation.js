// web/labs/extrapolation.js — Lab 03 view: one untrained attention layer with each positional scheme, swept
// over T. The takeaway (the verdict in one line); the grid of the selected head's T×T attention maps, each
// coloured 0 … its cap (the runner's median row maximum) (the course's attention_pattern_comparison.png),
// mean entropy H̄(T) and H̄(T)/ln T per scheme (extrapolation_metric.png, both panels), the stability table,
// ranking and recommendation computed by the runner (never pasted), and where learned PE breaks past T_max.
// Export buttons download runLab's files (wasm/labs/extrapolation.js draws the PNGs).
// Runs in the worker; the shell's run bar shows its progress and Cancel.
// Input: runLab('extrapolation') → result { TSweep, schemes, head, causal, cells[{ scheme, T, attention,
// meanEntropyHead }], entropy, normalized, maxEntropy, stability, ranking, recommendation, learnedBreak }.
import { h, num, rich, replaceChildren, uniqueId } from '../ui/dom.js';
import { createFigure } from '../ui/figure.js';
import { createHeatmapGrid } from '../charts/heatmap-grid.js';
import { createLineChart, SERIES_COLOURS } from '../charts/line.js';
import { createTakeaway, listOf } from './takeaway.js';

export const runner = 'worker';

/** Fewer heads than the selected head: show the last one. */
export function adjustValues(values, changed) {
  if (changed !== 'nHeads') return null;
  const nh = Number(values.nHeads), head = Number(values.head);
  if (!Number.isInteger(nh) || nh < 1 || !Number.isInteger(head) || head < nh) return null;
  return { head: nh - 1 };
}

/** One colour per scheme, the same in every chart (Okabe–Ito). */
export const SCHEME_COLOURS = { sinusoidal: SERIES_COLOURS[0], learned: SERIES_COLOURS[1], rope: SERIES_COLOURS[2],
  none: SERIES_COLOURS[7], alibi: SERIES_COLOURS[3], t5: SERIES_COLOURS[4] };

/** rich() vars whose nodes are cloned on each use, for texts that show one number twice (a node has one place). */
function reusable(vars) {
  const out = {};
  for (const [k, v] of Object.entries(vars)) Object.defineProperty(out, k, { enumerable: true, get: () => (v instanceof Node ? v.cloneNode(true) : v) });
  return out;
}

export function mount(ctx) {
  const { t } = ctx.i18n;
  const { text: fmt, num: n } = ctx.fmt;
  const scheme = (s) => t(`scheme.${s}`);
  let last = null;
  const takeaway = createTakeaway(ctx);

  // ---- skeleton ---------------------------------------------------------------------------------------------
  const setup = h('p', { class: 'fig-intro' });
  const gridHost = h('div', {});
  const metricHost = h('div', {});
  const metricNote = h('p', { class: 'fig-intro' }, t('extrapolation.metric.misleads'));
  const stabilityHost = h('div', { class: 'table-block' });
  const recHost = h('div', { class: 'callout rec-callout' });
  const obsHost = h('ul', { class: 'obs-list' });
  const learnedHost = h('div', {});
  const limits = h('p', { class: 'fig-intro' }, t('extrapolation.limits'));
  // The main figure (ctx.lead: before the parameters on a phone): the attention maps as T grows.
  ctx.lead.append(h('h3', {}, t('extrapolation.grid.title')), gridHost);
  ctx.root.append(setup,
    h('h3', {}, t('extrapolation.metric.title')), metricNote, metricHost,
    h('h3', {}, t('extrapolation.stability.title')), stabilityHost, recHost,
    h('h4', {}, t('extrapolation.obs.title')), obsHost,
    h('h3', {}, t('extrapolation.learned.title')), learnedHost,
    h('h3', {}, t('extrapolation.limits.title')), limits);

  // grid + head picker
  const gridFig = createFigure(ctx, gridHost, { className: 'fig-wide' });
  const headId = `${ctx.lab}-head-pick`;
  const headSelect = h('select', { id: headId, onchange: () => ctx.setValue('head', Number(headSelect.value)) });
  gridFig.body.append(h('div', { class: 'picker' }, h('label', { for: headId }, t('extrapolation.grid.head')), ' ', headSelect));
  const grid = createHeatmapGrid(gridFig.body, { format: fmt, testidPrefix: 'extrapolation-cell', rowName: t('extrapolation.axis.query'), colName: t('extrapolation.axis.key'),
    ariaLabel: (s, T) => t('extrapolation.grid.cellLabel', { scheme: s, T, head: last?.result.head ?? 0 }) });
  gridFig.body.append(h('p', { class: 'fig-note' }, t('extrapolation.grid.axes')));

  // the two entropy panels in one figure
  const metricFig = createFigure(ctx, metricHost, { className: 'fig-wide' });
  const panels = h('div', { class: 'fig-grid fig-grid-pairs' });
  const rawPanel = h('div', { class: 'metric-panel' });
  const normPanel = h('div', { class: 'metric-panel' });
  panels.append(rawPanel, normPanel);
  metricFig.body.append(panels);
  const rawTitle = h('h4', {}, t('extrapolation.metric.raw'));
  const normTitle = h('h4', {}, t('extrapolation.metric.norm'));
  rawPanel.append(rawTitle);
  normPanel.append(normTitle);
  const rawChart = createLineChart(rawPanel, { xLabel: 'T', yLabel: t('extrapolation.axis.entropy'), locale: ctx.i18n.locale, format: fmt,
    ariaLabel: t('extrapolation.metric.raw') });
  const normChart = createLineChart(normPanel, { xLabel: 'T', yLabel: t('extrapolation.axis.normalized'), locale: ctx.i18n.locale, format: fmt,
    ariaLabel: t('extrapolation.metric.norm') });

  // switches next to the text they explain
  const beyondName = `${ctx.lab}-beyond-switch`;
  const beyondInputs = ['clamp', 'wrap'].map((v) => h('input', { type: 'radio', name: beyondName, value: v, checked: ctx.getValue('beyond') === v,
    onchange: () => ctx.setValue('beyond', v) }));
  const beyondSwitch = h('fieldset', { class: 'segmented', dataset: { testid: 'extrapolation-beyond-switch' } },
    h('legend', {}, t('extrapolation.learned.switch')),
    beyondInputs.map((input) => h('label', {}, input, ' ', t(`extrapolation.beyond.${input.value}`))));
  const learnedText = h('div', {});
  learnedHost.append(beyondSwitch, learnedText);

  const offValues = ctx.onValuesChange((values, changed) => {
    if (changed === 'beyond' || changed === null) beyondInputs.forEach((i) => { i.checked = i.value === values.beyond; });
    if (changed === 'head' || changed === null) { if ([...headSelect.options].some((o) => o.value === String(values.head))) headSelect.value = String(values.head); }
  });

  // ---- rendering --------------------------------------------------------------------------------------------
  function update(out) {
    last = out;
    const r = out.result;
    const p = out.params;
    const Ts = r.TSweep;
    const lb = r.learnedBreak;

    replaceChildren(setup, rich(t(p.causal ? 'extrapolation.setup.causal' : 'extrapolation.setup'), {
      dModel: n(p.dModel), nHeads: n(p.nHeads), seed: n(p.seed), tMax: n(p.learnedTMax), beyond: t(`extrapolation.beyond.${p.beyond}`) }));

    // head picker
    headSelect.replaceChildren(...Array.from({ length: p.nHeads }, (_, i) => h('option', { value: String(i) }, String(i))));
    headSelect.value = String(r.head);
    beyondInputs.forEach((i) => { i.checked = i.value === p.beyond; });

    // plot 1: the grid
    const cell = (s, T) => r.cells.find((c) => c.scheme === s && c.T === T);
    const rowLabels = r.schemes.map(scheme);
    const colLabels = Ts.map((T) => `T = ${fmt(T)}`);
    grid.update({ rowLabels, colLabels, rowKeys: r.schemes, colKeys: Ts,
      cells: r.schemes.map((s) => Ts.map((T) => {
        const c = cell(s, T);
        return { rows: T, cols: T, data: c.attention.data, min: 0, max: c.scaleMax, mark: s === 'learned' && T > lb.tMax ? lb.tMax : undefined };
      })) });
    grid.setAriaLabel(t('extrapolation.grid.label', { head: r.head }));
    gridFig.setText({ title: t('extrapolation.grid.fig.title', { head: r.head }),
      description: `${t('extrapolation.grid.fig.desc', { rows: r.schemes.length, cols: Ts.length, tMax: lb.tMax, beyond: t(`extrapolation.beyond.${p.beyond}`) })}` });
    gridFig.setTable(() => ({
      head: [t('extrapolation.col.scheme'), ...Ts.map((T) => `T = ${T}`)],
      rows: r.schemes.map((s) => [scheme(s), ...Ts.map((T) => cell(s, T).meanEntropyHead)]),
    }));
    gridFig.setExports(['attention_pattern_comparison.png', 'attention_head_entropy.csv']);

    // plot 2: raw and normalised entropy
    const bound = r.maxEntropy;   // the largest mean entropy at each T (ln T, or mean ln(i+1) when causal)
    const boundLabel = t(r.causal ? 'extrapolation.series.boundCausal' : 'extrapolation.series.bound');
    const schemeSeries = (table) => r.schemes.map((s) => ({ label: scheme(s), values: table[s], colour: SCHEME_COLOURS[s], pointRadius: 3 }));
    rawChart.update({ x: Ts, series: [...schemeSeries(r.entropy), { label: boundLabel, values: bound, colour: '#8a8f98', dash: [5, 4], pointRadius: 0, width: 1.5 }] });
    normChart.update({ x: Ts, series: schemeSeries(r.normalized) });
    normChart.setText({ yLabel: t(r.causal ? 'extrapolation.axis.normalizedCausal' : 'extrapolation.axis.normalized') });
    metricFig.setText({ title: t('extrapolation.metric.fig.title'), description: t('extrapolation.metric.fig.desc') });
    metricFig.setTable(() => ({
      head: ['T', ...r.schemes.flatMap((s) => [`${scheme(s)} · H̄`, `${scheme(s)} · H̄/${r.causal ? 'max' : 'ln T'}`]), boundLabel],
      rows: Ts.map((T, i) => [T, ...r.schemes.flatMap((s) => [r.entropy[s][i], r.normalized[s][i]]), bound[i]]),
    }));
    metricFig.setExports(['extrapolation_metric.png', 'extrapolation_metric.csv']);

    renderStability(r);
    renderLearned(r);
  }

  /** The verdict in one line: the recommendation's sentence, who is most stable, who was left out and why. */
  function renderTakeaway(r) {
    const Ts = r.TSweep, lastI = Ts.length - 1;
    const [best, second] = r.ranking;
    const key = r.ranking.length >= 2 ? 'extrapolation.rec.sentenceTwo' : r.ranking.length === 1 ? 'extrapolation.rec.sentenceOnly' : 'extrapolation.rec.sentenceNone';
    const excluded = r.schemes.filter((s) => !r.ranking.includes(s));
    const T0 = num(ctx.i18n, Ts[0], { dataset: { key: 'T0' } }), T1 = () => num(ctx.i18n, Ts[lastI], { dataset: { key: 'T1' } });
    takeaway.set(
      h('strong', {}, t(key, { best: best ? scheme(best) : '', second: second ? scheme(second) : '' })), '. ',
      best ? rich(t('extrapolation.takeaway.best'), { best: scheme(best), T0, T1: T1(),
        value: num(ctx.i18n, r.stability[best], { dataset: { key: `stability-${best}` } }) }) : null,
      excluded.length ? [' ', rich(t('extrapolation.takeaway.excluded'), { T1: T1(),
        list: listOf(ctx.i18n, excluded.map((s) => rich(t('extrapolation.takeaway.distinct'), { scheme: scheme(s),
          n: num(ctx.i18n, r.toldApart[s][lastI], { dataset: { key: `told-${s}` } }) }))) })] : null);
  }

  function renderStability(r) {
    renderTakeaway(r);
    const Ts = r.TSweep;
    const rank = (s) => r.ranking.indexOf(s);
    const noteId = uniqueId('extrapolation-stability-note');
    const note = h('p', { class: 'table-note', id: noteId }, t(r.causal ? 'extrapolation.stability.captionCausal' : 'extrapolation.stability.caption'));
    const table = h('table', { class: 'data-table stability-table', 'aria-describedby': noteId },
      h('thead', {}, h('tr', {},
        [t('extrapolation.col.scheme'), ...Ts.map((T) => `T = ${fmt(T)}`), t('extrapolation.col.toldApart'), t('extrapolation.col.stability'), t('extrapolation.col.rank')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.schemes.map((s) => h('tr', { class: rank(s) === 0 ? 'is-current' : null, dataset: { scheme: s } },
        h('th', { scope: 'row' }, scheme(s)),
        Ts.map((T, i) => h('td', {}, n(r.normalized[s][i], `extrapolation-norm-${s}-${T}`))),
        h('td', { class: r.candidate[s] ? 'ok' : 'bad' }, rich(t('extrapolation.col.toldApartValue'), {
          told: n(r.toldApart[s][Ts.length - 1], `extrapolation-told-${s}`), T: n(Ts[Ts.length - 1]) })),
        h('td', {}, n(r.stability[s], `extrapolation-stability-${s}`)),
        h('td', {}, rank(s) >= 0 ? n(rank(s) + 1, `extrapolation-rank-${s}`) : h('span', { class: 'muted', dataset: { testid: `extrapolation-excluded-${s}` } }, t('extrapolation.col.excluded')))))));
    replaceChildren(stabilityHost, h('div', { class: 'table-scroll' }, table), note);

    const [best, second] = r.ranking;
    const sentence = r.ranking.length >= 2 ? 'extrapolation.rec.sentenceTwo' : r.ranking.length === 1 ? 'extrapolation.rec.sentenceOnly' : 'extrapolation.rec.sentenceNone';
    replaceChildren(recHost,
      h('h4', {}, t('extrapolation.rec.title')),
      h('p', { class: 'rec-line' }, h('strong', { class: 'rec-value', dataset: { testid: 'extrapolation-recommendation', recommendation: r.recommendation } },
        t(sentence, { best: best ? scheme(best) : '', second: second ? scheme(second) : '' }))),
      h('p', {}, rich(t('extrapolation.rec.rule'))),
      r.ranking.length >= 2 ? h('p', {}, rich(t('extrapolation.rec.reading'), { best: h('strong', {}, scheme(best)), second: h('strong', {}, scheme(second)),
        bestValue: n(r.stability[best]), secondValue: n(r.stability[second]) })) : null);

    // observations, each from the numbers above
    const items = [];
    const first = 0, lastI = Ts.length - 1;
    if (Ts.length < 2) {
      items.push(t('extrapolation.obs.single'));
    } else {
      const grows = r.schemes.filter((s) => r.entropy[s][lastI] > r.entropy[s][first]);
      const deltas = r.schemes.map((s, k) => [k ? ', ' : '', scheme(s), ' ', n(r.entropy[s][lastI] - r.entropy[s][first])]);
      items.push(rich(t(grows.length === r.schemes.length ? 'extrapolation.obs.rawAll' : 'extrapolation.obs.rawSome'), {
        T0: n(Ts[first]), T1: n(Ts[lastI]), deltas, count: n(grows.length), total: n(r.schemes.length),
        lnDelta: n(r.maxEntropy[lastI] - r.maxEntropy[first]) }));
      items.push(rich(t('extrapolation.obs.ranking'), { list: r.ranking.map((s, k) => [k ? ', ' : '', h('strong', {}, scheme(s)), ' (', n(r.stability[s]), ')']) }));
      if (best !== undefined) items.push(best === 'rope'
        ? rich(t('extrapolation.obs.asExpected'), { value: n(r.stability.rope) })
        : rich(t('extrapolation.obs.notExpected'), { best: h('strong', {}, scheme(best)), bestValue: n(r.stability[best]), rope: n(r.stability.rope) }));
      const sin = r.normalized.sinusoidal;
      items.push(rich(t(sin[lastI] > sin[first] ? 'extrapolation.obs.sinRises' : 'extrapolation.obs.sinFlat'), {
        from: n(sin[first]), to: n(sin[lastI]), T0: n(Ts[first]), T1: n(Ts[lastI]) }));
      const extras = r.schemes.filter((s) => !r.ranking.includes(s));
      if (extras.length) items.push(rich(t('extrapolation.obs.excluded'), { list: extras.map((s, k) => [k ? ', ' : '', scheme(s), ' (', n(r.toldApart[s][lastI]), ')']), T: n(Ts[lastI]) }));
    }
    replaceChildren(obsHost, items.map((x) => h('li', {}, x)));
  }

  function renderLearned(r) {
    const lb = r.learnedBreak;
    const parts = [];
    if (lb.normalizedOutside === null) {
      parts.push(h('p', {}, rich(t('extrapolation.learned.noBreak'), reusable({ tMax: n(lb.tMax) }))));
    } else {
      const diff = lb.normalizedOutside - lb.normalizedInside;
      const direction = Math.abs(diff) < 0.01 ? 'same' : diff > 0 ? 'higher' : 'lower';
      parts.push(h('p', {}, lb.normalizedInside === null
        ? rich(t('extrapolation.learned.outsideOnly'), { tMax: n(lb.tMax), outside: n(lb.normalizedOutside, 'extrapolation-learned-outside') })
        : rich(t(`extrapolation.learned.compare.${direction}`), { tMax: n(lb.tMax),
          inside: n(lb.normalizedInside, 'extrapolation-learned-inside'), outside: n(lb.normalizedOutside, 'extrapolation-learned-outside') })));
      const proof = h('ul', { class: 'obs-list' }, lb.clampProof.map((c) => h('li', { dataset: { testid: `extrapolation-clamp-${c.T}` } },
        rich(t(lb.beyond === 'clamp' ? 'extrapolation.learned.clampRow' : 'extrapolation.learned.wrapRow'), {
          T: n(c.T), identical: n(c.identical), rows: n(c.rows), last: n(lb.tMax - 1) }))));
      parts.push(h('p', {}, rich(t(lb.beyond === 'clamp' ? 'extrapolation.learned.clampIntro' : 'extrapolation.learned.wrapIntro'), reusable({ last: n(lb.tMax - 1), tMax: n(lb.tMax) }))), proof);
    }
    parts.push(h('p', {}, t('extrapolation.learned.neither')));
    replaceChildren(learnedText, parts);
  }

  return {
    update,
    destroy() {
      offValues();
      takeaway.destroy();
      grid.destroy();
      rawChart.destroy();
      normChart.destroy();
      gridFig.destroy();
      metricFig.destroy();
    },
  };
}
