import { stepDecimals } from '../../domain/money/stepRounding.ts';
import type { EngineSettings } from '../engineSettings.ts';
import type { KernelResult } from '../backtest/runBacktestKernel.ts';
import type { RiskGateSummary } from '../risk/index.ts';
import type { BacktestReport, EquityPoint, SleeveReport, TradeReport } from './backtestReport.ts';
import { buildRiskReport } from './buildRiskReport.ts';
import { tradeStatistics } from '../metrics/tradeStatistics.ts';
import { isoTime } from '../../domain/time/isoTime.ts';
import { money, pct, round } from './reportRounding.ts';

export interface ReportMeta {
  readonly name: string;
  readonly configHash: string;
  readonly currency: string;
  readonly barIntervalMs: number;
  readonly dataSources: BacktestReport['meta']['dataSources'];
  /** What the risk gate saw; the report gets a `risk` section when given. */
  readonly risk?: RiskGateSummary;
}

/**
 * Turns a kernel run into the report contract. Numbers are rounded to fixed decimals so the same run
 * always serialises to the same bytes.
 */
export function buildBacktestReport(result: KernelResult, settings: EngineSettings, meta: ReportMeta): BacktestReport {
  const { timeline, sleeves, trades } = result;
  const bars = timeline.length;
  const initial = settings.initialCapital;
  const lotDecimals = new Map(sleeves.map((book) => [book.name, stepDecimals(book.lotStep)]));
  const tickDecimals = new Map(sleeves.map((book) => [book.name, stepDecimals(book.tickSize)]));
  const equityPoints: EquityPoint[] = [];
  for (let n = 0; n < result.sampleEquity.length; n++) {
    equityPoints.push({ time: isoTime(result.sampleTimeMs[n]), equity: money(result.sampleEquity[n]), drawdownPct: pct(result.sampleDrawdown[n]) });
  }
  const sleeveReports: SleeveReport[] = sleeves.map((book, s) => {
    const net = result.sampleSleeveNetPnl[s];
    const pnl = book.realizedPnl - book.feesPaid - book.fundingPaid;
    return {
      name: book.name,
      symbol: book.symbol,
      strategy: book.strategyName,
      weight: book.weight,
      contributionPct: pct(pnl / initial),
      pnl: money(pnl),
      trades: book.tradeCount,
      winRatePct: book.tradeCount > 0 ? pct(book.winningTrades / book.tradeCount) : 0,
      feesPaid: money(book.feesPaid),
      fundingPaid: money(book.fundingPaid),
      skippedOrders: book.skippedOrders,
      bars: book.length,
      firstBarTime: book.length > 0 ? isoTime(book.timeMs[0]) : '',
      lastBarTime: book.length > 0 ? isoTime(book.timeMs[book.length - 1]) : '',
      contributionCurve: Array.from(net, (value) => pct(value / initial)),
      tradeStatistics: sleeveTradeStatistics(result, book.name, bars > 0 ? timeline[bars - 1] - timeline[0] + meta.barIntervalMs : 0, settings.tradeOn === 'next_open', meta.risk),
    };
  });
  const tradeReports: TradeReport[] = trades.map((trade) => ({
    sleeve: trade.sleeve,
    symbol: trade.symbol,
    side: trade.side > 0 ? 'long' : 'short',
    quantity: round(trade.quantity, lotDecimals.get(trade.sleeve) ?? 8),
    entryTime: isoTime(trade.entryTimeMs),
    entryPrice: round(trade.entryPrice, (tickDecimals.get(trade.sleeve) ?? 6) + 4),
    exitTime: isoTime(trade.exitTimeMs),
    exitPrice: round(trade.exitPrice, (tickDecimals.get(trade.sleeve) ?? 6) + 4),
    pnl: money(trade.pnl),
    fees: money(trade.fees),
    funding: money(trade.funding),
    exitReason: trade.exitReason,
  }));
  const report: BacktestReport = {
    meta: {
      name: meta.name,
      configHash: meta.configHash,
      from: bars > 0 ? isoTime(timeline[0]) : '',
      to: bars > 0 ? isoTime(timeline[bars - 1]) : '',
      bars,
      barIntervalMs: meta.barIntervalMs,
      periodsPerYear: round(settings.periodsPerYear, 6),
      initialCapital: initial,
      currency: meta.currency,
      equityStep: result.sampleStep,
      dataSources: meta.dataSources,
    },
    metrics: backtestMetrics(result, settings, meta.barIntervalMs),
    sleeves: sleeveReports,
    trades: tradeReports,
    equity: equityPoints,
  };
  if (meta.risk !== undefined) report.risk = buildRiskReport(meta.risk);
  return report;
}

/**
 * The report's headline figures, and all a sweep run keeps: `rampart backtest` and `rampart sweep` both
 * take them from here, so a sweep's run and the same config backtested alone report the same numbers.
 */
export function backtestMetrics(result: KernelResult, settings: EngineSettings, barIntervalMs: number): BacktestReport['metrics'] {
  const { timeline, metrics, sleeves } = result;
  const bars = timeline.length;
  const initial = settings.initialCapital;
  const finalEquity = result.finalEquity;
  const years = bars > 0 ? (timeline[bars - 1] - timeline[0] + barIntervalMs) / (settings.daysPerYear * 86_400_000) : 0;
  const { trades, wins, grossWin, grossLoss } = result.log.tradeOutcomes();
  const feesPaid = sleeves.reduce((sum, book) => sum + book.feesPaid, 0);
  const fundingPaid = sleeves.reduce((sum, book) => sum + book.fundingPaid, 0);
  const skippedOrders = sleeves.reduce((sum, book) => sum + book.skippedOrders, 0);
  return {
    finalEquity: money(finalEquity),
    totalReturnPct: pct(finalEquity / initial - 1),
    cagrPct: years > 0 && finalEquity > 0 ? pct(Math.pow(finalEquity / initial, 1 / years) - 1) : finalEquity > 0 ? 0 : -100,
    sharpe: round(metrics.sharpe(settings.periodsPerYear), 6),
    sortino: round(metrics.sortino(settings.periodsPerYear), 6),
    maxDrawdownPct: pct(metrics.maxDrawdown),
    maxDrawdownDurationBars: metrics.maxDrawdownDurationBars,
    trades,
    winRatePct: trades > 0 ? pct(wins / trades) : 0,
    // No losing trade: the ratio is unbounded; JSON has no Infinity, so it is null.
    profitFactor: grossLoss > 0 ? round(grossWin / grossLoss, 6) : (null as unknown as number),
    exposurePct: bars > 0 ? pct(metrics.barsInMarket / bars) : 0,
    feesPaid: money(feesPaid),
    fundingPaid: money(fundingPaid),
    skippedOrders,
    liquidations: result.ledger.liquidations,
  };
}

/** The per-trade figures of sleeve `name`; denials per entry signal by code from the recorded denials. */
function sleeveTradeStatistics(result: KernelResult, name: string, periodMs: number, fillsAtNextOpen: boolean, risk: RiskGateSummary | undefined): NonNullable<SleeveReport['tradeStatistics']> {
  const stats = tradeStatistics(
    result.trades.filter((trade) => trade.sleeve === name),
    result.decisions.filter((decision) => decision.sleeve === name),
    periodMs,
    fillsAtNextOpen,
  );
  const rejectionRateByCode: Record<string, number> = {};
  for (const denial of risk?.denials ?? []) {
    if (denial.sleeve === name) rejectionRateByCode[denial.code] = (rejectionRateByCode[denial.code] ?? 0) + 1;
  }
  for (const code of Object.keys(rejectionRateByCode)) rejectionRateByCode[code] = stats.signals > 0 ? round(rejectionRateByCode[code] / stats.signals, 6) : 0;
  const finite = (value: number, decimals = 6): number | null => (Number.isFinite(value) ? round(value, decimals) : null);
  return {
    averageR: finite(stats.averageR),
    profitFactor: finite(stats.profitFactor),
    winRatePct: finite(stats.winRate * 100),
    sharpePerTrade: finite(stats.sharpePerTrade),
    signalsPerWeek: finite(stats.signalsPerWeek),
    rejectionRateByCode,
  };
}
