//! `/metrics` scrape time on a store with 10 accounts × 10 sleeves: every account with open positions,
//! filled round trips with their intents and orders, risk-engine denials, an emergency stop and its
//! release, incidents and an equity history, as a month of live trading leaves them. The server is the
//! one `run --http` starts (controlSurfaceOf + createHttpServer, SQLite store); scrapes go through
//! fastify's inject, so the figure is the server's work, not a client's. Prints the first scrape (cold
//! caches) and the median and p99 of the next ones.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openTradeStore, SQLITE_FILE_NAME } from '../src/adapters/storage/openTradeStore.ts';
import { loadConfig } from '../src/app/config/loadConfig.ts';
import { controlSurfaceOf } from '../src/app/wiring/httpJobs.ts';
import { riskEventOfDenial } from '../src/engine/risk/riskEventRecords.ts';
import { createHttpServer } from '../src/interfaces/http/createHttpServer.ts';
import type { TradeStore } from '../src/ports/tradeStore.ts';

const ACCOUNTS = 10;
const SLEEVES_PER_ACCOUNT = 10;
const SCRAPES = Number(process.argv[2] ?? 50);
/** Months of live trading the store holds (BENCH_SCRAPE_MONTHS, default 1): how the scrape grows with its history. */
const MONTHS = Number(process.env.BENCH_SCRAPE_MONTHS ?? 1);
if (!Number.isInteger(MONTHS) || MONTHS < 1) throw new Error(`BENCH_SCRAPE_MONTHS must be a whole number of at least 1, was "${process.env.BENCH_SCRAPE_MONTHS}"`);
/** Round trips each sleeve has closed (two fills each) per month, plus one open position. */
const ROUND_TRIPS_PER_SLEEVE = 10 * MONTHS;
const DENIALS_PER_SLEEVE = 10 * MONTHS;
/** Hourly equity snapshots per account. */
const EQUITY_SNAPSHOTS = 720 * MONTHS;
const HOUR_MS = 3_600_000;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const accountName = (a: number): string => `acct${a}`;
const symbolOf = (s: number): string => `SYM${s}USDT`;

function writeConfig(dir: string): string {
  const sleeves: string[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    for (let s = 0; s < SLEEVES_PER_ACCOUNT; s++) {
      sleeves.push(`  - {name: ${accountName(a)}-s${s}, symbol: ${symbolOf(s)}, weight: ${1 / (ACCOUNTS * SLEEVES_PER_ACCOUNT)}, account: ${accountName(a)}, strategy: tsmom_ema, params: {lookback: 168}}`);
    }
  }
  const path = join(dir, 'config.yaml');
  writeFileSync(
    path,
    [
      'name: scrape-bench',
      'market: {type: futures, leverage: 1}',
      'capital: {initial: 10000, currency: USDT}',
      `data: {timeframe: 1h, store: ${JSON.stringify(join(dir, 'candles'))}}`,
      `risk: {accounts: {${Array.from({ length: ACCOUNTS }, (_, a) => `${accountName(a)}: normal`).join(', ')}}}`,
      'sleeves:',
      ...sleeves,
    ].join('\n'),
  );
  return path;
}

async function seed(store: TradeStore, nowMs: number): Promise<{ fills: number; orders: number; denials: number; snapshots: number }> {
  const counts = { fills: 0, orders: 0, denials: 0, snapshots: 0 };
  for (let a = 0; a < ACCOUNTS; a++) {
    const account = accountName(a);
    for (let i = 0; i < EQUITY_SNAPSHOTS; i++) {
      const equity = (10_000 + 200 * Math.sin(i / 50) - i * 0.5).toFixed(2);
      await store.recordEquitySnapshot({ account, atMs: nowMs - (EQUITY_SNAPSHOTS - i) * HOUR_MS, equity, walletBalance: equity, unrealizedPnl: '0' });
      counts.snapshots++;
    }
    // An emergency stop last week, released by the operator.
    await store.recordTradingState({ account, atMs: nowMs - 7 * 24 * HOUR_MS, state: 'HALTED', reason: 'emergency stop DAILY_DRAWDOWN: {"drawdownPct":2.1}', actor: 'emergency stop' });
    await store.recordTradingState({ account, atMs: nowMs - 6 * 24 * HOUR_MS, state: 'ACTIVE', reason: 'post-mortem PM-1 signed off', actor: 'ops' });
    await store.recordIncident({ atMs: nowMs - 5 * 24 * HOUR_MS, kind: 'NOT_READY', severity: 'CRITICAL', detail: { account, reason: 'venue unreachable' } });
    for (let s = 0; s < SLEEVES_PER_ACCOUNT; s++) {
      const symbol = symbolOf(s);
      const sleeve = `${account}-s${s}`;
      let timeMs = nowMs - MONTHS * 20 * 24 * HOUR_MS;
      const order = async (side: 'BUY' | 'SELL', price: number, reduceOnly: boolean): Promise<void> => {
        const clientOrderId = `rp-${a}-${s}-${counts.orders}`;
        timeMs += HOUR_MS;
        await store.recordIntent({ clientOrderId, account, sleeve, symbol, strategy: 'tsmom_ema', side, quantity: '1', price: null, reduceOnly, createdAtMs: timeMs, state: 'SENT', stateChangedAtMs: timeMs });
        await store.recordOrderUpdate({ clientOrderId, account, symbol, venueOrderId: String(counts.orders), status: 'FILLED', filledQuantity: '1', averagePrice: String(price), atMs: timeMs + 500, reason: null });
        await store.applyFill({ account, symbol, tradeId: `t-${counts.orders}`, clientOrderId, venueOrderId: String(counts.orders), side, quantity: '1', price: String(price), fee: '0.05', atMs: timeMs + 500 });
        counts.orders++;
        counts.fills++;
      };
      for (let trip = 0; trip < ROUND_TRIPS_PER_SLEEVE; trip++) {
        await order('BUY', 100, false);
        await order('SELL', trip % 3 === 0 ? 97 : 104, true);
      }
      await order('BUY', 100, false);
      for (let d = 0; d < DENIALS_PER_SLEEVE; d++) {
        const code = d % 2 === 0 ? 'SPREAD_TOO_WIDE' : 'MAX_POSITIONS';
        await store.recordRiskEvent(riskEventOfDenial({ timeMs: timeMs + d * 60_000, sleeve, account, code, figures: { value: d } }, { symbol, strategy: 'tsmom_ema', clientOrderId: null }));
        counts.denials++;
      }
    }
  }
  return counts;
}

const dir = mkdtempSync(join(tmpdir(), 'rampart-scrape-bench-'));
// Seeding writes ~13k records, each its own durable commit: on tmpfs that takes seconds instead of
// minutes. The seeded file is then copied to the disk, where a runner's store lives, and scraped there.
const seedDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'rampart-scrape-seed-'));
try {
  const loaded = loadConfig(writeConfig(dir));
  const nowMs = Date.now();
  const seedStartMs = performance.now();
  const seeding = await openTradeStore({ stateDir: seedDir });
  const counts = await seed(seeding, nowMs);
  await seeding.close();
  for (const suffix of ['', '-wal']) {
    if (existsSync(join(seedDir, SQLITE_FILE_NAME + suffix))) copyFileSync(join(seedDir, SQLITE_FILE_NAME + suffix), join(dir, SQLITE_FILE_NAME + suffix));
  }
  const seedSeconds = (performance.now() - seedStartMs) / 1000;
  const store = await openTradeStore({ stateDir: dir, existingOnly: true });
  try {
    const surface = controlSurfaceOf(loaded, store, {}, { runners: () => Array.from({ length: ACCOUNTS }, (_, a) => ({ account: accountName(a), readiness: 'READY', lockLost: false })) });
    const app = await createHttpServer(surface, { admin: { adminToken: 'bench-admin-token-0123456789' } });
    try {
      const scrape = async (): Promise<{ ms: number; bytes: number }> => {
        const startMs = performance.now();
        const response = await app.inject({ method: 'GET', url: '/metrics' });
        const ms = performance.now() - startMs;
        if (response.statusCode !== 200) throw new Error(`/metrics answered ${response.statusCode}`);
        if (!response.body.includes(`rampart_open_positions{account="${accountName(ACCOUNTS - 1)}"} ${SLEEVES_PER_ACCOUNT}`)) throw new Error('the scrape does not show the seeded positions');
        return { ms, bytes: response.body.length };
      };
      const first = await scrape();
      const times: number[] = [];
      for (let i = 0; i < SCRAPES; i++) times.push((await scrape()).ms);
      const sorted = [...times].sort((x, y) => x - y);
      console.log(`store               SQLite, ${ACCOUNTS} accounts × ${SLEEVES_PER_ACCOUNT} sleeves: ${ACCOUNTS * SLEEVES_PER_ACCOUNT} open positions, ${counts.fills.toLocaleString('en-US')} fills and orders, ${counts.denials.toLocaleString('en-US')} risk denials, ${counts.snapshots.toLocaleString('en-US')} equity snapshots, an ESS trigger per account (seeded in ${seedSeconds.toFixed(1)} s)`);
      console.log(`first scrape        ${first.ms.toFixed(1)} ms (cold: terminal-order cache empty, stress computed)   ${(first.bytes / 1024).toFixed(0)} KiB of text`);
      console.log(`next ${SCRAPES} scrapes     median ${percentile(sorted, 0.5).toFixed(1)} ms   p99 ${percentile(sorted, 0.99).toFixed(1)} ms   (fastify inject, no network)`);
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(seedDir, { recursive: true, force: true });
}
