// web/ui/transfer.js — moves runLab's results between the worker and the page quickly. Structured clone
// copies a JS array of numbers element by element (seconds for a 2048×2048 matrix); so long number arrays
// travel as transferred Float64Array buffers (exact: JS numbers are doubles) and become plain arrays
// again on arrival, keeping runLab's JSON-safe shape ({ shape, data: number[] }). Raw typed arrays (the
// head-to-head runs the worker pool trains) are moved as they are: typedArrayBuffers lists their buffers.

const MIN_LENGTH = 4096;
const TAG = '__peLabFloat64';

function isNumberArray(a) {
  if (a.length < MIN_LENGTH) return false;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

/** A copy of `value` with long number arrays replaced by tagged Float64Arrays; their buffers go in `transfer`. */
export function pack(value, transfer) {
  if (Array.isArray(value)) {
    if (isNumberArray(value)) {
      const f = new Float64Array(value.length);
      for (let i = 0; i < value.length; i++) f[i] = value[i];
      transfer.push(f.buffer);
      return { [TAG]: f };
    }
    return value.map((v) => pack(v, transfer));
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = pack(v, transfer);
    return out;
  }
  return value;
}

/** Inverse of pack(). */
export function unpack(value) {
  if (Array.isArray(value)) return value.map(unpack);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const f = value[TAG];
    if (f instanceof Float64Array) {
      const a = new Array(f.length);
      for (let i = 0; i < f.length; i++) a[i] = f[i];
      return a;
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = unpack(v);
    return out;
  }
  return value;
}

/** The distinct buffers of the typed arrays inside `value` that own their whole buffer (safe to transfer). */
export function typedArrayBuffers(value) {
  const out = new Set();
  const walk = (v) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return [...out];
}
