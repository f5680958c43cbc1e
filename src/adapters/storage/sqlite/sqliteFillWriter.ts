/**
 * Child process of the SQLite durability test: stores an intent and applies its fill in a loop and
 * writes each trade id to stdout only after its commit returned, until it is killed.
 * Usage: node --import tsx sqliteFillWriter.ts <database path> <trade id prefix>
 */
import { writeSync } from 'node:fs';
import { SqliteTradeStore } from './sqliteTradeStore.ts';

const [path, prefix] = process.argv.slice(2);
if (!path || !prefix) {
  process.stderr.write('usage: sqliteFillWriter.ts <database path> <trade id prefix>\n');
  process.exit(2);
}

const store = await SqliteTradeStore.open({ path });
const startMs = 1_700_000_000_000;
for (let i = 0; ; i++) {
  const tradeId = `${prefix}-${i}`;
  await store.recordIntent({
    clientOrderId: tradeId, account: 'main', sleeve: 'trend', symbol: 'BTCUSDT', strategy: 'durability',
    side: 'BUY', quantity: '0.001', price: null, reduceOnly: false, createdAtMs: startMs + i, state: 'NEW',
    stateChangedAtMs: startMs + i,
  });
  await store.applyFill({
    account: 'main', symbol: 'BTCUSDT', tradeId, clientOrderId: tradeId, venueOrderId: null, side: 'BUY',
    quantity: '0.001', price: '100', fee: '0', atMs: startMs + i,
  });
  // Synchronous write: the parent must never see an id whose commit has not returned.
  writeSync(1, `${tradeId}\n`);
}
