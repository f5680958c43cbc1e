import type { RenderableReport } from './renderableReport.ts';
import {
  formatDurationMs,
  formatInteger,
  formatMoney,
  formatPaidOrReceived,
  formatPct,
  formatRatio,
  formatTime,
} from './formatNumbers.ts';
import { textTable } from './textTable.ts';
import { researchAccounts, researchNotice } from './researchLabel.ts';

export interface SummaryTableOptions {
  /** ANSI colours for gains, losses and the synthetic-data warning; off unless asked. */
  color?: boolean;
}

const ANSI = { red: '\u001b[31m', green: '\u001b[32m', yellowBold: '\u001b[1;33m', bold: '\u001b[1m', reset: '\u001b[0m' };

// Terminal output from user config must not smuggle in escape sequences or line breaks.
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/**
 * The plain-text summary printed after a backtest: run header, the key metrics as an aligned
 * table, one row per sleeve, and a SYNTHETIC DATA line when any sleeve ran on generated prices.
 */
export function renderSummaryTable(report: RenderableReport, options: SummaryTableOptions = {}): string {
  const useColor = options.color === true;
  const paint = (code: string, text: string): string => (useColor ? `${code}${text}${ANSI.reset}` : text);
  const signed = (value: number, text: string): string =>
    !Number.isFinite(value) || value === 0 ? text : paint(value > 0 ? ANSI.green : ANSI.red, text);
  const { meta, metrics } = report;
  const lines: string[] = [];

  lines.push(paint(ANSI.bold, `Backtest: ${clean(meta.name)}`));
  lines.push(
    `Period:   ${formatTime(meta.from)} → ${formatTime(meta.to)} UTC, ${formatInteger(meta.bars)} bars of ${formatDurationMs(meta.barIntervalMs)}`,
  );
  lines.push(`Config:   ${clean(meta.configHash)}`);
  const synthetic = meta.dataSources.filter((source) => source.synthetic);
  if (synthetic.length > 0) {
    lines.push(paint(ANSI.yellowBold, `SYNTHETIC DATA: ${synthetic.map((source) => clean(source.sleeve)).join(', ')} ran on generated prices; not evidence of real performance.`));
  }
  const research = researchAccounts(report);
  if (research.length > 0) lines.push(paint(ANSI.yellowBold, clean(researchNotice(research))));
  lines.push('');

  const metricRows: string[][] = [
    ['Initial capital', formatMoney(meta.initialCapital, meta.currency)],
    ['Final equity', formatMoney(metrics.finalEquity, meta.currency)],
    ['Total return', signed(metrics.totalReturnPct, formatPct(metrics.totalReturnPct, { signed: true }))],
    ['CAGR', signed(metrics.cagrPct, formatPct(metrics.cagrPct, { signed: true }))],
    ['Sharpe', formatRatio(metrics.sharpe)],
    ['Sortino', formatRatio(metrics.sortino)],
    ['Max drawdown', formatPct(Math.abs(metrics.maxDrawdownPct))],
    ['Max drawdown duration', `${formatInteger(metrics.maxDrawdownDurationBars)} bars`],
    ['Trades', formatInteger(metrics.trades)],
    ['Win rate', formatPct(metrics.winRatePct)],
    ['Profit factor', formatRatio(metrics.profitFactor)],
    ['Exposure', formatPct(metrics.exposurePct)],
    ['Fees', formatPaidOrReceived(metrics.feesPaid, meta.currency)],
    ['Funding', formatPaidOrReceived(metrics.fundingPaid, meta.currency)],
    ['Skipped orders', formatInteger(metrics.skippedOrders)],
    ['Liquidations', formatInteger(metrics.liquidations)],
  ];
  lines.push(...textTable([{ header: 'Metric' }, { header: 'Value', align: 'right' }], metricRows));
  lines.push('');

  const sleeveRows = report.sleeves.map((sleeve) => [
    clean(sleeve.name),
    clean(sleeve.symbol),
    clean(sleeve.strategy),
    formatInteger(sleeve.trades),
    formatPct(sleeve.winRatePct, { decimals: 1 }),
    signed(sleeve.contributionPct, formatPct(sleeve.contributionPct, { signed: true })),
    // R-multiples exist only for trades whose entry carried a stop.
    sleeve.tradeStatistics?.averageR == null ? '—' : `${sleeve.tradeStatistics.averageR >= 0 ? '+' : ''}${sleeve.tradeStatistics.averageR.toFixed(2)}R`,
    sleeve.tradeStatistics?.sharpePerTrade == null ? '—' : sleeve.tradeStatistics.sharpePerTrade.toFixed(2),
  ]);
  lines.push(
    ...textTable(
      [
        { header: 'Sleeve' },
        { header: 'Symbol' },
        { header: 'Strategy' },
        { header: 'Trades', align: 'right' },
        { header: 'Win rate', align: 'right' },
        { header: 'Contribution', align: 'right' },
        { header: 'Avg R', align: 'right' },
        { header: 'Sharpe/trade', align: 'right' },
      ],
      sleeveRows,
    ),
  );
  if (report.risk !== undefined) {
    const denialCount = Object.values(report.risk.denialsByCode ?? {}).reduce((sum, count) => sum + count, 0);
    lines.push('');
    lines.push(`Risk: ${formatInteger(denialCount)} orders denied, ${formatInteger(report.risk.stateChanges?.length ?? 0)} trading-state changes`);
    lines.push(...riskDetailLines(report.risk));
  }
  return `${lines.join('\n')}\n`;
}

/** The profile in force per account and the orders the risk engine resized and denied, by code. */
function riskDetailLines(risk: NonNullable<RenderableReport['risk']>): string[] {
  const lines: string[] = [];
  for (const [account, profile] of Object.entries(risk.profiles ?? {})) {
    lines.push(`  profile in force: ${clean(account)} → ${clean(profile.name)} (max leverage ${profile.maxLeverage}x${profile.maxPositions !== null ? `, max positions ${profile.maxPositions}` : ''}${profile.riskPerTradePct !== null ? `, risk per trade ${profile.riskPerTradePct}%` : ''})`);
  }
  const byCount = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([code, count]) => `${clean(code)} ${formatInteger(count)}`)
      .join(', ');
  if (risk.resized !== undefined && risk.resized.count > 0) lines.push(`  resized: ${formatInteger(risk.resized.count)} (${byCount(risk.resized.byReason)})`);
  const denied = Object.values(risk.denialsByCode ?? {}).reduce((sum, count) => sum + count, 0);
  if (denied > 0) lines.push(`  denied: ${formatInteger(denied)} (${byCount(risk.denialsByCode)})`);
  return lines;
}
