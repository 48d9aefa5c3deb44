// web/lab-api.js — the one module of the page's main thread that loads the WebAssembly API; views never
// import it directly: the section shell (web/ui/section.js) runs labs here or through web/ui/runner.js.
import { createPeLab } from 'pe-lab';

let labPromise;
/** The shared PeLab API instance of this page (loaded on first use). */
export function getLab() {
  labPromise ??= createPeLab();
  return labPromise;
}

/** runLab on the main thread, same signature as web/ui/runner.js's run() (onPartial: never called here, where
 *  a run is one piece). */
export async function runOnMainThread(lab, params, { onPartial, ...options } = {}) {
  return (await getLab()).runLab(lab, params, options);
}
