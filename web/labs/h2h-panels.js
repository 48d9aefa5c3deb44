// web/labs/h2h-panels.js — the panels other modules add to the head-to-head view, below its results: each entry
// { name, load: () => import('./h2h-<name>.js') }; the module exports mount(ctx, host) → { update(out), destroy() }
// (contract in /work/notes/contracts.md). Leaves out: the view itself (web/labs/head-to-head.js).
export const H2H_PANELS = [
  { name: 'inference', load: () => import('./h2h-inference.js') },
];
