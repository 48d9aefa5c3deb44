// wasm/params.js — validates a lab's parameters against wasm/schema.js and fills the defaults.
// Accepts values of the right type (JS numbers unchanged), or strings as they come from a URL or the command
// line, parsed strictly: decimal numbers only, booleans true/false/1/0, lists comma-separated.
import { LABS } from './schema.js';
import { argError, unknownKeyError } from './validate.js';

function describe(spec) {
  switch (spec.type) {
    case 'int': {
      const mult = spec.multipleOf ? ` and a multiple of ${spec.multipleOf}` : '';
      return `an integer in [${spec.min}, ${spec.max}]${mult}`;
    }
    case 'number': return `a number in ${spec.exclusiveMin ? '(' : '['}${spec.min}, ${spec.max}]`;
    case 'string': return `a string of at most ${spec.maxLength} characters`;
    case 'bool': return 'true or false';
    case 'enum': return `one of ${spec.values.map((v) => `'${v}'`).join(', ')}`;
    case 'intList': return `a list of ${spec.minItems}–${spec.maxItems} integers in [${spec.min}, ${spec.max}]`;
    case 'pairList': return `a list of ${spec.minItems}–${spec.maxItems} pairs m:n of integers in [${spec.min}, ${spec.max}] (e.g. 0:1,3:7)`;
    case 'enumList': return `a list of ${spec.minItems}–${spec.maxItems} of ${spec.values.map((v) => `'${v}'`).join(', ')}`;
    default: return spec.type;
  }
}
export { describe as describeParam };

// A decimal number as text: optional sign, digits with an optional fraction, optional exponent. Rejects what
// Number() would also take: hex/octal/binary ('0x40'), 'Infinity', blanks (' 5', ''), a bare exponent ('1e').
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number from a JS number (unchanged) or a decimal string; anything else → NaN (refused by the caller). */
function toNumber(v) {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && DECIMAL.test(v) ? Number(v) : NaN;
}

const inRange = (spec, x) => Number.isFinite(x) && x >= spec.min && x <= spec.max && !(spec.exclusiveMin && x === spec.min);
const isIntIn = (spec, x) => Number.isSafeInteger(x) && inRange(spec, x);

/** A list from an array, or from comma-separated text (empty items dropped); null if neither. */
function toList(v) {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return Array.isArray(v) ? v : null;
}

function parseOne(fn, name, spec, raw) {
  // A decimal string is shown as its number in the message (`T=5000` → "got 5000"), anything else as given.
  const shown = typeof raw === 'string' && DECIMAL.test(raw) && spec.type !== 'string' ? Number(raw) : raw;
  const bad = () => argError(fn, name, describe(spec), shown);
  switch (spec.type) {
    case 'int':
    case 'number': {
      const v = toNumber(raw);
      if (!inRange(spec, v) || (spec.type === 'int' && !Number.isSafeInteger(v))) throw bad();
      if (spec.multipleOf && v % spec.multipleOf !== 0) throw bad();
      return v;
    }
    case 'string':
      if (typeof raw !== 'string' || raw.length > spec.maxLength) throw bad();
      return raw;
    case 'bool':
      if (raw === true || raw === 'true' || raw === '1') return true;
      if (raw === false || raw === 'false' || raw === '0') return false;
      throw bad();
    case 'enum':
      if (!spec.values.includes(raw)) throw bad();
      return raw;
    case 'pairList': {
      let list = toList(raw);
      if (typeof raw === 'string' && list) list = list.map((s) => s.split(':').map((x) => toNumber(x.trim())));
      if (!list || list.length < spec.minItems || list.length > spec.maxItems) throw bad();
      const ok = list.every((pr) => Array.isArray(pr) && pr.length === 2 && pr.every((x) => isIntIn(spec, x)));
      if (!ok) throw bad();
      return list.map((pr) => [pr[0], pr[1]]);
    }
    case 'intList': {
      const list = toList(raw)?.map(toNumber);
      if (!list || list.length < spec.minItems || list.length > spec.maxItems) throw bad();
      if (!list.every((x) => isIntIn(spec, x))) throw bad();
      return list;
    }
    case 'enumList': {
      const list = toList(raw);
      if (!list || list.length < spec.minItems || list.length > spec.maxItems) throw bad();
      if (!list.every((x) => spec.values.includes(x))) throw bad();
      return [...new Set(list)];
    }
    default:
      throw new Error(`${fn}: internal: unknown parameter type ${spec.type}`);
  }
}

/**
 * Returns the lab's full parameter object (defaults filled); throws naming the first bad parameter.
 * Only own keys count: a prototype name ('toString', '__proto__', 'constructor') is an unknown lab or key.
 */
export function resolveParams(labName, params = {}) {
  if (typeof labName !== 'string' || !Object.hasOwn(LABS, labName)) {
    throw argError('runLab', 'name', `one of ${Object.keys(LABS).map((n) => `'${n}'`).join(', ')}`, labName);
  }
  const lab = LABS[labName];
  if (params === null || typeof params !== 'object' || Array.isArray(params) || ArrayBuffer.isView(params)) {
    throw argError(labName, 'params', 'an object', params);
  }
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(lab.params, key)) throw unknownKeyError(labName, 'params', Object.keys(lab.params), key);
  }
  const out = {};
  for (const [name, spec] of Object.entries(lab.params)) {
    const raw = Object.hasOwn(params, name) ? params[name] : undefined;
    out[name] = raw === undefined ? structuredClone(spec.default) : parseOne(labName, name, spec, raw);
  }
  return out;
}
