// tests/node/fuzz.mjs — a seeded random driver over the public API: every createPeLab() function and runLab
// for all seven labs (small sizes), with hostile arguments (NaN, ±Inf, 1e300, -0, 2^31, 2^32 + 2, hex and
// blank strings, arrays, typed arrays, null, objects with prototype keys, random keys). Invariant of each
// call: it throws an Error with code PE_LAB_BAD_ARGUMENT, a `param` string and a message, or it returns a
// result whose numbers are all finite; every CHECK_EVERY calls a known-good call still gives the formula's
// values (the module stayed healthy).
//   npm run fuzz -- --seconds 60 --seed 7          run for 60 s from seed 7
//   npm run fuzz -- --seed 7 --case 1234           replay one case and print what it did
// Case i draws everything from a generator seeded by (seed, i), so a failure printed as "seed S case I"
// replays alone. Leaves out: the page and the CLI (tests/e2e, tests/node/cli.test.mjs) and the native core.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createPeLab } from '../../wasm/index.js';
import { resolveParams } from '../../wasm/params.js';

export const CHECK_EVERY = 50;

// ---- seeded generator: mulberry32 over a 32-bit state mixed from (seed, case) -------------------------------
function generator(seed, index) {
  let s = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  return { next, int, pick, chance: (p) => next() < p };
}

// ---- hostile values ------------------------------------------------------------------------------------------
const PROTO_KEYS = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

/** An object whose own key is `key` (a literal `{ __proto__: v }` would set the prototype instead). */
const withOwnKey = (key, value) => Object.defineProperty({}, key, { value, enumerable: true, configurable: true, writable: true });

function hostileValue(g) {
  switch (g.int(0, 5)) {
    case 0: return g.pick([NaN, Infinity, -Infinity, 1e300, -1e300, -0, 2 ** 31, -(2 ** 31), 2 ** 32 + 2, 2 ** 53, 2 ** 53 + 2,
      Number.MAX_VALUE, Number.MIN_VALUE, 1e39, -1e39, 1e16, 0.5, -1, 65537, 8193, 257, 2 ** 24 + 1,
      // valid extremes: the caps and float bounds (wasm/caps.js), which must still give finite results
      1e15, -1e15, 2 ** 24, -(2 ** 24), 1e12, 1e6, 1e-6, 4096, 1024, 256, 2, 1]);
    case 1: return g.pick(['', ' 5', '0x40', '0x10', '1e', 'Infinity', 'NaN', '64', '1e-2', '-3.5', 'true', 'abc', 'toString',
      '__proto__', 'constructor', '2,3', '0:1', '1e300']);
    case 2: return g.pick([null, undefined, true, false, Symbol('s'), 10n, () => 1]);
    case 3: return g.pick([[], [1, 2], [NaN], ['1'], [[0, 1]], new Float32Array(3), new Float64Array([1e300]), new Int32Array(2),
      new Uint8Array(0), new BigInt64Array(1)]);
    case 4: return g.pick([{}, withOwnKey(g.pick(PROTO_KEYS), 1), Object.create({ T: 5, base: 2 }), new Map(), new Date(0), JSON.parse('{"__proto__": {"x": 1}}')]);
    default: return g.int(-3, 70);
  }
}

const smallFloats = (g, n) => Float32Array.from({ length: n }, () => g.next() * 4 - 2);

// ---- valid small calls, then mutated ---------------------------------------------------------------------------
// Each maker returns [functionName, args]; options objects are the last argument where the API has one.
const MAKERS = {
  sinusoidal: (g) => ['sinusoidal', [g.int(1, 16), 2 * g.int(1, 8), { base: g.pick([10000, 100, 1.5]) }]],
  ropeFrequencies: (g) => ['ropeFrequencies', [2 * g.int(1, 16), { base: g.pick([10000, 500000]) }]],
  applyRope: (g) => {
    const T = g.int(1, 8), dHead = 2 * g.int(1, 4);
    const opts = { base: 10000, convention: g.pick(['interleaved', 'half-split']), precision: g.pick(['float32', 'float64']) };
    if (g.chance(0.5)) opts.positions = Array.from({ length: T }, () => g.int(-100, 100000));
    if (g.chance(0.3)) opts.ropeScaling = { type: g.pick(['linear', 'ntk', 'yarn', 'llama3', 'dynamic-ntk']), factor: g.pick([1, 2, 8]) };
    return ['applyRope', [smallFloats(g, T * dHead), T, dHead, opts]];
  },
  ropeScaling: (g) => ['ropeScaling', [2 * g.int(1, 32), { type: g.pick(['none', 'linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3']),
    factor: g.pick([1, 2, 4, 64]), originalMaxPosition: g.pick([64, 4096]) }, { base: 10000, length: g.int(1, 20000) }]],
  alibiSlopes: (g) => ['alibiSlopes', [g.int(1, 32)]],
  t5Buckets: (g) => ['t5Buckets', [g.int(1, 16), { bidirectional: g.chance(0.5), numBuckets: 2 * g.int(2, 16), maxDistance: g.int(20, 200) }]],
  learnedPe: (g) => ['learnedPe', [g.int(1, 16), g.int(1, 16), { tMax: g.int(1, 16), beyond: g.pick(['clamp', 'wrap']), sigma: 1, seed: g.int(0, 9) }]],
  attention: (g) => {
    const nHeads = g.pick([1, 2]), dModel = nHeads * 2 * g.int(1, 4), T = g.int(1, 8);
    const o = { T, dModel, nHeads, seed: g.int(0, 9), pe: g.pick(['none', 'sinusoidal', 'learned', 'rope', 'alibi', 't5']), causal: g.chance(0.5) };
    if (g.chance(0.3)) o.x = smallFloats(g, T * dModel);
    if (o.pe === 'rope' && g.chance(0.3)) o.ropeScaling = { type: 'yarn', factor: 4, originalMaxPosition: 4 };
    return ['attention', [o]];
  },
  random: (g) => ['random', [{ seed: g.int(0, 99), n: g.int(0, 16), kind: g.pick(['uniform', 'normal', 'u32']), stream: g.pick(['input', 'corpus', 3]) }]],
  evaluateWeights: (g) => ['evaluateWeights', [g.pick(['', '{}', '[]', 'null', '{"format":"pe-lab-weights-1","runs":[]}',
    '{"format":"pe-lab-weights-1","runs":[{"config":{},"weights":{}}]}', { format: 'pe-lab-weights-1', runs: [null] }, 5])]],
};

// Small runs of each lab (head-to-head: a few steps of a tiny model).
const LAB_PARAMS = {
  permutation: () => ({ dModel: 8, nHeads: 2 }),
  sinusoidal: (g) => ({ T: g.int(2, 16), d: 4, offset: 1, dims: '0,2' }),
  rope: (g) => ({ T: 8, dHead: 2 * g.int(1, 4), pairs: '0:1,3:7', normPositions: '0,5', demoM: 0 }),
  extrapolation: (g) => ({ TSweep: [4, g.int(5, 12)], dModel: 8, nHeads: g.pick([1, 2]), learnedTMax: 4 }),
  biases: () => ({ tMax: 4, d: 4, T: 8, numBuckets: 8, maxDistance: 16, maxRelative: 8, nHeads: 2, biasT: 4, farT: 16, dModel: 8 }),
  'context-extension': (g) => ({ trainLength: 8, factor: g.pick([1, 2, 1.5]), dHead: 8, nHeads: 1 }),
  'head-to-head': () => ({ variants: ['rope'], seeds: 1, steps: 2, batch: 2, dModel: 8, nLayers: 1, nHeads: 1, maxLen: 41 }),
};

/** A resolved lab run small enough to keep the fuzz fast (a hostile string like '64' may be a valid size). */
function cheap(lab, p) {
  switch (lab) {
    case 'head-to-head': return p.steps * p.seeds * p.variants.length <= 5 && p.batch <= 8 && p.dModel <= 32 && p.nLayers <= 2 && p.maxLen <= 48;
    case 'extrapolation': return p.TSweep.reduce((a, T) => a + T * T, 0) * p.nHeads * p.dModel <= 1e6;
    case 'biases': return p.farT ** 2 * p.nHeads * p.dModel + p.tMax * p.d + p.T * p.d <= 2e6 && p.maxRelative <= 512;
    case 'context-extension': return (p.factor * p.trainLength) ** 2 * p.nHeads * p.dHead <= 2e6;
    case 'rope': return p.T * p.dHead <= 1e5;
    case 'sinusoidal': return p.T * p.d <= 1e5;
    default: return p.dModel <= 64;
  }
}

/** Sizes in a primitive call that are valid integers but large (a hostile '64' cannot reach these). */
function cheapCall(name, args) {
  const n = args.filter((a) => typeof a === 'number' && Number.isSafeInteger(a) && a > 0);
  const o = args.at(-1);
  const draws = name === 'random' && typeof o?.n === 'number' ? o.n : 0;
  return n.reduce((a, b) => a * Math.min(b, 1e9), 1) <= 1 << 22 && draws <= 1 << 20;
}

const isPlain = (a) => a !== null && typeof a === 'object' && Object.getPrototypeOf(a) === Object.prototype;
const copy = (a) => (isPlain(a) ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, copy(v)])) : a);

/** A key to add: a prototype name, a real parameter name of another call, or random letters. */
const randomKey = (g) => g.pick([g.pick(PROTO_KEYS), g.pick(['T', 'x', 'base', 'dModel', 'seed', 'factor', 'onProgress']),
  Array.from({ length: g.int(1, 6) }, () => String.fromCharCode(97 + g.int(0, 25))).join('')]);

/** A copy of a numeric array (x, positions) with one entry made hostile (a huge, non-finite or non-number value). */
function mutateEntry(g, list) {
  const out = ArrayBuffer.isView(list) ? Float64Array.from(list) : [...list];
  const v = hostileValue(g);
  out[g.int(0, out.length - 1)] = ArrayBuffer.isView(out) && typeof v !== 'number' ? NaN : v;
  return out;
}
const isNumericList = (a) => (Array.isArray(a) || ArrayBuffer.isView(a)) && a.length > 0 && typeof a[0] === 'number';

/** Changes an options object in place: a value (inside a nested object or array too), an added key, or a removed key. */
function mutateObject(g, target) {
  const keys = Object.keys(target);
  const r = g.int(0, 5);
  if (r < 3 && keys.length) {
    const key = g.pick(keys);
    if (isPlain(target[key]) && g.chance(0.5)) mutateObject(g, target[key]);
    else if (isNumericList(target[key]) && g.chance(0.5)) target[key] = mutateEntry(g, target[key]);
    else target[key] = hostileValue(g);
  } else if (r < 5) {
    Object.defineProperty(target, randomKey(g), { value: hostileValue(g), enumerable: true, configurable: true, writable: true });
  } else if (keys.length) {
    delete target[g.pick(keys)];
  }
}

/** Replaces a random argument, or changes an options object, with hostile values (0–2 changes). */
function mutate(g, args) {
  const out = args.map(copy);
  const times = g.int(0, 2);
  for (let k = 0; k < times; k++) {
    const i = g.int(0, out.length - 1);
    if (isPlain(out[i]) && g.chance(0.6)) mutateObject(g, out[i]);
    else if (isNumericList(out[i]) && g.chance(0.5)) out[i] = mutateEntry(g, out[i]);
    else out[i] = hostileValue(g);
  }
  if (g.chance(0.05)) out.length = g.int(0, out.length);   // missing arguments
  return out;
}

/** One case: [description of the call, a thunk running it, the lab name for runLab]. */
function makeCase(g) {
  if (g.chance(0.01)) {
    const jobs = g.chance(0.5) ? [{ variant: 'rope', seed: g.pick([0, 1, 2 ** 32, -1, '0']) }] : hostileValue(g);
    return { fn: 'trainHeadToHead', args: mutate(g, [LAB_PARAMS['head-to-head'](g), { jobs }]) };
  }
  if (g.chance(0.25)) {
    const lab = g.chance(0.05) ? g.pick(['toString', '__proto__', 'constructor', 'nope', 5, null]) : g.pick(Object.keys(LAB_PARAMS));
    const base = Object.hasOwn(LAB_PARAMS, lab) ? LAB_PARAMS[lab](g) : {};
    const [params, options] = mutate(g, [base, {}]);
    return { fn: 'runLab', args: [lab, params, options] };
  }
  const [fn, args] = g.pick(Object.values(MAKERS))(g);
  return { fn, args: mutate(g, args) };
}

// ---- describing a call so it can be read and replayed ----------------------------------------------------------
function describe(v, depth = 0) {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol' || typeof v === 'function') return String(v);
  if (v === null || v === undefined || typeof v === 'boolean') return String(v);
  if (depth > 3) return '…';
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}.from([${Array.from(v.slice(0, 8), (x) => describe(x)).join(', ')}${v.length > 8 ? ', …' : ''}])`;
  if (Array.isArray(v)) return `[${v.slice(0, 12).map((x) => describe(x, depth + 1)).join(', ')}${v.length > 12 ? ', …' : ''}]`;
  const proto = Object.getPrototypeOf(v);
  const own = Object.keys(v).map((k) => `${JSON.stringify(k)}: ${describe(v[k], depth + 1)}`).join(', ');
  if (proto !== Object.prototype && proto !== null) return `${proto?.constructor?.name ?? 'Object'}{${own}}${Object.keys(proto).length ? ` (prototype keys ${Object.keys(proto)})` : ''}`;
  return `{${own}}`;
}

// ---- the invariant -------------------------------------------------------------------------------------------
/** The first non-finite number in `v` (typed arrays, arrays, plain objects), as a path; '' if none. */
export function nonFinitePath(v, path = 'result', seen = new Set()) {
  if (typeof v === 'number') return Number.isFinite(v) ? '' : `${path} = ${v}`;
  if (v === null || typeof v !== 'object' || seen.has(v)) return '';
  seen.add(v);
  if (ArrayBuffer.isView(v)) {
    if (typeof v[0] === 'bigint') return '';
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return `${path}[${i}] = ${v[i]}`;
    return '';
  }
  for (const [k, x] of Object.entries(v)) {
    const bad = nonFinitePath(x, `${path}.${k}`, seen);
    if (bad) return bad;
  }
  return '';
}

// The length a primitive's result must have for the arguments it accepted (so an int wrapped modulo 2^32 by
// the binding, sinusoidal(2^32 + 2, 2) → 4 numbers, shows up as a wrong length).
const opt = (o, key, dflt) => (o !== null && typeof o === 'object' && Object.hasOwn(o, key) && o[key] !== undefined ? o[key] : dflt);
const EXPECTED_LENGTH = {
  sinusoidal: ([T, d]) => ({ '': T * d }),
  ropeFrequencies: ([dHead]) => ({ '': dHead / 2 }),
  applyRope: ([, T, dHead]) => ({ '': T * dHead }),
  ropeScaling: ([dHead]) => ({ invFreq: dHead / 2 }),
  alibiSlopes: ([nHeads]) => ({ '': nHeads }),
  t5Buckets: ([T]) => ({ '': T * T }),
  learnedPe: ([T, d]) => ({ '': T * d }),
  attention: ([o]) => {
    const T = opt(o, 'T', 64), dModel = opt(o, 'dModel', 32), nHeads = opt(o, 'nHeads', 2);
    return { output: T * dModel, weights: nHeads * T * T, entropy: nHeads * T };
  },
  random: ([o]) => ({ '': opt(o, 'n', 1) }),
};

/** '' when a returned value has the lengths its arguments ask for, else what differs. */
function wrongLength({ fn, args }, value) {
  const expected = EXPECTED_LENGTH[fn]?.(args) ?? {};
  for (const [key, n] of Object.entries(expected)) {
    const got = key ? value?.[key]?.length : value?.length;
    if (got !== n) return `${key || 'result'} has length ${got}, the arguments ask for ${n}`;
  }
  return '';
}

/** '' when the outcome keeps the invariant, else why not. */
function violation(c, outcome) {
  if ('error' in outcome) {
    const e = outcome.error;
    if (!(e instanceof Error)) return `threw a non-Error: ${describe(e)}`;
    if (e.code !== 'PE_LAB_BAD_ARGUMENT') return `threw an Error without code PE_LAB_BAD_ARGUMENT: ${e.stack ?? e.message}`;
    if (typeof e.param !== 'string' || !e.param) return `coded Error without a param: ${e.message}`;
    if (typeof e.message !== 'string' || !e.message.includes(e.param)) return `coded Error whose message does not name ${e.param}: ${e.message}`;
    return '';
  }
  const r = outcome.value;
  const bad = nonFinitePath(r && typeof r === 'object' && 'result' in r && 'manifest' in r ? { params: r.params, result: r.result } : r);
  return bad ? `returned a non-finite number: ${bad}` : wrongLength(c, r);
}

async function outcomeOf(lab, { fn, args }) {
  try {
    return { value: await lab[fn](...args) };
  } catch (error) {
    return { error };
  }
}

/** The module is still healthy: sinusoidal(4, 4) equals sin/cos of t·10000^(-2i/4), and a bad call is still coded. */
function healthy(lab) {
  const pe = lab.sinusoidal(4, 4);
  for (let t = 0; t < 4; t++) {
    for (let i = 0; i < 2; i++) {
      const angle = t * 10000 ** (-2 * i / 4);
      if (Math.abs(pe[t * 4 + 2 * i] - Math.sin(angle)) > 1e-6 || Math.abs(pe[t * 4 + 2 * i + 1] - Math.cos(angle)) > 1e-6) {
        return `sinusoidal(4, 4) at t = ${t}, i = ${i} is no longer sin/cos`;
      }
    }
  }
  try {
    lab.sinusoidal(0, 4);
  } catch (e) {
    return e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'T' ? '' : `sinusoidal(0, 4) threw ${e.message} without code/param`;
  }
  return 'sinusoidal(0, 4) returned instead of throwing';
}

/**
 * Runs cases seed/0, seed/1, … for `seconds` (or only case `only`). Returns { cases, errors, results,
 * skipped, failures: [{ case, call, why }] }; `log(line)` gets each failure and the replay of `only`.
 */
export async function fuzz({ seconds = 10, seed = 1, only, log = () => {}, lab } = {}) {
  lab ??= await createPeLab();
  const stats = { cases: 0, errors: 0, results: 0, skipped: 0, failures: [] };
  const deadline = performance.now() + seconds * 1000;
  for (let i = only ?? 0; only === undefined ? performance.now() < deadline : i === only; i++) {
    const c = makeCase(generator(seed, i));
    const call = `${c.fn}(${c.args.map((a) => describe(a)).join(', ')})`;
    if (!affordable(c)) { stats.skipped++; continue; }
    const outcome = await outcomeOf(lab, c);
    stats.cases++;
    if ('error' in outcome) stats.errors++; else stats.results++;
    if (only !== undefined) log(`seed ${seed} case ${i}: ${call}\n  → ${'error' in outcome ? `threw ${outcome.error?.message}` : 'returned a result'}`);
    const why = violation(c, outcome) || (stats.cases % CHECK_EVERY === 0 || only !== undefined ? healthy(lab) : '');
    if (why) {
      stats.failures.push({ case: i, call, why });
      log(`FAIL seed ${seed} case ${i}: ${call}\n  ${why}\n  replay: npm run fuzz -- --seed ${seed} --case ${i}`);
    }
  }
  const why = healthy(lab);
  if (why) stats.failures.push({ case: 'end', call: 'sinusoidal(4, 4)', why });
  return stats;
}

/** Skips a valid but heavy call (a hostile decimal string can be a large valid size). */
function affordable({ fn, args }) {
  if (fn !== 'runLab' && fn !== 'trainHeadToHead') return cheapCall(fn, args);
  try {
    return fn === 'runLab' ? cheap(args[0], resolveParams(args[0], args[1])) : cheap('head-to-head', resolveParams('head-to-head', args[0]));
  } catch {
    return true;   // refused by validation: cheap
  }
}

async function main() {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' }, case: { type: 'string' } } });
  const seconds = Number(values.seconds), seed = Number(values.seed);
  const only = values.case === undefined ? undefined : Number(values.case);
  if (!(seconds > 0) || !Number.isSafeInteger(seed) || (only !== undefined && !Number.isSafeInteger(only))) {
    console.error('usage: npm run fuzz -- [--seconds N] [--seed S] [--case I]');
    process.exit(2);
  }
  const stats = await fuzz({ seconds, seed, only, log: (line) => console.log(line) });
  console.log(`seed ${seed}: ${stats.cases} calls (${stats.errors} refused, ${stats.results} results, ${stats.skipped} heavy skipped), ${stats.failures.length} failures`);
  process.exitCode = stats.failures.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
