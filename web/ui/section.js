// web/ui/section.js — the shell of one lab section, shared by the page, the embed mode and <pe-lab>:
// heading and statement, the controls generated from the schema, reset / copy-link, running the lab
// (main thread or worker), inline errors that keep the previous results, the downloads (runLab's `files`:
// the figures' export buttons, the other files' buttons, everything as one .zip; views build no file), URL
// state, and re-rendering in another language.
// The lab-specific part is a view module (web/labs/<name>.js, see web/labs/index.js for its interface).
import { LABS } from 'pe-lab';
import { runOnMainThread } from '../lab-api.js';
import { run as runInWorker } from './runner.js';
import { createControls } from './controls.js';
import { labErrorOf, describeLabError } from './errors.js';
import { h, replaceChildren } from './dom.js';
import { saveFile, zipFiles } from './export.js';

const DEBOUNCE_MS = 250;
const BUSY_DELAY_MS = 120;

function defaultsOf(schema) {
  return Object.fromEntries(Object.entries(schema?.params ?? {}).map(([k, s]) => [k, structuredClone(s.default)]));
}

/** "Lab 00 — attention …" → ["Lab 00", "attention …"]. */
export function splitTitle(title) {
  const i = title.indexOf(' — ');
  return i < 0 ? ['', title] : [title.slice(0, i), title.slice(i + 3)];
}

/**
 * createLabSection({ lab, view, i18n, values, urlState, runner, linkBase, onResult })
 *   lab       lab name (section id)
 *   view      the loaded view module ({ mount, runner?, adjustValues? }) or null for a "coming" placeholder
 *             (runner: 'main' | 'worker' | (values) => 'main' | 'worker')
 *   values    initial raw parameter values (strings from a URL, or typed values); unknown keys are reported
 *   urlState  web/ui/url-state.js instance, or null (custom element: the host's URL is left alone)
 *   runner    'main' | 'worker' to override the view's choice
 *   linkBase  the full page's URL, for "copy link"
 *   onResult  optional (lab, out) => void after each run whose results are shown
 * → { element, ready (first run settled), setI18n(i18n), destroy() }
 */
export function createLabSection({ lab, view, i18n, values = {}, urlState = null, runner, linkBase, onResult }) {
  const schema = LABS[lab];
  const defaults = defaultsOf(schema);
  const element = h('section', { id: lab, class: 'lab', 'aria-labelledby': `${lab}-title`, dataset: { lab } });
  const unknown = Object.keys(values).filter((k) => !Object.hasOwn(defaults, k));
  const state = {
    i18n,
    values: { ...defaults, ...Object.fromEntries(Object.entries(values).filter(([k]) => Object.hasOwn(defaults, k))) },
    out: null,
    error: null,        // the Error of the last failed run (shown until a run succeeds)
    errorIsFallback: false, // true when the results shown were computed with the failing value reset
    viewState: {},      // a view's own UI state (selected head, …), kept across language switches
    seq: 0,
    timer: null,
    busyTimer: null,
    controller: null,
    destroyed: false,
  };
  const valueListeners = new Set();
  // Where a run goes: the override, else the view's choice (a string, or a function of the values).
  const runLab = (name, values, options) => {
    const choice = runner ?? (typeof view?.runner === 'function' ? view.runner(values) : view?.runner) ?? 'main';
    return (choice === 'worker' ? runInWorker : runOnMainThread)(name, values, options);
  };
  let ui = null;     // DOM parts of the current render
  let handle = null; // the mounted view

  // ---- rendering -------------------------------------------------------------------------------------
  function render() {
    const { t } = state.i18n;
    handle?.destroy?.();
    handle = null;
    valueListeners.clear();
    const [kicker, title] = splitTitle(state.i18n.labTitle(lab));
    const head = h('header', { class: 'lab-head' },
      h('h2', { id: `${lab}-title` }, kicker ? h('span', { class: 'lab-kicker' }, kicker, h('span', { class: 'visually-hidden' }, ' — ')) : null,
        h('span', { class: 'lab-title-text' }, title)),
      h('p', { class: 'lab-statement' }, t(`${lab}.statement`)));
    if (!view || !schema) {
      replaceChildren(element, head, h('p', { class: 'lab-coming' }, t('lab.coming')));
      element.classList.add('lab-placeholder');
      ui = null;
      return;
    }
    const controls = createControls({ lab, schema, i18n: state.i18n, values: state.values, onInput });
    const general = h('div', { class: 'form-errors' });
    const status = h('p', { class: 'lab-status', 'aria-live': 'polite' });
    const progress = h('progress', { class: 'lab-progress', max: '1', hidden: true });
    const announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    const form = h('form', { class: 'lab-controls', 'aria-labelledby': `${lab}-params`, onsubmit: (e) => e.preventDefault() },
      h('h3', { id: `${lab}-params` }, t('controls.title')),
      general,
      controls.element,
      h('div', { class: 'form-actions' },
        view?.autoRun === false
          ? h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'run' }, onclick: () => runNow() }, t('controls.run'))
          : null,
        h('button', { type: 'button', class: 'btn', dataset: { action: 'reset' }, onclick: reset }, t('controls.reset')),
        h('button', { type: 'button', class: 'btn', dataset: { action: 'copy-link' }, onclick: copyLink }, t('controls.copyLink'))),
      progress, status, announcer);
    const results = h('div', { class: 'lab-results', 'aria-live': 'off' });
    const downloads = h('div', { class: 'lab-downloads' });
    replaceChildren(element, head, h('div', { class: 'lab-body' }, form, results), downloads);
    ui = { controls, general, status, progress, announcer, results, downloads };
    for (const name of unknown) showGeneral(t('error.unknownParam', { param: name }), 'unknown');
    handle = view.mount(makeContext());
    if (state.out) showResult(state.out);
    else renderDownloads();
    if (state.error) showError(state.error);
  }

  function makeContext() {
    return {
      lab,
      i18n: state.i18n,
      root: ui.results,
      state: state.viewState,
      getValue: (name) => state.values[name],
      /** Sets a control's value as if the user had typed it; runs the lab unless run is false. */
      setValue(name, value, { run = true } = {}) {
        state.values[name] = value;
        ui?.controls.set(name, value);
        notifyValues(name);
        if (run) schedule(true);
      },
      controlSlot: (name) => ui?.controls.slot(name),
      onValuesChange(fn) { valueListeners.add(fn); return () => valueListeners.delete(fn); },
      /** Saves runLab's files[file] of the results shown (a PNG's Promise awaited). */
      download: (file) => download(file, () => {
        if (!state.out || !(file in state.out.files)) throw new Error(`no file ${file} in this run`);
        return state.out.files[file];
      }),
      announce(message) { if (ui) { ui.announcer.textContent = ''; ui.announcer.textContent = message; } },
    };
  }

  function notifyValues(changed) {
    for (const fn of valueListeners) fn(state.values, changed);
  }

  // ---- running ---------------------------------------------------------------------------------------
  function onInput(name, value, { immediate }) {
    state.values[name] = value;
    const adjusted = view?.adjustValues?.({ ...state.values }, name);
    if (adjusted) {
      for (const [k, v] of Object.entries(adjusted)) {
        if (Object.hasOwn(defaults, k) && JSON.stringify(v) !== JSON.stringify(state.values[k])) {
          state.values[k] = v;
          ui?.controls.set(k, v);
        }
      }
    }
    notifyValues(name);
    schedule(immediate);
  }

  function schedule(immediate) {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => runNow(), immediate ? 0 : DEBOUNCE_MS);
  }

  function setBusy(busy, text) {
    clearTimeout(state.busyTimer);
    if (!ui) return;
    ui.results.setAttribute('aria-busy', String(busy));
    if (!busy) { ui.progress.hidden = true; return; }
    state.busyTimer = setTimeout(() => { if (ui) ui.status.textContent = text ?? state.i18n.t('status.computing'); }, BUSY_DELAY_MS);
  }

  function onProgress(p) {
    if (!ui) return;
    const fraction = typeof p === 'number' ? p : p?.fraction ?? (p?.total ? p.done / p.total : undefined);
    if (typeof fraction === 'number' && Number.isFinite(fraction)) { ui.progress.hidden = false; ui.progress.value = fraction; }
    if (typeof p?.message === 'string') ui.status.textContent = p.message;
    handle?.progress?.(p);   // optional view hook: live data during a run (e.g. head-to-head's loss curves)
  }

  async function runNow({ userAction = true } = {}) {
    const seq = ++state.seq;
    state.controller?.abort();
    const controller = new AbortController();
    state.controller = controller;
    setBusy(true);
    try {
      const out = await runLab(lab, { ...state.values }, { signal: controller.signal, onProgress });
      if (seq !== state.seq || state.destroyed) return;
      accept(out, { userAction });
    } catch (err) {
      if (seq !== state.seq || state.destroyed || err?.name === 'AbortError') return;
      state.error = err;
      state.errorIsFallback = false;
      showError(err);
    } finally {
      if (seq === state.seq) setBusy(false);
    }
  }

  /** First run: if the given values fail, show why and compute with the offending values reset (never blank). */
  async function initialRun() {
    const seq = ++state.seq;
    setBusy(true);
    const tried = { ...state.values };
    const differs = (k) => JSON.stringify(tried[k]) !== JSON.stringify(defaults[k]);
    let firstError = null;
    for (let attempt = 0; attempt <= Object.keys(defaults).length + 1; attempt++) {
      try {
        const out = await runLab(lab, tried, { onProgress });
        if (seq !== state.seq || state.destroyed) return;
        accept(out, { userAction: false, keepError: firstError });
        break;
      } catch (err) {
        if (seq !== state.seq || state.destroyed) return;
        if (err?.name === 'AbortError') break;   // cancelled (a view's Cancel): no parameter to blame
        firstError ??= err;
        // Reset the parameter the error names; if it is already at its default (a rule between two
        // parameters), reset the last other one that differs; finally everything.
        const { param } = labErrorOf(err);
        const other = Object.keys(defaults).reverse().find(differs);
        if (Object.hasOwn(defaults, param) && differs(param)) tried[param] = structuredClone(defaults[param]);
        else if (other) tried[other] = structuredClone(defaults[other]);
        else Object.assign(tried, structuredClone(defaults));
      }
    }
    if (seq === state.seq) setBusy(false);
  }

  function accept(out, { userAction, keepError = null }) {
    state.out = out;
    state.error = keepError;
    state.errorIsFallback = Boolean(keepError);
    clearErrors();
    showResult(out);
    if (keepError) showError(keepError);
    if (urlState && !keepError) {
      urlState.setLab(lab, out.params);
      if (userAction) urlState.commit(lab);
    }
    onResult?.(lab, out);
  }

  function showResult(out) {
    if (!ui) return;
    ui.results.classList.remove('is-stale');
    if (!state.error) ui.status.textContent = '';
    handle?.update(out);
    renderDownloads();
  }

  // ---- errors ----------------------------------------------------------------------------------------
  function clearErrors() {
    if (!ui) return;
    ui.controls.clearAll();
    ui.general.querySelectorAll('[data-kind="run"]').forEach((e) => e.remove());
  }

  function showGeneral(text, kind) {
    ui.general.append(h('p', { class: 'field-error', role: 'alert', dataset: { kind } }, text));
  }

  function showError(err) {
    if (!ui) return;
    clearErrors();
    const parsed = labErrorOf(err);
    const text = describeLabError(state.i18n, lab, parsed);
    if (!(parsed.param && ui.controls.showError(parsed.param, text))) showGeneral(text, 'run');
    if (state.errorIsFallback) {
      ui.status.textContent = state.i18n.t('status.fallback');
    } else if (state.out) {
      ui.results.classList.add('is-stale');
      ui.status.textContent = state.i18n.t('status.keptPrevious');
    }
  }

  // ---- actions ---------------------------------------------------------------------------------------
  function reset() {
    state.values = structuredClone(defaults);
    for (const [k, v] of Object.entries(defaults)) ui?.controls.set(k, v);
    notifyValues(null);
    schedule(true);
  }

  async function copyLink() {
    const { t } = state.i18n;
    const params = state.out?.params ?? state.values;
    const link = urlState ? urlState.linkFor(lab, params, linkBase) : linkFromScratch(params);
    ui.status.dataset.link = link;
    try {
      await navigator.clipboard.writeText(link);
      ui.status.textContent = t('status.linkCopied');
    } catch {
      const field = h('input', { type: 'text', readonly: true, value: link, class: 'link-field', 'aria-label': t('status.linkManual') });
      replaceChildren(ui.status, t('status.linkManual'), ' ', field);
      field.select();
    }
  }

  function linkFromScratch(params) {
    const q = Object.entries(params).map(([k, v]) =>
      `${encodeURIComponent(lab)}.${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(':') : x)).join(',') : String(v)).replace(/%2C/gi, ',')}`);
    const lang = state.i18n.lang !== 'en' ? [`lang=${state.i18n.lang}`] : [];
    return new URL(`?${[...lang, ...q].join('&')}#${lab}`, linkBase).href;
  }

  async function download(file, make) {
    try {
      saveFile(file, await make());
    } catch (err) {
      if (ui) ui.status.textContent = state.i18n.t('status.exportFailed', { file, message: err.message });
    }
  }

  /**
   * The files that get a button in the downloads row: those the results offer no button for, except a
   * figure's files (a PNG and the CSV/JSON of the same name) — e.g. the figures of a scheme not shown now,
   * which stay in the zip.
   */
  function listedFiles(files) {
    const names = Object.keys(files);
    const offered = new Set([...ui.results.querySelectorAll('[data-export]')].map((b) => b.dataset.export));
    const figures = new Set(names.filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -4)));
    return names.filter((f) => !offered.has(f) && !figures.has(f.replace(/\.[^.]+$/, '')));
  }

  function renderDownloads() {
    if (!ui) return;
    const { t } = state.i18n;
    const files = state.out?.files ?? {};
    const zipName = `pe-lab-${lab}.zip`;
    // The zip holds exactly runLab's files (PNGs drawn now, one after the other).
    const makeZip = async () => new Blob([await zipFiles(files)], { type: 'application/zip' });
    replaceChildren(ui.downloads,
      h('h3', {}, t('downloads.title')),
      h('p', { class: 'lab-downloads-note' }, t('downloads.note')),
      h('div', { class: 'btn-row' },
        listedFiles(files).map((file) => h('button', { type: 'button', class: 'btn btn-small', dataset: { export: file },
          'aria-label': t('export.download', { file }), onclick: () => download(file, () => files[file]) }, file)),
        h('button', { type: 'button', class: 'btn btn-primary', dataset: { export: zipName }, disabled: !state.out,
          onclick: () => download(zipName, makeZip) }, t('downloads.zip'))));
  }

  render();
  // A view that exports `autoRun = false` (long training) runs on page load only when its parameters were
  // set explicitly (URL, element attribute); otherwise it waits for its Run button or a control change.
  const explicit = schema && Object.keys(defaults).some((k) => JSON.stringify(state.values[k]) !== JSON.stringify(defaults[k]));
  const ready = view && schema && (view.autoRun !== false || explicit) ? initialRun() : Promise.resolve();

  return {
    element,
    ready,
    get values() { return { ...state.values }; },
    setI18n(next) {
      state.i18n = next;
      render();
    },
    destroy() {
      state.destroyed = true;
      clearTimeout(state.timer);
      state.controller?.abort();
      handle?.destroy?.();
      element.remove();
    },
  };
}

