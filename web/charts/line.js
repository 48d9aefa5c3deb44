// web/charts/line.js — curves y(x) over a shared x axis with Chart.js (only the line pieces registered,
// animation off for live data), and a PNG export with a title on white in locale-neutral English.
// createLineChart(container, { xLabel, yLabel, ariaLabel, locale, format, xScale, yScale })
//   → { update({ x, series: [{ label, values }], xMin?, xMax? }), setText({…}),
//       toPNG({ title, xLabel, yLabel, seriesLabels }), toCanvas({…}) → <canvas>, data(), destroy() }
// Optional, all backward-compatible: xScale/yScale 'linear' (default) or 'logarithmic' (ticks at powers of
// ten, "10⁻⁶"; values ≤ 0 or null are gaps); per series `dash` ([on, off] px), `colour`, `pointRadius`,
// `pointStyle`, `width`; xMin/xMax to fix the x range instead of the data's first and last x.
import { Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip } from 'chart.js';
import { h } from '../ui/dom.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

const SUPERSCRIPT = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '-': '⁻' };
/** "10⁻⁶" for k = −6 (locale-neutral). */
export function powerOfTen(k) {
  return `10${[...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** Okabe–Ito colours (colour-blind safe), in order. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#1b1f24', '#8a8f98'];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function createLineChart(container, options = {}) {
  let opts = { xLabel: '', yLabel: '', ariaLabel: '', locale: 'en-US', format: (v) => String(v), xScale: 'linear', yScale: 'linear', ...options };
  const canvas = h('canvas', { role: 'img' });
  const element = h('div', { class: 'line-chart' }, canvas);
  container.append(element);
  let chart = null;

  function scales(text) {
    const axis = (title, type) => ({
      type,
      title: { display: Boolean(title), text: title, color: '#3d4651', font: { family: FONT, size: 12 } },
      grid: { color: '#e8eaed' },
      ticks: { color: '#5b6570', font: { family: FONT, size: 11 }, callback: type === 'logarithmic' ? logTick : (v) => text.format(v) },
      border: { color: '#9aa3ad' },
    });
    // Log axes: a label at each power of ten only (the other ticks keep their grid lines); less than a decade: plain numbers.
    function logTick(v) {
      if (this.max / this.min < 10) return text.format(v);
      const k = Math.log10(v);
      return Math.abs(k - Math.round(k)) < 1e-9 ? powerOfTen(Math.round(k)) : '';
    }
    const x = axis(text.xLabel, text.xScale);
    const logX = text.xScale === 'logarithmic';
    return { x: { ...x, ...bounds, ticks: { ...x.ticks, maxTicksLimit: logX ? undefined : 9, autoSkip: !logX, maxRotation: logX ? 0 : 50 } },
      y: { ...axis(text.yLabel, text.yScale), ...yBounds } };
  }

  let bounds = {};
  let yBounds = {};   // log y: whole decades around the data
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
    const logY = opts.yScale === 'logarithmic', logX = opts.xScale === 'logarithmic';
    const gap = (v, log) => (v === null || v === undefined || !Number.isFinite(v) || (log && v <= 0) ? null : v);
    return {
      datasets: series.map((s, k) => {
        const colour = s.colour ?? SERIES_COLOURS[k % SERIES_COLOURS.length];
        return {
          label: s.label,
          data: s.values.map((y, i) => ({ x: logX ? gap(x[i], true) : x[i], y: gap(y, logY) })),
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: s.width ?? 1.75,
          borderDash: s.dash ?? [],
          pointRadius: s.pointRadius ?? (x.length <= 32 ? 2 : 0),
          pointStyle: s.pointStyle ?? 'circle',
          pointBackgroundColor: s.pointStyle === 'circle' || s.pointStyle === undefined ? colour : 'transparent',
          tension: 0,
          spanGaps: false,
        };
      }),
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
      bounds = data.x.length ? { min: data.xMin ?? data.x[0], max: data.xMax ?? data.x[data.x.length - 1] } : {};
      const ds = toDatasets(data);
      yBounds = {};
      if (opts.yScale === 'logarithmic') {
        const ys = ds.datasets.flatMap((d) => d.data.map((p) => p.y)).filter((y) => y !== null);
        if (ys.length) yBounds = { min: 10 ** Math.floor(Math.log10(Math.min(...ys))), max: 10 ** Math.ceil(Math.log10(Math.max(...ys))) };
      }
      if (!chart) create(ds);
      else { chart.data = ds; chart.update('none'); }
      renderText();
    },
    setText(text) { opts = { ...opts, ...text }; renderText(); },
    /** The plotted points per series ({ label, points: [{ x, y }] }), for tests and scripts. */
    data() { return chart ? chart.data.datasets.map((d) => ({ label: d.label, points: d.data.map((p) => ({ ...p })) })) : []; },
    toCanvas,
    /** Renders once more at 2× with English texts, copies it under a title on white, then restores. */
    toPNG(options = {}) {
      let out;
      try { out = toCanvas(options); } catch (err) { return Promise.reject(err); }
      return new Promise((resolve, reject) =>
        out.toBlob((b) => (b ? resolve(b) : reject(new Error('line chart: PNG encoding failed'))), 'image/png'));
    },
    destroy() { chart?.destroy(); chart = null; element.remove(); },
  };

  /** The figure of toPNG as a canvas (2× pixels), for composing several charts into one image. */
  function toCanvas({ title = '', xLabel = opts.xLabel, yLabel = opts.yLabel, seriesLabels, format = (v) => String(v) } = {}) {
    if (!chart) throw new Error('line chart: nothing drawn yet');
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
      if (title) g.font = `600 ${Math.max(10, Math.min(15, Math.floor((15 * (w - 8)) / g.measureText(title).width)))}px ${FONT}`;   // fit the width
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
    return out;
  }
}
