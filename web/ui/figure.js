// web/ui/figure.js — the frame around every plot: a caption (title + short text description), the chart's
// body, its export buttons (data-export="<file>", downloading runLab's files[file]) and, on demand, the
// underlying numbers as a table in a <details> (built only when opened; large matrices show their top-left
// corner, the CSV has all).
// createFigure(ctx, parent, { className, withTable }) → { element, body, setText, setTable, setExports, destroy };
// exportButtons(ctx, files) → the same buttons for a table or block outside a figure.
import { h, num } from './dom.js';

/** A table spec for a matrix: row/col labels, at most maxRows × maxCols cells shown. */
export function matrixTable(m, { corner = '', rowLabel = (i) => String(i), colLabel = (j) => String(j), maxRows = 64, maxCols = 32 } = {}) {
  const [rows, cols] = m.shape;
  const nr = Math.min(rows, maxRows), nc = Math.min(cols, maxCols);
  const head = [corner, ...Array.from({ length: nc }, (_, j) => colLabel(j))];
  const body = [];
  for (let i = 0; i < nr; i++) {
    const r = [rowLabel(i)];
    for (let j = 0; j < nc; j++) r.push(m.data[i * cols + j]);
    body.push(r);
  }
  return { head, rows: body, shown: [nr, nc], total: [rows, cols] };
}

/** <table>: first column is a row header; numbers become <td data-value>. */
export function renderTable(i18n, spec, { caption } = {}) {
  const table = h('table', { class: 'data-table' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, spec.head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, spec.rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, typeof r[0] === 'number' ? num(i18n, r[0]) : r[0]),
      r.slice(1).map((c) => h('td', {}, typeof c === 'number' ? num(i18n, c) : c))))));
  return table;
}

/** One button per file name of runLab's files (data-export="<file>"), labelled by its extension. */
export function exportButtons(ctx, files) {
  return files.map((file) => h('button', { type: 'button', class: 'btn btn-small', dataset: { export: file },
    'aria-label': ctx.i18n.t('export.download', { file }), title: file, onclick: () => ctx.download(file) },
  file.split('.').pop().toUpperCase()));
}

export function createFigure(ctx, parent, { className = '', withTable = true } = {}) {
  const { t } = ctx.i18n;
  const title = h('strong', { class: 'fig-title' });
  const desc = h('span', { class: 'fig-desc' });
  const caption = h('figcaption', {}, title, ' ', desc);
  const body = h('div', { class: 'fig-body' });
  const actions = h('div', { class: 'fig-actions' });
  const tableHost = h('div', { class: 'table-scroll' });
  const summary = h('summary', {}, t('figure.table.show'));
  const details = h('details', { class: 'fig-data' }, summary, tableHost);
  const element = h('figure', { class: `fig ${className}`.trim() }, caption, body, actions, withTable ? details : null);
  parent.append(element);

  let tableSpec = null, tableDirty = true;

  function renderTableNow() {
    if (!tableSpec) return;
    const spec = typeof tableSpec === 'function' ? tableSpec() : tableSpec;
    const note = spec.total && (spec.shown[0] < spec.total[0] || spec.shown[1] < spec.total[1])
      ? h('p', { class: 'fig-note' }, t('figure.table.truncated', {
        rows: spec.shown[0], cols: spec.shown[1], totalRows: spec.total[0], totalCols: spec.total[1] }))
      : null;
    tableHost.replaceChildren(renderTable(ctx.i18n, spec), ...(note ? [note] : []));
    tableDirty = false;
  }
  details.addEventListener('toggle', () => { if (details.open && tableDirty) renderTableNow(); });

  return {
    element,
    body,
    setText({ title: ti, description }) {
      title.textContent = ti ?? '';
      desc.textContent = description ?? '';
    },
    /** spec or () => spec, spec = { head: [...], rows: [[label, ...cells]], shown?, total? }. */
    setTable(spec) {
      tableSpec = spec;
      tableDirty = true;
      if (details.open) renderTableNow();
    },
    /** Buttons for these names of runLab's files (label: the extension in capitals). */
    setExports(list) {
      actions.replaceChildren(...exportButtons(ctx, list));
    },
    destroy() { element.remove(); },
  };
}
