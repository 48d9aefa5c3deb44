// web/worker.js — a module Worker owning its own PE Lab instance, so long labs (sweeps, training) never block
// the page. Protocol (see web/ui/runner.js, its only client):
//   in:  { id, lab, params }            run a lab
//        { cancel: id }                 abort it (cooperative: the lab's `signal`; the client terminates
//                                       and respawns this worker if the lab does not stop soon)
//   out: { id, progress }               whatever runLab's onProgress reported (structured-cloneable)
//        { id, lab, result }            runLab's return value { params, result, manifest, files } without
//                                       files['result.json'] (rebuilt lazily on the page); long number
//                                       arrays packed by web/ui/transfer.js
//        { id, error: { name, message } }
import { createPeLab } from '../wasm/index.js';
import { pack } from './ui/transfer.js';

const labPromise = createPeLab();
const controllers = new Map();   // id -> AbortController

function post(message, transfer = []) {
  try {
    self.postMessage(message, transfer);
  } catch (err) {   // e.g. a progress payload that cannot be cloned
    if ('progress' in message) return;
    self.postMessage({ id: message.id, error: { name: 'Error', message: `worker: ${err.message}` } });
  }
}

self.addEventListener('message', async (event) => {
  const msg = event.data ?? {};
  if (msg.cancel !== undefined) {
    controllers.get(msg.cancel)?.abort(new DOMException('cancelled', 'AbortError'));
    return;
  }
  const { id, lab, params } = msg;
  const controller = new AbortController();
  controllers.set(id, controller);
  try {
    const api = await labPromise;
    if (controller.signal.aborted) throw controller.signal.reason;
    const result = await api.runLab(lab, params, {
      signal: controller.signal,
      onProgress: (progress) => post({ id, progress }),
    });
    // result.json (megabytes for a sweep) is not built here: the page rebuilds it from `result` only when
    // it is downloaded (web/ui/runner.js). The other files are small texts.
    const files = {};
    for (const name of Object.keys(result.files)) if (name !== 'result.json') files[name] = result.files[name];
    const transfer = [];
    const out = { params: result.params, result: result.result, manifest: result.manifest, files };
    post({ id, lab, result: pack(out, transfer) }, transfer);   // long number arrays as Float64Array buffers
  } catch (err) {
    post({ id, error: { name: err?.name ?? 'Error', message: err?.message ?? String(err) } });
  } finally {
    controllers.delete(id);
  }
});
