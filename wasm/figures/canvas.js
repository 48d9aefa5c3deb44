// wasm/figures/canvas.js — where figure canvases come from, and how they become PNG bytes: an OffscreenCanvas
// (also in a worker) or a DOM <canvas> in browsers; in Node the optional package @napi-rs/canvas, imported
// lazily on the first PNG. Without any, PNG requests reject with code 'PE_LAB_NO_CANVAS'.
// Leaves out: drawing (heatmap.js, grid.js, chart.js, panels.js).

export const NO_CANVAS = 'PE_LAB_NO_CANVAS';
/** The one font family of every figure: DejaVu Sans exists in Chromium on Debian (fonts-dejavu-core) and in @napi-rs/canvas. */
export const FONT_FAMILY = '"DejaVu Sans", Verdana, sans-serif';
const NODE_CANVAS = '@napi-rs/canvas';   // a variable, so bundlers leave the Node-only import alone
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** The browser's canvases (OffscreenCanvas, else <canvas>), or null outside browsers. */
export function browserCanvases() {
  const offscreen = typeof OffscreenCanvas !== 'undefined';
  if (!offscreen && typeof document === 'undefined') return null;
  return {
    createCanvas: (w, h) => {
      if (offscreen) return new OffscreenCanvas(w, h);
      const c = document.createElement('canvas');
      c.width = w; c.height = h;
      return c;
    },
    async encode(canvas) {
      const blob = canvas.convertToBlob ? await canvas.convertToBlob({ type: 'image/png' })
        : await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('figures: PNG encoding failed'))), 'image/png'));
      return new Uint8Array(await blob.arrayBuffer());
    },
  };
}

async function nodeProvider() {
  const mod = await import(/* @vite-ignore */ NODE_CANVAS);
  const fonts = mod.GlobalFonts;
  if (!fonts.families.some((f) => f.family === 'DejaVu Sans')) fonts.registerFromPath(DEJAVU, 'DejaVu Sans');
  return {
    createCanvas: (w, h) => mod.createCanvas(w, h),
    encode: async (canvas) => new Uint8Array(await canvas.encode('png')),
  };
}

async function defaultLoader() {
  return browserCanvases() ?? nodeProvider();
}

let loader = defaultLoader;
let provider = null;   // Promise of { createCanvas(w, h), encode(canvas) → Promise<Uint8Array> }

/** Replaces how the canvas provider is loaded (null restores the default); the next PNG reloads it. */
export function setCanvasLoader(fn) {
  loader = fn ?? defaultLoader;
  provider = null;
}

/** The Error of a missing canvas (code PE_LAB_NO_CANVAS), with its cause. */
export function noCanvas(why, cause) {
  const err = new Error(`figures: cannot draw PNG figures: no canvas is available (${why})`, { cause });
  err.code = NO_CANVAS;
  return err;
}

/** The canvas provider, loaded once; rejects with code PE_LAB_NO_CANVAS when none can be loaded. */
export function canvasProvider() {
  if (!provider) {
    provider = Promise.resolve().then(() => loader()).catch((cause) => {
      provider = null;
      throw noCanvas(`in Node the optional package @napi-rs/canvas could not be loaded: ${cause?.message ?? cause}; `
        + 'install it with "npm install @napi-rs/canvas"', cause);
    });
  }
  return provider;
}

/** True when PNG figures can be drawn here. */
export async function canvasAvailable() {
  try { await canvasProvider(); return true; } catch (err) { if (err.code === NO_CANVAS) return false; throw err; }
}
