//! Test support for the cross-mode parity test: one scripted candle series, the config that trades
//! it, and the same run as a backtest, a paper session and a live session against the local venue
//! (REST polling or websocket streams), each boiled down to the records the modes must agree on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { denialOfRiskEvent } from '../../engine/risk/riskEventRecords.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { runBacktest } from './runBacktest.ts';
import { runPaper } from './paperRunner.ts';

/** What every mode must agree on, each as sorted-by-time lines (see the describe* helpers). */
export interface ModeRecord {
  /** `barOpenMs sleeve target` */
  readonly decisions: string[];
  /** `barOpenMs sleeve symbol SIDE quantity reduceOnly`: market orders, by the decision bar they were sent on. */
  readonly orders: string[];
  /** `barOpenMs sleeve CODE` */
  readonly denials: string[];
  /** `barOpenMs STATE` */
  readonly states: string[];
  /** `timeMs symbol signedQuantity price` */
  readonly fills: string[];
  /** The account equity each emergency-stop transition fired at (4 decimals), where the mode keeps the figure. */
  readonly stopEquities: string[];
  /** Live: `barOpenMs sleeve` of each protective stop that filled, in the bar it filled in. */
  readonly stopExits?: string[];
}

/** A bar of the script: the volume carries the user strategy's target code (1 long, 2 short, else flat). */
export interface ScriptBar {
  readonly open: number;
  readonly close: number;
  /** How far high and low reach beyond the body (the ATR the spread guardrail divides by). */
  readonly range: number;
  readonly code: number;
}

export const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Columnar candles of the script, bar `i` opening at `startMs + i × barMs`. */
export function scriptCandles(symbol: string, timeframe: string, startMs: number, barMs: number, bars: readonly ScriptBar[]): CandleSeries {
  const series = allocateCandleSeries(symbol, timeframe, bars.length);
  bars.forEach((bar, i) => {
    series.time[i] = startMs + i * barMs;
    series.open[i] = bar.open;
    series.close[i] = bar.close;
    series.high[i] = Math.max(bar.open, bar.close) + bar.range;
    series.low[i] = Math.min(bar.open, bar.close) - bar.range;
    series.volume[i] = bar.code;
  });
  return series;
}

/** A user strategy file outside the repository (no imports: the loader accepts a plain definition). */
export function writeUserStrategy(dir: string): string {
  const path = join(dir, 'volumeCode.ts');
  writeFileSync(
    path,
    [
      '// A user strategy: the bar volume is the target code (1 long, 2 short, else flat).',
      'export default {',
      "  name: 'volume-code',",
      "  description: 'target from the bar volume',",
      '  create: (params: { stopDistance?: number }) => ({',
      "    name: 'volume-code',",
      '    warmupBars: 0,',
      '    onBar(bar: { volume: number }, _position: unknown, signal: { target: number; stopDistance: number }) {',
      '      const code = Math.round(bar.volume);',
      '      signal.target = code === 1 ? 1 : code === 2 ? -1 : 0;',
      '      signal.stopDistance = signal.target === 0 ? Number.NaN : (params.stopDistance ?? Number.NaN);',
      '    },',
      '  }),',
      '};',
    ].join('\n'),
  );
  return path;
}

/** A temp dir holding `config.json` (the raw config given) and whatever else the caller writes. */
export function writeConfig(raw: Record<string, unknown>, dir = mkdtempSync(join(tmpdir(), 'rampart-parity-'))): { loaded: LoadedConfig; dir: string } {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(raw));
  return { loaded: loadConfig(path), dir };
}

const line = (...parts: Array<string | number | boolean>): string => parts.join(' ');
const num = (value: number): string => String(Number(value.toFixed(8)));

/**
 * The backtest's record. Its orders are the kernel's market fills (one order each, filled whole at
 * the next open): an order decided at bar `t` fills at `t + barMs`, and a fill that closes or
 * shrinks a position is reduce-only.
 */
export async function backtestRecord(loaded: LoadedConfig, candles: ReadonlyMap<string, CandleSeries>, barMs: number): Promise<ModeRecord> {
  const { config } = loaded;
  const outcome = await runBacktest({
    loaded,
    dataSource: { load: async (sleeve) => ({ candles: candles.get(ReplayMarketFeed.key(sleeve.symbol, config.data.timeframe))!, source: 'script', synthetic: true }) },
  });
  const { result, report } = outcome;
  const fills = result.fills.filter((fill) => fill.reason !== 'end_of_data');
  const symbolOf = new Map(config.sleeves.map((sleeve) => [sleeve.name, sleeve.symbol]));
  const positions = new Map<string, number>();
  const orders: string[] = [];
  for (const fill of fills) {
    const before = positions.get(fill.sleeve) ?? 0;
    // Rounded to a nano-lot: float sums of lot quantities may miss zero by 1e-16 and flip the sign test.
    const after = Math.round((before + fill.quantity) * 1e9) / 1e9;
    positions.set(fill.sleeve, after);
    const reduceOnly = before !== 0 && Math.abs(after) < Math.abs(before) + 1e-12 && Math.sign(after) !== -Math.sign(before);
    orders.push(line(fill.timeMs - barMs, fill.sleeve, symbolOf.get(fill.sleeve) ?? fill.symbol, fill.quantity > 0 ? 'BUY' : 'SELL', num(Math.abs(fill.quantity)), reduceOnly));
  }
  return {
    decisions: result.decisions.map((decision) => line(decision.timeMs, decision.sleeve, decision.target)),
    orders,
    denials: (report.risk?.denials ?? []).map((denial) => line(Date.parse(denial.time), denial.sleeve, denial.code)),
    states: (report.risk?.stateChanges ?? []).map((change) => line(Date.parse(change.time), change.to)),
    stopEquities: (report.risk?.stateChanges ?? []).filter((change) => typeof change.equity === 'number').map((change) => (change.equity as number).toFixed(4)),
    fills: fills.map((fill) => line(fill.timeMs, symbolOf.get(fill.sleeve) ?? fill.symbol, num(fill.quantity), num(fill.price))),
  };
}

/** The paper session's record, read back from its store after one evaluation per bar close. */
export async function paperRecord(loaded: LoadedConfig, candles: Map<string, CandleSeries>, store: TradeStore, startMs: number, bars: number, barMs: number): Promise<ModeRecord> {
  const clock = { timeMs: startMs + barMs, nowMs: () => clock.timeMs };
  const feed = new ReplayMarketFeed(candles);
  await runPaper({ loaded, store, feed, clock, logger: SILENT, sleepUntil: async (timeMs) => void (clock.timeMs = timeMs), owner: 'parity:paper', startMs }, { maxEvaluations: bars });
  return storeRecord(store, loaded, barMs, { signals: true });
}

/**
 * What a store holds, as a record: orders from the intents (their bar is the one before the fill of a
 * paper order; a live intent is stored at its decision bar's close), denials read back as the gate's
 * records, trading states, fills. Live stores no signals: its decisions come from the runner's bar report.
 */
export async function storeRecord(store: TradeStore, loaded: LoadedConfig, barMs: number, options: { signals: boolean; liveFillTimes?: ReadonlyMap<string, number>; stopOrderIds?: ReadonlySet<string> }): Promise<ModeRecord> {
  const accounts = [...new Set(loaded.config.sleeves.map((sleeve) => sleeve.account))];
  const intents = (await store.listIntents()).filter((intent) => intent.state === 'SENT');
  const storedFills = await store.listFills();
  const fillTimeOf = (fill: (typeof storedFills)[number]): number => options.liveFillTimes?.get(fill.tradeId) ?? fill.atMs;
  const orders: string[] = [];
  const stopExits: string[] = [];
  for (const intent of intents) {
    const order = await store.getOrder(intent.clientOrderId);
    // A protective stop that never triggered is no order the backtest knows (it models stops inside its bars).
    if (order?.status === 'CANCELED' || order?.status === 'NEW') continue;
    // Paper stores an intent at its fill (the next open), live at its decision bar's close: both one bar
    // on. A triggered live stop is placed bars before it fills: like the backtest's, it counts at its fill.
    const stopFill = options.stopOrderIds?.has(intent.clientOrderId) === true ? storedFills.find((fill) => fill.clientOrderId === intent.clientOrderId) : undefined;
    const atMs = stopFill !== undefined ? fillTimeOf(stopFill) : intent.createdAtMs;
    if (stopFill !== undefined) stopExits.push(line(atMs, intent.sleeve));
    orders.push(line(atMs - barMs, intent.sleeve, intent.symbol, intent.side, num(Math.abs(Number(intent.quantity))), intent.reduceOnly));
  }
  const denials: string[] = [];
  const states: string[] = [];
  const stopEquities: string[] = [];
  for (const account of accounts) {
    for (const event of await store.listRiskEvents({ account })) {
      const denial = denialOfRiskEvent(event);
      denials.push(denial === undefined ? line(event.atMs, '?', event.code) : line(denial.timeMs, denial.sleeve, denial.code));
    }
    for (const transition of await store.listTradingStateTransitions(account)) {
      states.push(line(transition.atMs, transition.state));
      // The live runner's reason carries the emergency stop's figures (`emergency stop TRIGGER: {…}`).
      const figures = /^emergency stop \w+: (\{.*\})$/.exec(transition.reason)?.[1];
      const equity = figures === undefined ? undefined : (JSON.parse(figures) as { equity?: unknown }).equity;
      if (typeof equity === 'number') stopEquities.push(equity.toFixed(4));
    }
  }
  const fills = storedFills.map((fill) => line(fillTimeOf(fill), fill.symbol, num(Number(fill.quantity) * (fill.side === 'BUY' ? 1 : -1)), num(Number(fill.price))));
  const decisions = options.signals ? (await store.listSignals()).map((signal) => line(signal.atMs, signal.sleeve, signal.target)) : [];
  return { decisions, orders, denials, states, fills, stopEquities, stopExits };
}
