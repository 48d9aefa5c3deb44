// wasm/figures/text.js — text helpers of the PNG figures: fonts, the locale-neutral number format of tick
// labels, titles wrapped to a width, and ink colours. Every figure is English on white.
// Leaves out: the page's locale formatting (web/ui), which figures never use.
import { FONT_FAMILY } from './canvas.js';

export const INK = '#1b1f24', MUTED = '#5b6570', FRAME = '#9aa3ad';
export const font = (size, weight = '', family = FONT_FAMILY) => `${weight ? `${weight} ` : ''}${size}px ${family}`;
export const TITLE_FONT = font(15, '600');
export const LABEL_FONT = font(12);

/** Locale-neutral tick text: up to 4 significant digits, no trailing zeros ("0.25", "1e-6", "2048"). */
export function formatTick(v) {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4)) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** `text` broken into lines that fit `width` px in `fontSpec` (words kept whole); [] for no text. */
export function wrapLines(measure, text, width, fontSpec) {
  if (!text) return [];
  measure.font = fontSpec;
  const lines = [];
  let line = '';
  for (const word of String(text).split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure.measureText(next).width > width) { lines.push(line); line = word; } else line = next;
  }
  lines.push(line);
  return lines;
}

/** Height taken by a wrapped title of font size `size` (with its margins), 8 px when there is none. */
export const titleHeight = (lines, size = 15) => (lines.length ? 12 + lines.length * (size + 5) : 8);

/** Draws title lines (semibold, font size `size`) from (x, top of the figure). */
export function drawTitle(g, lines, x, size = 15) {
  g.fillStyle = INK;
  g.font = font(size, '600');
  g.textAlign = 'left';
  g.textBaseline = 'middle';
  lines.forEach((line, i) => g.fillText(line, x, 6 + (size + 5) * (i + 0.5) + 4));
}

/** Widest of `texts` in `fontSpec`. */
export function maxWidth(measure, texts, fontSpec) {
  measure.font = fontSpec;
  let w = 0;
  for (const t of texts) w = Math.max(w, measure.measureText(String(t)).width);
  return Math.ceil(w);
}
