// bench/extrapolation.mjs — Lab 03's default sweep (sinusoidal, learned, RoPE × T ∈ {64 … 256}) through
// the wasm module in Node, against the NumPy version of the course's lab (bench/extrapolation_numpy.py)
// under Debian's /usr/bin/python3 (skipped with a message when NumPy is absent). The two are interleaved
// run by run (NumPy in a child process answering one sweep per request), so both see the same machine
// load; one thread each (BLAS threads pinned to 1). Prints medians and the ratios NumPy / wasm.
import { fileURLToPath } from 'node:url';
import { createPeLab } from '../wasm/index.js';
import { servePython } from './lib/python-serve.mjs';

const lab = await createPeLab();
const reps = 31;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function wasmRunLab(r) {
  const t0 = performance.now();
  await lab.runLab('extrapolation', { seed: 1000 + r });  // a fresh seed each time: no cached lengths
  return performance.now() - t0;
}
function wasmCompute(r) {
  // The computation alone: the per-length wasm calls runLab makes, without building the result object.
  const t0 = performance.now();
  lab._wasm.extrapolationLab({ Ts: [64, 96, 128, 192, 256], schemes: ['sinusoidal', 'learned', 'rope'], dModel: 32, nHeads: 2,
    head: 0, seed: 5000 + r, causal: false, learnedTMax: 64, beyond: 'clamp' });
  return performance.now() - t0;
}

const script = fileURLToPath(new URL('./extrapolation_numpy.py', import.meta.url));
const py = await servePython(script);
const numpy = py.info?.numpy ?? null;
async function numpyRun(dtype) {
  return Number(await py.request(dtype)) * 1e3;
}

for (let r = 0; r < 3; r++) { await wasmRunLab(-1 - r); wasmCompute(-1 - r); }  // warm-up
const t = { runLab: [], compute: [], f64: [], f32: [] };
for (let r = 0; r < reps; r++) {
  t.runLab.push(await wasmRunLab(r));
  t.compute.push(wasmCompute(r));
  if (numpy) {
    t.f64.push(await numpyRun('float64'));
    t.f32.push(await numpyRun('float32'));
  }
}
py.close();
const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.length ? median(v) : NaN]));
console.log(`Lab 03 default sweep, medians over ${reps} interleaved runs (Node ${process.versions.node}):`);
console.log(`  wasm runLab('extrapolation')   ${m.runLab.toFixed(2)} ms`);
console.log(`  wasm computation only          ${m.compute.toFixed(2)} ms`);
if (!numpy) {
  console.log(`  NumPy baseline skipped: /usr/bin/python3 with numpy is not available (apt-get install python3-numpy). ${py.stderr()}`);
} else {
  console.log(`  NumPy ${numpy}, float64 (course)  ${m.f64.toFixed(2)} ms -> runLab ${(m.f64 / m.runLab).toFixed(2)}x faster (target >= 5x), computation ${(m.f64 / m.compute).toFixed(2)}x`);
  console.log(`  NumPy ${numpy}, float32           ${m.f32.toFixed(2)} ms -> runLab ${(m.f32 / m.runLab).toFixed(2)}x faster, computation ${(m.f32 / m.compute).toFixed(2)}x`);
}
