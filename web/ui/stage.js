// web/ui/stage.js — large figures drawn one per task: a view hands each large map's preparation (pooling a
// 4096² map takes tens of ms, colouring it as much) to a stager, so that no single task of the page's thread
// holds for all of a run's maps at once (issue 14: no long task); small maps are drawn at once, as before.
// Leaves out: computing anything (the runners' results, wasm/labs) and where runs go (web/ui/section.js).

/** Maps with more cells than this are drawn in a task of their own. */
export const STAGE_CELLS = 1 << 20;

/** → { run(cells, fn), clear() }: fn() now, or in a later task of its own (in order) when cells > STAGE_CELLS. */
export function createStager() {
  let queue = [];
  let timer = null;
  const drain = () => {
    timer = null;
    queue.shift()?.();
    if (queue.length) timer = setTimeout(drain, 0);
  };
  return {
    run(cells, fn) {
      if (cells <= STAGE_CELLS) { fn(); return; }
      queue.push(fn);
      timer ??= setTimeout(drain, 0);
    },
    /** Drops what is still queued (a newer result replaces it, or the view is destroyed). */
    clear() {
      queue = [];
      clearTimeout(timer);
      timer = null;
    },
  };
}
