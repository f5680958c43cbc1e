import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/loadConfig.ts';
import { StoreSleeveDataSource } from '../wiring/storeSleeveDataSource.ts';
import { runBacktest } from './runBacktest.ts';
import { renderSummaryTable } from '../../ops/reports/renderSummaryTable.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-bar-interval-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// 120 weekdays of a stock: daily bars with weekend gaps.
const rows = ['Date,Open,High,Low,Close,Volume'];
for (let day = 0, price = 100; rows.length <= 120; day++) {
  const date = new Date(Date.UTC(2021, 0, 4) + day * 86_400_000);
  if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
  price *= 1 + 0.02 * Math.sin(day / 5);
  rows.push(`${date.toISOString().slice(0, 10)},${price.toFixed(2)},${(price * 1.01).toFixed(2)},${(price * 0.99).toFixed(2)},${price.toFixed(2)},1000`);
}
writeFileSync(join(dir, 'STOCK.csv'), `${rows.join('\n')}\n`);

function config(name: string, data: string, metrics = ''): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `name: ${name}\nmarket: {type: spot}\n${data}${metrics}risk: research\nsleeves:\n  - {name: S, symbol: STOCK, weight: 1, strategy: sma_cross, params: {fast: 3, slow: 10}, data: {file: STOCK.csv}}\n`);
  return path;
}

const run = async (path: string) => (await runBacktest({ loaded: loadConfig(path), dataSource: new StoreSleeveDataSource(dir) })).report;

describe('the timeframe from the data', () => {
  test('a daily file in a config without data.timeframe is reported as bars of 1 day, not 1h, and annualised as such', async () => {
    const report = await run(config('inferred', ''));
    assert.equal(report.meta.barIntervalMs, 86_400_000);
    assert.equal(report.meta.periodsPerYear, 365);
    assert.match(renderSummaryTable(report), /bars of 1d/);
  });

  test('metrics.periodsPerYear overrides the annualisation (252 for daily stocks)', async () => {
    const report = await run(config('stocks', '', 'metrics: {periodsPerYear: 252}\n'));
    assert.equal(report.meta.periodsPerYear, 252);
  });

  test('a data.timeframe that the data contradicts is refused naming the file, the key, both steps and the line', async () => {
    await assert.rejects(run(config('contradicted', 'data: {timeframe: 1h}\n')), (error: Error) => {
      assert.match(error.message, /contradicted\.yaml \(line 3, column \d+\): data\.timeframe says 1h, but sleeve S's bars are 1d apart/);
      return true;
    });
  });
});
