#!/usr/bin/env node
// wasm/cli.js — the `pe-lab` command: a thin shell over runLab and its files.
//   pe-lab list                                   the labs and what they show
//   pe-lab run <lab> [--<param> value …] [--params JSON] --out DIR    writes every file of runLab's `files`
//   pe-lab <lab> --help                           the lab's parameters, from wasm/schema.js
// Exit codes: 0 success; 2 bad usage or parameters (message on stderr); 1 failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LABS, LAB_NAMES } from './schema.js';
import { describeParam } from './params.js';
import { BAD_ARGUMENT } from './validate.js';

class UsageError extends Error {}

function help(lab) {
  const spec = LABS[lab];
  const lines = [`pe-lab run ${lab} [options] --out DIR`, '', spec.title.en, '', 'Options:'];
  for (const [name, p] of Object.entries(spec.params)) {
    const def = Array.isArray(p.default) ? p.default.join(',') : String(p.default);
    lines.push(`  --${name} <${p.type}>`.padEnd(28) + `${p.en}. ${describeParam(p)}; default ${def}`);
  }
  lines.push('  --params <json>'.padEnd(28) + 'all parameters as one JSON object (flags override it)');
  lines.push('  --out <dir>'.padEnd(28) + 'folder for the files (created if missing)');
  return lines.join('\n');
}

function usage() {
  return ['usage: pe-lab list', '       pe-lab run <lab> [--<param> value …] [--params JSON] --out DIR', '       pe-lab <lab> --help',
    '', `labs: ${LAB_NAMES.join(', ')}`].join('\n');
}

function parseRun(args) {
  const [lab, ...rest] = args;
  if (!lab) throw new UsageError('pe-lab run: missing <lab>\n' + usage());
  if (!LABS[lab]) throw new UsageError(`pe-lab run: lab must be one of ${LAB_NAMES.join(', ')}, got '${lab}'`);
  let params = {};
  const flags = {};
  let out;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return { lab, help: true };
    if (!arg.startsWith('--')) throw new UsageError(`pe-lab run: unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value = eq > 0 ? arg.slice(eq + 1) : rest[i + 1];
    if (eq < 0) {
      if (value === undefined || (value.startsWith('--') && LABS[lab].params[key]?.type !== 'bool')) {
        if (LABS[lab].params[key]?.type === 'bool') value = 'true';
        else throw new UsageError(`pe-lab run: --${key} needs a value`);
      } else {
        i++;
      }
    }
    if (key === 'out') out = value;
    else if (key === 'params') {
      try {
        params = JSON.parse(value);
      } catch (e) {
        throw new UsageError(`pe-lab run: --params must be a JSON object, got '${value}' (${e.message})`);
      }
    } else {
      if (!(key in LABS[lab].params)) {
        throw new UsageError(`pe-lab run: unknown option --${key} for ${lab}; options: ${Object.keys(LABS[lab].params).map((k) => `--${k}`).join(', ')}`);
      }
      flags[key] = value;
    }
  }
  if (!out) throw new UsageError('pe-lab run: --out DIR is required');
  return { lab, params: { ...params, ...flags }, out };
}

export async function main(argv) {
  const [cmd, ...args] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    console.log(usage());
    return cmd ? 0 : 2;
  }
  if (cmd === 'list') {
    for (const name of LAB_NAMES) console.log(`${name.padEnd(20)}${LABS[name].title.en}`);
    return 0;
  }
  if (LABS[cmd] && (args[0] === '--help' || args[0] === '-h')) {
    console.log(help(cmd));
    return 0;
  }
  if (cmd !== 'run') throw new UsageError(`pe-lab: unknown command '${cmd}'\n${usage()}`);
  const job = parseRun(args);
  if (job.help) {
    console.log(help(job.lab));
    return 0;
  }
  const { createPeLab } = await import('./index.js');
  const lab = await createPeLab();
  let res;
  try {
    res = await lab.runLab(job.lab, job.params, {
      onProgress: (p) => process.stderr.write(`\r${job.lab}: ${Math.round((p.fraction ?? 0) * 100)}% ${p.message ?? ''}`.padEnd(60)),
    });
  } catch (e) {
    if (e?.code === BAD_ARGUMENT) throw new UsageError(e.message);  // bad parameters: exit 2
    throw e;                                                          // anything else: exit 1
  }
  mkdirSync(job.out, { recursive: true });
  for (const [name, text] of Object.entries(res.files)) {
    writeFileSync(path.join(job.out, name), typeof text === 'string' ? text : Buffer.from(text));
    console.log(path.join(job.out, name));
  }
  return 0;
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]));
if (invokedDirectly || process.argv[1]?.endsWith('pe-lab')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof UsageError) {
        console.error(err.message);
        process.exit(2);
      }
      console.error(err?.stack ?? String(err));
      process.exit(1);
    },
  );
}
