// wasm/artifacts.js — the helpers every lab uses to turn numbers into deliverables: JSON-safe matrices,
// manifests (the course's snake_case fields), and locale-neutral number formatting for text files.

/**
 * A JSON-safe matrix: { shape: [rows, cols], data: number[] } (row-major). `data` is an enumerable getter
 * that copies the typed array into a plain array on first read (and caches it): JSON.stringify,
 * structuredClone and property reads all see a number[], while a caller that never reads a large matrix
 * (a sweep's 400k attention weights) does not pay for the copy.
 */
export function mat(rows, cols, data) {
  if (data.length !== rows * cols) throw new Error(`internal: matrix ${rows}x${cols} has ${data.length} entries`);
  let plain = Array.isArray(data) ? data : null;
  return Object.defineProperty({ shape: [rows, cols] }, 'data', {
    enumerable: true,
    get() {
      if (plain === null) {
        plain = new Array(data.length);
        for (let i = 0; i < data.length; i++) plain[i] = data[i];
      }
      return plain;
    },
  });
}

/** Today as YYYY-MM-DD (UTC). */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** The manifest every lab writes: experiment, date, seed (if any), versions, then lab-specific fields. */
export function manifest(api, experiment, fields) {
  const { seed, ...rest } = fields;
  const m = { experiment, date: today() };
  if (seed !== undefined) m.seed = seed;
  m.versions = { ...api.versions };
  return { ...m, ...rest };
}

/** Exponential notation with 3 significant digits, locale-neutral ("1.23e-7"). */
export function sci(x) {
  if (x === 0) return '0';
  return Number(x).toExponential(2);
}

/** Pretty JSON with a trailing newline (the files' format). */
export function json(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}
