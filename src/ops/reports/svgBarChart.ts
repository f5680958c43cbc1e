import { CHART_FONT_PX, NEGATIVE_COLOR, POSITIVE_COLOR, estimateTextWidthPx, px } from './chartStyle.ts';
import { escapeHtml } from './escapeHtml.ts';
import { MISSING, formatTick } from './formatNumbers.ts';
import { niceTicks } from './niceTicks.ts';

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  id: string;
  title: string;
  bars: Bar[];
  widthPx?: number;
  /** Label printed at the end of each bar. */
  formatValue: (value: number) => string;
  /** Axis tick label; receives the tick step. */
  formatTickLabel?: (value: number, stepSize: number) => string;
}

const ROW_HEIGHT_PX = 26;
const TOP_PX = 34;
const AXIS_HEIGHT_PX = 30;
const MAX_LABEL_CHARS = 32;
const VALUE_LABEL_ROOM_PX = 84;

function shorten(label: string): string {
  const characters = [...label];
  return characters.length <= MAX_LABEL_CHARS ? label : `${characters.slice(0, MAX_LABEL_CHARS - 1).join('')}…`;
}

/**
 * Horizontal bars around a zero line, gains green and losses red, as an inline `<svg>`.
 * A non-finite value draws no bar and is labelled '—'.
 */
export function svgBarChart(options: BarChartOptions): string {
  const widthPx = options.widthPx ?? 1100;
  const formatTickLabel = options.formatTickLabel ?? formatTick;
  const finiteValues = options.bars.map((bar) => bar.value).filter(Number.isFinite);
  const ticks = niceTicks(Math.min(0, ...finiteValues), Math.max(0, ...finiteValues), 6);
  const labels = options.bars.map((bar) => shorten(bar.label));
  const labelColumnPx = Math.ceil(Math.max(60, ...labels.map(estimateTextWidthPx)) + 16);
  const plotLeftPx = labelColumnPx + VALUE_LABEL_ROOM_PX;
  const plotRightPx = widthPx - VALUE_LABEL_ROOM_PX;
  const rowsHeightPx = Math.max(1, options.bars.length) * ROW_HEIGHT_PX;
  const heightPx = TOP_PX + rowsHeightPx + AXIS_HEIGHT_PX;
  const axisYPx = TOP_PX + rowsHeightPx;
  const toX = (value: number): number => plotLeftPx + ((value - ticks.domainMin) / (ticks.domainMax - ticks.domainMin)) * (plotRightPx - plotLeftPx);
  const zeroXPx = toX(0);
  const titleId = `${options.id}-title`;

  const parts: string[] = [
    `<svg class="chart" id="${escapeHtml(options.id)}" viewBox="0 0 ${widthPx} ${heightPx}" width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="${escapeHtml(titleId)}" font-size="${CHART_FONT_PX}">`,
    `<title id="${escapeHtml(titleId)}">${escapeHtml(options.title)}</title>`,
    `<text class="chart-title" x="${plotLeftPx}" y="17">${escapeHtml(options.title)}</text>`,
  ];
  for (const tick of ticks.ticks) {
    const xPx = px(toX(tick));
    parts.push(`<line class="${tick === 0 ? 'zero' : 'grid'}" x1="${xPx}" x2="${xPx}" y1="${TOP_PX}" y2="${axisYPx}"/>`);
    parts.push(`<text class="tick" x="${xPx}" y="${axisYPx + 18}" text-anchor="middle">${escapeHtml(formatTickLabel(tick, ticks.stepSize))}</text>`);
  }
  options.bars.forEach((bar, index) => {
    const rowTopPx = TOP_PX + index * ROW_HEIGHT_PX;
    const centerYPx = px(rowTopPx + ROW_HEIGHT_PX / 2);
    parts.push(
      `<text class="bar-label" x="${labelColumnPx - 10}" y="${centerYPx}" text-anchor="end" dominant-baseline="middle"><title>${escapeHtml(bar.label)}</title>${escapeHtml(labels[index])}</text>`,
    );
    if (!Number.isFinite(bar.value)) {
      parts.push(`<text class="bar-value" x="${px(zeroXPx + 6)}" y="${centerYPx}" dominant-baseline="middle">${MISSING}</text>`);
      return;
    }
    const endXPx = toX(bar.value);
    const isLoss = bar.value < 0;
    parts.push(
      `<rect x="${px(Math.min(zeroXPx, endXPx))}" y="${px(rowTopPx + 5)}" width="${px(Math.max(1, Math.abs(endXPx - zeroXPx)))}" height="${ROW_HEIGHT_PX - 10}" fill="${isLoss ? NEGATIVE_COLOR : POSITIVE_COLOR}" rx="2"/>`,
    );
    parts.push(
      `<text class="bar-value" x="${px(isLoss ? endXPx - 6 : endXPx + 6)}" y="${centerYPx}" text-anchor="${isLoss ? 'end' : 'start'}" dominant-baseline="middle">${escapeHtml(options.formatValue(bar.value))}</text>`,
    );
  });
  parts.push(`<line class="axis" x1="${plotLeftPx}" x2="${plotRightPx}" y1="${axisYPx}" y2="${axisYPx}"/>`);
  parts.push('</svg>');
  return parts.join('');
}
