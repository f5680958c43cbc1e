import type { RenderableReport } from './renderableReport.ts';
import { formatPct, formatTick } from './formatNumbers.ts';
import { svgBarChart } from './svgBarChart.ts';
import { svgLineChart } from './svgLineChart.ts';

export interface ReportCharts {
  equity: string;
  drawdown: string;
  contribution: string;
  contributionBars: string;
}

const percentTick = (value: number, stepSize: number): string => `${formatTick(value, stepSize)}%`;

/** The report's four charts as inline SVG, all on the equity samples' time axis. */
export function renderReportCharts(report: RenderableReport): ReportCharts {
  const timesMs = report.equity.map((point) => Date.parse(point.time));
  const paddingMs = report.meta.barIntervalMs > 0 ? report.meta.barIntervalMs : undefined;
  const equity = svgLineChart({
    id: 'chart-equity',
    title: `Equity (${report.meta.currency})`,
    series: [{ label: 'Equity', xs: timesMs, ys: report.equity.map((point) => point.equity) }],
    referenceLines: [{ y: report.meta.initialCapital, label: 'initial capital' }],
    singlePointPaddingMs: paddingMs,
  });
  // Drawn underwater whatever sign the engine uses for drawdown: depth below the peak points down.
  const drawdown = svgLineChart({
    id: 'chart-drawdown',
    title: 'Drawdown from peak (%)',
    series: [{ label: 'Drawdown', color: '#c62828', xs: timesMs, ys: report.equity.map((point) => -Math.abs(point.drawdownPct)), fillToZero: true }],
    formatY: percentTick,
    includeZero: true,
    heightPx: 240,
    singlePointPaddingMs: paddingMs,
  });
  const contribution = svgLineChart({
    id: 'chart-contribution',
    title: 'Contribution by sleeve (% of initial capital)',
    series: report.sleeves.map((sleeve) => ({
      label: `${sleeve.name} (${sleeve.symbol})`,
      xs: timesMs.slice(0, sleeve.contributionCurve.length),
      ys: sleeve.contributionCurve.slice(0, timesMs.length),
    })),
    formatY: percentTick,
    includeZero: true,
    singlePointPaddingMs: paddingMs,
  });
  const contributionBars = svgBarChart({
    id: 'chart-contribution-final',
    title: 'Final contribution by sleeve (% of initial capital)',
    bars: report.sleeves.map((sleeve) => ({ label: sleeve.name, value: sleeve.contributionPct })),
    formatValue: (value) => formatPct(value, { signed: true }),
    formatTickLabel: percentTick,
  });
  return { equity, drawdown, contribution, contributionBars };
}
