//! `rampart exchanges status|ack`: read and acknowledge what the runners stored about venue health and routing.
import { hostname } from 'node:os';
import { acknowledgeFailover, exchangesStatus, type ExchangesStatus } from '../services/exchangesStatus.ts';
import type { FailoverEventRecord } from '../../ports/tradeStore.ts';
import { openStore, type OperatorStoreOptions } from './paperJobs.ts';

export async function exchangesStatusJob(options: OperatorStoreOptions): Promise<ExchangesStatus> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    return await exchangesStatus(loaded.config, store, Date.now());
  } finally {
    await store.close();
  }
}

export async function exchangesAckJob(options: OperatorStoreOptions & { sleeve: string; reason: string }): Promise<FailoverEventRecord> {
  const { loaded, store } = await openStore(options, true);
  try {
    return await acknowledgeFailover({ config: loaded.config, store, sleeve: options.sleeve, reason: options.reason, actor: `operator@${hostname()}`, nowMs: Date.now() });
  } finally {
    await store.close();
  }
}
