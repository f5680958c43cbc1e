import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../../../test/support/browser.ts';
import { LocalHttpReceiver } from '../../adapters/alerts/testing/localHttpReceiver.ts';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { reportJob } from './reportJobs.ts';

const SILENT: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// A Wednesday: its week started on Monday 2 March 2026.
const NOW_MS = Date.UTC(2026, 2, 4, 22);
const ACCOUNT = 'default';

/** Five days of a paper account: daily equity, one BTC round trip with reference prices, funding paid and received. */
async function writeRecord(store: TradeStore): Promise<void> {
  for (let day = 0; day < 5; day++) {
    const atMs = Date.UTC(2026, 1, 28) + day * DAY_MS + 20 * HOUR_MS;
    const equity = (10_000 + day * 25).toFixed(2);
    await store.recordEquitySnapshot({ account: ACCOUNT, atMs, equity, walletBalance: equity, unrealizedPnl: '0' });
  }
  const buyAtMs = Date.UTC(2026, 2, 2, 9);
  const sellAtMs = Date.UTC(2026, 2, 4, 9);
  const base = { account: ACCOUNT, sleeve: 'BTC', symbol: 'BTCUSDT', strategy: 'breakout_vol_atr', quantity: '0.1', price: null, state: 'SENT' as const };
  await store.recordIntent({ ...base, clientOrderId: 'buy', side: 'BUY', referencePrice: '50000', reduceOnly: false, createdAtMs: buyAtMs, stateChangedAtMs: buyAtMs });
  await store.recordIntent({ ...base, clientOrderId: 'sell', side: 'SELL', referencePrice: '51000', reduceOnly: true, createdAtMs: sellAtMs, stateChangedAtMs: sellAtMs });
  await store.applyFill({ account: ACCOUNT, symbol: 'BTCUSDT', tradeId: '1', clientOrderId: 'buy', venueOrderId: '1', side: 'BUY', quantity: '0.1', price: '50015', fee: '2.5', atMs: buyAtMs });
  await store.applyFill({ account: ACCOUNT, symbol: 'BTCUSDT', tradeId: '2', clientOrderId: 'sell', venueOrderId: '2', side: 'SELL', quantity: '0.1', price: '50979.6', fee: '2.5', atMs: sellAtMs });
  await store.recordFundingPayment({ account: ACCOUNT, symbol: 'BTCUSDT', paymentId: 'f1', income: '-0.5', atMs: Date.UTC(2026, 2, 2, 16) });
  await store.recordFundingPayment({ account: ACCOUNT, symbol: 'BTCUSDT', paymentId: 'f2', income: '0.2', atMs: Date.UTC(2026, 2, 4, 8) });
}

test('the daily and weekly reports render in Chromium without console errors, and their Markdown reads as plain text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-report-browser-'));
  const session = await launchBrowser();
  try {
    const store = await openTradeStore({ stateDir: join(dir, 'state') });
    await writeRecord(store);
    await store.close();
    const common = { configPath: 'config/r1-ensemble.yaml', stateDir: join(dir, 'state'), reportsDir: join(dir, 'reports'), nowMs: NOW_MS, env: {} };
    const daily = await reportJob({ ...common, period: 'daily' });
    const weekly = await reportJob({ ...common, period: 'weekly' });
    for (const { report, files } of [daily, weekly]) {
      const [markdownFile, , htmlFile] = files;
      const page = await session.newPage();
      await page.goto(pathToFileURL(htmlFile).href);
      const screenshot = join(dir, `${report.period}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      assert.ok(statSync(screenshot).size > 10_000, `a ${report.period} screenshot with content was taken`);
      assert.match((await page.textContent('h1')) ?? '', new RegExp(`Rampart ${report.period} report ${report.label}`));
      const funding = await page.locator('table').filter({ hasText: 'funding drag' }).textContent();
      // The week paid 0.5 and received 0.2 (net 0.3 paid); its last day only received the 0.2. Said in words.
      assert.match(funding ?? '', report.period === 'weekly' ? /0\.3000 paid/ : /0\.2000 received/);
      await page.close();

      const markdown = readFileSync(markdownFile, 'utf8');
      assert.doesNotMatch(markdown, /<\/?[a-z][^>]*>|&(amp|lt|gt|quot);/, 'no HTML tags or entities in the Markdown');
      let columns = 0;
      for (const line of markdown.split('\n')) {
        if (!line.startsWith('|')) {
          columns = 0;
          continue;
        }
        const cells = line.split(/(?<!\\)\|/).length - 2;
        if (columns === 0) columns = cells;
        assert.equal(cells, columns, `every row of a table has its header's ${columns} columns: ${line}`);
      }
      assert.match(markdown, /^## Funding$/m);
    }
    // The week's round trip: 3 bps on the buy, 4 bps on the sell (hand-computed, notional-weighted 3.50 bps).
    assert.match(readFileSync(weekly.files[0], 'utf8'), /\| default \| 0 \| – \| – \| 3\.50 bps \| 3\.00 bps \| 1\.17 \|/);
    assert.deepEqual(session.errors, [], 'no console errors, page errors or failed requests');
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a daily report, once written, is an info alert "daily report ready" on the channels that take info', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-report-alert-'));
  const receiver = new LocalHttpReceiver();
  try {
    const origin = await receiver.start();
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, ['name: report-alert', 'sleeves:', '  - {name: btc, symbol: BTCUSDT, weight: 0.1, strategy: sma-cross}', 'alerts: {channels: [{type: webhook, minSeverity: info}, {type: slack, minSeverity: warning}]}'].join('\n'));
    const env = { RAMPART_ALERT_WEBHOOK_URL: `${origin}/hook`, RAMPART_SLACK_WEBHOOK_URL: `${origin}/slack` };
    const store = await openTradeStore({ stateDir: join(dir, 'state') });
    await writeRecord(store);
    await store.close();
    const { files } = await reportJob({ configPath, stateDir: join(dir, 'state'), period: 'daily', date: '2026-03-03', nowMs: NOW_MS, reportsDir: join(dir, 'reports'), env, logger: SILENT });
    const [body] = receiver.bodiesAt('/hook') as Array<{ event: string; severity: string; title: string; fields: { detail: string } }>;
    assert.equal(body?.event, 'alert_daily_report_ready');
    assert.equal(body?.severity, 'info');
    assert.match(body?.fields.detail ?? '', new RegExp(`2026-03-03: .*${files[0]?.split('/').at(-1)}`));
    assert.deepEqual(receiver.bodiesAt('/slack'), [], 'a warning channel does not get the daily report');
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
