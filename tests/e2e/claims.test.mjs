// tests/e2e/claims.test.mjs — each lab's claim at a glance, in real Chromium: the six labs other than
// head-to-head open with a takeaway whose data-values are the numbers of runLab in Node with the same parameters
// (same wasm binary) and which follows a parameter change; the RoPE circle's score matches the rotation formula
// ⟨R_m q, R_n k⟩ = Σ_k over pairs of the 2-D rotations by m·θ_k and n·θ_k (θ_k = base^(−2k/d), computed here by hand),
// stays put when m and n move together and changes when one moves; causal bias maps paint the future in the
// mask grey #d0d0d0 (wasm/figures' mask colour, never on the viridis or RdBu scales); Lab 03's recommendation
// never names learned PE on a sweep past its table, with clamp or wrap. Screenshots of every section at 1400 px
// and 390 px go to test-results/screenshots/ (gitignored).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { useBrowser, openPage, showMore } from './harness.mjs';

const env = useBrowser();   // env.server, env.browser, env.api (createPeLab() in Node: the expected numbers)

const ready = (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
const takeaway = (lab) => `section#${lab} [data-testid="takeaway"]`;
const LABS = ['permutation', 'sinusoidal', 'rope', 'extrapolation', 'biases', 'context-extension'];

/** The takeaway's numbers: data-key (or data-scheme) → raw value. */
async function takeawayValues(page, lab) {
  return page.$$eval(`${takeaway(lab)} [data-value]`, (els) => Object.fromEntries(els.map((e) => [e.dataset.key ?? e.dataset.scheme, Number(e.dataset.value)])));
}

/** The numbers a lab's takeaway must carry, from runLab's result in Node. */
const EXPECTED = {
  permutation: (r) => Object.fromEntries(r.schemes.map((s) => [s.pe, s.equivarianceError])),
  sinusoidal: (r, p) => ({ offset: r.offset, offsetError: r.offsetError, T: p.T }),
  rope: (r) => ({ pairs: r.pairs.length, maxDiff: r.maxDiff }),
  extrapolation: (r) => {
    const last = r.TSweep.length - 1;
    const out = { T0: r.TSweep[0], T1: r.TSweep[last], [`stability-${r.ranking[0]}`]: r.stability[r.ranking[0]] };
    for (const s of r.schemes.filter((x) => !r.ranking.includes(x))) out[`told-${s}`] = r.toldApart[s][last];
    return out;
  },
  biases: (r) => {
    const f = r.alibi.far;
    return { T: f.T, tMax: f.tMax, head: r.alibi.head, distanceAlibi: f.meanDistance[f.T - 1], distanceNope: f.meanDistanceNope[f.T - 1] };
  },
  'context-extension': (r) => ({ L: r.L, ...(r.methods.some((m) => m.pairsOutside > 0) ? { P: r.P } : {}),
    ...Object.fromEntries(r.methods.filter((m) => m.pairsOutside > 0).map((m) => [`outside-${m.type}`, m.pairsOutside])) }),
};

/** One parameter change per lab (a control the learner can edit) and the value it gets. */
const CHANGE = {
  permutation: ['reordered', 'work he I'],
  sinusoidal: ['offset', '8'],
  rope: ['precision', 'float32'],
  extrapolation: ['TSweep', '64,128'],
  biases: ['head', '3'],
  'context-extension': ['factor', '8'],
};

async function checkLab(page, lab, params) {
  const { result, params: filled } = await env.api.runLab(lab, params);
  const want = EXPECTED[lab](result, filled);
  await page.waitForFunction(([sel, keys]) => {
    const el = document.querySelector(sel);
    return el && keys.every((k) => el.querySelector(`[data-key="${k}"], [data-scheme="${k}"]`));
  }, [takeaway(lab), Object.keys(want)], { timeout: 60_000 });
  const got = await takeawayValues(page, lab);
  for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, `${lab}: takeaway number ${k}`);
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${lab}: the takeaway shows exactly the result's numbers`);
}

test('each lab opens with a takeaway under its heading whose numbers are the run\'s, and it follows a parameter change', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}?lang=en`);
  await ready(page);
  for (const lab of LABS) {
    // Sections mount when they come into view (lazy sections): bring each one in first.
    await page.locator(`section#${lab}`).scrollIntoViewIfNeeded();
    await page.waitForSelector(takeaway(lab), { timeout: 60_000 });
    assert.equal(await page.locator(takeaway(lab)).count(), 1, `${lab}: one takeaway`);
    // The claim comes first: right after the section's heading, before the parameters.
    const order = await page.$eval(takeaway(lab), (el) => {
      const form = el.closest('section').querySelector('.lab-controls');
      return Boolean(el.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(order, `${lab}: takeaway before the parameters`);
    await checkLab(page, lab, {});
  }
  for (const lab of LABS) {
    const [param, value] = CHANGE[lab];
    const before = await page.locator(takeaway(lab)).textContent();
    const control = page.locator(`section#${lab} [name="${param}"]`).first();
    if (!(await control.isVisible())) await showMore(page, lab);   // a parameter under "More parameters"
    if (await control.evaluate((el) => el.tagName === 'SELECT')) await control.selectOption(value);
    else { await control.fill(value); await control.press('Enter'); await control.blur(); }
    await page.waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent !== text, [takeaway(lab), before], { timeout: 60_000 });
    await checkLab(page, lab, { [param]: value });
  }
  assert.deepEqual(page.problems, []);
});

/** ⟨R_m q, R_n k⟩ by hand: every pair (2k, 2k+1) of q turned by m·θ_k and of k by n·θ_k, θ_k = base^(−2k/d). */
function rotatedScore(q, k, m, n, base) {
  const d = q.length;
  let s = 0;
  for (let p = 0; p < d / 2; p++) {
    const th = base ** (-2 * p / d);
    const [c1, s1, c2, s2] = [Math.cos(m * th), Math.sin(m * th), Math.cos(n * th), Math.sin(n * th)];
    const qa = q[2 * p] * c1 - q[2 * p + 1] * s1, qb = q[2 * p] * s1 + q[2 * p + 1] * c1;
    const ka = k[2 * p] * c2 - k[2 * p + 1] * s2, kb = k[2 * p] * s2 + k[2 * p + 1] * c2;
    s += qa * ka + qb * kb;
  }
  return s;
}

test('the RoPE circle: the engine\'s score matches the rotation, is unchanged when m and n move together, changes when one moves', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}?lang=en#rope`);
  await ready(page);
  const { result: r, params: p } = await env.api.runLab('rope', {});
  const score = () => page.locator('[data-testid="rope-circle-score"]').getAttribute('data-value').then(Number);
  const positions = async () => [Number(await page.locator('[data-testid="rope-circle-m"]').getAttribute('aria-valuenow')),
    Number(await page.locator('[data-testid="rope-circle-n"]').getAttribute('aria-valuenow'))];
  const settle = async (m, n) => page.waitForFunction(([a, b]) =>
    document.querySelector('[data-testid="rope-circle-m-value"]')?.dataset.value === String(a)
    && document.querySelector('[data-testid="rope-circle-n-value"]')?.dataset.value === String(b), [m, n]);

  await page.waitForSelector('[data-testid="rope-circle-score"]');
  let [m, n] = await positions();
  const s0 = await score();
  assert.ok(Math.abs(s0 - rotatedScore(r.q, r.k, m, n, p.base)) < 1e-9, 'score = ⟨R_m q, R_n k⟩');

  // Keyboard: m + 3 and n + 3.
  for (const which of ['m', 'n']) {
    await page.focus(`[data-testid="rope-circle-${which}"]`);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  }
  await settle(m + 3, n + 3);
  assert.ok(Math.abs((await score()) - s0) < 1e-6, 'both moved by 3: same score');
  // The "both + 1" button.
  await page.click('[data-action="circle-both-up"]');
  await settle(m + 4, n + 4);
  assert.ok(Math.abs((await score()) - s0) < 1e-6, 'both moved by 4: same score');

  // Only m moves, by dragging q around the circle: the score changes, and is still the rotation's.
  [m, n] = await positions();
  const tip = await page.locator('[data-testid="rope-circle-m"] circle').boundingBox();
  const box = await page.locator('.rope-circle-svg').boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(tip.x + tip.width / 2, tip.y + tip.height / 2);
  await page.mouse.down();
  const a0 = Math.atan2(-(tip.y + tip.height / 2 - cy), tip.x + tip.width / 2 - cx);
  for (let i = 1; i <= 8; i++) {
    const a = a0 + (i / 8) * 1.6;   // 1.6 rad counter-clockwise: pair 0 turns 1 rad per position → m + 1
    await page.mouse.move(cx + Math.cos(a) * box.width * 0.35, cy - Math.sin(a) * box.height * 0.35);
  }
  await page.mouse.up();
  await page.waitForFunction((old) => document.querySelector('[data-testid="rope-circle-m"]').getAttribute('aria-valuenow') !== String(old), m);
  const [m2, n2] = await positions();
  assert.equal(n2, n, 'dragging q leaves n alone');
  assert.ok(m2 > m, `dragging q counter-clockwise moves m forward (${m} → ${m2})`);
  await settle(m2, n2);
  const s2 = await score();
  assert.ok(Math.abs(s2 - rotatedScore(r.q, r.k, m2, n2, p.base)) < 1e-9, 'after the drag: the rotation\'s score');
  assert.ok(Math.abs(s2 - s0) > 1e-3, 'only m moved: the score changed');
  assert.deepEqual(page.problems, []);
});

test('masked (causal) cells of the bias maps are painted in the mask grey, unmasked cells never are', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto(`${env.server.url}?lang=en#biases`);
  await ready(page);
  for (const file of ['biases_t5_bias_causal.png', 'biases_alibi_bias_causal.png', 'biases_alibi_bias_bidirectional.png']) {
    const px = await page.$eval(`section#biases [data-export="${file}"]`, (button) => {
      const canvas = button.closest('figure, .figure, .fig')?.querySelector('canvas.hm-canvas');
      const { width, height } = canvas;
      const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
      const at = (i, j) => [...data.slice((i * width + j) * 4, (i * width + j) * 4 + 3)];
      return { size: [width, height], future: at(0, width - 1), diagonal: at(height - 1, width - 1), past: at(height - 1, 0) };
    });
    const grey = [0xd0, 0xd0, 0xd0];
    if (file.includes('causal')) assert.deepEqual(px.future, grey, `${file}: the future cell (0, last) is mask grey`);
    else assert.notDeepEqual(px.future, grey, `${file}: nothing is masked`);
    assert.notDeepEqual(px.diagonal, grey, `${file}: the diagonal is not masked`);
    assert.notDeepEqual(px.past, grey, `${file}: the past is not masked`);
  }
});

test('Lab 03 never recommends learned PE on a sweep far past its table, with clamp or with wrap', async () => {
  const page = await openPage(env.browser, env.server.url);
  for (const beyond of ['clamp', 'wrap']) {
    const params = { TSweep: [32, 64, 128, 512, 1024], beyond };
    await page.goto(`${env.server.url}?lang=en&extrapolation.TSweep=32,64,128,512,1024&extrapolation.beyond=${beyond}#extrapolation`);
    await ready(page);
    const { result } = await env.api.runLab('extrapolation', params);
    // A learned table of 64 rows gives at most 64 distinct encodings to 1024 positions: it is no candidate.
    assert.equal(result.candidate.learned, false, `${beyond}: learned is excluded in the result`);
    const rec = page.locator('section#extrapolation [data-testid="extrapolation-recommendation"]');
    await page.waitForFunction((want) => document.querySelector('[data-testid="extrapolation-recommendation"]')?.dataset.recommendation === want, result.recommendation, { timeout: 60_000 });
    const id = await rec.getAttribute('data-recommendation');
    assert.ok(!id.includes('learned'), `${beyond}: recommendation ${id}`);
    assert.ok(!/learned/i.test(await rec.textContent()), `${beyond}: the sentence does not name learned PE`);
    assert.ok(!/learned/i.test((await page.locator(takeaway('extrapolation')).textContent()).split('Left out')[0]), `${beyond}: neither does the takeaway's verdict`);
  }
  assert.deepEqual(page.problems, []);
});

test('screenshots of every section at 1400 px and 390 px (test-results/screenshots/)', async () => {
  const dir = new URL('../../test-results/screenshots/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const [width, lang] of [[1400, 'en'], [390, 'en'], [1400, 'es'], [390, 'es']]) {
    const context = await env.browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${env.server.url}?lang=${lang}`);
    await ready(page);
    for (const id of await page.$$eval('section.lab', (els) => els.map((e) => e.id))) {
      await page.locator(`section#${id}`).scrollIntoViewIfNeeded();
      await page.waitForSelector(`section#${id} .lab-results > *`, { timeout: 60_000 });
      await page.waitForTimeout(300);
      await page.locator(`section#${id}`).screenshot({ path: new URL(`${id}-${width}-${lang}.png`, dir).pathname });
      // Nothing of the section sticks out sideways (tables and grids scroll inside their own boxes).
      const overflow = await page.$eval(`section#${id}`, (s) => s.getBoundingClientRect().right - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${id} at ${width} px: ${overflow} px past the viewport`);
    }
    await context.close();
  }
});
