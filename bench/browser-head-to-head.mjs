// bench/browser-head-to-head.mjs — wall time of the head-to-head section in real Chromium against the issues'
// targets: (a) both variants × 1 seed under 5 s, (b) the default 2 variants × 3 seeds under 60 s, (c) the study
// (preset 'study': 6 variants × 3 seeds, with the inference-time scalings) under 30 s, (d) the robustness grid
// (preset 'robustness': 6 settings × 3 seeds × sinusoidal/RoPE) under 60 s, on a 2-core machine, with the jobs
// spread over web/ui/runner.js's worker pool. Baseline in the same run: the same page
// made to report 1 core (navigator.hardwareConcurrency), i.e. one worker; pool and baseline are interleaved.
// Builds nothing: serves the current dist/ (npx vite build first) with tests/e2e/harness.mjs, opens the section
// with its parameters in the link (which waits for Run: its estimate is over AUTO_RUN_SECONDS) and measures
// (1) navigation → Run → the finished measured-vs-predicted table (cold: page load, wasm start and the other
// sections' first runs included), then (2) a click on Run → the finished table again (page idle). Prints times and ratios; asserts nothing.
// Usage: node bench/browser-head-to-head.mjs [--repeat N] [--only a,b,c,d] [--no-baseline]
//   (CHROMIUM_PATH overrides /usr/bin/chromium; --no-baseline skips the 1-worker runs, ~2× the pool's time)
import { parseArgs } from 'node:util';
import { serveDist, launchBrowser, openPage } from '../tests/e2e/harness.mjs';

const CASES = [
  { name: '(a) 2 variants × 1 seed', query: '?head-to-head.seeds=1#head-to-head', jobs: 2, target: 5 },
  // seeds=3 is the default; written in the link it still counts as explicit, so the section runs on load.
  { name: '(b) 2 variants × 3 seeds (default)', query: '?head-to-head.seeds=3#head-to-head', jobs: 6, target: 60 },
  // The study trains in two stages: its six schemes (18 runs, shown when done: `first`), then the robustness grid
  // but its baseline (30 more). Its target is the first stage's; the whole is reported beside it.
  { name: '(c) the study: 6 variants × 3 seeds, then the robustness grid', query: '?head-to-head.preset=study#head-to-head', jobs: 18, target: 30,
    first: '#head-to-head table.h2h-compare tbody tr', done: '#head-to-head table.h2h-robustness td[data-verdict]' },
  // The robustness panel has no per-run table: it is done when its six settings' verdicts are drawn.
  { name: '(d) robustness: 6 settings × 3 seeds × 2 variants', query: '?head-to-head.preset=robustness#head-to-head', jobs: 36, target: 60,
    done: '#head-to-head table.h2h-robustness td[data-verdict]', count: '#head-to-head table.h2h-robustness td[data-verdict]', rows: 6 },
];
const { values: args } = parseArgs({ options: { repeat: { type: 'string', default: '1' }, only: { type: 'string' }, 'no-baseline': { type: 'boolean' } } });
const REPEAT = Number(args.repeat);
const ONLY = args.only ? new Set(args.only.split(',')) : null;

function pageInfo(page, c) {
  return page.evaluate((count) => {
    const v = (id) => Number(document.querySelector(`[data-testid="${id}"]`)?.dataset.value);
    return { cores: navigator.hardwareConcurrency, workers: v('h2h-workers'), pageSeconds: v('h2h-wall-seconds'),
      runs: document.querySelectorAll(count).length };
  }, c.count ?? '#head-to-head table.h2h-params tbody tr');
}

/** One page: navigation → table, then Run → table. cores: undefined (the machine's) or a number to report. */
async function measure(browser, origin, c, cores) {
  const page = await openPage(browser, origin);
  page.setDefaultTimeout(300_000);
  if (cores) await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
  // → seconds from the click to the first stage's result (c.first, shown while the run goes on; else the end).
  const runAndWait = async () => {
    // The previous run's first-stage table goes first, so the wait below sees this run's.
    if (c.first) await page.evaluate((sel) => document.querySelector(sel)?.closest('table')?.remove(), c.first);
    const t = performance.now();
    await page.click('#head-to-head [data-action="run"]');   // aria-busy turns 'true' within the click
    const first = c.first ? page.waitForSelector(c.first).then(() => (performance.now() - t) / 1000) : null;
    await page.waitForFunction((done) => document.querySelector('#head-to-head .lab-results').getAttribute('aria-busy') === 'false'
      && document.querySelector(done), c.done ?? '#head-to-head table.h2h-compare tbody tr');
    return first ? await first : null;
  };
  // A link whose estimate is over AUTO_RUN_SECONDS waits for Run (every case here): navigation → ready → Run → table.
  const t0 = performance.now();
  await page.goto(`${origin}${c.query}`);
  await page.waitForSelector('body[data-ready="true"]');
  const beforeRun = (performance.now() - t0) / 1000;
  const firstNav = await runAndWait();
  const navigation = { ...(await pageInfo(page, c)), seconds: (performance.now() - t0) / 1000, first: firstNav === null ? null : beforeRun + firstNav };
  await page.waitForTimeout(2000);
  const t1 = performance.now();
  const firstClick = await runAndWait();
  const click = { ...(await pageInfo(page, c)), seconds: (performance.now() - t1) / 1000, first: firstClick };
  if (page.problems.length) throw new Error(`page problems: ${page.problems.join('; ')}`);
  await page.context().close();
  const rows = c.rows ?? c.jobs;
  for (const r of [navigation, click]) if (r.runs !== rows) throw new Error(`${c.name}: ${r.runs} rows in the table, expected ${rows}`);
  return { navigation, click };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const server = await serveDist();
const browser = await launchBrowser();
try {
  console.log(`Chromium ${browser.version()}; ${REPEAT} repeat(s) per case, pool and 1-worker baseline interleaved; ` +
    'page = the runner\'s own time (call → result)');
  for (const c of CASES.filter((x) => !ONLY || ONLY.has(x.name[1]))) {
    const pool = [], single = [];
    for (let i = 0; i < REPEAT; i++) {
      pool.push(await measure(browser, server.url, c));
      if (!args['no-baseline']) single.push(await measure(browser, server.url, c, 1));
    }
    const p0 = pool[0].navigation;
    console.log(`${c.name}: hardwareConcurrency ${p0.cores}, workers used ${p0.workers}${single.length ? ` (baseline: ${single[0].navigation.workers})` : ''}`);
    for (const phase of ['navigation', 'click']) {
      if (c.first) {
        const tf = median(pool.map((m) => m[phase].first)), tw = median(pool.map((m) => m[phase].seconds));
        console.log(`  ${phase === 'navigation' ? 'navigation' : 'click Run '} → the six schemes' result: ${tf.toFixed(1)} s; target < ${c.target} s `
          + `${tf < c.target ? 'met' : 'MISSED'}; → the whole study (robustness grid included): ${tw.toFixed(1)} s`);
        continue;
      }
      const tp = median(pool.map((m) => m[phase].seconds));
      const pp = median(pool.map((m) => m[phase].pageSeconds));
      const ts = single.length ? median(single.map((m) => m[phase].seconds)) : null;
      console.log(`  ${phase === 'navigation' ? 'navigation → table' : 'click Run → table '}: pool ${tp.toFixed(1)} s (page ${pp.toFixed(1)} s)` +
        `${ts === null ? '' : `, 1 worker ${ts.toFixed(1)} s → ${(ts / tp).toFixed(2)}×`}; target < ${c.target} s ${tp < c.target ? 'met' : 'MISSED'}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
