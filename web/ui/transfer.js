// web/ui/transfer.js — moves runLab's results between the worker and the page quickly. Structured clone
// copies a JS array of numbers element by element (seconds for a 2048×2048 matrix); so long number arrays
// travel as transferred Float64Array buffers (exact: JS numbers are doubles). On the page they stay
// Float64Arrays (views only index them; turning six 4096² maps back into arrays held the page's thread for
// seconds); where files are built (web/worker.js) they become plain arrays again, runLab's JSON-safe shape
// ({ shape, data: number[] }), and such a page array goes back tagged, copied by the clone. Raw typed arrays
// (the head-to-head runs the worker pool trains) are moved as they are: typedArrayBuffers lists their buffers.

const MIN_LENGTH = 4096;
const TAG = '__peLabFloat64';
const KEPT = '__peLabKept';
const unpacked = new WeakSet();   // the Float64Arrays unpack() left in place of number arrays

function isNumberArray(a) {
  if (a.length < MIN_LENGTH) return false;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

/**
 * A copy of `value` with long number arrays replaced by tagged Float64Arrays; their buffers go in `transfer`.
 * The page's own Float64Arrays (from unpack) are listed in `kept` and stand as { [KEPT]: index }: the page
 * sends their numbers in slices (web/ui/runner.js), as one message of hundreds of MB holds its thread for seconds.
 */
export function pack(value, transfer, kept = []) {
  if (unpacked.has(value)) { kept.push(value); return { [KEPT]: kept.length - 1 }; }
  if (Array.isArray(value)) {
    if (isNumberArray(value)) {
      const f = new Float64Array(value.length);
      for (let i = 0; i < value.length; i++) f[i] = value[i];
      transfer.push(f.buffer);
      return { [TAG]: f };
    }
    return value.map((v) => pack(v, transfer, kept));
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = pack(v, transfer, kept);
    return out;
  }
  return value;
}

/**
 * Inverse of pack(): long number arrays as Float64Arrays, or as plain arrays with `{ plain: true }`; `kept`:
 * the arrays pack() listed, in order (their slices put back together).
 */
export function unpack(value, { plain = false, kept = [] } = {}) {
  if (Array.isArray(value)) return value.map((v) => unpack(v, { plain, kept }));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const f = Object.hasOwn(value, KEPT) ? kept[value[KEPT]] : value[TAG];
    if (f instanceof Float64Array) {
      if (!plain) { unpacked.add(f); return f; }
      const a = new Array(f.length);
      for (let i = 0; i < f.length; i++) a[i] = f[i];
      return a;
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = unpack(v, { plain, kept });
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
