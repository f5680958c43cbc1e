import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ArrowCandleStore } from '../../../adapters/data/arrowCandleStore.ts';
import { openTradeStore } from '../../../adapters/storage/openTradeStore.ts';
import { allocateCandleSeries } from '../../../domain/market/candleSeries.ts';
import { cliInProcess as cli } from '../../../../test/support/cliInProcess.ts';

const HOUR_MS = 3_600_000;

test('rampart stress --json on a paper store: the shipped scenarios on a 3× BTC long, CRITICAL (exit 1) where the emergency stop would fire; a bad registry is exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-stress-cli-'));
  try {
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, readFileSync('config/r1-ensemble.yaml', 'utf8').replace('store: data/store', `store: ${join(dir, 'candles')}`));
    const nowMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const bars = allocateCandleSeries('BTCUSDT', '1h', 20);
    for (let i = 0; i < 20; i++) [bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i]] = [nowMs - (20 - i) * HOUR_MS, 60_000, 60_300, 59_700, 60_000];
    await new ArrowCandleStore(join(dir, 'candles')).saveCandles(bars);
    const store = await openTradeStore({ stateDir: join(dir, 'state') });
    await store.recordEquitySnapshot({ account: 'default', atMs: nowMs - HOUR_MS, equity: '10000', walletBalance: '10000', unrealizedPnl: '0' });
    await store.applyFill({ account: 'default', symbol: 'BTCUSDT', tradeId: '1', clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '0.05', price: '60000', fee: '0', atMs: nowMs - HOUR_MS });
    await store.close();

    const run = await cli(['stress', '-c', configPath, '--state-dir', join(dir, 'state'), '--json']);
    assert.equal(run.code, 1, run.out);
    const json = JSON.parse(run.out) as { worst: string; accounts: Array<{ results: Array<{ scenario: string; symbol?: string; pnl: number; severity: string }> }> };
    assert.equal(json.worst, 'CRITICAL');
    const bySymbolShock = (name: string) => json.accounts[0].results.find((r) => r.scenario === name);
    // 0.05 × 60 000 × −10 % = −300; at 3× the long's liquidation is 60 000 × (1 − 1/3 + 0.004) = 40 240: −30 % (42 000) is not past it.
    assert.equal(Math.round((bySymbolShock('shock-down-10')?.pnl ?? 0) * 100) / 100, -300);
    assert.equal(bySymbolShock('shock-down-10')?.symbol, 'BTCUSDT');
    assert.equal(bySymbolShock('shock-up-30')?.severity, 'OK');
    // −30 %: −900 → 9 100, a 9 % loss: past the emergency stop's daily 5 % → CRITICAL.
    assert.equal(bySymbolShock('shock-down-30')?.severity, 'CRITICAL');
    const text = await cli(['stress', '-c', configPath, '--state-dir', join(dir, 'state')]);
    assert.match(text.out, /CRITICAL +shock-down-30 BTCUSDT +PnL +-900\.00/);

    writeFileSync(join(dir, 'bad.yaml'), 'scenarios:\n  - {name: x, kind: priceShock}\n');
    const bad = await cli(['stress', '-c', configPath, '--state-dir', join(dir, 'state'), '--scenarios', join(dir, 'bad.yaml')]);
    assert.equal(bad.code, 2, bad.out);
    assert.match(bad.out, /scenarios\[0\]\.movePct/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
