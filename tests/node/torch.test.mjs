// tests/node/torch.test.mjs — the way out to PyTorch: bench/torch_reader.py parses weights.safetensors on its
// own and rebuilds the mini-GPT in PyTorch; for every scheme its logits on one sequence must match the
// engine's (headToHeadLogits, the same forward as training and evaluation) to 1e-4. Needs /usr/bin/python3
// with torch; skipped with a message otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLab } from './helpers.mjs';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
const skip = probe.status === 0 ? false : `${PYTHON} cannot import torch (${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1)}): PyTorch comparison skipped`;
if (skip) console.log(`# ${skip}`);

/** Trains `params`, reads its weights.safetensors in PyTorch and demands the engine's logits to 1e-4 for every run. */
async function torchMatches(params) {
  const lab = await getLab();
  const out = await lab.runLab('head-to-head', params);
  const dir = mkdtempSync(join(tmpdir(), 'pe-lab-torch-'));
  try {
    const file = join(dir, 'weights.safetensors');
    writeFileSync(file, out.files['weights.safetensors']);
    const weights = JSON.parse(out.files['weights.json']);
    // A length-21 sequence of the ood20 split (BOS included): beyond the training length, where schemes differ.
    const tokens = out.result.runs[0].attention.tokens.map((t) => out.result.corpus.vocab.indexOf(t));
    const reader = fileURLToPath(new URL('../../bench/torch_reader.py', import.meta.url));
    for (const run of weights.runs) {
      const r = spawnSync(PYTHON, [reader, file, '--run', `${run.variant}.seed${run.seed}`, '--tokens', tokens.join(',')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const torchLogits = JSON.parse(r.stdout).logits.flat();
      const engine = lab._wasm.headToHeadLogits(run.config, Float32Array.from(run.weights), tokens);
      assert.equal(torchLogits.length, engine.length);
      let worst = 0;
      for (let i = 0; i < engine.length; i++) worst = Math.max(worst, Math.abs(torchLogits[i] - engine[i]));
      assert.ok(worst < 1e-4, `${run.variant}: max |torch - engine| = ${worst}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('PyTorch reads weights.safetensors and reproduces the engine\'s logits for every scheme', { skip }, async () => {
  await torchMatches({ preset: 'study', seeds: 1, steps: 30, batch: 8 });
});

test('PyTorch applies the embedding scaling (x sqrt(d_model)) as the engine does', { skip }, async () => {
  await torchMatches({ variants: ['sinusoidal', 'rope'], seeds: 1, steps: 30, batch: 8, embedScale: 'sqrt-d', embedInitStd: 1 });
});
