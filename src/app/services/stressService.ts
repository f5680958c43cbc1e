import { InputError } from '../../domain/errors/inputError.ts';
import { runStress, worstSeverity, type StressLimit, type StressPosition, type StressResult, type StressScenario, type StressSeverity } from '../../ops/stress/index.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { isoWeekIndex, isoWeekStartMs, MS_PER_DAY, utcDayIndex } from '../../risk/calendar.ts';
import { resolveProfile } from '../../risk/index.ts';
import { atrSeries } from '../../strategy/indicators/atr.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import type { StressScenariosFile } from '../config/stressScenariosSchema.ts';
import { tradedAccounts } from './accountMetricsFromStore.ts';

/** An account's state to stress: its equity, the references its loss limits are measured from, its positions. */
export interface AccountState {
  readonly account: string;
  readonly equity: number;
  readonly dayStartEquity: number;
  readonly weekStartEquity: number;
  readonly initialEquity: number;
  readonly positions: ReadonlyArray<{ readonly symbol: string; readonly quantity: number; readonly entryPrice: number; readonly stopPrice?: number }>;
  /** Where the state came from (store, backtest), for the report. */
  readonly source: string;
}

export interface AccountStress {
  readonly account: string;
  readonly source: string;
  readonly equity: number;
  readonly positions: readonly StressPosition[];
  readonly limits: readonly StressLimit[];
  readonly results: readonly StressResult[];
  readonly worst: StressSeverity;
}

/** The profile's daily and weekly limits and the emergency stop's enabled triggers, with their references. */
export function stressLimits(config: RampartConfig, state: AccountState): StressLimit[] {
  const profile = resolveProfile(config.risk.accounts[state.account], config.risk.profiles, `risk.accounts.${state.account}`);
  const emergency = config.risk.emergency;
  const limits: StressLimit[] = [];
  if (profile.dailyDrawdownPct !== undefined) limits.push({ name: `profile ${profile.name} daily drawdown ${profile.dailyDrawdownPct} %`, kind: 'profile', referenceEquity: state.dayStartEquity, maxLossPct: profile.dailyDrawdownPct });
  if (profile.weeklyDrawdownPct !== undefined) limits.push({ name: `profile ${profile.name} weekly drawdown ${profile.weeklyDrawdownPct} %`, kind: 'profile', referenceEquity: state.weekStartEquity, maxLossPct: profile.weeklyDrawdownPct });
  if (emergency.totalLoss.enabled) limits.push({ name: `emergency stop total loss ${emergency.totalLoss.lossPct} % (${emergency.totalLoss.action})`, kind: 'emergencyStop', referenceEquity: state.initialEquity, maxLossPct: emergency.totalLoss.lossPct });
  if (emergency.dailyDrawdown.enabled) limits.push({ name: `emergency stop daily drawdown ${emergency.dailyDrawdown.drawdownPct} % (${emergency.dailyDrawdown.action})`, kind: 'emergencyStop', referenceEquity: state.dayStartEquity, maxLossPct: emergency.dailyDrawdown.drawdownPct });
  const weeklyPct = emergency.weeklyDrawdown.drawdownPct ?? profile.weeklyDrawdownPct;
  if (emergency.weeklyDrawdown.enabled && weeklyPct !== undefined) limits.push({ name: `emergency stop weekly drawdown ${weeklyPct} % (${emergency.weeklyDrawdown.action})`, kind: 'emergencyStop', referenceEquity: state.weekStartEquity, maxLossPct: weeklyPct });
  return limits;
}

/**
 * The account's state from the trade store (live, testnet or paper): its open positions, its latest
 * equity snapshot (the config's initial capital before any), the first snapshot of today and of this
 * ISO week as the daily and weekly references, and its first snapshot as the initial equity.
 */
export async function accountStateFromStore(store: TradeStore, config: RampartConfig, account: string, nowMs: number): Promise<AccountState> {
  const snapshots = (await store.listEquitySnapshots(account, { toMs: nowMs })).map((s) => ({ atMs: s.atMs, equity: Number(s.equity) })).sort((a, b) => a.atMs - b.atMs);
  const latest = snapshots[snapshots.length - 1]?.equity ?? config.capital.initial;
  const firstFrom = (fromMs: number): number => snapshots.find((s) => s.atMs >= fromMs)?.equity ?? latest;
  const day = utcDayIndex(nowMs);
  const positions = (await store.listPositions(account)).filter((p) => Number(p.quantity) !== 0).map((p) => ({ symbol: p.symbol, quantity: Number(p.quantity), entryPrice: Number(p.entryPrice) }));
  return {
    account,
    equity: latest,
    dayStartEquity: firstFrom(day * MS_PER_DAY),
    weekStartEquity: firstFrom(isoWeekStartMs(isoWeekIndex(day))),
    initialEquity: snapshots[0]?.equity ?? config.capital.initial,
    positions,
    source: snapshots.length === 0 ? `store (no equity snapshot: equity is the config's initial capital ${config.capital.initial})` : 'store',
  };
}

/**
 * Marks each position at its symbol's last closed bar and measures its ATR there; a position whose
 * symbol has no closed bar by `nowMs` is refused (a stress on a made-up price would read as safe).
 */
export async function stressPositions(feed: MarketFeed, config: RampartConfig, state: AccountState, nowMs: number, atrPeriod: number): Promise<StressPosition[]> {
  const out: StressPosition[] = [];
  for (const position of state.positions) {
    const bars = await feed.recentClosedBars(position.symbol, config.data.timeframe, nowMs, atrPeriod + 1);
    if (bars.length === 0) throw new InputError(`no closed ${config.data.timeframe} bar of ${position.symbol} by ${new Date(nowMs).toISOString()} in the candle store ${config.data.store}: cannot mark account ${state.account}'s position (rampart data fetch first)`, { keyPath: 'data.store', value: position.symbol });
    const atr = atrSeries(bars.high, bars.low, bars.close, atrPeriod);
    out.push({ symbol: position.symbol, quantity: position.quantity, entryPrice: position.entryPrice, markPrice: bars.close[bars.length - 1], ...marginTerms(config), atr: atr[atr.length - 1], stopPrice: position.stopPrice });
  }
  return out;
}

/** Futures: the config's leverage and maintenance margin rate; spot: fully paid (liquidation at 0). */
function marginTerms(config: RampartConfig): { leverage: number; maintenanceMarginRate: number } {
  return config.market.type === 'futures' ? { leverage: config.market.leverage, maintenanceMarginRate: config.market.maintenanceMarginRate } : { leverage: 1, maintenanceMarginRate: 0 };
}

/** Every registered scenario on one account's state. */
export function stressAccount(registry: StressScenariosFile, config: RampartConfig, state: AccountState, positions: readonly StressPosition[]): AccountStress {
  const limits = stressLimits(config, state);
  const results = registry.scenarios.flatMap((scenario: StressScenario) => runStress(scenario, positions, { equity: state.equity, limits }, { liquidationWarnPct: registry.liquidationWarnPct }));
  return { account: state.account, source: state.source, equity: state.equity, positions, limits, results, worst: worstSeverity(results) };
}

/** `rampart stress` over the store: each account the config trades (or `account`). */
export async function stressFromStore(input: { store: TradeStore; feed: MarketFeed; config: RampartConfig; registry: StressScenariosFile; nowMs: number; account?: string }): Promise<AccountStress[]> {
  const accounts = input.account !== undefined ? [input.account] : tradedAccounts(input.config);
  const out: AccountStress[] = [];
  for (const account of accounts) {
    const state = await accountStateFromStore(input.store, input.config, account, input.nowMs);
    out.push(stressAccount(input.registry, input.config, state, await stressPositions(input.feed, input.config, state, input.nowMs, input.registry.atrPeriod)));
  }
  return out;
}

const money = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : String(value));

/** Plain-text table per account: one line per scenario result. */
export function formatStress(accounts: readonly AccountStress[]): string {
  const lines: string[] = [];
  for (const a of accounts) {
    lines.push(`${a.account}: equity ${money(a.equity)}, ${a.positions.length} position(s) [${a.source}]; worst ${a.worst}`);
    for (const p of a.positions) lines.push(`  ${p.symbol} ${p.quantity} @ entry ${p.entryPrice}, mark ${p.markPrice}, ATR ${money(p.atr)}, stop ${p.stopPrice ?? 'unknown'}`);
    for (const r of a.results) {
      lines.push(`  ${r.severity.padEnd(8)} ${`${r.scenario}${r.symbol !== undefined ? ` ${r.symbol}` : ''}`.padEnd(30)} PnL ${money(r.pnl).padStart(10)}  equity ${money(r.equityAfter).padStart(10)}  margin ${money(r.marginUsedPct)} %  liquidation ${Number.isFinite(r.minDistanceToLiquidationPct) ? `${money(r.minDistanceToLiquidationPct)} % away` : '-'}${r.reasons.length > 0 ? `  (${r.reasons.join('; ')})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A backtest's final state per account: the positions its end-of-data fills closed (entry from their
 * round trips), at its final equity. A backtest keeps no day or week references, so the daily and
 * weekly limits are measured from the final equity, the total loss from the initial capital.
 */
export function accountStatesFromBacktest(
  result: { readonly finalEquity: number; readonly fills: ReadonlyArray<{ readonly sleeve: string; readonly symbol: string; readonly quantity: number; readonly reason: string }>; readonly trades: ReadonlyArray<{ readonly sleeve: string; readonly symbol: string; readonly entryPrice: number; readonly exitReason: string }> },
  config: RampartConfig,
): AccountState[] {
  const accountOf = new Map(config.sleeves.map((sleeve) => [sleeve.name, sleeve.account]));
  return tradedAccounts(config).map((account) => {
    const positions = result.fills
      .filter((fill) => fill.reason === 'end_of_data' && accountOf.get(fill.sleeve) === account)
      .map((fill) => ({ symbol: fill.symbol, quantity: -fill.quantity, entryPrice: result.trades.find((trade) => trade.exitReason === 'end_of_data' && trade.sleeve === fill.sleeve && trade.symbol === fill.symbol)?.entryPrice ?? Number.NaN }));
    return { account, equity: result.finalEquity, dayStartEquity: result.finalEquity, weekStartEquity: result.finalEquity, initialEquity: config.capital.initial, positions, source: 'backtest final state (day and week limits from the final equity)' };
  });
}
