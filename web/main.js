// web/main.js — wires the page: reads the URL (parameters, language, embed mode), builds the header with
// navigation and the language switch, one section per lab (web/labs/index.js), and the footer with the
// versions that ran. Lab sections themselves are web/ui/section.js + a view module.
// Loading: the built HTML already holds every section's skeleton (web/ui/skeleton.js); a section loads its
// view and computes when it first comes within a viewport of the screen (IntersectionObserver), or at once
// when linked (#<lab>: scrolled to instantly and kept in view while sections above it fill in) or embedded.
import { LAB_SECTIONS, LAB_ORDER, loadView } from './labs/index.js';
import { createI18n, pickLang, LANGS } from './i18n/index.js';
import { createUrlState } from './ui/url-state.js';
import { createLabSection } from './ui/section.js';
import { skeletonHtml } from './ui/skeleton.js';
import { postSizeToParent } from './ui/embed.js';
import { getLab } from './lab-api.js';
import { h, replaceChildren } from './ui/dom.js';
import * as runner from './ui/runner.js';

const urlState = createUrlState({ search: location.search, write: true, labOrder: LAB_ORDER });
const { flags } = urlState;
let i18n = createI18n(pickLang(flags.lang, navigator.languages));
const runnerOverride = ['main', 'worker'].includes(flags.runner) ? flags.runner : undefined;
const embed = flags.embed;
const embedLab = embed ? (LAB_ORDER.includes(flags.lab) ? flags.lab : LAB_ORDER[0]) : null;
const linkBase = `${location.origin}${location.pathname}`;

const header = document.querySelector('.site-header');
const toc = document.querySelector('.toc');
toc?.addEventListener('keydown', (e) => { if (e.key === 'Escape') toggleToc(false); });
document.addEventListener('click', (e) => { if (toc?.classList.contains('is-open') && !toc.contains(e.target)) toggleToc(false); });
const main = document.querySelector('#app');
const footer = document.querySelector('.site-footer');
const skip = document.querySelector('.skip-link');
// The skeleton from the built HTML (written by vite.config.js); rendered here only when missing (dev server).
if (!main.querySelector('.labs')) main.innerHTML = skeletonHtml(i18n, LAB_ORDER);
const intro = main.querySelector('.intro');
const notices = main.querySelector('.notices');
const labsHost = main.querySelector('.labs');

let versions = null;
const sections = [];

function applyDocumentTexts() {
  document.documentElement.lang = i18n.lang;
  document.title = embed ? `${i18n.labLabel(embedLab)} · PE Lab` : i18n.t('page.title');
  skip.textContent = i18n.t('page.skip');
}

function renderHeader() {
  const { t } = i18n;
  const langSwitch = h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    LANGS.map((l) => h('button', { type: 'button', lang: l, dataset: { lang: l }, 'aria-pressed': String(l === i18n.lang),
      title: t(`lang.${l}`), onclick: () => setLanguage(l) }, l.toUpperCase())));
  replaceChildren(header, h('div', { class: 'header-inner' },
    h('a', { class: 'brand', href: '#top' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'PE'), h('span', { class: 'brand-name' }, 'PE Lab')),
    langSwitch));
  renderToc();
}

/**
 * The table of contents: every lab as "Lab 00 · Permutation" (i18n.labLabel, the sections' kickers too). A sticky
 * side column on wide screens; on narrow ones a sticky bar whose button names the current lab and opens the list.
 */
function renderToc() {
  const { t } = i18n;
  const list = h('ol', { class: 'toc-list', id: 'toc-list' }, LAB_SECTIONS.map(({ name }) => {
    const [number, label] = i18n.labLabel(name).split(' · ');
    return h('li', {}, h('a', { href: `#${name}`, dataset: { nav: name }, onclick: () => toggleToc(false) },
      h('span', { class: 'nav-num' }, number), ' · ', h('span', { class: 'nav-name' }, label)));
  }));
  const toggle = h('button', { type: 'button', class: 'toc-toggle', 'aria-expanded': 'false', 'aria-controls': 'toc-list',
    onclick: () => toggleToc(toggle.getAttribute('aria-expanded') !== 'true') },
  h('span', { class: 'toc-icon', 'aria-hidden': 'true' }, '☰'), ' ', h('span', { class: 'toc-current' }, t('nav.label')));
  replaceChildren(toc, h('p', { class: 'toc-title' }, t('nav.label')), toggle, list);
  toc.setAttribute('aria-label', t('nav.label'));
  markCurrentNav();
}

/** The current lab's parts in the ToC: a link per heading of its section (scrolls to it; the URL keeps the lab). */
function listParts() {
  toc.querySelector('.toc-parts')?.remove();
  const section = currentLab && document.getElementById(currentLab);
  const headings = section ? [...section.querySelectorAll('h3')].filter((h3) => h3.textContent.trim()) : [];
  if (!headings.length) return;
  const item = toc.querySelector(`[data-nav="${currentLab}"]`)?.closest('li');
  item?.append(h('ol', { class: 'toc-parts', dataset: { testid: 'toc-parts' } }, headings.map((h3, i) => {
    h3.id ||= `${currentLab}-part-${i}`;
    return h('li', {}, h('a', { href: `#${h3.id}`, onclick: (e) => { e.preventDefault(); h3.scrollIntoView({ block: 'start' }); toggleToc(false); } },
      h3.textContent));
  })));
}

function toggleToc(open) {
  toc.querySelector('.toc-toggle')?.setAttribute('aria-expanded', String(open));
  toc.classList.toggle('is-open', open);
}

function renderIntro() {
  const { t } = i18n;
  replaceChildren(intro, h('h1', { id: 'top' }, t('page.heading')), h('p', { class: 'lead' }, t('page.lead')));
}

function renderFooter() {
  const { t } = i18n;
  const v = versions;
  const item = (key, value, testid) => h('span', { class: 'version' }, `${t(key)} `, h('code', { dataset: { testid } }, value ?? '…'));
  replaceChildren(footer, h('div', { class: 'footer-inner' },
    h('p', { dataset: { testid: 'versions' } }, t('footer.ran'), ' ',
      item('footer.peLab', v?.pe_lab, 'version-pe_lab'), ' · ',
      item('footer.eigen', v?.eigen, 'version-eigen'), ' · ',
      item('footer.emscripten', v?.emscripten, 'version-emscripten'), ' · ',
      item('footer.commit', __PE_LAB_COMMIT__, 'version-commit')),
    h('p', { class: 'runtime' }, `${t('footer.runtime')} `, h('code', { dataset: { testid: 'version-runtime' } }, v?.runtime ?? '…')),
    h('p', { class: 'privacy' }, t('footer.privacy'))));
}

function setLanguage(lang) {
  if (lang === i18n.lang) return;
  i18n = createI18n(lang);
  applyDocumentTexts();
  if (!embed) { renderHeader(); renderIntro(); renderFooter(); }
  for (const s of sections) s.setI18n(i18n);
  if (!embed) listParts();   // the sections' headings were drawn again
  urlState.setFlag('lang', lang);
  urlState.commit();
}

// Highlights the ToC link of the section in view and lists that section's parts (its h3 headings) under it;
// the narrow screens' menu button names it.
let currentLab = null;
function markCurrentNav() {
  toc.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === currentLab) a.setAttribute('aria-current', 'location'); else a.removeAttribute('aria-current');
  });
  listParts();
  const current = toc.querySelector('.toc-current');
  if (current) current.textContent = currentLab ? i18n.labLabel(currentLab) : i18n.t('nav.label');
}
function watchSections() {
  const visible = new Map();
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) visible.set(e.target.id, e.intersectionRatio > 0 ? e.boundingClientRect.top : null);
    const candidates = [...visible].filter(([, top]) => top !== null).sort((a, b) => Math.abs(a[1]) - Math.abs(b[1]));
    currentLab = candidates[0]?.[0] ?? currentLab;
    markCurrentNav();
  }, { rootMargin: '-20% 0px -60% 0px', threshold: [0, 0.01] });
  sections.forEach((s) => io.observe(s.element));
}

/** The element id a `#hash` names, or '' when its percent-encoding is malformed (`#%E0%A4%A`: ignored). */
function hashId(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return '';
  }
}

/**
 * Starts each section when it first comes within one viewport of the screen; → a Promise that settles once
 * the sections near the screen at load have computed (after the observer's first report).
 */
function startNearViewport() {
  let first;
  const firstReport = new Promise((resolve) => { first = resolve; });
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      io.unobserve(e.target);
      sections.find((s) => s.element === e.target)?.start();
    }
    first();
  }, { rootMargin: '100% 0px' });
  for (const s of sections) if (!s.started) io.observe(s.element);
  return firstReport.then(() => Promise.all(sections.filter((s) => s.started).map((s) => s.ready)));
}

const STOP_EVENTS = ['wheel', 'touchstart', 'keydown', 'mousedown'];   // the reader takes over the scroll

/**
 * Keeps `target`'s top where an instant scroll put it while the sections above it fill in (each grows from
 * its skeleton), until the reader scrolls, clicks or types.
 */
function keepInView(target) {
  const place = () => target.scrollIntoView({ behavior: 'instant', block: 'start' });
  const observer = new ResizeObserver(place);
  const stop = () => {
    observer.disconnect();
    for (const type of STOP_EVENTS) removeEventListener(type, stop, true);
  };
  for (const type of STOP_EVENTS) addEventListener(type, stop, { capture: true, passive: true });
  for (const s of sections) {
    if (s.element === target) break;
    observer.observe(s.element);
  }
  // Before the first paint, but in the frame's own task: the page's first layout is not added to the task
  // that evaluates this module (issue 14: no long task).
  requestAnimationFrame(place);
}

async function start() {
  applyDocumentTexts();
  const values = (lab) => urlState.initial[lab] ?? {};
  if (embed) {
    document.body.classList.add('is-embed');
    header.remove();
    toc.remove();
    footer.remove();
    intro.remove();
    skip.remove();
    if (flags.lab !== embedLab) notices.append(h('p', { class: 'field-error', role: 'alert' }, i18n.t('error.unknownLab', { lab: flags.lab ?? '', labs: LAB_ORDER.join(', ') })));
    for (const el of [...labsHost.children]) if (el.id !== embedLab) el.remove();
  } else {
    renderHeader();
    renderIntro();
    renderFooter();
    getLab().then((lab) => { versions = lab.versions; renderFooter(); });
  }
  const names = embed ? [embedLab] : LAB_ORDER;
  for (const lab of names) {
    const element = document.getElementById(lab);
    sections.push(createLabSection({ lab, element, load: () => loadView(lab), i18n, values: values(lab), urlState,
      runner: runnerOverride, linkBase, start: false, onResult: (name) => { if (name === currentLab && !embed) listParts(); } }));
  }
  const target = !embed && location.hash ? sections.find((s) => s.element.id === hashId(location.hash)) : null;
  if (embed) {
    await sections[0].start();
    // The parent hears the section's real height first (never the 0 of an empty page), then every change.
    postSizeToParent(main);
  } else {
    // A load at the top of the page starts the first lab at once (it is on screen) instead of one frame later,
    // when the IntersectionObserver first reports: the first number comes sooner. A plain navigation starts at
    // the top; a reload or a step back may restore a scroll, and is left to the observer. (Asking scrollY here
    // would lay out the whole page inside this task: 25–55 ms on a cold page.)
    // The lab below it starts once the first is ready, not whenever the observer first reports: by then the
    // first may have grown past a screen and left the second out of its margin, so a plain load computes the
    // first two labs every time (and `ready` waits for both).
    const atTop = performance.getEntriesByType?.('navigation')[0]?.type === 'navigate';
    const second = !target && atTop ? sections[0].start().then(() => sections[1]?.start()) : null;
    target?.start();
    if (target) keepInView(target.element);
    watchSections();
    addEventListener('hashchange', () => sections.find((s) => s.element.id === hashId(location.hash))?.start());
    await Promise.all([startNearViewport(), second]);
  }
  document.body.dataset.ready = 'true';
  // Load the worker while idle, so a later long run needs no request (the page works offline once loaded).
  if (!embed) (window.requestIdleCallback ?? setTimeout)(() => runner.warm(), { timeout: 2000 });
}

/** Starts every section (for tests and the console) → a Promise that settles when all have computed. */
function loadAll() {
  return Promise.all(sections.map((s) => s.start()));
}

// For tests and the console: the worker runner (to prove the off-main-thread path) and the sections.
window.__peLab = { runner, sections, setLanguage, loadAll };

// The engine's compile starts now (its .wasm is preloaded by the HTML; compiling is off this thread), so it
// is ready when the first section asks for it instead of starting with that section (a failure is the
// sections' to report).
getLab().catch(() => {});
// In a task of its own: the one that ran this module also lays out the page when its parsing finishes
// (and scrolls to a linked section), and the two together would make one long task (issue 14).
setTimeout(start, 0);
