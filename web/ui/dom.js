// web/ui/dom.js — a tiny element builder and the one way the page shows a number (text for the locale,
// data-value with the raw number, for tests and scripts).

/**
 * h('button', { class: 'btn', onclick: fn, dataset: { export: 'a.png' } }, 'text', child…) → element.
 * Attributes: false/null/undefined are skipped, true sets an empty attribute; `value`/`checked` are properties.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (key === 'class') el.className = v;
    else if (key === 'dataset') Object.assign(el.dataset, v);
    else if (key === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (key === 'text') el.textContent = v;
    else if (key === 'value' || key === 'checked') el[key] = v;
    else if (key.startsWith('on') && typeof v === 'function') el.addEventListener(key.slice(2), v);
    else el.setAttribute(key, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Appends strings (as text), nodes and nested arrays; skips null/undefined/false. */
export function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

/** A displayed number: <span class="num" data-value="raw">locale text</span>. */
export function num(i18n, value, props = {}, opts) {
  const { class: cls, ...rest } = props;
  return h('span', { class: cls ? `num ${cls}` : 'num', ...rest, dataset: { ...(rest.dataset ?? {}), value: String(value) } },
    i18n.num(value, opts));
}

/** Replaces a node's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uid = 0;
/** A document-unique id with a readable prefix. */
export function uniqueId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * Text with light math markup and placeholders → nodes: `x_{i}` subscript, `b^{−2i/d}` superscript,
 * `{name}` replaced by vars[name] (a node or a string). Never parses HTML.
 */
export function rich(text, vars = {}) {
  const out = [];
  const re = /([_^])\{([^}]*)\}|\{(\w+)\}/g;
  let last = 0, m;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1]) out.push(h(m[1] === '_' ? 'sub' : 'sup', {}, m[2]));
    else out.push(m[3] in vars ? vars[m[3]] : m[0]);
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
