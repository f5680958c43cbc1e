import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { SqliteTradeStore } from './sqlite/sqliteTradeStore.ts';

/**
 * Copies the trade store for an incident into `dir` and returns the file written: a SQLite store as an
 * online backup of the whole database (`store.sqlite`, consistent while the runner keeps writing),
 * any other store (PostgreSQL) as a JSON dump of the account's rows (`store.json`), read through the
 * store port. The dump's reads are not one transaction: rows written meanwhile may or may not appear.
 */
export async function snapshotTradeStore(store: TradeStore, account: string, dir: string): Promise<string> {
  if (store instanceof SqliteTradeStore) {
    const file = join(dir, 'store.sqlite');
    await store.backupTo(file);
    return file;
  }
  const intents = await store.listIntents({ account });
  const orderHistory: Record<string, unknown> = {};
  for (const intent of intents) orderHistory[intent.clientOrderId] = await store.orderHistory(intent.clientOrderId);
  const dump = {
    account,
    schemaVersion: await store.schemaVersion(),
    intents,
    orderHistory,
    openOrders: await store.listOpenOrders(account),
    fills: await store.listFills({ account }),
    positions: await store.listPositions(account),
    equitySnapshots: await store.listEquitySnapshots(account),
    riskEvents: await store.listRiskEvents({ account }),
    tradingStateTransitions: await store.listTradingStateTransitions(account),
    incidents: (await store.listIncidents()).filter((incident) => incident.detail.account === account),
    goLive: await store.listGoLive({ account }),
    riskGuardDecisions: await store.listRiskGuardDecisions({ account }),
    profileAssignments: await store.listProfileAssignments({ account }),
    fundingPayments: await store.listFundingPayments({ account }),
  };
  const file = join(dir, 'store.json');
  writeFileSync(file, `${JSON.stringify(dump, null, 2)}\n`);
  return file;
}
