import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPath, skipWithoutShared } from '../../../../test/support/sharedData.ts';
import { loadConfig } from '../../config/loadConfig.ts';
import { StoreSleeveDataSource } from '../../wiring/storeSleeveDataSource.ts';
import { runBacktest } from '../runBacktest.ts';

const FEE_BPS = 0.2; // runbook XAUUSD commission 0.00002
const SLIPPAGE_BPS = 0.1; // runbook slippage 0.00001
const TICK = 0.00001;
const MIN_CONFIDENCE = 0.55;
const TP_ATR = 1.4;
const SL_ATR = 1.0;
const WARMUP_BARS = 48;

/** A folder holding the fixture's models, their manifest and a config trading them on EURUSD 1h. */
function setUp(extra: { risk?: string; sleeve?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-ml-backtest-'));
  const features = (JSON.parse(readFileSync(sharedPath('expected', 'ml', 'fixture.json'), 'utf8')) as { features: string[] }).features;
  const entries = ['xgb_eurusd_1h.json', 'lgbm_eurusd_1h.txt'].map((file) => {
    copyFileSync(sharedPath('expected', 'ml', file), join(dir, file));
    const sha256 = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');
    return [
      `  - file: ${file}`,
      `    sha256: ${sha256}`,
      '    timeframe: 1h',
      `    features: [${features.join(', ')}]`,
      '    trainingPeriod: {from: "2017-04-19T09:00:00Z", to: "2017-11-14T00:00:00Z"}',
      '    acceptedMetrics: {sharpe: 0.2, profitFactor: 1.3, winRate: 0.52}',
    ].join('\n');
  });
  writeFileSync(join(dir, 'manifest.yaml'), `models:\n${entries.join('\n')}\n`);
  writeFileSync(
    join(dir, 'ml.yaml'),
    `name: ml-eurusd
market: {type: futures, marginMode: isolated, leverage: 1}
capital: {initial: 10000, currency: USD}
execution: {tradeOn: next_open, feeBps: ${FEE_BPS}, slippageBps: ${SLIPPAGE_BPS}}
funding: {enabled: false}
${extra.risk ?? 'risk: {accounts: {default: aggressive}, emergency: {consecutiveLosses: {enabled: false}}}'}
instrument: {lotStep: 1, tickSize: ${TICK}, minNotional: 0}
data: {timeframe: 1h, store: ${join(dir, 'store')}}
sleeves:
  - name: eurusd-ml
    symbol: EURUSD
    weight: 1
    strategy: ml_ensemble
${extra.sleeve ?? ''}
    data: {file: ${sharedPath('data', 'backtesting.py', 'EURUSD.csv')}}
    params:
      manifest: manifest.yaml
      models: [{file: xgb_eurusd_1h.json}, {file: lgbm_eurusd_1h.txt}]
      minConfidence: ${MIN_CONFIDENCE}
      takeProfitAtr: ${TP_ATR}
      stopLossAtr: ${SL_ATR}
      warmupBars: ${WARMUP_BARS}
`,
  );
  return dir;
}

interface DerivedTrade {
  side: number;
  entryTimeMs: number;
  entryPrice: number;
  exitTimeMs: number;
  exitPrice: number;
  exitReason: string;
  r: number;
}

/**
 * The trades re-derived from the runbook's rules alone, from the raw candles and the libraries' own
 * probabilities (predictions.csv), not from Rampart's models or features: decide at a bar's close
 * when flat (mean probability above 0.55 long, below 0.45 short), fill at the next open moved by
 * slippage onto the tick grid, stop 1.0 ATR and take-profit 1.4 ATR from the fill (Wilder ATR 14 at
 * the deciding close), each bar from the entry bar on: gap past a level fills at the open, both
 * touched takes the stop; a take-profit fills at its level, a stop at its level moved by slippage.
 */
function deriveTrades(): DerivedTrade[] {
  const candles = readFileSync(sharedPath('data', 'backtesting.py', 'EURUSD.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const time = candles.map((c) => Date.parse(`${c[0].replace(' ', 'T')}Z`));
  const [open, high, low, close] = [1, 2, 3, 4].map((k) => candles.map((c) => Number(c[k])));
  const predictions = readFileSync(sharedPath('expected', 'ml', 'predictions.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const p = predictions.map((row) => (Number(row[1]) + Number(row[2])) / 2);
  assert.equal(p.length, time.length);
  const atr: number[] = [];
  for (let i = 0; i < time.length; i++) {
    const range = i === 0 ? high[0] - low[0] : Math.max(high[i] - low[i], Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1]));
    atr.push(i === 0 ? range : atr[i - 1] + (range - atr[i - 1]) / 14);
  }
  const slip = SLIPPAGE_BPS / 10_000;
  const buy = (price: number) => Math.ceil((price * (1 + slip)) / TICK - 1e-9) * TICK;
  const sell = (price: number) => Math.floor((price * (1 - slip)) / TICK + 1e-9) * TICK;
  const trades: DerivedTrade[] = [];
  let t = WARMUP_BARS;
  while (t < time.length - 1) {
    assert.ok(Math.abs(p[t] - MIN_CONFIDENCE) > 1e-6 && Math.abs(p[t] - (1 - MIN_CONFIDENCE)) > 1e-6, `bar ${t}: probability ${p[t]} is too close to a threshold to re-derive`);
    const side = p[t] > MIN_CONFIDENCE ? 1 : p[t] < 1 - MIN_CONFIDENCE ? -1 : 0;
    if (side === 0) {
      t++;
      continue;
    }
    const e = t + 1;
    const entryPrice = side > 0 ? buy(open[e]) : sell(open[e]);
    const stopDistance = SL_ATR * atr[t];
    const stop = entryPrice - side * stopDistance;
    const takeProfit = entryPrice + side * TP_ATR * atr[t];
    let exit: { j: number; price: number; reason: string } | undefined;
    for (let j = e; j < time.length && exit === undefined; j++) {
      const stopHit = side > 0 ? low[j] <= stop : high[j] >= stop;
      const takeProfitHit = side > 0 ? high[j] >= takeProfit : low[j] <= takeProfit;
      const gapPastTakeProfit = side > 0 ? open[j] >= takeProfit : open[j] <= takeProfit;
      if (takeProfitHit && (!stopHit || gapPastTakeProfit)) exit = { j, price: side > 0 ? Math.max(open[j], takeProfit) : Math.min(open[j], takeProfit), reason: 'take_profit' };
      else if (stopHit) {
        const level = side > 0 ? Math.min(open[j], stop) : Math.max(open[j], stop);
        exit = { j, price: side > 0 ? sell(level) : buy(level), reason: 'stop' };
      }
    }
    exit ??= { j: time.length - 1, price: close[time.length - 1], reason: 'end_of_data' };
    trades.push({ side, entryTimeMs: time[e], entryPrice, exitTimeMs: time[exit.j], exitPrice: exit.price, exitReason: exit.reason, r: (side * (exit.price - entryPrice)) / stopDistance });
    // Flat after the exit bar's intrabar: the strategy decides again at that bar's close.
    t = exit.j;
  }
  return trades;
}

describe('ml_ensemble backtest on EURUSD 1h with the fixture’s models, ATR take-profit and stop', { skip: skipWithoutShared }, () => {
  it('makes exactly the trades the runbook’s rules give from the libraries’ own probabilities (entry, exit level, reason, R)', async () => {
    const dir = setUp();
    const outcome = await runBacktest({ loaded: loadConfig(join(dir, 'ml.yaml')), dataSource: new StoreSleeveDataSource(join(dir, 'store')) });
    assert.equal(outcome.report.risk?.denials.length ?? 0, 0, 'no order denied: every trade is the strategy’s');
    const trades = outcome.result.trades;
    const decisions = outcome.result.decisions.filter((decision) => decision.target !== 0);
    const expected = deriveTrades();
    assert.ok(expected.length > 100, `a meaningful sample: ${expected.length} trades`);
    assert.ok(expected.some((trade) => trade.exitReason === 'take_profit') && expected.some((trade) => trade.exitReason === 'stop'), 'both exits occur');
    assert.equal(trades.length, expected.length, 'trade count');
    const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9;
    expected.forEach((want, k) => {
      const got = trades[k];
      const label = `trade ${k} entered ${new Date(want.entryTimeMs).toISOString()}`;
      assert.equal(got.side, want.side, `${label}: side`);
      assert.equal(got.entryTimeMs, want.entryTimeMs, `${label}: entry time`);
      assert.ok(near(got.entryPrice, want.entryPrice), `${label}: entry ${got.entryPrice} vs ${want.entryPrice}`);
      assert.equal(got.exitReason, want.exitReason, `${label}: exit reason`);
      assert.equal(got.exitTimeMs, want.exitTimeMs, `${label}: exit time`);
      assert.ok(near(got.exitPrice, want.exitPrice), `${label}: exit ${got.exitPrice} vs ${want.exitPrice}`);
      const stopDistance = decisions[k].stopDistance;
      const r = (got.side * (got.exitPrice - got.entryPrice)) / stopDistance;
      assert.ok(Math.abs(r - want.r) < 1e-6, `${label}: R ${r} vs ${want.r}`);
      const fees = (Math.abs(got.quantity) * (got.entryPrice + got.exitPrice) * FEE_BPS) / 10_000;
      assert.ok(Math.abs(got.pnl - (got.side * got.quantity * (got.exitPrice - got.entryPrice) - fees)) < 1e-6, `${label}: PnL = move × quantity − fees`);
    });
    const averageR = expected.reduce((sum, trade) => sum + trade.r, 0) / expected.length;
    const statistics = outcome.report.sleeves[0].tradeStatistics;
    assert.ok(Math.abs((statistics?.averageR ?? Number.NaN) - averageR) < 1e-6, `report average R ${statistics?.averageR} vs re-derived ${averageR}`);
  });

  it('market costs reach the spread guardrail: the XAUUSD preset’s 3-pip spread on EURUSD pips is too wide for a 0.1-ATR limit', async () => {
    const dir = setUp({
      risk: 'risk: {accounts: {default: aggressive}, emergency: {consecutiveLosses: {enabled: false}}, guardrails: {maxSpreadAtrFraction: 0.1}}',
      sleeve: '    costs: {preset: XAUUSD, pipSize: 0.0001}',
    });
    const outcome = await runBacktest({ loaded: loadConfig(join(dir, 'ml.yaml')), dataSource: new StoreSleeveDataSource(join(dir, 'store')) });
    const spreadDenials = outcome.report.risk?.denials.filter((denial) => denial.code === 'SPREAD_TOO_WIDE') ?? [];
    assert.ok(spreadDenials.length > 0, 'entries denied for a spread of 0.0003 against an hourly ATR near 0.0015');
    const fill = outcome.result.fills[0];
    assert.ok(fill !== undefined, 'some entries pass when the ATR is wide');
  });
});
