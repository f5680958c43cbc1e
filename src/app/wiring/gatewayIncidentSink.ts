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
