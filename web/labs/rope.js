// web/labs/rope.js — Lab 02 view: RoPE's relative-position property ⟨R_m q, R_n k⟩ = ⟨q, R_{n−m} k⟩ for the
// course's pairs (table, headline max diff), the takeaway line, q and k on a circle for one pair (rope-circle.js),
// the m-shift demo curve on a fixed y-axis (the course's relative_position_demo.png),
// norm preservation, the two pairing conventions, float32 vs float64 error against position (log-log), and why
// V is not rotated. Every download is one of runLab's `files` (wasm/labs/rope.js): the course's texts in the
// shell's downloads, relative_position_demo.png and the other figures' files on their export buttons.
// Input: runLab('rope') → result { pairs[], maxDiff, maxDiff64, maxDiff32, tolerance, demo, qNorm, norms[],
// normMaxDiff, normTolerance, conventions, precisionSweep, v }.
import { h, num, rich, replaceChildren, uniqueId } from '../ui/dom.js';
import { createFigure, exportButtons } from '../ui/figure.js';
import { createLineChart, SERIES_COLOURS } from '../charts/line.js';
import { createXYChart } from '../charts/xy.js';
import { createTakeaway } from './takeaway.js';
import { createRopeCircle } from './rope-circle.js';

export const runner = 'main';

/** Lowering T below the demo's m moves m to T − 1 (the demo needs m < T). */
export function adjustValues(values, changed) {
  if (changed !== 'T') return null;
  const T = Number(values.T), m = Number(values.demoM);
  if (!Number.isInteger(T) || T < 2 || !Number.isInteger(m) || m < T) return null;
  return { demoM: T - 1 };
}

/** The measured error nearest to position p (log distance). */
function errorNear(sweep, p) {
  let best = 0;
  sweep.positions.forEach((x, i) => { if (Math.abs(Math.log(x / p)) < Math.abs(Math.log(sweep.positions[best] / p))) best = i; });
  return { position: sweep.positions[best], error: sweep.error32[best] };
}

export function mount(ctx) {
  const { t } = ctx.i18n;
  const fmt = (v) => ctx.i18n.num(v);
  const n = (v, testid) => num(ctx.i18n, v, testid ? { dataset: { testid } } : {});
  const passMark = (ok) => (ok ? `✓ ${t('rope.pass')}` : `✗ ${t('rope.fail')}`);
  const takeaway = createTakeaway(ctx);

  const formula = h('p', { class: 'formula' }, rich(t('rope.formula')));
  const metrics = h('div', { class: 'metrics' });
  const pairsHost = h('div', { class: 'table-block' });
  const demoIntro = h('p', { class: 'fig-intro' });
  const demoHost = h('div', {});
  const circleHost = h('div', {});
  const normsHost = h('div', { class: 'table-block' });
  const convHost = h('div', {});
  const precisionIntro = h('p', { class: 'fig-intro' });
  const precisionHost = h('div', {});
  const vHost = h('div', {});
  const deliverables = h('p', { class: 'fig-intro' }, rich(t('rope.deliverables.text')));
  // The main figure (ctx.lead: before the parameters on a phone): q and k on a circle.
  ctx.lead.append(h('h3', {}, t('rope.circle.title')), h('p', { class: 'fig-intro' }, rich(t('rope.circle.intro'))), circleHost);
  ctx.root.append(formula, metrics,
    h('h3', {}, t('rope.pairs.title')), pairsHost,
    h('h3', {}, t('rope.demo.title')), demoIntro, demoHost,
    h('h3', {}, t('rope.norms.title')), normsHost,
    h('h3', {}, t('rope.conv.title')), convHost,
    h('h3', {}, t('rope.precision.title')), precisionIntro, precisionHost,
    h('h3', {}, t('rope.v.title')), vHost,
    h('h3', {}, t('rope.deliverables.title')), deliverables);

  // ---- demo: slider for m + both curves against n − m ---------------------------------------------------
  const demoFig = createFigure(ctx, demoHost, { className: 'fig-wide' });
  const sliderId = `${ctx.lab}-demo-m`;
  const slider = h('input', { id: sliderId, type: 'range', min: '0', max: '31', step: '1', value: String(ctx.getValue('demoM') ?? 0),
    dataset: { testid: 'rope-demo-slider' },
    oninput: () => { mValue.textContent = slider.value; ctx.setValue('demoM', Number(slider.value)); } });
  const mValue = h('output', { for: sliderId, class: 'num' }, slider.value);
  demoFig.body.append(h('div', { class: 'picker slider-row' }, h('label', { for: sliderId }, t('rope.demo.slider')), slider, mValue));
  // Curves with their own x and a fixed y-axis (±‖q‖·‖k‖, the largest score a rotation can give): as m moves,
  // the curve visibly only slides along n − m.
  const demoChart = createXYChart(demoFig.body, { xLabel: t('rope.axis.offset'), yLabel: t('rope.axis.score'), locale: ctx.i18n.locale,
    format: fmt, ariaLabel: t('rope.demo.fig.title') });
  const circle = createRopeCircle(ctx, circleHost);
  const demoCheck = h('p', { class: 'check-line' });
  demoFig.body.append(demoCheck);
  const offValues = ctx.onValuesChange((values, changed) => {
    if (changed === 'demoM' || changed === null) {
      const m = Number(values.demoM);
      if (Number.isInteger(m) && String(m) !== slider.value) { slider.value = String(m); mValue.textContent = slider.value; }
    }
  });

  // ---- precision: float32 error against position, log-log -------------------------------------------------
  const precFig = createFigure(ctx, precisionHost, { className: 'fig-wide' });
  const precChart = createLineChart(precFig.body, { xLabel: t('rope.axis.position'), yLabel: t('rope.axis.error32'), locale: ctx.i18n.locale,
    format: fmt, ariaLabel: t('rope.precision.fig.title'), xScale: 'logarithmic', yScale: 'logarithmic' });

  function metric(label, value, testid, note) {
    return h('div', { class: 'metric' },
      h('div', { class: 'metric-label' }, label),
      h('div', { class: 'metric-value' }, n(value, testid)),
      note ? h('div', { class: 'metric-note' }, note) : null);
  }

  function demoSeries(d, T) {
    return [
      { label: t('rope.series.lhs'), x: d.offset, y: d.lhs, width: 2.25, pointRadius: 0 },
      { label: t('rope.series.rhs'), x: d.offset, y: d.rhs, dash: [6, 4], pointStyle: 'crossRot', pointRadius: T <= 64 ? 4 : 0, colour: SERIES_COLOURS[1] },
    ];
  }

  function update(out) {
    const r = out.result;
    const p = out.params;
    const tol = r.tolerance, normTol = r.normTolerance;
    const other = r.precision === 'float64' ? 'float32' : 'float64';
    const otherMax = other === 'float32' ? r.maxDiff32 : r.maxDiff64;
    const convName = (x) => t(`rope.conv.${x}`);

    takeaway.set(rich(t(r.relativePass ? 'rope.takeaway' : 'rope.takeawayFails'), {
      count: num(ctx.i18n, r.pairs.length, { dataset: { key: 'pairs' } }),
      diff: num(ctx.i18n, r.maxDiff, { dataset: { key: 'maxDiff' } }),
      precision: r.precision }));
    circle.update(out);

    // headline metrics
    replaceChildren(metrics,
      metric(rich(t('rope.metric.maxDiff'), { count: String(r.pairs.length), precision: r.precision }), r.maxDiff, 'rope-max-diff',
        h('span', { class: r.relativePass ? 'ok' : 'bad' }, rich(t(r.relativePass ? 'rope.metric.pass' : 'rope.metric.fail'), { tol: n(tol) }))),
      metric(rich(t('rope.metric.otherPrecision'), { precision: other }), otherMax, 'rope-max-diff-other',
        [t(other === 'float32' ? 'rope.metric.float32Note' : 'rope.metric.float64Note'),
          h('div', { class: otherMax < tol ? 'ok' : 'bad' }, rich(t(otherMax < tol ? 'rope.metric.pass' : 'rope.metric.fail'), { tol: n(tol) }))]),
      metric(t('rope.metric.norm'), r.normMaxDiff, 'rope-norm-max-diff',
        h('span', { class: r.normPass ? 'ok' : 'bad' }, rich(t(r.normPass ? 'rope.metric.pass' : 'rope.metric.fail'), { tol: n(normTol) }))));

    // the pairs
    const pairHead = ['m', 'n', 'n − m', rich(t('rope.col.lhs')), rich(t('rope.col.rhs')), rich(t('rope.col.diff')), rich(t('rope.col.pass'), { tol: n(tol) })];
    // Captions sit under the scrolling box (a <caption> would scroll away on narrow screens).
    const pairsNoteId = uniqueId('rope-pairs-note');
    const pairsNote = h('p', { class: 'table-note', id: pairsNoteId }, rich(t('rope.pairs.caption'), { precision: r.precision, dHead: String(p.dHead), seed: String(p.seed), convention: convName(p.convention) }));
    const pairsTable = h('table', { class: 'data-table rope-table', 'aria-describedby': pairsNoteId },
      h('thead', {}, h('tr', {}, pairHead.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.pairs.map((x) => {
        const id = `rope-pair-${x.m}-${x.n}`;
        return h('tr', { dataset: { testid: id, pass: String(x.pass) } },
          h('th', { scope: 'row' }, n(x.m)),
          h('td', {}, n(x.n)),
          h('td', {}, n(x.n - x.m)),
          h('td', {}, n(x.lhs, `${id}-lhs`)),
          h('td', {}, n(x.rhs, `${id}-rhs`)),
          h('td', {}, n(x.diff, `${id}-diff`)),
          h('td', { class: x.pass ? 'ok' : 'bad', dataset: { testid: `${id}-pass`, pass: String(x.pass) } }, passMark(x.pass)));
      })));
    replaceChildren(pairsHost, h('div', { class: 'table-scroll' }, pairsTable), pairsNote,
      h('p', { class: 'fig-intro' }, rich(t('rope.pairs.explain'))),
      h('div', { class: 'fig-actions' }, exportButtons(ctx, ['rope_pairs.csv', 'rope_pairs.json'])));

    // the demo
    const d = r.demo;
    const T = p.T;
    if (Number(slider.max) !== T - 1) slider.max = String(T - 1);
    slider.value = String(d.m);
    mValue.textContent = String(d.m);
    replaceChildren(demoIntro, rich(t('rope.demo.intro'), { m: n(d.m), from: n(-d.m), to: n(T - 1 - d.m) }));
    demoFig.setText({ title: t('rope.demo.fig.title'), description: t('rope.demo.fig.desc', { m: d.m, T }) });
    const bound = Math.hypot(...r.q) * Math.hypot(...r.k);
    demoChart.update({ xMin: -(T - 1), xMax: T - 1, yMin: -bound, yMax: bound, series: demoSeries(d, T) });
    replaceChildren(demoCheck, rich(t('rope.demo.check'), { diff: n(d.maxDiff, 'rope-demo-max-diff'), tol: n(tol) }),
      ' ', h('span', { class: d.maxDiff < tol ? 'ok' : 'bad', dataset: { testid: 'rope-demo-pass', pass: String(d.maxDiff < tol) } }, passMark(d.maxDiff < tol)));
    demoFig.setTable(() => ({
      head: ['n', 'n − m', t('rope.col.lhs'), t('rope.col.rhs'), t('rope.col.diff')],
      rows: d.n.map((nn, i) => [nn, d.offset[i], d.lhs[i], d.rhs[i], Math.abs(d.lhs[i] - d.rhs[i])]),
    }));
    demoFig.setExports(['relative_position_demo.png', 'relative_position_demo.csv']);

    // norms
    const normsNoteId = uniqueId('rope-norms-note');
    const normsNote = h('p', { class: 'table-note', id: normsNoteId }, rich(t('rope.norms.caption'), { qNorm: n(r.qNorm, 'rope-q-norm'), precision: r.precision }));
    const normTable = h('table', { class: 'data-table rope-table', 'aria-describedby': normsNoteId },
      h('thead', {}, h('tr', {}, ['p', '‖Rₚ q‖', rich(t('rope.col.normDiff')), rich(t('rope.col.pass'), { tol: n(normTol) })].map((c) =>
        h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.norms.map((x) => h('tr', { dataset: { testid: `rope-norm-${x.p}`, pass: String(x.pass) } },
        h('th', { scope: 'row' }, n(x.p)),
        h('td', {}, n(x.norm)),
        h('td', {}, n(x.diff, `rope-norm-${x.p}-diff`)),
        h('td', { class: x.pass ? 'ok' : 'bad', dataset: { pass: String(x.pass) } }, passMark(x.pass))))));
    replaceChildren(normsHost, h('div', { class: 'table-scroll' }, normTable), normsNote, h('p', { class: 'fig-intro' }, t('rope.norms.explain')));

    // conventions
    const c = r.conventions;
    const otherConv = p.convention === 'interleaved' ? 'half-split' : 'interleaved';
    const verdict = (key, ok) => h('span', { class: ok === undefined ? null : ok ? 'ok' : 'bad' }, t(key));
    replaceChildren(convHost,
      h('p', {}, rich(t('rope.conv.current'), { current: h('strong', {}, convName(p.convention)), other: convName(otherConv) })),
      h('div', { class: 'metrics' },
        metric(rich(t('rope.conv.row.other'), { other: convName(otherConv) }), c.otherConventionMaxDiff, 'rope-conv-other',
          verdict(c.otherConventionMaxDiff < tol ? 'rope.conv.read.other' : 'rope.conv.read.otherFail', c.otherConventionMaxDiff < tol)),
        metric(rich(t('rope.conv.row.output'), { T1: String(T - 1) }), c.outputDiff, 'rope-conv-output',
          verdict(c.outputDiff > 0 ? 'rope.conv.read.output' : 'rope.conv.read.outputSame')),
        metric(t('rope.conv.row.permuted'), c.permutedDiff, 'rope-conv-permuted',
          verdict(c.permutedDiff < tol ? 'rope.conv.read.permuted' : 'rope.conv.read.permutedFail', c.permutedDiff < tol))),
      h('p', { class: 'fig-intro' }, t('rope.conv.issues')));

    // precision sweep
    const sweep = r.precisionSweep;
    const worst = Math.max(...sweep.error32);
    const firstOver = sweep.positions.find((x, i) => sweep.error32[i] >= tol);
    const at1e3 = errorNear(sweep, 1e3);
    replaceChildren(precisionIntro, rich(t('rope.precision.intro'), {
      small: n(sweep.error32[0], 'rope-precision-first'),
      p3: n(at1e3.position), e3: n(at1e3.error),
      worst: n(worst, 'rope-precision-max'), last: n(sweep.positions[sweep.positions.length - 1]),
    }), ' ', firstOver === undefined
      ? rich(t('rope.precision.neverOver'), { tol: n(tol) })
      : rich(t('rope.precision.over'), { tol: n(tol), p: n(firstOver, 'rope-precision-over') }),
    ' ', t('rope.precision.warning'));
    precFig.setText({ title: t('rope.precision.fig.title'), description: t('rope.precision.fig.desc', { convention: convName(p.convention) }) });
    precChart.update({ x: sweep.positions, series: [{ label: t('rope.series.error32'), values: sweep.error32, pointRadius: 2.5 }] });
    precFig.setTable(() => ({ head: ['p', t('rope.series.error32')], rows: sweep.positions.map((x, i) => [x, sweep.error32[i]]) }));
    precFig.setExports(['rope_precision.png', 'rope_precision.csv']);

    // V
    replaceChildren(vHost,
      h('p', {}, t('rope.v.why')),
      h('div', { class: 'metrics' },
        metric(t('rope.v.scores'), r.v.scoresDiff, 'rope-v-scores', h('span', { class: r.v.scoresDiff === 0 ? 'ok' : 'bad' }, t(r.v.scoresDiff === 0 ? 'rope.v.scoresSame' : 'rope.v.scoresDiffer'))),
        metric(t('rope.v.output'), r.v.outputDiff, 'rope-v-output', t(r.v.outputDiff > 0 ? 'rope.v.outputDiffers' : 'rope.v.outputSame'))));
  }

  return {
    update,
    destroy() {
      offValues();
      takeaway.destroy();
      circle.destroy();
      demoChart.destroy();
      precChart.destroy();
      demoFig.destroy();
      precFig.destroy();
    },
  };
}
