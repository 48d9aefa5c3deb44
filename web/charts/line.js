// web/charts/line.js — line.js's first interface (curves over one shared x), now web/charts/chart.js.
export { createLineChart, SERIES_COLOURS, powerOfTen } from './chart.js';
