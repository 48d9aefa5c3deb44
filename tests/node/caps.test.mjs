// tests/node/caps.test.mjs — limits live in one place: core/caps.h (engine caps) and core/labs/lab_caps.h
// (every lab parameter's range). wasm/caps.js mirrors the first and wasm/schema.js states the second; these
// tests read the core's tables through the bindings and hold both JS sides to them, then check through
// validation that the core itself refuses one step past each end of every range (without running any lab:
// the core checks its parameters before computing anything).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPeLab } from '../../wasm/index.js';
import { LABS, LAB_NAMES } from '../../wasm/schema.js';
import { resolveParams } from '../../wasm/params.js';
import * as caps from '../../wasm/caps.js';

const lab = await createPeLab();
const raw = lab._wasm;
const labCaps = raw.labCaps();

const RANGED = new Set(['int', 'number', 'intList', 'pairList']);

test('wasm/caps.js states core/caps.h exactly', () => {
  const engine = raw.engineCaps();
  for (const [name, value] of Object.entries(engine)) assert.equal(caps[name], value, name);
});

test('every ranged schema parameter has the range of core/labs/lab_caps.h, and nothing else is capped there', () => {
  for (const name of LAB_NAMES) {
    const ranged = Object.entries(LABS[name].params).filter(([, p]) => RANGED.has(p.type));
    assert.deepEqual(Object.keys(labCaps[name] ?? {}).sort(), ranged.map(([k]) => k).sort(), `${name}: capped parameters`);
    for (const [key, p] of ranged) {
      const c = labCaps[name][key];
      assert.equal(p.min, c.min, `${name}.${key} min`);
      assert.equal(p.max, c.max, `${name}.${key} max`);
      assert.equal(Boolean(p.exclusiveMin), c.exclusiveMin, `${name}.${key} exclusiveMin`);
    }
  }
});

// The core's lab entry points with a resolved parameter object (wasm/labs/<lab>.js passes the same shapes).
const CALL = {
  permutation: (p) => raw.permutationLab({ ...p, words: p.sentence.split(' '), reorderedWords: p.reordered.split(' ') }),
  sinusoidal: (p) => raw.sinusoidalLab(p),
  rope: (p) => raw.ropeLab(p),
  extrapolation: (p) => raw.extrapolationLab({ ...p, schemes: ['sinusoidal'], Ts: p.TSweep }),
  biases: (p) => raw.biasesLab(p),
  'context-extension': (p) => raw.contextExtensionLab(p),
  'head-to-head': (p) => raw.headToHeadRun(p, 'rope', p.seed, () => false),
};

/** A value one step outside [min, max] on either side, in the parameter's own shape. */
function outside(p, side) {
  const step = p.type === 'number' ? (side === 'max' ? p.max : 1) * 1e-6 : 1;
  const v = side === 'max' ? p.max + step : p.exclusiveMin ? p.min : p.min - step;
  if (p.type === 'intList') return [v];
  if (p.type === 'pairList') return [[v, 0]];
  return v;
}

test('the core refuses one step past either end of every schema range, naming the parameter', () => {
  for (const name of LAB_NAMES) {
    for (const [key, p] of Object.entries(LABS[name].params)) {
      if (!RANGED.has(p.type)) continue;
      for (const side of ['min', 'max']) {
        const bad = outside(p, side);
        // The JS side refuses it too (the schema), before any conversion.
        assert.throws(() => resolveParams(name, { [key]: bad }), { code: 'PE_LAB_BAD_ARGUMENT' }, `${name}.${key} ${side} (JS)`);
        // The core, called directly with every other parameter at its default.
        const params = { ...resolveParams(name, {}), [key]: bad };
        assert.throws(() => CALL[name](params), (err) => err.param === key && err.code === 'PE_LAB_BAD_ARGUMENT',
          `${name}.${key} = ${JSON.stringify(bad)} (${side}) refused by the core`);
      }
    }
  }
});

test('the largest values the schema allows pass its validation', () => {
  for (const name of LAB_NAMES) {
    for (const [key, p] of Object.entries(LABS[name].params)) {
      if (p.type !== 'int' && p.type !== 'number') continue;
      assert.doesNotThrow(() => resolveParams(name, { [key]: p.max }), `${name}.${key} = ${p.max}`);
    }
  }
});
