// web/labs/permutation.js — Lab 00 view: one attention layer without positions is permutation-equivariant.
// Shows the headline error max|P·Attn(X) − Attn(P·X)| (no PE), the multiset check, the same number per PE
// scheme, the ALiBi-under-reversal exception, and per head the attention maps and output vectors.
// Input: runLab('permutation') → result { words, reordered, perm, sameSequence, tolerance, schemes[] }.
// Opens with the takeaway (which schemes change the outputs); the Spanish page starts from a Spanish example.
// Word helpers (chips to swap, shuffle, reverse) edit the `reordered` parameter like typing would. Export
// buttons download runLab's files (wasm/labs/permutation.js names them; every scheme's are in the zip).
import { h, num, rich, replaceChildren } from '../ui/dom.js';
import { createFigure, matrixTable, exportButtons } from '../ui/figure.js';
import { createHeatmapChart } from '../charts/heatmap.js';
import { createTakeaway, listOf } from './takeaway.js';
import { CATALOGUES } from '../i18n/index.js';

export const runner = 'main';

export const splitWords = (s) => String(s ?? '').trim().split(/\s+/).filter((w) => w !== '');

/** True when b uses exactly the words of a (same multiset). */
export function isReorderingOf(a, b) {
  if (a.length !== b.length) return false;
  const x = [...a].sort(), y = [...b].sort();
  return x.every((w, i) => w === y[i]);
}

/** Editing the sentence keeps the reordering valid: if it no longer uses the same words, reverse the sentence. */
export function adjustValues(values, changed) {
  if (changed !== 'sentence') return null;
  const words = splitWords(values.sentence);
  if (words.length === 0 || isReorderingOf(words, splitWords(values.reordered))) return null;
  return { reordered: [...words].reverse().join(' ') };
}

/** A random reordering (Fisher–Yates), different from `avoid` when the words allow it. */
export function shuffleWords(words, avoid = [], random = Math.random) {
  let out = [...words];
  for (let attempt = 0; attempt < 12; attempt++) {
    out = [...words];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    if (out.join(' ') !== avoid.join(' ')) break;
  }
  return out;
}

/**
 * The example sentence in the page's language: when the two sentences are another language's example (the
 * schema's defaults are the English one), the words become this language's example (null: keep them).
 */
export function exampleFor(lang, sentence, reordered) {
  const example = (l) => [CATALOGUES[l]['permutation.example.sentence'], CATALOGUES[l]['permutation.example.reordered']];
  const mine = example(lang);
  const isOther = Object.keys(CATALOGUES).some((l) => l !== lang && example(l)[0] === sentence && example(l)[1] === reordered);
  return isOther && (mine[0] !== sentence || mine[1] !== reordered) ? { sentence: mine[0], reordered: mine[1] } : null;
}

const isReversal = (perm) => perm.length > 1 && perm.every((p, i) => p === perm.length - 1 - i);

export function mount(ctx) {
  const { t } = ctx.i18n;
  const view = ctx.state;
  view.scheme ??= 'none';
  const takeaway = createTakeaway(ctx);
  // On the first mount only (the shell's first run follows it): a language switch later keeps the learner's
  // experiment as it is.
  if (!view.exampleChecked) {
    view.exampleChecked = true;
    const example = exampleFor(ctx.i18n.lang, ctx.getValue('sentence'), ctx.getValue('reordered'));
    if (example) {
      ctx.setValue('sentence', example.sentence, { run: false });
      ctx.setValue('reordered', example.reordered, { run: false });
    }
  }

  // ---- word chips under the `reordered` control -------------------------------------------------------
  const chipList = h('ul', { class: 'chip-list', role: 'list' });
  const chips = h('div', { class: 'chips', role: 'group', 'aria-label': t('permutation.chips.label') },
    h('p', { class: 'field-hint' }, t('permutation.chips.help')),
    chipList,
    h('div', { class: 'btn-row' },
      h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'shuffle' }, onclick: shuffle }, t('permutation.shuffle')),
      h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'reverse' }, onclick: reverse }, t('permutation.reverse'))));
  ctx.controlSlot('reordered')?.append(chips);
  let selected = null;

  let chipsKey = null;
  function renderChips(focusIndex) {
    const words = splitWords(ctx.getValue('reordered'));
    if (selected !== null && selected >= words.length) selected = null;
    const key = `${words.join('\u0000')}|${selected}`;
    const active = chipList.getRootNode().activeElement;
    if (focusIndex === undefined && active && chipList.contains(active)) focusIndex = Number(active.dataset.index);
    if (key === chipsKey && focusIndex === undefined) return;
    chipsKey = key;
    chipList.replaceChildren(...words.map((w, i) => h('li', {},
      h('button', {
        type: 'button', class: 'chip', draggable: 'true', 'aria-pressed': String(selected === i),
        'aria-label': t('permutation.chips.word', { word: w, position: i + 1, count: words.length }),
        dataset: { index: String(i) },
        onclick: () => pick(i),
        ondragstart: (e) => { e.dataTransfer.setData('text/plain', String(i)); e.dataTransfer.effectAllowed = 'move'; },
        ondragover: (e) => { e.preventDefault(); e.currentTarget.classList.add('drop-target'); },
        ondragleave: (e) => e.currentTarget.classList.remove('drop-target'),
        ondrop: (e) => { e.preventDefault(); const from = Number(e.dataTransfer.getData('text/plain')); if (Number.isInteger(from)) swap(from, i); },
      }, w))));
    if (focusIndex !== undefined) chipList.querySelectorAll('button')[focusIndex]?.focus();
  }

  function pick(i) {
    if (selected === null) { selected = i; renderChips(i); return; }
    if (selected === i) { selected = null; renderChips(i); return; }
    swap(selected, i);
  }

  function swap(a, b) {
    const words = splitWords(ctx.getValue('reordered'));
    if (a === b || !words[a] || !words[b]) return;
    ctx.announce(t('permutation.chips.swapped', { a: words[a], b: words[b] }));
    [words[a], words[b]] = [words[b], words[a]];
    selected = null;
    ctx.setValue('reordered', words.join(' '));
    renderChips(b);
  }

  function shuffle() {
    const words = splitWords(ctx.getValue('sentence'));
    const next = shuffleWords(words, splitWords(ctx.getValue('reordered')));
    selected = null;
    ctx.setValue('reordered', next.join(' '));
    ctx.announce(t('permutation.shuffled', { words: next.join(' ') }));
  }

  function reverse() {
    const words = splitWords(ctx.getValue('sentence')).reverse();
    selected = null;
    ctx.setValue('reordered', words.join(' '));
    ctx.announce(t('permutation.shuffled', { words: words.join(' ') }));
  }

  const offValues = ctx.onValuesChange(() => renderChips());
  renderChips();

  // ---- results skeleton -------------------------------------------------------------------------------
  const metrics = h('div', { class: 'metrics' });
  const orderLine = h('p', { class: 'order-line' });
  const tableHost = h('div', { class: 'table-block' });
  const alibi = h('div', { class: 'callout' });
  const schemeSelect = h('select', { id: `${ctx.lab}-scheme-pick`, onchange: () => { view.scheme = schemeSelect.value; drawFigures(); } });
  const attnGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  const outGrid = h('div', { class: 'fig-grid fig-grid-pairs' });
  // The main figure (ctx.lead: before the parameters on a phone): the same test with every encoding.
  ctx.lead.append(orderLine, h('h3', {}, t('permutation.table.title')), tableHost);
  ctx.root.append(
    metrics,
    alibi,
    h('h3', {}, t('permutation.figs.title')),
    h('div', { class: 'picker' }, h('label', { for: schemeSelect.id }, t('permutation.figs.scheme')), ' ', schemeSelect),
    h('h4', {}, t('permutation.figs.attention')),
    h('p', { class: 'fig-intro' }, t('permutation.figs.attentionIntro')),
    attnGrid,
    h('h4', {}, t('permutation.figs.outputs')),
    h('p', { class: 'fig-intro' }, t('permutation.figs.outputsIntro')),
    outGrid);

  let last = null;
  let figures = [];
  const schemeName = (pe) => t(`scheme.${pe}`);

  function metric(label, value, testid, note) {
    return h('div', { class: 'metric' },
      h('div', { class: 'metric-label' }, label),
      h('div', { class: 'metric-value' }, num(ctx.i18n, value, { dataset: { testid } })),
      note ? h('div', { class: 'metric-note' }, note) : null);
  }

  /** "Without a PE … only reorders (e); with A, B and C it changes them (…)", from the run's errors. */
  function renderTakeaway(r) {
    const none = r.schemes.find((s) => s.pe === 'none');
    const others = r.schemes.filter((s) => s.pe !== 'none');
    const named = (list) => listOf(ctx.i18n, list.map((s) => [schemeName(s.pe), ' (', num(ctx.i18n, s.equivarianceError, { dataset: { scheme: s.pe } }), ')']));
    const changed = others.filter((s) => !s.equivariant), same = others.filter((s) => s.equivariant);
    const first = num(ctx.i18n, none.equivarianceError, { dataset: { scheme: 'none' } });
    takeaway.set(
      rich(t(none.equivariant ? 'permutation.takeaway.none' : 'permutation.takeaway.noneFails'), { error: first }),
      ' ',
      changed.length ? rich(t('permutation.takeaway.changed'), { list: named(changed) }) : t('permutation.takeaway.nothingChanged'),
      same.length ? [' ', rich(t('permutation.takeaway.same'), { list: named(same) })] : null);
  }

  function renderNumbers(r) {
    renderTakeaway(r);
    const none = r.schemes.find((s) => s.pe === 'none');
    const ok = none.equivarianceError <= r.tolerance;
    const tol = num(ctx.i18n, r.tolerance);
    replaceChildren(metrics,
      metric(t('permutation.metric.equivariance'), none.equivarianceError, 'equivariance-none',
        h('span', { class: ok ? 'ok' : 'bad' }, rich(t(ok ? 'permutation.metric.equivariantYes' : 'permutation.metric.equivariantNo'), { tol }))),
      metric(t('permutation.metric.multiset'), none.multisetError, 'multiset-none',
        h('span', { class: none.multisetError <= r.tolerance ? 'ok' : 'bad' },
          t(none.multisetError <= r.tolerance ? 'permutation.metric.multisetYes' : 'permutation.metric.multisetNo'))));
    replaceChildren(orderLine, rich(t('permutation.order'), {
      sentence: h('q', {}, r.words.join(' ')),
      reordered: h('q', {}, r.reordered.join(' ')),
      perm: h('code', { dataset: { testid: 'perm' } }, `[${r.perm.join(', ')}]`),
    }), r.sameSequence ? [' ', h('strong', {}, t('permutation.sameSequence'))] : null);

    const head = [t('permutation.table.scheme'), t('permutation.table.error'), t('permutation.table.multiset'), t('permutation.table.equivariant')];
    const table = h('table', { class: 'data-table scheme-table' },
      h('caption', {}, rich(t('permutation.table.caption'), { tol: num(ctx.i18n, r.tolerance) })),
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.schemes.map((s) => h('tr', { dataset: { scheme: s.pe } },
        h('th', { scope: 'row' }, schemeName(s.pe)),
        // The headline carries data-testid="equivariance-none"; the table's own cell for 'none' is equivariance-table-none.
        h('td', {}, num(ctx.i18n, s.equivarianceError, { dataset: { testid: s.pe === 'none' ? 'equivariance-table-none' : `equivariance-${s.pe}` } })),
        h('td', {}, num(ctx.i18n, s.multisetError, { dataset: { testid: s.pe === 'none' ? 'multiset-table-none' : `multiset-${s.pe}` } })),
        h('td', { class: s.equivariant ? 'ok' : 'bad', dataset: { equivariant: String(s.equivariant) } },
          s.equivariant ? `✓ ${t('common.yes')}` : `✗ ${t('common.no')}`)))));
    replaceChildren(tableHost, h('div', { class: 'table-scroll' }, table),
      h('div', { class: 'fig-actions' }, exportButtons(ctx, ['permutation_equivariance.csv', 'permutation_equivariance.json'])));

    const alibiErr = r.schemes.find((s) => s.pe === 'alibi')?.equivarianceError;
    const reversal = isReversal(r.perm);
    const reversedWords = r.words.length > 1 && r.reordered.join(' ') === [...r.words].reverse().join(' ');
    const note = reversal ? 'permutation.alibi.isReversal' : r.sameSequence ? 'permutation.alibi.same'
      : reversedWords ? 'permutation.alibi.repeated' : 'permutation.alibi.notReversal';
    replaceChildren(alibi,
      h('h4', {}, t('permutation.alibi.title')),
      h('p', {}, rich(t('permutation.alibi.text'))),
      alibiErr === undefined ? null : h('p', { dataset: { testid: 'alibi-note' } },
        rich(t(note), { error: num(ctx.i18n, alibiErr), perm: h('code', {}, `[${r.perm.join(', ')}]`) })));
  }

  function heatFigure(parent, { file, title, description, matrix, rowLabels, colLabels, colormap, rowName, colName, xLabel, yLabel, min, max, size = 'small' }) {
    const fig = createFigure(ctx, parent, { className: `fig-${size}` });
    fig.setText({ title, description });
    const chart = createHeatmapChart(fig.body, { colormap, format: (v) => ctx.i18n.num(v), rowName, colName, xLabel, yLabel, ariaLabel: `${title}. ${description}`, size });
    chart.update({ rows: matrix.shape[0], cols: matrix.shape[1], data: matrix.data, rowLabels, colLabels, min, max });
    fig.setTable(() => matrixTable(matrix, { corner: `${rowName} \\ ${colName}`, rowLabel: (i) => rowLabels?.[i] ?? String(i), colLabel: (j) => colLabels?.[j] ?? String(j) }));
    fig.setExports([`${file}.png`, `${file}.csv`]);
    figures.push({ destroy: () => { chart.destroy(); fig.destroy(); } });
  }

  function drawFigures() {
    figures.forEach((f) => f.destroy());
    figures = [];
    if (!last) return;
    const r = last.result;
    const s = r.schemes.find((x) => x.pe === view.scheme) ?? r.schemes[0];
    const T = r.words.length;
    const NH = s.original.weights.shape[0] / T;
    const C = s.original.output.shape[1];
    const scheme = schemeName(s.pe);
    const slice = (m, hd) => ({ shape: [T, T], data: m.data.slice(hd * T * T, (hd + 1) * T * T) });
    const axes = { rowName: t('permutation.axis.query'), colName: t('permutation.axis.key'), xLabel: t('permutation.axis.keys'), yLabel: t('permutation.axis.queries') };
    for (let hd = 0; hd < NH; hd++) {
      const vars = { head: hd + 1, scheme };
      heatFigure(attnGrid, { file: `permutation_attention_${s.pe}_head${hd + 1}_original`, ...axes,
        title: t('permutation.fig.attnOriginal', vars), description: t('permutation.fig.attnDesc'),
        matrix: slice(s.original.weights, hd), rowLabels: r.words, colLabels: r.words, colormap: 'viridis', min: 0, max: 1 });
      heatFigure(attnGrid, { file: `permutation_attention_${s.pe}_head${hd + 1}_reordered`, ...axes,
        title: t('permutation.fig.attnReordered', vars), description: t('permutation.fig.attnDesc'),
        matrix: slice(s.reordered.weights, hd), rowLabels: r.reordered, colLabels: r.reordered, colormap: 'viridis', min: 0, max: 1 });
    }
    const outAxes = { rowName: t('permutation.axis.word'), colName: t('permutation.axis.channel'), xLabel: t('permutation.axis.channels'), yLabel: t('permutation.axis.words') };
    let m = 0;
    for (const o of [s.original.output, s.reordered.output]) for (const v of o.data) m = Math.max(m, Math.abs(v));
    const vars = { scheme, C };
    heatFigure(outGrid, { file: `permutation_output_${s.pe}_original`, ...outAxes, size: 'medium',
      title: t('permutation.fig.outOriginal', vars), description: t('permutation.fig.outDesc', vars),
      matrix: s.original.output, rowLabels: r.words, colormap: 'diverging', min: -m, max: m });
    heatFigure(outGrid, { file: `permutation_output_${s.pe}_reordered`, ...outAxes, size: 'medium',
      title: t('permutation.fig.outReordered', vars), description: t('permutation.fig.outDesc', vars),
      matrix: s.reordered.output, rowLabels: r.reordered, colormap: 'diverging', min: -m, max: m });
  }

  return {
    update(out) {
      last = out;
      const schemes = out.result.schemes.map((s) => s.pe);
      if (!schemes.includes(view.scheme)) view.scheme = schemes[0];
      schemeSelect.replaceChildren(...schemes.map((pe) => h('option', { value: pe }, schemeName(pe))));
      schemeSelect.value = view.scheme;
      renderNumbers(out.result);
      drawFigures();
      renderChips();
    },
    destroy() {
      offValues();
      figures.forEach((f) => f.destroy());
      chips.remove();
      takeaway.destroy();
    },
  };
}
