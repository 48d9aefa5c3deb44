// web/charts/pool.js — the page's name for the pooling helpers of pe-lab/figures (wasm/figures/pool.js: block
// max-pooling, colour cap, block labels), kept so the views' imports stay valid while they move.
export { poolMax, poolMaxSteps, medianRowMax, blockLabels } from 'pe-lab/figures';
