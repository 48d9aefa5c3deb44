// web/ui/cancel.js — Cancel for worker-run views. A view cannot always reach the run's AbortController, but a
// new run aborts the one in flight (the worker stops between steps, or is replaced): so Cancel can put back the
// parameters of the results shown (the defaults before any result) and run them — cached, or quick.
import { h } from './dom.js';

const SHOW_CANCEL_AFTER_MS = 150;   // a run quicker than this never flashes the bar

/**
 * The Cancel bar under the shell's progress bar (or above the view), shown while the section is busy
 * (ctx.root's aria-busy) for longer than SHOW_CANCEL_AFTER_MS. onBusy runs when a run starts.
 * Returns { hide(), destroy() }.
 */
export function createRunBar(ctx, { label, note, progressLabel, onCancel, onBusy }) {
  const button = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'cancel' }, onclick: onCancel }, label);
  const bar = h('div', { class: 'run-bar', hidden: true }, button, h('span', { class: 'run-bar-note' }, note));
  const shellProgress = ctx.root.parentElement?.querySelector('.lab-progress');
  if (shellProgress) {
    shellProgress.setAttribute('aria-label', progressLabel);
    shellProgress.after(bar);
  } else {
    ctx.root.before(bar);
  }
  let timer = null;
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    if (ctx.root.getAttribute('aria-busy') === 'true') {
      onBusy?.();
      timer = setTimeout(() => { bar.hidden = false; }, SHOW_CANCEL_AFTER_MS);
    } else {
      bar.hidden = true;
    }
  });
  observer.observe(ctx.root, { attributes: true, attributeFilter: ['aria-busy'] });
  return {
    hide() { bar.hidden = true; },
    destroy() {
      observer.disconnect();
      clearTimeout(timer);
      bar.remove();
    },
  };
}

/** Restores `shownParams` through ctx.setValue (running once, after the last, unless run is false), then
 *  focuses the control the long run was asked from (or `fallbackFocus`) and announces `message`. */
export function cancelByRestoring(ctx, shownParams, { fallbackFocus, message, run = true }) {
  const names = Object.keys(shownParams);
  const changed = names.find((k) => JSON.stringify(ctx.getValue(k)) !== JSON.stringify(shownParams[k]));
  names.forEach((k, i) => ctx.setValue(k, structuredClone(shownParams[k]), { run: run && i === names.length - 1 }));
  // The Cancel button disappears: keep the keyboard where the long run was asked for.
  ctx.controlSlot(changed ?? fallbackFocus)?.closest('.field')?.querySelector('input, select')?.focus();
  ctx.announce(message);
}
