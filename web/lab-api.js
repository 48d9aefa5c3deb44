// web/lab-api.js — the one module of the page that loads the WebAssembly API; views import getLab().
import { createPeLab } from '../wasm/index.js';

let labPromise;
/** The shared PeLab API instance of this page (loaded on first use). */
export function getLab() {
  labPromise ??= createPeLab();
  return labPromise;
}
