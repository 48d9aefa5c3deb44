// web/ui/section.js — the shell of one lab section, shared by the page, the embed mode and <pe-lab>:
// heading and statement, named presets (wasm/presets.js) above the controls generated from the schema (the
// schema's primary parameters shown, the rest under "More parameters", opened by a link or an error that
// concerns them), reset / copy-link, running the lab
// (main thread or worker, decided per call), the run bar (progress and Cancel, web/ui/run-bar.js), inline
// errors that keep the previous results, the downloads (runLab's `files`: the figures' export buttons, the
// other files' buttons, everything as one .zip; views build no file; the bytes are built in the worker), URL state, re-rendering in another
// language, and lazy start: until start() the section is a skeleton (heading, statement, a placeholder of its
// main figure's height) that loads no view and computes nothing.
// The lab-specific part is a view module (web/labs/<name>.js, see web/labs/index.js for its interface); it draws
// its main figure into ctx.lead (beside the parameters on wide screens, before them on a phone) and the rest
// into ctx.root. Views get the run lifecycle (onRunStart/onRunEnd/setStatus) and the formatting kit (fmt) from ctx and never read
// the shell's DOM.
// Leaves out: when to start (web/main.js: near the viewport, linked or embedded; <pe-lab>: at once).
import * as peLab from 'pe-lab';
import { runOnMainThread } from '../lab-api.js';
import { run as runInWorker, fileOf } from './runner.js';
import { createControls, hiddenParams } from './controls.js';
import { createRunBar } from './run-bar.js';
import { labErrorOf, describeLabError } from './errors.js';
import { h, num, replaceChildren } from './dom.js';
import { formatNeutral } from '../i18n/index.js';
import { saveFile } from './export.js';
import { splitTitle } from './title.js';
import { serializeValue } from './url-state.js';
import { figureStyle } from './skeleton.js';
import { nextTask, drawn } from './stage.js';

const { LABS } = peLab;
const DEBOUNCE_MS = 250;
const BUSY_DELAY_MS = 120;
const MAIN_THREAD_MAX_SECONDS = 0.05;   // a run estimated longer than this goes to the worker
// Runs on the page show progress and Cancel, so no time limit; the memory budget (BUDGET.bytes) always holds:
// runLab refuses a run over it before computing, and the section shows why (wasm/cost.js).
const PAGE_BUDGET = 'none';

/** Estimated seconds of a run (wasm/cost.js), or 0 when it cannot be estimated (bad values: runLab says why). */
function estimatedSeconds(lab, values) {
  try {
    return peLab.estimateCost(lab, values).seconds;
  } catch {
    return 0;
  }
}

function defaultsOf(schema) {
  return Object.fromEntries(Object.entries(schema?.params ?? {}).map(([k, s]) => [k, structuredClone(s.default)]));
}


/** The formatting kit views get as ctx.fmt: text(x) (the locale's text), num(x, testid?, opts?) (a <span
 *  class="num" data-value> of it), neutral(x, digits) (locale-neutral text, e.g. a placeholder to type over). */
function formattingKit(i18n) {
  return {
    text: (v, opts) => i18n.num(v, opts),
    num: (v, testid, opts) => num(i18n, v, testid ? { dataset: { testid } } : {}, opts),
    neutral: formatNeutral,
  };
}

/**
 * Where a run goes: `override` ('main' | 'worker'), else the package's cost estimate when it has one
 * (estimateCost(name, params).seconds), else the view's choice ('main' | 'worker' | (values) => …).
 */
function placeRun(lab, values, view, override) {
  if (override) return override;
  if (typeof peLab.estimateCost === 'function') {
    try {
      return peLab.estimateCost(lab, values).seconds > MAIN_THREAD_MAX_SECONDS ? 'worker' : 'main';
    } catch { /* a bad value: the run reports it, wherever it goes */ }
  }
  return (typeof view?.runner === 'function' ? view.runner(values) : view?.runner) ?? 'main';
}

/**
 * createLabSection({ lab, load, i18n, values, urlState, runner, linkBase, onResult, element, start })
 *   lab       lab name (section id)
 *   load      () => Promise of the view module ({ mount, runner?, adjustValues?, autoRun? }), called by start()
 *   values    initial raw parameter values (strings from a URL, or typed values); unknown keys are reported
 *   urlState  web/ui/url-state.js instance, or null (custom element: the host's URL is left alone)
 *   runner    'main' | 'worker' to override where runs go
 *   linkBase  the full page's URL, for "copy link"
 *   onResult  optional (lab, out) => void after each run whose results are shown
 *   element   the <section id=lab> to fill (e.g. the page's HTML skeleton), else a new one
 *   start     false: stay a skeleton until start() (default true: start at once)
 * → { element, start() → ready, ready (first run settled, after start), started, hasResult, values,
 *     setI18n(i18n), destroy() }
 */
export function createLabSection({ lab, load, i18n, values = {}, urlState = null, runner, linkBase, onResult,
  element: givenElement = null, start: startNow = true }) {
  const schema = LABS[lab];
  const defaults = defaultsOf(schema);
  const element = givenElement ?? h('section', { id: lab, class: 'lab' });
  element.id = lab;
  element.classList.add('lab');
  element.setAttribute('aria-labelledby', `${lab}-title`);
  element.dataset.lab = lab;
  let view = null;      // the view module, once loaded
  let started = null;   // the Promise of start()
  let markReady;
  const ready = new Promise((resolve) => { markReady = resolve; });
  const unknown = Object.keys(values).filter((k) => !Object.hasOwn(defaults, k));
  // A link (or the element's params) that sets a parameter kept under "More parameters" opens the fold.
  const linkSetsHidden = hiddenParams(schema).some((k) => Object.hasOwn(values, k) && serializeValue(values[k]) !== serializeValue(defaults[k]));
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
    moreOpen: linkSetsHidden,   // the "More parameters" fold, kept across re-renders (language switch)
    waitForRun: false,          // a run over AUTO_RUN_SECONDS waits for the Run button
  };
  const valueListeners = new Set();
  const runListeners = { start: new Set(), end: new Set() };   // the view's onRunStart / onRunEnd
  const runLab = (name, values, options) =>
    (placeRun(name, values, view, runner) === 'worker' ? runInWorker : runOnMainThread)(name, values, options);
  let ui = null;     // DOM parts of the current render
  let handle = null; // the mounted view

  // ---- rendering -------------------------------------------------------------------------------------
  function render() {
    const { t } = state.i18n;
    handle?.destroy?.();
    handle = null;
    valueListeners.clear();
    runListeners.start.clear();
    runListeners.end.clear();
    const kicker = state.i18n.labLabel(lab);
    const [, title] = splitTitle(state.i18n.labTitle(lab));
    const head = h('header', { class: 'lab-head' },
      h('h2', { id: `${lab}-title` }, kicker ? h('span', { class: 'lab-kicker' }, kicker, h('span', { class: 'visually-hidden' }, ' — ')) : null,
        h('span', { class: 'lab-title-text' }, title)),
      h('p', { class: 'lab-statement' }, t(`${lab}.statement`)));
    if (!view) {   // not started: the skeleton (web/ui/skeleton.js writes the same into the page's HTML)
      const figure = h('div', { class: 'lab-skeleton-figure', 'aria-hidden': 'true', style: figureStyle(lab) });
      replaceChildren(element, head, figure);
      element.classList.add('is-skeleton');
      ui = null;
      return;
    }
    element.classList.remove('is-skeleton');
    const controls = createControls({ lab, schema, i18n: state.i18n, values: state.values, onInput,
      moreOpen: state.moreOpen, onMoreToggle: (open) => { state.moreOpen = open; } });
    const general = h('div', { class: 'form-errors' });
    const status = h('p', { class: 'lab-status', 'aria-live': 'polite' });
    const runBar = createRunBar({ t, onCancel: cancelRun });
    const announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    const estimate = h('p', { class: 'lab-estimate', dataset: { testid: 'estimate' } });
    const actions = h('div', { class: 'form-actions' });
    const presets = renderPresets();
    const form = h('form', { class: 'lab-controls', 'aria-labelledby': `${lab}-params`, onsubmit: (e) => e.preventDefault() },
      h('h3', { id: `${lab}-params` }, t('controls.title')),
      presets?.element,
      general,
      controls.element,
      actions,
      estimate, status, announcer);
    const results = h('div', { class: 'lab-results', 'aria-live': 'off' });
    const lead = h('div', { class: 'lab-lead', dataset: { testid: 'lead-figure' } });
    const downloads = h('div', { class: 'lab-downloads' });
    replaceChildren(element, head, h('div', { class: 'lab-body' }, lead, form, h('div', { class: 'lab-output' }, runBar.element, results)), downloads);
    ui = { controls, general, status, runBar, announcer, results, lead, downloads, estimate, actions, presets };
    renderActions();
    presets?.mark();
    showEstimate();
    if (state.controller) { runBar.start(); outputState('aria-busy', true); }
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
      fmt: formattingKit(state.i18n),
      root: ui.results,
      lead: ui.lead,
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
      /** Runs the lab with the current values (e.g. a view's own Run button). */
      run: () => schedule(true),
      onValuesChange(fn) { valueListeners.add(fn); return () => valueListeners.delete(fn); },
      /** Saves runLab's files[file] of the results shown (built in the worker, web/ui/runner.js fileOf). */
      download: (file) => download(file, () => {
        if (!state.out || !(file in state.out.files)) throw new Error(`no file ${file} in this run`);
        return fileOf(lab, state.out, file);
      }),
      announce,
      /** fn() when a run starts (a newer run replacing one in flight starts again; one end follows, the last run's). */
      onRunStart(fn) { runListeners.start.add(fn); return () => runListeners.start.delete(fn); },
      /** fn({ ok, cancelled, error }) when a run ends: shown (ok), cancelled by Cancel, or failed. */
      onRunEnd(fn) { runListeners.end.add(fn); return () => runListeners.end.delete(fn); },
      /** The section's status line (polite live region), e.g. what a view's own action did. */
      setStatus(text) { if (ui) ui.status.textContent = text; },
    };
  }

  function announce(message) {
    if (ui) { ui.announcer.textContent = ''; ui.announcer.textContent = message; }
  }

  function notifyValues(changed) {
    for (const fn of valueListeners) fn(state.values, changed);
    ui?.presets?.mark();
  }

  /** The results' state on both output parts (the lead figure and the rest): a class, or aria-busy. */
  function outputState(name, on) {
    for (const el of [ui.lead, ui.results]) {
      if (name === 'aria-busy') el.setAttribute('aria-busy', String(on));
      else el.classList.toggle(name, on);
    }
  }

  /** Run (a long lab, or a run that waits: over AUTO_RUN_SECONDS), Reset, Copy link. */
  function renderActions() {
    const { t } = state.i18n;
    replaceChildren(ui.actions,
      view?.autoRun === false || state.waitForRun
        ? h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'run' }, onclick: () => runNow() }, t('controls.run'))
        : null,
      h('button', { type: 'button', class: 'btn', dataset: { action: 'reset' }, onclick: reset }, t('controls.reset')),
      h('button', { type: 'button', class: 'btn', dataset: { action: 'copy-link' }, onclick: copyLink }, t('controls.copyLink')));
  }

  /** The lab's named presets as buttons (null when it has none) → { element, mark() (aria-pressed on the one in effect) }. */
  function renderPresets() {
    const list = peLab.presetsOf(lab);
    if (!list.length) return null;
    const { t } = state.i18n;
    const buttons = list.map((p) => {
      const { name, what } = state.i18n.preset(lab, p.id);
      return h('button', { type: 'button', class: 'btn btn-small preset', title: what, dataset: { preset: p.id }, 'aria-pressed': 'false',
        onclick: () => applyPreset(p.id) }, name);
    });
    const what = h('p', { class: 'preset-what', dataset: { testid: 'preset-what' } });   // what the preset in effect shows
    const element = h('div', { class: 'presets', role: 'group', 'aria-labelledby': `${lab}-presets`, dataset: { testid: 'presets' } },
      h('p', { class: 'presets-label', id: `${lab}-presets` }, t('controls.presets')), h('div', { class: 'btn-row' }, buttons), what);
    const mark = () => {
      const on = buttons.find((b) => {
        const full = peLab.presetParams(lab, b.dataset.preset);
        return Object.keys(full).every((k) => serializeValue(full[k]) === serializeValue(state.values[k]));
      });
      buttons.forEach((b) => b.setAttribute('aria-pressed', String(b === on)));
      what.textContent = on ? state.i18n.preset(lab, on.dataset.preset).what : '';
    };
    return { element, mark };
  }

  /**
   * A preset: every parameter set (the defaults with the preset's over them), the URL updated, the fold opened
   * when the preset sets a parameter in it, then a run like any change — or, over AUTO_RUN_SECONDS, the Run button.
   */
  function applyPreset(id) {
    const values = peLab.presetParams(lab, id);
    state.values = values;
    for (const [k, v] of Object.entries(values)) {
      ui?.controls.set(k, v);
      if (serializeValue(v) !== serializeValue(defaults[k])) ui?.controls.reveal(k);
    }
    notifyValues(null);
    showEstimate();
    if (urlState) { urlState.setLab(lab, values); urlState.commit(lab); }
    const seconds = estimatedSeconds(lab, values);
    if (seconds > peLab.AUTO_RUN_SECONDS) {
      clearTimeout(state.timer);
      state.waitForRun = true;
      renderActions();
      if (ui) ui.status.textContent = state.i18n.t('controls.presetWaits', { name: state.i18n.preset(lab, id).name, seconds: Math.ceil(seconds) });
      return;
    }
    schedule(true);
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
    showEstimate();
    schedule(immediate);
  }

  /** The cost model's estimate for the current values (wasm/cost.js), shown before a run; empty when invalid. */
  function showEstimate() {
    if (!ui) return;
    let cost = null;
    try {
      cost = peLab.estimateCost(lab, state.values);
    } catch {
      // invalid values: the run itself says why
    }
    ui.estimate.textContent = cost ? state.i18n.t('controls.estimate', {
      seconds: cost.seconds < 0.1 ? '< 0.1' : state.i18n.num(Number(cost.seconds.toPrecision(2))),
      mb: state.i18n.num(Number((cost.bytes / 2 ** 20).toPrecision(2))),
    }) : '';
    if (cost) Object.assign(ui.estimate.dataset, { seconds: String(cost.seconds), bytes: String(cost.bytes) });
  }

  function schedule(immediate) {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => runNow(), immediate ? 0 : DEBOUNCE_MS);
  }

  /** A run starts: the stale results dim (after BUSY_DELAY_MS), the run bar shows, the view hears it. */
  function beginRun() {
    state.controller?.abort(new DOMException('Replaced by a newer run.', 'AbortError'));
    const controller = new AbortController();
    state.controller = controller;
    clearTimeout(state.busyTimer);
    if (ui) {
      outputState('aria-busy', true);
      ui.runBar.start();
      state.busyTimer = setTimeout(() => {
        if (!ui) return;
        outputState('is-running', true);
        if (!state.error) ui.status.textContent = state.i18n.t('status.computing');
      }, BUSY_DELAY_MS);
    }
    for (const fn of runListeners.start) fn();
    return controller;
  }

  /** The run of `controller` ended ({ ok, cancelled, error }); a replaced run ends silently. */
  function endRun(controller, outcome) {
    if (state.controller !== controller) return;
    state.controller = null;
    clearTimeout(state.busyTimer);
    if (ui) {
      outputState('aria-busy', false);
      outputState('is-running', false);
      ui.runBar.end();
      if (ui.status.textContent === state.i18n.t('status.computing')) ui.status.textContent = '';
    }
    for (const fn of runListeners.end) fn(outcome);
  }

  /** Cancel: stops the run (every worker of it), keeps the last good result and the learner's parameters. */
  function cancelRun() {
    clearTimeout(state.timer);
    const controller = state.controller;
    if (!controller) return;
    state.seq++;   // whatever the run still answers is ignored
    controller.abort(new DOMException('The run was cancelled.', 'AbortError'));
    endRun(controller, { ok: false, cancelled: true });
    const message = state.i18n.t(state.out ? 'status.cancelled' : 'status.cancelledNone');
    if (ui) ui.status.textContent = message;
    announce(message);
  }

  function onProgress(p) {
    if (!ui) return;
    const fraction = typeof p === 'number' ? p : p?.fraction ?? (p?.total ? p.done / p.total : undefined);
    ui.runBar.progress(fraction);
    if (typeof p?.message === 'string') ui.status.textContent = p.message;
    handle?.progress?.(p);   // optional view hook: live data during a run (e.g. head-to-head's loss curves)
  }

  async function runNow({ userAction = true } = {}) {
    if (!view) return;
    const seq = ++state.seq;
    const controller = beginRun();
    try {
      // A staged run (head-to-head's study) shows its first stage's result while the rest trains; Cancel then keeps it.
      const onPartial = (out) => { if (seq === state.seq && !state.destroyed) accept(out, { userAction, running: true }); };
      const out = await runLab(lab, { ...state.values }, { signal: controller.signal, onProgress, onPartial, budget: PAGE_BUDGET });
      await nextTask();   // drawing is a task of its own, not the computing one's (issue 14)
      if (seq !== state.seq || state.destroyed) return;
      accept(out, { userAction });
      await drawn();   // the run ends when its figures are drawn (charts and large maps are built one per task)
      if (seq !== state.seq || state.destroyed) return;
      endRun(controller, { ok: true });
    } catch (err) {
      if (seq !== state.seq || state.destroyed) return;
      if (err?.name === 'AbortError') { endRun(controller, { ok: false, cancelled: true }); return; }
      state.error = err;
      state.errorIsFallback = false;
      showError(err);
      endRun(controller, { ok: false, error: err });
    }
  }

  /** First run: if the given values fail, show why and compute with the offending values reset (never blank). */
  async function initialRun() {
    const seq = ++state.seq;
    const controller = beginRun();
    const tried = { ...state.values };
    const differs = (k) => JSON.stringify(tried[k]) !== JSON.stringify(defaults[k]);
    let firstError = null;
    for (let attempt = 0; attempt <= Object.keys(defaults).length + 1; attempt++) {
      try {
        const out = await runLab(lab, tried, { signal: controller.signal, onProgress, budget: PAGE_BUDGET });
        await nextTask();
        if (seq !== state.seq || state.destroyed) return;
        accept(out, { userAction: false, keepError: firstError });
        await drawn();
        if (seq !== state.seq || state.destroyed) return;
        endRun(controller, { ok: true });
        return;
      } catch (err) {
        if (seq !== state.seq || state.destroyed) return;
        if (err?.name === 'AbortError') break;   // cancelled: no parameter to blame
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
    if (seq === state.seq) endRun(controller, { ok: false, cancelled: controller.signal.aborted, error: firstError ?? undefined });
  }

  function accept(out, { userAction, keepError = null, running = false }) {
    state.out = out;
    state.error = keepError;
    state.errorIsFallback = Boolean(keepError);
    // The URL before the results: writing it lays the page out, which is cheap before the results change and
    // took ~300 ms after a large section's new results (issue 14).
    if (urlState && !keepError) {
      urlState.setLab(lab, out.params);
      if (userAction) urlState.commit(lab);
    }
    clearErrors();
    showResult(out, { running });
    if (keepError) showError(keepError);
    onResult?.(lab, out);
  }

  /** running: a partial result while the run goes on (fresh, so not dimmed; the run bar, aria-busy and status stay). */
  function showResult(out, { running = false } = {}) {
    if (!ui) return;
    outputState('is-stale', false);
    outputState('is-running', false);
    if (!state.error && !running) ui.status.textContent = '';
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
      outputState('is-stale', true);
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
    const offered = new Set([ui.lead, ui.results].flatMap((el) => [...el.querySelectorAll('[data-export]')]).map((b) => b.dataset.export));
    const figures = new Set(names.filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -4)));
    return names.filter((f) => !offered.has(f) && !figures.has(f.replace(/\.[^.]+$/, '')));
  }

  function renderDownloads() {
    if (!ui) return;
    const { t } = state.i18n;
    const out = state.out;
    const files = out?.files ?? {};
    const zipName = `pe-lab-${lab}.zip`;
    // The zip holds exactly runLab's files; it and every file are built in the worker (web/ui/runner.js fileOf).
    const makeZip = () => fileOf(lab, out, null);
    replaceChildren(ui.downloads,
      h('h3', {}, t('downloads.title')),
      h('p', { class: 'lab-downloads-note' }, t('downloads.note')),
      h('div', { class: 'btn-row' },
        listedFiles(files).map((file) => h('button', { type: 'button', class: 'btn btn-small', dataset: { export: file },
          'aria-label': t('export.download', { file }), onclick: () => download(file, () => fileOf(lab, out, file)) }, file)),
        h('button', { type: 'button', class: 'btn btn-primary', dataset: { export: zipName }, disabled: !state.out,
          onclick: () => download(zipName, makeZip) }, t('downloads.zip'))));
  }

  /** Loads the view (once), renders the controls and results, and makes the first run → `ready`. */
  function start() {
    started ??= (async () => {
      view = await load();
      // Rendering, the first run and its drawing each get a task of their own, so that sections starting
      // together (a linked load) never add up to one long task (issue 14).
      await nextTask();
      if (state.destroyed) return;
      render();
      // A view that exports `autoRun = false` (long training) runs on start only when its parameters were
      // set explicitly (URL, element attribute); otherwise it waits for its Run button or a control change.
      // A run estimated longer than AUTO_RUN_SECONDS (a heavy link) waits for Run too, saying how long it takes.
      const explicit = Object.keys(defaults).some((k) => JSON.stringify(state.values[k]) !== JSON.stringify(defaults[k]));
      const seconds = estimatedSeconds(lab, state.values);
      if (seconds > peLab.AUTO_RUN_SECONDS) {
        state.waitForRun = true;
        renderActions();
        ui.status.textContent = state.i18n.t('status.waitForRun', { seconds: Math.ceil(seconds) });
      } else if (view.autoRun !== false || explicit) {
        await nextTask();
        if (!state.destroyed) await initialRun();
      }
    })().catch((err) => {
      if (ui) showGeneral(err?.message ?? String(err), 'run');
      else element.append(h('p', { class: 'field-error', role: 'alert' }, err?.message ?? String(err)));
    }).finally(() => markReady());
    return ready;
  }

  render();
  if (startNow) start();

  return {
    element,
    ready,
    start,
    get started() { return started !== null; },
    get hasResult() { return state.out !== null; },
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
