// web/ui/export.js — turning runLab's files into downloads: saving text or bytes under a file name, and
// "download all" as one .zip (fflate). The files themselves come from wasm/labs (runLab's `files`); buttons
// that trigger these carry data-export="<file name>" (the DOM contract). The page builds the bytes in its worker
// (web/ui/runner.js fileOf, web/worker.js), where these run too; saveFile alone needs the page's document.
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

/** A file's content (string, Uint8Array or Blob) as bytes (text as UTF-8). */
export async function fileBytes(content) {
  if (typeof content === 'string') return strToU8(content);
  if (content instanceof Blob) return new Uint8Array(await content.arrayBuffer());
  return content;
}

/** Bytes of a .zip holding every { name: string | Uint8Array | Blob | Promise of one } entry, under `folder/`. */
export async function zipFiles(files, folder = '') {
  const entries = {};
  for (const name of Object.keys(files)) entries[folder ? `${folder}/${name}` : name] = await fileBytes(await files[name]);
  return zipSync(entries, { level: 6 });
}
