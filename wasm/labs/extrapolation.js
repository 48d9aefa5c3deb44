// wasm/labs/extrapolation.js — Lab 03 runner: one untrained multi-head attention layer with each positional
// scheme, swept over T. Per (scheme, T): the selected head's T×T attention, each row's entropy, and the mean
// entropy over heads and rows, raw and normalised by ln T (the maximum for a non-causal row). The
// recommendation is computed by the core from the table (soundness first, then stability), never a pasted
// text. files: the manifest and README, the course's attention_pattern_comparison.png and
// extrapolation_metric.png, and their numbers as CSV.
import { mat, manifest, csv, png, SCHEME_NAMES, REFERENCE_GREY } from '../artifacts.js';
import { argError, call } from '../validate.js';
import { medianRowMax } from '../figures/pool.js';

import { COURSE_SCHEMES } from '../schema.js';

export { COURSE_SCHEMES };

/**
 * Lab 03's recommendation, computed by the core (core/labs/extrapolation.h recommend_extrapolation): a scheme
 * is a candidate only if it tells every swept position apart at every T (`toldApart[s][i] === Ts[i]`); the
 * candidates are ranked by stability (max − min of the normalised mean entropy over the sweep). Returns
 * { stability, candidate, ranking, recommendation: '<best>_with_<second>_fallback' | '<best>_only' | 'none_suitable' }.
 * @param {Record<string, number[]>} normalized scheme -> normalised mean entropy per T
 * @param {Record<string, number[]>} toldApart scheme -> positions told apart per T
 */
export function recommend(wasm, Ts, normalized, toldApart) {
  const schemes = Object.keys(normalized);
  return call('recommend', () => wasm.extrapolationRecommend({
    schemes, Ts, normalized: schemes.flatMap((s) => normalized[s]), toldApart: schemes.flatMap((s) => toldApart[s]),
  }));
}

/** Lets a pending abort or message run between lengths; setImmediate in Node, a MessageChannel elsewhere. */
function yieldToEventLoop() {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(0);
  });
}

// Lengths are cached by everything they depend on, so changing one control re-runs only what changed
// (e.g. adding T = 384 to the sweep computes only that length; switching the head recomputes nothing new).
// The cache is module-wide and bounded in bytes: at most CACHE_BYTES of typed arrays and numbers (a length's
// maps, row entropies and learned PE input), least recently used first out; a length larger than the whole
// limit is returned but not kept.
export const CACHE_BYTES = 64 * 2 ** 20;
const lengthCache = new Map();   // key -> { out, bytes }, in order of last use
let cachedBytes = 0;

const cacheKey = (T, cfg) => JSON.stringify([T, cfg]);
const bytesOf = (out) => out.reduce((s, c) => s + c.attention.byteLength + 8 * c.rowEntropy.length + (c.peInput?.byteLength ?? 0), 0);

/** Test hook: the bytes the cache holds now (never above CACHE_BYTES). */
export const _cacheBytes = () => cachedBytes;

/** The cached cells of one length, marked as just used; undefined if not cached. */
function cacheGet(key) {
  const entry = lengthCache.get(key);
  if (entry) { lengthCache.delete(key); lengthCache.set(key, entry); }
  return entry?.out;
}

function cachePut(key, out) {
  const bytes = bytesOf(out);
  if (bytes > CACHE_BYTES) return;
  for (const [oldKey, old] of lengthCache) {
    if (cachedBytes + bytes <= CACHE_BYTES) break;
    lengthCache.delete(oldKey);
    cachedBytes -= old.bytes;
  }
  lengthCache.set(key, { out, bytes });
  cachedBytes += bytes;
}

/** Computes the uncached lengths of `Ts` in one wasm call (weights and inputs drawn once) and caches them. */
function runLengths(wasm, Ts, cfg) {
  const found = new Map(Ts.map((T) => [T, cacheGet(cacheKey(T, cfg))]));
  const todo = Ts.filter((T) => !found.get(T));
  if (todo.length) {
    const cells = call('extrapolation', () => wasm.extrapolationLab({ ...cfg, Ts: todo }));
    for (const [i, T] of todo.entries()) {
      const out = cells.slice(i * cfg.schemes.length, (i + 1) * cfg.schemes.length).map((c) => ({
        scheme: c.pe, T, attention: c.attention, rowEntropy: Array.from(c.entropy.subarray(cfg.head * T, cfg.head * T + T)),
        meanEntropy: c.meanEntropy, meanEntropyHead: c.meanEntropyHead, maxEntropy: c.maxEntropy,
        normalizedEntropy: c.normalizedEntropy, toldApart: c.toldApart, peInput: c.peInput ?? null,
      }));
      found.set(T, out);
      cachePut(cacheKey(T, cfg), out);
    }
  }
  return Ts.map((T) => found.get(T));
}

/** Among rows t >= tMax of the learned positional input, how many equal row tMax−1 exactly (clamp: all). */
function rowsEqualToLast(peInput, T, d, tMax) {
  let same = 0;
  for (let t = tMax; t < T; t++) {
    let eq = true;
    for (let c = 0; c < d && eq; c++) eq = peInput[t * d + c] === peInput[(tMax - 1) * d + c];
    if (eq) same++;
  }
  return { rows: Math.max(0, T - tMax), identical: same };
}

export async function run(api, wasm, params, { onProgress, signal } = {}) {
  const { TSweep, extraSchemes, learnedTMax, beyond, head, dModel, nHeads, seed, causal } = params;
  if (dModel % nHeads !== 0) throw argError('extrapolation', 'nHeads', `a divisor of dModel = ${dModel}`, nHeads);
  if ((dModel / nHeads) % 2 !== 0) throw argError('extrapolation', 'nHeads', `such that dModel / nHeads is even (RoPE pairs), dModel = ${dModel}`, nHeads);
  if (head >= nHeads) throw argError('extrapolation', 'head', `an integer in [0, nHeads − 1 = ${nHeads - 1}]`, head);
  const Ts = [...new Set(TSweep)].sort((a, b) => a - b);
  if (Ts.reduce((s, T) => s + nHeads * T * T, 0) > (1 << 26)) {
    throw argError('extrapolation', 'TSweep', `lengths with nHeads·ΣT² ≤ 2^26 (memory), nHeads = ${nHeads}`, Ts);
  }
  const schemes = [...COURSE_SCHEMES, ...extraSchemes];
  const cfg = { schemes, dModel, nHeads, head, seed, causal, learnedTMax, beyond };
  // Lengths go to wasm in batches of about BATCH_WORK attention weights (a few ms each): small sweeps
  // take one call, big ones report progress and can be cancelled between batches.
  const BATCH_WORK = 1 << 20;
  const work = Ts.map((T) => schemes.length * nHeads * T * T);
  const totalWork = work.reduce((x, y) => x + y, 0);
  const byLength = [];
  let done = 0;
  for (let i = 0; i < Ts.length;) {
    if (signal?.aborted) throw signal.reason ?? new Error('extrapolation: cancelled');
    const batch = [Ts[i]];
    let w = work[i++];
    while (i < Ts.length && w + work[i] <= BATCH_WORK) { batch.push(Ts[i]); w += work[i++]; }
    byLength.push(...runLengths(wasm, batch, cfg));
    done += w;
    onProgress?.({ fraction: done / totalWork, message: `T=${batch.join(', ')}` });
    if (i < Ts.length) await yieldToEventLoop();
  }
  if (signal?.aborted) throw signal.reason ?? new Error('extrapolation: cancelled');
  // Cells in scheme-major order: a row of the grid per scheme, a column per T.
  const cells = schemes.flatMap((pe, s) => byLength.map((list) => list[s]));
  const entropy = {}, normalized = {}, entropyHead = {}, toldApart = {};
  for (const pe of schemes) {
    const mine = cells.filter((c) => c.scheme === pe);
    entropy[pe] = mine.map((c) => c.meanEntropy);
    entropyHead[pe] = mine.map((c) => c.meanEntropyHead);
    normalized[pe] = mine.map((c) => c.normalizedEntropy);  // core/attention/measures.h
    toldApart[pe] = mine.map((c) => c.toldApart);
  }
  const rec = recommend(wasm, Ts, normalized, toldApart);
  const learnedCells = cells.filter((c) => c.scheme === 'learned');
  const clampProof = learnedCells.filter((c) => c.T > learnedTMax).map((c) => ({ T: c.T, ...rowsEqualToLast(c.peInput, c.T, dModel, learnedTMax) }));
  const inside = Ts.map((T, i) => ({ T, i })).filter((x) => x.T <= learnedTMax).map((x) => normalized.learned[x.i]);
  const outside = Ts.map((T, i) => ({ T, i })).filter((x) => x.T > learnedTMax).map((x) => normalized.learned[x.i]);
  const mean = (a) => (a.length ? a.reduce((s, x) => s + x, 0) / a.length : null);
  const learnedBreak = { tMax: learnedTMax, beyond, normalizedInside: mean(inside), normalizedOutside: mean(outside), clampProof };

  const result = {
    TSweep: Ts, schemes, head, causal,
    // scaleMax: each map's colour cap, the median of its rows' largest weights (a few peaked rows would
    // otherwise leave the rest of the map dark); weights above it take the top colour.
    // Read from the typed array: `mat`'s data is a lazy plain-array copy, made only if a caller reads it.
    cells: cells.map((c) => ({ scheme: c.scheme, T: c.T, attention: mat(c.T, c.T, c.attention), rowEntropy: c.rowEntropy,
      meanEntropy: c.meanEntropy, meanEntropyHead: c.meanEntropyHead, scaleMax: medianRowMax({ shape: [c.T, c.T], data: c.attention }) || 1 })),
    maxEntropy: byLength.map((list) => list[0].maxEntropy), entropy, entropyHead, normalized, toldApart,
    candidate: rec.candidate, stability: rec.stability, ranking: rec.ranking, recommendation: rec.recommendation,
    learnedBreak,
  };
  const man = manifest(api, '16-extrapolation', {
    seed,
    config: { d_model: dModel, n_heads: nHeads, T_sweep: Ts, learned_T_max: learnedTMax, learned_beyond: beyond, trained: false, causal },
    schemes_compared: schemes,
    phase_17_recommendation: rec.recommendation,
  });
  return { result, manifest: man };
}

export function files(result, params, man) {
  const r = result, Ts = r.TSweep;
  const cell = (s, T) => r.cells.find((c) => c.scheme === s && c.T === T);
  const bound = r.maxEntropy;
  const setup = `d_model ${params.dModel}, ${params.nHeads} heads, seed ${params.seed}`;
  const schemeSeries = (table) => r.schemes.map((s) => ({ label: SCHEME_NAMES[s], x: Ts, y: table[s], pointRadius: 3 }));
  return {
    'README.md': () => readme(man.versions, params, r),
    'attention_pattern_comparison.png': () => png('heatmapGridPng', {
      title: `Head ${r.head} attention, untrained layer (${setup}); learned T_max = ${params.learnedTMax} (${params.beyond})`,
      note: 'each map from 0 to the median of its rows\' largest weights (above: top colour); rows = queries, columns = keys; dashed: learned T_max',
      rowLabels: r.schemes.map((s) => SCHEME_NAMES[s]), colLabels: Ts.map((T) => `T = ${T}`), colormap: 'viridis',
      cells: r.schemes.map((s) => Ts.map((T) => ({ rows: T, cols: T, data: cell(s, T).attention.data, min: 0, max: cell(s, T).scaleMax,
        mark: s === 'learned' && T > params.learnedTMax ? params.learnedTMax : undefined }))) }),
    'attention_head_entropy.csv': () => csv(['scheme', 'T', 'head', 'mean_row_entropy_head'],
      r.schemes.flatMap((s) => Ts.map((T) => [s, T, r.head, cell(s, T).meanEntropyHead]))),
    'extrapolation_metric.png': () => png('panelsPng', {
      title: `Attention entropy against T, untrained layer (${setup}; learned T_max = ${params.learnedTMax}, ${params.beyond})`,
      columns: 2,
      panels: [
        { kind: 'chart', spec: { title: 'Mean entropy H̄(T)', xLabel: 'T', yLabel: 'H̄(T) (nats)',
          series: [...schemeSeries(r.entropy), { label: r.causal ? 'mean ln(i+1) (uniform, causal)' : 'ln T (uniform)', x: Ts, y: bound, dash: true, pointRadius: 0, colour: REFERENCE_GREY }] } },
        { kind: 'chart', spec: { title: 'Normalised H̄(T) / ln T', xLabel: 'T', yLabel: r.causal ? 'H̄(T) / mean ln(i+1)' : 'H̄(T) / ln T',
          series: schemeSeries(r.normalized) } },
      ] }),
    'extrapolation_metric.csv': () => csv(['scheme', 'T', 'mean_entropy', 'normalized_mean_entropy', 'max_entropy'],
      r.schemes.flatMap((s) => Ts.map((T, i) => [s, T, r.entropy[s][i], r.normalized[s][i], bound[i]]))),
  };
}

function readme(versions, params, r) {
  const Ts = r.TSweep, schemes = r.schemes;
  const fmt = (x) => (x === null ? '—' : x.toFixed(3));
  const [best] = r.ranking;
  const excluded = schemes.filter((s) => !r.candidate[s]);
  const lb = r.learnedBreak;
  const table = [
    `| scheme | ${Ts.map((T) => `T=${T}`).join(' | ')} | stability (max − min) |`,
    `|---|${Ts.map(() => '---').join('|')}|---|`,
    ...schemes.map((s) => `| ${s} | ${r.normalized[s].map(fmt).join(' | ')} | ${r.stability[s].toFixed(4)} |`),
  ];
  const toldTable = [
    `| scheme | ${Ts.map((T) => `T=${T}`).join(' | ')} | tells every position apart |`,
    `|---|${Ts.map(() => '---').join('|')}|---|`,
    ...schemes.map((s) => `| ${s} | ${r.toldApart[s].join(' | ')} | ${r.candidate[s] ? 'yes' : 'no'} |`),
  ];
  const rawTable = [
    `| scheme | ${Ts.map((T) => `T=${T}`).join(' | ')} |`,
    `|---|${Ts.map(() => '---').join('|')}|`,
    ...schemes.map((s) => `| ${s} | ${r.entropy[s].map(fmt).join(' | ')} |`),
  ];
  const clampLine = lb.clampProof.length
    ? lb.clampProof.map((p) => `T=${p.T}: ${p.identical} of ${p.rows} rows past T_max identical to row ${lb.tMax - 1}`).join('; ')
    : `no T in the sweep exceeds T_max = ${lb.tMax}`;
  return [
    '# 16-extrapolation — sinusoidal vs learned vs RoPE beyond the training length',
    '',
    `Run with PE Lab ${versions.pe_lab} (${versions.runtime}): one untrained multi-head attention layer, d_model ${params.dModel},`,
    `${params.nHeads} heads, seed ${params.seed}, ${params.causal ? 'causal' : 'non-causal'}, inputs X[t] ~ N(0, I); the same weights for every scheme and T.`,
    `Learned PE: T_max = ${lb.tMax}, positions past it use '${lb.beyond}'.`,
    '',
    '## Mean attention entropy (nats, mean over heads and rows)',
    '',
    ...rawTable,
    '',
    'Raw entropy grows with T for every scheme simply because each row has more keys to spread over (its maximum is ln T,',
    'or ln(i+1) for causal row i), so the raw curve alone misleads; the comparison below divides by that maximum.',
    '',
    `## Normalised mean entropy H̄(T) / ${params.causal ? 'mean_i ln(i+1)' : 'ln T'}`,
    '',
    ...table,
    '',
    '## Which scheme is most stable',
    '',
    'First, soundness: an encoding that cannot tell the swept positions apart is not a candidate, however flat its entropy',
    '(a clamped learned table is flat precisely because its late positions are copies). Positions told apart at each T:',
    'absolute encodings count their distinct positional rows; NoPE without a causal mask tells none apart (1); RoPE and ALiBi',
    'give every offset its own angle or bias (T); T5 shares one bucket from its max distance (128) on (min(T, 128)).',
    '',
    ...toldTable,
    '',
    excluded.length ? `Excluded: ${excluded.join(', ')}.` : 'No scheme is excluded.',
    '',
    'Then, stability = max − min over the sweep of the normalised mean entropy; lower is more stable.',
    r.ranking.length
      ? `Ranking of the candidates: ${r.ranking.map((s) => `${s} (${r.stability[s].toFixed(4)})`).join(', ')}.`
      : 'No candidate is left to rank.',
    '',
    '## Where learned PE fails',
    '',
    `Past T_max = ${lb.tMax} the learned table has no rows. With '${lb.beyond}', ${clampLine}.`,
    lb.normalizedOutside === null
      ? 'The sweep has no length beyond T_max, so it cannot show the break.'
      : `Its normalised entropy is ${fmt(lb.normalizedInside)} on average for T ≤ T_max and ${fmt(lb.normalizedOutside)} beyond.`,
    'Neither clamp nor wrap is a fix: clamp gives every late position the same embedding (they become indistinguishable),',
    'wrap reuses early positions (position T_max looks like position 0). Without an explicit policy the lookup would read past the',
    'table — undefined behaviour, which is worse than either.',
    '',
    '## Recommendation for Phase 17',
    '',
    `\`${r.recommendation}\` — computed from the table above by the rule, not written in advance.`,
    r.ranking.length < 2 ? 'Fewer than two schemes passed the soundness check, so there is no fallback to name.' : '',
    best === 'rope' || best === undefined ? '' : `Note: the course expected RoPE to be the most stable; on these measurements it is ${best}.`,
    '',
    '## Honest limits',
    '',
    'This layer is untrained: random weights, random inputs. It compares architectural stability — how each scheme changes the',
    'shape of attention as T grows — not learned performance. Entropy is a shape indicator: high means spread out, low means',
    'peaked, and neither is "good" by itself. Whether a trained model extrapolates is tested by the head-to-head experiment.',
    '',
  ].join('\n');
}
