import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import { launchBrowser, type BrowserSession } from '../../../test/support/browser.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderSweepHtml } from './renderSweepHtml.ts';
import { BestRuns } from './bestRuns.ts';

// The standalone build the CLI inlines (app/wiring/chartLibrary.ts), read here the same way.
const chartLibrary = readFileSync(join(dirname(createRequire(import.meta.url).resolve('lightweight-charts/package.json')), 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
import type { SweepRunResult } from './sweepRunResult.ts';

// A 3 × 2 grid whose Sharpe is lookback / 10 + fee: sorting and the heatmap's cells are known.
const results: SweepRunResult[] = [10, 20, 30].flatMap((lookback, i) =>
  [1, 2].map((fee, j) => ({
    gridIndex: i * 2 + j,
    paramsHash: `run-${lookback}-${fee}`,
    params: { lookback, fee, label: '<b>' },
    metrics: { sharpe: lookback / 10 + fee, totalReturnPct: lookback, maxDrawdownPct: 5, winRatePct: 50, profitFactor: 1.2, trades: lookback, feesPaid: fee } as BacktestMetrics,
    equity: [
      [0, 100],
      [3_600_000, 100 + lookback],
    ],
  })),
);

let session: BrowserSession;
before(async () => (session = await launchBrowser()));
after(async () => session?.close());

test('the sweep page sorts its runs by a clicked column, draws the heatmap of any two parameters, and logs no error', async () => {
  const page = await session.newPage();
  const best = new BestRuns(2);
  for (const result of results) best.offer(result);
  await page.setContent(renderSweepHtml({ name: 'demo', configPath: 'c.yaml', gridPath: 'g.yaml', parameters: ['lookback', 'fee', 'label'], results, best: best.runs, chartLibraryJs: chartLibrary }));
  const firstRun = () => page.locator('#runs tbody tr:first-child td:first-child').textContent();
  assert.equal(await firstRun(), 'run-30-2', 'sorted by Sharpe, best first');
  await page.locator('#runs th[data-column="0"]').click();
  assert.match((await firstRun()) ?? '', /^run-30-/, 'sorted by lookback, highest first');
  await page.locator('#runs th[data-column="0"]').click();
  assert.match((await firstRun()) ?? '', /^run-10-/, 'a second click reverses the order');
  assert.equal(await page.locator('#heatmap td').count(), 6, 'lookback × fee cells');
  assert.equal(await page.locator('#heatmap tbody tr:nth-child(2) td:nth-child(4)').textContent(), '5.00', 'fee 2, lookback 30: Sharpe 5');
  await page.selectOption('#heat-x', '1');
  await page.selectOption('#heat-y', '0');
  assert.equal(await page.locator('#heatmap tbody tr:nth-child(3) td:nth-child(3)').textContent(), '5.00', 'swapped axes: lookback 30 (row), fee 2 (column)');
  assert.equal(await page.locator('#heatmap thead th:nth-child(3)').textContent(), '2.0000', 'fee values across');
  await page.selectOption('#heat-x', '0');
  await page.selectOption('#heat-y', '2');
  assert.equal(await page.locator('#heatmap td').count(), 3, 'lookback × one label');
  assert.equal(await page.locator('#runs tbody b').count(), 0, 'parameter values are escaped, not markup');
  assert.ok((await page.locator('#best-equity canvas').count()) > 0, 'equity curves are drawn (lightweight-charts canvas)');
  const curves = (await page.locator('#best-equity-data').textContent()) ?? '';
  assert.deepEqual([...curves.matchAll(/run-\d+-\d+/g)].map((match) => match[0]), ['run-30-2', 'run-20-2'], 'the curves of the two best runs, best first (Sharpe 4 ties: the earlier grid point)');
  assert.deepEqual(session.errors, []);
});

test('a sweep larger than the table lists its best runs, while the heatmap still counts every run', async () => {
  const page = await session.newPage();
  // Three runs in the table: the best by Sharpe (run-30-2, run-30-1 and run-20-2, Sharpe 5, 4 and 4).
  await page.setContent(renderSweepHtml({ name: 'demo', configPath: 'c.yaml', gridPath: 'g.yaml', parameters: ['lookback', 'fee'], results, best: [], chartLibraryJs: chartLibrary, maxTableRows: 3, resultsPath: 'reports/demo-sweep.arrows' }));
  const listed = await page.locator('#runs tbody tr td:first-child').allTextContents();
  assert.deepEqual([...listed].sort(), ['run-20-2', 'run-30-1', 'run-30-2']);
  assert.match((await page.locator('#runs-note').textContent()) ?? '', /The 3 best of 6 runs by Sharpe \(every run is in reports\/demo-sweep\.arrows\)/);
  assert.equal(await page.locator('#heatmap td').count(), 6, 'every lookback × fee cell, with the runs the table does not list');
  assert.equal(await page.locator('#heatmap tbody tr:nth-child(1) td:nth-child(2)').textContent(), '2.00', 'fee 1, lookback 10 (a run not in the table): Sharpe 2');
  assert.deepEqual(session.errors, []);
});

test('a heatmap of two parameters with 400 values each (160,000 cells) is drawn', async () => {
  const page = await session.newPage();
  const many: SweepRunResult[] = [];
  for (let a = 0; a < 400; a++) {
    for (let b = 0; b < 400; b++) {
      many.push({ gridIndex: many.length, paramsHash: `h${many.length}`, params: { a, b }, metrics: { sharpe: (a * b) % 17, totalReturnPct: a, maxDrawdownPct: 5, winRatePct: 50, profitFactor: 1.2, trades: b, feesPaid: 1 } as BacktestMetrics, equity: [] });
    }
  }
  await page.setContent(renderSweepHtml({ name: 'many', configPath: 'c.yaml', gridPath: 'g.yaml', parameters: ['a', 'b'], results: many, best: [], chartLibraryJs: chartLibrary }), { timeout: 120_000 });
  // Its colour scale once spread every cell's mean into Math.min, past what a call's arguments can hold.
  assert.deepEqual(session.errors, []);
  assert.equal(await page.locator('#heatmap td').count(), 160_000);
  assert.equal(await page.locator('#heatmap tbody tr:nth-child(400) td:nth-child(401)').textContent(), String((399 * 399) % 17) + '.00', 'a 399, b 399');
});
