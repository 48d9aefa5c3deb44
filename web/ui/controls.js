// web/ui/controls.js — a lab's form, generated from its schema (wasm/schema.js): one labelled control per
// parameter (int, number, string, bool, enum, intList, enumList), a localized hint with the allowed range,
// a slot under each control for view-specific helpers, and inline errors (role="alert") per control.
// The schema's `primary` parameters are shown; the others sit under a "More parameters" fold (a <details>,
// closed unless `moreOpen`), which opens by itself when an error concerns one of them (showError).
// Choices (enum options, enumList checkboxes) show human names (i18n.choiceName); values stay identifiers.
// Values are kept raw (strings as typed); runLab's resolveParams parses and validates them.
import { h, uniqueId } from './dom.js';

/** The parameters a lab folds under "More parameters": all but the schema's `primary` ones (none if none is). */
export function hiddenParams(schema) {
  const names = Object.keys(schema.params);
  const primary = names.filter((n) => schema.params[n].primary);
  return primary.length === 0 || primary.length === names.length ? [] : names.filter((n) => !schema.params[n].primary);
}

/** The control's text for a value (lists comma-separated). */
export function displayValue(spec, v) {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? x.join(':') : x)).join(', ');   // pairList: "0:1, 3:7"
  return String(v);
}

/** Localized description of the allowed values. */
export function hintFor(i18n, spec) {
  const { t, num } = i18n;
  switch (spec.type) {
    case 'int':
      return t(spec.multipleOf ? 'hint.intMultiple' : 'hint.int', { min: num(spec.min), max: num(spec.max), m: spec.multipleOf });
    case 'number':
      return t(spec.exclusiveMin ? 'hint.numberExclusive' : 'hint.number', { min: num(spec.min), max: num(spec.max) });
    case 'string': return t('hint.string', { max: spec.maxLength });
    case 'intList': return t('hint.intList', { minItems: spec.minItems, maxItems: spec.maxItems, min: num(spec.min), max: num(spec.max) });
    case 'pairList': return t('hint.pairList', { minItems: spec.minItems, maxItems: spec.maxItems, min: num(spec.min), max: num(spec.max) });
    case 'enumList': return t('hint.enumList', { minItems: spec.minItems, maxItems: spec.maxItems });
    default: return '';
  }
}

/**
 * createControls({ lab, schema, i18n, values, onInput(name, value, { immediate }), moreOpen, onMoreToggle(open) })
 *   → { element, set(name, value), get(name), slot(name), reveal(name), showError(name, message), clearError(name),
 *       clearAll() }
 */
export function createControls({ lab, schema, i18n, values, onInput, moreOpen = false, onMoreToggle }) {
  const fields = new Map();   // name -> { field, input(s), spec, slot, hintId }
  const grid = h('div', { class: 'controls-grid' });
  const hidden = new Set(hiddenParams(schema));
  const moreGrid = h('div', { class: 'controls-grid' });
  const more = hidden.size ? h('details', { class: 'more-params', dataset: { testid: 'more-params' }, open: moreOpen,
    ontoggle: () => onMoreToggle?.(more.open) },
  h('summary', {}, i18n.t('controls.more', { count: hidden.size })), moreGrid) : null;

  for (const [name, spec] of Object.entries(schema.params)) {
    const id = uniqueId(`pe-${lab}-${name}`);
    const choice = (v) => i18n.choiceName(lab, name, v);
    const hintId = `${id}-hint`;
    const labelText = [i18n.paramDescription(lab, name), ' ', h('code', { class: 'param-name' }, name)];
    const hint = hintFor(i18n, spec);
    const value = values[name];
    let control, read, write;
    const emit = (immediate) => onInput(name, read(), { immediate });

    if (spec.type === 'bool') {
      const input = h('input', { id, type: 'checkbox', name, checked: value === true || value === 'true', onchange: () => emit(true) });
      control = h('div', { class: 'check' }, input, h('label', { for: id }, labelText));
      read = () => input.checked;
      write = (v) => { input.checked = v === true || v === 'true'; };
      fields.set(name, { field: null, focusEl: input, spec, control, labelled: true });
    } else if (spec.type === 'enum') {
      const select = h('select', { id, name, onchange: () => emit(true) },
        spec.values.map((v) => h('option', { value: v }, choice(v))));
      select.value = value;
      control = select;
      read = () => select.value;
      write = (v) => { select.value = v; };
      fields.set(name, { focusEl: select, spec, control });
    } else if (spec.type === 'enumList') {
      const boxes = spec.values.map((v) => h('input', { type: 'checkbox', value: v, name, checked: Array.isArray(value) ? value.includes(v) : String(value).split(',').includes(v), onchange: () => emit(true) }));
      control = h('fieldset', { class: 'checks', id }, h('legend', {}, labelText),
        boxes.map((b) => h('label', { class: 'check' }, b, ' ', choice(b.value))));
      read = () => boxes.filter((b) => b.checked).map((b) => b.value);
      write = (v) => { const list = Array.isArray(v) ? v : String(v).split(','); boxes.forEach((b) => { b.checked = list.includes(b.value); }); };
      fields.set(name, { focusEl: boxes[0], spec, control, labelled: true });
    } else {
      const numeric = spec.type === 'int' || spec.type === 'number';
      const input = h('input', {
        id, name, type: numeric ? 'number' : 'text',
        inputmode: spec.type === 'intList' ? 'numeric' : null,
        min: numeric ? spec.min : null, max: numeric ? spec.max : null,
        step: spec.type === 'int' ? (spec.multipleOf ?? 1) : numeric ? 'any' : null,
        maxlength: spec.type === 'string' ? spec.maxLength : null,
        autocomplete: 'off', spellcheck: 'false',
        value: displayValue(spec, value),
        oninput: () => emit(false),
        onchange: () => emit(true),
      });
      control = input;
      read = () => input.value;
      write = (v) => { input.value = displayValue(spec, v); };
      fields.set(name, { focusEl: input, spec, control });
    }

    const entry = fields.get(name);
    const hintEl = hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null;
    if (hintEl) entry.focusEl.setAttribute('aria-describedby', hintId);
    const slot = h('div', { class: 'field-slot' });
    const field = h('div', { class: `field field-${spec.type}`, dataset: { param: name } },
      entry.labelled ? null : h('label', { for: id }, labelText),
      control, hintEl, slot);
    Object.assign(entry, { field, slot, read, write, hintId: hintEl ? hintId : null, errorEl: null });
    (hidden.has(name) ? moreGrid : grid).append(field);
  }

  /** Opens the fold when `name` sits in it (a link or an error concerns it). */
  function reveal(n) {
    if (more && hidden.has(n) && !more.open) more.open = true;
  }

  function get(name) { return fields.get(name)?.read(); }

  return {
    element: h('div', { class: 'controls' }, grid, more),
    get,
    reveal,
    has: (name) => fields.has(name),
    set(name, v) { fields.get(name)?.write(v); },
    slot: (name) => fields.get(name)?.slot,
    showError(name, message) {
      const f = fields.get(name);
      if (!f) return false;
      reveal(name);
      if (!f.errorEl) {
        f.errorEl = h('p', { class: 'field-error', role: 'alert', id: `${f.hintId ?? uniqueId('err')}-error` });
        f.slot.before(f.errorEl);
      }
      f.errorEl.textContent = message;
      f.focusEl.setAttribute('aria-invalid', 'true');
      f.focusEl.setAttribute('aria-describedby', [f.hintId, f.errorEl.id].filter(Boolean).join(' '));
      f.field.classList.add('has-error');
      return true;
    },
    clearError(name) {
      const f = fields.get(name);
      if (!f?.errorEl) return;
      f.errorEl.remove();
      f.errorEl = null;
      f.focusEl.removeAttribute('aria-invalid');
      if (f.hintId) f.focusEl.setAttribute('aria-describedby', f.hintId); else f.focusEl.removeAttribute('aria-describedby');
      f.field.classList.remove('has-error');
    },
    clearAll() { for (const name of fields.keys()) this.clearError(name); },
  };
}
