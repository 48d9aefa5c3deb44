// wasm/load.js — the one place that finds, compiles and instantiates the WebAssembly binary
// (wasm/generated/pe_lab_wasm.wasm, a separate file since the page fetches it once and caches it).
//   browser / worker: fetched once per page with streaming compilation (WebAssembly.compileStreaming; falls
//                     back to compiling the downloaded bytes when a host serves .wasm without its MIME type);
//                     a worker given the page's compiled Module instantiates it without fetching again;
//   Node:             read from disk next to this package (no fetch).
// Emscripten's loader is told to use our instance (its instantiateWasm hook), so it never fetches by itself.
// Leaves out: the API (wasm/index.js).
import createPeLabWasm from './generated/pe_lab_wasm.mjs';

// A literal `new URL(…, import.meta.url)`: Vite copies the file into dist/assets and rewrites the URL.
const WASM_URL = new URL('./generated/pe_lab_wasm.wasm', import.meta.url);
const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

let compiled;

async function compileFromDisk() {
  const { readFile } = process.getBuiltinModule('fs/promises');
  const { fileURLToPath } = process.getBuiltinModule('url');
  return WebAssembly.compile(await readFile(fileURLToPath(WASM_URL)));
}

async function compileFromNetwork() {
  const response = await fetch(WASM_URL);
  if (!response.ok) throw new Error(`pe-lab: fetching ${WASM_URL.href} failed: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * The compiled module, compiled once per JS realm (page, worker or Node process) and shared by every
 * createPeLab() there. A page passes it to its workers (postMessage clones a WebAssembly.Module).
 * @returns {Promise<WebAssembly.Module>}
 */
export function compileWasm() {
  compiled ??= (isNode ? compileFromDisk() : compileFromNetwork()).catch((err) => {
    compiled = undefined;  // a later call may retry (e.g. after a network error)
    throw err;
  });
  return compiled;
}

/**
 * Instantiates the Embind module from `wasmModule` (a WebAssembly.Module, e.g. the page's, sent to a worker)
 * or from compileWasm().
 */
export async function instantiate(wasmModule) {
  if (wasmModule !== undefined && !(wasmModule instanceof WebAssembly.Module)) {
    const err = new Error(`createPeLab: wasmModule must be a WebAssembly.Module (from compileWasm()), got ${typeof wasmModule}`);
    throw Object.assign(err, { code: 'PE_LAB_BAD_ARGUMENT', param: 'wasmModule', allowed: 'a WebAssembly.Module', got: typeof wasmModule });
  }
  const module = wasmModule ?? await compileWasm();
  return createPeLabWasm({
    instantiateWasm(imports, receiveInstance) {
      WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module));
      return {};  // exports arrive through receiveInstance
    },
  });
}
