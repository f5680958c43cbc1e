import type { PriceCandles } from '../../engine/report/aggregatePriceCandles.ts';
import type { RenderableReport } from './renderableReport.ts';
import type { TradeReport } from '../../engine/report/backtestReport.ts';
import { thinIndices } from './thinIndices.ts';

/** A marker as lightweight-charts draws it (`SeriesMarker`), time in UTC seconds. */
export interface ChartMarker {
  time: number;
  position: 'aboveBar' | 'belowBar' | 'inBar';
  shape: 'arrowUp' | 'arrowDown' | 'circle' | 'square';
  color: string;
  text?: string;
}

export interface PriceChartData {
  id: string;
  title: string;
  /** [time in UTC seconds, open, high, low, close]. */
  candles: Array<[number, number, number, number, number]>;
  markers: ChartMarker[];
}

/** What the page's script draws, embedded in the report as JSON. */
export interface ReportChartData {
  initialCapital: number;
  /** Times in UTC seconds; equity, drawdown (negative percent: below the peak) and each sleeve's contribution share them. */
  equity: { time: number[]; equity: number[]; drawdownPct: number[]; contributions: Array<{ label: string; values: number[] }> };
  stateMarkers: ChartMarker[];
  prices: PriceChartData[];
}

/** Equity points beyond this are thinned (extremes kept); the page says so. */
export const MAX_EQUITY_POINTS = 4_000;
/** Trades per sleeve whose entry and exit are marked on its price chart; the page states the total. */
export const MAX_MARKED_TRADES = 2_000;

const STATE_COLORS: Record<string, string> = { HALTED: '#c62828', REDUCING: '#d4a72c', ACTIVE: '#1a7f37' };
const EXIT_MARKERS: Record<string, Pick<ChartMarker, 'shape' | 'color' | 'text'>> = {
  stop: { shape: 'square', color: '#e36209', text: 'stop' },
  liquidation: { shape: 'square', color: '#000000', text: 'liquidated' },
};

/** The charts' data from the report and each sleeve's candles: thinned, rounded and with every marker placed on a drawn bar. */
export function buildReportChartData(report: RenderableReport, prices: readonly PriceCandles[]): ReportChartData {
  const kept = thinIndices(report.equity.map((point) => point.equity), MAX_EQUITY_POINTS);
  const time = kept.map((index) => seconds(Date.parse(report.equity[index].time)));
  const equity = {
    time,
    equity: kept.map((index) => round(report.equity[index].equity, 2)),
    drawdownPct: kept.map((index) => round(-Math.abs(report.equity[index].drawdownPct), 3)),
    contributions: report.sleeves.map((sleeve) => ({
      label: `${sleeve.name} (${sleeve.symbol})`,
      values: kept.map((index) => round(sleeve.contributionCurve[index] ?? Number.NaN, 3)),
    })),
  };
  const multipleAccounts = new Set((report.risk?.stateChanges ?? []).map((change) => change.account ?? '')).size > 1;
  const stateMarkers = (report.risk?.stateChanges ?? []).map((change): ChartMarker => ({
    time: snapDown(time, seconds(Date.parse(change.time))),
    position: change.to === 'ACTIVE' ? 'belowBar' : 'aboveBar',
    shape: change.to === 'ACTIVE' ? 'arrowUp' : 'arrowDown',
    color: STATE_COLORS[change.to] ?? '#59636e',
    text: multipleAccounts && change.account !== undefined ? `${change.account}: ${change.to}` : change.to,
  }));
  return {
    initialCapital: report.meta.initialCapital,
    equity,
    stateMarkers: sortByTime(stateMarkers),
    prices: prices.map((candles, index) => priceChart(candles, index, report.trades)),
  };
}

function priceChart(candles: PriceCandles, index: number, trades: readonly TradeReport[]): PriceChartData {
  const rows = candles.timeMs.map((timeMs, at): [number, number, number, number, number] => [
    seconds(timeMs),
    price(candles.open[at]),
    price(candles.high[at]),
    price(candles.low[at]),
    price(candles.close[at]),
  ]);
  const times = rows.map((row) => row[0]);
  const markers: ChartMarker[] = [];
  for (const trade of trades.filter((each) => each.sleeve === candles.sleeve).slice(0, MAX_MARKED_TRADES)) {
    const long = trade.side === 'long';
    markers.push({
      time: snapDown(times, seconds(Date.parse(trade.entryTime))),
      position: long ? 'belowBar' : 'aboveBar',
      shape: long ? 'arrowUp' : 'arrowDown',
      color: long ? '#1a7f37' : '#c62828',
    });
    const exit = EXIT_MARKERS[trade.exitReason] ?? { shape: 'circle', color: '#59636e' };
    markers.push({ time: snapDown(times, seconds(Date.parse(trade.exitTime))), position: long ? 'aboveBar' : 'belowBar', ...exit });
  }
  return { id: `chart-price-${index}`, title: `${candles.sleeve} (${candles.symbol})`, candles: rows, markers: sortByTime(markers) };
}

/** The latest drawn time at or before `timeS` (the first when none is), so a marker sits on a drawn bar or point. */
function snapDown(sortedTimes: readonly number[], timeS: number): number {
  let low = 0;
  let high = sortedTimes.length - 1;
  if (high < 0) return timeS;
  if (timeS <= sortedTimes[0]) return sortedTimes[0];
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sortedTimes[middle] <= timeS) low = middle;
    else high = middle - 1;
  }
  return sortedTimes[low];
}

function sortByTime(markers: ChartMarker[]): ChartMarker[] {
  return markers.map((marker, order) => ({ marker, order })).sort((a, b) => a.marker.time - b.marker.time || a.order - b.order).map(({ marker }) => marker);
}

function seconds(timeMs: number): number {
  return Math.floor(timeMs / 1000);
}

function round(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Eight significant digits: exact for the tick sizes of listed contracts, and short in the page. */
function price(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(8)) : Number.NaN;
}
