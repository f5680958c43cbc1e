import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { accountReport, accountsNearLimit, reportPeriod, type ProdReport, type ReportGuardDecision, type ReportPeriod, type ReportReplay } from '../../ops/prodReport/index.ts';
import type { IncidentRecord, TradeStore } from '../../ports/tradeStore.ts';
import { resolveProfile } from '../../risk/index.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import { hasAccountRecord, noRecordYet, readAccountRecords, incidentOfAccount, tradedAccounts } from './accountMetricsFromStore.ts';
import { describeProfile, type ProfileInForce } from './capitalProfilesInForce.ts';

export interface ProdReportInput {
  readonly store: TradeStore;
  /** The config with each account's capital profile in force. */
  readonly config: RampartConfig;
  readonly profiles: ReadonlyMap<string, ProfileInForce>;
  readonly period: ReportPeriod;
  /** Any time inside the period. */
  readonly dateMs: number;
  readonly nowMs: number;
  /** The rules' scale-up streak length, when a rules file was given. */
  readonly scaleUpDaysNeeded?: number;
  /** Weekly and monthly: replays the period through the backtest kernel and compares it with the record. */
  readonly replay?: (fromMs: number, toMs: number) => Promise<ReportReplay>;
}

/** One period's report from the store: every account the config trades. */
export async function prodReportFromStore(input: ProdReportInput): Promise<ProdReport> {
  const { fromMs, endMs, label } = reportPeriod(input.period, input.dateMs);
  const toMs = Math.min(endMs - 1, input.nowMs);
  const barMs = timeframeToMs(input.config.data.timeframe);
  const incidents = await input.store.listIncidents({ toMs });
  const accounts = [];
  const withoutRecord: string[] = [];
  for (const account of tradedAccounts(input.config)) {
    if (!(await hasAccountRecord(input.store, account, toMs))) {
      withoutRecord.push(account);
      continue;
    }
    const { record, operations } = await readAccountRecords(input.store, input.config, account);
    const profile = resolveProfile(input.config.risk.accounts[account], input.config.risk.profiles, `risk.accounts.${account}`);
    const inForce = input.profiles.get(account);
    const positions = [];
    const open = await input.store.listOpenOrders(account);
    for (const position of await input.store.listPositions(account)) {
      if (Number(position.quantity) === 0) continue;
      const protective = [];
      for (const order of open.filter((candidate) => candidate.symbol === position.symbol)) {
        if ((await input.store.getIntent(order.clientOrderId))?.reduceOnly === true) protective.push({ clientOrderId: order.clientOrderId, status: order.status });
      }
      positions.push({ symbol: position.symbol, quantity: Number(position.quantity), entryPrice: Number(position.entryPrice), protectiveOrders: protective });
    }
    const guardDecisions: ReportGuardDecision[] = (await input.store.listRiskGuardDecisions({ account, toMs })).map((row) => {
      const counters = row.detail.counters as { scaleUpDays?: unknown; yellowDays?: unknown } | undefined;
      return {
        atMs: row.atMs,
        decision: row.decision,
        sizeMultiplier: row.sizeMultiplier,
        reasons: Array.isArray(row.detail.reasons) ? row.detail.reasons.map(String) : typeof row.detail.reason === 'string' ? [`approved: ${row.detail.reason}`] : [],
        scaleUpDays: typeof counters?.scaleUpDays === 'number' ? counters.scaleUpDays : undefined,
        yellowDays: typeof counters?.yellowDays === 'object' && counters.yellowDays !== null ? (counters.yellowDays as Record<string, number>) : {},
      };
    });
    const state = await input.store.loadTradingState(account);
    accounts.push(
      accountReport(
        {
          account,
          record,
          operations,
          limits: { dailyPct: profile.dailyDrawdownPct, weeklyPct: profile.weeklyDrawdownPct },
          profile: { name: inForce === undefined ? profile.name : describeProfile(inForce), source: inForce?.source ?? 'config' },
          tradingState: state?.state ?? 'ACTIVE',
          positions,
          incidents: incidents.filter((incident) => incidentOfAccount(incident, account)).map((incident) => ({ atMs: incident.atMs, kind: incident.kind, severity: incident.severity, summary: summary(incident) })),
          guardDecisions,
          scaleUpDaysNeeded: input.scaleUpDaysNeeded,
        },
        fromMs,
        toMs,
        barMs,
      ),
    );
  }
  const notes: string[] = [];
  if (withoutRecord.length > 0) notes.push(`${noRecordYet(withoutRecord)} by the end of this period: left out.`);
  const replay = input.period === 'daily' ? undefined : input.replay === undefined ? { compared: false as const, reason: 'no replay was given to this report' } : await input.replay(fromMs, toMs);
  return { period: input.period, label, fromMs, toMs, generatedAtMs: input.nowMs, configName: input.config.name, accounts, nearLimit: accountsNearLimit(accounts), ...(replay !== undefined ? { replay } : {}), notes };
}

/** One line of an incident's detail: its reason when it has one, else its fields. */
function summary(incident: IncidentRecord): string {
  const { detail } = incident;
  if (typeof detail.reason === 'string') return detail.reason;
  return Object.entries(detail)
    .filter(([key]) => key !== 'account')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ')
    .slice(0, 300);
}
