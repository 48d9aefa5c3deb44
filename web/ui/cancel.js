// web/ui/cancel.js — Cancel for worker-run views. A view cannot reach the run's AbortController, but a new
// run aborts the one in flight (the worker stops between steps, or is replaced): so Cancel puts back the
// parameters of the results shown (the defaults before any result) and runs them — cached, or quick.

/** Restores `shownParams` through ctx.setValue (running once, after the last), then focuses the control the
 *  long run was asked from (or `fallbackFocus`) and announces `message`. */
export function cancelByRestoring(ctx, shownParams, { fallbackFocus, message }) {
  const names = Object.keys(shownParams);
  const changed = names.find((k) => JSON.stringify(ctx.getValue(k)) !== JSON.stringify(shownParams[k]));
  names.forEach((k, i) => ctx.setValue(k, structuredClone(shownParams[k]), { run: i === names.length - 1 }));
  // The Cancel button disappears: keep the keyboard where the long run was asked for.
  ctx.controlSlot(changed ?? fallbackFocus)?.closest('.field')?.querySelector('input, select')?.focus();
  ctx.announce(message);
}
