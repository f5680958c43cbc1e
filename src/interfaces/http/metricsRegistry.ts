import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ControlSurface } from '../../app/services/controlSurface.ts';
import { KNOWN_LABEL_VALUES, type ObservedFigures } from '../../app/services/observedFigures.ts';

/** Trading states as numbers, in order of restriction (alerts compare them). */
export const TRADING_STATE_VALUE: Readonly<Record<string, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };
export const GLOBAL_RISK_VALUE: Readonly<Record<string, number>> = { OK: 0, WARNING: 1, CRITICAL: 2 };
/** Risk-guard decisions as numbers, from least to most restrictive. */
/** Stress severities as numbers, from harmless to severe. */
export const STRESS_SEVERITY_VALUE: Readonly<Record<string, number>> = { OK: 0, WARNING: 1, CRITICAL: 2 };
export const RISK_GUARD_VALUE: Readonly<Record<string, number>> = { SCALE_UP_APPROVED: -1, SCALE_UP: 0, KEEP: 0, REDUCE: 1, PAUSE: 2, FLATTEN_ALL: 3 };

/** Decision latency buckets, seconds: the playbook alerts above 0.5 s. */
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The Prometheus registry of one server: the seeds' metric names (operator manual §6, playbook §10)
 * filled from the store's figures at each scrape, the decision-latency histogram from this process's
 * runners, and Node's process metrics. Labels are accounts of the config and closed sets of codes.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly essTriggers = this.counter('ess_triggers_total', 'Emergency stops and automatic halts or reductions, by trigger (stored trading-state transitions)', ['account', 'trigger']);
  private readonly riskGate = this.counter('risk_gate_decisions_total', 'Risk gate decisions: allowed (stored intents) and blocked (risk-engine denials) by code', ['account', 'decision', 'code']);
  private readonly failovers = this.counter('exchange_failover_events_total', 'Exchange failovers and failbacks of sleeves: new entries moved from one account to another (stored failover events)', ['account', 'from', 'to']);
  private readonly equity = this.gauge('rampart_equity', 'Account equity in the quote currency, at the last stored snapshot', ['account']);
  private readonly equityTime = this.gauge('rampart_equity_timestamp_seconds', 'Time of the last stored equity snapshot (one per evaluated bar), Unix seconds', ['account']);
  private readonly drawdown = this.gauge('rampart_drawdown_ratio', 'Loss from the start of the UTC day or ISO week, or from the running peak, as a ratio', ['account', 'window']);
  private readonly limitUsed = this.gauge('rampart_profile_limit_used_ratio', 'Drawdown against the capital profile limit (1 = at the limit), the larger of day and week', ['account']);
  private readonly openPositions = this.gauge('rampart_open_positions', 'Open positions', ['account']);
  private readonly maxPositions = this.gauge('rampart_max_positions', 'The capital profile maximum of open positions', ['account']);
  private readonly tradingState = this.gauge('rampart_trading_state', 'Trading state: 0 ACTIVE, 1 REDUCING, 2 HALTED', ['account']);
  private readonly globalRisk = this.gauge('rampart_global_risk_status', 'Global risk status: 0 OK, 1 WARNING, 2 CRITICAL', []);
  private readonly orders = this.counter('rampart_orders_total', 'Orders by how they ended at the venue', ['account', 'result']);
  private readonly protective = this.counter('rampart_protective_orders_total', 'Reduce-only orders (protective stops, exits) placed or rejected', ['account', 'result']);
  private readonly exchangeErrors = this.counter('rampart_exchange_errors_total', 'Venue and connectivity incidents by class', ['account', 'class']);
  private readonly stress = this.gauge('rampart_stress_severity', 'Worst severity of each registered stress scenario on the stored positions: 0 OK, 1 WARNING, 2 CRITICAL; no sample while the stress cannot run (no registry or no candle to mark a position)', ['scenario']);
  private readonly riskGuard = this.gauge('rampart_risk_guard_decision', 'Latest risk-guard decision: -1 SCALE_UP_APPROVED, 0 KEEP or SCALE_UP, 1 REDUCE, 2 PAUSE, 3 FLATTEN_ALL', ['account']);
  private readonly guardrails = this.counter('rampart_guardrail_rejections_total', 'Entries refused by a runbook guardrail (spread, data age, session, volatility, confidence)', ['account', 'guardrail']);
  private readonly recentTrips = this.gauge('rampart_recent_round_trips', 'Round trips the win rate is measured over (the last 20 at most)', ['account']);
  private readonly winRate = this.gauge('rampart_win_rate_ratio', 'Share of the last 20 round trips that won, as a ratio', ['account']);
  private readonly losses = this.gauge('rampart_consecutive_losses', 'Losing round trips in a row, up to now', ['account']);
  private readonly runnerReady = this.gauge('rampart_ready', '1 when /ready answers 200 (store, venue, reconciliation, not HALTED), else 0', []);
  readonly decisionLatency = new Histogram({ name: 'rampart_decision_latency_seconds', help: 'From the start of a bar evaluation to an order handed to the venue, seconds', buckets: LATENCY_BUCKETS_SECONDS, registers: [this.registry] });

  constructor(private readonly surface: ControlSurface) {
    collectDefaultMetrics({ register: this.registry });
    surface.onDecisionLatency((seconds) => this.decisionLatency.observe(seconds));
  }

  /** The exposition text: figures read from the store now. */
  async scrape(): Promise<string> {
    this.fill(await this.surface.figures());
    this.runnerReady.set((await this.surface.readiness()).ready ? 1 : 0);
    this.stress.reset();
    const stress = await this.surface.stress();
    for (const scenario of stress.scenarios) this.stress.set({ scenario: scenario.scenario }, STRESS_SEVERITY_VALUE[scenario.severity] ?? 2);
    return this.registry.metrics();
  }

  /** Failover events counted by this process (the seam: a Rampart account trades one venue, so 0 until a failover path reports). */
  async failoverEventsTotal(): Promise<number> {
    return (await this.failovers.get()).values.reduce((total, sample) => total + sample.value, 0);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private fill(figures: ObservedFigures): void {
    for (const metric of [this.essTriggers, this.riskGate, this.orders, this.protective, this.exchangeErrors, this.guardrails, this.failovers]) metric.reset();
    for (const { account, from, to, count } of figures.failoverSwitches) this.failovers.inc({ account, from, to }, count);
    for (const metric of [this.equity, this.equityTime, this.drawdown, this.limitUsed, this.openPositions, this.maxPositions, this.tradingState, this.riskGuard, this.recentTrips, this.winRate, this.losses]) metric.reset();
    this.globalRisk.set(GLOBAL_RISK_VALUE[figures.globalRiskStatus] ?? 2);
    for (const figure of figures.accounts) {
      const { account, status } = figure;
      if (status.equity !== null) this.equity.set({ account }, status.equity);
      if (status.equityAtMs !== null) this.equityTime.set({ account }, status.equityAtMs / 1000);
      this.drawdown.set({ account, window: 'daily' }, status.dayDrawdownPct / 100);
      this.drawdown.set({ account, window: 'weekly' }, status.weekDrawdownPct / 100);
      this.drawdown.set({ account, window: 'running' }, figure.runningDrawdownRatio);
      this.limitUsed.set({ account }, figure.profileLimitUsedRatio);
      this.openPositions.set({ account }, status.positions.length);
      if (figure.maxPositions !== null) this.maxPositions.set({ account }, figure.maxPositions);
      this.tradingState.set({ account }, TRADING_STATE_VALUE[status.tradingState] ?? 2);
      this.recentTrips.set({ account }, figure.recentRoundTrips);
      if (figure.winRateRatio !== null) this.winRate.set({ account }, figure.winRateRatio);
      this.losses.set({ account }, figure.consecutiveLosses);
      if (figure.riskGuardDecision !== null) this.riskGuard.set({ account }, RISK_GUARD_VALUE[figure.riskGuardDecision] ?? 2);
      // Every known series from 0: an alert on increase() sees the first event.
      for (const trigger of KNOWN_LABEL_VALUES.trigger) this.essTriggers.inc({ account, trigger }, 0);
      for (const guardrail of KNOWN_LABEL_VALUES.guardrail) this.guardrails.inc({ account, guardrail }, 0);
      for (const result of KNOWN_LABEL_VALUES.result) this.orders.inc({ account, result }, 0);
      for (const result of KNOWN_LABEL_VALUES.protective) this.protective.inc({ account, result }, 0);
      for (const kind of KNOWN_LABEL_VALUES.exchangeError) this.exchangeErrors.inc({ account, class: kind }, 0);
      this.riskGate.inc({ account, decision: 'blocked', code: 'NONE' }, 0);
      for (const [trigger, count] of Object.entries(figure.essTriggers)) this.essTriggers.inc({ account, trigger }, count);
      this.riskGate.inc({ account, decision: 'allowed', code: 'NONE' }, figure.riskGateAllowed);
      for (const [code, count] of Object.entries(figure.riskGateBlocked)) this.riskGate.inc({ account, decision: 'blocked', code }, count);
      for (const [result, count] of Object.entries(figure.ordersByResult)) this.orders.inc({ account, result }, count);
      for (const [result, count] of Object.entries(figure.protectiveByResult)) this.protective.inc({ account, result }, count);
      for (const [kind, count] of Object.entries(figure.exchangeErrorsByClass)) this.exchangeErrors.inc({ account, class: kind }, count);
      for (const [guardrail, count] of Object.entries(figure.guardrailRejections)) this.guardrails.inc({ account, guardrail }, count);
    }
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
