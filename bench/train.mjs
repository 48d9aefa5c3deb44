// bench/train.mjs — training throughput of the head-to-head mini-GPT (core/model, default config: V 58, C 64,
// 2 layers, 4 heads, batch 16 sentences, lr 1e-2), every scheme (or --variants a,b), through the wasm module in
// Node, against the same model, optimizer and batches in PyTorch (bench/train_torch.py) under Debian's
// /usr/bin/python3 (skipped with a message when torch is absent; the BLAS it multiplies through is printed —
// scripts/bench.sh installs OpenBLAS, the strongest CPU BLAS Debian offers), and against the native build of the
// same C++ (build/native/bench_train_native --run; skipped when not built). One thread each; interleaved run by
// run (PyTorch in a child process answering one run per request, native one process per run) so all see the same
// machine load. Both train on the corpus's 240 training sentences
// (wasm packs them into ragged rows, PyTorch pads them to (B, T)); both time the training loop only, every step
// from the first, after an untimed 30-step warm-up run per variant and side. Prints medians of tokens/s (real rows,
// BOS included, as train.cpp counts them), the ratio wasm / PyTorch and the achieved GFLOP/s.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPeLab } from '../wasm/index.js';
import { MODEL_SCHEMES } from '../wasm/schema.js';
import { servePython } from './lib/python-serve.mjs';
import { resolveParams } from '../wasm/params.js';

const lab = await createPeLab();
const steps = 150;  // × 16 sentences = exactly 10 epochs of the 240 training sentences, so both sides see the same lengths
const { values: opts } = parseArgs({ options: { variants: { type: 'string' }, reps: { type: 'string' } } });
const variants = opts.variants ? opts.variants.split(',') : [...MODEL_SCHEMES];
for (const v of variants) if (!MODEL_SCHEMES.includes(v)) throw new Error(`bench/train.mjs: --variants: '${v}' is not one of ${MODEL_SCHEMES.join(', ')}`);
const reps = opts.reps ? Number(opts.reps) : 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

const params = resolveParams('head-to-head', { steps, seeds: 1, variants });
const corpus = lab._wasm.headToHeadCorpus(params.corpusSeed);
const vocab = corpus.vocab;
const sequences = corpus.splits.find((s) => s.name === 'train').texts.map((text) => [0, ...text.split(' ').map((w) => {
  const id = vocab.indexOf(w);
  if (id < 0) throw new Error(`bench/train.mjs: corpus word '${w}' is not in the vocabulary`);
  return id;
})]);  // (240) token ids, BOS = 0 first, as data/corpus.h builds them
const tokensPerEpoch = sequences.reduce((a, s) => a + s.length, 0);

// Forward FLOPs of one sequence of T rows: core/model/gpt.cpp forward_flops, line for line.
function forwardFlops(T, c, variant) {
  const C = c.dModel, V = vocab.length /* vocabSize 0 = the corpus vocabulary */, NH = c.nHeads, L = c.nLayers;
  const additive = variant === 'sinusoidal' || variant === 'learned', scoreBias = variant === 'alibi' || variant === 't5';
  return (additive ? T * C : 0) + (variant === 'rope' ? L * 6 * T * C : 0) + (2 * L + 1) * 7 * T * C + L * (2 * T * C * 3 * C + 3 * T * C) +
    L * (2 * T * T * C + NH * T * T + NH * 4 * T * T + 2 * T * T * C + (scoreBias ? NH * T * (T + 1) / 2 : 0)) + L * (2 * T * C * C + T * C) +
    L * (2 * T * C * 4 * C + 4 * T * C + 9 * 4 * T * C + 2 * T * 4 * C * C + T * C) + L * 2 * T * C + 2 * T * C * V + 4 * T * V;
}
// Training FLOPs per token: 3 × forward (forward + backward ≈ 3× forward), summed over the real sentences of an
// epoch (no padding) — every timed run is whole epochs, so this is exact for both sides.
const trainFlopsPerToken = Object.fromEntries(variants.map((v) =>
  [v, (3 * sequences.reduce((a, s) => a + forwardFlops(s.length, params, v), 0)) / tokensPerEpoch]));

function wasmRun(variant, seed, nSteps = steps) {
  return lab._wasm.headToHeadRun({ ...params, steps: nSteps }, variant, seed, () => true);  // runLab passes a callback too
}

const script = fileURLToPath(new URL('./train_torch.py', import.meta.url));
const py = await servePython(script);
const torch = py.info;
async function torchRun(variant, seed, nSteps = steps) {
  const { dModel, nLayers, nHeads, maxLen, batch, lr } = params;
  return JSON.parse(await py.request(JSON.stringify({ variant, seed, steps: nSteps, batch, lr, vocabSize: vocab.length, dModel, nLayers, nHeads, maxLen, sequences })));
}

// The native build of the same C++ (same kernel through GCC vector extensions, same flags): one process per run.
const nativeBin = fileURLToPath(new URL('../build/native/bench_train_native', import.meta.url));
const native = existsSync(nativeBin);
const nativeRun = (variant, seed, nSteps = steps) =>
  JSON.parse(execFileSync(nativeBin, ['--run', variant, String(seed), String(nSteps)], { encoding: 'utf8' }));

for (const v of variants) {  // warm-up: 2 epochs each side, untimed
  wasmRun(v, 100, 30);
  if (torch) await torchRun(v, 100, 30);
}
const runs = Object.fromEntries(variants.map((v) => [v, { wasm: [], torch: [], native: [] }]));
for (let r = 0; r < reps; r++) {
  for (const v of variants) {
    runs[v].wasm.push(wasmRun(v, r));
    if (torch) runs[v].torch.push(await torchRun(v, r));
    if (native) runs[v].native.push(nativeRun(v, r));
  }
}
py.close();

const f0 = (x, w) => x.toFixed(0).padStart(w);
const f2 = (x, w) => x.toFixed(2).padStart(w);
const epochs = (steps * params.batch) / sequences.length;
const tokensPerStep = (tokensPerEpoch * params.batch) / sequences.length;
console.log(`Mini-GPT training (V ${vocab.length}, C ${params.dModel}, ${params.nLayers} layers, ${params.nHeads} heads), ${steps} steps x batch ` +
  `${params.batch} sentences = ${epochs} epochs of the ${sequences.length} training sentences, ${tokensPerStep.toFixed(1)} tokens/step; ` +
  `medians over ${reps} interleaved runs, one thread each.`);
console.log(`  Node ${process.versions.node}` + (torch ? `; PyTorch ${torch.torch} (Python ${torch.python}, ${torch.threads} thread, BLAS: ${torch.blas})` : ''));
console.log('  tokens = real rows, BOS included (as train.cpp counts them); timed = the training loop only, every step;');
console.log('  GFLOP/s = tokens/s x training FLOPs/token; training FLOPs = 3 x forward (forward + backward ~ 3x forward),');
console.log('  forward = core/model/gpt.h forward_flops of each real sentence, the same count for both sides (padding not counted).');
console.log(`  ${'variant'.padEnd(11)} ${'MFLOP/tok'.padStart(9)}  ${'wasm tok/s'.padStart(10)} ${'GFLOP/s'.padStart(7)} ${'ms/step'.padStart(7)}` +
  (torch ? `  ${'torch tok/s'.padStart(11)} ${'GFLOP/s'.padStart(7)} ${'ms/step'.padStart(7)}  ${'wasm/PyTorch [range]'.padEnd(20)}` : '') +
  (native ? `  ${'native tok/s'.padStart(12)} ${'GFLOP/s'.padStart(7)}  wasm/native` : ''));
for (const v of variants) {
  const fpt = trainFlopsPerToken[v];
  const cells = (tps, w) => `${f0(tps, w)} ${f2((tps * fpt) / 1e9, 7)} ${f2((1e3 * tokensPerStep) / tps, 7)}`;
  const w = median(runs[v].wasm.map((r) => r.tokensPerSecond));
  let line = `  ${v.padEnd(11)} ${(fpt / 1e6).toFixed(3).padStart(9)}  ${cells(w, 10)}`;
  if (torch) {
    const t = median(runs[v].torch.map((r) => r.tokensPerSecond));
    const pairs = runs[v].wasm.map((r, i) => r.tokensPerSecond / runs[v].torch[i].tokensPerSecond);
    line += `  ${cells(t, 11)}  ${`${(w / t).toFixed(2)}x [${Math.min(...pairs).toFixed(2)}-${Math.max(...pairs).toFixed(2)}]`.padEnd(20)}`;
  }
  if (native) {
    const n = median(runs[v].native.map((r) => r.tokensPerSecond));
    line += `  ${f0(n, 12)} ${f2((n * fpt) / 1e9, 7)}  ${((100 * w) / n).toFixed(0)}%`;
  }
  console.log(line);
}
// Sanity: same model size, plausible losses, and the FLOP formula above against the run's own flops entries.
const w0 = runs[variants[0]].wasm[0];
const formulaOk = variants.every((v) => runs[v].wasm[0].flops.every((f) => f.total === forwardFlops(f.T, params, v)));
console.log(`  FLOP formula ${formulaOk ? 'matches' : 'DOES NOT MATCH'} the wasm run's flops at T = ${w0.flops.map((f) => f.T).join(', ')}`);
const perEpoch = sequences.length / params.batch;
const losses = (rs) => `${mean(rs.map((r) => r.lossCurve[0])).toFixed(3)} / ${mean(rs.map((r) => mean(Array.from(r.lossCurve).slice(-perEpoch)))).toFixed(3)}`;
console.log(`  parameters: ${variants.map((v) => {
  const w = runs[v].wasm[0].paramCount, t = runs[v].torch[0]?.paramCount;
  return `${v} wasm ${w}` + (torch ? `, PyTorch ${t} (${t === w ? 'equal' : 'DIFFERENT: the models are not the same'})` : '');
}).join('; ')}`);
console.log(`  training loss, step 1 / mean of the last epoch (mean over runs; ln ${vocab.length} = ${Math.log(vocab.length).toFixed(3)}): ` +
  variants.map((v) => `${v} wasm ${losses(runs[v].wasm)}` + (torch ? `, PyTorch ${losses(runs[v].torch)}` : '')).join('; '));
if (torch && torch.blas !== 'OpenBLAS') {
  console.log(`  Note: this torch multiplies through ${torch.blas}, not OpenBLAS: the ratio above is against a weaker baseline than ` +
    'this machine can offer. scripts/bench.sh installs libopenblas0-pthread (Debian\'s torch then loads it as libblas.so.3).');
}
if (!native) console.log('  Native column skipped: build/native/bench_train_native is not built (npm run build).');
if (!torch) {
  console.log(`  PyTorch baseline skipped: /usr/bin/python3 with torch is not available (scripts/bench.sh installs python3-torch). ${py.stderr()}`);
}
