// bench/cost-calibration.mjs — measures each lab (and api.attention) at three sizes on this machine, in CPU
// seconds of this process (process.cpuUsage: on a shared machine wall time also counts the other jobs; on an
// idle one the two agree, the labs being single-threaded), fits seconds = overhead + work / rate (work from
// wasm/cost.js's model) and prints the constants for wasm/cost.js's RATES, with predicted against measured.
// Usage: node bench/cost-calibration.mjs [--reps N] [--only lab]   (3 repetitions by default, the fastest
// kept as the least disturbed by other processes; ~3 min)
// Leaves out: bytes (exact by construction, checked in tests/node/budget.test.mjs); multi-threaded runs.
import { createPeLab, estimateCost, attentionOptions } from '../wasm/index.js';
import { attentionCost, RATES } from '../wasm/cost.js';

const argAfter = (flag) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
const reps = Number(argAfter('--reps')) || 3;
const only = argAfter('--only');
const lab = await createPeLab();
/** CPU seconds (user + system) this process spent since `start` (a process.cpuUsage() reading). */
const cpuSince = (start) => { const u = process.cpuUsage(start); return (u.user + u.system) / 1e6; };

// Three sizes per lab, spanning ~100× in work; a fresh seed per repetition so no cached length is reused.
const SIZES = {
  permutation: [{ dModel: 16 }, { dModel: 128 }, { dModel: 256, sentence: 'a b c d e f g h i j k l', reordered: 'l k j i h g f e d c b a' }],
  sinusoidal: [{ T: 256, d: 128 }, { T: 1024, d: 256 }, { T: 2048, d: 256 }],
  rope: [{ T: 32 }, { T: 512, dHead: 256 }, { T: 1536, dHead: 64 }],
  extrapolation: [{ TSweep: [128, 256] }, { TSweep: [256, 512, 768], dModel: 64 }, { TSweep: [1024, 1536], dModel: 128, nHeads: 4 }],
  biases: [{ farT: 256 }, { farT: 1024 }, { farT: 2048, dModel: 128 }],
  'context-extension': [{ factor: 2 }, { factor: 8 }, { factor: 16, dHead: 64 }],
  'head-to-head': [{ steps: 30, seeds: 1, variants: ['rope'] }, { steps: 150, seeds: 1, variants: ['rope'] }, { steps: 200, seeds: 2, variants: ['sinusoidal'], dModel: 96 }],
};
const ATTENTION_SIZES = [{ T: 256, dModel: 256 }, { T: 1024, dModel: 512 }, { T: 2048, dModel: 512, nHeads: 8 }];
const SEEDED = { permutation: 'seed', sinusoidal: null, rope: 'seed', extrapolation: 'seed', biases: 'seed', 'context-extension': 'seed', 'head-to-head': 'seed' };

async function timeLab(name, params, r) {
  const seeded = SEEDED[name] ? { ...params, [SEEDED[name]]: 7000 + r } : params;
  const t0 = process.cpuUsage();
  await lab.runLab(name, seeded, { budget: 'none' });
  return cpuSince(t0);
}

function timeAttention(options, r) {
  const t0 = process.cpuUsage();
  lab.attention({ ...options, seed: 7000 + r, budget: 'none' });
  return cpuSince(t0);
}

/**
 * seconds ≈ a + b·work fitted on relative error (Σ ((a + b·x)/y − 1)², so the small sizes count as much as
 * the large ones); a >= 0 (refit through the origin otherwise). Returns { overhead: a, rate: 1/b }.
 */
function fit(xs, ys) {
  // Normal equations of min Σ (a·u + b·v − 1)² with u = 1/y, v = x/y.
  let uu = 0, uv = 0, vv = 0, u1 = 0, v1 = 0;
  xs.forEach((x, i) => { const u = 1 / ys[i], v = x / ys[i]; uu += u * u; uv += u * v; vv += v * v; u1 += u; v1 += v; });
  const det = uu * vv - uv * uv;
  let a = (u1 * vv - v1 * uv) / det, b = (uu * v1 - uv * u1) / det;
  if (!(a >= 0) || !(b > 0)) { a = 0; b = v1 / vv; }
  return { overhead: a, rate: 1 / b };
}

const fitted = {};
async function calibrate(name, sizes, workOf, measure) {
  const works = sizes.map(workOf);
  const times = [];
  for (const size of sizes) {
    const samples = [];
    for (let r = 0; r < reps; r++) samples.push(await measure(size, r));
    times.push(Math.min(...samples));
  }
  const f = fit(works, times);
  fitted[name] = f;
  console.log(`\n${name}: rate ${f.rate.toPrecision(3)} work/s, overhead ${(f.overhead * 1000).toFixed(1)} ms (in cost.js now: rate ${RATES[name].rate.toPrecision(3)}, overhead ${(RATES[name].overhead * 1000).toFixed(1)} ms)`);
  sizes.forEach((size, i) => {
    const predicted = f.overhead + works[i] / f.rate;
    console.log(`  ${JSON.stringify(size)}: work ${works[i].toExponential(2)}, measured ${times[i].toFixed(3)} s, predicted ${predicted.toFixed(3)} s (×${(predicted / times[i]).toFixed(2)})`);
  });
}

for (const [name, sizes] of Object.entries(SIZES)) {
  if (only && only !== name) continue;
  await calibrate(name, sizes, (p) => estimateCost(name, p).work, (p, r) => timeLab(name, p, r));
}
if (!only || only === 'attention') await calibrate('attention', ATTENTION_SIZES, (o) => attentionCost(attentionOptions('attention', o)).work, timeAttention);

console.log('\n// for wasm/cost.js RATES:');
for (const [name, f] of Object.entries(fitted)) {
  console.log(`  ${/^\w+$/.test(name) ? name : `'${name}'`}: { rate: ${f.rate.toPrecision(3)}, overhead: ${f.overhead.toFixed(4)} },`);
}
