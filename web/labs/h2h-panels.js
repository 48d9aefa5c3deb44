// web/labs/h2h-panels.js — the head-to-head view's extra panels, each in its own module: { name, load }.
// name 'inference' | 'robustness' picks the view's mount point (<div data-panel="<name>"> under the main
// figure, in that order); load() → the module, which exports mount(ctx, host) → { update(out), progress?(p),
// destroy() } (ctx: the view's; host: its empty data-panel element), as mountPanels in head-to-head.js calls it.
// Leaves out: the panels themselves (web/labs/h2h-<name>.js).
export const H2H_PANELS = [
  { name: 'inference', load: () => import('./h2h-inference.js') },
  { name: 'robustness', load: () => import('./h2h-robustness.js') },
];
