// web/labs/h2h-inference.js — the head-to-head's panel "RoPE extended at inference" (issue 16 §2): draws
// result.inference (wasm/labs/head-to-head-inference.js, numbers from core/labs/h2h_inference): conjugation
// accuracy per method × split (mean, seed min–max) beside plain RoPE, which rotation pairs each method
// changes and where methods coincide, and the course-claim verdict as a sentence with its criterion and
// its identifier in data-verdict. Mounted by web/labs/head-to-head.js through web/labs/h2h-panels.js:
// mount(ctx, host) → { update(out), destroy() }. Leaves out: the lines in the main figure (the view's).
import { h, rich, replaceChildren } from '../ui/dom.js';

export function mount(ctx, host) {
  const { t } = ctx.i18n;
  const { text: fmt, num: n } = ctx.fmt;
  const method = (m) => t(`context-extension.method.${m}.name`);
  const splitName = (s) => t(`head-to-head.split.${s}`);
  const entryName = (name) => (name.startsWith('rope+') ? `${t('scheme.rope')} + ${method(name.slice(5))}` : t(`scheme.${name}`));
  const list = (items) => items.map((x, k) => [k ? (k === items.length - 1 ? t('head-to-head.inference.and') : ', ') : '', x]);
  host.hidden = true;

  function update(out) {
    const inf = out?.result?.inference;
    host.hidden = !inf;
    if (!inf) { replaceChildren(host); return; }
    const rope = out.result.summary.rope;
    const seeds = new Set(inf.rows.map((x) => x.seed)).size;
    const cell = (stat, id) => [n(stat.mean, id), seeds > 1 ? [' ', h('span', { class: 'muted' }, '(', n(stat.min), '–', n(stat.max), ')')] : null];
    const table = h('table', { class: 'data-table h2h-inference' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('head-to-head.inference.col.method')),
        inf.splits.map((s) => h('th', { scope: 'col' }, splitName(s.split), h('br'),
          h('span', { class: 'muted' }, t('head-to-head.inference.col.factor', { s: fmt(s.factor, { digits: 3 }) })))))),
      h('tbody', {},
        h('tr', { dataset: { method: 'none' } }, h('th', { scope: 'row' }, t('head-to-head.inference.plain')),
          inf.splits.map((s) => h('td', {}, cell(rope[s.split].conjAcc, `h2h-inf-none-${s.split}`)))),
        inf.methods.map((m) => h('tr', { dataset: { method: m } }, h('th', { scope: 'row' }, method(m)),
          inf.splits.map((s) => h('td', {}, cell(inf.summary[m][s.split].conjAcc, `h2h-inf-${m}-${s.split}`)))))));
    replaceChildren(host,
      h('h3', {}, t('head-to-head.inference.title')),
      h('p', { class: 'fig-intro' }, t('head-to-head.inference.intro', { L0: fmt(inf.trainLength),
        rule: inf.inferenceFactor === 0 ? t('head-to-head.inference.rule.ratio') : t('head-to-head.inference.rule.fixed', { s: fmt(inf.inferenceFactor) }) })),
      h('div', { class: 'table-scroll' }, table),
      h('p', { class: 'table-note' }, t('head-to-head.inference.tableNote')),
      h('h4', {}, t('head-to-head.inference.pairs.title')),
      h('p', {}, t('head-to-head.inference.pairs.intro', { tol: fmt(inf.tolerance.changed), P: fmt(inf.pairs[0]?.nPairs ?? 0) })),
      h('ul', { class: 'h2h-inference-pairs' }, pairsLines(inf)),
      claim(out.result, inf));
  }

  /** Splits on which every method changes the same pairs and the same methods coincide share one line. */
  function pairsLines(inf) {
    const groups = [];
    for (const s of inf.splits.filter((x) => x.factor > 1)) {
      const key = JSON.stringify([inf.pairs.filter((p) => p.split === s.split).map((p) => [p.method, p.changed]),
        inf.coincide.filter((c) => c.split === s.split).map((c) => [c.same, c.pairsAgreeing])]);
      const g = groups.find((x) => x.key === key);
      if (g) g.splits.push(s);
      else groups.push({ key, splits: [s] });
    }
    return groups.map((g) => pairsLine(inf, g.splits));
  }

  /** Splits sharing their changed pairs: what each method changes, then which methods coincide (and nearly). */
  function pairsLine(inf, splits) {
    const at = (m) => splits.map((s) => inf.pairs.find((p) => p.split === s.split && p.method === m));
    const mine = inf.methods.map((m) => at(m));
    const changes = mine.map(([p, ...rest]) => [t('head-to-head.inference.pairs.changed', { method: method(p.method), changed: fmt(p.changed), P: fmt(p.nPairs) }),
      p.attentionFactor !== 1 ? t('head-to-head.inference.pairs.attention', { af: [p, ...rest].map((x) => fmt(x.attentionFactor, { digits: 4 })).join(', ') }) : '']);
    const pairs = inf.coincide.filter((c) => c.split === splits[0].split);
    const same = pairs.filter((c) => c.same).map((c) => t('head-to-head.inference.coincide.pair', { a: method(c.a), b: method(c.b) }));
    const P = mine[0][0]?.nPairs ?? 0;
    const near = pairs.filter((c) => !c.same && c.pairsAgreeing >= P - 1 && P > 1)
      .map((c) => t('head-to-head.inference.coincide.near', { a: method(c.a), b: method(c.b), n: fmt(c.pairsAgreeing), P: fmt(P) }));
    const where = splits.map((s) => `${splitName(s.split)} (s = ${fmt(s.factor, { digits: 3 })})`).join('; ');
    return h('li', { dataset: { splits: splits.map((s) => s.split).join(' ') } },
      h('strong', {}, `${where}: `), list(changes), '. ',
      same.length ? t('head-to-head.inference.coincide.same', { list: list(same).flat().join('') }) : t('head-to-head.inference.coincide.none'),
      near.length ? [' ', t('head-to-head.inference.coincide.nearly', { list: list(near).flat().join('') })] : '');
  }

  /** The course's claim beside the measurement: the computed verdict, its numbers, its criterion. */
  function claim(result, inf) {
    const v = inf.verdict;
    const sentence = rich(t(`head-to-head.inference.verdict.${v.id}`), {
      split: v.split ? splitName(v.split) : '', ratio: fmt(v.ratio, { digits: 3 }), who: v.decidedBy ? h('strong', {}, entryName(v.decidedBy)) : '' });
    const entries = v.entries.map((e) => [entryName(e.name), ' ', n(e.mean, `h2h-inf-claim-${e.name}`), ' (', n(e.min), '–', n(e.max), ')']);
    return h('div', { class: 'h2h-inference-claim' },
      h('h4', {}, t('head-to-head.inference.claim.title')),
      h('p', {}, t('head-to-head.inference.claim.course')),
      h('p', { class: 'verdict', dataset: { testid: 'h2h-inf-verdict', verdict: v.id } }, sentence),
      entries.length ? h('p', {}, t('head-to-head.inference.claim.measured'), ' ', list(entries), '.') : null,
      v.excluded.length ? h('p', { class: 'fig-note' }, t('head-to-head.inference.claim.excluded', { list: v.excluded.map((x) => t(`scheme.${x}`)).join(', ') })) : null,
      !result.summary.alibi ? h('p', { class: 'fig-note' }, t('head-to-head.inference.claim.noAlibi')) : null,
      h('p', { class: 'table-note' }, t('head-to-head.inference.claim.criterion')));
  }

  return { update, destroy() { replaceChildren(host); } };
}
