// bench/attention.mjs — wasm attention forward (d_model 32, 2 heads) against the native build of the same
// code, same flags, in one run: prints a table of medians and the wasm/native ratio per T and scheme.
// Usage: node bench/attention.mjs   (after npm run build; scripts/bench.sh runs it)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPeLab } from '../wasm/index.js';

const nativeBin = fileURLToPath(new URL('../build/native/bench_attention', import.meta.url));
const native = execFileSync(nativeBin, { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
const lab = await createPeLab();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log('attention forward, d_model 32, 2 heads: wasm (Node) vs native, median ms');
console.log('T'.padStart(6), 'pe'.padEnd(11), 'native'.padStart(9), 'wasm'.padStart(9), 'wasm/native'.padStart(12));
const ratios = [];
for (const { T, pe, ms: nativeMs } of native) {
  const reps = Math.max(3, Math.min(200, Math.floor((1 << 22) / (T * T))));
  const ms = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    lab.attention({ T, dModel: 32, nHeads: 2, pe });  // includes copying the weights out, as a caller sees it
    ms.push(performance.now() - t0);
  }
  const wasmMs = median(ms);
  ratios.push(wasmMs / nativeMs);
  console.log(String(T).padStart(6), pe.padEnd(11), nativeMs.toFixed(3).padStart(9), wasmMs.toFixed(3).padStart(9),
    (wasmMs / nativeMs).toFixed(2).padStart(12));
}
const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`geometric mean wasm/native: ${geo.toFixed(2)} (target ≤ 1.5)`);
