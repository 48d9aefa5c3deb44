// web/labs/context-extension.js — RoPE context-extension view: per rotation pair, the wavelength against the
// training length L₀ and the scale each method applies (PI, NTK-aware, dynamic NTK, YaRN, Llama 3); the
// largest angle reached at L = s·L₀ against the largest seen in training, with the pairs that leave the
// trained range marked; an untrained attention layer at L per method (selected head, normalised entropy)
// beside plain RoPE at L₀; what differs: each map minus plain RoPE's and attention against distance (both
// reshaped in the runner); the takeaway (which methods keep every pair in the trained range); and a per-method explanation driven by the measured numbers (the README's table).
// Input: runLab('context-extension') → result { L, P, theta, wavelength, wavelengthOverL0, trainedMaxAngle,
// baselineNormalizedEntropy, methods[] } (wasm/labs/context-extension.js). Past L = 512 it runs in the worker
// (see runner() for the size above which it stays on the main thread). Export buttons download runLab's files.
import { h, num, rich, replaceChildren } from '../ui/dom.js';
import { createFigure, matrixTable, exportButtons } from '../ui/figure.js';
import { createHeatmapChart } from '../charts/heatmap.js';
import { createXYChart, XY_COLOURS } from '../charts/xy.js';
import { poolMaxSteps, blockLabels } from '../charts/pool.js';
import { differenceSteps, CAUSAL_MASK } from 'pe-lab';
import { createStager } from '../ui/stage.js';
import { createTakeaway, listOf } from './takeaway.js';

/** The layer at L = s·L₀ costs O(methods·L²): past L = 512 it runs in the worker. */
export function runner(values) {
  const L = Math.round((Number(values.factor) || 0) * (Number(values.trainLength) || 0));
  return L > 512 ? 'worker' : 'main';
}

/** Changing nHeads keeps the shown head in range. */
export function adjustValues(values, changed) {
  if (changed !== 'nHeads') return null;
  const H = Number(values.nHeads), head = Number(values.head);
  return Number.isInteger(H) && H >= 1 && Number.isInteger(head) && head >= H ? { head: H - 1 } : null;
}

const METHOD_ORDER = ['none', 'linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3'];
const colourOf = (type) => XY_COLOURS[METHOD_ORDER.indexOf(type) % XY_COLOURS.length];
const MAX_SIDE = 256;   // attention maps are drawn at most this many cells wide (block max-pooled; data stays whole)

/** Measured facts about one method that the explanations quote. */
export function describeMethod(m, r) {
  const s = r.factor;
  const P = r.P;
  const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  const kept = m.scale.filter((x) => near(x, 1)).length;
  const full = s > 1 ? m.scale.filter((x) => near(x, s)).length : 0;
  const above = m.scale.filter((x) => x > s * (1 + 1e-9)).length;
  const outside = m.leavesTrainedRange.map((x, k) => (x ? k : -1)).filter((k) => k >= 0);
  return {
    P, kept, full, above, between: P - kept - full - above, outside,
    minScale: Math.min(...m.scale), maxScale: Math.max(...m.scale),
    first: m.scale[0], last: m.scale[P - 1],
  };
}

export function mount(ctx) {
  const { t } = ctx.i18n;
  const fmt = (v) => ctx.i18n.num(v);
  const n = (v, testid) => num(ctx.i18n, v, testid ? { dataset: { testid } } : {});
  // rich() with number nodes cloned at every use, so one number can appear in several strings.
  const R = (text, vars = {}) => rich(text, new Proxy(vars, { get: (o, k) => (o[k] instanceof Node ? o[k].cloneNode(true) : o[k]) }));
  const name = (type, tr = t) => tr(`context-extension.method.${type}.name`);
  const disposers = [];
  const takeaway = createTakeaway(ctx);
  disposers.push(() => takeaway.destroy());

  function metric(label, valueNode, note) {
    return h('div', { class: 'metric' },
      h('div', { class: 'metric-label' }, label),
      h('div', { class: 'metric-value' }, valueNode),
      note ? h('div', { class: 'metric-note' }, note) : null);
  }

  function xyFigure(parent, { className = '', ...chartOptions }) {
    const fig = createFigure(ctx, parent, { className });
    const chart = createXYChart(fig.body, { locale: ctx.i18n.locale, format: fmt, ...chartOptions });
    disposers.push(() => { chart.destroy(); fig.destroy(); });
    return { fig, chart };
  }

  // ---- skeleton ---------------------------------------------------------------------------------------
  const formula = h('p', { class: 'formula' }, rich(t('context-extension.formula')));
  const metrics = h('div', { class: 'metrics' });
  const freqGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  const ruleText = h('div', { class: 'callout' });
  const angleHost = h('div', {});
  const outsideHost = h('div', {});
  const attnIntro = h('p', { class: 'fig-intro' });
  const attnExport = h('div', { class: 'fig-actions' });
  const attnGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  const methodsHost = h('div', {});
  const diffIntro = h('p', { class: 'fig-intro' });
  const diffGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  const distanceHost = h('div', {});
  // The main figure (ctx.lead: before the parameters on a phone): the largest angle per pair at L against training.
  ctx.lead.append(angleHost);
  ctx.root.append(
    formula, metrics,
    h('h3', {}, t('context-extension.freq.title')),
    h('p', { class: 'fig-intro' }, rich(t('context-extension.freq.intro'))),
    freqGrid,
    h('h3', {}, t('context-extension.angles.title')),
    ruleText, outsideHost,
    h('h3', {}, t('context-extension.attn.title')),
    attnIntro, attnExport, attnGrid,
    h('h3', {}, t('context-extension.diff.title')), diffIntro, diffGrid, distanceHost,
    h('h3', {}, t('context-extension.methods.title')),
    methodsHost);

  const wavePlot = xyFigure(freqGrid, { xLabel: t('context-extension.axis.pair'), yLabel: t('context-extension.axis.wavelength'), yLog: true,
    ariaLabel: t('context-extension.fig.wave.title') });
  const scalePlot = xyFigure(freqGrid, { xLabel: t('context-extension.axis.wavelength'), yLabel: t('context-extension.axis.scale'), xLog: true, yLog: true,
    ariaLabel: t('context-extension.fig.scale.title') });
  const anglePlot = xyFigure(angleHost, { className: 'fig-wide', xLabel: t('context-extension.axis.pair'), yLabel: t('context-extension.axis.angle'), yLog: true,
    ariaLabel: t('context-extension.fig.angles.title'), height: '22rem' });
  const distancePlot = xyFigure(distanceHost, { className: 'fig-wide', xLabel: t('context-extension.axis.distance'), yLabel: t('context-extension.axis.meanWeight'),
    yLog: true, ariaLabel: t('context-extension.fig.distance.title'), height: '20rem' });
  let heatmaps = [];
  disposers.push(() => heatmaps.forEach((x) => x.destroy()));
  let diffMaps = [];
  disposers.push(() => diffMaps.forEach((x) => x.destroy()));

  // ---- the claim --------------------------------------------------------------------------------------
  function renderTakeaway(r) {
    const inside = r.methods.filter((m) => m.pairsOutside === 0), outside = r.methods.filter((m) => m.pairsOutside > 0);
    const names = (list) => listOf(ctx.i18n, list.map((m) => h('strong', {}, name(m.type))));
    const counts = (list) => listOf(ctx.i18n, list.map((m) => [name(m.type), ' ', num(ctx.i18n, m.pairsOutside, { dataset: { key: `outside-${m.type}` } })]));
    takeaway.set(
      rich(t('context-extension.takeaway.at'), { L: num(ctx.i18n, r.L, { dataset: { key: 'L' } }) }), ' ',
      inside.length ? rich(t(inside.length === 1 ? 'context-extension.takeaway.insideOne' : 'context-extension.takeaway.inside'), { list: names(inside) })
        : t('context-extension.takeaway.insideNone'),
      outside.length ? [' ', rich(t(inside.length ? 'context-extension.takeaway.outside' : 'context-extension.takeaway.outsideAll'), { list: counts(outside), P: num(ctx.i18n, r.P, { dataset: { key: 'P' } }) })] : null);
  }

  // ---- what differs: maps minus plain RoPE's, attention against distance ---------------------------------
  /** `differences`: differenceFromPlain(r, MAX_SIDE)'s answer (computed in steps, see update). */
  function renderDifferences(out, { maps, cap }) {
    const r = out.result;
    const { causal, head } = out.params;
    diffMaps.forEach((x) => x.destroy());
    diffMaps = [];
    replaceChildren(diffIntro, maps.length ? R(t('context-extension.diff.intro'), { cap: n(cap), L: n(r.L) }) : t('context-extension.diff.noPlain'));
    for (const d of maps) {
      const fig = createFigure(ctx, diffGrid, { className: 'fig-small' });
      fig.element.dataset.difference = d.type;
      const title = t('context-extension.fig.diff.title', { method: name(d.type) });
      const desc = t(d.block > 1 ? 'context-extension.fig.diff.descPooled' : 'context-extension.fig.diff.desc', { cap: fmt(cap), block: d.block });
      fig.setText({ title, description: desc });
      const chart = createHeatmapChart(fig.body, { colormap: 'diverging', format: fmt, rowName: t('context-extension.axis.query'), colName: t('context-extension.axis.key'),
        xLabel: t('context-extension.axis.keys'), yLabel: t('context-extension.axis.queries'), ariaLabel: `${title}. ${desc}`, size: 'small' });
      chart.update({ rows: d.matrix.shape[0], cols: d.matrix.shape[1], data: d.matrix.data, min: -cap, max: cap, mask: causal ? CAUSAL_MASK : undefined,
        rowLabels: blockLabels(d.matrix.shape[0], d.block), colLabels: blockLabels(d.matrix.shape[1], d.block) });
      fig.setTable(() => matrixTable(d.matrix, { corner: 'i \\ j', maxRows: 48, maxCols: 24 }));
      fig.setExports(['context_extension_difference.png']);
      diffMaps.push({ destroy: () => { chart.destroy(); fig.destroy(); } });
    }
    const x = Array.from({ length: r.L }, (_, i) => i);
    distancePlot.fig.setText({ title: t('context-extension.fig.distance.title'), description: t('context-extension.fig.distance.desc', { L: r.L, head }) });
    distancePlot.chart.update({
      series: r.methods.map((m) => ({ label: name(m.type), x, y: m.distanceProfile, colour: colourOf(m.type), dash: m.type === 'none', pointRadius: 0 })),
      markers: [{ axis: 'x', value: r.trainLength, label: t('context-extension.marker.L0', { v: r.trainLength }) }], xMin: 0, xMax: Math.max(1, r.L - 1),
    });
    distancePlot.fig.setTable(() => ({ head: [t('context-extension.axis.distance'), ...r.methods.map((m) => name(m.type))],
      rows: x.slice(0, 512).map((i) => [i, ...r.methods.map((m) => m.distanceProfile[i])]), shown: [Math.min(r.L, 512), r.methods.length], total: [r.L, r.methods.length] }));
    distancePlot.fig.setExports(['context_extension_distance.png', 'context_extension_distance.csv']);
  }

  // ---- numbers at the top -----------------------------------------------------------------------------
  function renderMetrics(r) {
    const long = r.wavelengthOverL0.filter((x) => x > 1).length;
    replaceChildren(metrics,
      metric(t('context-extension.metric.L'), n(r.L, 'eval-length'), R(t('context-extension.metric.LNote'), { s: n(r.factor), L0: n(r.trainLength) })),
      metric(t('context-extension.metric.long'), h('span', {}, n(long, 'long-pairs'), ' / ', n(r.P)),
        R(t('context-extension.metric.longNote'), { L0: n(r.trainLength) })),
      metric(t('context-extension.metric.baseline'), n(r.baselineNormalizedEntropy, 'baseline-entropy'),
        R(t('context-extension.metric.baselineNote'), { L0: n(r.trainLength) })));
  }

  // ---- wavelengths and scales -------------------------------------------------------------------------
  function renderFrequencies(r) {
    const pairs = Array.from({ length: r.P }, (_, k) => k);
    const wMarkers = (tr) => [
      { axis: 'y', value: r.trainLength, label: tr('context-extension.marker.L0', { v: r.trainLength }) },
      { axis: 'y', value: r.L, label: tr('context-extension.marker.L', { v: r.L }), align: 'right' },
    ];
    const wl = (tr) => [tr('context-extension.series.wavelength')];
    wavePlot.fig.setText({ title: t('context-extension.fig.wave.title'), description: t('context-extension.fig.wave.desc', { P: r.P, dHead: r.dHead, base: fmt(r.base) }) });
    wavePlot.chart.update({
      series: [{ label: wl(t)[0], x: pairs, y: r.wavelength, pointRadius: pairs.map((k) => (r.wavelengthOverL0[k] > 1 ? 4 : 2)),
        pointStyle: pairs.map((k) => (r.wavelengthOverL0[k] > 1 ? 'rectRot' : 'circle')) }],
      markers: wMarkers(t), xMin: 0, xMax: Math.max(1, r.P - 1),
    });
    wavePlot.fig.setTable(() => ({
      head: ['k', 'θ_k', t('context-extension.axis.wavelength'), t('context-extension.col.overL0'), t('context-extension.col.trainedAngle')],
      rows: pairs.map((k) => [k, r.theta[k], r.wavelength[k], r.wavelengthOverL0[k], r.trainedMaxAngle[k]]),
    }));
    wavePlot.fig.setExports(['context_extension_wavelengths.png', 'context_extension_wavelengths.csv']);

    const sMarkers = (tr) => [{ axis: 'x', value: r.trainLength, label: tr('context-extension.marker.L0', { v: r.trainLength }) },
      { axis: 'y', value: r.factor, label: tr('context-extension.marker.s', { v: r.factor }) }];
    const sl = (tr) => r.methods.map((m) => name(m.type, tr));
    let hi = r.factor;
    for (const m of r.methods) for (const x of m.scale) hi = Math.max(hi, x);
    scalePlot.fig.setText({ title: t('context-extension.fig.scale.title'), description: t('context-extension.fig.scale.desc', { s: fmt(r.factor) }) });
    scalePlot.chart.update({
      series: r.methods.map((m, i) => ({ label: sl(t)[i], x: r.wavelength, y: m.scale, colour: colourOf(m.type), dash: m.type === 'none', pointRadius: 2 })),
      markers: sMarkers(t), yMin: 0.8, yMax: hi * 1.25,
    });
    scalePlot.fig.setTable(() => ({
      head: ['k', t('context-extension.axis.wavelength'), ...sl(t)],
      rows: pairs.map((k) => [k, r.wavelength[k], ...r.methods.map((m) => m.scale[k])]),
    }));
    scalePlot.fig.setExports(['context_extension_scales.png', 'context_extension_scales.csv']);
  }

  // ---- angles past training ---------------------------------------------------------------------------
  function renderAngles(r) {
    const pairs = Array.from({ length: r.P }, (_, k) => k);
    replaceChildren(ruleText,
      h('h4', {}, t('context-extension.rule.title')),
      h('p', {}, R(t('context-extension.rule.text'), { L0: n(r.trainLength), L: n(r.L) })),
      h('p', {}, rich(t('context-extension.rule.pi'))));
    const al = (tr) => [tr('context-extension.series.trained', { L0: r.trainLength }), ...r.methods.map((m) => tr('context-extension.series.atL', { method: name(m.type, tr), L: r.L }))];
    const aMarkers = (tr) => [{ axis: 'y', value: 2 * Math.PI, label: tr('context-extension.marker.turn'), align: 'right' }];
    anglePlot.fig.setText({ title: t('context-extension.fig.angles.title'), description: t('context-extension.fig.angles.desc', { L: r.L, L0: r.trainLength }) });
    anglePlot.chart.update({
      series: [
        { label: al(t)[0], x: pairs, y: r.trainedMaxAngle, colour: '#1b1f24', dash: true, borderWidth: 2.5, pointRadius: 0 },
        ...r.methods.map((m, i) => ({ label: al(t)[i + 1], x: pairs, y: m.maxAngle, colour: colourOf(m.type),
          pointRadius: m.leavesTrainedRange.map((x) => (x ? 6 : 1.5)), pointStyle: m.leavesTrainedRange.map((x) => (x ? 'crossRot' : 'circle')) })),
      ],
      markers: aMarkers(t), xMin: 0, xMax: Math.max(1, r.P - 1),
    });
    anglePlot.fig.setTable(() => ({
      head: ['k', al(t)[0], ...r.methods.map((m) => name(m.type))],
      rows: pairs.map((k) => [k, r.trainedMaxAngle[k], ...r.methods.map((m) => `${fmt(m.maxAngle[k])}${m.leavesTrainedRange[k] ? ' ✗' : ''}`)]),
    }));
    anglePlot.fig.setExports(['context_extension_angles.png', 'context_extension_angles.csv']);

    const table = h('table', { class: 'data-table', dataset: { testid: 'pairs-outside' } },
      h('caption', {}, R(t('context-extension.outside.caption'), { P: n(r.P) })),
      h('thead', {}, h('tr', {}, [t('context-extension.col.method'), t('context-extension.col.outside'), t('context-extension.col.which')].map((c, i) => h('th', { scope: 'col', style: i === 2 ? { textAlign: 'left' } : null }, c)))),
      h('tbody', {}, r.methods.map((m) => {
        const which = m.leavesTrainedRange.map((x, k) => (x ? k : -1)).filter((k) => k >= 0);
        return h('tr', { dataset: { method: m.type } },
          h('th', { scope: 'row', style: { whiteSpace: 'normal', minWidth: '7rem' } }, name(m.type)),
          h('td', { class: m.pairsOutside ? 'bad' : 'ok' }, n(m.pairsOutside, `pairs-outside-${m.type}`), ` / ${fmt(r.P)}`),
          h('td', { style: { textAlign: 'left', whiteSpace: 'normal' } }, which.length ? which.join(', ') : '—'));
      })));
    replaceChildren(outsideHost, h('div', { class: 'table-scroll' }, table));
  }

  // ---- attention at L ---------------------------------------------------------------------------------
  function renderAttention(out) {
    const r = out.result;
    const { head, causal, nHeads } = out.params;
    replaceChildren(attnIntro, R(t('context-extension.attn.intro'), {
      L: n(r.L), L0: n(r.trainLength), H: n(nHeads), dModel: n(nHeads * r.dHead), head: n(head), base: n(r.baselineNormalizedEntropy),
      mask: t(causal ? 'context-extension.attn.causal' : 'context-extension.attn.bidirectional'),
    }));
    heatmaps.forEach((x) => x.destroy());
    heatmaps = [];
    for (const m of r.methods) {
      // Pooling a 4096² map takes ~100 ms: 2^20 cells per task, then the figure in a task of its own.
      const pooled = poolMaxSteps(m.attention, MAX_SIDE);
      for (const step of pooled.steps) stager.run(r.L * r.L, step);
      stager.run(r.L * r.L, () => drawAttention(out, m, pooled.done()));
    }
    const file = 'context_extension_attention.png';
    replaceChildren(attnExport, h('button', { type: 'button', class: 'btn btn-small', dataset: { export: file }, title: file,
      'aria-label': t('export.download', { file }), onclick: () => ctx.download(file) }, t('context-extension.attn.allPng')));
  }

  /** One method's attention map (pooled: { matrix, block }) in a figure of its own. */
  function drawAttention(out, m, { matrix, block }) {
    const r = out.result;
    const { head, causal } = out.params;
    // One colour scale for every method (the runner's: 0 … the median of the rows' largest weights).
    const cap = r.attentionScaleMax;
    const fig = createFigure(ctx, attnGrid, { className: 'fig-small' });
    fig.element.dataset.method = m.type;
    const title = t('context-extension.fig.attn.title', { method: name(m.type), head, L: r.L });
    const desc = t(block > 1 ? 'context-extension.fig.attn.descPooled' : 'context-extension.fig.attn.desc', {
      e: fmt(m.normalizedEntropy), b: fmt(r.baselineNormalizedEntropy), L0: r.trainLength, block, cap: fmt(cap) });
    fig.setText({ title, description: desc });
    const entropyLine = h('p', { class: 'fig-note' }, R(t('context-extension.fig.attn.entropy'), {
      e: n(m.normalizedEntropy, `entropy-${m.type}`), b: n(r.baselineNormalizedEntropy) }));
    const chart = createHeatmapChart(fig.body, { colormap: 'viridis', format: fmt, rowName: t('context-extension.axis.query'), colName: t('context-extension.axis.key'),
      xLabel: t('context-extension.axis.keys'), yLabel: t('context-extension.axis.queries'), ariaLabel: `${title}. ${desc}`, size: 'small' });
    chart.update({ rows: matrix.shape[0], cols: matrix.shape[1], data: matrix.data, min: 0, max: cap, mask: causal ? CAUSAL_MASK : undefined,
      rowLabels: blockLabels(matrix.shape[0], block), colLabels: blockLabels(matrix.shape[1], block) });
    fig.body.append(entropyLine);
    fig.setTable(() => matrixTable(m.attention, { corner: 'i \\ j', maxRows: 48, maxCols: 24 }));
    fig.setExports([`context_extension_attention_${m.type.replace(/-/g, '_')}.png`]);
    heatmaps.push({ destroy: () => { chart.destroy(); fig.destroy(); } });
  }

  // ---- what each method does --------------------------------------------------------------------------
  function renderMethods(out) {
    const r = out.result;
    const cols = ['method', 'what', 'scale', 'outside', 'factor', 'entropy'];
    const table = h('table', { class: 'data-table', dataset: { testid: 'methods-table' } },
      h('caption', {}, R(t('context-extension.methods.caption'), { L: n(r.L), L0: n(r.trainLength), b: n(r.baselineNormalizedEntropy) })),
      h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', style: c === 'what' ? { textAlign: 'left' } : null }, t(`context-extension.methods.col.${c}`))))),
      h('tbody', {}, r.methods.map((m) => h('tr', { dataset: { method: m.type } },
        h('th', { scope: 'row', style: { whiteSpace: 'normal', minWidth: '7rem' } }, name(m.type)),
        h('td', { style: { textAlign: 'left', whiteSpace: 'normal', minWidth: '12rem' } }, t(`context-extension.method.${m.type}.what`)),
        h('td', {}, n(m.scale[0]), ' → ', n(m.scale[r.P - 1])),
        h('td', {}, n(m.pairsOutside), ` / ${fmt(r.P)}`),
        h('td', {}, n(m.attentionFactor, `attention-factor-${m.type}`)),
        h('td', {}, n(m.normalizedEntropy))))));
    const items = r.methods.map((m) => {
      const d = describeMethod(m, r);
      const vars = {
        s: n(r.factor), P: n(r.P), L: n(r.L), L0: n(r.trainLength), kept: n(d.kept), full: n(d.full), between: n(d.between), above: n(d.above),
        outside: n(d.outside.length), first: n(d.first), last: n(d.last), min: n(d.minScale), max: n(d.maxScale),
        base: n(r.base), effBase: n(m.effectiveBase), factor: n(m.attentionFactor), e: n(m.normalizedEntropy), b: n(r.baselineNormalizedEntropy),
        w0: n(r.wavelength[0]), w0s: n(r.wavelength[0] * m.scale[0]), fast: n(r.trainLength / 32), high: n(r.trainLength / 4),
        which: d.outside.length ? d.outside.join(', ') : '—',
      };
      return h('li', { dataset: { method: m.type } },
        h('strong', {}, name(m.type)), ' — ', h('cite', {}, t(`context-extension.method.${m.type}.cite`)),
        h('p', {}, R(t(`context-extension.method.${m.type}.explain`), vars)),
        h('p', { class: 'fig-note' }, R(t('context-extension.methods.measured'), vars)));
    });
    const exportsRow = h('div', { class: 'fig-actions' }, exportButtons(ctx, ['context_extension_methods.csv', 'context_extension_methods.json']));
    replaceChildren(methodsHost,
      h('p', { class: 'fig-intro' }, rich(t('context-extension.methods.intro'))),
      h('div', { class: 'table-scroll' }, table), exportsRow,
      h('ul', { class: 'method-notes' }, items),
      h('p', { class: 'fig-intro' }, rich(t('context-extension.methods.untrained'))));
  }

  const stager = createStager();   // large maps one per task (web/ui/stage.js)

  return {
    update(out) {
      const r = out.result;
      renderTakeaway(r);
      renderMetrics(r);
      renderFrequencies(r);
      renderAngles(r);
      stager.clear();   // what an earlier update still had to draw
      renderAttention(out);
      // Each method's difference map in a task of its own when large, then the figures.
      const differences = differenceSteps(r, MAX_SIDE);
      for (const step of differences.steps) stager.run(r.L * r.L, step);
      stager.run(r.L * r.L, () => renderDifferences(out, differences.done()));
      renderMethods(out);
    },
    destroy() { stager.clear(); disposers.forEach((d) => d()); },
  };
}
