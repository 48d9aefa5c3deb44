// tests/e2e/downloads.test.mjs — the page's "download all" zip of each of the seven labs, in real Chromium, holds
// exactly the files runLab computes in Node for the same parameters (small ones, set in the URL of the
// single-lab embed mode), with the same params in result.json and the same text files byte for byte (the
// manifest's date and runtime aside), and PNG entries that are PNGs. For a heatmap, a chart, a grid and two
// panels the page's PNG and Node's have the same size and ≥ 98 % of pixels within 8/255 (fonts rasterise a
// little differently). The zip is read with fflate, PNGs decoded by tests/node/png.mjs.
// Leaves out: colours against the scale (tests/node/figures.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import { SMALL } from '../node/helpers.mjs';
import { decodePng } from '../node/png.mjs';
import { useBrowser, openPage } from './harness.mjs';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const env = useBrowser();

/** PNGs compared pixel by pixel with Node's: a heatmap, a chart, a grid of heatmaps, two chart panels. */
const SAME_PIXELS = { sinusoidal: ['sinusoidal_pe.png', 'sinusoidal_curves.png'], extrapolation: ['attention_pattern_comparison.png', 'extrapolation_metric.png'] };

/** Share of pixels whose three channels differ by at most 8/255. */
function closeShare(a, b) {
  let n = 0;
  for (let k = 0; k < a.rgba.length; k += 4) n += [0, 1, 2].every((c) => Math.abs(a.rgba[k + c] - b.rgba[k + c]) <= 8);
  return n / (a.rgba.length / 4);
}

/** The page's query string for `params` of `lab`: <lab>.<param>=value, lists comma-separated, pairs as m:n. */
function query(lab, params) {
  const text = (v) => (Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(':') : x)).join(',') : String(v));
  return Object.entries(params).map(([k, v]) => `${lab}.${k}=${encodeURIComponent(text(v))}`).join('&');
}

for (const lab of Object.keys(SMALL)) {
  test(`${lab}: the "download all" zip holds exactly runLab's files for the same parameters, with the same contents`, async () => {
    const node = await env.api.runLab(lab, SMALL[lab]);
    const page = await openPage(env.browser, env.server.url, { acceptDownloads: true });
    page.setDefaultTimeout(120_000);   // a loaded machine; the waits are for events, not for time
    await page.goto(`${env.server.url}?embed&lab=${lab}&${query(lab, SMALL[lab])}`);
    await page.waitForSelector('body[data-ready="true"]');
    const zipButton = page.locator(`#${lab} [data-export="pe-lab-${lab}.zip"]`);
    await zipButton.and(page.locator(':enabled')).waitFor();
    const pending = page.waitForEvent('download');
    await zipButton.click();
    const download = await pending;
    assert.equal(download.suggestedFilename(), `pe-lab-${lab}.zip`);
    const zip = unzipSync(new Uint8Array(await readFile(await download.path())));

    assert.deepEqual(Object.keys(zip).sort(), Object.keys(node.files).sort());
    // Every export button on the section downloads one of these files (the zip's own button aside).
    const buttons = await page.$$eval(`#${lab} [data-export]`, (list) => list.map((b) => b.dataset.export));
    for (const name of buttons) if (name !== `pe-lab-${lab}.zip`) assert.ok(name in node.files, `button ${name}`);
    assert.deepEqual(JSON.parse(strFromU8(zip['result.json'])).params, node.params, 'the page ran the same parameters');
    for (const name of Object.keys(zip)) {
      if (name.endsWith('.png')) {
        assert.deepEqual([...zip[name].subarray(0, 8)], PNG_SIGNATURE, name);
      } else if (name === 'manifest.json') {
        const { date, versions, ...rest } = JSON.parse(strFromU8(zip[name]));
        const { date: d0, versions: v0, ...expected } = node.manifest;
        assert.deepEqual(rest, expected, name);
      } else if (name !== 'README.md' && !(lab === 'head-to-head' && name === 'result.json')) {
        // The other texts are identical (a README names the runtime; head-to-head's result has wall times).
        assert.equal(strFromU8(zip[name]), node.files[name], name);
      }
    }
    for (const name of SAME_PIXELS[lab] ?? []) {
      const fromPage = decodePng(zip[name]), fromNode = decodePng(await node.files[name]);
      assert.deepEqual([fromPage.width, fromPage.height], [fromNode.width, fromNode.height], `${name}: size`);
      assert.ok(closeShare(fromPage, fromNode) >= 0.98, `${name}: pixels`);
    }
    assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
    await page.context().close();
  });
}
