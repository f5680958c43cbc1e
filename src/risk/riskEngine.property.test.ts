import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RiskEngine } from './riskEngine.ts';
import type { RiskSnapshot, PositionSnapshot } from './riskSnapshot.ts';
import type { OrderIntent } from './orderIntent.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;
const START_MS = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const LIMITS = { maxPositions: 2, maxLeverage: 2, maxPositionNotional: 3_000 };

type Step =
  | { kind: 'move'; symbol: number; factor: number }
  | { kind: 'order'; symbol: number; buy: boolean; quantity: number; offsetPct: number; reduceOnly: boolean; stopPct: number }
  | { kind: 'kill' }
  | { kind: 'reduce' }
  | { kind: 'reset' }
  | { kind: 'closedTrade'; pnl: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), symbol: fc.nat(2), factor: fc.double({ min: 0.8, max: 1.2, noNaN: true }) }),
  fc.record({
    kind: fc.constant('order' as const),
    symbol: fc.nat(2),
    buy: fc.boolean(),
    quantity: fc.double({ min: 0.001, max: 50, noNaN: true }),
    offsetPct: fc.double({ min: -4, max: 4, noNaN: true }),
    reduceOnly: fc.boolean(),
    stopPct: fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0.1, max: 20, noNaN: true })),
  }),
  fc.constant({ kind: 'kill' as const }),
  fc.constant({ kind: 'reduce' as const }),
  fc.constant({ kind: 'reset' as const }),
  fc.record({ kind: fc.constant('closedTrade' as const), pnl: fc.double({ min: -100, max: 100, noNaN: true }) }),
);

/** A tiny portfolio: cash plus signed positions at 1x, marked to the random price path. */
class Simulator {
  cash = 10_000;
  readonly quantity = new Map<string, number>();
  readonly entry = new Map<string, number>();
  readonly mark = new Map<string, number>([
    ['BTCUSDT', 40_000],
    ['ETHUSDT', 2_000],
    ['SOLUSDT', 100],
  ]);

  equity(): number {
    let equity = this.cash;
    for (const [symbol, quantity] of this.quantity) equity += quantity * (this.mark.get(symbol) as number);
    return equity;
  }

  fill(symbol: string, signedQuantity: number, price: number): void {
    const before = this.quantity.get(symbol) ?? 0;
    const after = before + signedQuantity;
    this.cash -= signedQuantity * price;
    if (Math.abs(after) < 1e-12) this.quantity.delete(symbol);
    else this.quantity.set(symbol, after);
    if (Math.abs(after) > Math.abs(before)) this.entry.set(symbol, price);
  }

  snapshot(timeMs: number, dayStart: number, weekStart: number): RiskSnapshot {
    const positions: Record<string, PositionSnapshot> = {};
    for (const [symbol, quantity] of this.quantity) {
      const entryPrice = this.entry.get(symbol) as number;
      positions[symbol] = { quantity, entryPrice, leverage: 1, margin: Math.abs(quantity) * entryPrice };
    }
    const markets: RiskSnapshot['markets'] = {};
    for (const [symbol, markPrice] of this.mark) (markets as Record<string, unknown>)[symbol] = { markPrice, markTimeMs: timeMs, atr: Number.NaN, spread: Number.NaN };
    return { equity: this.equity(), dayStartEquity: dayStart, weekStartEquity: weekStart, positions, workingOrders: [], markets };
  }
}

test('over random intents, fills and price paths no limit is passed, REDUCING never grows and HALTED never adds risk', () => {
  fc.assert(
    fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 80 }), (steps) => {
      const engine = RiskEngine.fromConfig({
        accounts: { main: { name: 'prop', riskPerTradePct: 1, dailyDrawdownPct: 3, weeklyDrawdownPct: 8, ...LIMITS } },
        portfolio: { maxSymbolExposurePct: 100, maxMarginPct: 100 },
        sanity: { maxOrderNotional: 1e9 },
      });
      const stop = engine.emergencyStop('main');
      const sim = new Simulator();
      let timeMs = START_MS;
      for (const step of steps) {
        timeMs += HOUR;
        stop.onEquity(timeMs, sim.equity());
        if (step.kind === 'move') {
          const symbol = SYMBOLS[step.symbol];
          sim.mark.set(symbol, (sim.mark.get(symbol) as number) * step.factor);
        } else if (step.kind === 'kill') engine.kill('main', 'property', timeMs);
        else if (step.kind === 'reduce') engine.states.reduce('main', 'property', timeMs);
        else if (step.kind === 'reset') engine.reset('main', 'property', timeMs);
        else if (step.kind === 'closedTrade') stop.onTradeClosed(step.pnl, timeMs);
        else {
          const symbol = SYMBOLS[step.symbol];
          const mark = sim.mark.get(symbol) as number;
          const price = mark * (1 + step.offsetPct / 100);
          const intent: OrderIntent = {
            account: 'main',
            sleeve: `sleeve-${symbol}`,
            symbol,
            strategy: 'random',
            side: step.buy ? 'buy' : 'sell',
            quantity: step.quantity / Math.sqrt(mark),
            price,
            reduceOnly: step.reduceOnly,
            stopDistance: (price * step.stopPct) / 100,
            confidence: Number.NaN,
            timeMs,
          };
          const stateBefore = engine.tradingState('main');
          const decision = engine.check(intent, sim.snapshot(timeMs, stop.dayStartEquity, stop.weekStartEquity));
          if (decision.kind === 'denied') continue;
          const filled = decision.kind === 'resized' ? decision.quantity : intent.quantity;
          const before = sim.quantity.get(symbol) ?? 0;
          sim.fill(symbol, step.buy ? filled : -filled, price);
          const after = sim.quantity.get(symbol) ?? 0;
          const grew = Math.abs(after) > Math.abs(before) + 1e-12;
          assert.ok(!(stateBefore === 'REDUCING' && grew), `REDUCING grew ${symbol} from ${before} to ${after}`);
          assert.ok(!(stateBefore === 'HALTED' && (grew || !intent.reduceOnly)), `HALTED let a non-flattening order through on ${symbol}`);
          if (grew) {
            const tolerance = 1 + 1e-9;
            assert.ok(Math.abs(after) * mark <= LIMITS.maxPositionNotional * tolerance, `${symbol} notional ${Math.abs(after) * mark} over the cap`);
            assert.ok(sim.quantity.size <= LIMITS.maxPositions, `${sim.quantity.size} positions over the maximum`);
            let gross = 0;
            for (const [each, quantity] of sim.quantity) gross += Math.abs(quantity) * (sim.mark.get(each) as number);
            const equity = sim.equity();
            assert.ok(gross <= LIMITS.maxLeverage * equity * tolerance + 1e-6, `gross ${gross} over ${LIMITS.maxLeverage}x of ${equity}`);
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});
