// wasm/params.js — validates a lab's parameters against wasm/schema.js and fills the defaults.
// Accepts values of the right type, or strings as they come from a URL or the command line.
import { LABS } from './schema.js';
import { argError } from './validate.js';

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

function parseOne(fn, name, spec, raw) {
  const numeric = typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw));
  const bad = () => argError(fn, name, describe(spec), numeric && spec.type !== 'string' ? Number(raw) : raw);
  let v = raw;
  switch (spec.type) {
    case 'int':
    case 'number': {
      if (typeof v === 'string' && v.trim() !== '') v = Number(v);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad();
      if (spec.type === 'int' && !Number.isInteger(v)) throw bad();
      if (v < spec.min || v > spec.max || (spec.exclusiveMin && v === spec.min)) throw bad();
      if (spec.multipleOf && v % spec.multipleOf !== 0) throw bad();
      return v;
    }
    case 'string':
      if (typeof v !== 'string' || v.length > spec.maxLength) throw bad();
      return v;
    case 'bool':
      if (v === 'true' || v === '1' || v === '') return true;
      if (v === 'false' || v === '0') return false;
      if (typeof v !== 'boolean') throw bad();
      return v;
    case 'enum':
      if (!spec.values.includes(v)) throw bad();
      return v;
    case 'pairList': {
      let list = v;
      if (typeof list === 'string') {
        list = list.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => s.split(':').map((x) => (x.trim() === '' ? NaN : Number(x))));
      }
      if (!Array.isArray(list) || list.length < spec.minItems || list.length > spec.maxItems) throw bad();
      const ok = list.every((pr) => Array.isArray(pr) && pr.length === 2 &&
        pr.every((x) => Number.isInteger(x) && x >= spec.min && x <= spec.max));
      if (!ok) throw bad();
      return list.map((pr) => [pr[0], pr[1]]);
    }
    case 'intList':
    case 'enumList': {
      let list = v;
      if (typeof list === 'string') list = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (!Array.isArray(list) || list.length < spec.minItems || list.length > spec.maxItems) throw bad();
      if (spec.type === 'enumList') {
        if (!list.every((x) => spec.values.includes(x))) throw bad();
        return [...new Set(list)];
      }
      list = list.map((x) => (typeof x === 'string' && x !== '' ? Number(x) : x));
      if (!list.every((x) => Number.isInteger(x) && x >= spec.min && x <= spec.max)) throw bad();
      return list;
    }
    default:
      throw new Error(`${fn}: internal: unknown parameter type ${spec.type}`);
  }
}

/** Returns the lab's full parameter object (defaults filled); throws naming the first bad parameter. */
export function resolveParams(labName, params = {}) {
  const lab = LABS[labName];
  if (!lab) throw argError('runLab', 'name', `one of ${Object.keys(LABS).map((n) => `'${n}'`).join(', ')}`, labName);
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw argError(labName, 'params', 'an object', params);
  }
  for (const key of Object.keys(params)) {
    if (!(key in lab.params)) {
      throw argError(labName, 'params', `an object with keys among ${Object.keys(lab.params).join(', ')}`, `unknown key '${key}'`);
    }
  }
  const out = {};
  for (const [name, spec] of Object.entries(lab.params)) {
    const raw = params[name];
    out[name] = raw === undefined ? structuredClone(spec.default) : parseOne(labName, name, spec, raw);
  }
  return out;
}
