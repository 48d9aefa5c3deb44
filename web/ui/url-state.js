// web/ui/url-state.js — parameters in the query string, `?<lab>.<param>=value#<lab>` (the page contract),
// so one link carries several labs' settings. Also the page flags: `embed`, `lab`, `lang`, `runner`.
// Reading accepts any order (`?embed&lab=x` or `?lab=x&embed`); writing uses history.replaceState.
import { LABS } from 'pe-lab';

export const FLAGS = ['embed', 'lab', 'lang', 'runner'];

/**
 * { flags: { embed, lab, lang, runner }, params: { lab: { param: string } } } from a query string. `params`
 * and each lab's object have no prototype, and only known lab names are kept: a hostile key such as
 * `__proto__.runs` or `constructor.x` is ignored (with a console warning) and can pollute nothing.
 * A lab's unknown parameter names are kept, for the section to report.
 */
export function parseQuery(search) {
  const q = new URLSearchParams(search);
  const flags = { embed: q.has('embed') && q.get('embed') !== 'false' && q.get('embed') !== '0', lab: q.get('lab'), lang: q.get('lang'), runner: q.get('runner') };
  const params = Object.create(null);
  for (const [key, value] of q) {
    const dot = key.indexOf('.');
    if (dot <= 0) continue;
    const lab = key.slice(0, dot), param = key.slice(dot + 1);
    if (!Object.hasOwn(LABS, lab)) {
      console.warn(`PE Lab: ignoring URL parameter '${key}' (no lab named '${lab}')`);
      continue;
    }
    (params[lab] ??= Object.create(null))[param] = value;
  }
  return { flags, params };
}

/** The URL text of a parameter value: lists comma-separated (pairs as m:n), everything else String(). */
export function serializeValue(v) {
  return Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(':') : x)).join(',') : String(v);
}

const enc = (s) => encodeURIComponent(s).replace(/%2C/gi, ',');

/** '?embed&lab=x&lang=es&sinusoidal.T=128…' (labs in the given order, parameters in schema order). */
export function buildQuery(flags, params, labOrder = Object.keys(params)) {
  const parts = [];
  if (flags.embed) parts.push('embed');
  for (const f of ['lab', 'lang', 'runner']) if (flags[f]) parts.push(`${f}=${enc(flags[f])}`);
  const labs = [...labOrder, ...Object.keys(params).filter((l) => !labOrder.includes(l))];
  for (const lab of labs) {
    const p = params[lab];
    if (!p) continue;
    const names = [...Object.keys(LABS[lab]?.params ?? {}), ...Object.keys(p)];
    for (const name of new Set(names)) if (p[name] !== undefined) parts.push(`${enc(lab)}.${enc(name)}=${enc(p[name])}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Serialized parameters of a lab: all of them (`all`) or only those that differ from the schema default. */
export function labQueryParams(lab, resolved, { all = false } = {}) {
  const specs = LABS[lab]?.params ?? {};
  const out = {};
  for (const [name, v] of Object.entries(resolved)) {
    if (all || !specs[name] || !same(v, specs[name].default)) out[name] = serializeValue(v);
  }
  return out;
}

/**
 * The page's URL state: flags and each lab's non-default parameters. `write` false (custom element) keeps
 * the host page's URL untouched.
 */
export function createUrlState({ search = '', write = true, labOrder = [] } = {}) {
  const { flags, params: initial } = parseQuery(search);
  const current = Object.create(null);   // lab -> { param: string } (non-default only)
  for (const [lab, p] of Object.entries(initial)) current[lab] = { ...p };
  return {
    flags,
    initial,
    setFlag(name, value) { flags[name] = value; },
    setLab(lab, resolved) { current[lab] = labQueryParams(lab, resolved); },
    /** Writes the query (and `#hash` if given) with history.replaceState. */
    commit(hash) {
      if (!write) return;
      const q = buildQuery(flags, current, labOrder);
      const h = hash === undefined ? location.hash : hash ? `#${hash}` : '';
      const url = `${location.pathname}${q}${h}`;
      if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
    },
    /** A full-page link reproducing `lab` exactly (all its parameters), other labs' changes and the language. */
    linkFor(lab, resolved, base) {
      const params = { ...current, [lab]: labQueryParams(lab, resolved, { all: true }) };
      const q = buildQuery({ lang: flags.lang }, params, labOrder);
      return new URL(`${q}#${lab}`, base).href;
    },
  };
}
