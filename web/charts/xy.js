// web/charts/xy.js — curves where every series has its own x values, over Chart.js: linear or logarithmic
// axes, step lines, per-point marks (radius and style per point, e.g. "this pair leaves the trained range"),
// and labelled reference lines (markers such as x = T_max or y = L₀). PNG export on white in locale-neutral
// English, like line.js (whose shared-x interface it does not change). Animation off for live data.
// createXYChart(container, { xLabel, yLabel, xLog, yLog, ariaLabel, locale, format, xFormat, height })
//   → { update({ series, markers, xMin, xMax, yMin, yMax }), setText({…}), toPNG({…}) → Promise<Blob>,
//       element, canvas, destroy() }
//   series:  [{ label, x: number[], y: number[], stepped, dash, showLine, pointRadius, pointStyle, colour }]
//            (pointRadius / pointStyle: one value or one per point)
//   markers: [{ axis: 'x' | 'y', value, label }] dashed reference lines with a short label
import { Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip } from 'chart.js';
import { h } from '../ui/dom.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

/** Okabe–Ito colours (colour-blind safe), the same order as line.js. */
export const XY_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#1b1f24', '#8a8f98'];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const MARKER_COLOUR = '#3d4651';

/** Which log-axis ticks get a label: every tick within a decade, 1-2-5 over a few decades, else powers of 10. */
export function logTickLabelled(value, min, max) {
  if (!(value > 0)) return false;
  const span = Math.log10(max / min);
  if (span <= 1) return true;
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  const near = (k) => Math.abs(mantissa - k) < 1e-6 * k;
  return span <= 2.5 ? near(1) || near(2) || near(5) : near(1);
}

// Draws the markers after the datasets: dashed lines across the plot area, labels staggered so they do
// not overlap (vertical markers: rows along the top; horizontal ones: above the line at the left).
const markerPlugin = {
  id: 'peMarkers',
  afterDatasetsDraw(chart, _args, options) {
    const list = options?.list ?? [];
    if (!list.length) return;
    const { ctx, chartArea: a, scales } = chart;
    ctx.save();
    ctx.font = `11px ${FONT}`;
    ctx.textBaseline = 'alphabetic';
    const rows = [];   // per row: occupied [left, right] spans for vertical-marker labels
    for (const m of list) {
      const scale = m.axis === 'y' ? scales.y : scales.x;
      const px = scale.getPixelForValue(m.value);
      if (!Number.isFinite(px)) continue;
      const inside = m.axis === 'y' ? px >= a.top - 0.5 && px <= a.bottom + 0.5 : px >= a.left - 0.5 && px <= a.right + 0.5;
      if (!inside) continue;
      ctx.strokeStyle = m.colour ?? MARKER_COLOUR;
      ctx.fillStyle = m.colour ?? MARKER_COLOUR;
      ctx.lineWidth = 1.25;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      if (m.axis === 'y') { ctx.moveTo(a.left, px); ctx.lineTo(a.right, px); } else { ctx.moveTo(px, a.top); ctx.lineTo(px, a.bottom); }
      ctx.stroke();
      ctx.setLineDash([]);
      if (!m.label) continue;
      const w = ctx.measureText(m.label).width;
      if (m.axis === 'y') {
        const right = m.align === 'right';
        ctx.textAlign = right ? 'right' : 'left';
        ctx.fillText(m.label, right ? a.right - 4 : a.left + 4, px - 4 < a.top + 10 ? px + 13 : px - 4);
      } else {
        const flip = px + 4 + w > a.right;
        const left = flip ? px - 4 - w : px + 4;
        let row = rows.findIndex((spans) => spans.every(([l, r]) => left + w + 6 < l || left > r + 6));

        if (row < 0) { rows.push([]); row = rows.length - 1; }
        rows[row].push([left, left + w]);
        ctx.textAlign = 'left';
        // Two rows in the padding above the plot area, any further ones just inside it.
        const y = row < 2 ? a.top - 6 - row * 13 : a.top + 12 + (row - 2) * 14;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.fillRect(left - 2, y - 10, w + 4, 13);
        ctx.fillStyle = m.colour ?? MARKER_COLOUR;
        ctx.fillText(m.label, left, y);
      }
    }
    ctx.restore();
  },
};

/** A PNG title broken into lines that fit `width` pixels at the title font (words kept whole). */
function titleLines(title, width) {
  if (!title) return [];
  const g = document.createElement('canvas').getContext('2d');
  g.font = `600 15px ${FONT}`;
  const lines = [];
  let line = '';
  for (const word of title.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && g.measureText(next).width > width) { lines.push(line); line = word; } else line = next;
  }
  lines.push(line);
  return lines;
}

/** Room above the plot area for the labels of vertical markers. */
const topPadding = (markers) => (markers.some((m) => m.axis !== 'y' && m.label) ? 30 : 6);

export function createXYChart(container, options = {}) {
  let opts = { xLabel: '', yLabel: '', xLog: false, yLog: false, ariaLabel: '', locale: 'en-US', format: (v) => String(v), height: null, ...options };
  const canvas = h('canvas', { role: 'img' });
  const element = h('div', { class: 'line-chart xy-chart', style: opts.height ? { height: opts.height } : null }, canvas);
  container.append(element);
  let chart = null;
  let data = null;     // the last update's argument

  function axis(which, title, log, bounds, format) {
    const tickCallback = log
      ? function tick(v) { return logTickLabelled(v, this.min, this.max) ? format(v) : ''; }
      : (v) => format(v);
    return {
      type: log ? 'logarithmic' : 'linear',
      ...bounds,
      title: { display: Boolean(title), text: title, color: '#3d4651', font: { family: FONT, size: 12 } },
      grid: { color: (c) => (log && c.tick && !logTickLabelled(c.tick.value, c.scale.min, c.scale.max) ? '#f3f4f6' : '#e8eaed') },
      ticks: { color: '#5b6570', font: { family: FONT, size: 11 }, callback: tickCallback, maxTicksLimit: log ? undefined : which === 'x' ? 9 : 8, autoSkip: !log },
      border: { color: '#9aa3ad' },
    };
  }

  function scales(text) {
    const xf = text.xFormat ?? text.format, yf = text.yFormat ?? text.format;
    return {
      x: axis('x', text.xLabel, text.xLog, { min: data?.xMin, max: data?.xMax }, xf),
      y: axis('y', text.yLabel, text.yLog, { min: data?.yMin, max: data?.yMax }, yf),
    };
  }

  function toDatasets(d) {
    return d.series.map((s, k) => {
      const colour = s.colour ?? XY_COLOURS[k % XY_COLOURS.length];
      const points = [];
      for (let i = 0; i < s.x.length; i++) {
        let y = s.y[i];
        if (opts.yLog && !(y > 0)) y = null;
        if (opts.xLog && !(s.x[i] > 0)) continue;
        points.push({ x: s.x[i], y });
      }
      const few = points.length <= 40;
      return {
        label: s.label,
        data: points,
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: s.borderWidth ?? 1.75,
        borderDash: s.dash ? [6, 4] : [],
        stepped: s.stepped ?? false,
        showLine: s.showLine ?? true,
        pointRadius: s.pointRadius ?? (few ? 2 : 0),
        pointHoverRadius: 4,
        pointStyle: s.pointStyle ?? 'circle',
        tension: 0,
        spanGaps: false,
      };
    });
  }

  function renderText() {
    canvas.setAttribute('aria-label', opts.ariaLabel);
    if (!chart) return;
    chart.options.locale = opts.locale;
    chart.options.scales = scales(opts);
    chart.update('none');
  }

  function create(datasets, markers) {
    chart = new Chart(canvas, {
      type: 'line',
      data: { datasets },
      plugins: [markerPlugin],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        locale: opts.locale,
        interaction: { mode: 'nearest', axis: 'xy', intersect: false },
        layout: { padding: { top: topPadding(markers) } },
        scales: scales(opts),
        plugins: {
          peMarkers: { list: markers },
          legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2, color: '#1b1f24', font: { family: FONT, size: 12 } } },
          tooltip: { callbacks: {
            label: (c) => `${c.dataset.label}: ${(opts.yFormat ?? opts.format)(c.parsed.y)}`,
            title: (items) => `${opts.xLabel} ${(opts.xFormat ?? opts.format)(items[0]?.parsed.x)}`,
          } },
        },
      },
    });
  }

  return {
    element,
    canvas,
    update(next) {
      data = next;
      const datasets = toDatasets(next);
      const markers = next.markers ?? [];
      if (!chart) create(datasets, markers);
      else { chart.data.datasets = datasets; chart.options.plugins.peMarkers = { list: markers }; chart.options.layout.padding.top = topPadding(markers); }
      renderText();
    },
    setText(text) { opts = { ...opts, ...text }; renderText(); },
    /** Renders once more at 2× with the given (English) texts, copies it under a title on white, then restores. */
    toPNG({ title = '', xLabel = opts.xLabel, yLabel = opts.yLabel, seriesLabels, markers, format = (v) => String(v) } = {}) {
      if (!chart) return Promise.reject(new Error('xy chart: nothing drawn yet'));
      const saved = { opts, labels: chart.data.datasets.map((d) => d.label), markers: chart.options.plugins.peMarkers, dpr: chart.options.devicePixelRatio };
      const w = chart.width, hgt = chart.height;
      let out;
      try {
        opts = { ...opts, xLabel, yLabel, locale: 'en-US', format, xFormat: format, yFormat: format };
        if (seriesLabels) chart.data.datasets.forEach((d, i) => { d.label = seriesLabels[i] ?? d.label; });
        if (markers) chart.options.plugins.peMarkers = { list: markers };
        chart.options.devicePixelRatio = 2;
        chart.options.locale = 'en-US';
        chart.options.scales = scales(opts);
        chart.resize(w, hgt);
        chart.update('none');
        const pad = 12;
        const lines = titleLines(title, w);
        const top = lines.length ? 18 + lines.length * 20 : 8;
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
        lines.forEach((line, i) => g.fillText(line, pad, 22 + i * 20));
        g.drawImage(chart.canvas, pad, top, w, hgt);
      } finally {
        opts = saved.opts;
        chart.data.datasets.forEach((d, i) => { d.label = saved.labels[i]; });
        chart.options.plugins.peMarkers = saved.markers;
        chart.options.devicePixelRatio = saved.dpr;
        chart.resize();
        renderText();
      }
      return new Promise((resolve, reject) =>
        out.toBlob((b) => (b ? resolve(b) : reject(new Error('xy chart: PNG encoding failed'))), 'image/png'));
    },
    destroy() { chart?.destroy(); chart = null; element.remove(); },
  };
}

/**
 * One PNG from several PNG blobs laid out in a grid (row-major, `columns` wide) under a title, on white:
 * e.g. the attention maps of every method in one file.
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
