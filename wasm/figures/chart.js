// wasm/figures/chart.js — Chart.js 4 line/scatter charts: one builder of the Chart.js configuration (datasets
// with per-series x, linear or log axes, steps, dashes, point marks, bands filled between two series, series
// left out of the legend, labelled dashed reference lines) used by
// the PNG figure here and by the page's interactive chart (web/charts/chart.js), and the chart figure itself:
// a wrapped title over a chart drawn at the figure's scale on any canvas (BasicPlatform: no DOM needed).
// Leaves out: tooltips and resizing (the page adds them), input checks (index.js).
import {
  Chart, BasicPlatform, LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Filler,
} from 'chart.js';
import { FONT_FAMILY } from './canvas.js';
import { INK, MUTED, FRAME, formatTick, wrapLines, titleHeight, drawTitle, TITLE_FONT } from './text.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Filler);

/** Okabe–Ito colours (colour-blind safe), in order. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#1b1f24', '#8a8f98'];
const MARKER_COLOUR = '#3d4651';

const SUPERSCRIPT = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '-': '⁻' };
/** "10⁻⁶" for k = −6 (locale-neutral). */
export function powerOfTen(k) {
  return `10${[...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

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
// (chartjs-plugin-annotation draws the lines too but leaves overlapping labels of nearby markers overlapping.)
const markerPlugin = {
  id: 'peMarkers',
  afterDatasetsDraw(chart, _args, options) {
    const list = options?.list ?? [];
    if (!list.length) return;
    const { ctx, chartArea: a, scales } = chart;
    ctx.save();
    ctx.font = `11px ${options.family ?? FONT_FAMILY}`;
    ctx.textBaseline = 'alphabetic';
    const rows = [];   // per row: occupied [left, right] spans for vertical-marker labels
    for (const m of list) {
      const px = (m.axis === 'y' ? scales.y : scales.x).getPixelForValue(m.value);
      if (!Number.isFinite(px)) continue;
      const inside = m.axis === 'y' ? px >= a.top - 0.5 && px <= a.bottom + 0.5 : px >= a.left - 0.5 && px <= a.right + 0.5;
      if (!inside) continue;
      const colour = m.colour ?? MARKER_COLOUR;
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
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
        continue;
      }
      const left = px + 4 + w > a.right ? px - 4 - w : px + 4;
      let row = rows.findIndex((spans) => spans.every(([l, r]) => left + w + 6 < l || left > r + 6));
      if (row < 0) { rows.push([]); row = rows.length - 1; }
      rows[row].push([left, left + w]);
      ctx.textAlign = 'left';
      // Two rows in the padding above the plot area, any further ones just inside it.
      const y = row < 2 ? a.top - 6 - row * 13 : a.top + 12 + (row - 2) * 14;
      ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.fillRect(left - 2, y - 10, w + 4, 13);
      ctx.fillStyle = colour;
      ctx.fillText(m.label, left, y);
    }
    ctx.restore();
  },
};

/** Room above the plot area for the labels of vertical markers. */
const topPadding = (markers) => (markers.some((m) => m.axis !== 'y' && m.label) ? 30 : 6);

/** Chart.js points of one series: y gaps (null) where not finite or ≤ 0 on a log axis; x ≤ 0 dropped on a log axis. */
function points(s, xLog, yLog) {
  const out = [];
  for (let i = 0; i < s.x.length; i++) {
    let y = s.y[i];
    if (y === null || y === undefined || !Number.isFinite(y) || (yLog && !(y > 0))) y = null;
    if (xLog && !(s.x[i] > 0)) continue;
    out.push({ x: s.x[i], y });
  }
  return out;
}

/** A hex colour #rrggbb at 20% opacity (a band's default fill); other colour strings are used as they are. */
const translucent = (c) => (/^#[0-9a-f]{6}$/i.test(c) ? `${c}33` : c);

/**
 * Chart.js datasets for series [{ label, x, y, dash? (true or [on, off] px), stepped?, showLine?, pointRadius?,
 * pointStyle? (one value or one per point), colour?, width?, fillTo? (index of the series to fill the area up to:
 * a band between two series, e.g. a seed min–max), fillColour? (default: colour at 20%), legend? (false: left out
 * of the legend) }].
 */
export function toDatasets(series, { xLog = false, yLog = false } = {}) {
  return series.map((s, k) => {
    const colour = s.colour ?? SERIES_COLOURS[k % SERIES_COLOURS.length];
    const data = points(s, xLog, yLog);
    const style = s.pointStyle ?? 'circle';
    return {
      label: s.label ?? '',
      data,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: s.width ?? s.borderWidth ?? 1.75,   // borderWidth: the first xy.js name
      borderDash: Array.isArray(s.dash) ? s.dash : s.dash ? [6, 4] : [],
      stepped: s.stepped ?? false,
      showLine: s.showLine ?? true,
      pointRadius: s.pointRadius ?? (data.length <= 40 ? 2 : 0),
      pointHoverRadius: 4,
      pointStyle: style,
      pointBackgroundColor: typeof style === 'string' && style !== 'circle' ? 'transparent' : colour,
      tension: 0,
      spanGaps: false,
      fill: s.fillTo ?? false,
      ...(s.fillTo !== undefined ? { backgroundColor: s.fillColour ?? translucent(colour) } : {}),
      peLegend: s.legend !== false,
    };
  });
}

/** Whole decades around the finite positive y values of the datasets (log y axis without given bounds). */
function decadeBounds(datasets) {
  let lo = Infinity, hi = -Infinity;
  for (const d of datasets) for (const p of d.data) if (p.y !== null) { lo = Math.min(lo, p.y); hi = Math.max(hi, p.y); }
  return lo <= hi ? { min: 10 ** Math.floor(Math.log10(lo)), max: 10 ** Math.ceil(Math.log10(hi)) } : {};
}

function axis(which, title, log, bounds, format, family) {
  const tick = log
    ? function logTick(v) {
      if (!logTickLabelled(v, this.min, this.max)) return '';
      const k = Math.log10(v);
      return Math.log10(this.max / this.min) > 2.5 && Math.abs(k - Math.round(k)) < 1e-9 ? powerOfTen(Math.round(k)) : format(v);
    }
    : (v) => format(v);
  return {
    type: log ? 'logarithmic' : 'linear',
    ...bounds,
    title: { display: Boolean(title), text: title, color: '#3d4651', font: { family, size: 12 } },
    grid: { color: (c) => (log && c.tick && !logTickLabelled(c.tick.value, c.scale.min, c.scale.max) ? '#f3f4f6' : '#e8eaed') },
    ticks: { color: MUTED, font: { family, size: 11 }, callback: tick, maxTicksLimit: log ? undefined : which === 'x' ? 9 : 8, autoSkip: !log, maxRotation: log ? 0 : 50 },
    border: { color: FRAME },
  };
}

/** The scales of a chart spec { xLabel, yLabel, xLog, yLog, xMin, xMax, yMin, yMax } given its datasets. */
export function chartScales(spec, datasets, { family = FONT_FAMILY, format = formatTick, xFormat = format, yFormat = format } = {}) {
  const yBounds = spec.yLog && spec.yMin === undefined && spec.yMax === undefined ? decadeBounds(datasets) : { min: spec.yMin, max: spec.yMax };
  return {
    x: axis('x', spec.xLabel ?? '', spec.xLog, { min: spec.xMin, max: spec.xMax }, xFormat, family),
    y: axis('y', spec.yLabel ?? '', spec.yLog, yBounds, yFormat, family),
  };
}

/**
 * The Chart.js configuration of a chart spec { xLabel, yLabel, xLog?, yLog?, series, markers?, xMin?, xMax?, yMin?, yMax? }.
 * options: { family, locale, format, xFormat, yFormat, devicePixelRatio, interaction } (page: its font, locale
 * and tooltip mode; PNG: DejaVu Sans, en-US, neutral numbers).
 */
export function chartConfig(spec, options = {}) {
  const { family = FONT_FAMILY, locale = 'en-US', devicePixelRatio, interaction = { mode: 'nearest', axis: 'xy', intersect: false } } = options;
  const datasets = toDatasets(spec.series, spec);
  const markers = spec.markers ?? [];
  return {
    type: 'line',
    data: { datasets },
    plugins: [markerPlugin],
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      locale,
      ...(devicePixelRatio ? { devicePixelRatio } : {}),
      interaction,
      layout: { padding: { top: topPadding(markers) } },
      scales: chartScales(spec, datasets, options),
      plugins: {
        peMarkers: { list: markers, family },
        legend: {
          display: spec.series.some((s) => s.label && s.legend !== false),
          position: 'bottom',
          labels: { boxWidth: 14, boxHeight: 2, color: INK, font: { family, size: 12 },
            filter: (item, data) => data.datasets[item.datasetIndex]?.peLegend !== false },
        },
      },
    },
  };
}

/** Chart figure (CSS px = PNG px / env.scale): spec of chartPng. */
export function chartFigure(spec, env) {
  const width = Math.round((spec.width ?? 1280) / env.scale), height = Math.round((spec.height ?? 800) / env.scale);
  const pad = 12;
  const titleLines = wrapLines(env.measure, spec.title ?? '', width - 2 * pad, TITLE_FONT);
  const top = titleHeight(titleLines);
  const cw = width - 2 * pad, ch = height - top - pad;
  function draw(g) {
    drawTitle(g, titleLines, pad);
    const canvas = env.createCanvas(cw, ch);
    const config = chartConfig(spec, { devicePixelRatio: env.scale, format: spec.format, xFormat: spec.xFormat, yFormat: spec.yFormat });
    config.platform = BasicPlatform;
    Object.assign(config.options, { responsive: false, maintainAspectRatio: false });
    const chart = new Chart(canvas, config);
    try { g.drawImage(canvas, pad, top, cw, ch); } finally { chart.destroy(); }
  }
  return { width, height, draw };
}
