// web/ui/errors.js — reads runLab's bad-argument Errors (fields code, param, allowed, got: wasm/validate.js)
// to find the control that caused them, and words them for the reader's language.
// Messages whose "<allowed>" is the schema's own description are fully localized; others (cross-parameter
// rules such as "a divisor of dModel") keep the engine's English wording inside a localized frame.
import { describeParam, LABS } from 'pe-lab';
import { hintFor } from './controls.js';

/** { param, allowed, got, detail } of an Error from runLab; param null when it names no parameter. */
export function labErrorOf(err) {
  const message = String(err?.message ?? err ?? '');
  if (err?.code === 'PE_LAB_BAD_ARGUMENT' && typeof err.param === 'string') {
    return { param: err.param, allowed: err.allowed, got: String(err.got), detail: message.slice(message.indexOf(': ') + 2) };
  }
  return { param: null, detail: message };
}

const lowerFirst = (s) => s.charAt(0).toLocaleLowerCase() + s.slice(1);

/** The sentence shown next to the control (or above the form when no control matches). */
export function describeLabError(i18n, labName, parsed) {
  const spec = parsed.param ? LABS[labName]?.params?.[parsed.param] : null;
  if (spec && parsed.allowed === describeParam(spec)) {
    return i18n.t('error.param', { param: parsed.param, allowed: lowerFirst(hintFor(i18n, spec)), got: parsed.got });
  }
  return i18n.t('error.engine', { detail: parsed.detail });
}
