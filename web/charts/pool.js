// web/charts/pool.js — the page's name for wasm/figures/pool.js (block max-pooling, colour cap, block labels),
// kept so the views' imports stay valid while they move to the figures module.
export { poolMax, medianRowMax, blockLabels } from '../../wasm/figures/pool.js';
