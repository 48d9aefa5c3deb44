// web/ui/errors.js — reads runLab's Error messages ("<lab>: <param> must be <allowed>, got <value>",
// wasm/validate.js) to find the control that caused them, and words them for the reader's language.
// Messages whose "<allowed>" is the schema's own description are fully localized; others (cross-parameter
// rules such as "a divisor of dModel") keep the engine's English wording inside a localized frame.
import { describeParam } from '../../wasm/params.js';
import { LABS } from '../../wasm/schema.js';
import { hintFor } from './controls.js';

const PATTERN = /^([\w-]+): (\w+) must be ([\s\S]*), got ([\s\S]*)$/;

/** { lab, param, allowed, got, detail } from an error message; param null when it names no parameter. */
export function parseLabError(message) {
  const m = PATTERN.exec(String(message ?? ''));
  if (!m) {
    const prefix = /^([\w-]+):\s*([\s\S]*)$/.exec(String(message ?? ''));
    return { lab: prefix?.[1] ?? null, param: null, detail: prefix?.[2] ?? String(message) };
  }
  return { lab: m[1], param: m[2], allowed: m[3], got: m[4], detail: `${m[2]} must be ${m[3]}, got ${m[4]}` };
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
