// tests/node/i18n.test.mjs — the page's two catalogues (web/i18n/en.js, es.js) hold the same keys, no empty
// strings and the same {placeholders}; every lab in wasm/schema.js has an English and a Spanish title and
// every parameter an English and a Spanish description (the page's labels come from there).
import test from 'node:test';
import assert from 'node:assert/strict';
import en from '../../web/i18n/en.js';
import es from '../../web/i18n/es.js';
import { LABS } from '../../wasm/schema.js';

const placeholders = (s) => [...s.matchAll(/(?<![_^])\{(\w+)\}/g)].map((m) => m[1]).sort();

test('en and es catalogues have the same keys', () => {
  const missingInEs = Object.keys(en).filter((k) => !(k in es));
  const missingInEn = Object.keys(es).filter((k) => !(k in en));
  assert.deepEqual(missingInEs, [], 'keys missing in es.js');
  assert.deepEqual(missingInEn, [], 'keys missing in en.js');
});

test('no catalogue string is empty', () => {
  for (const [name, cat] of [['en', en], ['es', es]]) {
    for (const [k, v] of Object.entries(cat)) {
      assert.equal(typeof v, 'string', `${name}:${k} is a string`);
      assert.ok(v.trim().length > 0, `${name}:${k} is not empty`);
    }
  }
});

test('both languages use the same placeholders in each string', () => {
  for (const k of Object.keys(en)) {
    assert.deepEqual(placeholders(es[k] ?? ''), placeholders(en[k]), `placeholders of ${k}`);
  }
});

test('every lab in the schema has en and es titles, and every parameter en and es descriptions', () => {
  for (const [lab, spec] of Object.entries(LABS)) {
    assert.ok(spec.title?.en?.trim(), `${lab} title.en`);
    assert.ok(spec.title?.es?.trim(), `${lab} title.es`);
    for (const [param, p] of Object.entries(spec.params)) {
      assert.ok(typeof p.en === 'string' && p.en.trim(), `${lab}.${param} en`);
      assert.ok(typeof p.es === 'string' && p.es.trim(), `${lab}.${param} es`);
    }
  }
});

test('every lab section has a statement and a navigation label in both languages', async () => {
  // web/labs/index.js uses dynamic import() only, so it loads in Node without a DOM.
  const { LAB_ORDER } = await import('../../web/labs/index.js');
  for (const lab of LAB_ORDER) {
    for (const [name, cat] of [['en', en], ['es', es]]) {
      assert.ok(cat[`${lab}.statement`], `${name}: ${lab}.statement`);
      assert.ok(cat[`nav.${lab}`], `${name}: nav.${lab}`);
      assert.ok(LABS[lab]?.title?.[name] || cat[`lab.${lab}.title`], `${name}: title of ${lab}`);
    }
  }
});
