import { storedDenialsReport, type StoredDenialsReport } from '../../engine/report/storedDenialsReport.ts';
import type { OrderRecord, PositionRecord, TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { createRiskGate } from './createRiskGate.ts';

export interface AccountStatus {
  readonly account: string;
  readonly tradingState: string;
  readonly equity: number | null;
  readonly equityAtMs: number | null;
  /** Loss from the UTC day's first snapshot, percent (0 when up). */
  readonly dayDrawdownPct: number;
  readonly dayDrawdownLimitPct: number | null;
  readonly weekDrawdownPct: number;
  readonly weekDrawdownLimitPct: number | null;
  readonly positions: PositionRecord[];
  readonly openOrders: OrderRecord[];
  /** The risk engine's denials of the last 24 h, in the report's `risk` shape (the same records in paper and live). */
  readonly riskDenials: StoredDenialsReport;
}

/** Denials listed one by one in the status (all are counted). */
const DENIALS_SHOWN = 5;

const DAY_MS = 86_400_000;

/** What an operator asks first: per account, positions, open orders, equity, drawdowns against the profile, trading state. */
export async function statusReport(loaded: LoadedConfig, store: TradeStore, nowMs: number): Promise<AccountStatus[]> {
  const { engine } = createRiskGate(loaded.config);
  const accounts = [...new Set(loaded.config.sleeves.map((sleeve) => sleeve.account))].sort();
  const statuses: AccountStatus[] = [];
  for (const account of accounts) {
    const snapshots = await store.listEquitySnapshots(account, { fromMs: nowMs - 8 * DAY_MS });
    const last = snapshots.at(-1);
    const lastMs = last?.atMs ?? nowMs;
    const dayStartMs = Math.floor(lastMs / DAY_MS) * DAY_MS;
    // ISO weeks start on Monday; 1970-01-01 was a Thursday.
    const weekStartMs = Math.floor((lastMs - 4 * DAY_MS) / (7 * DAY_MS)) * 7 * DAY_MS + 4 * DAY_MS;
    const profile = engine.profileOf(account);
    const state = await store.loadTradingState(account);
    statuses.push({
      account,
      tradingState: state?.state ?? 'ACTIVE',
      equity: last ? Number(last.equity) : null,
      equityAtMs: last?.atMs ?? null,
      dayDrawdownPct: drawdownSince(snapshots, dayStartMs),
      dayDrawdownLimitPct: profile.dailyDrawdownPct ?? null,
      weekDrawdownPct: drawdownSince(snapshots, weekStartMs),
      weekDrawdownLimitPct: profile.weeklyDrawdownPct ?? null,
      positions: (await store.listPositions(account)).filter((position) => position.quantity !== '0'),
      openOrders: await store.listOpenOrders(account),
      riskDenials: storedDenialsReport(await store.listRiskEvents({ account, fromMs: nowMs - DAY_MS }), DENIALS_SHOWN),
    });
  }
  return statuses;
}

function drawdownSince(snapshots: ReadonlyArray<{ atMs: number; equity: string }>, startMs: number): number {
  const window = snapshots.filter((snapshot) => snapshot.atMs >= startMs);
  if (window.length === 0) return 0;
  const start = Number(window[0].equity);
  const now = Number(window[window.length - 1].equity);
  return start > 0 && now < start ? (100 * (start - now)) / start : 0;
}

/** The status as a text table. */
export function formatStatus(statuses: readonly AccountStatus[]): string {
  const lines: string[] = [];
  for (const status of statuses) {
    const limit = (value: number | null): string => (value === null ? 'none' : `${value}%`);
    lines.push(`account ${status.account}  state ${status.tradingState}  equity ${status.equity ?? 'n/a'}${status.equityAtMs !== null ? ` at ${new Date(status.equityAtMs).toISOString()}` : ''}`);
    lines.push(`  drawdown day ${status.dayDrawdownPct.toFixed(2)}% (limit ${limit(status.dayDrawdownLimitPct)})  week ${status.weekDrawdownPct.toFixed(2)}% (limit ${limit(status.weekDrawdownLimitPct)})`);
    lines.push(`  positions: ${status.positions.length === 0 ? 'none' : ''}`);
    for (const position of status.positions) lines.push(`    ${position.symbol.padEnd(10)} qty ${position.quantity.padStart(12)}  entry ${position.entryPrice}  realized ${position.realizedPnl}`);
    lines.push(`  open orders: ${status.openOrders.length === 0 ? 'none' : ''}`);
    for (const order of status.openOrders) lines.push(`    ${order.clientOrderId} ${order.symbol} ${order.status} filled ${order.filledQuantity}`);
    const risk = status.riskDenials;
    const byCode = Object.entries(risk.denialsByCode).map(([code, count]) => `${code} ${count}`).join(', ');
    lines.push(`  risk denials (24 h): ${risk.denialCount === 0 ? 'none' : `${risk.denialCount} (${byCode})`}`);
    for (const { time, sleeve, code, account: _account, ...figures } of risk.denials) lines.push(`    ${time} ${sleeve} ${code} ${JSON.stringify(figures)}`);
  }
  return lines.join('\n');
}
