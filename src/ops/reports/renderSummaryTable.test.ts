import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSummaryTable } from './renderSummaryTable.ts';
import { buildSampleReport } from './testing/sampleReport.ts';

const ANSI_ESCAPE = '\u001b[';

function sleeveBlock(text: string): string[] {
  const lines = text.split('\n');
  const headerIndex = lines.findIndex((line) => line.startsWith('Sleeve'));
  const block: string[] = [];
  for (let index = headerIndex; index < lines.length && lines[index] !== ''; index++) block.push(lines[index]);
  return block;
}

describe('renderSummaryTable', () => {
  test('has one row per sleeve with symbol, strategy, trades, win rate and contribution', () => {
    const report = buildSampleReport();
    const text = renderSummaryTable(report);
    const block = sleeveBlock(text);
    assert.equal(block.length, 2 + report.sleeves.length, 'header, rule, then one row per sleeve');
    for (const sleeve of report.sleeves) {
      const row = block.find((line) => line.startsWith(sleeve.name));
      assert.ok(row !== undefined, `a row for ${sleeve.name}`);
      assert.ok(row.includes(sleeve.symbol) && row.includes(sleeve.strategy), `${sleeve.name} row shows symbol and strategy`);
      assert.ok(row.includes(`${sleeve.contributionPct >= 0 ? '+' : ''}${sleeve.contributionPct.toFixed(2)}%`), `${sleeve.name} contribution`);
    }
  });

  test('aligns the sleeve columns', () => {
    const report = buildSampleReport({
      sleeves: [
        { name: 'a', symbol: 'BTCUSDT', strategy: 'ema_cross', startPrice: 40_000 },
        { name: 'much-longer-sleeve', symbol: 'X', strategy: 's', startPrice: 1 },
      ],
    });
    const block = sleeveBlock(renderSummaryTable(report));
    const [header, , ...rows] = block;
    const symbolColumn = header.indexOf('Symbol');
    for (const row of rows) assert.notEqual(row[symbolColumn - 1], undefined);
    assert.equal(rows[0].indexOf('BTCUSDT'), symbolColumn, 'symbols start under the Symbol header');
    assert.equal(rows[1].indexOf('X '), symbolColumn);
    const endOfLine = header.length;
    for (const row of rows) assert.equal(row.length, endOfLine, 'right-aligned last column ends under its header');
  });

  test('aligns the metric values to the right', () => {
    const lines = renderSummaryTable(buildSampleReport()).split('\n');
    const start = lines.findIndex((line) => line.startsWith('Metric'));
    const metricLines = lines.slice(start, lines.indexOf('', start));
    const width = metricLines[0].length;
    for (const line of metricLines) assert.equal(line.length, width, `"${line}" ends in the value column`);
    assert.ok(metricLines.some((line) => line.startsWith('Final equity')));
    assert.ok(metricLines.some((line) => line.startsWith('Max drawdown ')));
  });

  test('warns about synthetic data, and only then', () => {
    assert.match(renderSummaryTable(buildSampleReport({ synthetic: true })), /SYNTHETIC DATA/);
    assert.doesNotMatch(renderSummaryTable(buildSampleReport({ synthetic: false })), /SYNTHETIC/);
  });

  test('prints no ANSI colours unless asked', () => {
    const report = buildSampleReport();
    assert.ok(!renderSummaryTable(report).includes(ANSI_ESCAPE), 'plain by default');
    const coloured = renderSummaryTable(report, { color: true });
    assert.ok(coloured.includes(ANSI_ESCAPE), 'colours when color: true');
    const stripped = coloured.replace(/\u001b\[[0-9;]*m/g, '');
    assert.equal(stripped, renderSummaryTable(report), 'colour changes nothing but the escape codes');
  });

  test('shows NaN metrics as a dash', () => {
    const report = buildSampleReport();
    report.metrics.sharpe = NaN;
    const text = renderSummaryTable(report);
    assert.match(text, /^Sharpe\s+—$/m);
    assert.doesNotMatch(text, /NaN/);
  });

  test('strips control characters from names so config cannot inject terminal escapes', () => {
    const report = buildSampleReport();
    report.meta.name = 'evil\u001b[2Jname\nsecond line';
    const text = renderSummaryTable(report);
    assert.ok(!text.includes('\u001b'), 'no escape character');
    assert.match(text, /^Backtest: evil\?\[2Jname\?second line$/m);
  });
});
