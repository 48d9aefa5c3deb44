// wasm/validate.js — argument checks shared by the JS API, the lab runner and the CLI. Every error is an
// Error whose message reads "<function>: <parameter> must be <allowed values>, got <value>", naming the
// parameter as the caller wrote it.

/** Error thrown for bad arguments; message: "<function>: <param> must be <allowed>, got <value>". */
export function argError(fn, param, allowed, got) {
  const shown = typeof got === 'string' ? `'${got}'` : Array.isArray(got) ? `[${got}]` : String(got);
  return Object.assign(markBadArgument(new Error(`${fn}: ${param} must be ${allowed}, got ${shown}`)), { param, allowed, got });
}

/** The code carried by every bad-argument Error (JS checks and C++ std::invalid_argument alike). */
export const BAD_ARGUMENT = 'PE_LAB_BAD_ARGUMENT';

function markBadArgument(err) {
  err.code = BAD_ARGUMENT;
  return err;
}

/** Throws if `options` is not a plain object or holds a key outside `allowed`. */
export function checkOptions(fn, options, allowed) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw argError(fn, 'options', 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw argError(fn, 'options', `an object with keys among ${allowed.join(', ')}`, `unknown key '${key}'`);
    }
  }
  return options;
}

export function checkInt(fn, name, value, lo = -Infinity, hi = Infinity) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    const range = Number.isFinite(hi) ? `an integer in [${lo}, ${hi}]` : Number.isFinite(lo) ? `an integer >= ${lo}` : 'an integer';
    throw argError(fn, name, range, value);
  }
  return value;
}

export function checkNumber(fn, name, value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw argError(fn, name, 'a finite number', value);
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

/** An array or typed array of finite numbers. */
export function checkNumericArray(fn, name, value, allowEmpty = false) {
  const ok = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!ok) throw argError(fn, name, 'an array or typed array of numbers', typeof value);
  if (!allowEmpty && value.length === 0) throw argError(fn, name, 'a non-empty array of numbers', 'an empty array');
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number' || !Number.isFinite(value[i])) {
      throw argError(fn, name, 'finite numbers', `${value[i]} at index ${i}`);
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
