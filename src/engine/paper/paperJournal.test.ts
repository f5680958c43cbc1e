import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RiskEngine } from '../../risk/index.ts';
import type { Strategy } from '../../strategy/strategy.ts';
import { flatCandles, HOUR_MS, settingsWith } from '../../../test/support/engineHarness.ts';
import { runBacktestKernel } from '../backtest/runBacktestKernel.ts';
import { RiskGate } from '../risk/riskGate.ts';
import { denialOfRiskEvent } from '../risk/riskEventRecords.ts';
import { PaperGate } from './paperGate.ts';
import { paperJournal } from './paperJournal.ts';

test('a risk denial of a paper replay is stored as the gate recorded it (sleeve and figures), as live stores its own', () => {
  const candles = flatCandles([100, 100, 100, 100]);
  let bar = 0;
  const strategy: Strategy = { name: 'scripted', warmupBars: 0, onBar: (_bar, _position, signal) => void (bar++ === 0 && (signal.target = 1)) };
  const inner = new RiskGate(RiskEngine.fromConfig({ accounts: { main: { name: 'no-scripts', maxLeverage: 3, deniedStrategies: ['scripted'] } } }), {
    sleeves: [{ name: 'a', account: 'main', weight: 1 }],
    initialCapital: 10_000,
    leverage: 1,
  });
  const gate = new PaperGate({ sleeves: [{ name: 'a', account: 'main', symbol: candles.symbol }], barMs: HOUR_MS, commands: [], inner });
  const result = runBacktestKernel([{ name: 'a', symbol: candles.symbol, strategyName: 'scripted', weight: 1, strategy, candles, filters: { lotStep: 0.001, tickSize: 0.1, minNotional: 0 } }], settingsWith(), { gate, equityObserver: gate, closeAtEnd: false });
  const recorded = inner.summary().denials;
  assert.equal(recorded.length, 1, 'precondition: the risk gate denied the one entry');
  assert.deepEqual(gate.denials[0]?.figures, recorded[0].figures, 'the paper gate keeps the figures of the denial');

  const journal = paperJournal(result, [{ name: 'a', account: 'main', symbol: candles.symbol, strategy: 'scripted', weight: 1, lotStep: 0.001, tickSize: 0.1 }], gate.denials, 10_000);
  const event = journal.denials[0]?.event;
  assert.equal(event?.code, 'STRATEGY_NOT_ALLOWED');
  assert.deepEqual(event?.detail, { sleeve: 'a', figures: { strategy: 'scripted', profile: 'no-scripts', list: 'deny' }, quantity: 100, reduceOnly: false });
  assert.deepEqual(denialOfRiskEvent(event!), recorded[0], 'read back, the same record the report shows');
});

test('an order that shrinks a position is journalled reduce-only, as the kernel sends it; one that opens, grows or flips it is not', () => {
  const candles = flatCandles([100, 100, 100, 100, 100, 100, 100]);
  const targets = [1, 0.5, 1, -1, 0, 0, 0];
  let bar = 0;
  const strategy: Strategy = { name: 'scripted', warmupBars: 0, onBar: (_bar, _position, signal) => void (signal.target = targets[bar++] ?? 0) };
  const gate = new RiskGate(RiskEngine.fromConfig({ accounts: { main: { name: 'open', maxLeverage: 3 } } }), { sleeves: [{ name: 'a', account: 'main', weight: 1 }], initialCapital: 10_000, leverage: 1 });
  const result = runBacktestKernel([{ name: 'a', symbol: candles.symbol, strategyName: 'scripted', weight: 0.2, strategy, candles, filters: { lotStep: 0.001, tickSize: 0.1, minNotional: 0 } }], settingsWith(), { gate, equityObserver: gate, closeAtEnd: false });
  const journal = paperJournal(result, [{ name: 'a', account: 'main', symbol: candles.symbol, strategy: 'scripted', weight: 0.2, lotStep: 0.001, tickSize: 0.1 }], [], 10_000);
  assert.deepEqual(
    journal.orders.map((order) => `${order.intent.side} ${order.reason} ${order.intent.reduceOnly}`),
    ['BUY entry false', 'SELL adjust true', 'BUY adjust false', 'SELL reverse true', 'SELL entry false', 'BUY signal true'],
    'open, shrink (reduce-only), grow, flip (its closing leg reduce-only, then the new side), close',
  );
});

test("an intent keeps the price the simulated venue filled it near, and each funding charge is journalled as the venue's income", () => {
  const candles = flatCandles([100, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
  let bar = 0;
  const strategy: Strategy = { name: 'scripted', warmupBars: 0, onBar: (_bar, _position, signal) => void (bar++ === 0 && (signal.target = 1)) };
  const gate = new RiskGate(RiskEngine.fromConfig({ accounts: { main: { name: 'open', maxLeverage: 3 } } }), { sleeves: [{ name: 'a', account: 'main', weight: 1 }], initialCapital: 10_000, leverage: 1 });
  const settings = settingsWith({ slippageBps: 10, funding: { enabled: true, constantRate: 0.0001, intervalMs: 8 * HOUR_MS } });
  const result = runBacktestKernel([{ name: 'a', symbol: candles.symbol, strategyName: 'scripted', weight: 1, strategy, candles, filters: { lotStep: 0.001, tickSize: 0.1, minNotional: 0 } }], settings, { gate, equityObserver: gate, closeAtEnd: false });
  const journal = paperJournal(result, [{ name: 'a', account: 'main', symbol: candles.symbol, strategy: 'scripted', weight: 1, lotStep: 0.001, tickSize: 0.1 }], [], 10_000);
  const [entry] = journal.orders;
  assert.equal(entry?.intent.referencePrice, '100', 'the reference is the price before slippage');
  assert.equal(entry?.fill.price, '100.1', '10 bps adverse on a buy: 100 × 1.001');
  const quantity = Number(entry?.fill.quantity);
  assert.ok(quantity > 0);
  // One funding time falls inside the holding (08:00 after the 00:00 start): the long pays quantity × 100 × 0.0001.
  assert.deepEqual(journal.funding, [{ account: 'main', symbol: candles.symbol, paymentId: `paper:a:${candles.time[8]}`, income: String(-(quantity * 100 * 0.0001)), atMs: candles.time[8] }]);
});
