import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { RiskEngine, type RiskConfigInput } from '../../risk/index.ts';
import type { Strategy } from '../../strategy/strategy.ts';
import { runBacktestKernel } from '../backtest/runBacktestKernel.ts';
import type { EngineSettings, SleeveInput } from '../engineSettings.ts';
import type { FillRecord } from '../portfolio/sleeveBook.ts';
import type { ManualRiskCommand } from './riskGateRecords.ts';
import { RiskGate } from './riskGate.ts';

const HOUR_MS = 3_600_000;
// Monday 2024-01-01 00:00 UTC: the day and week boundaries are predictable.
const START_MS = Date.UTC(2024, 0, 1);

const SETTINGS: EngineSettings = {
  initialCapital: 10_000,
  leverage: 3,
  allowShort: true,
  liquidation: true,
  maintenanceMarginRate: 0.004,
  feeBps: 5,
  slippageBps: 3,
  tradeOn: 'next_open',
  sizing: { mode: 'weight', notional: 1_000, riskPerTrade: 0.01 },
  funding: { enabled: false, constantRate: 0, intervalMs: 8 * HOUR_MS },
  periodsPerYear: 8_760,
  daysPerYear: 365,
};

function candlesFrom(symbol: string, closes: readonly number[]): CandleSeries {
  const series = allocateCandleSeries(symbol, '1h', closes.length);
  for (let i = 0; i < closes.length; i++) {
    const open = i === 0 ? closes[0] : closes[i - 1];
    series.time[i] = START_MS + i * HOUR_MS;
    series.open[i] = open;
    series.close[i] = closes[i];
    series.high[i] = Math.max(open, closes[i]) * 1.001;
    series.low[i] = Math.min(open, closes[i]) * 0.999;
    series.volume[i] = 1;
  }
  return series;
}

/** Asks for `targets[i]` at the close of bar i (holds after the script ends). */
function scripted(targets: readonly number[]): Strategy {
  let bar = 0;
  return {
    name: 'scripted',
    warmupBars: 0,
    onBar(_bar, _position, signal) {
      if (bar < targets.length) signal.target = targets[bar];
      bar++;
    },
  };
}

function sleeve(name: string, symbol: string, closes: readonly number[], targets: readonly number[], weight = 0.5): SleeveInput {
  return {
    name,
    symbol,
    strategyName: 'scripted',
    weight,
    strategy: scripted(targets),
    candles: candlesFrom(symbol, closes),
    filters: { lotStep: 0.001, tickSize: 0.01, minNotional: 5 },
  };
}

function run(inputs: SleeveInput[], risk: RiskConfigInput, manualCommands: ManualRiskCommand[] = [], settings = SETTINGS, spreadBps?: number) {
  const gate = new RiskGate(RiskEngine.fromConfig(risk), {
    sleeves: inputs.map((input) => ({ name: input.name, account: 'main', weight: input.weight })),
    initialCapital: settings.initialCapital,
    leverage: settings.leverage,
    manualCommands,
    ...(spreadBps !== undefined ? { spreadBps } : {}),
  });
  const result = runBacktestKernel(inputs, settings, { gate, equityObserver: gate });
  return { result, summary: gate.summary() };
}

const flat = (bars: number, price = 100) => Array.from({ length: bars }, () => price);
const entryFills = (fills: FillRecord[]) => fills.filter((fill) => fill.reason === 'entry' || fill.reason === 'adjust');

describe('RiskGate through the backtest kernel', () => {
  test('shrinks an entry to the profile risk per trade and sends whole lots', () => {
    const targets = [1];
    const { result, summary } = run([sleeve('A', 'AUSDT', flat(20), targets, 1)], { accounts: { main: 'normal' } });
    const entry = entryFills(result.fills)[0];
    assert.ok(entry !== undefined, 'the entry fills, smaller');
    // normal: 1% of 10,000 at risk with the assumed 5% stop → at most 2,000 notional (the sizer asked 30,000).
    assert.ok(Math.abs(entry.quantity) * 100 <= 2_000 + 1e-6, `entry notional ${Math.abs(entry.quantity) * 100} within 2,000`);
    assert.ok(Math.abs(entry.quantity) * 100 > 1_900, 'and not shrunk further than needed');
    assert.ok(Math.abs(Math.round(entry.quantity * 1000) - entry.quantity * 1000) < 1e-6, 'a whole number of 0.001 lots');
    assert.equal(summary.resizesByReason.RISK_PER_TRADE, 1, 'the resize is recorded with its reason');
  });

  test('the spread model feeds the spread guardrail: 10 bps of 100 over an ATR of 0.2 is half an ATR, denied under moderate', () => {
    // The entry comes after a few bars: the ATR needs two closed bars.
    const bars = () => [sleeve('A', 'AUSDT', flat(20), [0, 0, 0, 0, 0, 1], 1)];
    // Flat closes at 100 with highs and lows 0.1% away: every true range is 0.2.
    const wide = run(bars(), { accounts: { main: 'normal' } }, [], SETTINGS, 10);
    assert.equal(entryFills(wide.result.fills).length, 0, 'the entry waits');
    assert.equal(wide.summary.denials[0]?.code, 'SPREAD_TOO_WIDE');
    const figures = wide.summary.denials[0]?.figures as { spreadAtrFraction: number; maxSpreadAtrFraction: number };
    assert.ok(Math.abs(figures.spreadAtrFraction - 0.5) < 1e-9, `spread 0.1 / ATR 0.2, was ${figures.spreadAtrFraction}`);
    assert.equal(figures.maxSpreadAtrFraction, 0.25);
    assert.equal(entryFills(run(bars(), { accounts: { main: 'normal' } }, [], SETTINGS, 2).result.fills).length, 1, '2 bps (a tenth of an ATR) passes');
    assert.equal(entryFills(run(bars(), { accounts: { main: 'normal' } }).result.fills).length, 1, 'without a spread model the check skips, as before');
  });

  test('denies every entry of a strategy the profile denies, with the code', () => {
    const risk: RiskConfigInput = { accounts: { main: { name: 'no-scripts', maxLeverage: 3, deniedStrategies: ['scripted'] } } };
    const { result, summary } = run([sleeve('A', 'AUSDT', flat(20), [1, 1, -1], 1)], risk);
    assert.equal(result.fills.length, 0, 'nothing reaches the venue');
    assert.equal(summary.denialsByCode.STRATEGY_NOT_ALLOWED, 2, 'the long and the reversal were both denied');
    assert.deepEqual(summary.denials[0].figures, { strategy: 'scripted', profile: 'no-scripts', list: 'deny' });
  });

  test('counts every denial under its code, in the order the codes first appeared, as the codes alternate', () => {
    // Entries of a denied strategy, then a kill (every order refused as HALTED), then a reset: the
    // strategy denials come back, so the codes go A, B, A.
    const targets = [1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1];
    const commands: ManualRiskCommand[] = [
      { timeMs: START_MS + 5 * HOUR_MS, kind: 'kill', account: 'main', reason: 'drill' },
      { timeMs: START_MS + 11 * HOUR_MS, kind: 'reset', account: 'main', reason: 'drill over' },
    ];
    const risk: RiskConfigInput = { accounts: { main: { name: 'no-scripts', maxLeverage: 3, deniedStrategies: ['scripted'] } } };
    const { summary } = run([sleeve('A', 'AUSDT', flat(20), targets), sleeve('B', 'BUSDT', flat(20), targets)], risk, commands);
    const counted: Record<string, number> = {};
    for (const denial of summary.denials) counted[denial.code] = (counted[denial.code] ?? 0) + 1;
    assert.deepEqual(Object.keys(summary.denialsByCode), ['STRATEGY_NOT_ALLOWED', 'TRADING_HALTED'], 'both codes, first seen first');
    assert.deepEqual(summary.denialsByCode, counted, 'each code counts its denials');
    assert.equal(summary.denialCount, summary.denials.length, 'every denial is counted once');
    const codes = summary.denials.map((denial) => denial.code);
    assert.ok(codes.lastIndexOf('STRATEGY_NOT_ALLOWED') > codes.indexOf('TRADING_HALTED'), 'strategy denials resume after the reset');
  });

  test('a manual kill flattens at the next open with risk exits; entries wait for the reset', () => {
    const targets = [1, ...flat(9, 1), ...flat(5, 1), -1, ...flat(9, -1), 1];
    const killMs = START_MS + 8 * HOUR_MS;
    const resetMs = START_MS + 20 * HOUR_MS;
    const commands: ManualRiskCommand[] = [
      { timeMs: resetMs, kind: 'reset', account: 'main', reason: 'checked the books' },
      { timeMs: killMs, kind: 'kill', account: 'main', reason: 'operator pulled the plug' },
    ];
    const { result, summary } = run([sleeve('A', 'AUSDT', flat(40), targets, 1)], { accounts: { main: 'aggressive' } }, commands);
    const riskExit = result.trades.find((trade) => trade.exitReason === 'risk');
    assert.ok(riskExit !== undefined, 'the position was closed by risk');
    assert.equal(riskExit.exitTimeMs, killMs + HOUR_MS, 'at the open after the kill');
    const entries = entryFills(result.fills);
    assert.ok(!entries.some((fill) => fill.timeMs > killMs && fill.timeMs < resetMs), 'no entry while HALTED');
    assert.ok(entries.some((fill) => fill.timeMs > resetMs), 'entries resume after the reset');
    assert.ok((summary.denialsByCode.TRADING_HALTED ?? 0) >= 1, 'the reversal during the halt was denied');
    const moves = summary.stateChanges.map((change) => `${change.trigger}:${change.to}`);
    assert.deepEqual(moves, ['MANUAL_KILL:HALTED', 'MANUAL_RESET:ACTIVE']);
  });

  test('two accounts each feed their own emergency stop; a halt of one leaves the other trading', () => {
    const falling = Array.from({ length: 30 }, (_, i) => (i < 5 ? 100 : 100 * (1 - 0.02 * (i - 4))));
    const inputs = [sleeve('A', 'AUSDT', falling, [1]), sleeve('B', 'BUSDT', flat(30), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])];
    const gate = new RiskGate(
      RiskEngine.fromConfig({ accounts: { a: 'aggressive', b: 'aggressive' }, emergency: { totalLoss: { lossPct: 3 }, dailyDrawdown: { enabled: false } } }),
      { sleeves: [{ name: 'A', account: 'a', weight: 0.5 }, { name: 'B', account: 'b', weight: 0.5 }], initialCapital: 10_000, leverage: 3 },
    );
    const result = runBacktestKernel(inputs, SETTINGS, { gate, equityObserver: gate });
    const halts = gate.summary().stateChanges.filter((change) => change.to === 'HALTED');
    assert.deepEqual(halts.map((change) => change.account), ['a'], 'only the losing account halts');
    assert.ok(result.trades.some((trade) => trade.sleeve === 'A' && trade.exitReason === 'risk'), 'its sleeve is flattened by risk');
    assert.ok(entryFills(result.fills).some((fill) => fill.sleeve === 'B' && fill.timeMs > halts[0].timeMs), 'the other account still enters');
  });
});

describe('RiskGate property', () => {
  test('over random paths and targets no fill passes the size cap and nothing adds risk after HALTED', () => {
    const capNotional = 6_000;
    const risk: RiskConfigInput = {
      accounts: { main: { name: 'capped', maxLeverage: 3, maxPositionNotional: capNotional } },
      emergency: { totalLoss: { lossPct: 4 }, consecutiveLosses: { enabled: false } },
    };
    const step = fc.double({ min: -0.06, max: 0.06, noNaN: true });
    const target = fc.constantFrom(-1, -0.5, 0, 0.5, 1);
    const runs = fc.record({
      stepsA: fc.array(step, { minLength: 40, maxLength: 80 }),
      stepsB: fc.array(step, { minLength: 40, maxLength: 80 }),
      targetsA: fc.array(target, { minLength: 40, maxLength: 80 }),
      targetsB: fc.array(target, { minLength: 40, maxLength: 80 }),
    });
    let haltedRuns = 0;
    fc.assert(
      fc.property(runs, ({ stepsA, stepsB, targetsA, targetsB }) => {
        const path = (steps: number[]) => steps.reduce<number[]>((closes, r) => [...closes, Math.max(1, closes[closes.length - 1] * (1 + r))], [100]);
        const { result, summary } = run([sleeve('A', 'AUSDT', path(stepsA), targetsA), sleeve('B', 'BUSDT', path(stepsB), targetsB)], risk);
        const haltMs = summary.stateChanges.find((change) => change.to === 'HALTED')?.timeMs ?? Number.POSITIVE_INFINITY;
        if (haltMs !== Number.POSITIVE_INFINITY) haltedRuns++;
        const held = new Map<string, number>();
        for (const fill of result.fills) {
          const before = held.get(fill.sleeve) ?? 0;
          const after = before + fill.quantity;
          held.set(fill.sleeve, after);
          if (Math.abs(after) <= Math.abs(before) + 1e-12) continue;
          // The cap is checked at the mark (the open); the fill pays 3 bps slippage on top.
          assert.ok(Math.abs(after) * fill.price <= capNotional * 1.001, `${fill.sleeve} notional ${Math.abs(after) * fill.price} over the cap`);
          assert.ok(fill.timeMs <= haltMs, `risk-increasing fill at ${fill.timeMs} after the halt at ${haltMs}`);
        }
      }),
      { numRuns: 120, seed: 20240601 },
    );
    assert.ok(haltedRuns > 0, 'some runs reached the emergency stop, so the HALTED property was exercised');
  });
});

/** The gate with its quiet band switched off: the kernel shows it every bar. */
class EveryBarGate extends RiskGate {
  override onEquity(times: Float64Array, at: number, equities: Float64Array, slot: number): boolean {
    const flatten = super.onEquity(times, at, equities, slot);
    this.quietUntilMs = Number.NEGATIVE_INFINITY;
    return flatten;
  }
}

describe('RiskGate quiet band', () => {
  test('skipping the quiet bars changes no fill, denial or state change (random paths, triggers, kill and reset)', () => {
    // A losing streak halts in some runs: the halt comes from a closed trade, between equity bars.
    const riskWith = (streakAction: 'REDUCING' | 'HALTED'): RiskConfigInput => ({
      accounts: { main: 'aggressive' },
      emergency: { totalLoss: { lossPct: 6 }, dailyDrawdown: { drawdownPct: 2, action: 'REDUCING' }, consecutiveLosses: { count: 2, action: streakAction } },
    });
    const step = fc.double({ min: -0.04, max: 0.045, noNaN: true });
    const target = fc.constantFrom(-1, -0.5, 0, 0.5, 1);
    const runs = fc.record({
      steps: fc.array(step, { minLength: 60, maxLength: 160 }),
      targetsA: fc.array(target, { minLength: 60, maxLength: 160 }),
      targetsB: fc.array(target, { minLength: 60, maxLength: 160 }),
      killBar: fc.integer({ min: 10, max: 80 }),
      resetAfterBars: fc.integer({ min: 1, max: 50 }),
      streakAction: fc.constantFrom('REDUCING' as const, 'HALTED' as const),
    });
    let transitions = 0;
    fc.assert(
      fc.property(runs, ({ steps, targetsA, targetsB, killBar, resetAfterBars, streakAction }) => {
        const risk = riskWith(streakAction);
        const closes = steps.reduce<number[]>((path, r) => [...path, Math.max(1, path[path.length - 1] * (1 + r))], [100]);
        const commands: ManualRiskCommand[] = [
          { timeMs: START_MS + killBar * HOUR_MS, kind: 'kill', account: 'main', reason: 'drill' },
          { timeMs: START_MS + (killBar + resetAfterBars) * HOUR_MS, kind: 'reset', account: 'main', reason: 'drill over' },
        ];
        const outcome = (Gate: typeof RiskGate) => {
          // Two sleeves on the account: when one's losing trade halts it, the other may still hold a position.
          const inputs = [sleeve('A', 'AUSDT', closes, targetsA), sleeve('B', 'BUSDT', closes.map((close) => 200 - close / 2), targetsB)];
          const gate = new Gate(RiskEngine.fromConfig(risk), {
            sleeves: inputs.map((input) => ({ name: input.name, account: 'main', weight: input.weight })),
            initialCapital: 10_000,
            leverage: 3,
            manualCommands: commands,
          });
          const result = runBacktestKernel(inputs, SETTINGS, { gate, equityObserver: gate });
          const summary = gate.summary();
          return { fills: result.fills, trades: result.trades, denials: summary.denials, stateChanges: summary.stateChanges, finalEquity: result.finalEquity };
        };
        const quiet = outcome(RiskGate);
        const everyBar = outcome(EveryBarGate);
        transitions += quiet.stateChanges.length;
        assert.deepEqual(quiet, everyBar);
      }),
      { numRuns: 80, seed: 20241204 },
    );
    assert.ok(transitions > 80 * 2, `the runs moved the trading state beyond the drill (${transitions} transitions)`);
  });
});
