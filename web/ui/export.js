// web/ui/export.js — turning numbers and drawings into downloads: CSV/JSON text (locale-neutral English,
// raw numbers), saving a Blob under a file name, and "download all" as one .zip (fflate).
// Buttons that trigger these carry data-export="<file name>" (the DOM contract).
import { zipSync, strToU8 } from 'fflate';

const TYPES = { json: 'application/json', csv: 'text/csv', txt: 'text/plain', md: 'text/markdown', png: 'image/png', zip: 'application/zip' };

export function mimeOf(name) {
  return TYPES[name.split('.').pop().toLowerCase()] ?? 'application/octet-stream';
}

/** Blob from a string, bytes or a Blob, typed by the file name. */
export function toBlob(name, content) {
  if (content instanceof Blob) return content;
  return new Blob([content], { type: mimeOf(name) });
}

/** Saves a Blob (or text) as `name` through a temporary <a download>. */
export function saveFile(name, content) {
  const url = URL.createObjectURL(toBlob(name, content));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function csvCell(v) {
  if (typeof v === 'number') return String(v);
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text from a header row and rows of cells (numbers written raw, full precision). */
export function toCsv(header, rows) {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/** CSV of a matrix {shape:[rows, cols], data}: first column the row label, then one column per col. */
export function matrixCsv(m, { rowHeader = 'row', colLabel = (j) => String(j), rowLabel = (i) => String(i) } = {}) {
  const [rows, cols] = m.shape;
  const header = [rowHeader, ...Array.from({ length: cols }, (_, j) => colLabel(j))];
  const out = [];
  for (let i = 0; i < rows; i++) out.push([rowLabel(i), ...m.data.slice(i * cols, (i + 1) * cols)]);
  return toCsv(header, out);
}

/** Pretty JSON with a trailing newline (same format as the lab's own files). */
export function toJson(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Bytes of a .zip holding every { name: string | Uint8Array | Blob } entry, under `folder/`. */
export async function zipFiles(files, folder = '') {
  const entries = {};
  for (const [name, content] of Object.entries(files)) {
    let bytes;
    if (typeof content === 'string') bytes = strToU8(content);
    else if (content instanceof Blob) bytes = new Uint8Array(await content.arrayBuffer());
    else bytes = content;
    entries[folder ? `${folder}/${name}` : name] = bytes;
  }
  return zipSync(entries, { level: 6 });
}
