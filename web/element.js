// web/element.js — the <pe-lab> custom element, built to the stable dist/pe-lab-element.js:
//   <script type="module" src="…/pe-lab-element.js"></script>
//   <pe-lab lab="sinusoidal" lang="es" params='{"T":128}'></pe-lab>
// Renders one lab section (controls, results, downloads) in an open shadow root with the lab styles; the
// host page's URL and styles are left alone. lang: the attribute, else <html lang>, else the browser's.
// Changing `lang` re-labels the section; changing `lab` or `params` rebuilds it.
import labCss from './lab.css?inline';
import { LAB_ORDER, loadView } from './labs/index.js';
import { createI18n, pickLang } from './i18n/index.js';
import { createLabSection } from './ui/section.js';
import { h } from './ui/dom.js';

// The full page next to this file, for "copy link".
const PAGE_URL = import.meta.url.replace(/[^/]*([?#].*)?$/, '');

class PeLabElement extends HTMLElement {
  static observedAttributes = ['lab', 'lang', 'params'];

  #section = null;
  #generation = 0;
  #i18n = null;

  connectedCallback() {
    this.#build();
  }

  disconnectedCallback() {
    this.#section?.destroy();
    this.#section = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.isConnected || oldValue === newValue) return;
    if (name === 'lang' && this.#section) {
      this.#i18n = createI18n(this.#lang());
      this.#section.setI18n(this.#i18n);
    } else {
      this.#build();
    }
  }

  #lang() {
    return pickLang(this.getAttribute('lang'), document.documentElement.lang, navigator.languages);
  }

  async #build() {
    const generation = ++this.#generation;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.#section?.destroy();
    this.#section = null;
    this.#i18n = createI18n(this.#lang());
    const style = h('style', {}, labCss);
    const container = h('div', { class: 'pe-lab-root', lang: this.#i18n.lang });
    root.replaceChildren(style, container);

    const lab = this.getAttribute('lab');
    if (!LAB_ORDER.includes(lab)) {
      container.append(h('p', { class: 'field-error', role: 'alert' }, this.#i18n.t('error.unknownLab', { lab: lab ?? '', labs: LAB_ORDER.join(', ') })));
      return;
    }
    let values = {};
    const raw = this.getAttribute('params');
    if (raw) {
      try {
        values = JSON.parse(raw);
        if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new Error('not an object');
      } catch {
        values = {};
        container.append(h('p', { class: 'field-error', role: 'alert' }, this.#i18n.t('error.paramsAttribute')));
      }
    }
    this.#section = createLabSection({ lab, load: () => loadView(lab), i18n: this.#i18n, values, urlState: null, linkBase: PAGE_URL });
    container.append(this.#section.element);
    await this.#section.ready;
    if (generation === this.#generation) this.dispatchEvent(new CustomEvent('pe-lab:ready', { bubbles: true }));
  }
}

if (!customElements.get('pe-lab')) customElements.define('pe-lab', PeLabElement);

export { PeLabElement };
