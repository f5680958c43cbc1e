import type { Clock } from '../../ports/clock.ts';
import type { FillRecord, IncidentRecord, OrderRecord, PositionRecord, RiskGuardDecisionRecord, SignalRecord, TradeStore } from '../../ports/tradeStore.ts';
import { renderProdReportMarkdown, type ReportPeriod } from '../../ops/prodReport/index.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { loadGoLive } from '../config/loadGoLive.ts';
import { deactivateGoLive } from './goLive.ts';
import { accountsFromEnv } from './accountsFromEnv.ts';
import { withCapitalProfiles } from './capitalProfilesInForce.ts';
import { createRiskGate } from './createRiskGate.ts';
import { readObservedFigures, TerminalOrderCache, type ObservedFigures } from './observedFigures.ts';
import { recordOperatorCommandForConfig, type OperatorCommandKind } from './operatorCommands.ts';
import { prodReportFromStore } from './prodReportFromStore.ts';
import { profileAssignmentsInStore } from './profileReviewService.ts';
import { statusReport, type AccountStatus } from './statusReport.ts';
import { dashboardSnapshot, type DashboardSnapshot } from './dashboardSnapshot.ts';
import { equityCurve, type EquityPoint } from './equityCurve.ts';
import { stressSummary, type StressSource, type StressSummary } from './stressSummary.ts';

/** What a runner in this process shows of itself (absent under `rampart serve`: no runner there). */
export interface RunnerProbe {
  readonly account: string;
  /** READY once reconciled against a reachable venue; NOT_READY otherwise. */
  readonly readiness: string;
  readonly lockLost: boolean;
  /** Venue time minus local time at the runner's last clock sync, ms, when it measured one. */
  readonly clockOffsetMs?: number;
}

export interface Readiness {
  readonly ready: boolean;
  /** Why not ready, one line each (empty when ready). */
  readonly reasons: string[];
  readonly checks: { readonly store: string; readonly runners: string; readonly tradingStates: Readonly<Record<string, string>> };
}

export interface Page<T> {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly items: T[];
}

export interface PageQuery {
  readonly offset?: number;
  readonly limit?: number;
}

export const MAX_PAGE = 500;

export interface ControlSurfaceInput {
  readonly loaded: LoadedConfig;
  readonly store: TradeStore;
  readonly clock: Clock;
  /** The process's runners (run --http); absent: a store-only server (serve). */
  readonly runners?: () => readonly RunnerProbe[];
  /** The process environment: accounts (RAMPART_ACCOUNT_*) for the profiles in force. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Who an admin command is recorded as (e.g. `http-admin@host`). */
  readonly adminActor: string;
  /** The go-live file whose switch `deactivateGoLive` turns off (`--go-live`); absent: refused. */
  readonly goLivePath?: string;
  /** The scenario registry and candle feed `rampart stress` uses; absent: the stress panel and metric say it is unknown. */
  readonly stress?: StressSource;
}

/** How long a stress result is reused: it reads candles for every position, and scrapes and live updates come every few seconds. */
export const STRESS_REUSE_MS = 30_000;

/**
 * The use cases behind the HTTP server (and any later remote surface): every answer comes from the
 * services the CLI uses on the same store (`status` is statusReport, a kill is recordOperatorCommand),
 * so what the dashboard shows is what `rampart status` prints and what an admin call records is what
 * `rampart kill` records.
 */
export class ControlSurface {
  private readonly cache = new TerminalOrderCache();
  private readonly latencyListeners: Array<(seconds: number) => void> = [];
  private readonly commandListeners: Array<() => void> = [];
  private lastStress: { atMs: number; summary: StressSummary } | undefined;

  constructor(private readonly input: ControlSurfaceInput) {}

  get accounts(): string[] {
    return [...new Set(this.input.loaded.config.sleeves.map((sleeve) => sleeve.account))].sort();
  }

  /** The config with the store's capital-profile assignments in force (as status and report use it). */
  private async inForce(): Promise<ReturnType<typeof withCapitalProfiles>> {
    return withCapitalProfiles(this.input.loaded, accountsFromEnv(this.input.env, 'paper').accounts, await profileAssignmentsInStore(this.input.store));
  }

  async status(): Promise<AccountStatus[]> {
    return statusReport((await this.inForce()).loaded, this.input.store, this.input.clock.nowMs());
  }

  async figures(): Promise<ObservedFigures> {
    return readObservedFigures((await this.inForce()).loaded, this.input.store, this.input.clock.nowMs(), this.cache);
  }

  /** Store reachable, every runner of this process READY (venue reachable, reconciled) and holding its lock, no account HALTED. */
  async readiness(): Promise<Readiness> {
    const reasons: string[] = [];
    let storeCheck = 'ok';
    const tradingStates: Record<string, string> = {};
    try {
      await this.input.store.schemaVersion();
      for (const account of this.accounts) {
        const state = await this.input.store.loadTradingState(account);
        tradingStates[account] = state?.state ?? 'ACTIVE';
        if (state?.state === 'HALTED') reasons.push(`account ${account} is HALTED: ${state.reason}`);
      }
    } catch (error) {
      storeCheck = `unreachable: ${(error as Error).message}`;
      reasons.push(`trade store ${storeCheck}`);
    }
    let runnersCheck = 'none in this process (rampart serve): venue and reconciliation not checked';
    if (this.input.runners !== undefined) {
      const runners = this.input.runners();
      const bad = runners.filter((runner) => runner.readiness !== 'READY' || runner.lockLost);
      for (const runner of bad) reasons.push(runner.lockLost ? `account ${runner.account}: runner lost its lock` : `account ${runner.account}: ${runner.readiness} (venue unreachable or not reconciled)`);
      if (runners.length === 0) reasons.push('no runner has started yet');
      runnersCheck = bad.length === 0 && runners.length > 0 ? `${runners.length} READY` : `${runners.length - bad.length} of ${runners.length} READY`;
    }
    return { ready: reasons.length === 0, reasons, checks: { store: storeCheck, runners: runnersCheck, tradingStates } };
  }

  /** The registered stress scenarios on the store's positions (`rampart stress`), reused for STRESS_REUSE_MS. */
  async stress(): Promise<StressSummary> {
    const nowMs = this.input.clock.nowMs();
    if (this.lastStress !== undefined && nowMs - this.lastStress.atMs < STRESS_REUSE_MS && nowMs >= this.lastStress.atMs) return this.lastStress.summary;
    const summary = await stressSummary(this.input.stress, this.input.store, (await this.inForce()).loaded.config, nowMs);
    this.lastStress = { atMs: nowMs, summary };
    return summary;
  }

  /** An account's equity and running-drawdown curve from its stored snapshots. */
  async equity(account: string): Promise<EquityPoint[]> {
    return equityCurve(this.input.store, account, this.input.clock.nowMs());
  }

  /** What the Risk & Resilience dashboard shows, from the same figures as status and /metrics. */
  async dashboard(): Promise<DashboardSnapshot> {
    const figures = await this.figures();
    return dashboardSnapshot({
      config: (await this.inForce()).loaded.config,
      store: this.input.store,
      nowMs: this.input.clock.nowMs(),
      figures,
      readiness: await this.readiness(),
      stress: await this.stress(),
      ...(this.input.runners !== undefined ? { runners: this.input.runners() } : {}),
    });
  }

  /** Called after every recorded operator command (live updates push at once instead of at the next poll). */
  onOperatorCommand(listener: () => void): () => void {
    this.commandListeners.push(listener);
    return () => {
      const index = this.commandListeners.indexOf(listener);
      if (index >= 0) this.commandListeners.splice(index, 1);
    };
  }

  async positions(account?: string): Promise<PositionRecord[]> {
    return (await this.input.store.listPositions(account)).filter((position) => Number(position.quantity) !== 0);
  }

  /** Open orders, and every stored order (newest first) a page at a time. */
  async orders(query: PageQuery & { account?: string }): Promise<{ open: OrderRecord[]; recent: Page<OrderRecord & { sleeve: string; reduceOnly: boolean; intentState: string }> }> {
    const intents = (await this.input.store.listIntents(query.account !== undefined ? { account: query.account } : {})).sort((a, b) => b.createdAtMs - a.createdAtMs);
    const { offset, limit } = pageBounds(query);
    const items = [];
    for (const intent of intents.slice(offset, offset + limit)) {
      const order = await this.input.store.getOrder(intent.clientOrderId);
      if (order !== undefined) items.push({ ...order, sleeve: intent.sleeve, reduceOnly: intent.reduceOnly, intentState: intent.state });
    }
    return { open: await this.input.store.listOpenOrders(query.account), recent: { total: intents.length, offset, limit, items } };
  }

  async trades(query: PageQuery & { account?: string; fromMs?: number; toMs?: number }): Promise<Page<FillRecord>> {
    const fills = (await this.input.store.listFills({ ...(query.account !== undefined ? { account: query.account } : {}), ...range(query) })).sort((a, b) => b.atMs - a.atMs);
    return page(fills, query);
  }

  /** Per account: the capital profile's limits and how much of them is used now. */
  async risk(): Promise<Array<{ account: string; profile: unknown; use: { dayDrawdownPct: number; dayDrawdownLimitPct: number | null; weekDrawdownPct: number; weekDrawdownLimitPct: number | null; openPositions: number; tradingState: string } }>> {
    const { loaded } = await this.inForce();
    const { engine } = createRiskGate(loaded.config);
    const statuses = await statusReport(loaded, this.input.store, this.input.clock.nowMs());
    return statuses.map((status) => ({
      account: status.account,
      profile: engine.profileOf(status.account),
      use: { dayDrawdownPct: status.dayDrawdownPct, dayDrawdownLimitPct: status.dayDrawdownLimitPct, weekDrawdownPct: status.weekDrawdownPct, weekDrawdownLimitPct: status.weekDrawdownLimitPct, openPositions: status.positions.length, tradingState: status.tradingState },
    }));
  }

  /** The strategies' stored decisions (signals), newest first. */
  async decisions(query: PageQuery & { fromMs?: number; toMs?: number }): Promise<Page<SignalRecord>> {
    return page((await this.input.store.listSignals(range(query))).sort((a, b) => b.atMs - a.atMs), query);
  }

  async incidents(query: PageQuery & { fromMs?: number; toMs?: number }): Promise<Page<IncidentRecord>> {
    return page((await this.input.store.listIncidents(range(query))).sort((a, b) => b.atMs - a.atMs), query);
  }

  /** The period's report as `rampart report` computes it (not written to files). */
  async report(period: ReportPeriod): Promise<unknown> {
    const { loaded, profiles } = await this.inForce();
    const nowMs = this.input.clock.nowMs();
    return prodReportFromStore({ store: this.input.store, config: loaded.config, profiles, period, dateMs: nowMs, nowMs });
  }

  /** The period's report as the Markdown `rampart report` writes. */
  async reportMarkdown(period: ReportPeriod): Promise<string> {
    const { loaded, profiles } = await this.inForce();
    const nowMs = this.input.clock.nowMs();
    return renderProdReportMarkdown(await prodReportFromStore({ store: this.input.store, config: loaded.config, profiles, period, dateMs: nowMs, nowMs }));
  }

  /** The risk guard's stored decisions, newest first, and the latest per account. */
  async riskGuard(query: PageQuery & { account?: string }): Promise<{ latest: Record<string, RiskGuardDecisionRecord | null>; history: Page<RiskGuardDecisionRecord> }> {
    const all = (await this.input.store.listRiskGuardDecisions(query.account !== undefined ? { account: query.account } : {})).reverse();
    const latest: Record<string, RiskGuardDecisionRecord | null> = {};
    for (const account of this.accounts) latest[account] = all.find((decision) => decision.account === account) ?? null;
    return { latest, history: page(all, query) };
  }

  /** An operator's kill, reset or flatten, recorded exactly as `rampart kill|reset|flatten` records it. */
  async operatorCommand(command: { kind: OperatorCommandKind; reason: string; account?: string; flatten?: boolean }): Promise<string[]> {
    const accounts = await recordOperatorCommandForConfig(this.input.loaded, this.input.store, { ...command, actor: this.input.adminActor, nowMs: this.input.clock.nowMs() });
    for (const listener of this.commandListeners) listener();
    return accounts;
  }

  /** `rampart go-live deactivate` for the account (default: every traded account): stored, flag removed. */
  async deactivateGoLive(command: { reason: string; account?: string }): Promise<string[]> {
    if (this.input.goLivePath === undefined) throw new InputError('no go-live file is configured for this server: start it with --go-live FILE', { keyPath: '--go-live' });
    if (command.account !== undefined && !this.accounts.includes(command.account)) throw new InputError(`account must be one the config trades (${this.accounts.join(', ')}), was "${command.account}"`, { keyPath: 'account', value: command.account });
    const goLive = loadGoLive(this.input.goLivePath);
    const accounts = command.account !== undefined ? [command.account] : this.accounts;
    for (const account of accounts) await deactivateGoLive(this.input.store, goLive, account, command.reason, this.input.adminActor, this.input.clock.nowMs());
    return accounts;
  }

  /** Decision latencies measured in this process (run --http): the metrics histogram listens here. */
  onDecisionLatency(listener: (seconds: number) => void): void {
    this.latencyListeners.push(listener);
  }

  /** Called by the runner's wiring for each order handed to the gateway: seconds since its bar's evaluation began. */
  observeDecisionLatency(seconds: number): void {
    for (const listener of this.latencyListeners) listener(seconds);
  }
}

function pageBounds(query: PageQuery): { offset: number; limit: number } {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? 50)));
  return { offset, limit };
}

function page<T>(items: readonly T[], query: PageQuery): Page<T> {
  const { offset, limit } = pageBounds(query);
  return { total: items.length, offset, limit, items: items.slice(offset, offset + limit) };
}

function range(query: { fromMs?: number; toMs?: number }): { fromMs?: number; toMs?: number } {
  return { ...(query.fromMs !== undefined ? { fromMs: query.fromMs } : {}), ...(query.toMs !== undefined ? { toMs: query.toMs } : {}) };
}
