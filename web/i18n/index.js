// web/i18n/index.js — the page's two languages: picks one, looks strings up in web/i18n/<lang>.js, formats
// numbers for display with Intl.NumberFormat. Lab titles and parameter descriptions come from wasm/schema.js.
// Display only: data-value attributes and exported files keep raw, locale-neutral numbers.
import en from './en.js';
import es from './es.js';
import { LABS, PE_SCHEMES, presetsOf } from 'pe-lab';
import { splitTitle } from '../ui/title.js';

export const CATALOGUES = Object.freeze({ en, es });
export const LANGS = Object.freeze(Object.keys(CATALOGUES));
export const DEFAULT_LANG = 'en';
const LOCALES = { en: 'en-US', es: 'es-ES' };

/** 'es-AR' → 'es'; null when the language is not one of ours. */
export function normalizeLang(value) {
  if (!value) return null;
  const base = String(value).toLowerCase().split(/[-_]/)[0];
  return LANGS.includes(base) ? base : null;
}

/** First supported language among the candidates (e.g. ?lang=, <html lang>, navigator.languages), else English. */
export function pickLang(...candidates) {
  for (const c of candidates.flat()) {
    const lang = normalizeLang(c);
    if (lang) return lang;
  }
  return DEFAULT_LANG;
}

const formatters = new Map();
function nf(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

const SUPERSCRIPT = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '-': '⁻', '+': '' };

/**
 * A number for display in `locale`: integers grouped, tiny/huge values as "2.38 × 10⁻⁷", others with
 * `digits` significant digits.
 */
export function formatNumber(x, locale, { digits = 4 } = {}) {
  if (typeof x !== 'number') return String(x);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (Number.isInteger(x) && ax <= Number.MAX_SAFE_INTEGER && ax < 1e15) return nf(locale, { maximumFractionDigits: 0 }).format(x);
  if (ax < 1e-3 || ax >= 1e6) {
    const parts = nf(locale, { notation: 'scientific', maximumSignificantDigits: Math.min(digits, 3) }).formatToParts(x);
    let mantissa = '', exponent = '', inExponent = false;
    for (const p of parts) {
      if (p.type === 'exponentSeparator') inExponent = true;
      else if (inExponent) exponent += p.value;
      else mantissa += p.value;
    }
    const sup = [...exponent.replace(/[−‐-]/, '-')].map((c) => SUPERSCRIPT[c] ?? c).join('');
    return `${mantissa}\u202f×\u202f10${sup}`;   // narrow no-break spaces: one unbreakable token
  }
  return nf(locale, { maximumSignificantDigits: digits }).format(x);
}

/** Locale-neutral short form for exported figures ("2.38e-7", "0.8415"). */
export function formatNeutral(x, digits = 4) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  if (x === 0 || (Number.isInteger(x) && Math.abs(x) < 1e15)) return String(x);
  const ax = Math.abs(x);
  if (ax < 1e-3 || ax >= 1e6) return x.toExponential(Math.min(digits, 3) - 1);
  return String(Number(x.toPrecision(digits)));
}

/**
 * The catalogue key naming a choice of a parameter (an enum option, an enumList checkbox), by `<lab>.<param>`;
 * a parameter whose choices are all scheme identifiers uses `scheme.<id>`; others show the value itself.
 */
const CHOICE_KEYS = {
  'rope.convention': (v) => `rope.conv.${v}`,
  'rope.precision': (v) => `choice.rope.precision.${v}`,
  'extrapolation.beyond': (v) => `extrapolation.beyond.${v}`,
  'context-extension.methods': (v) => `context-extension.method.${v}.name`,
  'head-to-head.preset': (v) => `choice.head-to-head.preset.${v}`,
};

/**
 * The language context every view receives: { lang, locale, t(key, vars), num(x, opts), labTitle(name),
 * labLabel(name) ("Lab 00 · Permutation": the nav, the ToC and the section's kicker), paramDescription(lab, param),
 * choiceName(lab, param, value), preset(lab, id) → { name, what } }. Missing keys fall back to English, then to
 * the key itself.
 */
export function createI18n(lang) {
  const chosen = normalizeLang(lang) ?? DEFAULT_LANG;
  const catalogue = CATALOGUES[chosen];
  const locale = LOCALES[chosen];
  const t = (key, vars) => {
    let s = catalogue[key] ?? CATALOGUES[DEFAULT_LANG][key] ?? key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    return s;
  };
  return Object.freeze({
    lang: chosen,
    locale,
    t,
    num: (x, opts) => formatNumber(x, locale, opts),
    labTitle: (name) => LABS[name]?.title?.[chosen] ?? name,
    labLabel: (name) => {
      const [kicker] = splitTitle(LABS[name]?.title?.[chosen] ?? '');
      return kicker ? `${kicker} · ${t(`nav.${name}`)}` : t(`nav.${name}`);
    },
    paramDescription: (lab, param) => LABS[lab]?.params?.[param]?.[chosen] ?? param,
    choiceName(lab, param, value) {
      const spec = LABS[lab]?.params?.[param];
      const key = CHOICE_KEYS[`${lab}.${param}`]?.(value)
        ?? (spec?.values?.every((v) => PE_SCHEMES.includes(v)) ? `scheme.${value}` : null);
      return key && (key in catalogue || key in CATALOGUES[DEFAULT_LANG]) ? t(key) : String(value);
    },
    preset: (lab, id) => presetsOf(lab).find((p) => p.id === id)?.[chosen] ?? { name: id, what: '' },
  });
}
