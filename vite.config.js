// vite.config.js — builds the static site from web/ into dist/ with relative asset URLs (base './'), so it
// runs from any static host or sub-path with no server code. dist/pe-lab-element.js keeps a stable name
// for docs pages that embed the custom element; everything else is content-hashed. The page's HTML gets every
// section's skeleton at build time (web/ui/skeleton.js), so it shows its shape before any script runs.
import { defineConfig } from 'vite';
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

export default defineConfig({
  root: 'web',
  plugins: [skeleton],
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
      },
    },
  },
  preview: { host: '127.0.0.1' },
});
