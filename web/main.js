// web/main.js — wires the page: loads the API, renders each lab section, fills the footer.
import { getLab } from './lab-api.js';
import { createHeatmap } from './charts/heatmap.js';

const lab = await getLab();
const T = 64, d = 32;
const pe = lab.sinusoidal(T, d);
createHeatmap(document.querySelector('[data-plot="pe"]'), { label: 'sinusoidal PE' }).update({ rows: T, cols: d, data: pe, min: -1, max: 1 });
const cell = document.querySelector('[data-testid="pe-1-0"]');
cell.textContent = pe[d].toFixed(6);
cell.dataset.value = String(pe[d]);
document.querySelector('[data-testid="versions"]').textContent =
  `pe-lab ${lab.versions.pe_lab} · Eigen ${lab.versions.eigen} · Emscripten ${lab.versions.emscripten} · ${__PE_LAB_COMMIT__}`;
