// web/ui/stage.js — long work split into tasks (issue 14: no long task): nextTask() between the steps of a
// section's start; the page's draw queue (later/drawn), one step per task across every section, e.g. each
// Chart.js chart built in a task of its own; and stagers: a view hands each large map's preparation (pooling a
// 4096² map takes tens of ms, colouring it as much) to the draw queue, so that no single task of the page's
// thread holds for all of a run's maps at once; small maps are drawn at once, up to STAGE_CELLS per task.
// Leaves out: computing anything (the runners' results, wasm/labs) and where runs go (web/ui/section.js).

/**
 * → a Promise that resolves in a later task (scheduler.yield where the browser has it, else a 0 ms timer):
 * between the steps of a section's start (render, first run, drawing) the page paints and handles input.
 */
export const nextTask = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0)));

// The page's draw queue: one step per task, in order, across every section.
const steps = [];
let stepTimer = null;
let queued = 0;     // steps ever queued
let ran = 0;        // steps ever run (or ended by an error)
let fences = [];    // drawn() callers: { upTo, resolve }, waiting until `ran` reaches upTo
function drainStep() {
  stepTimer = null;
  try {
    steps.shift()?.();
  } finally {
    ran++;
    fences = fences.filter((f) => (f.upTo <= ran ? (f.resolve(), false) : true));
    if (steps.length) stepTimer = setTimeout(drainStep, 0);
  }
}

/** Runs fn() in a later task of its own, after the steps queued before it (e.g. building one chart). */
export function later(fn) {
  steps.push(fn);
  queued++;
  stepTimer ??= setTimeout(drainStep, 0);
}

/** → a Promise that settles once every step queued by later() so far has run (not those queued after). */
export function drawn() {
  const upTo = queued;
  return upTo <= ran ? Promise.resolve() : new Promise((resolve) => fences.push({ upTo, resolve }));
}

/** Cells of maps drawn in one task at most (a bigger map takes a task of its own). */
export const STAGE_CELLS = 1 << 20;

// Cells drawn at once in the current task, over every stager (back to 0 in the next task).
let spentCells = 0;
let spentReset = null;

/**
 * → { run(cells, fn), clear() }: fn() now while the maps drawn in this task stay within STAGE_CELLS, else in a
 * later task of its own (the draw queue, in order).
 */
export function createStager() {
  let generation = 0;
  return {
    run(cells, fn) {
      if (spentCells + cells <= STAGE_CELLS) {
        spentCells += cells;
        spentReset ??= setTimeout(() => { spentCells = 0; spentReset = null; }, 0);
        fn();
        return;
      }
      const queuedIn = generation;
      later(() => { if (queuedIn === generation) fn(); });
    },
    /** Drops what is still queued (a newer result replaces it, or the view is destroyed). */
    clear() {
      generation++;
    },
  };
}
