import { snapshotTradeStore } from '../../adapters/storage/snapshotTradeStore.ts';
import { incidentTrigger } from '../../ops/incidents/index.ts';
import type { Logger } from '../../ports/logger.ts';
import type { IncidentRecord, TradeStore } from '../../ports/tradeStore.ts';
import { openIncidentOnce, type VenueSource } from '../services/incidentService.ts';

/**
 * Opens a post-mortem incident (snapshot and postmortem.md) when a runner stores a trigger: a halt, a
 * FLATTEN_ALL, a failed reconciliation. Runs beside the runner, never in its way: openings queue one
 * after another (so one trigger opens one incident) and a failure is logged, not thrown. `settle` waits
 * for the queue at shutdown.
 */
export class IncidentOpener {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      /** The store to copy and read (the runner's base store, not its fenced view). */
      readonly store: TradeStore;
      readonly incidentsDir: string;
      readonly logger: Logger;
      readonly actor: string;
      readonly nowMs: () => number;
    },
  ) {}

  /** A RunnerStore's `onIncident` listener; `venue` is asked when a trigger arrives (the gateway may open later). */
  listener(venue: () => VenueSource): (incident: IncidentRecord) => void {
    return (incident) => {
      const trigger = incidentTrigger(incident);
      if (trigger === undefined) return;
      this.queue = this.queue.then(async () => {
        try {
          const opened = await openIncidentOnce({ store: this.deps.store, trigger, severity: incident.severity, incidentsDir: this.deps.incidentsDir, venue: venue(), snapshotStore: snapshotTradeStore, actor: this.deps.actor, nowMs: this.deps.nowMs() });
          if (opened !== undefined) this.deps.logger.error('alert_incident_opened', { account: trigger.account, reason: `${opened.id}: ${trigger.kind}: ${trigger.reason}` });
        } catch (error) {
          this.deps.logger.error('alert_incident_not_opened', { account: trigger.account, reason: `${trigger.kind}: ${(error as Error).message}` });
        }
      });
    };
  }

  /** Resolves once every queued opening has finished. */
  settle(): Promise<void> {
    return this.queue;
  }
}
