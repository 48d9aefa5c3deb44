// web/ui/run-bar.js — the section shell's run bar: a progress bar and Cancel above a lab's results, shown only
// while a run lasts longer than SHOW_AFTER_MS (a quick run never flashes it), sticky at the top of the screen
// while the results are taller than it (web/lab.css .run-bar). Cancel itself is the shell's (web/ui/section.js):
// it aborts the run, keeps the last good result and never touches the learner's parameters.
// Leaves out: deciding where a run goes or what Cancel does (section.js), the texts (web/i18n).
import { h } from './dom.js';

const SHOW_AFTER_MS = 150;

/** createRunBar({ t, onCancel }) → { element, start(), progress(fraction|undefined), end() }. */
export function createRunBar({ t, onCancel }) {
  const progress = h('progress', { class: 'lab-progress', max: '1', 'aria-label': t('run.progress') });
  const element = h('div', { class: 'run-bar', role: 'group', 'aria-label': t('run.label'), hidden: true },
    progress,
    h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'cancel' }, onclick: onCancel }, t('run.cancel')),
    h('span', { class: 'run-bar-note' }, t('run.cancelNote')));
  let timer = null;
  return {
    element,
    /** A run starts: indeterminate progress; the bar appears if the run is still going after SHOW_AFTER_MS. */
    start() {
      clearTimeout(timer);
      progress.removeAttribute('value');
      timer = setTimeout(() => { element.hidden = false; }, SHOW_AFTER_MS);
    },
    /** The fraction done in [0, 1], or undefined (indeterminate). */
    progress(fraction) {
      if (typeof fraction === 'number' && Number.isFinite(fraction)) progress.value = Math.min(1, Math.max(0, fraction));
    },
    end() {
      clearTimeout(timer);
      element.hidden = true;
    },
  };
}
