// web/charts/line.js — curves y(x) over a shared x axis with Chart.js (only the line pieces registered,
// animation off for live data), and a PNG export with a title on white in locale-neutral English.
// createLineChart(container, { xLabel, yLabel, ariaLabel, locale, format })
//   → { update({ x, series: [{ label, values }] }), setText({…}), toPNG({ title, xLabel, yLabel, seriesLabels }), destroy() }
import { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip } from 'chart.js';
import { h } from '../ui/dom.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** Okabe–Ito colours (colour-blind safe), in order. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#1b1f24', '#8a8f98'];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function createLineChart(container, options = {}) {
  let opts = { xLabel: '', yLabel: '', ariaLabel: '', locale: 'en-US', format: (v) => String(v), ...options };
  const canvas = h('canvas', { role: 'img' });
  const element = h('div', { class: 'line-chart' }, canvas);
  container.append(element);
  let chart = null;

  function scales(text) {
    const axis = (title) => ({
      type: 'linear',
      title: { display: Boolean(title), text: title, color: '#3d4651', font: { family: FONT, size: 12 } },
      grid: { color: '#e8eaed' },
      ticks: { color: '#5b6570', font: { family: FONT, size: 11 }, callback: (v) => text.format(v) },
      border: { color: '#9aa3ad' },
    });
    return { x: { ...axis(text.xLabel), ...bounds, ticks: { ...axis(text.xLabel).ticks, maxTicksLimit: 9 } }, y: axis(text.yLabel) };
  }

  let bounds = {};
  function create(data) {
    chart = new Chart(canvas, {
      type: 'line',
      data,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        locale: opts.locale,
        interaction: { mode: 'index', intersect: false },
        scales: scales(opts),
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2, color: '#1b1f24', font: { family: FONT, size: 12 } } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${opts.format(c.parsed.y)}`, title: (items) => `${opts.xLabel} ${opts.format(items[0]?.parsed.x)}` } },
        },
      },
    });
  }

  function toDatasets({ x, series }) {
    return {
      datasets: series.map((s, k) => ({
        label: s.label,
        data: s.values.map((y, i) => ({ x: x[i], y })),
        borderColor: SERIES_COLOURS[k % SERIES_COLOURS.length],
        backgroundColor: SERIES_COLOURS[k % SERIES_COLOURS.length],
        borderWidth: 1.75,
        pointRadius: x.length <= 32 ? 2 : 0,
        tension: 0,
      })),
    };
  }

  function renderText() {
    canvas.setAttribute('aria-label', opts.ariaLabel);
    if (!chart) return;
    chart.options.locale = opts.locale;
    chart.options.scales = scales(opts);
    chart.update('none');
  }

  return {
    element,
    canvas,
    update(data) {
      bounds = data.x.length ? { min: data.x[0], max: data.x[data.x.length - 1] } : {};
      const ds = toDatasets(data);
      if (!chart) create(ds);
      else { chart.data = ds; chart.update('none'); }
      renderText();
    },
    setText(text) { opts = { ...opts, ...text }; renderText(); },
    /** Renders once more at 2× with English texts, copies it under a title on white, then restores. */
    toPNG({ title = '', xLabel = opts.xLabel, yLabel = opts.yLabel, seriesLabels, format = (v) => String(v) } = {}) {
      if (!chart) return Promise.reject(new Error('line chart: nothing drawn yet'));
      const saved = { opts, labels: chart.data.datasets.map((d) => d.label), dpr: chart.options.devicePixelRatio };
      const w = chart.width, hgt = chart.height;
      let out;
      try {
        opts = { ...opts, xLabel, yLabel, locale: 'en-US', format };
        if (seriesLabels) chart.data.datasets.forEach((d, i) => { d.label = seriesLabels[i] ?? d.label; });
        chart.options.devicePixelRatio = 2;
        chart.options.locale = 'en-US';
        chart.options.scales = scales(opts);
        chart.resize(w, hgt);
        chart.update('none');
        const top = title ? 40 : 8, pad = 12;
        out = document.createElement('canvas');
        out.width = (w + 2 * pad) * 2;
        out.height = (hgt + top + pad) * 2;
        const g = out.getContext('2d');
        g.scale(2, 2);
        g.fillStyle = '#ffffff';
        g.fillRect(0, 0, w + 2 * pad, hgt + top + pad);
        g.fillStyle = '#1b1f24';
        g.font = `600 15px ${FONT}`;
        g.textBaseline = 'middle';
        if (title) g.fillText(title, pad, 22);
        g.drawImage(chart.canvas, pad, top, w, hgt);
      } finally {
        opts = saved.opts;
        chart.data.datasets.forEach((d, i) => { d.label = saved.labels[i]; });
        chart.options.devicePixelRatio = saved.dpr;
        chart.resize();
        renderText();
      }
      return new Promise((resolve, reject) =>
        out.toBlob((b) => (b ? resolve(b) : reject(new Error('line chart: PNG encoding failed'))), 'image/png'));
    },
    destroy() { chart?.destroy(); chart = null; element.remove(); },
  };
}
