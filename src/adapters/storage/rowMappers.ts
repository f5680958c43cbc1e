import type {
  EquitySnapshotRecord,
  FillRecord,
  GoLiveRecord,
  GoLiveRecordKind,
  IncidentRecord,
  IncidentSeverity,
  IntentState,
  JsonObject,
  LockHolder,
  OrderHistoryEntry,
  OrderIntentRecord,
  FundingPaymentRecord,
  OrderRecord,
  OrderSide,
  OrderStatus,
  PositionRecord,
  RiskEventRecord,
  RiskGuardDecisionRecord,
  ExchangeHealthRecord,
  FailoverEventRecord,
  ProfileAssignmentRecord,
  RiskStageRecord,
  SignalRecord,
  TradingStateName,
  TradingStateTransition,
} from '../../ports/tradeStore.ts';

// Both engines share column names. They differ in value types: SQLite gives integers as numbers,
// booleans as 0/1 and JSON as text; node-postgres gives BIGINT as text, booleans and JSONB natively.
export type Row = Record<string, unknown>;

const str = (value: unknown): string => String(value);
const nullableStr = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const int = (value: unknown): number => Number(value);
const json = (value: unknown): JsonObject => (typeof value === 'string' ? JSON.parse(value) : value) as JsonObject;

export function toIntent(row: Row): OrderIntentRecord {
  return {
    clientOrderId: str(row.client_order_id),
    account: str(row.account),
    sleeve: str(row.sleeve),
    symbol: str(row.symbol),
    strategy: str(row.strategy),
    side: str(row.side) as OrderSide,
    quantity: str(row.quantity),
    price: nullableStr(row.price),
    // Absent rather than null when unknown: intents written before the column existed read as they were written.
    ...(row.reference_price !== null && row.reference_price !== undefined ? { referencePrice: str(row.reference_price) } : {}),
    reduceOnly: Boolean(row.reduce_only),
    createdAtMs: int(row.created_at_ms),
    state: str(row.state) as IntentState,
    stateChangedAtMs: int(row.state_changed_at_ms),
  };
}

export function toOrder(row: Row): OrderRecord {
  return {
    clientOrderId: str(row.client_order_id),
    account: str(row.account),
    symbol: str(row.symbol),
    venueOrderId: nullableStr(row.venue_order_id),
    status: str(row.status) as OrderStatus,
    filledQuantity: str(row.filled_quantity),
    averagePrice: nullableStr(row.average_price),
    updatedAtMs: int(row.updated_at_ms),
  };
}

export function toOrderHistoryEntry(row: Row): OrderHistoryEntry {
  return {
    sequence: int(row.sequence),
    clientOrderId: str(row.client_order_id),
    account: str(row.account),
    symbol: str(row.symbol),
    venueOrderId: nullableStr(row.venue_order_id),
    status: str(row.status) as OrderStatus,
    filledQuantity: str(row.filled_quantity),
    averagePrice: nullableStr(row.average_price),
    atMs: int(row.at_ms),
    reason: nullableStr(row.reason),
  };
}

export function toFill(row: Row): FillRecord {
  return {
    account: str(row.account),
    symbol: str(row.symbol),
    tradeId: str(row.trade_id),
    clientOrderId: nullableStr(row.client_order_id),
    venueOrderId: nullableStr(row.venue_order_id),
    side: str(row.side) as OrderSide,
    quantity: str(row.quantity),
    price: str(row.price),
    fee: str(row.fee),
    atMs: int(row.at_ms),
  };
}

export function toPosition(row: Row): PositionRecord {
  return {
    account: str(row.account),
    symbol: str(row.symbol),
    quantity: str(row.quantity),
    entryPrice: str(row.entry_price),
    realizedPnl: str(row.realized_pnl),
    updatedAtMs: int(row.updated_at_ms),
  };
}

export function toEquitySnapshot(row: Row): EquitySnapshotRecord {
  return {
    account: str(row.account),
    atMs: int(row.at_ms),
    equity: str(row.equity),
    walletBalance: str(row.wallet_balance),
    unrealizedPnl: str(row.unrealized_pnl),
  };
}

export function toRiskEvent(row: Row): RiskEventRecord {
  return {
    account: str(row.account),
    atMs: int(row.at_ms),
    code: str(row.code),
    symbol: nullableStr(row.symbol),
    strategy: nullableStr(row.strategy),
    clientOrderId: nullableStr(row.client_order_id),
    detail: json(row.detail),
  };
}

export function toTradingStateTransition(row: Row): TradingStateTransition {
  return {
    account: str(row.account),
    atMs: int(row.at_ms),
    previousState: nullableStr(row.previous_state) as TradingStateName | null,
    state: str(row.state) as TradingStateName,
    reason: str(row.reason),
    actor: str(row.actor),
  };
}

export function toSignal(row: Row): SignalRecord {
  return {
    atMs: int(row.at_ms),
    sleeve: str(row.sleeve),
    symbol: str(row.symbol),
    strategy: str(row.strategy),
    target: Number(row.target),
    confidence: row.confidence === null || row.confidence === undefined ? null : Number(row.confidence),
  };
}

export function toIncident(row: Row): IncidentRecord {
  return {
    atMs: int(row.at_ms),
    kind: str(row.kind),
    severity: str(row.severity) as IncidentSeverity,
    detail: json(row.detail),
  };
}

export function toGoLiveRecord(row: Row): GoLiveRecord {
  return {
    account: str(row.account),
    atMs: int(row.at_ms),
    kind: str(row.kind) as GoLiveRecordKind,
    actor: str(row.actor),
    reason: str(row.reason),
    detail: json(row.detail),
  };
}

export function toRiskGuardDecision(row: Row): RiskGuardDecisionRecord {
  return { account: str(row.account), atMs: int(row.at_ms), decision: str(row.decision), sizeMultiplier: Number(row.size_multiplier), detail: json(row.detail) };
}

export function toFundingPayment(row: Row): FundingPaymentRecord {
  return { account: str(row.account), symbol: str(row.symbol), paymentId: str(row.payment_id), income: str(row.income), atMs: int(row.at_ms) };
}

export function toExchangeHealth(row: Row): ExchangeHealthRecord {
  return { atMs: int(row.at_ms), account: str(row.account), venue: str(row.venue), state: str(row.state) as ExchangeHealthRecord['state'], detail: json(row.detail) };
}

export function toFailoverEvent(row: Row): FailoverEventRecord {
  return {
    atMs: int(row.at_ms),
    sleeve: str(row.sleeve),
    account: str(row.account),
    kind: str(row.kind),
    fromAccount: nullableStr(row.from_account),
    toAccount: nullableStr(row.to_account),
    reason: str(row.reason),
    actor: str(row.actor),
  };
}

export function toProfileAssignment(row: Row): ProfileAssignmentRecord {
  return { account: str(row.account), atMs: int(row.at_ms), profile: str(row.profile), reason: str(row.reason), actor: str(row.actor), detail: json(row.detail) };
}

export function toRiskStage(row: Row): RiskStageRecord {
  return { account: str(row.account), sleeve: str(row.sleeve), atMs: int(row.at_ms), stepIndex: int(row.step_index), riskPerTrade: Number(row.risk_per_trade), how: str(row.how), reason: str(row.reason), actor: str(row.actor), detail: json(row.detail) };
}

export function toLockHolder(row: Row): LockHolder {
  return { owner: str(row.owner), token: int(row.token), heartbeatAtMs: int(row.heartbeat_at_ms), ttlMs: int(row.ttl_ms) };
}
