import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import { RiskEngine, type OrderIntent, type RiskConfigInput } from '../../risk/index.ts';
import type { Strategy } from '../../strategy/strategy.ts';
import { runBacktestKernel } from '../backtest/runBacktestKernel.ts';
import type { EngineSettings } from '../engineSettings.ts';
import { RiskGate } from './riskGate.ts';
import type { VenueRiskInput } from './venueRiskSnapshot.ts';

// The live runner checks its orders through RiskGate.checkVenueOrder: the same engine check, the
// same denial and resize records and counters, as an order of the kernel's books.

const HOUR_MS = 3_600_000;
const START_MS = Date.UTC(2024, 0, 1);
const LOT = 0.001;

function gateFor(risk: RiskConfigInput): RiskGate {
  return new RiskGate(RiskEngine.fromConfig(risk), { sleeves: [{ name: 'A', account: 'main', weight: 1 }], initialCapital: 10_000, leverage: 3 });
}

function intent(overrides: Partial<OrderIntent> = {}): OrderIntent {
  return { account: 'main', sleeve: 'A', symbol: 'AUSDT', strategy: 'scripted', side: 'buy', quantity: 1, price: 100, reduceOnly: false, stopDistance: Number.NaN, confidence: Number.NaN, timeMs: START_MS + HOUR_MS, ...overrides };
}

function flatVenue(overrides: Partial<VenueRiskInput> = {}): VenueRiskInput {
  return { equity: 10_000, positions: new Map(), workingOrders: [], markets: { AUSDT: { markPrice: 100, markTimeMs: START_MS + HOUR_MS, atr: Number.NaN, spread: Number.NaN } }, ...overrides };
}

describe('RiskGate.checkVenueOrder', () => {
  test('denies a venue order with the record and counters a kernel order of the same sleeve gets', () => {
    const risk: RiskConfigInput = { accounts: { main: { name: 'no-scripts', maxLeverage: 3, deniedStrategies: ['scripted'] } } };
    // The kernel: a long decided at bar 0's close, denied at bar 1's open.
    const candles = allocateCandleSeries('AUSDT', '1h', 3);
    for (let i = 0; i < 3; i++) {
      candles.time[i] = START_MS + i * HOUR_MS;
      candles.open[i] = candles.high[i] = candles.low[i] = candles.close[i] = 100;
      candles.volume[i] = 1;
    }
    let bar = 0;
    const strategy: Strategy = { name: 'scripted', warmupBars: 0, onBar: (_bar, _position, signal) => void (bar++ === 0 && (signal.target = 1)) };
    const settings: EngineSettings = { initialCapital: 10_000, leverage: 3, allowShort: true, liquidation: false, maintenanceMarginRate: 0, feeBps: 0, slippageBps: 0, tradeOn: 'next_open', sizing: { mode: 'fixed_notional', notional: 100, riskPerTrade: 0.01 }, funding: { enabled: false, constantRate: 0, intervalMs: 8 * HOUR_MS }, periodsPerYear: 8_760, daysPerYear: 365 };
    const kernelGate = gateFor(risk);
    runBacktestKernel([{ name: 'A', symbol: 'AUSDT', strategyName: 'scripted', weight: 1, strategy, candles, filters: { lotStep: LOT, tickSize: 0.01, minNotional: 0 } }], settings, { gate: kernelGate, equityObserver: kernelGate });
    const kernel = kernelGate.summary();
    assert.equal(kernel.denialCount, 1, 'precondition: the kernel denied its one entry');

    const venueGate = gateFor(risk);
    const verdict = venueGate.checkVenueOrder(intent(), flatVenue(), LOT);
    assert.equal(verdict.lots, 0, 'a denied order gets no lots');
    assert.deepEqual(verdict.denial, kernel.denials[0], 'the same record: time, sleeve, account, code and figures');
    const venue = venueGate.summary();
    assert.deepEqual(venue.denials, kernel.denials);
    assert.deepEqual(venue.denialsByCode, kernel.denialsByCode, 'counted under the same code');
  });

  test('approves a fitting order in whole lots of the step', () => {
    const verdict = gateFor({ accounts: { main: 'aggressive' } }).checkVenueOrder(intent({ quantity: 0.5 }), flatVenue(), LOT);
    assert.equal(verdict.lots, 500, '0.5 / 0.001');
    assert.equal(verdict.denial, undefined);
    assert.equal(verdict.resize, undefined);
  });

  test('resizes an entry to the profile risk per trade, floored to lots, and records it', () => {
    const gate = gateFor({ accounts: { main: 'normal' } });
    // normal: 1% of 10 000 at risk with the assumed 5% stop → at most 2 000 notional = 20 units at 100.
    const verdict = gate.checkVenueOrder(intent({ quantity: 30 }), flatVenue(), LOT);
    assert.equal(verdict.lots, 20_000);
    assert.equal(verdict.resize?.reason, 'RISK_PER_TRADE');
    assert.equal(verdict.resize?.originalQuantity, 30);
    assert.equal(gate.summary().resizesByReason.RISK_PER_TRADE, 1, 'counted as the kernel counts it');
  });

  test('reads the day reference from the account emergency stop: a loss past the daily limit denies entries', () => {
    const gate = gateFor({ accounts: { main: 'normal' }, emergency: { dailyDrawdown: { enabled: false }, totalLoss: { enabled: false } } });
    gate.engine.emergencyStop('main').onEquity(START_MS, 10_000);
    const verdict = gate.checkVenueOrder(intent({ quantity: 0.1 }), flatVenue({ equity: 9_700 }), LOT);
    assert.equal(verdict.denial?.code, 'DAILY_DRAWDOWN_EXCEEDED', 'down 3% on the day against normal\'s 2%');
    assert.equal(verdict.denial?.figures.drawdownPct, 3, 'measured from the stop\'s day start 10 000, not from the equity now');
    const exit = gate.checkVenueOrder(intent({ side: 'sell', quantity: 0.1, reduceOnly: true }), flatVenue({ equity: 9_700, positions: new Map([['AUSDT', { quantity: 0.1, entryPrice: 100, leverage: 3 }]]) }), LOT);
    assert.equal(exit.lots, 100, 'an exit still passes');
  });

  test('reports the trading-state change a throttle breach causes, as the kernel sees it in the engine', () => {
    const gate = gateFor({ accounts: { main: 'aggressive' }, sanity: { maxOrdersPerWindow: 1, breachesToHalt: 1 } });
    assert.equal(gate.checkVenueOrder(intent({ quantity: 0.1 }), flatVenue(), LOT).lots, 100);
    const second = gate.checkVenueOrder(intent({ sleeve: 'B', quantity: 0.2 }), flatVenue(), LOT);
    assert.equal(second.denial?.code, 'ORDER_RATE_EXCEEDED');
    assert.deepEqual(second.stateChanges.map((change) => `${change.account}:${change.to}`), ['main:HALTED'], 'the breach halts the account');
    assert.deepEqual(gate.summary().stateChanges.map((change) => change.to), ['HALTED'], 'and the gate summary holds it, as in a backtest');
  });
});
