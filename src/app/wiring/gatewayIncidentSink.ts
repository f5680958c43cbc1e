import type { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import type { RequestGateIncident } from '../../adapters/exchange/ccxt/requestGate.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';

/**
 * Where a live gateway's own incidents go (an IP ban, the circuit breaker opening or closing): the
 * store, as any incident, and an alert line. The gateway raises them inside a request, outside any
 * runner step, so storing is not awaited; a failure to store is itself logged.
 */
export function gatewayIncidentSink(store: TradeStore, logger: Logger, account: string, nowMs: () => number): (incident: RequestGateIncident) => void {
  return (incident) => {
    const line = { account, severity: incident.severity, reason: incident.message };
    if (incident.severity === 'CRITICAL') logger.error(`alert_${incident.kind.toLowerCase()}`, line);
    else logger.warn(incident.kind.toLowerCase(), line);
    void store
      .recordIncident({ atMs: nowMs(), kind: incident.kind, severity: incident.severity, detail: { account, ...incident.detail } })
      .catch((error: unknown) => logger.error('alert_incident_not_stored', { account, reason: (error as Error).message }));
  };
}

/** Longest ban Binance gives (3 days): older IP_BANNED incidents cannot still run. */
const LONGEST_BAN_MS = 3 * 86_400_000;

/**
 * Reads back the account's latest IP ban from the store (an IP_BANNED incident carries `untilMs`) and,
 * while it runs, hands it to the gateway, so a restart sends nothing to the venue before it ends.
 * Returns the ban's end, or undefined when none runs.
 */
export async function restoreIpBan(store: TradeStore, gateway: Pick<CcxtExchangeGateway, 'restoreIpBan'>, logger: Logger, account: string, nowMs: number): Promise<number | undefined> {
  const incidents = await store.listIncidents({ fromMs: nowMs - LONGEST_BAN_MS });
  let untilMs: number | undefined;
  for (const incident of incidents) {
    if (incident.kind !== 'IP_BANNED' || incident.detail.account !== account) continue;
    const end = Number(incident.detail.untilMs ?? incident.atMs + Number(incident.detail.retryAfterMs ?? 0));
    if (Number.isFinite(end) && end > nowMs) untilMs = Math.max(untilMs ?? 0, end);
  }
  if (untilMs === undefined) return undefined;
  gateway.restoreIpBan(untilMs);
  logger.error('alert_ip_banned', { account, reason: `an IP ban recorded earlier runs until ${new Date(untilMs).toISOString()}: no request is sent to the venue before then` });
  return untilMs;
}
