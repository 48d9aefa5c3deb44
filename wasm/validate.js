// wasm/validate.js — argument checks shared by the JS API, the lab runner and the CLI. Every error is an
// Error whose message reads "<function>: <parameter> must be <allowed values>, got <value>", naming the
// parameter as the caller wrote it.

/**
 * Error thrown for bad arguments; message "<function>: <param> must be <allowed>, got <value>", and the
 * fields code (BAD_ARGUMENT), param (the name as the caller wrote it), allowed (text) and got (the value).
 * `prefix` / `suffix` frame the shown value: "got unknown key 'x'", "got NaN at index 3".
 */
export function argError(fn, param, allowed, got, { prefix = '', suffix = '' } = {}) {
  const err = markBadArgument(new Error(`${fn}: ${param} must be ${allowed}, got ${prefix}${show(got)}${suffix}`));
  return Object.assign(err, { param, allowed, got });
}

/** The error for an own key of object `param` that is not among `keys`; `got` is the key. */
export function unknownKeyError(fn, param, keys, key) {
  return argError(fn, param, `an object with keys among ${keys.join(', ')}`, key, { prefix: 'unknown key ' });
}

/** A value as shown in a message: strings quoted, arrays bracketed, objects by their keys, never a throw. */
function show(got) {
  if (typeof got === 'string') return `'${got}'`;
  if (Array.isArray(got)) return got.length > 8 ? `[${got.slice(0, 8).map(show)}, …] (${got.length} items)` : `[${got.map(show)}]`;
  if (ArrayBuffer.isView(got)) return `a ${got.constructor?.name ?? 'typed array'} of length ${got.length}`;
  if (got !== null && typeof got === 'object') return `an object with keys ${Object.keys(got).join(', ') || '(none)'}`;
  if (typeof got === 'symbol' || typeof got === 'function') return typeof got;
  return Object.is(got, -0) ? '-0' : String(got);
}

/** A bound as shown in a message: powers of ten from 1e6 up as 1e6, 1e12, …; anything else as String(). */
const bound = (x) => (Math.abs(x) >= 1e6 && Number.isInteger(Math.log10(Math.abs(x))) ? x.toExponential().replace('e+', 'e') : String(x));

/** The code carried by every bad-argument Error (JS checks and C++ std::invalid_argument alike). */
export const BAD_ARGUMENT = 'PE_LAB_BAD_ARGUMENT';

function markBadArgument(err) {
  err.code = BAD_ARGUMENT;
  return err;
}

/** `key` is an own property of `obj` (never one inherited from a prototype, such as 'toString'). */
export const hasOwn = (obj, key) => obj !== null && obj !== undefined && Object.hasOwn(obj, key);

/**
 * Throws unless `options` is undefined, null or a plain object whose own keys are all in `allowed`;
 * returns a null-prototype copy of its own properties, so a destructuring default is never an inherited
 * value. `param` names the object in errors ('options', 'params', 'ropeScaling', …).
 */
export function checkOptions(fn, options, allowed, param = 'options') {
  if (options === undefined || options === null) return Object.create(null);
  if (typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw argError(fn, param, 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw unknownKeyError(fn, param, allowed, key);
  }
  return Object.assign(Object.create(null), options);
}

/** A safe integer in [lo, hi], checked before any conversion (Embind wraps an `int` modulo 2^32). */
export function checkInt(fn, name, value, lo, hi) {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < lo || value > hi) {
    throw argError(fn, name, `an integer in [${bound(lo)}, ${bound(hi)}]`, value);
  }
  return value;
}

/** A finite number in [lo, hi] ((lo, hi] with exclusiveMin). */
export function checkNumber(fn, name, value, lo = -Number.MAX_VALUE, hi = Number.MAX_VALUE, { exclusiveMin = false } = {}) {
  const inRange = typeof value === 'number' && (exclusiveMin ? value > lo : value >= lo) && value <= hi;
  if (!inRange || !Number.isFinite(value)) {
    const range = lo === -Number.MAX_VALUE && hi === Number.MAX_VALUE ? 'a finite number'
      : `a finite number in ${exclusiveMin ? '(' : '['}${bound(lo)}, ${bound(hi)}]`;
    throw argError(fn, name, range, value);
  }
  return value;
}

export function checkEnum(fn, name, value, allowed) {
  if (!allowed.includes(value)) {
    throw argError(fn, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value;
}

export function checkBool(fn, name, value) {
  if (typeof value !== 'boolean') throw argError(fn, name, 'true or false', value);
  return value;
}

/** An array or typed array of finite numbers, each |v| <= maxAbs. */
export function checkNumericArray(fn, name, value, { allowEmpty = false, maxAbs = Number.MAX_VALUE } = {}) {
  const ok = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!ok) throw argError(fn, name, 'an array or typed array of numbers', value === null ? 'null' : typeof value);
  if (!allowEmpty && value.length === 0) throw argError(fn, name, 'a non-empty array of numbers', 'an empty array');
  const allowed = maxAbs === Number.MAX_VALUE ? 'finite numbers' : `finite numbers with |v| <= ${bound(maxAbs)}`;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > maxAbs) {
      throw argError(fn, name, allowed, v, { suffix: ` at index ${i}` });
    }
  }
  return value;
}


/**
 * The Embind module with every binding wrapped: a binding never throws across the boundary (wasm/bindings.cpp
 * guarded()); on a core error it returns null and `lastError()` gives code, message, where, param, allowed, got,
 * thrown here, in JS, as an Error carrying those fields (marked `coreError`).
 */
export function withCoreErrors(module) {
  const wrapped = Object.create(module);
  for (const name of Object.keys(module)) {
    const f = module[name];
    if (typeof f !== 'function' || name === 'lastError' || !/^[a-z]/.test(name)) continue;
    wrapped[name] = (...args) => {
      const out = f(...args);
      if (out !== null) return out;
      const [code, message, , param, allowed, got] = module.lastError().split('\x1f');
      throw Object.assign(new Error(message), { coreError: true, code, param: param || undefined, allowed, got });
    };
  }
  return wrapped;
}

/**
 * Runs a call into wasm and names a core error after the JS function `fn`. The core names parameters by the
 * public (schema) names already; `prefix` maps a core name to the caller's path where the caller nested it
 * (e.g. { factor: 'ropeScaling.factor' }).
 */
export function call(fn, thunk, prefix = {}) {
  try {
    return thunk();
  } catch (e) {
    if (!e?.coreError) throw e;
    if (e.code !== BAD_ARGUMENT || e.param === undefined) {
      const err = new Error(`${fn}: ${e.message}`);
      if (e.code === BAD_ARGUMENT) err.code = BAD_ARGUMENT;
      throw err;
    }
    const param = Object.hasOwn(prefix, e.param) ? prefix[e.param] : e.param;
    const got = e.got !== '' && Number.isFinite(Number(e.got)) ? Number(e.got) : e.got;
    throw Object.assign(new Error(`${fn}: ${param} must be ${e.allowed}, got ${e.got}`),
      { code: BAD_ARGUMENT, param, allowed: e.allowed, got });
  }
}
