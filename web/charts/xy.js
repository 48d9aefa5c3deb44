// web/charts/xy.js — xy.js's first interface (curves with their own x, markers, blob composition), now web/charts/chart.js.
export { createXYChart, composePNG, XY_COLOURS, logTickLabelled } from './chart.js';
