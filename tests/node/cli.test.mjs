// tests/node/cli.test.mjs — the `pe-lab` command (wasm/cli.js) run as a child process from the repository
// root: list, run <lab> --out DIR (the files runLab returns, written to disk), <lab> --help from the schema,
// --params JSON with flags overriding it, and the exit codes of ARCHITECTURE.md (0 ok, 2 bad usage or
// parameters with the message on stderr, 1 failure); `run all` and its index.md; hostile arguments (one line on
// stderr, no stack), --out checked before computing, symbolic links never followed, and the PNG skip (through
// the exported writer). Leaves out: the numbers themselves (labs.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABS, LAB_NAMES } from '../../wasm/schema.js';
import { getLab } from './helpers.mjs';
import { skippedWarning, writeFiles } from '../../wasm/cli.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `node wasm/cli.js …args` in the repository root; returns { status, stdout, stderr }. */
function cli(...args) {
  return cliWithin(120000, ...args);
}

/** cli() killed after `ms` milliseconds (r.error is then ETIMEDOUT, which throws here). */
function cliWithin(ms, ...args) {
  const r = spawnSync(process.execPath, ['wasm/cli.js', ...args], { cwd: REPO, encoding: 'utf8', timeout: ms });
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
    [['run', 'nope', '--out', dir], new RegExp(`lab must be one of ${LAB_NAMES.join(', ')} or all, got 'nope'`)],
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

// ---------------------------------------------------------------------------------------------------
// run all

/** Small overrides keep `run all` fast (head-to-head trains 20 steps of one seed); the same go to runLab. */
const RUN_ALL_FLAGS = ['--head-to-head.steps', '20', '--head-to-head.seeds', '1', '--rope.dHead', '8'];
const RUN_ALL_PARAMS = { 'head-to-head': { steps: 20, seeds: 1 }, rope: { dHead: 8 }, extrapolation: { TSweep: [16, 32] } };

/** result without wall-clock fields (head-to-head's trainSeconds, tokensPerSecond differ from run to run). */
function withoutTimings(value) {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'trainSeconds' || key === 'tokensPerSecond' ? undefined : v)));
}

test('run all --out DIR writes every lab\'s files into DIR/<lab>, result.json equal to runLab\'s, and index.md', async (t) => {
  const dir = tempDir(t);
  // A symbolic link where a lab folder goes: replaced by a real folder, its target left as it was.
  const decoy = path.join(dir, 'decoy');
  mkdirSync(decoy);
  const out = path.join(dir, 'out');
  mkdirSync(out);
  symlinkSync(decoy, path.join(out, 'rope'));
  const r = cli('run', 'all', ...RUN_ALL_FLAGS, '--params', JSON.stringify({ extrapolation: { TSweep: [16, 32] } }), '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(decoy), []);
  assert.ok(lstatSync(path.join(out, 'rope')).isDirectory());
  // One progress line per lab, in LAB_NAMES order: "[3/7] rope … done in 0.1 s".
  const progress = r.stderr.trim().split('\n');
  assert.deepEqual(progress.map((line) => line.replace(/ done in \d+\.\d s$/, '')),
    LAB_NAMES.map((name, i) => `[${i + 1}/${LAB_NAMES.length}] ${name} …`));
  assert.deepEqual(readdirSync(out).sort(), [...LAB_NAMES, 'index.md'].sort());
  const index = readFileSync(path.join(out, 'index.md'), 'utf8');
  const lab = await getLab();
  for (const name of LAB_NAMES) {
    const expected = await lab.runLab(name, RUN_ALL_PARAMS[name] ?? {});
    const folder = path.join(out, name);
    // Exactly runLab's file names (no temporary file left behind).
    assert.deepEqual(readdirSync(folder).sort(), Object.keys(expected.files).sort(), name);
    const saved = readJson(folder, 'result.json');
    assert.deepEqual(saved.params, JSON.parse(JSON.stringify(expected.params)), name);
    assert.deepEqual(withoutTimings(saved.result), withoutTimings(expected.result), name);
    // index.md: a section per lab, each file linked with its size on disk (stat, not the CLI's count),
    // and every top-level key of the manifest's results_summary.
    const section = index.split(/^## /m).find((s) => s.startsWith(`${name} — `));
    assert.ok(section, `index.md has no section for ${name}`);
    for (const file of Object.keys(expected.files)) {
      assert.ok(section.includes(`| [${file}](${name}/${file}) | ${statSync(path.join(folder, file)).size} |`), `${name}/${file}`);
    }
    for (const key of Object.keys(expected.manifest.results_summary ?? {})) assert.match(section, new RegExp(`\\| ${key}[ .]`), `${name}: ${key}`);
  }
  // The parameters that differ from the defaults, as the flags that reproduce them (from RUN_ALL_PARAMS).
  const paramsLine = (name) => index.split(/^## /m).find((s) => s.startsWith(`${name} — `)).match(/^Parameters: (.*)\.$/m)[1];
  assert.equal(paramsLine('rope'), '`--rope.dHead 8`');
  assert.equal(paramsLine('extrapolation'), '`--extrapolation.TSweep 16,32`');
  assert.equal(paramsLine('head-to-head'), '`--head-to-head.seeds 1`, `--head-to-head.steps 20`');
  assert.equal(paramsLine('biases'), 'the defaults');
});

test('run all --help describes the per-lab flags; a per-lab flag or --params key that names no lab or param exits 2', (t) => {
  const r = cli('run', 'all', '--help');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /--<lab>\.<param>/);
  assert.match(r.stdout, /index\.md/);
  const dir = tempDir(t);
  const cases = [
    [['--nope.dHead', '8'], /no lab 'nope'/],
    [['--rope.nope', '8'], /rope has no parameter 'nope'/],
    [['--dHead', '8'], /unknown option --dHead/],
    [['--params', '{"nope":{}}'], /unknown lab 'nope'/],
    [['--params', '{"rope":{"nope":1}}'], /unknown parameter 'nope' for rope/],
    [['--params', '{"rope":[]}'], /value for rope must be a JSON object/],
    [['--params', '{"__proto__":{}}'], /unknown lab '__proto__'/],
    [['--params', '{"rope":{"__proto__":{}}}'], /unknown parameter '__proto__' for rope/],
    [['--params', 'null'], /--params must be a JSON object, got null/],
    [['--rope.dHead', '7'], /rope: dHead must be an integer/],
  ];
  for (const [args, re] of cases) {
    const res = cli('run', 'all', ...args, '--out', dir);
    assert.equal(res.status, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
    assert.match(res.stderr, re, args.join(' '));
  }
  assert.deepEqual(readdirSync(dir), []);  // parameters are checked before anything is written
});

// ---------------------------------------------------------------------------------------------------
// Hostile arguments and output folders (issue 13, item 7)

/** Exit 2, one line on stderr (plus the usage text when the command itself is wrong), no stack frame. */
function assertOneLineUsageError(r, label) {
  assert.equal(r.status, 2, `${label}: status ${r.status}, stderr ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, label);
  const lines = r.stderr.trimEnd().split('\n');
  assert.ok(lines.length === 1 || lines[1].startsWith('usage: '), `${label}: ${r.stderr}`);
}

test('hostile arguments exit 2 with one line on stderr and no stack trace, and write nothing', (t) => {
  const dir = tempDir(t);
  const cases = [
    [['run', '__proto__', '--out', dir], /lab must be one of .* got '__proto__'/],
    [['run', 'constructor', '--help'], /got 'constructor'/],
    [['constructor', '--help'], /unknown command 'constructor'/],
    [['toString'], /unknown command 'toString'/],
    [['run', 'rope', '--params', 'null', '--out', dir], /--params must be a JSON object, got null/],
    [['run', 'rope', '--params', '[]', '--out', dir], /--params must be a JSON object, got \[\]/],
    [['run', 'rope', '--params', '5', '--out', dir], /--params must be a JSON object, got 5/],
    [['run', 'rope', '--params', '{"__proto__":{}}', '--out', dir], /unknown parameter '__proto__'/],
    [['run', 'rope', '--params', '{"constructor":1}', '--out', dir], /unknown parameter 'constructor'/],
    [['run', 'rope', '--toString', '5', '--out', dir], /unknown option --toString/],
    [['run', 'rope', '--__proto__', '5', '--out', dir], /unknown option --__proto__/],
    // Numbers are decimals only: no hex, no dangling exponent, no blanks, not empty.
    [['run', 'rope', '--dHead', '0x10', '--out', dir], /dHead must be .* got '0x10'/],
    [['run', 'rope', '--dHead', '1e', '--out', dir], /dHead must be .* got '1e'/],
    [['run', 'rope', '--dHead', ' 16', '--out', dir], /dHead must be .* got ' 16'/],
    [['run', 'rope', '--dHead=', '--out', dir], /dHead must be .* got ''/],
    [['run', 'rope', '--params', '{"T":"0x40"}', '--out', dir], /T must be .* got '0x40'/],
    [['run', 'sinusoidal', '--dims', '0,0x2', '--out', dir], /dims must be/],
    [['run', 'rope', '--pairs', '1:2,3', '--out', dir], /pairs must be/],
    [['run', 'rope', '--dHead', '--out', dir], /--dHead needs a value/],
    [['run', 'extrapolation', '--causal=false', '--out', dir], /--causal takes no value/],
    [['run', 'rope', '--out', dir, '--out', dir], /--out given twice/],
    [['run', 'rope', 'stray', '--out', dir], /unexpected argument 'stray'/],
    [['run', 'rope', '--out', ''], /--out must name a folder/],
  ];
  for (const [args, re] of cases) {
    const r = cli(...args);
    assertOneLineUsageError(r, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('--out on a special filesystem or below a file exits 2 at once, before computing', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'plain.txt');
  writeFileSync(file, 'x');
  const cases = [
    [['run', 'rope', '--out', '/proc/x'], /\/proc is a special filesystem/],
    [['run', 'rope', '--out', '/proc'], /\/proc is a special filesystem/],
    [['run', 'all', '--out', '/sys/pe-lab'], /\/sys is a special filesystem/],
    [['run', 'rope', '--out', path.join(file, 'sub')], /not a folder/],
    [['run', 'rope', '--out', file], /exists and is not a folder/],
  ];
  for (const [args, re] of cases) {
    const r = cliWithin(5000, ...args);  // the /proc case used to spin forever in mkdir
    assertOneLineUsageError(r, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
    assert.equal(r.stdout, '');  // no file written
  }
  assert.equal(readFileSync(file, 'utf8'), 'x');
});

/**
 * A folder nobody may write into: mode 0555, or for root (whom modes do not stop) the immutable attribute
 * (`chattr +i`, ext2/3/4 and a few others). Returns undefined where neither can be arranged.
 */
function readOnlyFolder(t) {
  const ro = mkdtempSync(path.join(tmpdir(), 'pe-lab-cli-ro-'));
  const root = process.getuid?.() === 0;
  const locked = root ? spawnSync('chattr', ['+i', ro]).status === 0 : (chmodSync(ro, 0o555), true);
  t.after(() => {  // unlock first, then remove (hooks run in the order they were added)
    if (root) spawnSync('chattr', ['-i', ro]);
    else chmodSync(ro, 0o755);
    rmSync(ro, { recursive: true, force: true });
  });
  return locked ? ro : undefined;
}

test('an unwritable --out exits 2 with one line before computing, whether it exists or is to be created in it', (t) => {
  const ro = readOnlyFolder(t);
  if (!ro) return t.skip('no way to make a read-only folder here (root without chattr support)');
  for (const [out, re] of [[ro, /not writable/], [path.join(ro, 'sub'), /cannot create it/]]) {
    const r = cli('run', 'rope', '--out', out);
    assertOneLineUsageError(r, out);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
  }
  assert.deepEqual(readdirSync(ro), []);  // not even the probe file is left
});

test('a symbolic link in --out is replaced by a regular file: its target is never written', (t) => {
  const dir = tempDir(t);
  const target = path.join(dir, 'precious.txt');
  writeFileSync(target, 'keep me\n');
  const out = path.join(dir, 'out');
  mkdirSync(out);
  symlinkSync(target, path.join(out, 'README.md'));
  const r = cli('run', 'rope', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(target, 'utf8'), 'keep me\n');
  assert.ok(lstatSync(path.join(out, 'README.md')).isFile());  // the link itself became rope's README
  assert.match(readFileSync(path.join(out, 'README.md'), 'utf8'), /interleaved/i);
});

test('the bin works through a symbolic link, as npx and npm install it', (t) => {
  const link = path.join(tempDir(t), 'pe-lab');
  symlinkSync(path.join(REPO, 'wasm', 'cli.js'), link);
  const r = spawnSync(process.execPath, [link, 'list'], { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]), LAB_NAMES);
});

test('boolean parameters are flags: --causal sets true, --no-causal false', (t) => {
  for (const [flagName, expected] of [['--causal', true], ['--no-causal', false]]) {
    const dir = tempDir(t);
    const r = cli('run', 'extrapolation', '--TSweep', '8,16', flagName, '--out', dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readJson(dir, 'result.json').params.causal, expected, flagName);
  }
});

// ---------------------------------------------------------------------------------------------------
// The writer: text, bytes, promised bytes, and PNGs skipped without the Node canvas

/** A `files` object whose entries are computed on read, as runLab's are. */
function lazy(makers) {
  const files = {};
  for (const [name, make] of Object.entries(makers)) Object.defineProperty(files, name, { enumerable: true, get: make });
  return files;
}

const noCanvas = () => Promise.reject(Object.assign(new Error('@napi-rs/canvas is not installed'), { code: 'PE_LAB_NO_CANVAS' }));

test('writeFiles writes text as UTF-8, bytes raw, awaits promises, and skips PNGs that need the missing canvas', async (t) => {
  const dir = tempDir(t);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);  // the PNG signature
  const files = lazy({
    'note.txt': () => 'héllo — ü\n',
    'raw.bin': () => new Uint8Array([0, 255, 1, 128]),
    'chart.png': () => Promise.resolve(png),
    'heatmap.png': noCanvas,
    'grid.png': noCanvas,
  });
  const { written, skippedPngs } = await writeFiles(dir, files);
  assert.deepEqual(written.map((w) => w.name), ['note.txt', 'raw.bin', 'chart.png']);
  assert.deepEqual(skippedPngs, ['heatmap.png', 'grid.png']);
  // Expected bytes: 'é', 'ü' are 2 bytes and '—' 3 bytes in UTF-8, so these 10 characters make 14 bytes.
  assert.deepEqual([...readFileSync(path.join(dir, 'note.txt'))], [...Buffer.from('héllo — ü\n', 'utf8')]);
  assert.equal(written[0].bytes, 14);
  assert.deepEqual([...readFileSync(path.join(dir, 'raw.bin'))], [0, 255, 1, 128]);
  assert.deepEqual([...readFileSync(path.join(dir, 'chart.png'))], [...png]);
  assert.deepEqual(readdirSync(dir).sort(), ['chart.png', 'note.txt', 'raw.bin']);
  // One warning line for the whole run, naming every skipped PNG with its lab.
  const warning = skippedWarning([{ lab: 'rope', skippedPngs: ['a.png'] }, { lab: 'biases', skippedPngs: ['b.png', 'c.png'] }]);
  assert.equal(warning.split('\n').length, 1);
  assert.match(warning, /skipped 3 PNG/);
  for (const name of ['rope/a.png', 'biases/b.png', 'biases/c.png']) assert.ok(warning.includes(name), name);
  assert.equal(skippedWarning([{ lab: 'rope', skippedPngs: [] }]), undefined);
});

test('writeFiles rejects on any other failure of a file, and on a name that is not a plain file name', async (t) => {
  const dir = tempDir(t);
  const broken = lazy({ 'x.png': () => Promise.reject(Object.assign(new Error('encoder crashed'), { code: 'EOTHER' })) });
  await assert.rejects(writeFiles(dir, broken), /encoder crashed/);
  await assert.rejects(writeFiles(dir, { '../escape.txt': 'x' }), /not a plain file name/);
  await assert.rejects(writeFiles(dir, { 'n.txt': 42 }), /neither text nor bytes/);
  assert.deepEqual(readdirSync(dir), []);
  assert.ok(!existsSync(path.join(dir, '..', 'escape.txt')));
});

test('a failure while writing exits 1 with one line naming the file; PE_LAB_DEBUG=1 adds the stack', (t) => {
  const out = tempDir(t);
  mkdirSync(path.join(out, 'README.md'));  // a folder where rope's README.md goes: the rename into place fails
  const r = cli('run', 'rope', '--out', out);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /cannot write .*README\.md/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const debug = spawnSync(process.execPath, ['wasm/cli.js', 'run', 'rope', '--out', out], {
    cwd: REPO, encoding: 'utf8', timeout: 120000, env: { ...process.env, PE_LAB_DEBUG: '1' } });
  assert.equal(debug.status, 1, debug.stderr);
  assert.match(debug.stderr, /\n\s+at /);
  assert.deepEqual(readdirSync(out).filter((name) => name.endsWith('.tmp')), []);  // no temporary file left
});
