//! Composition for `rampart incident open|list|show|close`: the trade store, the account's venue (when
//! its keys are in the environment and it answers), the store snapshot adapter and reports/incidents.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { snapshotTradeStore } from '../../adapters/storage/snapshotTradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { accountsFromEnv } from '../services/accountsFromEnv.ts';
import { tradedAccounts } from '../services/accountMetricsFromStore.ts';
import { closeIncident, listIncidentFiles, openIncident, showIncident, type IncidentFile, type VenueSource } from '../services/incidentService.ts';
import { openStore, type OperatorStoreOptions } from './paperJobs.ts';

export interface IncidentJobOptions extends OperatorStoreOptions {
  /** Where `incidents/<id>/` goes; default `reports`. */
  readonly reportsDir?: string;
}

const incidentsDirOf = (options: { reportsDir?: string }): string => resolve(options.reportsDir ?? 'reports', 'incidents');

/** Opens a gateway on the account's keys, or says why the venue is not read (no keys, venue down). */
async function venueOf(account: string, env: Readonly<Record<string, string | undefined>>, options: { baseUrl?: string; testnet?: boolean }): Promise<{ venue: VenueSource; close: () => Promise<void> }> {
  const prefix = `RAMPART_ACCOUNT_${account.toUpperCase()}`;
  if ((env[`${prefix}_API_KEY`] ?? '') === '' || (env[`${prefix}_API_SECRET`] ?? '') === '') return { venue: { notRead: `${prefix}_API_KEY / _API_SECRET are not in the environment` }, close: async () => undefined };
  try {
    const settings = accountsFromEnv(env, 'live').accounts.get(account);
    if (settings?.credentials === undefined) return { venue: { notRead: `no credentials for account ${account}` }, close: async () => undefined };
    const gateway = await CcxtExchangeGateway.open({ venue: settings.exchange, apiKey: settings.credentials.apiKey.reveal(), secret: settings.credentials.apiSecret.reveal(), testnet: (options.testnet === true || settings.testnet) && options.baseUrl === undefined, ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}) });
    return { venue: { gateway }, close: () => gateway.close() };
  } catch (error) {
    return { venue: { notRead: (error as Error).message }, close: async () => undefined };
  }
}

/** `rampart incident open`: by hand, for one account the config trades. */
export async function incidentOpenJob(options: IncidentJobOptions & { account?: string; reason: string; baseUrl?: string; testnet?: boolean; nowMs?: number }): Promise<IncidentFile> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    const traded = tradedAccounts(loaded.config);
    const account = options.account ?? (traded.length === 1 ? traded[0] : undefined);
    if (account === undefined || !traded.includes(account)) throw new InputError(`--account must be one the config trades (${traded.join(', ')}), was "${options.account ?? ''}"`, { file: loaded.path, keyPath: '--account', value: options.account ?? '' });
    const { venue, close } = await venueOf(account, options.env ?? process.env, options);
    try {
      const nowMs = options.nowMs ?? Date.now();
      return await openIncident({ store, trigger: { account, kind: 'MANUAL', reason: options.reason, atMs: nowMs }, severity: 'WARNING', incidentsDir: incidentsDirOf(options), venue, snapshotStore: snapshotTradeStore, actor: `operator@${hostname()}`, nowMs });
    } finally {
      await close();
    }
  } finally {
    await store.close();
  }
}

/** `rampart incident list`. */
export function incidentListJob(options: { reportsDir?: string }): IncidentFile[] {
  return listIncidentFiles(incidentsDirOf(options));
}

/** `rampart incident show ID`. */
export function incidentShowJob(options: { reportsDir?: string; id: string }): ReturnType<typeof showIncident> {
  return showIncident(incidentsDirOf(options), options.id);
}

/** `rampart incident close ID`: refused until the post-mortem names the root cause and the restart decision. */
export async function incidentCloseJob(options: IncidentJobOptions & { id: string; nowMs?: number }): Promise<IncidentFile> {
  // Checked before the store opens: a refusal needs no store.
  const shown = showIncident(incidentsDirOf(options), options.id);
  if (shown.missingBeforeClose.length > 0) throw new InputError(`incident ${options.id} cannot close: ${shown.missingBeforeClose.join('; ')} in ${shown.postmortemPath}`, { file: shown.postmortemPath, value: options.id });
  const { store } = await openStore(options, options.init !== true);
  try {
    return await closeIncident({ store, incidentsDir: incidentsDirOf(options), id: options.id, actor: `operator@${hostname()}`, nowMs: options.nowMs ?? Date.now() });
  } finally {
    await store.close();
  }
}
