//! The user-strategy scenario of the cross-mode parity test: a strategy file outside the repository,
//! a scripted series whose bars carry the targets, a spread guardrail that fires, and a crash bar
//! that breaches the emergency stop's daily drawdown (HALTED, then flatten).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { scriptCandles, writeConfig, writeUserStrategy, type ScriptBar } from './modeParityScenario.ts';

export const USER_SYMBOL = 'BTCUSDT';
export const USER_BAR_MS = 60_000;
/** Spread model of the backtest, bps of the close; the live venue's book is set to the same spread each bar. */
export const USER_SPREAD_BPS = 1;
/** Far enough that no protective stop triggers inside the script's bars (the crash bar's low stays above it). */
export const USER_STOP_DISTANCE = 5_000;

const quiet = (price: number, code = 0): ScriptBar => ({ open: price, close: price, range: 1, code });
const active = (open: number, close: number, code: number): ScriptBar => ({ open, close, range: 150, code });

/**
 * The script, bar by bar (each bar opens at the previous close, so the venue's price at a decision,
 * the next open, is also the bar's close the backtest marks the emergency stop at):
 * 16 quiet bars (ATR ≈ 2, so a spread of 6 is 3 ATR), then a long signal on a quiet bar the spread
 * guardrail denies; active bars (ATR in the hundreds); long, reverse to short, flat, long again; a
 * crash bar (−4100 on 0.016 BTC ≈ −0.66 %, past the 0.3 % daily drawdown set below, stop 5000 away
 * not reached) halts the account and the long is flattened; the long signals after it are entries
 * the HALTED state refuses.
 */
export const USER_SCRIPT: readonly ScriptBar[] = [
  ...Array.from({ length: 16 }, () => quiet(60_000)),
  quiet(60_000, 1),
  active(60_000, 60_000, 0),
  active(60_000, 60_000, 0),
  active(60_000, 60_000, 0),
  active(60_000, 60_000, 1),
  active(60_000, 60_300, 1),
  active(60_300, 60_300, 2),
  active(60_300, 60_100, 2),
  active(60_100, 60_100, 0),
  active(60_100, 60_100, 1),
  { open: 60_100, close: 56_000, range: 50, code: 1 },
  active(56_000, 56_000, 1),
  active(56_000, 56_000, 1),
  active(56_000, 56_000, 0),
];

export interface UserScenario {
  readonly loaded: LoadedConfig;
  readonly dir: string;
  readonly candles: Map<string, CandleSeries>;
  readonly startMs: number;
}

/** The scenario with its bars opening at `startMs` (live: minutes before now, the venue serves them as history). */
export function userScenario(startMs: number, account = 'main'): UserScenario {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-parity-user-'));
  const strategyPath = writeUserStrategy(dir);
  const raw = {
    name: 'parity-user',
    market: { type: 'futures', leverage: 1 },
    capital: { initial: 10_000, currency: 'USDT' },
    // The venue's taker fee (0.0004), no slippage, the venue's spread: fills at the modelled price.
    execution: { tradeOn: 'next_open', feeBps: 4, slippageBps: 0, spreadBps: USER_SPREAD_BPS },
    funding: { enabled: false },
    instrument: { lotStep: 0.001, tickSize: 0.1, minNotional: 100 },
    sizing: { mode: 'weight' },
    data: { timeframe: '1m' },
    risk: { accounts: { [account]: 'normal' }, emergency: { dailyDrawdown: { drawdownPct: 0.3 } } },
    sleeves: [{ name: 'btc', symbol: USER_SYMBOL, weight: 0.1, account, strategy: strategyPath, params: { stopDistance: USER_STOP_DISTANCE } }],
  };
  const written = writeConfig(raw, dir);
  const candles = new Map([[ReplayMarketFeed.key(USER_SYMBOL, '1m'), scriptCandles(USER_SYMBOL, '1m', startMs, USER_BAR_MS, USER_SCRIPT)]]);
  return { loaded: written.loaded, dir, candles, startMs };
}
