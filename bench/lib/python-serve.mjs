// bench/lib/python-serve.mjs — the Python side of a benchmark as a child process that answers one line per request:
// `script --serve` under Debian's /usr/bin/python3 with one BLAS/OpenMP thread, first printing a line of JSON
// about itself (versions). Used by bench/extrapolation.mjs (NumPy) and bench/train.mjs (PyTorch), which run
// both sides interleaved so they see the same machine load.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `script --serve`. Resolves { info, request(line) → Promise<string>, close(), stderr() }; info is the
 * first line parsed, or null when the process could not start or exited first (python or a module missing):
 * the caller then prints a skip message with stderr().
 */
export async function servePython(script) {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const py = spawn('/usr/bin/python3', [script, '--serve'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
  let err = '';
  py.stderr.on('data', (d) => { err += d; });
  py.stdin.on('error', () => {});
  const gone = new Promise((resolve) => {
    py.on('exit', () => resolve({ done: true }));
    py.on('error', (e) => { err += e.message; resolve({ done: true }); });
  });
  const stderr = () => err.trim().split('\n').pop() ?? '';
  const first = await Promise.race([lines.next(), gone]);
  return {
    info: first.done ? null : JSON.parse(first.value),
    async request(line) {
      py.stdin.write(`${line}\n`);
      const answer = await Promise.race([lines.next(), gone]);
      if (answer.done) throw new Error(`${script} stopped: ${stderr()}`);
      return answer.value;
    },
    close() { py.stdin.end(); },
    stderr,
  };
}
