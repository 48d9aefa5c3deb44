// wasm/labs/head-to-head-inference.js — the head-to-head's RoPE extended at inference (issue 16 §2), the JS
// side of core/labs/h2h_inference: each trained RoPE run already carries its rows (every scaling × val and OOD
// split, computed in its job, so the worker path and the single call agree); this module gathers them over
// seeds, asks the core for the changed pairs, coincidences and the course-claim verdict, and writes the files
// inference.csv, inference.md and the manifest's `inference` section. Leaves out: the page (web/labs/
// h2h-inference.js), the numbers themselves (the core).
import { csv } from '../artifacts.js';
import { call } from '../validate.js';
import { METHOD_INFO } from './context-extension.js';

const range = (values) => ({ mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) });

/** The claim's words, for files (the page words it in its language from the same identifiers). */
export const CLAIM = {
  course: '“A task with sequences ≥ 4× train length — neither PE will save you, you need ALiBi or YaRN” (experiment 04)',
  criterion: 'on the longest split with T ≥ 4·L₀: holds when a remedy (RoPE + YaRN at inference, or a trained ALiBi) has its lowest seed '
    + 'above the highest seed of every plain PE (RoPE, sinusoidal); contradicted when a plain PE has its lowest seed above every remedy\'s '
    + 'highest; inconclusive otherwise',
  conditions: 'inference-only scaling (no fine-tuning), this corpus and training budget, converged variants only, conjugation accuracy',
};

/**
 * result.inference (null without a rope variant): runs are the raw runs in canonical order, each rope run with its
 * `inference` rows. Shape: /work/notes/contracts.md and README "RoPE extended at inference".
 */
export function inferenceOf(wasm, params, runs) {
  const ropeRuns = runs.filter((r) => r.variant === 'rope');
  if (!ropeRuns.length) return null;
  const rows = ropeRuns.flatMap((r) => r.inference.map((x) => ({ method: x.method, seed: r.seed, split: x.split, factor: x.factor,
    conjAcc: x.conjAcc, conjLoss: x.conjLoss, loss: x.loss })));
  // The claim's table: every trained variant's seeds, and RoPE with each scaling (RoPE's convergence flag).
  const claimRows = [
    ...runs.flatMap((r) => r.metrics.map((m) => ({ name: r.variant, split: m.split, conjAcc: m.conjAcc, converged: r.converged }))),
    ...ropeRuns.flatMap((r) => r.inference.map((x) => ({ name: `rope+${x.method}`, split: x.split, conjAcc: x.conjAcc, converged: r.converged }))),
  ];
  const trainLength = ropeRuns[0].untouched.trainLength;
  const study = call('head-to-head', () => wasm.headToHeadInference({ config: ropeRuns[0].config, trainLength,
    inferenceFactor: params.inferenceFactor, corpusSeed: params.corpusSeed, rows: claimRows }));
  const methods = [...new Set(rows.map((x) => x.method))];
  const summary = Object.fromEntries(methods.map((method) => [method, Object.fromEntries(study.splits.map(({ split, factor }) => {
    const mine = rows.filter((x) => x.method === method && x.split === split);
    return [split, { factor, loss: range(mine.map((x) => x.loss)), conjLoss: range(mine.map((x) => x.conjLoss)), conjAcc: range(mine.map((x) => x.conjAcc)) }];
  }))]));
  return { trainLength, inferenceFactor: params.inferenceFactor, methods, splits: study.splits, summary, rows,
    pairs: study.pairs.map((p) => ({ ...p, relChange: Array.from(p.relChange), ramp: p.ramp && Array.from(p.ramp) })), coincide: study.coincide, tolerance: study.tolerance, verdict: study.verdict };
}

const methodName = (m) => METHOD_INFO[m]?.name ?? m;
const entryName = (name) => (name.startsWith('rope+') ? `RoPE + ${methodName(name.slice(5))}` : ({ rope: 'RoPE', sinusoidal: 'sinusoidal', alibi: 'ALiBi' }[name] ?? name));
const f3 = (x) => x.toFixed(3);

/** The manifest's `inference` section: the rule, the measured summary, the pairs, the coincidences, the verdict. */
export function inferenceManifest(inf) {
  if (!inf) return null;
  return {
    train_length: inf.trainLength,
    factor_rule: inf.inferenceFactor === 0 ? 'per split: s = max(1, T / L0), T and L0 with BOS' : `fixed: s = ${inf.inferenceFactor}`,
    splits: inf.splits,
    conj_acc: Object.fromEntries(inf.methods.map((m) => [m, Object.fromEntries(inf.splits.map(({ split }) => [split, inf.summary[m][split].conjAcc]))])),
    pairs_changed: inf.pairs.map((p) => ({ method: p.method, split: p.split, factor: p.factor, changed: p.changed, of: p.nPairs, attention_factor: p.attentionFactor })),
    coincide: inf.coincide.filter((c) => c.same).map((c) => ({ split: c.split, a: c.a, b: c.b })),
    tolerance: inf.tolerance,
    course_claim: { claim: CLAIM.course, verdict: inf.verdict.id, decided_by: inf.verdict.decidedBy, split: inf.verdict.split, ratio: inf.verdict.ratio, criterion: CLAIM.criterion,
      conditions: CLAIM.conditions, entries: inf.verdict.entries, excluded: inf.verdict.excluded },
  };
}

/** inference.csv and inference.md (nothing without a rope variant). */
export function inferenceFiles(inf) {
  if (!inf) return {};
  return {
    'inference.csv': () => csv(['method', 'seed', 'split', 'factor', 'conj_acc', 'conj_loss', 'next_loss'],
      inf.rows.map((x) => [x.method, x.seed, x.split, x.factor, x.conjAcc, x.conjLoss, x.loss])),
    'inference.md': () => inferenceMarkdown(inf),
  };
}

function inferenceMarkdown(inf) {
  const splits = inf.splits;
  const v = inf.verdict;
  const lines = [
    '# RoPE extended at inference (no retraining)', '',
    `L₀ = ${inf.trainLength} (the longest training sequence, BOS included). Factor per split: `
      + (inf.inferenceFactor === 0 ? 's = max(1, T / L₀), T = the split\'s longest sequence with BOS.' : `fixed s = ${inf.inferenceFactor}.`), '',
    '## Conjugation accuracy, mean [min–max] over RoPE\'s seeds', '',
    `| method | ${splits.map((s) => `${s.split} (s = ${s.factor.toFixed(2)})`).join(' | ')} |`,
    `|---|${splits.map(() => '---').join('|')}|`,
    ...inf.methods.map((m) => `| ${methodName(m)} | ${splits.map(({ split }) => {
      const a = inf.summary[m][split].conjAcc;
      return `${f3(a.mean)} [${f3(a.min)}–${f3(a.max)}]`;
    }).join(' | ')} |`),
    '', `## Pairs each method changes (relative frequency change > ${inf.tolerance.changed.toExponential()} against plain RoPE)`, '',
    '| split | s | ' + inf.methods.map(methodName).join(' | ') + ' |', `|---|---|${inf.methods.map(() => '---').join('|')}|`,
    ...splits.map(({ split, factor }) => `| ${split} | ${factor.toFixed(2)} | ${inf.methods.map((m) => {
      const p = inf.pairs.find((x) => x.method === m && x.split === split);
      return `${p.changed} of ${p.nPairs}${p.attentionFactor !== 1 ? ` (q, k × ${p.attentionFactor.toFixed(3)})` : ''}`;
    }).join(' | ')} |`),
    '', `## Methods that coincide (every pair within ${inf.tolerance.coincide.toExponential()}, same attention factor)`, '',
    ...splits.map(({ split, factor }) => {
      const pairs = inf.coincide.filter((c) => c.split === split);
      const same = pairs.filter((c) => c.same);
      if (same.length === pairs.length) return `- ${split}: all of them${factor === 1 ? ' (s = 1: plain RoPE)' : ''}`;
      return `- ${split}: ${same.length ? same.map((c) => `${methodName(c.a)} = ${methodName(c.b)}`).join('; ') : 'none'}`;
    }),
    '', '## The course\'s claim', '', CLAIM.course, '',
    `Verdict: **${v.id}**${v.split ? ` at ${v.split} (T / L₀ = ${v.ratio.toFixed(2)})` : ''}${v.decidedBy ? `, decided by ${entryName(v.decidedBy)}` : ''}. Criterion: ${CLAIM.criterion}. Conditions: ${CLAIM.conditions}.`, '',
  ];
  if (v.entries.length) {
    lines.push('| entry | role | seeds | mean | min | max |', '|---|---|---|---|---|---|',
      ...v.entries.map((e) => `| ${entryName(e.name)} | ${e.role} | ${e.seeds} | ${f3(e.mean)} | ${f3(e.min)} | ${f3(e.max)} |`), '');
  }
  if (v.excluded.length) lines.push(`Left out (not converged on every seed): ${v.excluded.join(', ')}.`, '');
  return `${lines.join('\n')}\n`;
}
