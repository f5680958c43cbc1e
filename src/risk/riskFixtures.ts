// Builders of intents and snapshots for the risk tests: a plain, valid baseline each test overrides.
import type { OrderIntent } from './orderIntent.ts';
import type { MarketSnapshot, PositionSnapshot, RiskSnapshot, WorkingOrder } from './riskSnapshot.ts';

/** 2024-01-03 12:00 UTC, a Wednesday. */
export const FIXTURE_TIME_MS = Date.UTC(2024, 0, 3, 12);

export function intentOf(overrides: Partial<OrderIntent> = {}): OrderIntent {
  return {
    account: 'main',
    sleeve: 'btc-trend',
    symbol: 'BTCUSDT',
    strategy: 'trend',
    side: 'buy',
    quantity: 0.01,
    price: 40_000,
    reduceOnly: false,
    stopDistance: Number.NaN,
    confidence: Number.NaN,
    timeMs: FIXTURE_TIME_MS,
    ...overrides,
  };
}

export function marketOf(overrides: Partial<MarketSnapshot> = {}): MarketSnapshot {
  return { markPrice: 40_000, markTimeMs: FIXTURE_TIME_MS, atr: Number.NaN, spread: Number.NaN, ...overrides };
}

export function positionOf(quantity: number, overrides: Partial<PositionSnapshot> = {}): PositionSnapshot {
  const entryPrice = overrides.entryPrice ?? 40_000;
  const leverage = overrides.leverage ?? 1;
  return { quantity, entryPrice, leverage, margin: (Math.abs(quantity) * entryPrice) / leverage, ...overrides };
}

export function workingOf(symbol: string, side: 'buy' | 'sell', quantity: number, price: number, reduceOnly = false): WorkingOrder {
  return { symbol, side, quantity, price, reduceOnly };
}

/** A flat 10,000 account with a fresh BTCUSDT mark at 40,000 and ETHUSDT at 2,000. */
export function snapshotOf(overrides: Partial<RiskSnapshot> = {}): RiskSnapshot {
  return {
    equity: 10_000,
    dayStartEquity: 10_000,
    weekStartEquity: 10_000,
    positions: {},
    workingOrders: [],
    markets: { BTCUSDT: marketOf(), ETHUSDT: marketOf({ markPrice: 2_000 }) },
    ...overrides,
  };
}
