// web/labs/rope-circle.js — Lab 02's standard RoPE picture: for one rotation pair k, q's and k's two
// coordinates drawn as vectors on a circle, rotated by m·θ_k and n·θ_k. Drag a vector (pointer) or use the
// arrow keys on it to move m or n; "both ±1" moves them together. The score ⟨R_m q, R_n k⟩ is computed by the
// engine's own rotation (the API's applyRope on q at m and k at n, float64), not from n − m, so the picture
// checks the property: the score stays put when m and n move together.
// Leaves out: everything but the pair's picture and the score (the lab's table checks the course's pairs).
import { h, num, rich, replaceChildren } from '../ui/dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const R = 80;                 // circle radius in SVG units
const MAX_POS = 9999;

let apiPromise;
/** The engine's API, loaded on first use (the section shell gives views no API object). */
const engine = () => (apiPromise ??= import('pe-lab').then((m) => m.createPeLab()));

const svg = (tag, attrs = {}) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

/** Indices of pair k's two coordinates in a dHead vector. */
export const pairIndices = (k, dHead, convention) => (convention === 'half-split' ? [k, k + dHead / 2] : [2 * k, 2 * k + 1]);

/**
 * createRopeCircle(ctx, parent) → { update(out), destroy() }. State (pair, m, n) lives in ctx.state.circle so
 * it survives a language switch.
 */
export function createRopeCircle(ctx, parent) {
  const { t } = ctx.i18n;
  const st = (ctx.state.circle ??= { pair: 0, m: 2, n: 5 });
  let last = null;   // { q, k, theta, dHead, base, convention }
  let seq = 0;

  const pairSelect = h('select', { id: `${ctx.lab}-circle-pair`, onchange: () => { st.pair = Number(pairSelect.value); draw(); } });
  const picture = svg('svg', { viewBox: `${-R - 30} ${-R - 30} ${2 * R + 60} ${2 * R + 60}`, class: 'rope-circle-svg', role: 'group' });
  picture.append(svg('circle', { cx: 0, cy: 0, r: R, class: 'rope-circle-ring' }),
    svg('line', { x1: -R - 8, y1: 0, x2: R + 8, y2: 0, class: 'rope-circle-axis' }),
    svg('line', { x1: 0, y1: -R - 8, x2: 0, y2: R + 8, class: 'rope-circle-axis' }));
  const arc = svg('path', { class: 'rope-circle-arc' });
  picture.append(arc);
  const vectors = { m: makeVector('m', 'q'), n: makeVector('n', 'k') };
  const score = h('p', { class: 'rope-circle-score-line' });
  const readout = h('p', { class: 'fig-note' });
  const element = h('div', { class: 'rope-circle' },
    h('div', { class: 'picker' }, h('label', { for: pairSelect.id }, t('rope.circle.pair')), ' ', pairSelect),
    h('div', { class: 'rope-circle-body' }, picture,
      h('div', { class: 'rope-circle-side' },
        h('p', { class: 'fig-intro' }, rich(t('rope.circle.help'))),
        h('div', { class: 'btn-row' },
          h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'circle-both-down' }, onclick: () => move({ m: -1, n: -1 }) }, t('rope.circle.bothDown')),
          h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'circle-both-up' }, onclick: () => move({ m: 1, n: 1 }) }, t('rope.circle.bothUp'))),
        score, readout)));
  parent.append(element);

  function makeVector(which, name) {
    const g = svg('g', { class: `rope-circle-vec rope-circle-${name}`, tabindex: 0, role: 'slider', 'aria-valuemin': 0, 'aria-valuemax': MAX_POS,
      'data-testid': `rope-circle-${which}` });
    const line = svg('line', { x1: 0, y1: 0 });
    const tip = svg('circle', { r: 9 });
    const label = svg('text', { 'text-anchor': 'middle', 'dominant-baseline': 'central' });
    g.append(line, tip, label);
    picture.append(g);
    let drag = null;   // { angle, pos } at the last pointer event
    const angleAt = (e) => {
      const box = picture.getBoundingClientRect();
      const x = (e.clientX - box.left) / box.width - 0.5, y = (e.clientY - box.top) / box.height - 0.5;
      return Math.atan2(-y, x);
    };
    g.addEventListener('pointerdown', (e) => { g.setPointerCapture(e.pointerId); drag = { angle: angleAt(e), rest: 0 }; e.preventDefault(); });
    g.addEventListener('pointermove', (e) => {
      if (!drag || !last) return;
      const a = angleAt(e);
      let delta = a - drag.angle;
      if (delta > Math.PI) delta -= 2 * Math.PI;
      if (delta < -Math.PI) delta += 2 * Math.PI;
      drag.angle = a;
      // Positions per radian of this pair: 1/θ_k; whole positions only, the remainder carried over.
      const steps = drag.rest + delta / last.theta[st.pair];
      const whole = Math.trunc(steps);
      drag.rest = steps - whole;
      if (whole) move({ [which]: whole });
    });
    const stop = () => { drag = null; };
    g.addEventListener('pointerup', stop);
    g.addEventListener('pointercancel', stop);
    g.addEventListener('keydown', (e) => {
      const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[e.key];
      if (step === undefined) return;
      e.preventDefault();
      move({ [which]: step });
    });
    return { g, line, tip, label, name };
  }

  function move(delta) {
    for (const [key, d] of Object.entries(delta)) st[key] = Math.max(0, Math.min(MAX_POS, st[key] + d));
    draw();
  }

  /** Rotated q at m and k at n from the engine → the full score and pair k's two 2-D vectors. */
  async function compute() {
    const api = await engine();
    const { q, k, dHead, base, convention } = last;
    const opts = (p) => ({ positions: [p], base, convention, precision: 'float64' });
    const rq = api.applyRope(Float64Array.from(q), 1, dHead, opts(st.m));
    const rk = api.applyRope(Float64Array.from(k), 1, dHead, opts(st.n));
    let dot = 0;
    for (let i = 0; i < dHead; i++) dot += rq[i] * rk[i];
    const [a, b] = pairIndices(st.pair, dHead, convention);
    return { dot, pairDot: rq[a] * rk[a] + rq[b] * rk[b], qv: [rq[a], rq[b]], kv: [rk[a], rk[b]] };
  }

  function place(v, [x, y], scale, pos) {
    const X = x * scale, Y = -y * scale;
    v.line.setAttribute('x2', X); v.line.setAttribute('y2', Y);
    v.tip.setAttribute('cx', X); v.tip.setAttribute('cy', Y);
    const len = Math.hypot(X, Y) || 1;
    v.label.setAttribute('x', X + (X / len) * 20); v.label.setAttribute('y', Y + (Y / len) * 20);
    v.label.textContent = v.name;
    v.g.setAttribute('aria-valuenow', pos);
    v.g.setAttribute('aria-label', t(v.name === 'q' ? 'rope.circle.qLabel' : 'rope.circle.kLabel', { p: pos }));
  }

  async function draw() {
    if (!last) return;
    const mine = ++seq;
    const res = await compute();
    if (mine !== seq) return;
    const { dHead, convention } = last;
    const [a, b] = pairIndices(st.pair, dHead, convention);
    // Both vectors on one scale: the longer pair vector reaches the circle (rotation keeps lengths).
    const scale = R / (Math.max(Math.hypot(last.q[a], last.q[b]), Math.hypot(last.k[a], last.k[b])) || 1);
    place(vectors.m, res.qv, scale, st.m);
    place(vectors.n, res.kv, scale, st.n);
    const aq = Math.atan2(res.qv[1], res.qv[0]), ak = Math.atan2(res.kv[1], res.kv[0]);
    const r0 = 28;
    let sweep = ak - aq;
    while (sweep < 0) sweep += 2 * Math.PI;
    arc.setAttribute('d', `M ${r0 * Math.cos(aq)} ${-r0 * Math.sin(aq)} A ${r0} ${r0} 0 ${sweep > Math.PI ? 1 : 0} 0 ${r0 * Math.cos(ak)} ${-r0 * Math.sin(ak)}`);
    const n = (v, testid) => num(ctx.i18n, v, testid ? { dataset: { testid } } : {});
    replaceChildren(score, rich(t('rope.circle.score'), { m: n(st.m, 'rope-circle-m-value'), n: n(st.n, 'rope-circle-n-value'),
      offset: n(st.n - st.m), score: n(res.dot, 'rope-circle-score') }));
    replaceChildren(readout, rich(t('rope.circle.pairScore'), { k: n(st.pair), theta: n(last.theta[st.pair]), pair: n(res.pairDot, 'rope-circle-pair-score') }));
  }

  return {
    element,
    update(out) {
      const r = out.result, p = out.params;
      last = { q: r.q, k: r.k, theta: r.theta, dHead: p.dHead, base: p.base, convention: p.convention };
      if (st.pair >= r.theta.length) st.pair = 0;
      pairSelect.replaceChildren(...r.theta.map((th, i) => h('option', { value: String(i) }, t('rope.circle.pairOption', { k: i, theta: ctx.i18n.num(th) }))));
      pairSelect.value = String(st.pair);
      picture.setAttribute('aria-label', t('rope.circle.aria'));
      return draw();
    },
    destroy() { seq++; element.remove(); },
  };
}
