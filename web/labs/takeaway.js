// web/labs/takeaway.js — the one-line claim each lab opens with: a <p data-testid="takeaway"> placed right
// under the section's heading (before the parameters, on every screen width), filled by the view from the
// current run; and a locale list of nodes ("a, b and c" / "a, b y c") for sentences that name several schemes.
// Leaves out: the sentence itself (each view builds it from its catalogue keys and out.result).
import { h, replaceChildren } from '../ui/dom.js';

/** A takeaway line for the view mounted in ctx → { set(nodes), destroy() }. */
export function createTakeaway(ctx) {
  const element = h('p', { class: 'takeaway', dataset: { testid: 'takeaway' } });
  const head = ctx.root.closest?.('.lab')?.querySelector(':scope > .lab-head');
  if (head) head.after(element);
  else ctx.root.prepend(element);
  return {
    element,
    set(...nodes) { replaceChildren(element, ...nodes); },
    destroy() { element.remove(); },
  };
}

/** Nodes joined as a list in the page's language (Intl.ListFormat's separators and conjunction). */
export function listOf(i18n, nodes) {
  if (nodes.length === 0) return [];
  const parts = new Intl.ListFormat(i18n.locale, { style: 'long', type: 'conjunction' })
    .formatToParts(nodes.map((_, i) => `\u0000${i}\u0000`));
  return parts.map((p) => (p.type === 'element' ? nodes[Number(p.value.slice(1, -1))] : p.value));
}

