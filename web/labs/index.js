// web/labs/index.js — THE list of lab sections, in page order: { name, load: () => import('./<name>.js') }.
// Adding a lab view = writing web/labs/<name>.js and its entry here (and its placeholder height in
// web/ui/skeleton.js); its strings go in web/i18n/en.js and es.js. Views load only when their section starts.
//
// A view module exports:
//   mount(ctx) → { update(out), destroy() }     required. `out` is runLab's { params, result, manifest, files }.
//   runner = 'main' | 'worker' | (values) => …  optional (default 'main'); 'worker' for long labs. Used until
//                                               the package has estimateCost (then the estimate decides).
//   adjustValues(values, changedName) → {…}|null optional: keep dependent parameters valid while editing.
//   autoRun = false                             optional: no run on page load unless the link sets parameters
//                                               (a Run button appears); for long labs such as head-to-head.
// ctx (web/ui/section.js):
//   lab, i18n ({ lang, locale, t, num, labTitle, labLabel, paramDescription, choiceName, preset }),
//   fmt: { text(x) (locale text), num(x, testid?, opts?) (<span class="num" data-value>), neutral(x, digits) },
//   onRunStart(fn) → off, onRunEnd(fn({ ok, cancelled, error })) → off, setStatus(text) (the section's status
//   line): the run lifecycle; the shell owns progress, Cancel and the dimming of stale results,
//   root (the results element the view fills), lead (the element for the view's main figure: beside the
//   parameters on wide screens, before them on a phone; left empty it is not shown), state (an object kept across language switches),
//   getValue(name), setValue(name, value, { run }), run() (runs with the current values), controlSlot(name) (element under a control),
//   onValuesChange(fn) → off, download(file) (saves runLab's files[file]: a view builds no file; its buttons
//   carry data-export="<file>"), announce(message) (polite live region).
// Helpers: web/ui/figure.js (caption + export buttons + numbers table), web/charts/heatmap.js, web/charts/line.js.

export const LAB_SECTIONS = [
  { name: 'permutation', load: () => import('./permutation.js') },
  { name: 'sinusoidal', load: () => import('./sinusoidal.js') },
  { name: 'rope', load: () => import('./rope.js') },
  { name: 'extrapolation', load: () => import('./extrapolation.js') },
  { name: 'head-to-head', load: () => import('./head-to-head.js') },
  { name: 'biases', load: () => import('./biases.js') },
  { name: 'context-extension', load: () => import('./context-extension.js') },
];

export const LAB_ORDER = LAB_SECTIONS.map((s) => s.name);

/** The view module of a lab (one of LAB_ORDER). */
export async function loadView(name) {
  return LAB_SECTIONS.find((s) => s.name === name).load();
}
