import type { PriceCandles } from '../../engine/report/aggregatePriceCandles.ts';
import { researchAccounts, researchNotice } from './researchLabel.ts';
import type { SleeveReport, TradeReport } from '../../engine/report/backtestReport.ts';
import type { RenderableReport } from './renderableReport.ts';
import { escapeHtml } from './escapeHtml.ts';
import {
  formatDurationMs,
  formatInteger,
  formatMoney,
  formatPaidOrReceived,
  formatPct,
  formatPrice,
  formatQuantity,
  formatRatio,
  formatTime,
} from './formatNumbers.ts';
import { htmlTable, signClass } from './htmlTable.ts';
import { REPORT_CSS } from './reportStyles.ts';
import { renderRiskSection } from './renderRiskSection.ts';
import { renderChartsSection } from './renderChartsSection.ts';
import { buildReportChartData } from './reportChartData.ts';
import { REPORT_CHART_SCRIPT } from './reportChartScript.ts';

export interface HtmlReportOptions {
  /** lightweight-charts' standalone production build, inlined so the page draws its charts offline. */
  readonly chartLibraryJs: string;
  /** Each sleeve's candles for its price chart (see aggregatePriceCandles); none: no price charts. */
  readonly prices: readonly PriceCandles[];
}

/** Trades beyond this are left out of the page: a browser table of 100k rows is unusable. */
export const MAX_TRADE_ROWS = 500;

interface MetricRow {
  label: string;
  value: string;
  sign?: number;
}

function metricRows(report: RenderableReport): [MetricRow[], MetricRow[]] {
  const { metrics, meta } = report;
  const drawdownDuration =
    Number.isFinite(metrics.maxDrawdownDurationBars) && meta.barIntervalMs > 0
      ? `${formatInteger(metrics.maxDrawdownDurationBars)} bars (${formatDurationMs(metrics.maxDrawdownDurationBars * meta.barIntervalMs)})`
      : `${formatInteger(metrics.maxDrawdownDurationBars)} bars`;
  const performance: MetricRow[] = [
    { label: 'Final equity', value: formatMoney(metrics.finalEquity, meta.currency) },
    { label: 'Total return', value: formatPct(metrics.totalReturnPct, { signed: true }), sign: metrics.totalReturnPct },
    { label: 'CAGR', value: formatPct(metrics.cagrPct, { signed: true }), sign: metrics.cagrPct },
    { label: 'Sharpe', value: formatRatio(metrics.sharpe) },
    { label: 'Sortino', value: formatRatio(metrics.sortino) },
    { label: 'Max drawdown', value: formatPct(Math.abs(metrics.maxDrawdownPct)) },
    { label: 'Max drawdown duration', value: drawdownDuration },
  ];
  const activity: MetricRow[] = [
    { label: 'Trades', value: formatInteger(metrics.trades) },
    { label: 'Win rate', value: formatPct(metrics.winRatePct) },
    { label: 'Profit factor', value: formatRatio(metrics.profitFactor) },
    { label: 'Exposure', value: formatPct(metrics.exposurePct) },
    { label: 'Fees', value: formatPaidOrReceived(metrics.feesPaid, meta.currency) },
    { label: 'Funding', value: formatPaidOrReceived(metrics.fundingPaid, meta.currency) },
    { label: 'Skipped orders', value: formatInteger(metrics.skippedOrders) },
    { label: 'Liquidations', value: formatInteger(metrics.liquidations) },
  ];
  return [performance, activity];
}

function metricsTable(rows: MetricRow[]): string {
  return htmlTable(rows, [
    { header: 'Metric', cell: (row) => row.label },
    { header: 'Value', cell: (row) => row.value, numeric: true, cellClass: (row) => (row.sign === undefined ? undefined : signClass(row.sign)) },
  ], 'kv');
}

function renderHeader(report: RenderableReport): string {
  const { meta } = report;
  const synthetic = meta.dataSources.filter((source) => source.synthetic);
  const banner =
    synthetic.length > 0
      ? `<div class="banner">SYNTHETIC DATA: ${escapeHtml(synthetic.map((source) => source.sleeve).join(', '))} ran on generated prices. These results say nothing about real markets.</div>`
      : '';
  const research = researchAccounts(report);
  const researchBanner = research.length > 0 ? `<div class="banner">${escapeHtml(researchNotice(research))}</div>` : '';
  const sources = htmlTable(meta.dataSources, [
    { header: 'Sleeve', cell: (source) => source.sleeve },
    { header: 'Candles', cell: (source) => source.source },
    { header: 'Kind', cell: (source) => (source.synthetic ? 'SYNTHETIC' : 'market data'), cellClass: (source) => (source.synthetic ? 'neg' : undefined) },
    { header: 'Funding rates', cell: (source) => source.funding ?? 'not recorded' },
    { header: 'Mark prices', cell: (source) => source.mark ?? 'not recorded' },
  ]);
  const stepNote = meta.equityStep > 1 ? `; the equity curve keeps every ${formatInteger(meta.equityStep)}th bar` : '';
  return `<header>
<h1>${escapeHtml(meta.name)}</h1>
<p class="subtitle">Backtest report · ${escapeHtml(formatTime(meta.from))} → ${escapeHtml(formatTime(meta.to))} UTC</p>
${banner}${researchBanner}
<dl class="meta">
<dt>Period</dt><dd>${escapeHtml(formatTime(meta.from))} → ${escapeHtml(formatTime(meta.to))} UTC (${escapeHtml(formatInteger(meta.bars))} bars of ${escapeHtml(formatDurationMs(meta.barIntervalMs))}${escapeHtml(stepNote)})</dd>
<dt>Initial capital</dt><dd>${escapeHtml(formatMoney(meta.initialCapital, meta.currency))}</dd>
<dt>Config hash</dt><dd><code>${escapeHtml(meta.configHash)}</code></dd>
</dl>
<h3>Data sources</h3>
<div class="table-scroll">${sources}</div>
</header>`;
}

function sleevesTable(sleeves: SleeveReport[], meta: RenderableReport['meta']): string {
  if (sleeves.length === 0) return '<p class="note">The report has no sleeves.</p>';
  const currency = meta.currency;
  // Only sleeves whose data does not span the whole run get their own range, to keep the table narrow.
  const partial = sleeves.filter((sleeve) => sleeve.firstBarTime !== meta.from || sleeve.lastBarTime !== meta.to);
  const rangeNotes = partial
    .map((sleeve) => `<p class="note">${escapeHtml(sleeve.name)} has bars from ${escapeHtml(formatTime(sleeve.firstBarTime))} to ${escapeHtml(formatTime(sleeve.lastBarTime))} UTC only.</p>`)
    .join('');
  return `${rangeNotes}<div class="table-scroll">${htmlTable(sleeves, [
    { header: 'Sleeve', cell: (sleeve) => sleeve.name },
    { header: 'Symbol', cell: (sleeve) => sleeve.symbol },
    { header: 'Strategy', cell: (sleeve) => sleeve.strategy },
    { header: 'Weight', cell: (sleeve) => formatPct(sleeve.weight * 100, { decimals: 1 }), numeric: true },
    { header: 'Contribution', cell: (sleeve) => formatPct(sleeve.contributionPct, { signed: true }), numeric: true, cellClass: (sleeve) => signClass(sleeve.contributionPct) },
    { header: `PnL (${currency})`, cell: (sleeve) => formatMoney(sleeve.pnl), numeric: true, cellClass: (sleeve) => signClass(sleeve.pnl) },
    { header: 'Trades', cell: (sleeve) => formatInteger(sleeve.trades), numeric: true },
    { header: 'Win rate', cell: (sleeve) => formatPct(sleeve.winRatePct, { decimals: 1 }), numeric: true },
    { header: 'Fees', cell: (sleeve) => formatPaidOrReceived(sleeve.feesPaid), numeric: true },
    { header: 'Funding', cell: (sleeve) => formatPaidOrReceived(sleeve.fundingPaid), numeric: true },
    { header: 'Skipped', cell: (sleeve) => formatInteger(sleeve.skippedOrders), numeric: true },
    { header: 'Bars', cell: (sleeve) => formatInteger(sleeve.bars), numeric: true },
  ])}</div>`;
}

function tradesSection(trades: TradeReport[]): string {
  if (trades.length === 0) return '<p class="note">No trades were made.</p>';
  const shown = trades.slice(0, MAX_TRADE_ROWS);
  const note =
    trades.length > shown.length
      ? `<p class="note">Showing the first ${formatInteger(shown.length)} of ${formatInteger(trades.length)} trades; the JSON report has them all.</p>`
      : '';
  return `${note}<div class="table-scroll">${htmlTable(shown, [
    { header: '#', cell: (_trade, index) => formatInteger(index + 1), numeric: true },
    { header: 'Sleeve', cell: (trade) => trade.sleeve },
    { header: 'Symbol', cell: (trade) => trade.symbol },
    { header: 'Side', cell: (trade) => trade.side },
    { header: 'Quantity', cell: (trade) => formatQuantity(trade.quantity), numeric: true },
    { header: 'Entry (UTC)', cell: (trade) => formatTime(trade.entryTime) },
    { header: 'Entry price', cell: (trade) => formatPrice(trade.entryPrice), numeric: true },
    { header: 'Exit (UTC)', cell: (trade) => formatTime(trade.exitTime) },
    { header: 'Exit price', cell: (trade) => formatPrice(trade.exitPrice), numeric: true },
    { header: 'PnL', cell: (trade) => formatMoney(trade.pnl), numeric: true, cellClass: (trade) => signClass(trade.pnl) },
    { header: 'Fees', cell: (trade) => formatPaidOrReceived(trade.fees), numeric: true },
    { header: 'Funding', cell: (trade) => formatPaidOrReceived(trade.funding), numeric: true },
    { header: 'Exit reason', cell: (trade) => trade.exitReason },
  ])}</div>`;
}

/** Inline script text cannot contain '</script': escaped so neither the library nor the data can end the element. */
function inlineScript(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1');
}

/** JSON inside a script element: '<' escaped, so names from the config can never open or close a tag. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The backtest report as one self-contained HTML page: inline CSS, the charting library and the
 * charts' data inline, no external references, so it opens from file:// on an air-gapped machine.
 * All text from the report (names come from user config) is escaped.
 */
export function renderHtmlReport(report: RenderableReport, options: HtmlReportOptions): string {
  const chartData = buildReportChartData(report, options.prices);
  const [performance, activity] = metricRows(report);
  const isSynthetic = report.meta.dataSources.some((source) => source.synthetic);
  const title = `${researchAccounts(report).length > 0 ? '[RESEARCH] ' : ''}${isSynthetic ? '[SYNTHETIC] ' : ''}${report.meta.name} · backtest`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${renderHeader(report)}
<section id="metrics"><h2>Metrics</h2><div class="two-col">${metricsTable(performance)}${metricsTable(activity)}</div></section>
${renderChartsSection(report, options.prices, chartData)}
<section id="sleeves"><h2>Sleeves</h2>${sleevesTable(report.sleeves, report.meta)}</section>
<section id="trades"><h2>Trades</h2>${tradesSection(report.trades)}</section>
${report.risk === undefined ? '' : renderRiskSection(report.risk)}
</main>
<script type="application/json" id="report-chart-data">${inlineJson(chartData)}</script>
<script>${inlineScript(options.chartLibraryJs)}</script>
<script>${REPORT_CHART_SCRIPT}</script>
</body>
</html>
`;
}
