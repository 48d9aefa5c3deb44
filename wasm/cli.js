#!/usr/bin/env node
// wasm/cli.js — the `pe-lab` command: a thin shell over runLab that writes its `files` to disk.
//   pe-lab list                                                        the labs and what they show
//   pe-lab <lab> --help                                                the lab's parameters (wasm/schema.js)
//   pe-lab run <lab> [--preset ID] [--<param> value …] [--params JSON] --out DIR  every file of runLab's `files`
//                                                                      (--preset: a named preset, wasm/presets.js)
//   pe-lab run all [--<lab>.<param> value …] [--params JSON] --out DIR  DIR/<lab>/… for every lab + DIR/index.md
// Exit codes: 0 success; 2 bad usage, parameters, budget or --out (checked before any computing); 1 any other failure.
// Budgets (wasm/cost.js): a run over the memory budget is refused always, over the time budget unless --no-budget.
// A failure prints ONE line on stderr, no stack trace (PE_LAB_DEBUG=1 prints the stack).
// Leaves out: the numbers and the files themselves (wasm/labs/<lab>.js); range checks (wasm/params.js,
// which this file calls before computing).
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { LABS, LAB_NAMES } from './schema.js';
import { describeParam, resolveParams } from './params.js';
import { argError, BAD_ARGUMENT } from './validate.js';
import { checkBudget, resolveBudget } from './cost.js';
import { presetsOf, presetParams } from './presets.js';

/** Bad usage (exit 2); `usage` is printed after the one-line message when set. */
class UsageError extends Error {
  constructor(message, usage) {
    super(message);
    this.usage = usage;
  }
}

/** The code a PNG entry of `files` rejects with when the Node canvas package cannot be loaded. */
export const NO_CANVAS = 'PE_LAB_NO_CANVAS';

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------
// Help texts

function usage() {
  return ['usage: pe-lab list',
    '       pe-lab <lab> --help',
    '       pe-lab run <lab> [--<param> value …] [--params JSON] --out DIR',
    '       pe-lab run all [--<lab>.<param> value …] [--params JSON] --out DIR',
    '', `labs: ${LAB_NAMES.join(', ')}`].join('\n');
}

const optionLine = (left, text) => `  ${left}`.padEnd(30) + text;
const NO_BUDGET_LINE = optionLine('--no-budget', 'lift the time budget (20 s a lab); the memory budget always applies');

function labHelp(lab) {
  const spec = LABS[lab];
  const lines = [`pe-lab run ${lab} [options] --out DIR`, '', spec.title.en, '', 'Options:'];
  for (const [name, p] of Object.entries(spec.params)) {
    const def = Array.isArray(p.default) ? p.default.join(',') : String(p.default);
    const left = p.type === 'bool' ? `--${name} (--no-${name})` : `--${name} <${p.type}>`;
    lines.push(optionLine(left, `${p.en}. ${describeParam(p)}; default ${def}`));
  }
  if (hasNamedPresets(lab)) {
    lines.push(optionLine('--preset <id>', 'a named preset (--params and flags override it):'));
    for (const p of presetsOf(lab)) lines.push(optionLine(`    ${p.id}`, `${p.en.name}: ${p.en.what}`));
  }
  lines.push(optionLine('--params <json>', 'all parameters as one JSON object (flags override it)'));
  lines.push(optionLine('--out <dir>', 'folder for the files (created if missing)'));
  lines.push(NO_BUDGET_LINE);
  return lines.join('\n');
}

function runAllHelp() {
  return ['pe-lab run all [options] --out DIR', '',
    'Runs every lab with its defaults; writes DIR/<lab>/… and DIR/index.md (each lab\'s files and headline numbers).', '',
    'Options:',
    optionLine('--<lab>.<param> <value>', 'one lab\'s parameter, e.g. --rope.dHead 16 (see pe-lab <lab> --help)'),
    optionLine('--params <json>', 'parameters keyed by lab, e.g. {"rope":{"dHead":16}} (flags override it)'),
    optionLine('--out <dir>', 'folder for the files (created if missing)'),
    NO_BUDGET_LINE,
    '', `labs: ${LAB_NAMES.join(', ')}`].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Arguments: node:util parseArgs, strict, with the options generated from the schema

// --no-budget parses (allowNegative) as budget: false; a bare --budget stays an unknown option.
const COMMON_OPTIONS = { params: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' }, 'no-budget': { type: 'boolean' } };

/** runLab's budget for these flags, after refusing (exit 2, nothing computed or created) a run over it. */
function budgetFor(values, what, lab, params) {
  const budget = resolveBudget(what, values.budget === false ? 'none' : undefined);
  checkBudget(lab, resolveParams(lab, params), budget);
  return budget;
}

/** True when `lab` has named presets (wasm/presets.js) and no parameter of its own named `preset` (head-to-head). */
const hasNamedPresets = (lab) => presetsOf(lab).length > 0 && !Object.hasOwn(LABS[lab].params, 'preset');

/** parseArgs options for one lab's parameters, named `<prefix><param>`; bools are flags (--x / --no-x). */
function labOptions(lab, prefix = '') {
  return Object.fromEntries(Object.entries(LABS[lab].params)
    .map(([name, spec]) => [prefix + name, { type: spec.type === 'bool' ? 'boolean' : 'string' }]));
}

/** Strict parse → a null-prototype object of values; every parse error becomes one UsageError line. */
function parse(args, options, what, unknownOption) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: false, allowNegative: true, tokens: true });
  } catch (err) {
    if (!String(err?.code).startsWith('ERR_PARSE_ARGS')) throw err;
    throw new UsageError(`${what}: ${explainParseError(args, options, unknownOption)}`);
  }
  const seen = new Set();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name)) throw new UsageError(`${what}: --${t.name} given twice`);
    seen.add(t.name);
  }
  return parsed.values;
}

/** The first offending argument of a failed strict parse, found by a lenient parse of the same args. */
function explainParseError(args, options, unknownOption) {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, allowNegative: true, tokens: true });
  for (const t of tokens) {
    if (t.kind === 'positional') return `unexpected argument '${t.value}'`;
    if (t.kind !== 'option') continue;
    if (!Object.hasOwn(options, t.name)) return unknownOption(t.rawName, t.name);
    const type = options[t.name].type;
    if (type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value (write --${t.name} or --no-${t.name})`;
    if (type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) {
      return `${t.rawName} needs a value (a value starting with '-' is written ${t.rawName}=VALUE)`;
    }
  }
  return `bad arguments: ${args.join(' ')}`;
}

/** --params' text → a plain object (own keys only are ever read). */
function parseJsonObject(text, what) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what}: --params must be a JSON object, got '${clip(text)}' (${e.message.split('\n')[0]})`);
  }
  if (!isPlainObject(value)) throw new UsageError(`${what}: --params must be a JSON object, got ${clip(JSON.stringify(value))}`);
  return value;
}

const clip = (s) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** Throws naming the first key of `obj` that is not an own key of `allowed` ('__proto__' included). */
function checkKeys(obj, allowed, message) {
  for (const key of Object.keys(obj)) if (!Object.hasOwn(allowed, key)) throw new UsageError(message(key));
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A value as typed on the command line (or a string in --params) → what params.js validates: numbers and
 * number lists parsed strictly as decimals ('0x10', '1e', ' 5', '' are bad arguments); other values as given.
 */
function coerce(lab, name, spec, raw) {
  if (typeof raw !== 'string') return raw;
  const bad = () => argError(lab, name, describeParam(spec), raw);
  const num = (s) => {
    if (!DECIMAL.test(s)) throw bad();
    return Number(s);
  };
  switch (spec.type) {
    case 'int':
    case 'number': return num(raw);
    case 'intList': return raw.split(',').map(num);
    case 'pairList': return raw.split(',').map((pair) => {
      const xs = pair.split(':');
      if (xs.length !== 2) throw bad();
      return xs.map(num);
    });
    default: return raw;
  }
}

/**
 * One lab's parameters from its --params object and its flags (flags win), checked against the schema
 * before anything runs (unknown key → UsageError; bad value → params.js's bad-argument Error).
 */
function labParams(lab, json, flagValue, what, preset = {}) {
  const spec = LABS[lab].params;
  checkKeys(json, spec, (key) => `${what}: --params has unknown parameter '${key}' for ${lab}; parameters: ${Object.keys(spec).join(', ')}`);
  const params = Object.create(null);
  for (const name of Object.keys(spec)) {
    const raw = flagValue(name) ?? (Object.hasOwn(json, name) ? json[name] : undefined) ?? preset[name];
    if (raw !== undefined) params[name] = coerce(lab, name, spec[name], raw);
  }
  resolveParams(lab, params);
  return params;
}

function requireOut(values, what) {
  if (values.out === undefined) throw new UsageError(`${what}: --out DIR is required`);
  if (values.out === '') throw new UsageError(`${what}: --out must name a folder, got ''`);
  return values.out;
}

// ---------------------------------------------------------------------------------------------------
// The output folder: checked before computing; files written without following symbolic links

/** Pseudo filesystems that are never an output folder, by their statfs f_type (Linux magic numbers). */
const PSEUDO_FS = new Set(Object.values({ proc: 0x9fa0, sysfs: 0x62656572, devpts: 0x1cd1, debugfs: 0x64626720,
  tracefs: 0x74726163, securityfs: 0x73636673, cgroup: 0x27e0eb, cgroup2: 0x63677270, bpf: 0xcafe4a11,
  configfs: 0x62656570, pstore: 0x6165676c, efivarfs: 0xde5e81e4 }));
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

const ERRNO_TEXT = { EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is not a folder', EISDIR: 'a folder is in the way', ENOENT: 'no such file or folder',
  ENOSPC: 'no space left on device', EEXIST: 'exists', ELOOP: 'too many symbolic links' };
const errnoText = (err) => (err?.code ? `${err.code}: ${ERRNO_TEXT[err.code] ?? 'system error'}` : String(err?.message ?? err));

/** The filesystem type (statfs f_type) of `p`, or undefined where statfs is missing or fails. */
function statfsType(p) {
  try {
    return fs.statfsSync?.(p).type;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure `out` is a folder we may write to, before any lab runs: it exists as a folder or can be
 * created, it is not on a special filesystem (/proc, /sys, /dev or a pseudo filesystem by statfs type —
 * checked on the real path of its nearest existing ancestor, before mkdir, which can spin on /proc), and a
 * temporary file can be created and removed in it. Returns the absolute folder; throws UsageError (exit 2).
 */
export function prepareOut(out) {
  const dir = path.resolve(out);
  const refuse = (why) => new UsageError(`pe-lab: --out ${out}: ${why}`);
  let existing = dir;
  let st;
  for (;;) {
    try {
      st = fs.statSync(existing, { throwIfNoEntry: false });
    } catch (err) {
      throw refuse(errnoText(err));
    }
    if (st || path.dirname(existing) === existing) break;
    existing = path.dirname(existing);
  }
  if (!st) throw refuse('no existing parent folder');
  const real = fs.realpathSync(existing);
  const special = SPECIAL_ROOTS.find((root) => real === root || real.startsWith(`${root}/`));
  if (special) throw refuse(`${special} is a special filesystem, not a folder for files`);
  if (PSEUDO_FS.has(statfsType(real))) throw refuse('on a special (pseudo) filesystem');
  if (!st.isDirectory()) throw refuse(existing === dir ? 'exists and is not a folder' : `${existing} is not a folder`);
  let created;
  try {
    created = fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw refuse(`cannot create it (${errnoText(err)})`);
  }
  const probe = path.join(dir, `.pe-lab-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    fs.closeSync(fs.openSync(probe, CREATE_NEW, 0o600));
    fs.unlinkSync(probe);
  } catch (err) {
    if (created) fs.rmSync(created, { recursive: true, force: true });
    throw refuse(`not writable (${errnoText(err)})`);
  }
  return dir;
}

/** `dir/name` as a real folder: created if missing; a symbolic link there is replaced, never followed. */
function labFolder(dir, name) {
  const p = path.join(dir, name);
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) fs.unlinkSync(p);
  else if (st && !st.isDirectory()) throw new UsageError(`pe-lab: --out ${dir}: ${name} exists and is not a folder`);
  if (!st?.isDirectory()) fs.mkdirSync(p);
  return p;
}

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW = 0 } = fs.constants;
const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

/**
 * Writes `bytes` to `file` without ever writing through a link: into a new temporary file in the same
 * folder (O_CREAT|O_EXCL|O_NOFOLLOW), then renamed over `file`. A symbolic (or hard) link at `file` is
 * thereby replaced by a regular file and its target is left untouched.
 */
function writeNoFollow(file, bytes) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, CREATE_NEW, 0o644);
  try {
    fs.writeFileSync(fd, bytes);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

function checkFileName(name) {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new Error(`internal: file name '${name}' is not a plain file name`);
  }
}

/**
 * Writes every entry of a lab's `files` into `dir`: a string as UTF-8, a Uint8Array as raw bytes, a Promise
 * awaited first. An entry that fails with code PE_LAB_NO_CANVAS (a PNG without the Node canvas package) is
 * skipped; any other failure throws. → { written: [{ name, path, bytes }], skippedPngs: [name] }
 */
export async function writeFiles(dir, files) {
  const written = [];
  const skippedPngs = [];
  for (const name of Object.keys(files)) {
    checkFileName(name);
    let content;
    try {
      content = await files[name];
    } catch (err) {
      if (err?.code !== NO_CANVAS) throw err;
      skippedPngs.push(name);
      continue;
    }
    let bytes;
    if (typeof content === 'string') bytes = Buffer.from(content, 'utf8');
    else if (content instanceof Uint8Array) bytes = content;
    else throw new Error(`internal: file ${name} is neither text nor bytes (${typeof content})`);
    const file = path.join(dir, name);
    try {
      writeNoFollow(file, bytes);
    } catch (err) {
      throw new Error(`cannot write ${file} (${errnoText(err)})`);
    }
    written.push({ name, path: file, bytes: bytes.length });
  }
  return { written, skippedPngs };
}

// ---------------------------------------------------------------------------------------------------
// index.md: per lab, its files and its manifest's results_summary, formatted generically

function formatValue(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (v === null || v === undefined) return '—';
  return String(v);
}

const isScalar = (x) => x === null || typeof x !== 'object';

/**
 * results_summary → [key path, text] rows, whatever its shape: nested objects as dotted key paths; an array
 * of scalars on one row; a nested object of scalars (e.g. { mean, min, max }) on one row ("mean 3.1 · min 3").
 */
function summaryRows(value, key = '', rows = []) {
  if (isScalar(value)) rows.push([key, formatValue(value)]);
  else if (Array.isArray(value) && value.every(isScalar)) rows.push([key, value.map(formatValue).join(', ')]);
  else if (key && !Array.isArray(value) && Object.values(value).every(isScalar)) {
    rows.push([key, Object.entries(value).map(([k, v]) => `${k} ${formatValue(v)}`).join(' · ')]);
  } else {
    for (const [k, v] of Object.entries(value)) summaryRows(v, Array.isArray(value) ? `${key}[${k}]` : key ? `${key}.${k}` : k, rows);
  }
  return rows;
}

/** The parameters that differ from the schema's defaults, as the `run all` flags that set them, or 'the defaults'. */
function changedParams(lab, params) {
  const text = (v) => (Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(':') : x)).join(',') : String(v));
  const asFlag = (name, v) => (typeof v === 'boolean' ? `--${v ? '' : 'no-'}${lab}.${name}` : `--${lab}.${name} ${text(v)}`);
  const changed = Object.entries(LABS[lab].params).filter(([name, spec]) => text(params[name]) !== text(spec.default));
  return changed.length ? changed.map(([name]) => `\`${asFlag(name, params[name])}\``).join(', ') : 'the defaults';
}

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The text of DIR/index.md for the labs written by `run all`. */
export function indexMarkdown(entries) {
  const lines = ['# PE Lab — every lab\'s deliverables', '',
    'Written by `pe-lab run all`: one folder per lab, its files (sizes in bytes) and its headline numbers (the',
    '`results_summary` of its `manifest.json`).', ''];
  for (const { lab, params, written, skippedPngs, summary } of entries) {
    lines.push(`## ${lab} — ${LABS[lab].title.en}`, '', `Parameters: ${changedParams(lab, params)}.`, '', '| file | bytes |', '|---|---:|');
    for (const w of written) lines.push(`| [${cell(w.name)}](${encodeURI(`${lab}/${w.name}`)}) | ${w.bytes} |`);
    for (const name of skippedPngs) lines.push(`| ${cell(name)} | skipped (no Node canvas) |`);
    lines.push('');
    if (summary === undefined) lines.push('No `results_summary` in this lab\'s manifest.');
    else lines.push('| headline number | value |', '|---|---|', ...summaryRows(summary).map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`));
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Commands

async function loadApi() {
  const { createPeLab } = await import('./index.js');
  return createPeLab();
}

/**
 * Runs one lab and writes its files into `dir`, with a progress line on stderr ("[3/7] rope … done in 0.4 s").
 * On a terminal the line starts when the lab does and shows the lab's progress in per cent; elsewhere (CI
 * logs) it is written whole when the lab is done, so that a failure leaves only its one error line.
 */
async function runOne(api, lab, params, budget, dir, step, total) {
  const t0 = performance.now();
  const start = `[${step}/${total}] ${lab} … `;
  const tty = process.stderr.isTTY;
  const status = (text, end = '') => process.stderr.write(`\r${start}${text}\x1b[K${end}`);
  if (tty) status('');
  const onProgress = tty ? (p) => status(`${Math.round((p?.fraction ?? 0) * 100)}%`) : undefined;
  let res, out;
  try {
    res = await api.runLab(lab, params, { onProgress, budget });
    out = await writeFiles(dir, res.files);
  } catch (err) {
    if (tty) status('failed', '\n');
    throw err;
  }
  const done = `done in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  if (tty) status(done, '\n');
  else process.stderr.write(`${start}${done}\n`);
  for (const w of out.written) process.stdout.write(`${w.path}\n`);
  return { lab, params: res.params, ...out, summary: res.manifest?.results_summary };
}

/** The one warning line for PNGs skipped because the Node canvas is missing (undefined when none was). */
export function skippedWarning(entries) {
  const skipped = entries.flatMap((e) => e.skippedPngs.map((name) => (entries.length > 1 ? `${e.lab}/${name}` : name)));
  if (!skipped.length) return undefined;
  return `pe-lab: warning: skipped ${skipped.length} PNG(s), the Node canvas package (@napi-rs/canvas) could not be loaded: ${skipped.join(', ')}`;
}

function warnSkipped(entries) {
  const warning = skippedWarning(entries);
  if (warning) process.stderr.write(`${warning}\n`);
}

async function runLabCommand(lab, args) {
  const what = `pe-lab run ${lab}`;
  const options = { ...labOptions(lab), ...COMMON_OPTIONS, ...(hasNamedPresets(lab) ? { preset: { type: 'string' } } : {}) };
  const values = parse(args, options, what, (raw) =>
    `unknown option ${raw} for ${lab}; options: ${Object.keys(options).map((name) => `--${name}`).join(', ')}`);
  if (values.help) {
    process.stdout.write(`${labHelp(lab)}\n`);
    return 0;
  }
  const json = values.params === undefined ? {} : parseJsonObject(values.params, what);
  const preset = hasNamedPresets(lab) && values.preset !== undefined ? presetParams(lab, values.preset) : {};
  const params = labParams(lab, json, (name) => values[name], what, preset);
  const budget = budgetFor(values, what, lab, params);
  const dir = prepareOut(requireOut(values, what));
  const entry = await runOne(await loadApi(), lab, params, budget, dir, 1, 1);
  warnSkipped([entry]);
  return 0;
}

async function runAllCommand(args) {
  const what = 'pe-lab run all';
  const options = { ...COMMON_OPTIONS };
  for (const lab of LAB_NAMES) Object.assign(options, labOptions(lab, `${lab}.`));
  const values = parse(args, options, what, (raw, name) => {
    const [lab] = name.split('.');
    if (name.includes('.') && Object.hasOwn(LABS, lab)) {
      return `unknown option ${raw}: ${lab} has no parameter '${name.slice(lab.length + 1)}'; parameters: ${Object.keys(LABS[lab].params).join(', ')}`;
    }
    if (name.includes('.')) return `unknown option ${raw}: no lab '${lab}'; labs: ${LAB_NAMES.join(', ')}`;
    return `unknown option ${raw}; write a lab's parameter as --<lab>.<param> (e.g. --rope.dHead 16)`;
  });
  if (values.help) {
    process.stdout.write(`${runAllHelp()}\n`);
    return 0;
  }
  const json = values.params === undefined ? {} : parseJsonObject(values.params, what);
  checkKeys(json, LABS, (key) => `${what}: --params has unknown lab '${key}'; labs: ${LAB_NAMES.join(', ')}`);
  const plan = LAB_NAMES.map((lab) => {
    const labJson = Object.hasOwn(json, lab) ? json[lab] : {};
    if (!isPlainObject(labJson)) throw new UsageError(`${what}: --params' value for ${lab} must be a JSON object, got ${clip(JSON.stringify(labJson))}`);
    const params = labParams(lab, labJson, (name) => values[`${lab}.${name}`], what);
    return { lab, params, budget: budgetFor(values, what, lab, params) };
  });
  const dir = prepareOut(requireOut(values, what));
  const folders = plan.map(({ lab }) => labFolder(dir, lab));
  const api = await loadApi();
  const entries = [];
  for (const [i, { lab, params, budget }] of plan.entries()) entries.push(await runOne(api, lab, params, budget, folders[i], i + 1, plan.length));
  const index = await writeFiles(dir, { 'index.md': indexMarkdown(entries) });
  process.stdout.write(`${index.written[0].path}\n`);
  warnSkipped(entries);
  return 0;
}

async function dispatch(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) throw new UsageError('pe-lab: missing command', usage());
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (cmd === 'list') {
    if (rest.length) throw new UsageError(`pe-lab list: unexpected argument '${rest[0]}'`);
    for (const name of LAB_NAMES) process.stdout.write(`${name.padEnd(20)}${LABS[name].title.en}\n`);
    return 0;
  }
  if (cmd === 'run') {
    const [lab, ...args] = rest;
    if (lab === undefined) throw new UsageError('pe-lab run: missing <lab>', usage());
    if (lab === '--help' || lab === '-h') {
      process.stdout.write(`${usage()}\n`);
      return 0;
    }
    if (lab === 'all') return runAllCommand(args);
    if (!Object.hasOwn(LABS, lab)) throw new UsageError(`pe-lab run: lab must be one of ${LAB_NAMES.join(', ')} or all, got '${lab}'`);
    return runLabCommand(lab, args);
  }
  if (Object.hasOwn(LABS, cmd)) {
    if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) {
      process.stdout.write(`${labHelp(cmd)}\n`);
      return 0;
    }
    throw new UsageError(`pe-lab: to run ${cmd}, write pe-lab run ${cmd} [options] --out DIR (or pe-lab ${cmd} --help)`);
  }
  throw new UsageError(`pe-lab: unknown command '${cmd}'`, usage());
}

/** Runs the command line `argv` (without node and the script) → the exit code; never throws. */
export async function main(argv) {
  try {
    return await dispatch(argv);
  } catch (err) {
    const badUsage = err instanceof UsageError || err?.code === BAD_ARGUMENT;
    if (process.env.PE_LAB_DEBUG === '1') process.stderr.write(`${err?.stack ?? err}\n`);
    else {
      const text = String(err instanceof Error ? err.message : err).split('\n')[0];
      process.stderr.write(`${text.startsWith('pe-lab') ? '' : 'pe-lab: '}${text}\n`);
      if (err?.usage) process.stderr.write(`${err.usage}\n`);
    }
    return badUsage ? 2 : 1;
  }
}

const self = fileURLToPath(import.meta.url);
const invoked = process.argv[1] && (() => {
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(self);
  } catch {
    return false;
  }
})();
if (invoked) {
  // A closed pipe on stdout (`pe-lab list | head -1`) ends the command quietly instead of with a stack trace.
  process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
