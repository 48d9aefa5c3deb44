// web/labs/biases.js — Theory 02 view: where learned PE, T5 relative biases and ALiBi put position and what
// each costs. Learned: the T_max × d table, the row each position reads past T_max (clamp / wrap / error) and
// T_max·d parameters. T5: the bucket of every relative position (bidirectional and causal) with its exact,
// logarithmic and catch-all ranges, and one head's bias matrices. ALiBi: the reference slopes beside the
// course's 2^(−8h/H), the bias matrices, and an untrained layer far past T_max with and without ALiBi.
// Causal maps paint the future in the mask grey; the takeaway compares ALiBi's and NoPE's attended distance.
// Then the course's summary table with the parameter column computed for the current settings.
// Input: runLab('biases') → result { learned, t5, alibi, summary } (wasm/labs/biases.js, which also computes
// the bucket ranges and mean attended distances). Export buttons download runLab's files.
import { h, num, rich, replaceChildren } from '../ui/dom.js';
import { createFigure, matrixTable, exportButtons } from '../ui/figure.js';
import { createHeatmapChart } from '../charts/heatmap.js';
import { createXYChart } from '../charts/xy.js';
import { poolMax, blockLabels } from '../charts/pool.js';
import { createStager } from '../ui/stage.js';
import { formatNeutral } from '../i18n/index.js';
import { CAUSAL_MASK } from 'pe-lab';
import { createTakeaway } from './takeaway.js';

/**
 * Main thread: even the largest run (farT 2048) computes in ~2 s, while web/worker.js would first serialise
 * every file, result.json included (two farT² maps: ~100 MB of text at 2048), which takes longer than the run.
 */
export const runner = 'main';

/** Changing nHeads keeps `head` in range and dModel a multiple of nHeads (the layer splits dModel into heads). */
export function adjustValues(values, changed) {
  if (changed !== 'nHeads') return null;
  const H = Number(values.nHeads);
  if (!Number.isInteger(H) || H < 1 || H > 64) return null;
  const out = {};
  const head = Number(values.head);
  if (Number.isInteger(head) && head >= H) out.head = H - 1;
  const dModel = Number(values.dModel);
  if (Number.isInteger(dModel) && dModel >= 2 && dModel % H !== 0) {
    const up = Math.max(2, Math.ceil(dModel / H) * H);
    if (up <= 512) out.dModel = up;
  }
  return Object.keys(out).length ? out : null;
}

/** rich() vars whose nodes are cloned at every use, so one number can appear twice (or in two strings). */
export function freshNodes(vars = {}) {
  return new Proxy(vars, { get: (o, k) => (o[k] instanceof Node ? o[k].cloneNode(true) : o[k]) });
}

const FAR_SIDE = 256;   // the far-attention maps are drawn at most this many cells wide (block max-pooled)

export function mount(ctx) {
  const { t } = ctx.i18n;
  const fmt = (v) => ctx.i18n.num(v);
  const n = (v, testid, opts) => num(ctx.i18n, v, testid ? { dataset: { testid } } : {}, opts);
  const R = (text, vars) => rich(text, freshNodes(vars));
  const disposers = [];
  const takeaway = createTakeaway(ctx);
  disposers.push(() => takeaway.destroy());

  function metric(label, valueNode, note) {
    return h('div', { class: 'metric' },
      h('div', { class: 'metric-label' }, label),
      h('div', { class: 'metric-value' }, valueNode),
      note ? h('div', { class: 'metric-note' }, note) : null);
  }

  const stager = createStager();   // large maps (farT 2048: 2048² cells) one per task (web/ui/stage.js)

  /** A heatmap in a figure (names and labels are catalogue keys); `set(matrix, {…})` redraws it with texts, table and exports (file: the name without extension). */
  function heatFigure(parent, { colormap, size = 'small', rowKey, colKey, xLabel, yLabel }) {
    const fig = createFigure(ctx, parent, { className: `fig-${size}` });
    const rowName = t(rowKey), colName = t(colKey);
    const chart = createHeatmapChart(fig.body, { colormap, format: fmt, rowName, colName, xLabel: t(xLabel), yLabel: t(yLabel), size });
    disposers.push(() => { chart.destroy(); fig.destroy(); });
    return {
      fig,
      chart,
      set(matrix, { title, description, file, min, max, csv = true, testid, maxSide = Infinity, mask }) {
        fig.setText({ title, description });
        chart.setText({ ariaLabel: `${title}. ${description}` });
        stager.run(matrix.shape[0] * matrix.shape[1], () => {
          const { matrix: shown, block } = poolMax(matrix, maxSide);
          chart.update({ rows: shown.shape[0], cols: shown.shape[1], data: shown.data, min, max, mask,
            rowLabels: blockLabels(shown.shape[0], block), colLabels: blockLabels(shown.shape[1], block) });
        });
        if (testid) fig.element.dataset.testid = testid;
        fig.setTable(() => matrixTable(matrix, { corner: `${rowName} \\ ${colName}`, maxRows: 48, maxCols: 24 }));
        fig.setExports(csv ? [`${file}.png`, `${file}.csv`] : [`${file}.png`]);
      },
    };
  }

  /** A curve plot in a figure. */
  function xyFigure(parent, { className = '', ...chartOptions }) {
    const fig = createFigure(ctx, parent, { className });
    const chart = createXYChart(fig.body, { locale: ctx.i18n.locale, format: fmt, ...chartOptions });
    disposers.push(() => { chart.destroy(); fig.destroy(); });
    return { fig, chart };
  }

  // ---- skeleton ---------------------------------------------------------------------------------------
  const intro = h('p', { class: 'fig-intro' }, rich(t('biases.intro')));
  // Learned
  const learnedMetrics = h('div', { class: 'metrics' });
  const learnedText = h('div', {});
  const learnedGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  const learnedError = h('p', { class: 'callout', dataset: { testid: 'learned-error' } });
  // T5
  const t5Metrics = h('div', { class: 'metrics' });
  const t5Course = h('div', { class: 'callout' });
  const t5PlotHost = h('div', {});
  const t5RangeHost = h('div', {});
  const t5BiasGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  // ALiBi
  const alibiSlopesHost = h('div', {});
  const alibiBiasGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  const farMetrics = h('div', { class: 'metrics' });
  const farGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  const farPlots = h('div', { class: 'fig-grid fig-grid-pairs' });
  const farExport = h('div', { class: 'fig-actions' });
  // Summary
  const summaryHost = h('div', {});

  ctx.root.append(
    intro,
    h('h3', { id: `${ctx.lab}-learned` }, t('biases.learned.title')),
    h('p', { class: 'fig-intro' }, rich(t('biases.learned.intro'))),
    learnedMetrics, learnedText, learnedGrid, learnedError,
    h('h3', { id: `${ctx.lab}-t5` }, t('biases.t5.title')),
    h('p', { class: 'fig-intro' }, rich(t('biases.t5.intro'))),
    t5Metrics, t5Course, t5PlotHost, t5RangeHost,
    h('h4', {}, t('biases.t5.biasTitle')), t5BiasGrid,
    h('h3', { id: `${ctx.lab}-alibi` }, t('biases.alibi.title')),
    h('p', { class: 'fig-intro' }, rich(t('biases.alibi.intro'))),
    alibiSlopesHost,
    h('h4', {}, t('biases.alibi.biasTitle')), alibiBiasGrid,
    h('h4', {}, t('biases.far.title')),
    h('p', { class: 'fig-intro' }, rich(t('biases.far.intro'))),
    farMetrics, farGrid, farExport, farPlots,
    h('h3', { id: `${ctx.lab}-summary` }, t('biases.summary.title')),
    summaryHost);

  const learnedTable = heatFigure(learnedGrid, { colormap: 'diverging', size: 'medium', rowKey: 'biases.axis.row', colKey: 'biases.axis.dim',
    xLabel: 'biases.axis.dims', yLabel: 'biases.axis.rows' });
  const rowsPlot = xyFigure(learnedGrid, { xLabel: t('biases.axis.position'), yLabel: t('biases.axis.rowUsed'), ariaLabel: t('biases.fig.rows.title') });
  const t5Plot = xyFigure(t5PlotHost, { className: 'fig-wide', xLabel: t('biases.axis.relative'), yLabel: t('biases.axis.bucket'), ariaLabel: t('biases.fig.buckets.title'), height: '20rem' });
  const t5Bidi = heatFigure(t5BiasGrid, { colormap: 'diverging', rowKey: 'biases.axis.query', colKey: 'biases.axis.key', xLabel: 'biases.axis.keys', yLabel: 'biases.axis.queries' });
  const t5Causal = heatFigure(t5BiasGrid, { colormap: 'diverging', rowKey: 'biases.axis.query', colKey: 'biases.axis.key', xLabel: 'biases.axis.keys', yLabel: 'biases.axis.queries' });
  const alibiBidi = heatFigure(alibiBiasGrid, { colormap: 'viridis', rowKey: 'biases.axis.query', colKey: 'biases.axis.key', xLabel: 'biases.axis.keys', yLabel: 'biases.axis.queries' });
  const alibiCausal = heatFigure(alibiBiasGrid, { colormap: 'viridis', rowKey: 'biases.axis.query', colKey: 'biases.axis.key', xLabel: 'biases.axis.keys', yLabel: 'biases.axis.queries' });
  const farAlibi = heatFigure(farGrid, { colormap: 'viridis', size: 'medium', rowKey: 'biases.axis.query', colKey: 'biases.axis.key', xLabel: 'biases.axis.keys', yLabel: 'biases.axis.queries' });
  const farNope = heatFigure(farGrid, { colormap: 'viridis', size: 'medium', rowKey: 'biases.axis.query', colKey: 'biases.axis.key', xLabel: 'biases.axis.keys', yLabel: 'biases.axis.queries' });
  // The main figure (ctx.lead: before the parameters on a phone): the distance ALiBi attends to, far past training.
  const distPlot = xyFigure(ctx.lead, { className: 'fig-wide', xLabel: t('biases.axis.queryPosition'), yLabel: t('biases.axis.meanDistance'), ariaLabel: t('biases.fig.distance.title') });
  const entropyPlot = xyFigure(farPlots, { xLabel: t('biases.axis.head'), yLabel: t('biases.axis.entropy'), ariaLabel: t('biases.fig.entropy.title') });

  // ---- learned PE -------------------------------------------------------------------------------------
  function renderLearned(out) {
    const L = out.result.learned;
    const { tMax, d, T } = out.params;
    const ex = L.courseExample;
    replaceChildren(learnedMetrics,
      metric(R(t('biases.learned.params'), { tMax: n(tMax), d: n(d) }), n(L.params, 'learned-params'),
        rich(t('biases.learned.paramsNote'))),
      metric(R(t('biases.learned.course'), { tMax: n(ex.tMax), d: n(ex.d) }), n(ex.params, 'learned-course-params'),
        rich(t('biases.learned.courseNote'))));
    replaceChildren(learnedText, h('div', { class: 'callout' }, h('h4', {}, t('biases.learned.truthTitle')), h('p', {}, rich(t('biases.learned.truth')))));

    learnedTable.set(L.table, {
      title: t('biases.fig.table.title'), description: t('biases.fig.table.desc', { tMax, d }),
      file: 'biases_learned_table',
    });

    const x = Array.from({ length: T }, (_, i) => i);
    const own = x.map((i) => (i < tMax ? i : null));
    const labels = (tr) => [tr('biases.series.clamp'), tr('biases.series.wrap'), tr('biases.series.own')];
    const markers = (tr) => (T > tMax ? [{ axis: 'x', value: tMax, label: tr('biases.marker.tMax', { tMax }) }] : []);
    rowsPlot.fig.setText({ title: t('biases.fig.rows.title'), description: t('biases.fig.rows.desc', { T1: T - 1, tMax, last: tMax - 1 }) });
    rowsPlot.chart.update({
      series: [
        { label: labels(t)[0], x, y: L.rowsClamp, pointRadius: 0 },
        { label: labels(t)[1], x, y: L.rowsWrap, pointRadius: 0 },
        { label: labels(t)[2], x, y: own, dash: true, pointRadius: 0, colour: '#8a8f98' },
      ],
      markers: markers(t), xMin: 0, xMax: Math.max(1, T - 1), yMin: 0,
    });
    rowsPlot.fig.setTable(() => ({
      head: ['t', t('biases.series.clamp'), t('biases.series.wrap')],
      rows: x.slice(0, 512).map((i) => [i, L.rowsClamp[i], L.rowsWrap[i]]),
      shown: [Math.min(T, 512), 2], total: [T, 2],
    }));
    rowsPlot.fig.setExports(['biases_learned_rows.png', 'biases_learned_rows.csv']);

    // 'error' refuses positions past T_max (the runner says which); clamp and wrap always return a row.
    replaceChildren(learnedError, L.errorPast
      ? R(t('biases.learned.errorPast'), { from: n(tMax), to: n(T - 1), T: n(T), tMax: n(tMax) })
      : R(t('biases.learned.noPast'), { T: n(T), tMax: n(tMax) }));
  }

  // ---- T5 ---------------------------------------------------------------------------------------------
  function rangeText(e) {
    if (!e) return null;
    const sign = (v) => (v > 0 ? `+${fmt(v)}` : fmt(v));
    if (e.min === e.max) return h('span', { class: 'num', dataset: { value: String(e.min) } }, sign(e.min));
    if (e.openHigh) return R(t('biases.t5.range.atLeast'), { v: sign(e.min) });
    if (e.openLow) return R(t('biases.t5.range.atMost'), { v: sign(e.max) });
    return `${sign(e.min)} … ${sign(e.max)}`;
  }

  /** Kind of bucket b: exact, logarithmic, last (catch-all), never used, or bucket 0 of causal bucketing. */
  function bucketKind(kind, b, r, numBuckets) {
    const half = kind === 'bidirectional' ? numBuckets / 2 : numBuckets;
    const maxExact = kind === 'bidirectional' ? r.maxExactBidirectional : r.maxExactCausal;
    const within = b % half;
    if (kind === 'bidirectional' && b === half) return 'unused';
    if (kind === 'causal' && b === 0) return 'zero';
    return within < maxExact ? 'exact' : within === half - 1 ? 'last' : 'log';
  }

  /** One row per bucket: the relative positions it holds, bidirectional and causal side by side. */
  function rangeTable(bidi, causal, r, numBuckets) {
    const cell = (e) => (e ? [rangeText(e), ' ', h('span', { class: 'fig-note' },
      e.openLow || e.openHigh ? `(${t('biases.t5.range.unbounded')})` : ['(', n(e.count), ')'])] : '—');
    const left = { textAlign: 'left' };
    const rows = bidi.map((e, b) => {
      const kb = bucketKind('bidirectional', b, r, numBuckets), kc = bucketKind('causal', b, r, numBuckets);
      return h('tr', { dataset: { bucket: String(b), kindBidirectional: kb, kindCausal: kc } },
        h('th', { scope: 'row' }, n(b)),
        h('td', {}, cell(e)), h('td', { style: left }, t(`biases.t5.kind.${kb}`)),
        h('td', {}, cell(causal[b])), h('td', { style: left }, t(`biases.t5.kind.${kc}`)));
    });
    return h('div', { class: 'table-scroll', style: { maxHeight: '24rem', overflow: 'auto' } },
      h('table', { class: 'data-table', dataset: { testid: 't5-ranges' } },
        h('thead', {}, h('tr', {}, [t('biases.t5.col.bucket'), t('biases.t5.col.bidirectional'), t('biases.t5.col.kind'), t('biases.t5.col.causal'), t('biases.t5.col.kind')]
          .map((c, i) => h('th', { scope: 'col', style: i === 2 || i === 4 ? left : null }, c)))),
        h('tbody', {}, rows)));
  }

  const rangeFigs = [];
  function renderT5(out) {
    const r = out.result.t5;
    const { nHeads, numBuckets, maxDistance, maxRelative } = out.params;
    const bidiRanges = r.rangesBidirectional, causalRanges = r.rangesCausal;
    // First distance (within the window) that lands in the last bucket of each half.
    const lastB = bidiRanges[numBuckets - 1], lastC = causalRanges[numBuckets - 1];
    const fromB = lastB ? lastB.min : null, fromC = lastC ? -lastC.max : null;
    replaceChildren(t5Metrics,
      metric(R(t('biases.t5.params'), { H: n(nHeads), B: n(numBuckets) }), n(r.params, 't5-params'), rich(t('biases.t5.paramsNote'))),
      metric(t('biases.t5.exact'), h('span', {}, n(r.maxExactBidirectional, 't5-max-exact-bidirectional'), ' / ', n(r.maxExactCausal, 't5-max-exact-causal')),
        R(t('biases.t5.exactNote'), { b: n(r.maxExactBidirectional), c: n(r.maxExactCausal) })),
      metric(t('biases.t5.last'), fromB === null ? '—' : h('span', {}, n(fromB, 't5-last-from-bidirectional'), ' / ', fromC === null ? '—' : n(fromC, 't5-last-from-causal')),
        R(t(fromB === null ? 'biases.t5.lastNoneNote' : 'biases.t5.lastNote'), { maxDistance: n(maxDistance), maxRelative: n(maxRelative) })));
    replaceChildren(t5Course,
      h('h4', {}, t('biases.t5.course.title')),
      h('p', {}, rich(t('biases.t5.course.text'))),
      h('p', {}, R(t('biases.t5.course.truth'), {
        b: n(r.maxExactBidirectional), c: n(r.maxExactCausal), maxDistance: n(maxDistance),
        half: n(numBuckets / 2), last: n(numBuckets - 1), lastPast: n(numBuckets / 2 - 1),
      })));

    const sl = (tr) => [tr('biases.series.bidirectional'), tr('biases.series.causal')];
    const markers = (tr) => [
      { axis: 'x', value: -maxDistance, label: tr('biases.marker.maxDistance', { v: -maxDistance }) },
      { axis: 'x', value: maxDistance, label: tr('biases.marker.maxDistance', { v: maxDistance }) },
      { axis: 'x', value: r.maxExactBidirectional, label: tr('biases.marker.exactB', { v: r.maxExactBidirectional }) },
      { axis: 'x', value: -r.maxExactCausal, label: tr('biases.marker.exactC', { v: r.maxExactCausal }) },
    ];
    t5Plot.fig.setText({ title: t('biases.fig.buckets.title'), description: t('biases.fig.buckets.desc', { numBuckets, maxDistance }) });
    t5Plot.chart.update({
      series: [
        { label: sl(t)[0], x: r.relative, y: r.bidirectional, stepped: 'middle', pointRadius: 0 },
        { label: sl(t)[1], x: r.relative, y: r.causal, stepped: 'middle', pointRadius: 0, dash: true },
      ],
      markers: markers(t), xMin: -maxRelative, xMax: maxRelative, yMin: 0, yMax: numBuckets - 1,
    });
    t5Plot.fig.setTable(() => ({
      head: [t('biases.axis.relative'), sl(t)[0], sl(t)[1]],
      rows: r.relative.map((rel, i) => [rel, r.bidirectional[i], r.causal[i]]),
    }));
    t5Plot.fig.setExports(['biases_t5_buckets.png', 'biases_t5_buckets.csv']);

    // Which relative positions share a bucket.
    rangeFigs.forEach((f) => f.destroy());
    rangeFigs.length = 0;
    const fig = createFigure(ctx, t5RangeHost, { withTable: false });
    fig.setText({ title: t('biases.fig.ranges.title'), description: t('biases.fig.ranges.desc', { maxRelative }) });
    fig.body.append(rangeTable(bidiRanges, causalRanges, r, numBuckets));
    fig.setExports(['biases_t5_ranges.csv']);
    rangeFigs.push(fig);

    const head = r.head;
    const B = out.params.biasT;
    t5Bidi.set(r.biasBidirectional, { title: t('biases.fig.t5bias.bidirectional', { head }), description: t('biases.fig.t5bias.desc', { B }),
      file: 'biases_t5_bias_bidirectional' });
    t5Causal.set(r.biasCausal, { title: t('biases.fig.t5bias.causal', { head }), description: t('biases.fig.t5bias.descCausal', { B }),
      file: 'biases_t5_bias_causal', mask: CAUSAL_MASK });
  }

  // ---- ALiBi ------------------------------------------------------------------------------------------
  function tryHeads(H) {
    const dModel = Number(ctx.getValue('dModel')) || 32;
    if (dModel % H !== 0) ctx.setValue('dModel', Math.min(512, Math.ceil(dModel / H) * H), { run: false });
    if (Number(ctx.getValue('head')) >= H) ctx.setValue('head', H - 1, { run: false });
    ctx.setValue('nHeads', H);
    ctx.announce(t('biases.alibi.tried', { H }));
  }

  function renderAlibiSlopes(out) {
    const a = out.result.alibi;
    const H = a.nHeads;
    const differing = a.slopes.filter((s) => s.differs).length;
    const pow = (m) => h('span', { class: 'fig-note' }, ' = 2', h('sup', {}, fmt(Math.log2(m))));
    const table = h('table', { class: 'data-table scheme-table', dataset: { testid: 'alibi-slopes' } },
      h('caption', {}, rich(t('biases.alibi.table.caption'))),
      h('thead', {}, h('tr', {}, [t('biases.alibi.col.head'), t('biases.alibi.col.reference'), t('biases.alibi.col.simple'), t('biases.alibi.col.same')]
        .map((c) => h('th', { scope: 'col' }, rich(c))))),
      h('tbody', {}, a.slopes.map((s) => h('tr', {
        dataset: { head: String(s.head), differs: String(s.differs) },
        class: s.differs ? 'is-differs' : null,
        style: s.differs ? { background: 'var(--bad-soft)' } : null,
      },
      h('th', { scope: 'row' }, n(s.head), h('span', { class: 'fig-note' }, ` (h = ${s.head + 1})`)),
      h('td', {}, n(s.reference, `alibi-slope-${s.head}`), pow(s.reference)),
      h('td', {}, n(s.simple, `alibi-simple-${s.head}`), pow(s.simple)),
      h('td', { class: s.differs ? 'bad' : 'ok' }, s.differs ? `✗ ${t('biases.alibi.differs')}` : `✓ ${t('biases.alibi.same')}`)))));
    const other = a.powerOfTwo ? 6 : 8;
    const fig = createFigure(ctx, h('div'), { withTable: false });
    fig.setText({ title: t('biases.fig.slopes.title', { H }), description: t('biases.fig.slopes.desc') });
    fig.body.append(
      h('p', { dataset: { testid: 'alibi-verdict' } }, h('strong', { class: differing ? 'bad' : 'ok' },
        R(t(a.powerOfTwo ? 'biases.alibi.pow2' : 'biases.alibi.notPow2'), { H: n(H), k: n(differing) }))),
      h('div', { class: 'table-scroll' }, table),
      h('p', {}, rich(t('biases.alibi.rule'))),
      h('div', { class: 'btn-row' },
        h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'alibi-heads' }, onclick: () => tryHeads(other) },
          t(a.powerOfTwo ? 'biases.alibi.tryOther' : 'biases.alibi.tryPow2', { H: other }))));
    fig.setExports(['biases_alibi_slopes.csv', 'biases_alibi_slopes.json']);
    slopeFig?.destroy();
    slopeFig = fig;
    replaceChildren(alibiSlopesHost, fig.element);
  }
  let slopeFig = null;
  disposers.push(() => slopeFig?.destroy());

  function renderAlibi(out) {
    renderAlibiSlopes(out);
    const a = out.result.alibi;
    const head = a.head;
    const m = a.slopes[head].reference;
    const B = out.params.biasT;
    alibiBidi.set(a.biasBidirectional, { title: t('biases.fig.alibibias.bidirectional', { head }), description: t('biases.fig.alibibias.desc', { m: fmt(m), B }),
      file: 'biases_alibi_bias_bidirectional' });
    alibiCausal.set(a.biasCausal, { title: t('biases.fig.alibibias.causal', { head }), description: t('biases.fig.alibibias.descCausal', { m: fmt(m), B }),
      file: 'biases_alibi_bias_causal', mask: CAUSAL_MASK });

    // Far past training.
    const f = a.far;
    const T = f.T;
    const maxH = f.maxEntropy;
    replaceChildren(farMetrics,
      metric(R(t('biases.far.length'), { tMax: n(f.tMax) }), n(T, 'far-T'), R(t('biases.far.lengthNote'), { ratio: n(T / f.tMax) })),
      metric(R(t('biases.far.entropyAlibi'), { head: n(head) }), n(f.meanEntropyPerHead[head], 'far-entropy-alibi'), R(t('biases.far.entropyMax'), { max: n(maxH) })),
      metric(R(t('biases.far.entropyNope'), { head: n(head) }), n(f.meanEntropyPerHeadNope[head], 'far-entropy-nope'), R(t('biases.far.entropyMax'), { max: n(maxH) })));
    // One colour scale for both maps, capped at the median of ALiBi's row maxima; pooled to ≤ FAR_SIDE pixels.
    const cap = f.scaleMax;
    const block = Math.ceil(T / FAR_SIDE);
    const scaleNote = t(block > 1 ? 'biases.fig.far.scalePooled' : 'biases.fig.far.scale', { cap: fmt(cap), block });
    farAlibi.set(f.attention, { title: t('biases.fig.far.alibi', { head, T }), description: `${t('biases.fig.far.alibiDesc', { m: fmt(m) })} ${scaleNote}`,
      file: 'biases_alibi_attention_far', min: 0, max: cap, csv: false, testid: 'far-alibi', maxSide: FAR_SIDE, mask: CAUSAL_MASK });
    farNope.set(f.attentionNope, { title: t('biases.fig.far.nope', { head, T }), description: `${t('biases.fig.far.nopeDesc')} ${scaleNote}`,
      file: 'biases_nope_attention_far', min: 0, max: cap, csv: false, testid: 'far-nope', maxSide: FAR_SIDE, mask: CAUSAL_MASK });
    // Both maps in one PNG, side by side.
    const bothFile = 'biases_alibi_attention.png';
    replaceChildren(farExport, h('button', { type: 'button', class: 'btn btn-small', dataset: { export: bothFile }, title: bothFile,
      'aria-label': t('export.download', { file: bothFile }), onclick: () => ctx.download(bothFile) }, t('biases.far.bothPng')));

    const dA = f.meanDistance, dN = f.meanDistanceNope;
    takeaway.set(R(t(dA[T - 1] < dN[T - 1] ? 'biases.takeaway' : 'biases.takeawayNot'), {
      T: num(ctx.i18n, T, { dataset: { key: 'T' } }), tMax: num(ctx.i18n, f.tMax, { dataset: { key: 'tMax' } }), head: num(ctx.i18n, head, { dataset: { key: 'head' } }),
      a: num(ctx.i18n, dA[T - 1], { dataset: { key: 'distanceAlibi' } }), n: num(ctx.i18n, dN[T - 1], { dataset: { key: 'distanceNope' } }) }));
    const x = Array.from({ length: T }, (_, i) => i);
    const dl = (tr) => [tr('biases.series.alibi'), tr('biases.series.nope')];
    const dMarkers = (tr) => (T > f.tMax ? [{ axis: 'x', value: f.tMax, label: tr('biases.marker.tMax', { tMax: f.tMax }) }] : []);
    distPlot.fig.setText({ title: t('biases.fig.distance.title', { head }), description: t('biases.fig.distance.desc', {
      a: fmt(dA[T - 1]), n: fmt(dN[T - 1]), last: T - 1 }) });
    distPlot.chart.update({ series: [{ label: dl(t)[0], x, y: dA }, { label: dl(t)[1], x, y: dN }], markers: dMarkers(t), xMin: 0, xMax: T - 1, yMin: 0 });
    distPlot.fig.setTable(() => ({ head: ['i', ...dl(t)], rows: x.slice(0, 512).map((i) => [i, dA[i], dN[i]]), shown: [Math.min(T, 512), 2], total: [T, 2] }));
    distPlot.fig.setExports(['biases_alibi_distance.png', 'biases_alibi_distance.csv']);

    const heads = a.slopes.map((s) => s.head);
    const el = (tr) => [tr('biases.series.alibi'), tr('biases.series.nope')];
    const eMarkers = (tr) => [{ axis: 'y', value: maxH, label: tr('biases.marker.maxEntropy', { v: formatNeutral(maxH, 3) }), align: 'right' }];
    entropyPlot.fig.setText({ title: t('biases.fig.entropy.title'), description: t('biases.fig.entropy.desc', { T }) });
    entropyPlot.chart.update({
      series: [{ label: el(t)[0], x: heads, y: f.meanEntropyPerHead, pointRadius: 3 }, { label: el(t)[1], x: heads, y: f.meanEntropyPerHeadNope, pointRadius: 3 }],
      markers: eMarkers(t), xMin: 0, xMax: Math.max(1, a.nHeads - 1), yMin: 0, yMax: Math.ceil(maxH + 0.5),
    });
    entropyPlot.fig.setTable(() => ({ head: [t('biases.axis.head'), t('biases.alibi.col.reference'), ...el(t)],
      rows: heads.map((hd) => [hd, a.slopes[hd].reference, f.meanEntropyPerHead[hd], f.meanEntropyPerHeadNope[hd]]) }));
    entropyPlot.fig.setExports(['biases_alibi_entropy.png', 'biases_alibi_entropy.csv']);
  }

  // ---- summary ----------------------------------------------------------------------------------------
  function renderSummary(out) {
    const rows = out.result.summary;
    const vars = { tMax: n(out.params.tMax), maxDistance: n(out.params.maxDistance), H: n(out.params.nHeads), B: n(out.params.numBuckets), d: n(out.params.d) };
    const cols = ['scheme', 'where', 'extrapolates', 'params', 'use'];
    const left = { textAlign: 'left', whiteSpace: 'normal', verticalAlign: 'top' };
    const table = h('table', { class: 'data-table summary-table', dataset: { testid: 'biases-summary' } },
      h('caption', {}, rich(t('biases.summary.caption'))),
      h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', style: c === 'params' ? null : { textAlign: 'left' } }, t(`biases.summary.col.${c}`))))),
      h('tbody', {}, rows.map((s) => h('tr', { dataset: { scheme: s.scheme } },
        h('th', { scope: 'row', style: { verticalAlign: 'top', whiteSpace: 'normal' } }, t(`scheme.${s.scheme}`)),
        h('td', { style: { ...left, minWidth: '9rem' }, dataset: { label: t('biases.summary.col.where') } }, R(t(`biases.summary.${s.scheme}.where`), vars)),
        h('td', { style: { ...left, minWidth: '11rem' }, dataset: { label: t('biases.summary.col.extrapolates') } }, R(t(`biases.summary.${s.scheme}.extrapolates`), vars)),
        h('td', { style: { whiteSpace: 'normal', verticalAlign: 'top' }, dataset: { label: t('biases.summary.col.params') } }, n(s.params, `summary-params-${s.scheme}`), h('div', { class: 'fig-note' }, R(t(`biases.summary.${s.scheme}.paramsWhy`), vars))),
        h('td', { style: left, dataset: { label: t('biases.summary.col.use') } }, t(`biases.summary.${s.scheme}.use`))))));
    const exportsRow = h('div', { class: 'fig-actions' }, exportButtons(ctx, ['biases_summary.csv']));
    replaceChildren(summaryHost, h('div', { class: 'table-scroll' }, table), exportsRow,
      h('p', { class: 'fig-intro' }, rich(t('biases.summary.note'))));
  }

  return {
    update(out) {
      stager.clear();   // what an earlier update still had to draw
      renderLearned(out);
      renderT5(out);
      renderAlibi(out);
      renderSummary(out);
    },
    destroy() {
      stager.clear();
      rangeFigs.forEach((f) => f.destroy());
      disposers.forEach((d) => d());
    },
  };
}
