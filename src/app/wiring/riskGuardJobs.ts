//! Composition for `rampart risk-guard` and `risk-guard approve`: the store, the rules file, the
//! profiles in force, the pino logger and the system clock, handed to the risk-guard service.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { createPinoLogger } from '../../adapters/logging/pinoLogger.ts';
import { startAlerting } from './alertJobs.ts';
import type { Logger } from '../../ports/logger.ts';
import type { JsonObject, TradeStore } from '../../ports/tradeStore.ts';
import { loadScaleRules } from '../config/loadScaleRules.ts';
import { accountsFromEnv } from '../services/accountsFromEnv.ts';
import { withCapitalProfiles } from '../services/capitalProfilesInForce.ts';
import { profileAssignmentsInStore } from '../services/profileReviewService.ts';
import { riskGuardJson } from '../services/riskGuardReport.ts';
import { approveRiskGuardScaleUp, runRiskGuard, type RiskGuardOutcome } from '../services/riskGuardService.ts';
import { noRecordError, openStore, type OperatorStoreOptions } from './paperJobs.ts';
import { tradedAccounts } from '../services/accountMetricsFromStore.ts';
import { IncidentOpener } from './incidentOpener.ts';

/**
 * The PAUSE / FLATTEN_ALL incidents this run stored open their post-mortem incidents. The risk guard
 * does not connect to the venue (the runner flattens on its request), so the venue is not read here.
 */
async function openRiskGuardIncidents(store: TradeStore, incidentsDir: string, nowMs: number, logger: Logger): Promise<void> {
  const opener = new IncidentOpener({ store, incidentsDir, logger, actor: `risk-guard@${hostname()}`, nowMs: () => nowMs });
  const onIncident = opener.listener(() => ({ notRead: 'the risk guard reads the store only; the runner flattens at the venue on its request' }));
  for (const incident of await store.listIncidents({ fromMs: nowMs, toMs: nowMs })) if (incident.kind.startsWith('RISK_GUARD_')) onIncident(incident);
  await opener.settle();
}

export interface RiskGuardJobOptions extends OperatorStoreOptions {
  readonly rulesPath: string;
  readonly dryRun: boolean;
  readonly account?: string;
  /** Where `risk_guard/latest_decision.json` goes (default `reports`). */
  readonly reportsDir?: string;
  readonly logger?: Logger;
  readonly nowMs?: number;
}

/** `rampart risk-guard`: judges every account, acts unless a dry run, writes latest_decision.json. */
export async function riskGuardJob(options: RiskGuardJobOptions): Promise<{ outcomes: RiskGuardOutcome[]; withoutRecord: string[]; json: JsonObject; decisionFile: string }> {
  const { rules, path: rulesFile } = loadScaleRules(options.rulesPath);
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    const { accounts } = accountsFromEnv(options.env ?? process.env, 'paper');
    const { config } = withCapitalProfiles(loaded, accounts, await profileAssignmentsInStore(store)).loaded;
    const nowMs = options.nowMs ?? Date.now();
    // The guard's decisions (alert_risk_guard_*) and the incidents it opens reach the alert channels too.
    const alerting = startAlerting(loaded, options.env ?? process.env, options.logger ?? createPinoLogger());
    let outcomes: RiskGuardOutcome[];
    let withoutRecord: string[];
    try {
      outcomes = await runRiskGuard({ store, config, rules: rules.riskGuard, nowMs, dryRun: options.dryRun, actor: `risk-guard@${hostname()}`, logger: alerting.logger, ...(options.account !== undefined ? { account: options.account } : {}) });
      const judged = new Set(outcomes.map((outcome) => outcome.account));
      withoutRecord = (options.account !== undefined ? [options.account] : tradedAccounts(config)).filter((account) => !judged.has(account));
      if (outcomes.length === 0) throw noRecordError(options, withoutRecord, 'nothing judged, nothing decided or stored');
      if (!options.dryRun) await openRiskGuardIncidents(store, resolve(options.reportsDir ?? 'reports', 'incidents'), nowMs, alerting.logger);
    } finally {
      await alerting.close(30_000);
    }
    const json = { ...riskGuardJson(outcomes, { rulesFile, configFile: loaded.path, nowMs, dryRun: options.dryRun }), accountsWithoutRecord: withoutRecord };
    const decisionFile = join(resolve(options.reportsDir ?? 'reports'), 'risk_guard', 'latest_decision.json');
    // Written whole then renamed: a reader (the SOP's `cat latest_decision.json`) never sees half a file.
    mkdirSync(join(resolve(options.reportsDir ?? 'reports'), 'risk_guard'), { recursive: true });
    writeFileSync(`${decisionFile}.tmp`, `${JSON.stringify(json, null, 2)}\n`);
    renameSync(`${decisionFile}.tmp`, decisionFile);
    return { outcomes, withoutRecord, json, decisionFile };
  } finally {
    await store.close();
  }
}

/** `rampart risk-guard approve --reason`: applies pending SCALE_UP proposals. */
export async function riskGuardApproveJob(options: OperatorStoreOptions & { reason: string; account?: string; logger?: Logger }): Promise<Array<{ account: string; sizeMultiplier: number; previousSizeMultiplier: number }>> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    return await approveRiskGuardScaleUp({ store, config: loaded.config, reason: options.reason, actor: `operator@${hostname()}`, nowMs: Date.now(), logger: options.logger ?? createPinoLogger(), ...(options.account !== undefined ? { account: options.account } : {}) });
  } finally {
    await store.close();
  }
}
