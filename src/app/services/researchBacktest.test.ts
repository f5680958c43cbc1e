import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/loadConfig.ts';
import { StoreSleeveDataSource } from '../wiring/storeSleeveDataSource.ts';
import { runBacktest } from './runBacktest.ts';
import { runBacktestJob } from '../main.ts';
import { renderSummaryTable } from '../../ops/reports/renderSummaryTable.ts';
import { renderHtmlReport } from '../../ops/reports/renderHtmlReport.ts';
import { cliInProcess } from '../../../test/support/cliInProcess.ts';
import { sharedPath, skipWithoutShared } from '../../../test/support/sharedData.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-research-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, yaml: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

const backtest = async (path: string) => runBacktest({ loaded: loadConfig(path), dataSource: new StoreSleeveDataSource(join(dir, 'store')) });

/** backtesting.py's own test (test_compute_stats): SmaCross 10/30 on GOOG, cash 10,000, no commission, margin 1, finalize_trades. */
function googConfig(extra: { risk?: string; endOfData?: string } = {}): string {
  return writeConfig(
    `goog-${extra.risk ?? 'none'}-${extra.endOfData ?? 'default'}`,
    [
      'name: goog-sma-cross',
      'market: {type: futures, marginMode: isolated, leverage: 1}',
      'capital: {initial: 10000, currency: USD}',
      `execution: {tradeOn: next_open, feeBps: 0, slippageBps: 0${extra.endOfData ? `, endOfData: ${extra.endOfData}` : ''}}`,
      'funding: {enabled: false}',
      'instrument: {lotStep: 1, tickSize: 0.01, minNotional: 0}',
      'sizing: {mode: all_in}',
      'data: {timeframe: 1d}',
      ...(extra.risk ? [`risk: ${extra.risk}`] : []),
      'sleeves:',
      `  - {name: GOOG, symbol: GOOG, weight: 1, strategy: sma_cross, params: {fast: 10, slow: 30}, data: {file: ${JSON.stringify(skipWithoutShared ? 'absent.csv' : sharedPath('data', 'backtesting.py', 'GOOG.csv'))}}}`,
      '',
    ].join('\n'),
  );
}

const SYNTHETIC = (lines: string) =>
  `name: synth\nmarket: {type: futures, leverage: 1}\nexecution: {feeBps: 0, slippageBps: 0${lines}}\ninstrument: {lotStep: 0.001, tickSize: 0.1, minNotional: 0}\nfunding: {enabled: false}\ndata: {syntheticFallback: {bars: 300, seed: 5}}\n`;

describe('risk: research', () => {
  test('reproduces backtesting.py\'s published GOOG SmaCross result: 66 trades, final equity 51,422.99, max drawdown 47.98 %, win rate 46.97 %', { skip: skipWithoutShared }, async () => {
    const { report } = await backtest(googConfig({ risk: 'research', endOfData: 'last_open' }));
    assert.equal(report.metrics.trades, 66, 'trades');
    assert.equal(report.metrics.finalEquity.toFixed(2), '51422.99', 'final equity');
    assert.equal(Math.abs(report.metrics.maxDrawdownPct).toFixed(2), '47.98', 'max drawdown');
    assert.equal(report.metrics.winRatePct.toFixed(2), '46.97', 'win rate');
    assert.equal(report.risk?.denialCount, 0, 'nothing denied');
    assert.equal(report.trades.at(-1)?.exitPrice, 797.8, 'the last trade closes at the last bar\'s open (finalize_trades)');
  });

  test('without risk: research the same config is cut to the micro profile\'s risk budget, and the job warns naming the profile and the limit', { skip: skipWithoutShared }, async () => {
    const result = await runBacktestJob({ configPath: googConfig(), jsonPath: join(dir, 'micro.json'), htmlPath: join(dir, 'micro.html') });
    assert.ok(result.warnings.some((warning) => /capital profile micro .*riskPerTradePct/.test(warning)), result.warnings.join('\n'));
    assert.ok((result.report.risk?.resized?.count ?? 0) > 0, 'entries were resized');
    assert.match(result.summary, /profile in force: default → micro/);
    assert.match(result.summary, /resized: [\d,]+ \(RISK_PER_TRADE/);
  });

  test('endOfData last_close (the default) closes at the last close; keep_open leaves the position open, marked to market', { skip: skipWithoutShared }, async () => {
    const atClose = (await backtest(googConfig({ risk: 'research' }))).report;
    assert.equal(atClose.trades.at(-1)?.exitPrice, 806.19, 'the last close');
    assert.equal(atClose.trades.at(-1)?.exitReason, 'end_of_data');
    const kept = (await backtest(googConfig({ risk: 'research', endOfData: 'keep_open' }))).report;
    assert.equal(kept.trades.length, 65, 'the open position is no trade');
    assert.equal(kept.metrics.finalEquity.toFixed(2), atClose.metrics.finalEquity.toFixed(2), 'marked at the last close, as the close would realise');
  });

  test('is labelled RESEARCH in the summary, the HTML report and the JSON report\'s profiles', async () => {
    const path = writeConfig('labelled', `${SYNTHETIC('')}risk: research\nsleeves:\n  - {name: A, symbol: BTCUSDT, weight: 1, strategy: sma_cross, params: {fast: 3, slow: 8}}\n`);
    const { report, riskEngine } = await backtest(path);
    assert.equal(report.risk?.profiles?.default?.name, 'research');
    assert.match(renderSummaryTable(report), /^RESEARCH: account default ran under the research profile/m);
    assert.match(renderSummaryTable(report), /profile in force: default → research/);
    const html = renderHtmlReport(report, { chartLibraryJs: '', prices: [] });
    assert.match(html, /<title>\[RESEARCH\]/);
    assert.match(html, /class="banner">RESEARCH: account default/);
    const settings = riskEngine.emergencyStop('default').toJSON();
    assert.equal(settings.dayFloor, null, 'no daily floor: no emergency stop and no daily-breach lock');
  });

  test('is refused by paper and live with exit 2 naming the file and the key', async () => {
    const path = writeConfig('refused', `${SYNTHETIC('')}risk: research\nsleeves:\n  - {name: A, symbol: BTCUSDT, weight: 1, strategy: sma_cross}\n`);
    const paper = await cliInProcess(['run', '-c', path, '--paper', '--once', '--state-dir', join(dir, 'paper-state')]);
    assert.equal(paper.code, 2, paper.out);
    assert.match(paper.stderr, /refused\.yaml: risk: research is for backtests only/);
    const live = await cliInProcess(['run', '-c', path, '--real', '--testnet', '--once', '--state-dir', join(dir, 'live-state')]);
    assert.equal(live.code, 2, live.out);
    assert.match(live.stderr, /risk: research is for backtests only.*live trading/);
  });

  test('a risk value other than research or a mapping is refused with the key path', () => {
    const path = writeConfig('typo', `${SYNTHETIC('')}risk: reserach\nsleeves:\n  - {name: A, symbol: BTCUSDT, weight: 1, strategy: sma_cross}\n`);
    assert.throws(() => loadConfig(path), /risk: must be "research" or a mapping/);
  });
});

describe('execution.endOfData', () => {
  const endOfData = async (choice: string) => {
    const path = writeConfig(`end-${choice}`, `${SYNTHETIC(`, endOfData: ${choice}`)}risk: research\nsleeves:\n  - {name: A, symbol: BTCUSDT, weight: 1, strategy: sma_cross, params: {fast: 3, slow: 8}}\n`);
    const outcome = await backtest(path);
    const book = outcome.result.sleeves[0];
    return { report: outcome.report, lastOpen: book.openPrice[book.length - 1], lastClose: book.closePrice[book.length - 1] };
  };

  test('last_close, last_open and keep_open end the last position as named', async () => {
    const atClose = await endOfData('last_close');
    const last = atClose.report.trades.at(-1)!;
    assert.equal(last.exitReason, 'end_of_data', 'a crossover strategy is in the market at the end');
    // The report rounds prices to 5 decimals.
    assert.ok(Math.abs(last.exitPrice - atClose.lastClose) < 1e-4, `${last.exitPrice} at the last close ${atClose.lastClose}`);
    const atOpen = await endOfData('last_open');
    assert.ok(Math.abs(atOpen.report.trades.at(-1)!.exitPrice - atOpen.lastOpen) < 1e-4, 'at the last open');
    assert.notEqual(atOpen.lastOpen.toFixed(4), atOpen.lastClose.toFixed(4), 'the two prices differ, so the test can tell them apart');
    assert.equal(atOpen.report.trades.length, atClose.report.trades.length);
    const kept = await endOfData('keep_open');
    assert.equal(kept.report.trades.length, atClose.report.trades.length - 1, 'the open position is no trade');
    assert.equal(kept.report.metrics.finalEquity.toFixed(6), atClose.report.metrics.finalEquity.toFixed(6), 'marked at the last close');
  });
});

describe('sizing: fixed_quantity', () => {
  test('every entry is the configured quantity, whatever the equity', async () => {
    const path = writeConfig('fixed', `${SYNTHETIC('')}sizing: {mode: fixed_quantity, quantity: 0.05}\nrisk: research\nsleeves:\n  - {name: A, symbol: BTCUSDT, weight: 1, strategy: sma_cross, params: {fast: 3, slow: 8}}\n`);
    const { report } = await backtest(path);
    assert.ok(report.trades.length > 3, `trades: ${report.trades.length}`);
    for (const trade of report.trades) assert.equal(trade.quantity, 0.05);
  });

  test('without a quantity it is refused naming sizing.quantity', () => {
    const path = writeConfig('fixed-missing', `${SYNTHETIC('')}sizing: {mode: fixed_quantity}\nsleeves:\n  - {name: A, symbol: BTCUSDT, weight: 1, strategy: sma_cross}\n`);
    assert.throws(() => loadConfig(path), /sizing\.quantity: sizing mode fixed_quantity needs a quantity/);
  });
});
