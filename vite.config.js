// vite.config.js — builds the static site from web/ into dist/ with relative asset URLs (base './'), so it
// runs from any static host or sub-path with no server code. dist/pe-lab-element.js keeps a stable name
// for docs pages that embed the custom element; everything else is content-hashed. The page's HTML gets every
// section's skeleton at build time (web/ui/skeleton.js), so it shows its shape before any script runs.
// The worker (web/worker.js) is a chunk of the page's own build, not a separate worker bundle: it imports the
// page's chunks (the package, the figures) instead of repeating them (tests/node/size.test.mjs holds the sizes).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function buildCommit() {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Writes the English skeleton (intro + every section: heading, statement, figure placeholder) into <main id="app">. */
const skeleton = {
  name: 'pe-lab-skeleton',
  async transformIndexHtml(html) {
    // Imported when the hook runs, not bundled into the config: these are the page's own modules.
    const from = (p) => import(new URL(p, import.meta.url).href);
    const [{ skeletonHtml }, { createI18n }, { LAB_ORDER }] = await Promise.all([
      from('./web/ui/skeleton.js'), from('./web/i18n/index.js'), from('./web/labs/index.js')]);
    return html.replace(/(<main id="app"[^>]*>)(<\/main>)/, (m, open, close) => `${open}${skeletonHtml(createI18n('en'), LAB_ORDER)}${close}`);
  },
};

const WORKER_SRC = fileURLToPath(new URL('./web/worker.js', import.meta.url));
const RUNNER_SRC = fileURLToPath(new URL('./web/ui/runner.js', import.meta.url));
const PACKAGE_SRC = fileURLToPath(new URL('./wasm/index.js', import.meta.url));
const WORKER_URL = "new URL('../worker.js', import.meta.url)";

/**
 * In the build, web/ui/runner.js's `new URL('../worker.js', import.meta.url)` becomes the URL of web/worker.js
 * emitted as an entry chunk of this build (Vite would otherwise bundle the worker separately, repeating every
 * module it shares with the page). Module workers load the shared chunks with plain `import`s. The dev
 * server needs nothing: it serves web/worker.js as a module.
 */
const sharedWorker = {
  name: 'pe-lab-shared-worker',
  apply: 'build',
  enforce: 'pre',
  transform(code, id) {
    if (id !== RUNNER_SRC) return null;
    if (!code.includes(WORKER_URL)) this.error(`${RUNNER_SRC} must create its worker from ${WORKER_URL}`);
    const ref = this.emitFile({ type: 'chunk', id: WORKER_SRC, name: 'worker' });
    return { code: code.replace(WORKER_URL, `new URL(import.meta.ROLLUP_FILE_URL_${ref})`), map: null };
  },
};

/**
 * The first number on the page comes from the first lab (web/labs/index.js's first entry, started with the
 * page): the built HTML preloads its view's chunks (modulepreload) and the .wasm (a `fetch` preload the
 * package's own fetch then takes, wasm/load.js), so that they download with the page's own modules instead of
 * after the page has started.
 */
const preloadFirstLab = {
  name: 'pe-lab-preload-first-lab',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    async handler(html, { bundle }) {
      const { LAB_ORDER } = await import(new URL('./web/labs/index.js', import.meta.url).href);
      const firstView = fileURLToPath(new URL(`./web/labs/${LAB_ORDER[0]}.js`, import.meta.url));
      const chunks = Object.values(bundle ?? {});
      const view = chunks.find((c) => c.type === 'chunk' && c.facadeModuleId === firstView);
      const wasm = chunks.find((c) => c.type === 'asset' && c.fileName.endsWith('.wasm'));
      if (!view || !wasm) this.error('pe-lab-preload-first-lab: the first view chunk or the .wasm is missing');
      const files = new Set();
      const add = (chunk) => {
        if (files.has(chunk.fileName)) return;
        files.add(chunk.fileName);
        for (const name of chunk.imports) add(bundle[name]);
      };
      add(view);
      const listed = (file) => html.includes(`./${file}"`);
      return [
        { tag: 'link', attrs: { rel: 'preload', as: 'fetch', type: 'application/wasm', crossorigin: true, href: `./${wasm.fileName}` }, injectTo: 'head' },
        ...[...files].filter((f) => !listed(f)).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' })),
      ];
    },
  },
};

export default defineConfig({
  root: 'web',
  plugins: [skeleton, sharedWorker, preloadFirstLab],
  base: './',
  publicDir: false,
  define: {
    __PE_LAB_COMMIT__: JSON.stringify(buildCommit()),
    __PE_LAB_VERSION__: JSON.stringify(pkg.version),
  },
  worker: { format: 'es' },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      input: {
        main: new URL('./web/index.html', import.meta.url).pathname,
        'pe-lab-element': new URL('./web/element.js', import.meta.url).pathname,
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'pe-lab-element' ? 'pe-lab-element.js' : 'assets/[name]-[hash].js'),
        // The chunk holding the package entry (shared by the page and its worker) is named after it.
        chunkFileNames: (chunk) => (chunk.moduleIds.includes(PACKAGE_SRC) ? 'assets/pe-lab-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  preview: { host: '127.0.0.1' },
});
