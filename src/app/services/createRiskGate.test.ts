import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import { riskConfigSchema, type RiskConfigInput } from '../../risk/index.ts';
import type { BacktestReport } from '../../engine/report/backtestReport.ts';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { StoreSleeveDataSource } from '../wiring/storeSleeveDataSource.ts';
import { runBacktest, type SleeveDataSource } from './runBacktest.ts';

const R1_PATH = fileURLToPath(new URL('../../../config/r1-ensemble.yaml', import.meta.url));
const HOUR_MS = 3_600_000;

function withRisk(loaded: LoadedConfig, risk: RiskConfigInput, market?: LoadedConfig['config']['market']): LoadedConfig {
  return { ...loaded, config: { ...loaded.config, market: market ?? loaded.config.market, risk: riskConfigSchema.parse(risk) } };
}

/** Most positions open at the same time over the run. */
function maxConcurrent(report: BacktestReport): number {
  const events = report.trades.flatMap((trade) => [
    [Date.parse(trade.entryTime), 1],
    [Date.parse(trade.exitTime), -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, change] of events) most = Math.max(most, (open += change));
  return most;
}

/** Largest position notional any trade held (quantity is the trade's largest size). */
function maxNotional(report: BacktestReport): number {
  return Math.max(0, ...report.trades.map((trade) => trade.quantity * trade.entryPrice));
}

describe('R1 ensemble under capital profiles', () => {
  const loaded = loadConfig(R1_PATH);
  const source = new StoreSleeveDataSource(fileURLToPath(new URL('../../../', import.meta.url)));
  const range = { from: '2023-01-01T00:00:00Z', to: '2023-03-15T00:00:00Z' };
  const runWith = async (profile: string, market?: LoadedConfig['config']['market']) =>
    (await runBacktest({ loaded: withRisk(loaded, { accounts: { default: profile } }, market), dataSource: source, ...range })).report;

  test('micro at the config 3x leverage trades less than aggressive, and the denials say the leverage is why', async () => {
    const micro = await runWith('micro');
    const aggressive = await runWith('aggressive');
    assert.ok(aggressive.metrics.trades > 0, 'aggressive trades');
    assert.ok(micro.metrics.trades < aggressive.metrics.trades, `micro ${micro.metrics.trades} trades < aggressive ${aggressive.metrics.trades}`);
    const leverage = micro.risk?.denials.find((denial) => denial.code === 'LEVERAGE_EXCEEDED');
    assert.ok(leverage !== undefined, 'micro denials carry LEVERAGE_EXCEEDED');
    assert.equal(leverage.maxLeverage, 1, 'micro caps leverage at 1x');
    assert.equal(leverage.leverage, 3, 'the config runs at 3x');
    assert.equal(micro.risk?.profiles?.default.name, 'micro');
  });

  test('at 1x leverage micro holds fewer and smaller positions than aggressive, resized by risk per trade', async () => {
    const market = { type: 'futures' as const, marginMode: 'isolated' as const, leverage: 1, maintenanceMarginRate: 0.004 };
    const micro = await runWith('micro', market);
    const aggressive = await runWith('aggressive', market);
    assert.ok(micro.metrics.trades > 0, 'micro trades at 1x');
    assert.ok(maxNotional(micro) < maxNotional(aggressive), `max notional micro ${maxNotional(micro)} < aggressive ${maxNotional(aggressive)}`);
    assert.ok(maxConcurrent(micro) <= 2 && maxConcurrent(micro) <= maxConcurrent(aggressive), `micro holds at most 2 positions at once (${maxConcurrent(micro)}), aggressive ${maxConcurrent(aggressive)}`);
    assert.ok((micro.risk?.resized?.byReason.RISK_PER_TRADE ?? 0) > 0, 'micro entries were shrunk to 0.2% risk per trade');
    const positions = micro.risk?.denials.find((denial) => denial.code === 'MAX_POSITIONS_EXCEEDED');
    if (positions !== undefined) assert.equal(positions.maxPositions, 2, 'micro allows 2 positions');
  });
});

describe('a crash through the R1 ensemble', () => {
  // Steady rise (every sleeve long), then −15% in four bars (−12% in the first), then a slide and a recovery.
  const bars = 1_300;
  const crashAt = 1_000;
  const startMs = Date.UTC(2023, 0, 2);
  function path(startPrice: number): number[] {
    const closes: number[] = [];
    let price = startPrice;
    for (let i = 0; i < bars; i++) {
      if (i < crashAt) price *= 1 + 0.0004 + 0.002 * Math.sin(i / 3);
      else if (i === crashAt) price *= 0.88;
      else if (i < crashAt + 4) price *= 0.988;
      else if (i < crashAt + 100) price *= 0.999;
      else price *= 1.002;
      closes.push(price);
    }
    return closes;
  }
  const dataSource: SleeveDataSource = {
    async load(sleeve) {
      const closes = path(sleeve.symbol.startsWith('BTC') ? 30_000 : sleeve.symbol.startsWith('ETH') ? 2_000 : 20);
      const candles = allocateCandleSeries(sleeve.symbol, '1h', bars);
      for (let i = 0; i < bars; i++) {
        const open = i === 0 ? closes[0] : closes[i - 1];
        candles.time[i] = startMs + i * HOUR_MS;
        candles.open[i] = open;
        candles.close[i] = closes[i];
        candles.high[i] = Math.max(open, closes[i]) * 1.0005;
        candles.low[i] = Math.min(open, closes[i]) * 0.9995;
        candles.volume[i] = 1;
      }
      return { candles, source: 'crash scenario', synthetic: true };
    },
  };
  const risk: RiskConfigInput = {
    accounts: { default: 'aggressive' },
    emergency: {
      dailyDrawdown: { drawdownPct: 5, action: 'HALTED' },
      weeklyDrawdown: { enabled: false },
      consecutiveLosses: { enabled: false },
    },
  };
  const resetMs = startMs + (crashAt + 150) * HOUR_MS;

  test('the emergency stop halts at the configured loss, flattens with risk exits, and entries wait for the reset', async () => {
    const loaded = withRisk(loadConfig(R1_PATH), risk);
    const { report, result } = await runBacktest({
      loaded,
      dataSource,
      risk: { manualCommands: [{ timeMs: resetMs, kind: 'reset', account: 'default', reason: 'crash reviewed' }] },
    });
    const crashMs = startMs + crashAt * HOUR_MS;
    const openAtCrash = new Set(result.trades.filter((trade) => trade.entryTimeMs < crashMs && trade.exitTimeMs >= crashMs).map((trade) => trade.sleeve));
    assert.ok(openAtCrash.size >= 2, `sleeves were long into the crash: ${[...openAtCrash].join(',')}`);

    const halt = report.risk?.stateChanges.find((change) => change.to === 'HALTED');
    assert.ok(halt !== undefined, 'the account went HALTED');
    assert.equal(halt.trigger, 'DAILY_DRAWDOWN');
    assert.ok((halt.drawdownPct as number) >= 5, `fired at a daily loss of at least 5%, was ${String(halt.drawdownPct)}`);
    // Fired on the first bar whose equity is 5% below the UTC day's first equity (every bar is sampled here).
    const dayStart = new Map<string, number>();
    for (const point of report.equity) if (!dayStart.has(point.time.slice(0, 10))) dayStart.set(point.time.slice(0, 10), point.equity);
    const firstBreach = report.equity.find((point) => point.equity <= (dayStart.get(point.time.slice(0, 10)) ?? 0) * 0.95 + 1e-6);
    assert.equal(halt.time, firstBreach?.time, 'the stop fires on the first bar past the loss');

    const haltMs = Date.parse(halt.time);
    const riskExits = report.trades.filter((trade) => trade.exitReason === 'risk');
    assert.ok(riskExits.length >= 1, 'open positions were flattened by risk');
    for (const exit of riskExits) assert.equal(Date.parse(exit.exitTime), haltMs + HOUR_MS, 'at the next open');

    const entries = result.fills.filter((fill) => fill.reason === 'entry' || fill.reason === 'adjust');
    assert.ok(!entries.some((fill) => fill.timeMs > haltMs && fill.timeMs < resetMs), 'no entry between the halt and the reset');
    assert.ok((report.risk?.denialsByCode.TRADING_HALTED ?? 0) > 0, 'entries tried while HALTED were denied as TRADING_HALTED');
    assert.ok(entries.some((fill) => fill.timeMs > resetMs), 'entries resume after the reset');
    assert.ok(report.risk?.stateChanges.some((change) => change.trigger === 'MANUAL_RESET' && change.to === 'ACTIVE'), 'the reset is an event');
  });

  test("the profile's daily limit locks the backtest's account until reset, with the emergency daily stop switched off (playbook §6 scenario 2)", async () => {
    const locking: RiskConfigInput = { ...risk, emergency: { ...risk.emergency, dailyDrawdown: { enabled: false } } };
    const unreset = await runBacktest({ loaded: withRisk(loadConfig(R1_PATH), locking), dataSource });
    const halt = unreset.report.risk?.stateChanges.find((change) => change.to === 'HALTED');
    assert.ok(halt !== undefined, 'the breach of the aggressive 3.5 % a day halts');
    assert.equal(halt.trigger, 'DAILY_DRAWDOWN');
    assert.equal(halt.limitPct, 3.5, "at the profile's limit");
    const haltMs = Date.parse(halt.time);
    const entriesAfter = (fills: typeof unreset.result.fills, fromMs: number) => fills.filter((fill) => (fill.reason === 'entry' || fill.reason === 'adjust') && fill.timeMs > fromMs);
    assert.deepEqual(entriesAfter(unreset.result.fills, haltMs), [], 'no entry for the ~300 bars (12 days) after it: not lifted at the next day');
    assert.ok(!unreset.report.risk?.stateChanges.some((change) => Date.parse(change.time) > haltMs && change.to === 'ACTIVE'), 'never back to ACTIVE by itself');
    const reset = await runBacktest({ loaded: withRisk(loadConfig(R1_PATH), locking), dataSource, risk: { manualCommands: [{ timeMs: resetMs, kind: 'reset', account: 'default', reason: 'reviewed' }] } });
    assert.ok(entriesAfter(reset.result.fills, resetMs).length > 0, 'a reset releases it');
  });
});
