// tests/node/cli.test.mjs — the `pe-lab` command (wasm/cli.js) run as a child process from the repository
// root: list, run <lab> --out DIR (the files runLab returns, written to disk), <lab> --help from the schema,
// --params JSON with flags overriding it, and the exit codes of ARCHITECTURE.md (0 ok, 2 bad usage or
// parameters with the message on stderr, 1 failure). Leaves out: the numbers themselves (labs.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABS, LAB_NAMES } from '../../wasm/schema.js';
import { getLab } from './helpers.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `node wasm/cli.js …args` in the repository root; returns { status, stdout, stderr }. */
function cli(...args) {
  const r = spawnSync(process.execPath, ['wasm/cli.js', ...args], { cwd: REPO, encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  return r;
}

/** A fresh temporary directory, removed when the test ends. */
function tempDir(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pe-lab-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const readJson = (dir, name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));

test('list prints every lab of the schema and exits 0', () => {
  const r = cli('list');
  assert.equal(r.status, 0, r.stderr);
  const first = r.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]);
  assert.deepEqual(first, LAB_NAMES);
  for (const name of ['permutation', 'sinusoidal', 'rope', 'extrapolation']) assert.ok(first.includes(name), name);
});

test('run permutation --out DIR writes result.json and manifest.json and exits 0', async (t) => {
  const dir = path.join(tempDir(t), 'nested', 'out');  // created if missing
  const r = cli('run', 'permutation', '--out', dir);
  assert.equal(r.status, 0, r.stderr);
  const manifest = readJson(dir, 'manifest.json');
  assert.equal(manifest.experiment, '16-permutation');
  const saved = readJson(dir, 'result.json');
  assert.equal(saved.lab, 'permutation');
  const defaults = Object.fromEntries(Object.entries(LABS.permutation.params).map(([k, s]) => [k, s.default]));
  assert.deepEqual(saved.params, defaults);
  assert.deepEqual(saved.result.words, ['I', 'work', 'he']);
  // Every file runLab returns is written, and each written path is printed.
  const lab = await getLab();
  const expected = Object.keys((await lab.runLab('permutation')).files).sort();
  assert.deepEqual(readdirSync(dir).sort(), expected);
  for (const name of expected) assert.ok(r.stdout.includes(path.join(dir, name)), name);
});

test('run rope --out DIR writes verify_output.txt, manifest.json, README.md and result.json', (t) => {
  const dir = tempDir(t);
  const r = cli('run', 'rope', '--out', dir);
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['verify_output.txt', 'manifest.json', 'README.md', 'result.json']) {
    assert.ok(existsSync(path.join(dir, name)), name);
  }
  assert.match(readFileSync(path.join(dir, 'verify_output.txt'), 'utf8'), /ALL CHECKS PASSED/);
  assert.equal(readJson(dir, 'manifest.json').experiment, '16-rope');
  assert.match(readFileSync(path.join(dir, 'README.md'), 'utf8'), /interleaved/i);
});

test('run extrapolation --out DIR writes manifest.json, README.md and result.json', (t) => {
  const dir = tempDir(t);
  const r = cli('run', 'extrapolation', '--out', dir);
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['manifest.json', 'README.md', 'result.json']) assert.ok(existsSync(path.join(dir, name)), name);
  const manifest = readJson(dir, 'manifest.json');
  assert.equal(manifest.experiment, '16-extrapolation');
  assert.match(manifest.phase_17_recommendation, /^(sinusoidal|learned|rope)_with_(sinusoidal|learned|rope)_fallback$/);
  assert.equal(readJson(dir, 'result.json').result.recommendation, manifest.phase_17_recommendation);
});

test('a bad parameter exits 2 with a message naming it on stderr, and writes nothing', (t) => {
  const dir = path.join(tempDir(t), 'never');
  const r = cli('run', 'permutation', '--dModel', '3', '--out', dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /dModel/);
  assert.match(r.stderr, /permutation: dModel must be/);
  assert.ok(!existsSync(dir));
});

test('bad usage exits 2 with a message on stderr', (t) => {
  const dir = tempDir(t);
  const cases = [
    [['run', 'nope', '--out', dir], new RegExp(`lab must be one of ${LAB_NAMES.join(', ')}, got 'nope'`)],
    [['run', 'sinusoidal'], /--out/],
    [['run', 'sinusoidal', '--Tee', '8', '--out', dir], /unknown option --Tee/],
    [['run', 'sinusoidal', '--params', '{T:16}', '--out', dir], /--params must be a JSON object/],
    [['run', 'sinusoidal', '--T', '1', '--out', dir], /sinusoidal: T must be an integer in \[2, 2048\]/],
    [['run'], /missing <lab>/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, re] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
  }
  assert.deepEqual(readdirSync(dir), []);  // none of them wrote a file
});

test('<lab> --help lists every parameter of the schema and exits 0', () => {
  for (const name of LAB_NAMES) {
    const r = cli(name, '--help');
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    for (const param of Object.keys(LABS[name].params)) {
      assert.match(r.stdout, new RegExp(`--${param} `), `${name} --help lacks --${param}`);
    }
    assert.match(r.stdout, /--out/);
    assert.match(r.stdout, /--params/);
  }
});

test('--params JSON sets parameters and flags override it', (t) => {
  const a = tempDir(t);
  let r = cli('run', 'sinusoidal', '--params', '{"T":16}', '--out', a);
  assert.equal(r.status, 0, r.stderr);
  let saved = readJson(a, 'result.json');
  assert.equal(saved.params.T, 16);
  assert.deepEqual(saved.result.pe.shape, [16, LABS.sinusoidal.params.d.default]);
  const b = tempDir(t);
  r = cli('run', 'sinusoidal', '--params', '{"T":16,"offset":3}', '--T', '8', '--out', b);
  assert.equal(r.status, 0, r.stderr);
  saved = readJson(b, 'result.json');
  assert.equal(saved.params.T, 8);       // the flag wins
  assert.equal(saved.params.offset, 3);  // the JSON still applies where no flag is given
  assert.deepEqual(saved.result.pe.shape, [8, LABS.sinusoidal.params.d.default]);
  assert.deepEqual(readJson(b, 'manifest.json').config.T, 8);
  // --name=value form and list flags.
  const c = tempDir(t);
  r = cli('run', 'rope', '--dHead=8', '--pairs', '1:2,7:3', '--out', c);
  assert.equal(r.status, 0, r.stderr);
  saved = readJson(c, 'result.json');
  assert.equal(saved.params.dHead, 8);
  assert.deepEqual(saved.params.pairs, [[1, 2], [7, 3]]);
});
