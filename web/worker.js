// web/worker.js — a module Worker owning its own PE Lab instance, so long labs (sweeps, training) never block
// the page. Several may run at once: web/ui/runner.js (its only client) spreads a pooled lab's jobs over a pool
// of them. No lab is named here. Protocol:
//   in:  { init: { wasmModule } }                    first message: the page's compiled WebAssembly.Module
//                                                    (createPeLab({ wasmModule }): no second fetch or compile)
//        { id, lab, params, runs?, partial? }        runLab(lab, params, { runs, partial }) (runs: a pooled lab's trained
//                                                    jobs to assemble; op 'run' is the default)
//        { id, op: 'trainJobs', lab, params, jobs }  lab.trainJobs(lab, params, { jobs }): train, do not assemble
//        { id, op: 'evaluateWeights', weights }      lab.evaluateWeights(weights) (a weights.json's text)
//        { upload, array, at, length, part }         numbers at..at+part.length of array `array` (of `length`) of
//                                                    upload `upload`, ahead of the 'file' request that uses them
//        { id, op: 'file', lab, run, name, upload }  file `name` of a run's files (filesFor on `run`: its { params,
//                                                    result, manifest, raw }, packed, its long arrays in the slices
//                                                    of `upload`), or with name null a .zip of them all: texts,
//                                                    PNGs and the zip are built here, never on the page's thread
//        { cancel: id }                              abort it (cooperative: the lab's `signal`; the client terminates
//                                                    and respawns this worker if the lab does not stop soon)
//   out: { id, progress }               whatever onProgress reported (structured-cloneable)
//        { id, lab, result }            runLab's { params, result, manifest } and its `raw` (head-to-head's
//                                       weights), not its files: the page rebuilds them lazily with
//                                       filesFor (web/ui/runner.js); long number arrays packed by
//                                       web/ui/transfer.js
//        { id, runs }                   'trainJobs': the raw runs, typed arrays' buffers transferred
//        { id, evaluated }              'evaluateWeights': [{ variant, seed, config, metrics, attention }]
//        { id, blob }                   'file': a Blob (the page saves it without copying its bytes)
//        { id, error: { name, message, code, param, allowed, got } }
import { createPeLab, filesFor } from 'pe-lab';
import { pack, unpack, typedArrayBuffers } from './ui/transfer.js';
import { fileBytes, zipFiles, mimeOf } from './ui/export.js';

let labPromise = null;   // the instance, created from the first message's module
const controllers = new Map();   // id -> AbortController

function post(message, transfer = []) {
  try {
    self.postMessage(message, transfer);
  } catch (err) {   // e.g. a progress payload that cannot be cloned
    if ('progress' in message) return;
    self.postMessage({ id: message.id, error: { name: 'Error', message: `worker: ${err.message}` } });
  }
}

const uploads = new Map();   // upload -> the long arrays a 'file' request will use, filled slice by slice

function receiveSlice({ upload, array, at, length, part }) {
  if (!uploads.has(upload)) uploads.set(upload, []);
  const arrays = uploads.get(upload);
  arrays[array] ??= new Float64Array(length);
  arrays[array].set(part, at);
}

/** File `name` of a run's files (PNGs drawn on an OffscreenCanvas here), or all of them zipped when name is null → a Blob. */
async function runFile({ lab, run, name, upload }) {
  const kept = uploads.get(upload) ?? [];
  uploads.delete(upload);
  const { params, result, manifest, raw } = unpack(run, { plain: true, kept });   // runLab's JSON-safe shape
  const files = filesFor(lab, params, result, manifest, raw);
  if (name !== null && !Object.hasOwn(files, name)) throw new Error(`worker: no file ${name} in this run of ${lab}`);
  if (name === null) return new Blob([await zipFiles(files)], { type: mimeOf('.zip') });
  return new Blob([await fileBytes(await files[name])], { type: mimeOf(name) });
}

/** runLab's answer as posted: no file is built here (result.json alone is megabytes for a sweep; the page
 *  builds each file when it is downloaded), long number arrays as transferred Float64Array buffers. */
function postLabResult(id, lab, out) {
  const transfer = typedArrayBuffers(out.raw);
  post({ id, lab, result: pack({ params: out.params, result: out.result, manifest: out.manifest, raw: out.raw }, transfer) }, transfer);
}

self.addEventListener('message', async (event) => {
  const msg = event.data ?? {};
  if (msg.init) {
    labPromise ??= createPeLab({ wasmModule: msg.init.wasmModule });
    return;
  }
  if (msg.upload !== undefined && msg.part) { receiveSlice(msg); return; }
  labPromise ??= createPeLab();   // a client that sent no module: the worker loads its own
  if (msg.cancel !== undefined) {
    controllers.get(msg.cancel)?.abort(new DOMException('cancelled', 'AbortError'));
    return;
  }
  const { id, op = 'run' } = msg;
  const controller = new AbortController();
  controllers.set(id, controller);
  const options = { signal: controller.signal, onProgress: (progress) => post({ id, progress }) };
  if (msg.budget !== undefined) options.budget = msg.budget;   // runs the reader started: the page's budget
  try {
    const api = await labPromise;
    if (controller.signal.aborted) throw controller.signal.reason;
    if (op === 'run') {
      const given = msg.runs ? { runs: msg.runs, ...(msg.partial ? { partial: true } : {}) } : {};
      postLabResult(id, msg.lab, await api.runLab(msg.lab, msg.params, { ...options, ...given }));
    } else if (op === 'trainJobs') {
      const runs = await api.trainJobs(msg.lab, msg.params, { ...options, jobs: msg.jobs });
      post({ id, runs }, typedArrayBuffers(runs));
    } else if (op === 'file') {
      post({ id, blob: await runFile(msg) });
    } else if (op === 'evaluateWeights') {
      const evaluated = api.evaluateWeights(msg.weights);
      post({ id, evaluated }, typedArrayBuffers(evaluated));
    } else {
      throw new Error(`worker: op must be one of 'run', 'trainJobs', 'evaluateWeights', 'file', got '${op}'`);
    }
  } catch (err) {
    post({ id, error: { name: err?.name ?? 'Error', message: err?.message ?? String(err), code: err?.code, param: err?.param, allowed: err?.allowed, got: err?.got } });
  } finally {
    controllers.delete(id);
  }
});
