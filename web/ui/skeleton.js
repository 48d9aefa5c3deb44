// web/ui/skeleton.js — the light skeleton of the page every section starts as: its heading, its one-line
// statement and a placeholder box of its main figure's height. Written into the built index.html (the Vite
// plugin in vite.config.js calls skeletonHtml at build time), so a slow network shows the page's shape before
// any script runs; web/ui/section.js renders the same parts for a section not started yet.
// Node-safe (no DOM): strings only.
// Leaves out: the sections' contents (views, web/labs/*), the header and footer (web/main.js).
import { splitTitle } from './title.js';

/** The main figure's height per lab (px, at the page's width): what the placeholder reserves. */
export const FIGURE_HEIGHTS = Object.freeze({
  permutation: 560, sinusoidal: 640, rope: 520, extrapolation: 720, 'head-to-head': 480, biases: 640, 'context-extension': 640,
});

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The inline style of a placeholder box: its lab's figure height. */
export const figureStyle = (lab) => `--figure-height: ${FIGURE_HEIGHTS[lab] ?? 480}px`;

/** The page's intro and every section's skeleton as HTML, in `labs` order, texts from `i18n` (createI18n). */
export function skeletonHtml(i18n, labs) {
  const { t } = i18n;
  const sections = labs.map((lab) => {
    const kicker = i18n.labLabel(lab);
    const [, title] = splitTitle(i18n.labTitle(lab));
    const kick = kicker ? `<span class="lab-kicker">${escapeHtml(kicker)}<span class="visually-hidden"> — </span></span>` : '';
    return `<section id="${escapeHtml(lab)}" class="lab is-skeleton" aria-labelledby="${escapeHtml(lab)}-title" data-lab="${escapeHtml(lab)}">`
      + `<header class="lab-head"><h2 id="${escapeHtml(lab)}-title">${kick}<span class="lab-title-text">${escapeHtml(title)}</span></h2>`
      + `<p class="lab-statement">${escapeHtml(t(`${lab}.statement`))}</p></header>`
      + `<div class="lab-skeleton-figure" aria-hidden="true" style="${figureStyle(lab)}"></div></section>`;
  });
  return `<div class="intro"><h1 id="top">${escapeHtml(t('page.heading'))}</h1><p class="lead">${escapeHtml(t('page.lead'))}</p></div>`
    + `<div class="notices"></div><div class="labs">${sections.join('')}</div>`;
}
