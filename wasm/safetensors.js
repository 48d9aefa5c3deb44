// wasm/safetensors.js — a writer for the safetensors format (huggingface/safetensors, "Format"): an 8-byte
// little-endian unsigned header length N, then N bytes of UTF-8 JSON { name: { dtype, shape, data_offsets:
// [begin, end] }, "__metadata__": { string: string } } (offsets relative to the end of the header, tensors
// back to back in header order), then the raw little-endian bytes. The header is padded with spaces to a
// multiple of 8 bytes (the format allows trailing spaces) so the data starts aligned.
// Leaves out: reading, dtypes other than F32 (the engine's weights are float32).
import { argError } from './validate.js';

/**
 * tensors: [{ name, shape: [int ≥ 0, …], data: Float32Array | number[] (product of shape values) }], names
 * distinct and not '__metadata__'; metadata: optional { key: string }. → Uint8Array of the whole file.
 */
export function safetensors(tensors, metadata) {
  if (!Array.isArray(tensors)) throw argError('safetensors', 'tensors', 'an array of { name, shape, data }', typeof tensors);
  const header = {};
  if (metadata !== undefined) {
    if (!metadata || typeof metadata !== 'object' || Object.values(metadata).some((v) => typeof v !== 'string')) {
      throw argError('safetensors', 'metadata', 'an object of strings', metadata);
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const [i, t] of tensors.entries()) {
    const n = Array.isArray(t?.shape) && t.shape.every((d) => Number.isInteger(d) && d >= 0) ? t.shape.reduce((a, b) => a * b, 1) : -1;
    if (typeof t?.name !== 'string' || t.name === '' || t.name === '__metadata__' || Object.hasOwn(header, t.name)) {
      throw argError('safetensors', `tensors[${i}].name`, 'a distinct non-empty name other than __metadata__', t?.name);
    }
    if (n < 0 || !(Array.isArray(t.data) || t.data instanceof Float32Array) || t.data.length !== n) {
      throw argError('safetensors', `tensors[${i}]`, 'a shape of non-negative integers and data of that many numbers', t?.data?.length);
    }
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * n] };
    offset += 4 * n;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    for (let k = 0; k < t.data.length; k++, at += 4) view.setFloat32(at, t.data[k], true);
  }
  return out;
}
