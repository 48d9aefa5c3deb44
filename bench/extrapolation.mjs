// bench/extrapolation.mjs — Lab 03's default sweep (sinusoidal, learned, RoPE × T ∈ {64 … 256}) through
// the wasm module in Node, against the NumPy version of the course's lab (bench/extrapolation_numpy.py) run
// in the same benchmark under Debian's /usr/bin/python3 (skipped with a message when NumPy is absent).
// Prints medians and the speed-up ratio NumPy / wasm. One thread each (OPENBLAS/OMP threads pinned to 1).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPeLab } from '../wasm/index.js';

const lab = await createPeLab();
const reps = 25;
const times = [];
for (let r = 0; r < reps + 3; r++) {
  const t0 = performance.now();
  await lab.runLab('extrapolation', { seed: 1000 + r });  // a fresh seed each time: no cached cells
  if (r >= 3) times.push(performance.now() - t0);         // 3 warm-up runs
}
times.sort((a, b) => a - b);
const wasmMs = times[Math.floor(times.length / 2)];
console.log(`Lab 03 default sweep through runLab (wasm, Node ${process.versions.node}): median ${wasmMs.toFixed(2)} ms over ${reps} runs`);
// The same sweep's computation alone: the per-length wasm calls runLab makes, without validation,
// progress events or building the result object.
const compute = [];
for (let r = 0; r < reps; r++) {
  const t0 = performance.now();
  for (const T of [64, 96, 128, 192, 256]) lab._wasm.extrapolationLength(T, ['sinusoidal', 'learned', 'rope'], 32, 2, 0, 2000 + r, false, 64, 'clamp');
  compute.push(performance.now() - t0);
}
compute.sort((a, b) => a - b);
const computeMs = compute[Math.floor(compute.length / 2)];
console.log(`  of which the wasm computation: median ${computeMs.toFixed(2)} ms`);

const script = fileURLToPath(new URL('./extrapolation_numpy.py', import.meta.url));
const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
const py = spawnSync('/usr/bin/python3', [script], { encoding: 'utf8', env });
if (py.status !== 0) {
  console.log(`NumPy baseline skipped: /usr/bin/python3 with numpy is not available (apt-get install python3-numpy). ${py.stderr?.split('\n').slice(-2).join(' ') ?? ''}`);
} else {
  const np = JSON.parse(py.stdout.trim().split('\n').pop());
  console.log(`NumPy ${np.numpy} (course-style, float64): median ${(np.float64 * 1e3).toFixed(2)} ms -> runLab is ${(np.float64 * 1e3 / wasmMs).toFixed(2)}x faster (target >= 5x), the computation ${(np.float64 * 1e3 / computeMs).toFixed(2)}x`);
  console.log(`NumPy ${np.numpy} (same code, float32):     median ${(np.float32 * 1e3).toFixed(2)} ms -> wasm is ${(np.float32 * 1e3 / wasmMs).toFixed(2)}x faster`);
}
