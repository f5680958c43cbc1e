import type { PriceCandles } from '../../engine/report/aggregatePriceCandles.ts';
import type { RenderableReport } from './renderableReport.ts';
import { escapeHtml } from './escapeHtml.ts';
import { formatDurationMs, formatInteger, formatTime } from './formatNumbers.ts';
import { MAX_MARKED_TRADES, type ReportChartData } from './reportChartData.ts';

/** A stretch of time an account spent HALTED: why the equity curve runs flat there. */
export interface HaltedPeriod {
  account: string;
  fromTime: string;
  /** Undefined: still halted when the data ended. */
  toTime?: string;
  trigger: string;
}

/** Each HALTED stretch of each account, from the run's trading-state changes. */
export function haltedPeriods(report: RenderableReport): HaltedPeriod[] {
  const periods: HaltedPeriod[] = [];
  const open = new Map<string, HaltedPeriod>();
  for (const change of report.risk?.stateChanges ?? []) {
    const account = change.account ?? '';
    if (change.to === 'HALTED' && !open.has(account)) {
      const period: HaltedPeriod = { account, fromTime: change.time, trigger: change.trigger };
      open.set(account, period);
      periods.push(period);
    } else if (change.from === 'HALTED' && change.to !== 'HALTED') {
      const period = open.get(account);
      if (period !== undefined) period.toTime = change.time;
      open.delete(account);
    }
  }
  return periods;
}

function haltedNotes(report: RenderableReport): string {
  return haltedPeriods(report)
    .map((period) => {
      const endMs = Date.parse(period.toTime ?? report.meta.to);
      const duration = formatDurationMs(endMs - Date.parse(period.fromTime));
      const until = period.toTime === undefined ? `the end of the data (${duration})` : `${formatTime(period.toTime)} UTC (${duration})`;
      const who = period.account === '' || period.account === '*' ? 'Trading' : `Account ${period.account}`;
      return `<p class="note halted">${escapeHtml(`${who} was HALTED (${period.trigger}) from ${formatTime(period.fromTime)} UTC to ${until}: no new positions were opened, so the equity curve runs flat there.`)}</p>`;
    })
    .join('\n');
}

function priceFigure(candles: PriceCandles, chart: ReportChartData['prices'][number], tradeCount: number): string {
  const aggregated =
    candles.intervalMs !== candles.sourceIntervalMs
      ? ` Downsampled to keep the report small: ${formatInteger(candles.timeMs.length)} candles of ${formatDurationMs(candles.intervalMs)}, each aggregating the ${formatDurationMs(candles.sourceIntervalMs)} bars it spans (${formatInteger(candles.sourceBars)} bars in the data); markers sit on the candle that holds their bar.`
      : '';
  const capped = tradeCount > MAX_MARKED_TRADES ? ` Markers show the first ${formatInteger(MAX_MARKED_TRADES)} of ${formatInteger(tradeCount)} trades.` : '';
  return `<figure>
<figcaption>${escapeHtml(chart.title)}: ${escapeHtml(formatInteger(tradeCount))} trades</figcaption>
<div class="chart price-chart" id="${escapeHtml(chart.id)}"></div>
<p class="note">Green arrow up: long entry · red arrow down: short entry · grey circle: exit · orange square: stop · black square: liquidation.${escapeHtml(aggregated + capped)}</p>
</figure>`;
}

/** Equity with drawdown, contribution by sleeve and each sleeve's price with its trades; drawn in the page by lightweight-charts. */
export function renderChartsSection(report: RenderableReport, prices: readonly PriceCandles[], chartData: ReportChartData): string {
  const thinned =
    chartData.equity.time.length < report.equity.length
      ? `<p class="note">The equity chart draws ${escapeHtml(formatInteger(chartData.equity.time.length))} of the curve's ${escapeHtml(formatInteger(report.equity.length))} points, keeping each stretch's highest and lowest, so no drawdown is hidden.</p>`
      : '';
  const priceFigures = prices.map((candles, index) =>
    priceFigure(candles, chartData.prices[index], report.trades.filter((trade) => trade.sleeve === candles.sleeve).length),
  );
  return `<section id="charts"><h2>Equity and drawdown</h2>
<p class="note">Scroll or drag to zoom and pan; the crosshair reads values. Markers show trading-state changes (HALTED, REDUCING, ACTIVE).</p>
${haltedNotes(report)}
<figure><div class="chart equity-chart" id="chart-equity"></div></figure>
${thinned}
<h2>Contribution by sleeve (% of initial capital)</h2>
<figure><div class="chart" id="chart-contribution"></div></figure>
${priceFigures.length > 0 ? `<h2>Prices and trades</h2>\n${priceFigures.join('\n')}` : ''}
</section>`;
}
