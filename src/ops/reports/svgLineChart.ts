import { CHART_FONT_PX, SERIES_COLORS, estimateTextWidthPx, px } from './chartStyle.ts';
import { dateTicks, formatDateTick } from './dateTicks.ts';
import { downsampleMinMax, type XYSeries } from './downsampleMinMax.ts';
import { escapeHtml } from './escapeHtml.ts';
import { formatTick } from './formatNumbers.ts';
import { niceTicks } from './niceTicks.ts';

export interface LineSeries {
  label: string;
  /** CSS colour; defaults to the palette colour for the series' position. */
  color?: string;
  /** Times in epoch milliseconds, ascending. */
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** Shade the area between the line and zero (the underwater drawdown look). */
  fillToZero?: boolean;
}

export interface LineChartOptions {
  /** Element id, also used to tie the accessible title to the chart. */
  id: string;
  title: string;
  series: LineSeries[];
  widthPx?: number;
  heightPx?: number;
  /** Y tick label; receives the tick step so decimals can follow it. */
  formatY?: (value: number, stepSize: number) => string;
  /** Dashed horizontal guides, such as the initial capital. */
  referenceLines?: Array<{ y: number; label: string }>;
  /** Keep zero inside the y range (drawdown, contribution). */
  includeZero?: boolean;
  /** Points kept per series after min/max downsampling. */
  maxPointsPerSeries?: number;
  /** Half-width of the time axis when all points share one time (a one-bar run). */
  singlePointPaddingMs?: number;
}

const RIGHT_MARGIN_PX = 24;
const BOTTOM_MARGIN_PX = 34;
const TITLE_ROW_PX = 24;
const LEGEND_ROW_PX = 18;
const MIN_X_TICK_GAP_PX = 24;

interface LegendLayout {
  markup: string;
  heightPx: number;
}

function layoutLegend(series: Array<{ label: string; color: string }>, topPx: number, leftPx: number, maxWidthPx: number): LegendLayout {
  if (series.length < 2) return { markup: '', heightPx: 0 };
  const items: string[] = [];
  let xPx = leftPx;
  let row = 0;
  for (const entry of series) {
    const itemWidthPx = 22 + estimateTextWidthPx(entry.label) + 18;
    if (xPx + itemWidthPx > leftPx + maxWidthPx && xPx > leftPx) {
      row += 1;
      xPx = leftPx;
    }
    const yPx = topPx + row * LEGEND_ROW_PX;
    items.push(
      `<g class="legend-item"><rect x="${px(xPx)}" y="${px(yPx - 9)}" width="16" height="4" rx="1" fill="${escapeHtml(entry.color)}"/>` +
        `<text x="${px(xPx + 22)}" y="${px(yPx - 3)}">${escapeHtml(entry.label)}</text></g>`,
    );
    xPx += itemWidthPx;
  }
  return { markup: `<g class="legend">${items.join('')}</g>`, heightPx: (row + 1) * LEGEND_ROW_PX };
}

function pathFor(series: XYSeries, toX: (x: number) => number, toY: (y: number) => number): string {
  let d = '';
  for (let index = 0; index < series.xs.length; index++) {
    d += `${index === 0 ? 'M' : 'L'}${px(toX(series.xs[index]))},${px(toY(series.ys[index]))}`;
  }
  return d;
}

/**
 * A time-series line chart as a standalone inline `<svg>`: nice y ticks, UTC date ticks, a legend
 * when there is more than one series, every series min/max-downsampled. No scripts, no external
 * references, all text escaped.
 */
export function svgLineChart(options: LineChartOptions): string {
  const widthPx = options.widthPx ?? 1100;
  const heightPx = options.heightPx ?? 320;
  const formatY = options.formatY ?? formatTick;
  const maxPoints = options.maxPointsPerSeries ?? 2000;
  const colored = options.series.map((series, index) => ({ ...series, color: series.color ?? SERIES_COLORS[index % SERIES_COLORS.length] }));
  const sampled = colored.map((series) => downsampleMinMax(series.xs, series.ys, maxPoints));

  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const series of sampled) {
    for (let index = 0; index < series.xs.length; index++) {
      xMin = Math.min(xMin, series.xs[index]);
      xMax = Math.max(xMax, series.xs[index]);
      yMin = Math.min(yMin, series.ys[index]);
      yMax = Math.max(yMax, series.ys[index]);
    }
  }
  const hasData = Number.isFinite(xMin);
  for (const line of options.referenceLines ?? []) {
    if (!Number.isFinite(line.y) || !hasData) continue;
    yMin = Math.min(yMin, line.y);
    yMax = Math.max(yMax, line.y);
  }
  if (options.includeZero === true || !hasData) {
    yMin = Math.min(hasData ? yMin : 0, 0);
    yMax = Math.max(hasData ? yMax : 0, 0);
  }
  if (!hasData) {
    xMin = 0;
    xMax = 1;
  } else if (xMax === xMin) {
    const paddingMs = options.singlePointPaddingMs ?? 3_600_000;
    xMin -= paddingMs;
    xMax += paddingMs;
  }

  const yTicks = niceTicks(yMin, yMax, Math.max(3, Math.round(heightPx / 55)));
  const yLabels = yTicks.ticks.map((tick) => formatY(tick, yTicks.stepSize));
  const leftPx = Math.ceil(Math.max(40, ...yLabels.map(estimateTextWidthPx)) + 14);
  const plotWidthPx = widthPx - leftPx - RIGHT_MARGIN_PX;
  const legend = layoutLegend(colored, TITLE_ROW_PX + LEGEND_ROW_PX, leftPx, plotWidthPx);
  const topPx = TITLE_ROW_PX + legend.heightPx + 10;
  const bottomPx = heightPx - BOTTOM_MARGIN_PX;
  const rightPx = widthPx - RIGHT_MARGIN_PX;
  const toX = (x: number): number => leftPx + ((x - xMin) / (xMax - xMin)) * plotWidthPx;
  const toY = (y: number): number => bottomPx - ((y - yTicks.domainMin) / (yTicks.domainMax - yTicks.domainMin)) * (bottomPx - topPx);

  const parts: string[] = [];
  const titleId = `${options.id}-title`;
  parts.push(
    `<svg class="chart" id="${escapeHtml(options.id)}" viewBox="0 0 ${widthPx} ${heightPx}" width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="${escapeHtml(titleId)}" font-size="${CHART_FONT_PX}">`,
    `<title id="${escapeHtml(titleId)}">${escapeHtml(options.title)}</title>`,
    `<text class="chart-title" x="${leftPx}" y="17">${escapeHtml(options.title)}</text>`,
    legend.markup,
  );

  // Y grid and labels.
  yTicks.ticks.forEach((tick, index) => {
    const yPx = px(toY(tick));
    parts.push(`<line class="${tick === 0 ? 'zero' : 'grid'}" x1="${leftPx}" x2="${rightPx}" y1="${yPx}" y2="${yPx}"/>`);
    parts.push(`<text class="tick" x="${leftPx - 8}" y="${yPx}" text-anchor="end" dominant-baseline="middle">${escapeHtml(yLabels[index])}</text>`);
  });

  // X ticks: dates need about 80 px ('2024-03-05') or 120 px ('2024-03-05 14:00') each.
  let xTicks = dateTicks(xMin, xMax, Math.max(2, Math.floor(plotWidthPx / 110)));
  const minuteLabelWidthPx = estimateTextWidthPx('2024-03-05 14:00') + MIN_X_TICK_GAP_PX;
  if (xTicks.unit === 'minute' && xTicks.ticksMs.length * minuteLabelWidthPx > plotWidthPx) {
    xTicks = dateTicks(xMin, xMax, Math.max(2, Math.floor(plotWidthPx / minuteLabelWidthPx)));
  }
  for (const tickMs of hasData ? xTicks.ticksMs : []) {
    const xPx = toX(tickMs);
    const label = formatDateTick(tickMs, xTicks.unit);
    const halfLabelPx = estimateTextWidthPx(label) / 2;
    // Keep edge labels inside the drawing instead of letting the viewBox clip them.
    const labelXPx = Math.min(widthPx - halfLabelPx - 2, Math.max(halfLabelPx + 2, xPx));
    parts.push(`<line class="tick-mark" x1="${px(xPx)}" x2="${px(xPx)}" y1="${bottomPx}" y2="${bottomPx + 5}"/>`);
    parts.push(`<text class="tick" x="${px(labelXPx)}" y="${bottomPx + 19}" text-anchor="middle">${escapeHtml(label)}</text>`);
  }

  for (const line of hasData ? (options.referenceLines ?? []) : []) {
    if (!Number.isFinite(line.y)) continue;
    const yPx = px(toY(line.y));
    parts.push(`<line class="reference" x1="${leftPx}" x2="${rightPx}" y1="${yPx}" y2="${yPx}"/>`);
    parts.push(`<text class="reference-label" x="${rightPx - 4}" y="${px(toY(line.y) - 5)}" text-anchor="end">${escapeHtml(line.label)}</text>`);
  }

  sampled.forEach((series, index) => {
    const color = escapeHtml(colored[index].color);
    if (series.xs.length === 0) return;
    if (series.xs.length === 1) {
      parts.push(`<circle cx="${px(toX(series.xs[0]))}" cy="${px(toY(series.ys[0]))}" r="3.5" fill="${color}"/>`);
      return;
    }
    const d = pathFor(series, toX, toY);
    if (colored[index].fillToZero === true) {
      const zeroPx = px(toY(Math.min(yTicks.domainMax, Math.max(yTicks.domainMin, 0))));
      const area = `${d}L${px(toX(series.xs[series.xs.length - 1]))},${zeroPx}L${px(toX(series.xs[0]))},${zeroPx}Z`;
      parts.push(`<path class="area" d="${area}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
    }
    parts.push(`<path class="line" d="${d}" fill="none" stroke="${color}" stroke-width="1.5" stroke-linejoin="round"/>`);
  });

  parts.push(`<line class="axis" x1="${leftPx}" x2="${leftPx}" y1="${topPx}" y2="${bottomPx}"/>`);
  parts.push(`<line class="axis" x1="${leftPx}" x2="${rightPx}" y1="${bottomPx}" y2="${bottomPx}"/>`);
  if (!hasData) {
    parts.push(`<text class="empty" x="${px(leftPx + plotWidthPx / 2)}" y="${px((topPx + bottomPx) / 2)}" text-anchor="middle">No data</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
