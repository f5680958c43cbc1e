import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktestKernel, type KernelResult } from './runBacktestKernel.ts';
import { syntheticCandles } from '../../domain/market/syntheticCandles.ts';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import type { EngineSettings, SleeveInput } from '../engineSettings.ts';
import { getBuiltInStrategy } from '../../strategy/registry.ts';
import type { Strategy } from '../../strategy/strategy.ts';
import { RiskGate } from '../risk/index.ts';
import { RiskEngine } from '../../risk/index.ts';
import { settingsWith, START_MS, HOUR_MS } from '../../../test/support/engineHarness.ts';

// A run of one sleeve (or of sleeves on the same bars) goes through the kernel's one-sleeve loop; a
// run with a second sleeve through the general loop. A second sleeve that never trades changes
// nothing the first one sees, so both loops must produce the same fills, trades, decisions, equity
// curve, metrics and risk events, bar for bar.

const BARS = 3_000;

/** Never leaves flat: the sleeve that sends the run through the general loop. */
const flat = (): Strategy => ({ name: 'flat', warmupBars: 0, onBar: (_bar, _position, signal) => void (signal.target = 0) });

function sleeve(name: string, candles: CandleSeries, strategy: Strategy): SleeveInput {
  return { name, symbol: candles.symbol, strategyName: strategy.name, weight: name === 'main' ? 1 : 0, strategy, candles, filters: { lotStep: 0.001, tickSize: 0.01, minNotional: 5 } };
}

function strategyFor(kind: string): Strategy {
  const definition = getBuiltInStrategy(kind)!;
  const params = kind === 'breakout_vol_atr' ? { channel: 48, atrPeriod: 14, atrStop: 1.5, timeStopBars: 30, riskMultiplier: 1 } : kind === 'sma_cross' ? { fast: 5, slow: 20 } : { lookback: 24 };
  return definition.create(definition.paramsSchema.parse(params));
}

function run(kind: string, candles: CandleSeries, settings: EngineSettings, withFlatSleeve: boolean, withRisk: boolean): KernelResult & { gate?: RiskGate } {
  const inputs = [sleeve('main', candles, strategyFor(kind))];
  if (withFlatSleeve) inputs.push(sleeve('idle', candles, flat()));
  const gate = withRisk
    ? new RiskGate(RiskEngine.fromConfig({ accounts: { default: 'aggressive' }, emergency: { totalLoss: { lossPct: 4 }, consecutiveLosses: { count: 4 } } }), {
        sleeves: inputs.map((input) => ({ name: input.name, account: 'default', weight: input.weight })),
        initialCapital: settings.initialCapital,
        leverage: settings.leverage,
      })
    : undefined;
  return Object.assign(runBacktestKernel(inputs, settings, { gate, equityObserver: gate }), { gate });
}

function assertSameRun(one: KernelResult, general: KernelResult, label: string): void {
  assert.deepEqual(general.fills, one.fills, `${label}: fills`);
  assert.deepEqual(general.trades, one.trades, `${label}: trades`);
  assert.deepEqual(general.decisions.filter((decision) => decision.sleeve === 'main'), one.decisions, `${label}: decisions`);
  assert.deepEqual([...general.sampleEquity], [...one.sampleEquity], `${label}: equity curve`);
  assert.deepEqual([...general.sampleSleeveNetPnl[0]], [...one.sampleSleeveNetPnl[0]], `${label}: sleeve PnL curve`);
  assert.equal(general.finalEquity, one.finalEquity, `${label}: final equity`);
  assert.equal(general.metrics.maxDrawdown, one.metrics.maxDrawdown, `${label}: max drawdown`);
  assert.equal(general.metrics.sharpe(8_760), one.metrics.sharpe(8_760), `${label}: sharpe`);
  assert.equal(general.metrics.sortino(8_760), one.metrics.sortino(8_760), `${label}: sortino`);
  assert.equal(general.metrics.barsInMarket, one.metrics.barsInMarket, `${label}: bars in the market`);
  assert.equal(general.metrics.maxDrawdownDurationBars, one.metrics.maxDrawdownDurationBars, `${label}: longest drawdown`);
  assert.equal(general.ledger.liquidations, one.ledger.liquidations, `${label}: liquidations`);
  assert.equal(general.bustAtMs, one.bustAtMs, `${label}: bust time`);
}

describe('the one-sleeve loop', () => {
  for (const kind of ['tsmom_ema', 'breakout_vol_atr', 'sma_cross']) {
    test(`gives ${kind} the same fills, trades, equity and metrics as the general loop over random paths, leverage and costs`, () => {
      let trades = 0;
      let liquidations = 0;
      let busts = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const candles = syntheticCandles({ symbol: 'RNDUSDT', timeframe: '1h', bars: BARS, seed: seed * 7919, startPrice: 100, startMs: START_MS, intervalMs: HOUR_MS, sigma: 0.004 * seed });
        const settings = settingsWith({
          initialCapital: 10_000,
          leverage: 1 + (seed % 5) * 4,
          allowShort: true,
          // Without liquidation, a leveraged account can lose everything: the run busts.
          liquidation: seed !== 5,
          feeBps: 4,
          slippageBps: 2,
          tradeOn: seed % 3 === 0 ? 'close' : 'next_open',
          sizing: seed % 2 === 0 ? { mode: 'all_in', notional: 0, riskPerTrade: 0.01 } : { mode: 'weight', notional: 0, riskPerTrade: 0.01 },
          funding: { enabled: true, constantRate: 0.0003, intervalMs: 8 * HOUR_MS },
        });
        const one = run(kind, candles, settings, false, false);
        assertSameRun(one, run(kind, candles, settings, true, false), `${kind} seed ${seed}`);
        trades += one.trades.length;
        liquidations += one.ledger.liquidations;
        if (one.bustAtMs === one.bustAtMs) busts++;
      }
      assert.ok(trades > 50, `the paths trade (${trades} trades)`);
      if (kind === 'tsmom_ema') {
        assert.ok(liquidations > 0, 'some path reaches a liquidation');
        assert.ok(busts > 0, 'some path busts');
      }
    });
  }

  test('gives the same denials, state changes and flattening with the risk gate watching every bar', () => {
    let denials = 0;
    let halts = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const candles = syntheticCandles({ symbol: 'RNDUSDT', timeframe: '1h', bars: BARS, seed: seed * 104_729, startPrice: 100, startMs: START_MS, intervalMs: HOUR_MS, sigma: 0.01 });
      const settings = settingsWith({ initialCapital: 10_000, leverage: 3, allowShort: true, liquidation: true, feeBps: 5, slippageBps: 3 });
      const one = run('tsmom_ema', candles, settings, false, true);
      const general = run('tsmom_ema', candles, settings, true, true);
      assertSameRun(one, general, `risk seed ${seed}`);
      const oneRisk = one.gate!.summary();
      const generalRisk = general.gate!.summary();
      assert.deepEqual(generalRisk.denialsByCode, oneRisk.denialsByCode, `risk seed ${seed}: denials by code`);
      assert.deepEqual(generalRisk.denials, oneRisk.denials, `risk seed ${seed}: denials`);
      assert.deepEqual(generalRisk.stateChanges, oneRisk.stateChanges, `risk seed ${seed}: state changes`);
      denials += oneRisk.denialCount;
      halts += one.fills.filter((fill) => fill.reason === 'risk').length;
    }
    assert.ok(halts > 0, 'the emergency stop flattens some run');
    assert.ok(denials > 0, 'the risk engine denies some order');
  });
});
