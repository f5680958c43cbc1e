//! A SQLite trade store in a fresh temp directory for one test body, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTradeStore } from '../../src/adapters/storage/openTradeStore.ts';
import type { TradeStore } from '../../src/ports/tradeStore.ts';

export async function withTempStore(body: (store: TradeStore) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
  const store = await openTradeStore({ stateDir: dir });
  try {
    await body(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
