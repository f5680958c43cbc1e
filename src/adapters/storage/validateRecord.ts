import {
  GoLiveRecordKind,
  IncidentSeverity,
  IntentState,
  OrderSide,
  OrderStatus,
  TradingStateName,
  type EquitySnapshotRecord,
  type FillRecord,
  type GoLiveRecord,
  type IncidentRecord,
  type OrderIntentRecord,
  type FundingPaymentRecord,
  type OrderUpdate,
  type IntentBeforeSend,
  type RiskEventRecord,
  type RiskGuardDecisionRecord,
  type ExchangeHealthRecord,
  type FailoverEventRecord,
  type ProfileAssignmentRecord,
  type RiskStageRecord,
  type SignalRecord,
  type TradingStateChange,
} from '../../ports/tradeStore.ts';

// Canonical decimal text: PostgreSQL NUMERIC returns exactly this spelling, so both engines round-trip it.
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const NEGATIVE_ZERO = /^-0(\.0+)?$/;
const ALL_ZERO = /^0(\.0+)?$/;

type Sign = 'any' | 'positive' | 'nonNegative';

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

export function assertDecimal(value: unknown, field: string, sign: Sign = 'any'): asserts value is string {
  if (typeof value !== 'string' || !DECIMAL.test(value) || NEGATIVE_ZERO.test(value)) {
    throw new RangeError(`${field} must be a decimal string like '0.001' (no exponent), was ${show(value)}`);
  }
  if (sign !== 'any' && value.startsWith('-')) {
    throw new RangeError(`${field} must not be negative, was ${show(value)}`);
  }
  if (sign === 'positive' && ALL_ZERO.test(value)) {
    throw new RangeError(`${field} must be greater than zero, was ${show(value)}`);
  }
}

function assertText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new RangeError(`${field} must be a non-empty string, was ${show(value)}`);
  }
}

function assertNullableText(value: unknown, field: string): void {
  if (value !== null) assertText(value, field);
}

function assertTimeMs(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${field} must be an integer epoch-millisecond time, was ${show(value)}`);
  }
}

function assertOneOf(value: unknown, allowed: Record<string, string>, field: string): void {
  if (typeof value !== 'string' || !Object.values(allowed).includes(value)) {
    throw new RangeError(`${field} must be one of ${Object.values(allowed).join(', ')}, was ${show(value)}`);
  }
}

function assertFinite(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${field} must be a finite number, was ${show(value)}`);
  }
}

function assertJsonObject(value: unknown, field: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RangeError(`${field} must be a JSON object, was ${show(value)}`);
  }
}

export function validateIntent(intent: OrderIntentRecord): void {
  assertText(intent.clientOrderId, 'intent.clientOrderId');
  assertText(intent.account, 'intent.account');
  assertText(intent.sleeve, 'intent.sleeve');
  assertText(intent.symbol, 'intent.symbol');
  assertText(intent.strategy, 'intent.strategy');
  assertOneOf(intent.side, OrderSide, 'intent.side');
  assertDecimal(intent.quantity, 'intent.quantity', 'positive');
  if (intent.price !== null) assertDecimal(intent.price, 'intent.price', 'positive');
  if (intent.referencePrice !== undefined) assertDecimal(intent.referencePrice, 'intent.referencePrice', 'positive');
  if (typeof intent.reduceOnly !== 'boolean') {
    throw new RangeError(`intent.reduceOnly must be a boolean, was ${show(intent.reduceOnly)}`);
  }
  assertTimeMs(intent.createdAtMs, 'intent.createdAtMs');
  assertTimeMs(intent.stateChangedAtMs, 'intent.stateChangedAtMs');
  assertOneOf(intent.state, IntentState, 'intent.state');
}

export function validateIntentState(state: unknown, atMs: unknown): void {
  assertOneOf(state, IntentState, 'intent state');
  assertTimeMs(atMs, 'intent state atMs');
}

export function validateOrderUpdate(update: OrderUpdate): void {
  assertText(update.clientOrderId, 'order.clientOrderId');
  assertText(update.account, 'order.account');
  assertText(update.symbol, 'order.symbol');
  assertNullableText(update.venueOrderId, 'order.venueOrderId');
  assertOneOf(update.status, OrderStatus, 'order.status');
  assertDecimal(update.filledQuantity, 'order.filledQuantity', 'nonNegative');
  if (update.averagePrice !== null) assertDecimal(update.averagePrice, 'order.averagePrice', 'nonNegative');
  assertTimeMs(update.atMs, 'order.atMs');
  assertNullableText(update.reason, 'order.reason');
}

export function validateFill(fill: FillRecord): void {
  assertText(fill.account, 'fill.account');
  assertText(fill.symbol, 'fill.symbol');
  assertText(fill.tradeId, 'fill.tradeId');
  assertNullableText(fill.clientOrderId, 'fill.clientOrderId');
  assertNullableText(fill.venueOrderId, 'fill.venueOrderId');
  assertOneOf(fill.side, OrderSide, 'fill.side');
  assertDecimal(fill.quantity, 'fill.quantity', 'positive');
  assertDecimal(fill.price, 'fill.price', 'positive');
  assertDecimal(fill.fee, 'fill.fee');
  assertTimeMs(fill.atMs, 'fill.atMs');
}

export function validateEquitySnapshot(snapshot: EquitySnapshotRecord): void {
  assertText(snapshot.account, 'equity.account');
  assertTimeMs(snapshot.atMs, 'equity.atMs');
  assertDecimal(snapshot.equity, 'equity.equity');
  assertDecimal(snapshot.walletBalance, 'equity.walletBalance');
  assertDecimal(snapshot.unrealizedPnl, 'equity.unrealizedPnl');
}

/** The rows written in the one transaction before a send: the intent, its order row and an optional snapshot. */
export function validateIntentBeforeSend(record: IntentBeforeSend): void {
  const { intent, order, equitySnapshot } = record;
  validateIntent(intent);
  validateOrderUpdate(order);
  if (equitySnapshot !== undefined) validateEquitySnapshot(equitySnapshot);
  if (order.clientOrderId !== intent.clientOrderId) throw new RangeError(`order.clientOrderId must be the intent's ${intent.clientOrderId}, was ${order.clientOrderId}`);
}

export function validateRiskEvent(event: RiskEventRecord): void {
  assertText(event.account, 'riskEvent.account');
  assertTimeMs(event.atMs, 'riskEvent.atMs');
  assertText(event.code, 'riskEvent.code');
  assertNullableText(event.symbol, 'riskEvent.symbol');
  assertNullableText(event.strategy, 'riskEvent.strategy');
  assertNullableText(event.clientOrderId, 'riskEvent.clientOrderId');
  assertJsonObject(event.detail, 'riskEvent.detail');
}

export function validateTradingStateChange(change: TradingStateChange): void {
  assertText(change.account, 'tradingState.account');
  assertTimeMs(change.atMs, 'tradingState.atMs');
  assertOneOf(change.state, TradingStateName, 'tradingState.state');
  assertText(change.reason, 'tradingState.reason');
  assertText(change.actor, 'tradingState.actor');
}

export function validateSignal(signal: SignalRecord): void {
  assertTimeMs(signal.atMs, 'signal.atMs');
  assertText(signal.sleeve, 'signal.sleeve');
  assertText(signal.symbol, 'signal.symbol');
  assertText(signal.strategy, 'signal.strategy');
  assertFinite(signal.target, 'signal.target');
  if (signal.confidence !== null) assertFinite(signal.confidence, 'signal.confidence');
}

export function validateGoLiveRecord(record: GoLiveRecord): void {
  assertText(record.account, 'goLive.account');
  assertTimeMs(record.atMs, 'goLive.atMs');
  assertOneOf(record.kind, GoLiveRecordKind, 'goLive.kind');
  assertText(record.actor, 'goLive.actor');
  assertText(record.reason, 'goLive.reason');
  assertJsonObject(record.detail, 'goLive.detail');
}

export function validateIncident(incident: IncidentRecord): void {
  assertTimeMs(incident.atMs, 'incident.atMs');
  assertText(incident.kind, 'incident.kind');
  assertOneOf(incident.severity, IncidentSeverity, 'incident.severity');
  assertJsonObject(incident.detail, 'incident.detail');
}

export function validateExchangeHealth(record: ExchangeHealthRecord): void {
  assertText(record.account, 'exchangeHealth.account');
  assertText(record.venue, 'exchangeHealth.venue');
  assertTimeMs(record.atMs, 'exchangeHealth.atMs');
  assertOneOf(record.state, { HEALTHY: 'HEALTHY', DEGRADED: 'DEGRADED', DOWN: 'DOWN' }, 'exchangeHealth.state');
  assertJsonObject(record.detail, 'exchangeHealth.detail');
}

export function validateFailoverEvent(event: FailoverEventRecord): void {
  assertTimeMs(event.atMs, 'failoverEvent.atMs');
  assertText(event.sleeve, 'failoverEvent.sleeve');
  assertText(event.account, 'failoverEvent.account');
  assertText(event.kind, 'failoverEvent.kind');
  assertNullableText(event.fromAccount, 'failoverEvent.fromAccount');
  assertNullableText(event.toAccount, 'failoverEvent.toAccount');
  assertText(event.reason, 'failoverEvent.reason');
  assertText(event.actor, 'failoverEvent.actor');
}

export function validateRiskGuardDecision(decision: RiskGuardDecisionRecord): void {
  assertText(decision.account, 'riskGuardDecision.account');
  assertTimeMs(decision.atMs, 'riskGuardDecision.atMs');
  assertText(decision.decision, 'riskGuardDecision.decision');
  if (!(Number.isFinite(decision.sizeMultiplier) && decision.sizeMultiplier > 0)) throw new RangeError(`riskGuardDecision.sizeMultiplier must be a positive number, was ${show(decision.sizeMultiplier)}`);
  assertJsonObject(decision.detail, 'riskGuardDecision.detail');
}

export function validateFundingPayment(payment: FundingPaymentRecord): void {
  assertText(payment.account, 'fundingPayment.account');
  assertText(payment.symbol, 'fundingPayment.symbol');
  assertText(payment.paymentId, 'fundingPayment.paymentId');
  assertDecimal(payment.income, 'fundingPayment.income');
  assertTimeMs(payment.atMs, 'fundingPayment.atMs');
}

export function validateProfileAssignment(assignment: ProfileAssignmentRecord): void {
  assertText(assignment.account, 'profileAssignment.account');
  assertTimeMs(assignment.atMs, 'profileAssignment.atMs');
  assertText(assignment.profile, 'profileAssignment.profile');
  assertText(assignment.reason, 'profileAssignment.reason');
  assertText(assignment.actor, 'profileAssignment.actor');
  assertJsonObject(assignment.detail, 'profileAssignment.detail');
}

export function validateRiskStage(stage: RiskStageRecord): void {
  assertText(stage.account, 'riskStage.account');
  assertText(stage.sleeve, 'riskStage.sleeve');
  assertTimeMs(stage.atMs, 'riskStage.atMs');
  if (!Number.isInteger(stage.stepIndex) || stage.stepIndex < 0) throw new RangeError(`riskStage.stepIndex must be a non-negative integer, was ${stage.stepIndex}`);
  if (!Number.isFinite(stage.riskPerTrade) || stage.riskPerTrade <= 0 || stage.riskPerTrade >= 1) throw new RangeError(`riskStage.riskPerTrade must be in (0, 1), was ${stage.riskPerTrade}`);
  assertText(stage.how, 'riskStage.how');
  assertText(stage.reason, 'riskStage.reason');
  assertText(stage.actor, 'riskStage.actor');
  assertJsonObject(stage.detail, 'riskStage.detail');
}

export function validateLockArguments(name: string, owner: string, nowMs: number, ttlMs?: number): void {
  assertText(name, 'lock name');
  assertText(owner, 'lock owner');
  assertTimeMs(nowMs, 'lock nowMs');
  if (ttlMs !== undefined && (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)) {
    throw new RangeError(`lock ttlMs must be a positive integer, was ${show(ttlMs)}`);
  }
}
