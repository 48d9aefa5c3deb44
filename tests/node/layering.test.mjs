// tests/node/layering.test.mjs — the page reaches the package only through its public entry: every import
// specifier in web/**/*.js is 'pe-lab', 'pe-lab/figures', a runtime dependency of package.json (chart.js, …)
// or a file under web/. Reaching into wasm/ (wasm/schema.js, wasm/labs/*) by a relative path fails.
// Also: the pooled-lab API the page's worker pool relies on (planJobs, labInfo, trainJobs) is exported.
// Leaves out: specifiers built at run time (none in web/; a template literal in import() would be reported).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = join(ROOT, 'web');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const PACKAGE_ENTRIES = new Set(['pe-lab', 'pe-lab/figures']);
const NPM = new Set(Object.keys({ ...PKG.dependencies, ...PKG.optionalDependencies }));

/** Every module specifier of a JS source: static import/export … from, bare import '…', import('…'). */
export function specifiersOf(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = [];
  for (const re of [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"`])([^'"`]+)\1/g, /\bimport\s*(['"`])([^'"`]+)\1/g,
    /\bimport\s*\(\s*(['"`])([^'"`]+)\1/g, /\bimport\s*\(\s*([^'"`\s)])/g]) {
    for (const m of code.matchAll(re)) out.push(m[2] ?? `<computed ${m[1]}…>`);
  }
  return out;
}

/** Why `spec` (imported by `file`) breaks the layering, or null when it is allowed. */
export function violation(file, spec) {
  if (PACKAGE_ENTRIES.has(spec)) return null;
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = resolve(dirname(file), spec.replace(/\?.*$/, ''));
    return target === WEB || target.startsWith(WEB + sep) ? null : `reaches outside web/: ${relative(ROOT, target)}`;
  }
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  return NPM.has(name) ? null : `neither the package entry nor a runtime dependency: ${spec}`;
}

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

test('the checker itself: it finds every form of import and refuses wasm/ internals (hand-written cases)', () => {
  const file = join(WEB, 'ui', 'x.js');
  const src = `import { LABS } from '../../wasm/schema.js';\nexport { a } from "./dom.js";\nimport './side.css';\n`
    + `const v = await import('../labs/rope.js');\n// import { no } from '../../wasm/comment.js';\nimport {\n  b,\n} from 'pe-lab';`;
  assert.deepEqual(specifiersOf(src).sort(), ['../../wasm/schema.js', './dom.js', './side.css', '../labs/rope.js', 'pe-lab'].sort());
  assert.match(violation(file, '../../wasm/schema.js'), /outside web\/: wasm\/schema\.js/);
  assert.match(violation(file, '../../wasm/index.js'), /outside web\//);
  assert.match(violation(file, 'pe-lab/wasm/labs/head-to-head.js'), /neither/);
  assert.match(violation(file, 'left-pad'), /neither/);
  assert.equal(violation(file, 'pe-lab'), null);
  assert.equal(violation(file, 'pe-lab/figures'), null);
  assert.equal(violation(file, 'chart.js/auto'), null);
  assert.equal(violation(file, '../lab.css?inline'), null);
  assert.match(specifiersOf('import(name)')[0], /computed/);
});

test('no module under web/ imports wasm/ other than through the package entry', () => {
  const files = jsFiles(WEB);
  assert.ok(files.length >= 20, `found ${files.length} modules under web/`);
  const bad = [];
  for (const file of files) {
    for (const spec of specifiersOf(readFileSync(file, 'utf8'))) {
      const why = violation(file, spec);
      if (why) bad.push(`${relative(ROOT, file)}: '${spec}' ${why}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the entry exports what the page needs, and planJobs is generic', async () => {
  const api = await import('pe-lab');
  for (const name of ['LABS', 'LAB_NAMES', 'resolveParams', 'describeParam', 'resultJson', 'planJobs', 'labInfo', 'filesFor']) {
    assert.ok(name in api, `pe-lab exports ${name}`);
  }
  // head-to-head at seeds 2, variants [sinusoidal, rope], seed 5: 2·2 jobs, seed-major (by the schema's definition).
  assert.deepEqual(api.planJobs('head-to-head', { seeds: 2, variants: ['sinusoidal', 'rope'], seed: 5 }), [
    { variant: 'sinusoidal', seed: 5 }, { variant: 'rope', seed: 5 }, { variant: 'sinusoidal', seed: 6 }, { variant: 'rope', seed: 6 }]);
  assert.equal(api.planJobs('rope', {}), null, 'a lab run in one piece has no jobs');
  assert.equal(api.labInfo('rope').pooled, false);
  assert.equal(api.labInfo('head-to-head').pooled, true);
  assert.throws(() => api.planJobs('head-to-head', { dModel: 32, nHeads: 3 }), { code: 'PE_LAB_BAD_ARGUMENT', param: 'nHeads' });
  assert.throws(() => api.planJobs('nope'), { code: 'PE_LAB_BAD_ARGUMENT', param: 'name' });
});
