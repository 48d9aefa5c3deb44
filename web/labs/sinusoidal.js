// web/labs/sinusoidal.js — Lab 01 view: the sinusoidal PE matrix (T × d, diverging colours), chosen
// dimensions as curves over position, the PE(t)·PE(s) similarity, and the linear-offset property
// PE(t+k) = M_k·PE(t) with its measured error per k and the block-rotation matrix M_k.
// The takeaway states the offset property with its measured error.
// Input: runLab('sinusoidal') → result { pe, similarity, curves[], offset, offsetMatrix, offsetError,
// offsets[], offsetErrors[], tolerance }. Figures are built once and updated in place; their export buttons
// download runLab's files (wasm/labs/sinusoidal.js).
import { h, num, rich, replaceChildren } from '../ui/dom.js';
import { createFigure, matrixTable } from '../ui/figure.js';
import { createHeatmapChart } from '../charts/heatmap.js';
import { createLineChart } from '../charts/line.js';
import { createStager } from '../ui/stage.js';
import { createTakeaway } from './takeaway.js';

/** Small runs on the main thread; large ones (T² + T·d + d² cells above 250k: ~0.3 s and more) in the worker. */
export function runner(values) {
  const T = Number(values.T) || 0, d = Number(values.d) || 0;
  return T * T + T * d + d * d > 250_000 ? 'worker' : 'main';
}

export function mount(ctx) {
  const { t } = ctx.i18n;
  const fmt = (v) => ctx.i18n.num(v);
  const takeaway = createTakeaway(ctx);

  const formula = h('p', { class: 'formula' }, rich(t('sinusoidal.formula')));
  const check = h('p', { class: 'check-line' });
  const topGrid = h('div', {});
  const curvesHost = h('div', {});
  const offsetBlock = h('div', { class: 'offset-block' });
  const offsetGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  ctx.root.append(formula, check, topGrid, curvesHost,
    h('h3', {}, t('sinusoidal.offset.title')), offsetBlock, offsetGrid);

  // PE matrix: the main figure (ctx.lead: before the parameters on a phone)
  const peFig = createFigure(ctx, ctx.lead);
  const peChart = createHeatmapChart(peFig.body, { colormap: 'diverging', format: fmt, rowName: 't', colName: 'i',
    xLabel: t('sinusoidal.axis.dimension'), yLabel: t('sinusoidal.axis.position'), ariaLabel: t('sinusoidal.fig.pe.title') });
  // similarity
  const simFig = createFigure(ctx, topGrid);
  const simChart = createHeatmapChart(simFig.body, { colormap: 'viridis', format: fmt, rowName: 't', colName: 's',
    xLabel: t('sinusoidal.axis.positionS'), yLabel: t('sinusoidal.axis.positionT'), ariaLabel: t('sinusoidal.fig.sim.title') });
  // curves
  const curvesFig = createFigure(ctx, curvesHost, { className: 'fig-wide' });
  const curves = createLineChart(curvesFig.body, { xLabel: t('sinusoidal.axis.position'), yLabel: t('sinusoidal.axis.value'),
    locale: ctx.i18n.locale, format: fmt, ariaLabel: t('sinusoidal.fig.curves.title') });
  // offset errors table + M_k
  const mFig = createFigure(ctx, offsetGrid);
  const mChart = createHeatmapChart(mFig.body, { colormap: 'diverging', format: fmt, rowName: t('sinusoidal.axis.row'), colName: t('sinusoidal.axis.col'),
    xLabel: t('sinusoidal.axis.col'), yLabel: t('sinusoidal.axis.row'), ariaLabel: t('sinusoidal.fig.m.title'), size: 'medium' });
  const errFig = createFigure(ctx, offsetGrid, { withTable: false });

  const stager = createStager();   // large maps (T 2048 × d 1024) one per task (web/ui/stage.js)

  function update(out) {
    stager.clear();   // what an earlier update still had to draw
    const r = out.result;
    const { T, d } = out.params;
    const [, cols] = r.pe.shape;
    takeaway.set(rich(t(r.offsetError <= r.tolerance ? 'sinusoidal.takeaway' : 'sinusoidal.takeawayFails'), {
      k: num(ctx.i18n, r.offset, { dataset: { key: 'offset' } }),
      error: num(ctx.i18n, r.offsetError, { dataset: { key: 'offsetError' } }),
      T: num(ctx.i18n, T, { dataset: { key: 'T' } }) }));

    replaceChildren(check, rich(t('sinusoidal.check'), { value: num(ctx.i18n, r.pe.data[cols], { dataset: { testid: 'pe-1-0' } }) }));

    const peTitle = t('sinusoidal.fig.pe.title');
    peFig.setText({ title: peTitle, description: t('sinusoidal.fig.pe.desc', { T, d }) });
    stager.run(T * d, () => peChart.update({ rows: T, cols: d, data: r.pe.data, min: -1, max: 1 }));
    peFig.setTable(() => matrixTable(r.pe, { corner: 't \\ i', maxRows: 64, maxCols: 32 }));
    peFig.setExports(['sinusoidal_pe.png', 'sinusoidal_pe.csv']);

    simFig.setText({ title: t('sinusoidal.fig.sim.title'), description: t('sinusoidal.fig.sim.desc', { d2: d / 2 }) });
    stager.run(T * T, () => simChart.update({ rows: T, cols: T, data: r.similarity.data }));
    simFig.setTable(() => matrixTable(r.similarity, { corner: 't \\ s', maxRows: 32, maxCols: 32 }));
    simFig.setExports(['sinusoidal_similarity.png', 'sinusoidal_similarity.csv']);

    const x = Array.from({ length: T }, (_, i) => i);
    const series = r.curves.map((c) => ({ label: t('sinusoidal.series', { dim: c.dim, kind: t(c.dim % 2 ? 'sinusoidal.cos' : 'sinusoidal.sin') }), values: c.values }));
    curvesFig.setText({ title: t('sinusoidal.fig.curves.title'), description: t('sinusoidal.fig.curves.desc', { dims: r.curves.map((c) => c.dim).join(', ') }) });
    curves.update({ x, series });
    curvesFig.setTable(() => ({
      head: ['t', ...r.curves.map((c) => `i = ${c.dim}`)],
      rows: x.slice(0, 256).map((i) => [i, ...r.curves.map((c) => c.values[i])]),
      shown: [Math.min(T, 256), r.curves.length], total: [T, r.curves.length],
    }));
    curvesFig.setExports(['sinusoidal_curves.png', 'sinusoidal_curves.csv']);

    // offset property
    const pass = r.offsetError <= r.tolerance;
    replaceChildren(offsetBlock,
      h('div', { class: 'metrics' },
        h('div', { class: 'metric' },
          h('div', { class: 'metric-label' }, rich(t('sinusoidal.offset.metric'), { k: num(ctx.i18n, r.offset) })),
          h('div', { class: 'metric-value' }, num(ctx.i18n, r.offsetError, { dataset: { testid: 'offset-error' } })),
          h('div', { class: 'metric-note' }, h('span', { class: pass ? 'ok' : 'bad' },
            rich(t(pass ? 'sinusoidal.offset.pass' : 'sinusoidal.offset.fail'), { tol: num(ctx.i18n, r.tolerance) }))))),
      h('p', {}, rich(t('sinusoidal.offset.explain'))));

    mFig.setText({ title: t('sinusoidal.fig.m.title', { k: r.offset }), description: t('sinusoidal.fig.m.desc', { d }) });
    stager.run(d * d, () => mChart.update({ rows: d, cols: d, data: r.offsetMatrix.data, min: -1, max: 1 }));
    mFig.setTable(() => matrixTable(r.offsetMatrix, { corner: '', maxRows: 32, maxCols: 32 }));
    mFig.setExports(['sinusoidal_offset_matrix.png', 'sinusoidal_offset_matrix.csv']);

    errFig.setText({ title: t('sinusoidal.fig.errors.title'), description: t('sinusoidal.fig.errors.desc') });
    const table = h('table', { class: 'data-table offset-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'k'), h('th', { scope: 'col' }, t('sinusoidal.offset.error')))),
      h('tbody', {}, r.offsets.map((k, i) => h('tr', { class: k === r.offset ? 'is-current' : null },
        h('th', { scope: 'row' }, num(ctx.i18n, k)),
        h('td', {}, num(ctx.i18n, r.offsetErrors[i], { dataset: { testid: `offset-error-k${k}` } }))))));
    replaceChildren(errFig.body, h('div', { class: 'table-scroll' }, table));
    errFig.setExports(['sinusoidal_offset_errors.csv', 'sinusoidal_offset_errors.json']);
  }

  return {
    update,
    destroy() {
      stager.clear();
      takeaway.destroy();
      for (const x of [peChart, simChart, curves, mChart]) x.destroy();
      for (const f of [peFig, simFig, curvesFig, mFig, errFig]) f.destroy();
    },
  };
}
