// tests/node/presets.test.mjs — the named presets (wasm/presets.js): every preset of every lab passes the
// schema's validation and the engine's own checks (it runs), fits the default budget (wasm/cost.js), is named in
// both languages and differs from the defaults; `pe-lab run <lab> --preset <id>` writes the preset's parameters
// (flags override them); the "More parameters" split (schema `primary`) leaves two or three parameters shown;
// the labs' titles are numbered Lab 00 … 06 in page order (web/labs/index.js), in both languages.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABS, PRESETS, presetParams, resolveParams, checkRunBudget, BUDGET } from 'pe-lab';
import { LAB_ORDER } from '../../web/labs/index.js';
import { getLab } from './helpers.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

test('every preset is valid, runs and fits the default budget', async () => {
  const api = await getLab();
  const all = Object.entries(PRESETS).flatMap(([lab, list]) => list.map((p) => [lab, p]));
  assert.ok(all.length >= 12, `${all.length} presets`);
  for (const [lab, preset] of all) {
    const where = `${lab} preset ${preset.id}`;
    assert.ok(Object.hasOwn(LABS, lab), `${lab} is a lab`);
    for (const key of Object.keys(preset.params)) assert.ok(Object.hasOwn(LABS[lab].params, key), `${where}: ${key} is a parameter`);
    const params = presetParams(lab, preset.id);
    resolveParams(lab, params);                    // the schema's checks (throws a PE_LAB_BAD_ARGUMENT Error)
    const cost = checkRunBudget(lab, params);      // throws when over BUDGET (memory or time)
    assert.ok(cost.bytes <= BUDGET.bytes && cost.seconds <= BUDGET.seconds, where);
    const out = await api.runLab(lab, params);     // the engine's cross-parameter checks too
    for (const [key, v] of Object.entries(preset.params)) assert.ok(same(out.params[key], v), `${where}: ${key} as set`);
    assert.ok(Object.entries(preset.params).some(([k, v]) => !same(v, LABS[lab].params[k].default)) || preset.id === PRESETS[lab][0].id,
      `${where}: differs from the defaults (only a lab's first preset may restate them)`);
  }
});

test('presets are named in English and Spanish, with unique ids per lab', () => {
  for (const [lab, list] of Object.entries(PRESETS)) {
    assert.ok(list.length >= 2 && list.length <= 4, `${lab}: a few presets`);
    assert.equal(new Set(list.map((p) => p.id)).size, list.length, `${lab}: unique ids`);
    for (const p of list) {
      assert.match(p.id, /^[a-z0-9-]+$/, `${lab}: the id is URL- and CLI-safe`);
      for (const lang of ['en', 'es']) {
        assert.ok(p[lang]?.name?.length > 0 && p[lang]?.what?.length > 0, `${lab}/${p.id}: ${lang} name and description`);
      }
    }
  }
  assert.throws(() => presetParams('rope', 'nope'), (e) => e.code === 'PE_LAB_BAD_ARGUMENT' && e.param === 'preset' && /base-10/.test(e.allowed));
  assert.throws(() => presetParams('head-to-head', 'study'), (e) => e.code === 'PE_LAB_BAD_ARGUMENT', 'head-to-head\'s presets are its parameter');
});

test('pe-lab run <lab> --preset <id> writes the preset\'s parameters; flags override it; a bad id exits 2', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pe-lab-preset-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args) => spawnSync(process.execPath, ['wasm/cli.js', ...args], { cwd: REPO, encoding: 'utf8' });
  const ok = run('run', 'sinusoidal', '--preset', 'base-10', '--T', '48', '--out', dir);
  assert.equal(ok.status, 0, ok.stderr);
  const params = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')).params;
  assert.equal(params.base, 10, 'from the preset');
  assert.equal(params.T, 48, 'the flag wins');
  assert.equal(params.d, LABS.sinusoidal.params.d.default, 'the rest are the defaults');
  const bad = run('run', 'sinusoidal', '--preset', 'nope', '--out', dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /preset must be one of 'long-small-d', 'base-10', 'far-offset', got 'nope'/);
  const h2h = run('head-to-head', '--help');
  assert.match(h2h.stdout, /--preset <enum>/, 'head-to-head keeps its own preset parameter');
});

test('each lab shows two or three primary parameters, the rest under "More parameters"', () => {
  for (const [lab, spec] of Object.entries(LABS)) {
    const primary = Object.keys(spec.params).filter((k) => spec.params[k].primary);
    assert.ok(primary.length >= 2 && primary.length <= 3, `${lab}: ${primary.join(', ')}`);
  }
});

test('lab titles are numbered Lab 00 … 06 in page order, in both languages', () => {
  assert.deepEqual([...LAB_ORDER].sort(), Object.keys(LABS).sort());
  LAB_ORDER.forEach((lab, i) => {
    for (const lang of ['en', 'es']) assert.ok(LABS[lab].title[lang].startsWith(`Lab ${String(i).padStart(2, '0')} — `), `${lab} (${lang}): ${LABS[lab].title[lang]}`);
  });
});
