import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../../test/support/browser.ts';
import { runBacktestJob } from './main.ts';

const TWO_MEGABYTES = 2 * 1024 * 1024;

describe('runBacktestJob: the default R1 run’s HTML report', () => {
  test('renders in Chromium without console errors, draws its charts and shows the run’s real totals, under 2 MB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-html-report-'));
    const session = await launchBrowser();
    try {
      const { report, htmlPath } = await runBacktestJob({ jsonPath: join(dir, 'r1.json'), htmlPath: join(dir, 'r1.html') });
      const sizeBytes = statSync(htmlPath).size;
      assert.ok(sizeBytes < TWO_MEGABYTES, `the report is ${sizeBytes} bytes, at most ${TWO_MEGABYTES}`);
      assert.doesNotMatch(readFileSync(htmlPath, 'utf8'), /<(script|link|img)[^>]+(src|href)\s*=/i, 'nothing is fetched: the library is inline');

      const page = await session.newPage();
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(pathToFileURL(htmlPath).href);
      await page.waitForSelector('html[data-charts="drawn"]', { timeout: 60_000 });
      const chartIds = ['chart-equity', 'chart-contribution', ...report.sleeves.map((_sleeve, index) => `chart-price-${index}`)];
      for (const id of chartIds) {
        assert.ok((await page.locator(`#${id} canvas`).count()) > 0, `#${id} holds a drawn canvas`);
      }
      const screenshotPath = join(process.env.RAMPART_SCREENSHOT_DIR ?? dir, 'r1-report.png');
      await page.screenshot({ path: screenshotPath, fullPage: true });
      assert.ok(statSync(screenshotPath).size > 10_000, 'the screenshot has content');
      assert.deepEqual(session.errors, [], 'no console or page errors');

      const risk = report.risk;
      assert.ok(risk !== undefined && risk.denialCount !== undefined && risk.resized !== undefined, 'the run reports its risk outcomes');
      assert.ok(risk.denialCount > risk.denials.length, 'R1 denies more orders than the report lists, so the totals are tested');
      const totals = (await page.textContent('#risk-totals')) ?? '';
      assert.match(totals, new RegExp(`${risk.denialCount.toLocaleString('en-US')} orders denied`), 'the denial total is the run’s count');
      assert.match(totals, new RegExp(`${risk.resized.count.toLocaleString('en-US')} orders resized`), 'the resized total is the run’s count');
      const riskText = (await page.textContent('#risk')) ?? '';
      assert.ok(riskText.includes(`of ${risk.denialCount.toLocaleString('en-US')} denials`), 'the listing note states the real total');
      assert.equal(await page.locator('#resized-orders tbody tr').count(), Math.min(500, risk.resized.orders.length), 'the resized orders are listed');
      if (risk.stateChanges.some((change) => change.to === 'HALTED')) {
        assert.match((await page.textContent('#charts')) ?? '', /was HALTED \(/, 'a halt that flattens the curve is explained beside the chart');
      }
      const sourcesText = (await page.textContent('header')) ?? '';
      assert.match(sourcesText, /Funding rates/, 'funding sources are listed');
      assert.match(sourcesText, /Mark prices/, 'mark-price sources are listed');
    } finally {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runBacktestJob --trace', () => {
  test('writes the sleeve’s bars, exposed indicator values, targets, orders and risk decisions, one row per bar', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-trace-'));
    try {
      const configPath = join(dir, 'trace.yaml');
      writeFileSync(
        configPath,
        `name: trace\nsleeves:\n  - {name: BTC, symbol: BTCUSDT, strategy: sma_cross, params: {fast: 5, slow: 20}, weight: 1}\ndata:\n  store: ${join(dir, 'store')}\n  syntheticFallback: {bars: 600}\n`,
      );
      const tracePath = join(dir, 'btc.csv');
      const { report } = await runBacktestJob({ configPath, jsonPath: join(dir, 'r.json'), htmlPath: join(dir, 'r.html'), traceSleeve: 'BTC', tracePath });
      const [header, ...rows] = readFileSync(tracePath, 'utf8').trimEnd().split('\n');
      assert.equal(header, 'time,open,high,low,close,volume,side_at_close,fastSma,slowSma,target,decision,orders,risk');
      assert.equal(rows.length, report.meta.bars, 'one row per bar');
      const cells = rows.map((row) => row.split(','));
      assert.equal(cells[3][7], '', 'no fast SMA before 5 bars');
      assert.ok(Number.isFinite(Number(cells[25][8])) && cells[25][8] !== '', 'the slow SMA once stable');
      const fills = cells.filter((row) => /^(buy|sell) /.test(row[11])).length;
      assert.ok(fills >= report.metrics.trades, `every trade's fills appear (${fills} rows with orders, ${report.metrics.trades} trades)`);
      const riskRows = cells.filter((row) => row[12] !== '').length;
      const riskTotal = (report.risk?.denialCount ?? 0) + (report.risk?.resized?.count ?? 0);
      assert.ok(riskRows <= riskTotal && (riskTotal === 0 || riskRows > 0), `risk decisions appear on ${riskRows} rows (${riskTotal} denials and resizes in the run)`);
      await assert.rejects(runBacktestJob({ configPath, jsonPath: join(dir, 'r.json'), htmlPath: join(dir, 'r.html'), traceSleeve: 'ETH' }), /--trace names no sleeve of this config: "ETH"; the sleeves are BTC/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
