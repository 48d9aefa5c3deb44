// wasm/validate.js — argument checks shared by the JS API, the lab runner and the CLI. Every error is an
// Error whose message reads "<function>: <parameter> must be <allowed values>, got <value>", naming the
// parameter as the caller wrote it.

/** Error thrown for bad arguments; message: "<function>: <param> must be <allowed>, got <value>". */
export function argError(fn, param, allowed, got) {
  const shown = typeof got === 'string' ? `'${got}'` : Array.isArray(got) ? `[${got}]` : String(got);
  return markBadArgument(new Error(`${fn}: ${param} must be ${allowed}, got ${shown}`));
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


const PARAM_NAMES = {
  // C++ parameter names (snake_case) -> the JS API's names, for error messages.
  d_head: 'dHead', d_model: 'dModel', n_heads: 'nHeads', t_max: 'tMax', learned_t_max: 'learnedTMax',
  num_buckets: 'numBuckets', max_distance: 'maxDistance', original_max_position: 'ropeScaling.originalMaxPosition',
  beta_fast: 'ropeScaling.betaFast', beta_slow: 'ropeScaling.betaSlow', low_freq_factor: 'ropeScaling.lowFreqFactor',
  high_freq_factor: 'ropeScaling.highFreqFactor', attn_scale: 'attnScale', current_length: 'length',
};

/** Rewrites a C++ message so it names the JS function and the caller's parameter names. */
function renameError(fn, err) {
  if (!(err instanceof Error)) return new Error(`${fn}: ${String(err)}`);
  let msg = err.message.replace(/^[A-Za-z0-9_]+:\s*/, `${fn}: `);
  msg = msg.replace(/\b[a-z0-9]+(?:_[a-z0-9]+)+\b/g, (w) => PARAM_NAMES[w] ?? w);
  const renamed = new Error(msg);
  if (err.code === BAD_ARGUMENT) markBadArgument(renamed);
  return renamed;
}

/** Calls into wasm; any error is rethrown with JS names. */
export function call(fn, thunk) {
  try {
    return thunk();
  } catch (err) {
    throw renameError(fn, err);
  }
}

