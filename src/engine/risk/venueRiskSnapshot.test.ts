import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RiskEngine } from '../../risk/index.ts';
import { venueRiskSnapshot } from './venueRiskSnapshot.ts';

const T0 = Date.UTC(2024, 0, 1);
const markets = { BTCUSDT: { markPrice: 50, markTimeMs: T0, atr: Number.NaN, spread: Number.NaN } };

test('positions carry isolated margin at the venue leverage, else the configured one, and the mark when no entry price', () => {
  const stop = RiskEngine.fromConfig({}).emergencyStop('main');
  const snapshot = venueRiskSnapshot(
    {
      equity: 1_000,
      positions: new Map([
        ['ETHUSDT', { quantity: -2, entryPrice: 100, leverage: 4 }],
        ['BTCUSDT', { quantity: 3, entryPrice: Number.NaN, leverage: Number.NaN }],
      ]),
      workingOrders: [],
      markets,
    },
    stop,
    2,
  );
  assert.deepEqual(snapshot.positions.ETHUSDT, { quantity: -2, entryPrice: 100, leverage: 4, margin: 50 }, '2 × 100 / 4');
  assert.deepEqual(snapshot.positions.BTCUSDT, { quantity: 3, entryPrice: 50, leverage: 2, margin: 75 }, 'at the mark 50 and the configured 2x: 3 × 50 / 2');
});

test('equity references come from the account emergency stop, the equity now where it has seen none', () => {
  const engine = RiskEngine.fromConfig({});
  const stop = engine.emergencyStop('main');
  const fresh = venueRiskSnapshot({ equity: 900, positions: new Map(), workingOrders: [], markets }, stop, 1);
  assert.deepEqual([fresh.equity, fresh.dayStartEquity, fresh.weekStartEquity, fresh.peakEquity], [900, 900, 900, 900]);
  stop.onEquity(T0, 1_000);
  const later = venueRiskSnapshot({ equity: 900, positions: new Map(), workingOrders: [], markets, tradingState: 'REDUCING' }, stop, 1);
  assert.deepEqual([later.equity, later.dayStartEquity, later.weekStartEquity, later.peakEquity], [900, 1_000, 1_000, 1_000]);
  assert.equal(later.tradingState, 'REDUCING', 'the stored state is handed to the engine');
});

test('a flat symbol of the account is listed at the configured leverage, so an entry on it counts its margin as the kernel does', () => {
  const engine = RiskEngine.fromConfig({ portfolio: { maxSymbolExposurePct: 30 } });
  const stop = engine.emergencyStop('main');
  const snapshot = venueRiskSnapshot({ equity: 10_000, positions: new Map(), workingOrders: [], markets }, stop, 3);
  assert.deepEqual(snapshot.positions.BTCUSDT, { quantity: 0, entryPrice: 0, leverage: 3, margin: 0 }, 'flat, at the configured 3x');
  // 50 BTC at 50 is 2,500 notional: 833 margin at 3x (under 30 % of 10,000), 2,500 at 1x (over it).
  const intent = { account: 'main', sleeve: 'btc', symbol: 'BTCUSDT', strategy: 's', side: 'buy' as const, quantity: 50, price: 50, reduceOnly: false, stopDistance: Number.NaN, confidence: Number.NaN, timeMs: T0 };
  const decision = engine.check(intent, snapshot);
  assert.notEqual(decision.kind === 'resized' ? decision.reason : decision.kind === 'denied' ? decision.denial.code : 'approved', 'SYMBOL_EXPOSURE_CAP', `the entry's margin is counted at 3x, was ${JSON.stringify(decision)}`);
});
