// web/charts/chart.js — the page's one Chart.js wrapper: curves where every series has its own x values,
// linear or log axes, steps, per-point marks and labelled reference lines, with tooltips and a responsive
// canvas. The Chart.js configuration is wasm/figures/chart.js's (the PNG's), here with the page's font and
// locale; toPNG is wasm/figures' chartPng of what is shown, in locale-neutral English.
// createChart(container, { xLabel, yLabel, xLog, yLog, ariaLabel, locale, format, xFormat, yFormat, height,
//   interaction: 'nearest' | 'index', className })
//   → { update({ series, markers, xMin, xMax, yMin, yMax }), setText({…}), toPNG({…}) → Promise<Blob>,
//       toCanvas({…}) → canvas, data(), element, canvas, destroy() }
//   series:  [{ label, x: number[], y: number[], stepped, dash, showLine, pointRadius, pointStyle, colour, width }]
//   markers: [{ axis: 'x' | 'y', value, label }] dashed reference lines with a short label
// createXYChart and createLineChart (shared x: update({ x, series: [{ label, values, … }], xMin?, xMax? }),
// xScale / yScale 'linear' | 'logarithmic') are the two first interfaces, kept for the views.
import { Chart, Tooltip } from 'chart.js';
import { chartConfig, chartPng, figureCanvas, SERIES_COLOURS, powerOfTen, logTickLabelled } from 'pe-lab/figures';
import { h } from '../ui/dom.js';
import { pngBlob } from './heatmap.js';
import { later } from '../ui/stage.js';

Chart.register(Tooltip);

export { SERIES_COLOURS, powerOfTen, logTickLabelled };
/** The same Okabe–Ito colours under xy.js's first name. */
export const XY_COLOURS = SERIES_COLOURS;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function createChart(container, options = {}) {
  let opts = { xLabel: '', yLabel: '', xLog: false, yLog: false, ariaLabel: '', locale: 'en-US', format: (v) => String(v),
    height: null, interaction: 'nearest', className: 'line-chart xy-chart', ...options };
  const canvas = h('canvas', { role: 'img' });
  const element = h('div', { class: opts.className, style: opts.height ? { height: opts.height } : null }, canvas);
  container.append(element);
  let chart = null;
  let shown = null;     // the last update's argument
  let building = false; // the chart's construction is queued
  let destroyed = false;

  const spec = (text, d = shown) => ({ ...d, xLabel: text.xLabel, yLabel: text.yLabel, xLog: text.xLog, yLog: text.yLog });
  const xf = () => opts.xFormat ?? opts.format, yf = () => opts.yFormat ?? opts.format;

  function config() {
    const interaction = opts.interaction === 'index' ? { mode: 'index', intersect: false } : { mode: 'nearest', axis: 'xy', intersect: false };
    return chartConfig(spec(opts), { family: FONT, locale: opts.locale, format: opts.format, xFormat: xf(), yFormat: yf(), interaction });
  }

  function build() {
    if (!shown) return;
    const c = config();
    Object.assign(c.options, { responsive: true, maintainAspectRatio: false });
    c.options.plugins.tooltip = { callbacks: {
      label: (item) => `${item.dataset.label}: ${yf()(item.parsed.y)}`,
      title: (items) => `${opts.xLabel} ${xf()(items[0]?.parsed.x)}`,
    } };
    chart = new Chart(canvas, c);
  }

  /** Builds the configuration anew from `shown` and the texts, and applies it to the live chart. */
  function render() {
    canvas.setAttribute('aria-label', opts.ariaLabel);
    if (!shown) return;
    if (!chart) {
      // Building a chart takes tens of ms: each is built in a task of its own (web/ui/stage.js), from what
      // is shown by then (issue 14: no long task when a section draws several charts at once).
      if (!building) {
        building = true;
        later(() => { building = false; if (!destroyed && !chart) build(); });
      }
      return;
    }
    const c = config();
    chart.data = c.data;
    chart.options.locale = c.options.locale;
    chart.options.interaction = c.options.interaction;
    chart.options.layout = c.options.layout;
    chart.options.scales = c.options.scales;
    Object.assign(chart.options.plugins, { peMarkers: c.options.plugins.peMarkers, legend: c.options.plugins.legend });
    chart.update('none');
  }

  /** The chartPng spec of what is shown, with English texts (labels, series names, markers) given by the caller. */
  function pngSpec({ title = '', xLabel = opts.xLabel, yLabel = opts.yLabel, seriesLabels, markers, format } = {}) {
    if (!shown) throw new Error('chart: nothing drawn yet');
    const series = shown.series.map((s, i) => ({ ...s, label: seriesLabels?.[i] ?? s.label }));
    return { ...spec({ ...opts, xLabel, yLabel }, { ...shown, series, markers: markers ?? shown.markers }), title, format };
  }

  return {
    element,
    canvas,
    update(next) { shown = next; render(); },
    setText(text) { opts = { ...opts, ...text }; render(); },
    /** The plotted points per series ({ label, points: [{ x, y }] }), for tests and scripts. */
    data() { return chart ? chart.data.datasets.map((d) => ({ label: d.label, points: d.data.map((p) => ({ ...p })) })) : []; },
    toPNG(options) {
      try { return pngBlob(chartPng(pngSpec(options))); } catch (err) { return Promise.reject(err); }
    },
    /** The figure of toPNG on a canvas (2× pixels), for composing several charts into one image. */
    toCanvas: (options) => figureCanvas('chart', pngSpec(options)),
    destroy() { destroyed = true; chart?.destroy(); chart = null; element.remove(); },
  };
}

/** Curves where every series has its own x (xy.js's interface). */
export const createXYChart = (container, options) => createChart(container, { ...options, className: 'line-chart xy-chart' });

/** Curves over one shared x (line.js's interface): series [{ label, values, … }], xScale / yScale names. */
export function createLineChart(container, options = {}) {
  const scaleText = ({ xScale, yScale, ...text }) => ({ ...text,
    ...(xScale ? { xLog: xScale === 'logarithmic' } : {}), ...(yScale ? { yLog: yScale === 'logarithmic' } : {}) });
  const chart = createChart(container, { ...scaleText(options), interaction: 'index', className: 'line-chart' });
  return {
    ...chart,
    update({ x, series, xMin, xMax }) {
      chart.update({ series: series.map(({ values, ...s }) => ({ ...s, x, y: values })),
        xMin: x.length ? xMin ?? x[0] : undefined, xMax: x.length ? xMax ?? x[x.length - 1] : undefined });
    },
    setText: (text) => chart.setText(scaleText(text)),
  };
}

/**
 * One PNG from several PNG blobs laid out in a grid (row-major, `columns` wide) under a title, on white:
 * e.g. the attention maps of every method in one file. (wasm/figures' panelsPng composes from specs instead.)
 */
export async function composePNG(blobs, { columns = 2, title = '', gap = 16 } = {}) {
  const images = await Promise.all(blobs.map((b) => createImageBitmap(b)));
  if (!images.length) throw new Error('composePNG: no images');
  const cols = Math.max(1, Math.min(columns, images.length));
  const rows = Math.ceil(images.length / cols);
  const cw = Math.max(...images.map((i) => i.width)), ch = Math.max(...images.map((i) => i.height));
  const top = title ? 64 : gap;
  const out = document.createElement('canvas');
  out.width = cols * cw + (cols + 1) * gap;
  out.height = top + rows * ch + rows * gap;
  const g = out.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, out.width, out.height);
  if (title) {
    g.fillStyle = '#1b1f24';
    g.font = `600 30px ${FONT}`;
    g.textBaseline = 'middle';
    g.fillText(title, gap, 34);
  }
  images.forEach((img, i) => {
    const r = Math.floor(i / cols), c = i % cols;
    g.drawImage(img, gap + c * (cw + gap), top + r * (ch + gap));
    img.close?.();
  });
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('composePNG: encoding failed'))), 'image/png'));
}
