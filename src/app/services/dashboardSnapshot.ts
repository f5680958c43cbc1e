import { isolatedMargin } from '../../domain/position/isolatedMargin.ts';
import type { FillRecord, TradeStore } from '../../ports/tradeStore.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import { equityCurve, type EquityPoint } from './equityCurve.ts';
import { realisedPnlByFill } from './fillPnl.ts';
import type { GlobalRiskStatus, ObservedFigures } from './observedFigures.ts';
import type { StressSummary } from './stressSummary.ts';

/** The trades the dashboard lists (the operator manual's "last 50 trades"). */
export const DASHBOARD_TRADES = 50;

export interface DashboardAccount {
  readonly account: string;
  readonly tradingState: string;
  /** Why the account is in its state (the stored transition's reason), null when it never changed. */
  readonly tradingStateReason: string | null;
  readonly equity: number | null;
  readonly dayDrawdownPct: number;
  readonly dayDrawdownLimitPct: number | null;
  readonly weekDrawdownPct: number;
  readonly weekDrawdownLimitPct: number | null;
  readonly essTriggersTotal: number;
  readonly essTriggers: Readonly<Record<string, number>>;
  readonly riskGateAllowed: number;
  readonly riskGateBlocked: number;
  readonly riskGateBlockedByCode: Readonly<Record<string, number>>;
}

export interface ProtectiveOrder {
  readonly clientOrderId: string;
  readonly side: string;
  readonly quantity: string;
  /** Limit or stop price; null for a market exit. */
  readonly price: string | null;
  readonly status: string;
}

export interface DashboardPosition {
  readonly account: string;
  readonly symbol: string;
  readonly quantity: string;
  readonly entryPrice: string;
  readonly realizedPnl: string;
  readonly leverage: number;
  /** Isolated initial margin at entry: |quantity| × entry / leverage, quote currency. */
  readonly marginUsed: number;
  /** That margin over the account's equity, percent; null without an equity snapshot. */
  readonly marginUsedPct: number | null;
  /** Open reduce-only orders on the symbol: the position's protective stops and exits. */
  readonly protectiveOrders: readonly ProtectiveOrder[];
}

export interface DashboardHealth {
  readonly ready: boolean;
  readonly reasons: readonly string[];
  readonly store: string;
  readonly runner: string;
  /** The venue as the runners see it (reachable and reconciled), or why it is not checked here. */
  readonly venue: string;
  /** The largest venue-minus-local clock offset a runner reports, ms; null when none is measured in this process. */
  readonly clockOffsetMs: number | null;
}

/**
 * Everything the Risk & Resilience page shows, from the services behind `rampart status` and
 * /metrics (the same figures, not a second computation). Failover events are added by the
 * interface from its metrics registry.
 */
export interface DashboardSnapshot {
  readonly atMs: number;
  readonly globalRiskStatus: GlobalRiskStatus;
  readonly accounts: readonly DashboardAccount[];
  readonly stress: StressSummary;
  readonly positions: readonly DashboardPosition[];
  readonly trades: { readonly total: number; readonly items: ReadonlyArray<FillRecord & { readonly realisedPnl: number }> };
  readonly equityCurves: Readonly<Record<string, readonly EquityPoint[]>>;
  readonly health: DashboardHealth;
}

export interface DashboardParts {
  readonly config: RampartConfig;
  readonly store: TradeStore;
  readonly nowMs: number;
  readonly figures: ObservedFigures;
  /** ControlSurface.readiness() (typed here so this module does not import the surface). */
  readonly readiness: { readonly ready: boolean; readonly reasons: readonly string[]; readonly checks: { readonly store: string; readonly runners: string } };
  readonly stress: StressSummary;
  /** The process's runner probes; absent under `rampart serve`: no runner in the process. */
  readonly runners?: ReadonlyArray<{ readonly account: string; readonly readiness: string; readonly clockOffsetMs?: number }>;
}

const sum = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((total, count) => total + count, 0);

export async function dashboardSnapshot(parts: DashboardParts): Promise<DashboardSnapshot> {
  const { store, figures } = parts;
  const accounts: DashboardAccount[] = [];
  for (const figure of figures.accounts) {
    const { status } = figure;
    accounts.push({
      account: figure.account,
      tradingState: status.tradingState,
      tradingStateReason: (await store.loadTradingState(figure.account))?.reason ?? null,
      equity: status.equity,
      dayDrawdownPct: status.dayDrawdownPct,
      dayDrawdownLimitPct: status.dayDrawdownLimitPct,
      weekDrawdownPct: status.weekDrawdownPct,
      weekDrawdownLimitPct: status.weekDrawdownLimitPct,
      essTriggersTotal: sum(figure.essTriggers),
      essTriggers: figure.essTriggers,
      riskGateAllowed: figure.riskGateAllowed,
      riskGateBlocked: sum(figure.riskGateBlocked),
      riskGateBlockedByCode: figure.riskGateBlocked,
    });
  }
  const fills = await store.listFills({ toMs: parts.nowMs });
  const pnl = realisedPnlByFill(fills);
  const recent = [...fills].sort((a, b) => b.atMs - a.atMs).slice(0, DASHBOARD_TRADES);
  const equityCurves: Record<string, EquityPoint[]> = {};
  for (const account of accounts) equityCurves[account.account] = await equityCurve(store, account.account, parts.nowMs);
  return {
    atMs: parts.nowMs,
    globalRiskStatus: figures.globalRiskStatus,
    accounts,
    stress: parts.stress,
    positions: await positionsWithProtection(parts, accounts),
    trades: { total: fills.length, items: recent.map((fill) => ({ ...fill, realisedPnl: pnl.get(fill) ?? 0 })) },
    equityCurves,
    health: health(parts),
  };
}

async function positionsWithProtection(parts: DashboardParts, accounts: readonly DashboardAccount[]): Promise<DashboardPosition[]> {
  const { store, config } = parts;
  const leverage = config.market.type === 'futures' ? config.market.leverage : 1;
  const intents = new Map((await store.listIntents()).map((intent) => [intent.clientOrderId, intent]));
  const openOrders = await store.listOpenOrders();
  const out: DashboardPosition[] = [];
  for (const position of await store.listPositions()) {
    const quantity = Number(position.quantity);
    if (quantity === 0) continue;
    const equity = accounts.find((account) => account.account === position.account)?.equity ?? null;
    const marginUsed = isolatedMargin(quantity, Number(position.entryPrice), leverage);
    const protectiveOrders: ProtectiveOrder[] = [];
    for (const order of openOrders) {
      const intent = intents.get(order.clientOrderId);
      if (order.account !== position.account || order.symbol !== position.symbol || intent?.reduceOnly !== true) continue;
      protectiveOrders.push({ clientOrderId: order.clientOrderId, side: intent.side, quantity: intent.quantity, price: intent.price, status: order.status });
    }
    out.push({
      account: position.account,
      symbol: position.symbol,
      quantity: position.quantity,
      entryPrice: position.entryPrice,
      realizedPnl: position.realizedPnl,
      leverage,
      marginUsed,
      marginUsedPct: equity !== null && equity > 0 ? (marginUsed / equity) * 100 : null,
      protectiveOrders,
    });
  }
  return out;
}

function health(parts: DashboardParts): DashboardHealth {
  const { readiness, runners } = parts;
  const venue =
    runners === undefined
      ? 'not checked: no runner in this process (rampart serve)'
      : runners.length === 0
        ? 'no runner has started yet'
        : runners.map((runner) => `${runner.account} ${runner.readiness === 'READY' ? 'reachable, reconciled' : runner.readiness}`).join('; ');
  const offsets = (runners ?? []).map((runner) => runner.clockOffsetMs).filter((offset): offset is number => offset !== undefined && Number.isFinite(offset));
  const clockOffsetMs = offsets.length === 0 ? null : offsets.reduce((worst, offset) => (Math.abs(offset) > Math.abs(worst) ? offset : worst));
  return { ready: readiness.ready, reasons: readiness.reasons, store: readiness.checks.store, runner: readiness.checks.runners, venue, clockOffsetMs };
}
